import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { Logger } from '@aws-lambda-powertools/logger';
import { systemClock } from '../../shared/adapters/clock';
import { createDocumentClient, dynamoConfigFromEnv } from '../../shared/adapters/dynamo/client';
import { SqsQueueControl } from '../../shared/adapters/notifications/sqs-queue-control';
import { requiredEnv } from '../../shared/adapters/env';
import { createSmsSender } from './app';
import { awsClientConfig } from '../../shared/adapters/aws/client-config';
import { keyRingSourceFromEnv } from '../../shared/adapters/tracking/key-ring-from-env';
import { TrackingLinks } from '../../shared/app/tracking-links';

const config = dynamoConfigFromEnv();

export const handler = createSmsSender({
  doc: createDocumentClient({ ...config, budget: 'background' }),
  tableName: config.tableName,
  sns: new SNSClient(awsClientConfig('background')),
  queue: new SqsQueueControl(new SQSClient(awsClientConfig('background')), requiredEnv('QUEUE_URL')),
  clock: systemClock(),
  // The stage's key ring, read once per container and kept a few minutes: links are signed as the API checks them.
  trackingLinks: new TrackingLinks(keyRingSourceFromEnv('background'), requiredEnv('PUBLIC_BASE_URL')),
  config: { webBaseUrl: requiredEnv('WEB_BASE_URL'), senderId: process.env.SMS_SENDER_ID || undefined },
  logger: new Logger({ serviceName: 'pantau-send-sms' }),
});
