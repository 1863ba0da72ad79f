// The job Lambda's AWS SDK clients, made as functions/jobs/handler.ts makes them, and nothing else.
import { SNSClient } from '@aws-sdk/client-sns';
import { createDocumentClient, dynamoConfigFromEnv } from '../../../shared/adapters/dynamo/client';

const config = dynamoConfigFromEnv();
export const clients = [createDocumentClient(config), new SNSClient({})];

export const handler = async () => ({});
