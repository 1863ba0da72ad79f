// The API's bare handler (./api.ts) that also makes the one request a first GET /proposals/{id}
// cannot do without: a Query of the proposal's partition. Beside it, the cold start shows what the
// SDK's first request costs on its own, which no Pantau handler that reads a table can avoid.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, dynamoConfigFromEnv } from '../../../shared/adapters/dynamo/client';

const config = dynamoConfigFromEnv();
const doc = createDocumentClient(config);

export const handler = async (event: { rawPath?: string }) => {
  const id = event.rawPath?.split('/')[2] ?? '';
  await doc.send(new QueryCommand({ TableName: config.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `PROPOSAL#${id}` } }));
  return { statusCode: 200, body: '{}' };
};
