import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** One request to DynamoDB, as the meter saw it. */
export interface DynamoCall {
  /** GetItem, Query, PutItem, UpdateItem, DeleteItem, TransactWriteItems, BatchWriteItem, ... */
  command: string;
  /**
   * Which items, by key prefix: `PROPOSAL/META` for a Get or a write, `table:PROPOSAL` or
   * `byQueue:QUEUE` for a Query, the items joined by `+` for a transaction or a batch.
   */
  what: string;
  kind: 'read' | 'write';
  consistent: boolean;
  /** Items returned (reads) or written (writes). */
  items: number;
  /** ConsumedCapacity.CapacityUnits as DynamoDB Local reported it (ReturnConsumedCapacity TOTAL). */
  capacity: number;
  /**
   * At least what DynamoDB on demand bills: DynamoDB Local reports 0 for a Query that found
   * nothing and nothing for a write whose condition failed, where DynamoDB charges a request
   * unit (half for an eventually consistent read; two per item in a transaction).
   */
  billed: number;
  /** The error's name when the request threw (a condition that did not hold). */
  failed?: string;
}

const READS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);

type Attributes = Record<string, unknown>;

/** A key's first part (`PROPOSAL`, `DOC`); a sort key that begins with an instant (an opening's) is `<time>`. */
const prefix = (value: unknown) => {
  const first = String(value ?? '?').split('#')[0]!;
  return /^\d{4}-\d{2}-\d{2}T/.test(first) ? '<time>' : first;
};
const keyLabel = (key: Attributes | undefined) => `${prefix(key?.pk)}/${prefix(key?.sk)}`;

/**
 * The partition a Query reads: the value compared with `=` in its key condition, and the sort
 * key's prefix where it reads only the items under one (`table:PROPOSAL/DOC`).
 */
function queryLabel(input: Attributes): string {
  const condition = String(input.KeyConditionExpression ?? '');
  const placeholder = /=\s*(:\w+)/.exec(condition)?.[1];
  const beginsWith = /begins_with\(\s*\w+\s*,\s*(:\w+)\s*\)/.exec(condition)?.[1];
  const values = (input.ExpressionAttributeValues ?? {}) as Attributes;
  const under = beginsWith ? `/${prefix(values[beginsWith])}` : '';
  return `${String(input.IndexName ?? 'table')}:${prefix(placeholder ? values[placeholder] : undefined)}${under}`;
}

function describe(command: string, input: Attributes): { what: string; items: number } {
  if (command === 'Query' || command === 'Scan') return { what: queryLabel(input), items: 0 };
  if (command === 'TransactWriteItems') {
    const parts = ((input.TransactItems ?? []) as Record<string, { Key?: Attributes; Item?: Attributes }>[]).map((entry) => {
      const [op, body] = Object.entries(entry)[0] ?? ['?', {}];
      return `${op} ${keyLabel(body.Item ?? body.Key)}`;
    });
    return { what: parts.join(' + '), items: parts.length };
  }
  if (command === 'BatchWriteItem') {
    const requests = Object.values((input.RequestItems ?? {}) as Record<string, { PutRequest?: { Item: Attributes }; DeleteRequest?: { Key: Attributes } }[]>).flat();
    const counts = new Map<string, number>();
    for (const r of requests) {
      const label = keyLabel(r.PutRequest?.Item ?? r.DeleteRequest?.Key);
      counts.set(label, (counts.get(label) ?? 0) + 1);
    }
    return { what: [...counts].map(([label, n]) => `${n}× ${label}`).join(' + '), items: requests.length };
  }
  if (command === 'BatchGetItem') {
    const wanted = Object.values((input.RequestItems ?? {}) as Record<string, { Keys?: Attributes[] }>).flatMap((r) => r.Keys ?? []);
    const counts = new Map<string, number>();
    for (const key of wanted) counts.set(keyLabel(key), (counts.get(keyLabel(key)) ?? 0) + 1);
    return { what: [...counts].map(([label, n]) => `${n}× ${label}`).join(' + '), items: wanted.length };
  }
  const key = (input.Key ?? input.Item) as Attributes | undefined;
  return { what: keyLabel(key), items: 1 };
}

const sumCapacity = (consumed: unknown): number =>
  (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []).reduce((total: number, c: { CapacityUnits?: number }) => total + (c.CapacityUnits ?? 0), 0);

/**
 * Counts every request a DynamoDB document client makes and what it consumed: a middleware asks
 * each request for ReturnConsumedCapacity TOTAL and sums what comes back. `take()` hands over the
 * calls since the last take.
 */
export class CapacityMeter {
  private calls: DynamoCall[] = [];

  static attach(doc: DynamoDBDocumentClient): CapacityMeter {
    const meter = new CapacityMeter();
    // The document client shares its client's stack; at `initialize` the input is still plain JavaScript.
    doc.middlewareStack.add(
      (next, context) => async (args) => {
        const command = String(context.commandName ?? '?').replace(/Command$/, '');
        const input = args.input as Attributes;
        const { what, items } = describe(command, input);
        const kind = READS.has(command) ? 'read' : 'write';
        const consistent = input.ConsistentRead === true;
        // A BatchGetItem is billed as its GetItems, one per key, found or not.
        const perRead = consistent ? 1 : 0.5;
        const floor = kind === 'read' ? (command === 'BatchGetItem' ? items * perRead : perRead) : command === 'TransactWriteItems' ? 2 * items : items;
        try {
          const result = await next({ ...args, input: { ...input, ReturnConsumedCapacity: 'TOTAL' } });
          const output = result.output as Attributes;
          const capacity = sumCapacity(output.ConsumedCapacity);
          const returned = command === 'Query' || command === 'Scan' ? ((output.Items as unknown[] | undefined)?.length ?? 0) : command === 'GetItem' ? (output.Item ? 1 : 0) : items;
          meter.calls.push({ command, what, kind, consistent, items: returned, capacity, billed: Math.max(capacity, floor) });
          return result;
        } catch (error) {
          meter.calls.push({ command, what, kind, consistent, items, capacity: 0, billed: floor, failed: (error as Error).name });
          throw error;
        }
      },
      { step: 'initialize', name: 'benchCapacityMeter', override: true },
    );
    return meter;
  }

  /** The calls since the last take. */
  take(): DynamoCall[] {
    const taken = this.calls;
    this.calls = [];
    return taken;
  }
}

export interface DynamoTotals {
  requests: number;
  reads: number;
  writes: number;
  /** Read and write units as DynamoDB Local reported them. */
  rcu: number;
  wcu: number;
  /** Read and write request units as DynamoDB on demand would bill them (see DynamoCall.billed). */
  billedRru: number;
  billedWru: number;
}

export function totals(calls: readonly DynamoCall[]): DynamoTotals {
  const of = (kind: 'read' | 'write', field: 'capacity' | 'billed') => calls.filter((c) => c.kind === kind).reduce((t, c) => t + c[field], 0);
  return {
    requests: calls.length,
    reads: calls.filter((c) => c.kind === 'read').length,
    writes: calls.filter((c) => c.kind === 'write').length,
    rcu: of('read', 'capacity'),
    wcu: of('write', 'capacity'),
    billedRru: of('read', 'billed'),
    billedWru: of('write', 'billed'),
  };
}
