import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { ensureTable } from '../../infra/local/dynamodb-local';
import { createDocumentClient } from '../../shared/adapters/dynamo/client';

/** A fresh table in the suite's DynamoDB Local, so test files never see each other's data. */
export async function freshTable() {
  const endpoint = inject('dynamoEndpoint');
  const tableName = `pantau-test-${randomUUID().slice(0, 8)}`;
  await ensureTable(endpoint, tableName);
  // The patient budget: these tests are about what is stored, not about a JVM pausing under the suite's load.
  const doc = createDocumentClient({ endpoint, budget: 'local' });
  return { endpoint, tableName, doc };
}
