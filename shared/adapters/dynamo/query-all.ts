import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

/**
 * Every page of a Query, with the read capacity it consumed: for the few reads that need a whole
 * partition (a proposal's items, a queue for the digest, a due-day bucket, an org's staff).
 */
export async function queryAll(doc: DynamoDBDocumentClient, input: QueryCommandInput): Promise<{ items: Record<string, unknown>[]; consumed: number }> {
  const items: Record<string, unknown>[] = [];
  let consumed = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new QueryCommand({ ...input, ExclusiveStartKey: start, ReturnConsumedCapacity: 'TOTAL' }));
    consumed += page.ConsumedCapacity?.CapacityUnits ?? 0;
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return { items, consumed };
}
