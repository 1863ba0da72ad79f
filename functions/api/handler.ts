import { systemClock } from '../../shared/adapters/clock';
import { createDocumentClient, dynamoConfigFromEnv } from '../../shared/adapters/dynamo/client';
import { createApiHandler } from './app';

// Built once per container, reused by every invocation.
const config = dynamoConfigFromEnv();

export const handler = createApiHandler({ doc: createDocumentClient(config), tableName: config.tableName, clock: systemClock() });
