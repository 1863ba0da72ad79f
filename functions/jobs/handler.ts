import { Logger } from '@aws-lambda-powertools/logger';
import { SNSClient } from '@aws-sdk/client-sns';
import { systemClock } from '../../shared/adapters/clock';
import { createDocumentClient, dynamoConfigFromEnv } from '../../shared/adapters/dynamo/client';
import { requiredEnv } from '../../shared/adapters/env';
import { SnsEventPublisher } from '../../shared/adapters/notifications/sns-publisher';
import { createJobRunner } from './app';
import { awsClientConfig } from '../../shared/adapters/aws/client-config';

const config = dynamoConfigFromEnv();

/** One Lambda for every job; EventBridge Scheduler passes `{ "job": "reminders" }` and so on. */
export const handler = createJobRunner({
  doc: createDocumentClient({ ...config, budget: 'background' }),
  tableName: config.tableName,
  publisher: new SnsEventPublisher(new SNSClient(awsClientConfig('background')), requiredEnv('TOPIC_ARN')),
  clock: systemClock(),
  epoch: requiredEnv('JOBS_EPOCH'),
  logger: new Logger({ serviceName: 'pantau-jobs' }),
});
