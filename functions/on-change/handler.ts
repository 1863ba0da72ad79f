import { Logger } from '@aws-lambda-powertools/logger';
import { SNSClient } from '@aws-sdk/client-sns';
import { SnsEventPublisher } from '../../shared/adapters/notifications/sns-publisher';
import { requiredEnv } from '../../shared/adapters/env';
import { createOnChangeHandler } from './app';
import { awsClientConfig } from '../../shared/adapters/aws/client-config';

export const handler = createOnChangeHandler({
  publisher: new SnsEventPublisher(new SNSClient(awsClientConfig('background')), requiredEnv('TOPIC_ARN')),
  logger: new Logger({ serviceName: 'pantau-on-change' }),
});
