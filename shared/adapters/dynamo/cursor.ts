import * as z from 'zod';
import { DomainError } from '../../domain/errors';

/**
 * Page cursors are DynamoDB's LastEvaluatedKey, base64url-encoded. A cursor from the client is
 * checked for shape and for belonging to the same query partition before it reaches DynamoDB, so a
 * forged or stale one is a 400, never a 5xx or a peek at another partition.
 */
const keySchema = z.record(z.string().max(64), z.string().max(512)).refine((key) => Object.keys(key).length <= 6);

export function encodeCursor(key: Record<string, unknown> | undefined): string | null {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : null;
}

export function decodeCursor(cursor: string | undefined, expected: { attributes: readonly string[]; partition: [string, string] }): Record<string, string> | undefined {
  if (cursor === undefined) return undefined;
  let parsed: unknown;
  try {
    if (cursor.length > 2048 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('shape');
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new DomainError('INVALID_CURSOR');
  }
  const result = keySchema.safeParse(parsed);
  if (!result.success) throw new DomainError('INVALID_CURSOR');
  const key = result.data;
  const names = Object.keys(key).sort();
  const [partitionName, partitionValue] = expected.partition;
  if (names.join() !== [...expected.attributes].sort().join() || key[partitionName] !== partitionValue) {
    throw new DomainError('INVALID_CURSOR');
  }
  return key;
}
