// The SES feedback Lambda's AWS SDK client, made as functions/ses-feedback/handler.ts makes it, and nothing else.
import { createDocumentClient, dynamoConfigFromEnv } from '../../../shared/adapters/dynamo/client';

const config = dynamoConfigFromEnv();
export const clients = [createDocumentClient(config)];

export const handler = async () => {};
