import { Logger } from '@aws-lambda-powertools/logger';
import { createDocumentClient, dynamoConfigFromEnv } from '../../shared/adapters/dynamo/client';
import { systemClock } from '../../shared/adapters/clock';
import { createSesFeedbackHandler } from './app';

const config = dynamoConfigFromEnv();

export const handler = createSesFeedbackHandler({
  doc: createDocumentClient({ ...config, budget: 'background' }),
  tableName: config.tableName,
  clock: systemClock(),
  logger: new Logger({ serviceName: 'pantau-ses-feedback' }),
});
