import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awsClientConfig, clientEndpointFromEnv, endpointSettings, type AwsCallBudget, type ClientEndpoint } from '../aws/client-config';

export interface DynamoConfig extends ClientEndpoint {
  tableName: string;
  /** How long a call may take and how often it is tried (shared/adapters/aws/client-config.ts); `request` if unset. */
  budget?: AwsCallBudget;
}

/** Reads TABLE_NAME (and DYNAMODB_ENDPOINT for DynamoDB Local) from the environment. */
export function dynamoConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DynamoConfig {
  const tableName = env.TABLE_NAME;
  if (!tableName) throw new Error('TABLE_NAME is not set');
  return { tableName, ...clientEndpointFromEnv('DYNAMODB_ENDPOINT', env) };
}

export function createDocumentClient(config: Omit<DynamoConfig, 'tableName'>): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    ...awsClientConfig(config.budget ?? 'request'),
    ...endpointSettings(config),
  });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}
