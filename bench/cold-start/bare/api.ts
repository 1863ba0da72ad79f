// The API Lambda's AWS SDK clients, made as functions/api/handler.ts makes them, and nothing else.
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createDocumentClient, dynamoConfigFromEnv } from '../../../shared/adapters/dynamo/client';

const config = dynamoConfigFromEnv();
export const clients = [createDocumentClient(config), new SecretsManagerClient({})];

export const handler = async () => ({ statusCode: 200, body: '{}' });
