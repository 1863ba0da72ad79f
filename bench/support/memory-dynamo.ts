/**
 * A stand-in for DynamoDB that answers its JSON protocol from memory, so a benchmark can time
 * Pantau's own code (and the SDK's) without an emulator's latency in the figures. It keeps items
 * by pk and sk, and knows just enough: Get, Put, Delete, Update (answers the item, applies
 * nothing), Query on the table or an index by one key equal to a value (with an optional sort-key
 * comparison), transactions and batch writes of puts and deletes. It checks no condition.
 */
type AttributeValue = Record<string, unknown>;
type Item = Record<string, AttributeValue>;

const keyOf = (item: Item | undefined) => `${String(item?.pk?.S)}|${String(item?.sk?.S)}`;
const text = (value: AttributeValue | undefined) => (value ? String(value.S ?? value.N ?? '') : undefined);

export class MemoryDynamo {
  private readonly items = new Map<string, Item>();
  /** Requests by operation, for the report (so a benchmark can show the stub was asked what it expected). */
  readonly requests = new Map<string, number>();

  put(item: Item): void {
    this.items.set(keyOf(item), item);
  }

  /** Puts back exactly these items: each measured run starts from the same data. */
  restore(items: readonly Item[]): void {
    this.items.clear();
    this.load(items);
  }

  /** Every item, to hand the same data to another process. */
  dump(): Item[] {
    return [...this.items.values()];
  }

  load(items: readonly Item[]): void {
    for (const item of items) this.put(item);
  }

  /** Answers one request: `operation` is the part after `DynamoDB_20120810.` in X-Amz-Target. */
  handle(operation: string, input: Record<string, unknown>): { status: number; body: unknown } {
    this.requests.set(operation, (this.requests.get(operation) ?? 0) + 1);
    switch (operation) {
      case 'GetItem': {
        const item = this.items.get(keyOf(input.Key as Item));
        return { status: 200, body: item ? { Item: item } : {} };
      }
      case 'PutItem':
        this.put(input.Item as Item);
        return { status: 200, body: {} };
      case 'DeleteItem':
        this.items.delete(keyOf(input.Key as Item));
        return { status: 200, body: {} };
      case 'UpdateItem':
        return { status: 200, body: { Attributes: this.items.get(keyOf(input.Key as Item)) ?? input.Key } };
      case 'Query':
        return { status: 200, body: this.query(input) };
      case 'TransactWriteItems':
        for (const entry of input.TransactItems as Record<string, { Item?: Item; Key?: Item }>[]) {
          if (entry.Put?.Item) this.put(entry.Put.Item);
          if (entry.Delete?.Key) this.items.delete(keyOf(entry.Delete.Key));
        }
        return { status: 200, body: {} };
      case 'BatchWriteItem':
        for (const requests of Object.values(input.RequestItems as Record<string, { PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } }[]>)) {
          for (const r of requests) {
            if (r.PutRequest) this.put(r.PutRequest.Item);
            if (r.DeleteRequest) this.items.delete(keyOf(r.DeleteRequest.Key));
          }
        }
        return { status: 200, body: { UnprocessedItems: {} } };
      default:
        return { status: 400, body: { __type: 'com.amazon.coral.validate#ValidationException', message: `the benchmark's DynamoDB stub does not know ${operation}` } };
    }
  }

  private query(input: Record<string, unknown>) {
    const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
    const values = (input.ExpressionAttributeValues ?? {}) as Record<string, AttributeValue>;
    const name = (token: string) => names[token] ?? token;
    const [partitionPart = '', sortPart] = String(input.KeyConditionExpression ?? '').split(/\s+AND\s+/i);
    const partition = /^\s*(\S+)\s*=\s*(:\w+)\s*$/.exec(partitionPart);
    if (!partition) return { Items: [], Count: 0, ScannedCount: 0 };
    const [, pkToken = '', pkValue = ''] = partition;
    const pkName = name(pkToken);
    const wanted = text(values[pkValue]);
    const sort = sortPart ? /^\s*(\S+)\s*(<=|>=|<|>|=)\s*(:\w+)\s*$/.exec(sortPart) : null;
    const skName = sort ? name(sort[1]!) : pkName === 'pk' ? 'sk' : pkName.replace(/pk$/, 'sk');
    const bound = sort ? text(values[sort[3]!]) ?? '' : undefined;
    const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const inRange = (value: string) => {
      if (!sort || bound === undefined) return true;
      const c = compare(value, bound);
      return sort[2] === '<=' ? c <= 0 : sort[2] === '>=' ? c >= 0 : sort[2] === '<' ? c < 0 : sort[2] === '>' ? c > 0 : c === 0;
    };
    let found = [...this.items.values()]
      .filter((item) => text(item[pkName]) === wanted && inRange(text(item[skName]) ?? ''))
      .sort((a, b) => compare(text(a[skName]) ?? '', text(b[skName]) ?? ''));
    if (input.ScanIndexForward === false) found = found.reverse();
    if (typeof input.Limit === 'number') found = found.slice(0, input.Limit);
    return { Items: found, Count: found.length, ScannedCount: found.length };
  }
}
