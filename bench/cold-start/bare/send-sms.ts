// The SMS sender's AWS SDK clients, made as functions/send-sms/handler.ts makes them, and nothing else.
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createDocumentClient, dynamoConfigFromEnv } from '../../../shared/adapters/dynamo/client';

const config = dynamoConfigFromEnv();
export const clients = [createDocumentClient(config), new SecretsManagerClient({}), new SNSClient({}), new SQSClient({})];

export const handler = async () => ({ batchItemFailures: [] });
