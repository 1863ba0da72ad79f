import type { Logger } from '@aws-lambda-powertools/logger';
import type { SESClient } from '@aws-sdk/client-ses';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { Clock } from '../../shared/adapters/clock';
import type { QueueControl } from '../../shared/adapters/notifications/ports';

export interface EmailSenderDeps {
  doc: DynamoDBDocumentClient;
  tableName: string;
  ses: SESClient;
  queue: QueueControl;
  clock: Clock;
  config: { from: string; configurationSet?: string; publicBaseUrl: string };
  logger?: Logger;
}

export function createEmailSender(_deps: EmailSenderDeps): (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse> {
  throw new Error('not yet');
}
