import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
  type AttributeValue as SdkAttributeValue,
  type Shard,
  type ShardIteratorType,
} from '@aws-sdk/client-dynamodb-streams';
import type { AttributeValue, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { matchesPattern, STREAM_FILTER_PATTERNS } from '../../shared/adapters/notifications/routing';
import { awsClientConfig } from '../../shared/adapters/aws/client-config';

/**
 * Lambda's DynamoDB event source on one machine: reads the table's stream in DynamoDB Local
 * through the DynamoDB Streams API, keeps the records that pass the same filter criteria as the
 * cloud's event source mapping, and hands them to the handler in batches, honouring
 * ReportBatchItemFailures: a failed batch is retried from its lowest failed sequence number, a
 * few times with backoff, and then its failed records are written whole to a file (the local
 * stand-in for the on-failure destination) and the shard moves on.
 */

export type StreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void>;

export interface StreamPollerOptions {
  endpoint: string;
  tableName: string;
  handler: StreamHandler;
  /** LATEST (default): only what is written from now on, so a kept table is not replayed. */
  startingPosition?: 'LATEST' | 'TRIM_HORIZON';
  /** Records per invocation (Lambda's default for streams is 100). */
  batchSize?: number;
  /** Retries of a failing batch before its failed records are set aside. */
  maxRetries?: number;
  /** First retry delay; it doubles each time, up to 5 s. */
  retryBaseMs?: number;
  /** Pause between polls of a shard that had nothing. */
  idleMs?: number;
  /** Where records that kept failing go, one JSON line each; null keeps them in memory only. */
  failedRecordsFile?: string | null;
  /** The filter criteria; the event source's own by default. */
  filterPatterns?: readonly unknown[];
  log?: ((line: string) => void) | null;
}

export interface FailedStreamRecord {
  at: string;
  streamArn: string;
  shardId: string;
  attempts: number;
  error: string;
  record: DynamoDBRecord;
}

export interface StreamPollerStatus {
  streamArn: string;
  startingPosition: 'LATEST' | 'TRIM_HORIZON';
  running: boolean;
  shards: { shardId: string; parentShardId?: string; lastSequenceNumber?: string; state: 'waiting-for-parent' | 'reading' | 'finished' }[];
  records: { read: number; matched: number; handed: number; retried: number; failed: number };
  /** When the latest poll round that found nothing in any shard began (epoch ms): all written before it is handled. */
  caughtUpAt?: number;
  lastError?: string;
  failedRecords: FailedStreamRecord[];
}

export interface StreamPoller {
  streamArn: string;
  status(): StreamPollerStatus;
  /** Drops the records set aside that `replayed` says went through on a replay (infra/local/replay.ts); answers how many. */
  forgetFailed(replayed: (entry: FailedStreamRecord) => boolean): number;
  /** Ends the loop (a batch in hand finishes, a retry wait is cut short); resolves when it has. */
  stop(): Promise<void>;
}

interface ShardState {
  shardId: string;
  parentShardId?: string;
  startAt: ShardIteratorType;
  iterator?: string;
  lastSequenceNumber?: string;
  finished: boolean;
}

const REGION = 'ap-southeast-3';
const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
const MAX_BACKOFF_MS = 5_000;
// New shards appear when DynamoDB Local rolls one over; a closed shard also triggers a look.
const DESCRIBE_EVERY_MS = 10_000;

export async function startStreamPoller(options: StreamPollerOptions): Promise<StreamPoller> {
  const settings = {
    startingPosition: options.startingPosition ?? 'LATEST',
    batchSize: options.batchSize ?? 100,
    maxRetries: options.maxRetries ?? 5,
    retryBaseMs: options.retryBaseMs ?? 200,
    idleMs: options.idleMs ?? 250,
    filterPatterns: options.filterPatterns ?? STREAM_FILTER_PATTERNS,
  };
  const log = (line: string) => {
    if (options.log !== null) (options.log ?? console.error)(line);
  };

  const dynamo = new DynamoDBClient({ ...awsClientConfig('background'), endpoint: options.endpoint, region: REGION, credentials: CREDENTIALS });
  const streams = new DynamoDBStreamsClient({ ...awsClientConfig('background'), endpoint: options.endpoint, region: REGION, credentials: CREDENTIALS });
  let streamArn: string;
  try {
    const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: options.tableName }));
    if (!Table?.LatestStreamArn) throw new Error(`Table ${options.tableName} has no stream: the table definition should enable one.`);
    streamArn = Table.LatestStreamArn;
  } finally {
    dynamo.destroy();
  }

  const shards = new Map<string, ShardState>();
  const failedRecords: FailedStreamRecord[] = [];
  const counts = { read: 0, matched: 0, handed: 0, retried: 0, failed: 0 };
  let caughtUpAt: number | undefined;
  let lastError: string | undefined;
  let running = true;
  let wakeUp: (() => void) | undefined;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      }
      wakeUp = done;
    });

  async function describeShards(): Promise<Shard[]> {
    const found: Shard[] = [];
    let start: string | undefined;
    do {
      const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn, ...(start ? { ExclusiveStartShardId: start } : {}) }));
      found.push(...(StreamDescription?.Shards ?? []));
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return found;
  }

  /** Adds the shards not seen before. At start, LATEST skips closed shards and reads open ones from now on. */
  async function refreshShards(initial: boolean): Promise<void> {
    for (const shard of await describeShards()) {
      if (!shard.ShardId || shards.has(shard.ShardId)) continue;
      const closed = shard.SequenceNumberRange?.EndingSequenceNumber !== undefined;
      const atStart = initial && settings.startingPosition === 'LATEST';
      shards.set(shard.ShardId, {
        shardId: shard.ShardId,
        ...(shard.ParentShardId ? { parentShardId: shard.ParentShardId } : {}),
        // A shard that appears later holds only records written since: read it from its start.
        startAt: atStart ? 'LATEST' : 'TRIM_HORIZON',
        finished: atStart && closed,
      });
    }
  }

  /** A child shard waits until its parent is read to the end, so a proposal's records stay in order. */
  function readable(shard: ShardState): boolean {
    if (shard.finished) return false;
    const parent = shard.parentShardId ? shards.get(shard.parentShardId) : undefined;
    return !parent || parent.finished;
  }

  async function iteratorFor(shard: ShardState): Promise<string | undefined> {
    const position: { ShardIteratorType: ShardIteratorType; SequenceNumber?: string } = shard.lastSequenceNumber
      ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: shard.lastSequenceNumber }
      : { ShardIteratorType: shard.startAt };
    const { ShardIterator } = await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.shardId, ...position }));
    return ShardIterator;
  }

  /** Reads one page of a shard and hands it over; returns how many records it read. */
  async function pollShard(shard: ShardState): Promise<number> {
    shard.iterator ??= await iteratorFor(shard);
    if (!shard.iterator) {
      shard.finished = true;
      return 0;
    }
    let page;
    try {
      page = await streams.send(new GetRecordsCommand({ ShardIterator: shard.iterator, Limit: 1000 }));
    } catch (error) {
      // Iterators expire after 15 minutes; take a fresh one after the last record handled.
      if ((error as { name?: string }).name === 'ExpiredIteratorException') {
        shard.iterator = undefined;
        return 0;
      }
      if ((error as { name?: string }).name === 'TrimmedDataAccessException') {
        shard.iterator = undefined;
        shard.lastSequenceNumber = undefined;
        shard.startAt = 'TRIM_HORIZON';
        return 0;
      }
      throw error;
    }
    const records = page.Records ?? [];
    counts.read += records.length;
    const matching = records.map((record) => toLambdaRecord(record, streamArn)).filter((record) => settings.filterPatterns.some((pattern) => matchesPattern(pattern, record)));
    counts.matched += matching.length;
    for (let i = 0; i < matching.length && running; i += settings.batchSize) {
      await handBatch(shard, matching.slice(i, i + settings.batchSize));
    }
    if (!running) return records.length;
    const last = records.at(-1)?.dynamodb?.SequenceNumber;
    if (last) shard.lastSequenceNumber = last;
    shard.iterator = page.NextShardIterator;
    // No next iterator: the shard is closed and read to its end; its children may start.
    if (!shard.iterator) shard.finished = true;
    return records.length;
  }

  /** One batch, retried from its lowest failed record as Lambda does with ReportBatchItemFailures. */
  async function handBatch(shard: ShardState, batch: DynamoDBRecord[]): Promise<void> {
    let pending = batch;
    for (let attempt = 1; running; attempt++) {
      counts.handed += pending.length;
      const outcome = await invoke(pending);
      if (outcome.failed.length === 0) return;
      const lowest = outcome.failed.reduce((low, record) => (sequenceOf(record) < sequenceOf(low) ? record : low));
      if (attempt > settings.maxRetries) {
        setAside(shard, outcome.failed, attempt, outcome.error);
        return;
      }
      pending = pending.filter((record) => sequenceOf(record) >= sequenceOf(lowest));
      counts.retried += pending.length;
      log(`stream: ${outcome.failed.length} record(s) failed (${outcome.error}); retry ${attempt} of ${settings.maxRetries} from ${lowest.dynamodb?.SequenceNumber}`);
      await pause(Math.min(MAX_BACKOFF_MS, settings.retryBaseMs * 2 ** (attempt - 1)));
    }
  }

  async function invoke(batch: DynamoDBRecord[]): Promise<{ failed: DynamoDBRecord[]; error: string }> {
    try {
      const response = await options.handler({ Records: batch });
      const identifiers = (response?.batchItemFailures ?? []).map((failure) => failure?.itemIdentifier);
      const failed = batch.filter((record) => identifiers.includes(record.dynamodb?.SequenceNumber ?? ''));
      // Lambda treats an identifier it did not send (or an empty one) as a failure of the whole batch.
      if (failed.length !== identifiers.length) return { failed: batch, error: 'batchItemFailures names a record that is not in the batch' };
      return { failed, error: 'reported in batchItemFailures' };
    } catch (error) {
      return { failed: batch, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    }
  }

  function setAside(shard: ShardState, records: DynamoDBRecord[], attempts: number, error: string): void {
    const at = new Date().toISOString();
    for (const record of records) {
      const entry: FailedStreamRecord = { at, streamArn, shardId: shard.shardId, attempts, error, record };
      failedRecords.push(entry);
      counts.failed++;
      if (options.failedRecordsFile) {
        mkdirSync(dirname(options.failedRecordsFile), { recursive: true });
        appendFileSync(options.failedRecordsFile, `${JSON.stringify(entry)}\n`);
      }
    }
    log(`stream: ${records.length} record(s) still failing after ${attempts} attempts (${error}); set aside${options.failedRecordsFile ? ` in ${options.failedRecordsFile}` : ''}, moving on`);
  }

  async function loop(): Promise<void> {
    let describedAt = Date.now();
    let lookForShards = false;
    while (running) {
      const roundStartedAt = Date.now();
      let read = 0;
      try {
        if (lookForShards || Date.now() - describedAt > DESCRIBE_EVERY_MS) {
          await refreshShards(false);
          describedAt = Date.now();
          lookForShards = false;
        }
        for (const shard of shards.values()) {
          if (!running) break;
          if (!readable(shard)) continue;
          read += await pollShard(shard);
          // A shard read to its end has children to pick up.
          if (shard.finished) lookForShards = true;
        }
        if (read === 0) caughtUpAt = roundStartedAt;
        lastError = undefined;
      } catch (error) {
        // DynamoDB Local restarting or stopping: say so once, keep trying until stopped.
        const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        if (message !== lastError) log(`stream: reading ${streamArn} failed (${message}); trying again`);
        lastError = message;
        read = 0;
      }
      if (running && read === 0) await pause(lastError ? Math.max(settings.idleMs, 1_000) : settings.idleMs);
    }
  }

  // The first look happens before start() returns, so LATEST means "from this call on".
  await refreshShards(true);
  for (const shard of shards.values()) if (readable(shard)) shard.iterator = await iteratorFor(shard);
  const done = loop().finally(() => streams.destroy());

  return {
    streamArn,
    status: () => ({
      streamArn,
      startingPosition: settings.startingPosition,
      running,
      shards: [...shards.values()].map((shard) => ({
        shardId: shard.shardId,
        ...(shard.parentShardId ? { parentShardId: shard.parentShardId } : {}),
        ...(shard.lastSequenceNumber ? { lastSequenceNumber: shard.lastSequenceNumber } : {}),
        state: shard.finished ? 'finished' : readable(shard) ? 'reading' : 'waiting-for-parent',
      })),
      records: { ...counts },
      ...(caughtUpAt !== undefined ? { caughtUpAt } : {}),
      ...(lastError ? { lastError } : {}),
      failedRecords: [...failedRecords],
    }),
    forgetFailed(replayed) {
      const before = failedRecords.length;
      failedRecords.splice(0, failedRecords.length, ...failedRecords.filter((entry) => !replayed(entry)));
      return before - failedRecords.length;
    },
    async stop() {
      running = false;
      wakeUp?.();
      await done;
    },
  };
}

/** Sequence numbers are decimal strings of up to 40 digits: compare them as numbers. */
function sequenceOf(record: DynamoDBRecord): bigint {
  return BigInt(record.dynamodb?.SequenceNumber ?? '0');
}

/**
 * The record as Lambda hands it over: the Streams API's own shape, with the creation time in epoch
 * seconds, binary values in base64 (as in Lambda's JSON), and the event source ARN.
 */
export function toLambdaRecord(record: StreamRecord, streamArn: string): DynamoDBRecord {
  const { dynamodb } = record;
  const images = {
    ...(dynamodb?.Keys ? { Keys: jsonMap(dynamodb.Keys) } : {}),
    ...(dynamodb?.NewImage ? { NewImage: jsonMap(dynamodb.NewImage) } : {}),
    ...(dynamodb?.OldImage ? { OldImage: jsonMap(dynamodb.OldImage) } : {}),
  };
  return {
    ...(record.eventID ? { eventID: record.eventID } : {}),
    ...(record.eventName ? { eventName: record.eventName } : {}),
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: REGION,
    dynamodb: {
      ...(dynamodb?.ApproximateCreationDateTime ? { ApproximateCreationDateTime: Math.floor(dynamodb.ApproximateCreationDateTime.getTime() / 1000) } : {}),
      ...images,
      ...(dynamodb?.SequenceNumber ? { SequenceNumber: dynamodb.SequenceNumber } : {}),
      ...(dynamodb?.SizeBytes !== undefined ? { SizeBytes: dynamodb.SizeBytes } : {}),
      ...(dynamodb?.StreamViewType ? { StreamViewType: dynamodb.StreamViewType } : {}),
    },
    eventSourceARN: streamArn,
    ...(record.userIdentity?.PrincipalId && record.userIdentity.Type ? { userIdentity: { principalId: record.userIdentity.PrincipalId, type: record.userIdentity.Type } } : {}),
  };
}

function jsonMap(map: Record<string, SdkAttributeValue>): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(map).map(([name, value]) => [name, jsonValue(value)]));
}

function jsonValue(value: SdkAttributeValue): AttributeValue {
  if (value.B !== undefined) return { B: Buffer.from(value.B).toString('base64') };
  if (value.BS !== undefined) return { BS: value.BS.map((b) => Buffer.from(b).toString('base64')) };
  if (value.L !== undefined) return { L: value.L.map(jsonValue) };
  if (value.M !== undefined) return { M: jsonMap(value.M) };
  return value as AttributeValue;
}
