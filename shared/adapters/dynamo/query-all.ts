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

/**
 * `fn` over `items`, at most `limit` at a time; the results in the items' order. The first failure
 * rejects, and nothing new starts after it (those in flight finish, unheard).
 */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const at = next++;
      try {
        results[at] = await fn(items[at]!);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
