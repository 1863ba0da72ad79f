import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awsClientConfig, type AwsCallBudget } from '../aws/client-config';

export interface DynamoConfig {
  tableName: string;
  /** Set only for DynamoDB Local; in Lambda the SDK finds the regional endpoint. */
  endpoint?: string;
  region?: string;
  /** How long a call may take and how often it is tried (shared/adapters/aws/client-config.ts); `request` if unset. */
  budget?: AwsCallBudget;
}

/** Reads TABLE_NAME (and DYNAMODB_ENDPOINT for DynamoDB Local) from the environment. */
export function dynamoConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DynamoConfig {
  const tableName = env.TABLE_NAME;
  if (!tableName) throw new Error('TABLE_NAME is not set');
  return { tableName, endpoint: env.DYNAMODB_ENDPOINT || undefined, region: env.AWS_REGION || 'ap-southeast-3' };
}

export function createDocumentClient(config: Omit<DynamoConfig, 'tableName'>): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    ...awsClientConfig(config.budget ?? 'request'),
    region: config.region ?? 'ap-southeast-3',
    ...(config.endpoint
      ? { endpoint: config.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}
