import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { decodeCursor, encodeCursor } from './cursor';

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

export interface PartitionPage {
  /** An index of the table, or the table itself when absent. */
  indexName?: string;
  /** The key attributes of that index (or of the table): the partition's name and the sort key's. */
  keyNames: readonly [partitionKey: string, sortKey: string];
  partition: string;
  newestFirst?: boolean;
  /** Applied after the read: a page can come back short, and it is billed as read. */
  filter?: { expression: string; names: Record<string, string>; values: Record<string, unknown> };
}

/**
 * One page of a partition, of the table or of an index, with a cursor checked to name that same
 * partition (a forged or stale one is a 400, never another partition's page). Raw items: the
 * caller strips storage attributes into its own type.
 */
export async function queryPage(
  doc: DynamoDBDocumentClient,
  tableName: string,
  query: PartitionPage,
  page: PageRequest,
): Promise<{ items: Record<string, unknown>[]; nextCursor: string | null }> {
  const [pkName, skName] = query.keyNames;
  const start = decodeCursor(page.cursor, { attributes: [...new Set(['pk', 'sk', pkName, skName])], partition: [pkName, query.partition] });
  const result = await doc.send(
    new QueryCommand({
      TableName: tableName,
      ...(query.indexName ? { IndexName: query.indexName } : {}),
      KeyConditionExpression: '#pk = :pk',
      ...(query.filter ? { FilterExpression: query.filter.expression } : {}),
      ExpressionAttributeNames: { '#pk': pkName, ...query.filter?.names },
      ExpressionAttributeValues: { ':pk': query.partition, ...query.filter?.values },
      ...(query.newestFirst ? { ScanIndexForward: false } : {}),
      Limit: page.limit,
      ExclusiveStartKey: start,
    }),
  );
  return { items: result.Items ?? [], nextCursor: encodeCursor(result.LastEvaluatedKey) };
}
