import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SNSEvent } from 'aws-lambda';
import type { Clock } from '../../shared/adapters/clock';

export interface SesFeedbackDeps {
  doc: DynamoDBDocumentClient;
  tableName: string;
  clock: Clock;
  logger?: Logger;
}

export function createSesFeedbackHandler(_deps: SesFeedbackDeps): (event: SNSEvent) => Promise<void> {
  throw new Error('not yet');
}
