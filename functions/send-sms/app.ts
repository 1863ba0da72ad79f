import type { Logger } from '@aws-lambda-powertools/logger';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { Clock } from '../../shared/adapters/clock';
import type { QueueControl } from '../../shared/adapters/notifications/ports';

export interface SmsSenderDeps {
  doc: DynamoDBDocumentClient;
  tableName: string;
  sns: SNSClient;
  queue: QueueControl;
  clock: Clock;
  config: { publicBaseUrl: string; senderId?: string };
  logger?: Logger;
}

export function createSmsSender(_deps: SmsSenderDeps): (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse> {
  throw new Error('not yet');
}
