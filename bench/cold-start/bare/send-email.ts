// The email sender's AWS SDK clients, made as functions/send-email/handler.ts makes them, and nothing else.
import { SESClient } from '@aws-sdk/client-ses';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createDocumentClient, dynamoConfigFromEnv } from '../../../shared/adapters/dynamo/client';

const config = dynamoConfigFromEnv();
export const clients = [createDocumentClient(config), new SecretsManagerClient({}), new SESClient({}), new SQSClient({})];

export const handler = async () => ({ batchItemFailures: [] });
