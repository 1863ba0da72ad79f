import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { createOnChangeHandler } from '../../functions/on-change/app';
import { LocalBus } from '../../infra/local/bus';
import { startStreamPoller, type StreamPoller, type StreamPollerOptions } from '../../infra/local/stream-poller';
import { keys } from '../../shared/adapters/dynamo/keys';
import type { HistoryEvent } from '../../shared/domain/proposal/types';
import { freshTable } from '../support/table';

const pollers: StreamPoller[] = [];
afterEach(async () => {
  await Promise.all(pollers.splice(0).map((p) => p.stop()));
});

function historyEvent(proposalId: string, seq: number, type: HistoryEvent['type'] = 'submit'): HistoryEvent {
  return {
    proposalId,
    seq,
    subject: { serviceType: 'CUTI', nip: '198503142010031004', agencyId: 'PEMKAB-SLEMAN', filedBy: { userId: 'user-budi', role: 'PEGAWAI' } },
    type,
    at: `2026-11-02T02:0${seq}:00.000Z`,
    actor: { userId: 'user-budi', name: 'Budi Santoso', role: 'PEGAWAI', orgId: 'PEMKAB-SLEMAN' },
    fromStatus: type === 'create' ? null : 'DRAFT',
    toStatus: type === 'create' ? 'DRAFT' : 'IN_PROGRESS',
    fromStage: null,
    toStage: type === 'create' ? null : 'VERIFIKASI_INSTANSI',
    prevHash: 'prev',
    hash: `hash-${seq}`,
  };
}

/** Puts the item the proposal repository writes for a history event. */
async function putEvent(doc: DynamoDBDocumentClient, tableName: string, event: HistoryEvent): Promise<void> {
  await doc.send(new PutCommand({ TableName: tableName, Item: { ...keys.event(event.proposalId, event.seq), entity: 'EVENT', ...event } }));
}

/** A stand-in for the on-change handler: records each batch and answers with `answer`. */
function fakeHandler(answer: (records: DynamoDBRecord[], call: number) => DynamoDBBatchResponse = () => ({ batchItemFailures: [] })) {
  const calls: DynamoDBRecord[][] = [];
  return {
    calls,
    ids: () => calls.map((batch) => batch.map((r) => `${r.dynamodb?.NewImage?.proposalId?.S}#${r.dynamodb?.NewImage?.seq?.N}`)),
    handler: async (event: DynamoDBStreamEvent) => {
      calls.push(event.Records);
      return answer(event.Records, calls.length);
    },
  };
}

async function poll(options: Omit<StreamPollerOptions, 'idleMs' | 'log'> & { log?: StreamPollerOptions['log'] }): Promise<StreamPoller> {
  const poller = await startStreamPoller({ idleMs: 20, retryBaseMs: 10, log: null, ...options });
  pollers.push(poller);
  return poller;
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits until the poller has read everything written so far. */
async function caughtUp(poller: StreamPoller): Promise<void> {
  const since = Date.now();
  await until(() => (poller.status().caughtUpAt ?? 0) > since);
}

describe('the local stream poller, against DynamoDB Local', () => {
  it('hands a new history event to the on-change handler once, shaped as Lambda delivers it, and replays nothing older', async () => {
    const { endpoint, tableName, doc } = await freshTable();
    await putEvent(doc, tableName, historyEvent('USL-OLD0-0000-0000', 2));
    const fake = fakeHandler();
    const poller = await poll({ endpoint, tableName, handler: fake.handler });

    await putEvent(doc, tableName, historyEvent('USL-NEW0-0000-0000', 2));
    await until(() => fake.calls.length === 1);
    await caughtUp(poller);
    expect(fake.ids()).toEqual([['USL-NEW0-0000-0000#2']]);
    const [record] = fake.calls[0]!;
    expect(record).toMatchObject({
      eventName: 'INSERT',
      eventSource: 'aws:dynamodb',
      eventSourceARN: poller.streamArn,
      dynamodb: {
        Keys: { pk: { S: 'PROPOSAL#USL-NEW0-0000-0000' }, sk: { S: 'EVENT#000002' } },
        NewImage: { entity: { S: 'EVENT' }, type: { S: 'submit' }, subject: { M: { nip: { S: '198503142010031004' } } } },
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    });
    expect(typeof record!.dynamodb?.ApproximateCreationDateTime).toBe('number');
    expect(record!.dynamodb?.SequenceNumber).toMatch(/^\d+$/);
    expect(poller.status().records).toMatchObject({ handed: 1, failed: 0 });
  });

  it('applies the event source’s filter: not the proposal item, not a draft’s creation, not a modification', async () => {
    const { endpoint, tableName, doc } = await freshTable();
    const fake = fakeHandler();
    const poller = await poll({ endpoint, tableName, handler: fake.handler });

    await doc.send(new PutCommand({ TableName: tableName, Item: { ...keys.proposal('USL-AAAA-0000-0000'), entity: 'PROPOSAL', type: 'submit', status: 'IN_PROGRESS' } }));
    await putEvent(doc, tableName, historyEvent('USL-AAAA-0000-0000', 1, 'create'));
    await putEvent(doc, tableName, historyEvent('USL-AAAA-0000-0000', 2, 'update'));
    await doc.send(new UpdateCommand({ TableName: tableName, Key: keys.event('USL-AAAA-0000-0000', 1), UpdateExpression: 'SET #type = :t', ExpressionAttributeNames: { '#type': 'type' }, ExpressionAttributeValues: { ':t': 'submit' } }));
    // The one record that should pass comes last: once it is handed over, the others were read.
    await putEvent(doc, tableName, historyEvent('USL-AAAA-0000-0000', 3, 'submit'));
    await until(() => fake.calls.length > 0);
    await caughtUp(poller);
    expect(fake.ids().flat()).toEqual(['USL-AAAA-0000-0000#3']);
    expect(poller.status().records).toMatchObject({ read: 5, matched: 1 });
  });

  it('retries a failed batch from its lowest failed record, as with ReportBatchItemFailures', async () => {
    const { endpoint, tableName, doc } = await freshTable();
    for (const seq of [2, 3, 4]) await putEvent(doc, tableName, historyEvent('USL-BBBB-0000-0000', seq));
    const fake = fakeHandler((records, call) => ({
      batchItemFailures: call === 1 ? records.filter((r) => r.dynamodb?.NewImage?.seq?.N === '3').map((r) => ({ itemIdentifier: r.dynamodb!.SequenceNumber! })) : [],
    }));
    // From the start of the stream, so the three records arrive as one batch.
    const poller = await poll({ endpoint, tableName, handler: fake.handler, startingPosition: 'TRIM_HORIZON' });
    await until(() => fake.calls.length === 2);
    await caughtUp(poller);
    expect(fake.ids()).toEqual([
      ['USL-BBBB-0000-0000#2', 'USL-BBBB-0000-0000#3', 'USL-BBBB-0000-0000#4'],
      ['USL-BBBB-0000-0000#3', 'USL-BBBB-0000-0000#4'],
    ]);
    expect(poller.status().records).toMatchObject({ retried: 2, failed: 0 });
  });

  it('after its retries, sets a record that keeps failing aside, whole, in the failure file, and goes on', async () => {
    const { endpoint, tableName, doc } = await freshTable();
    const failedRecordsFile = join(mkdtempSync(join(tmpdir(), 'pantau-poller-')), 'failed-stream-records.jsonl');
    await putEvent(doc, tableName, historyEvent('USL-CCCC-0000-0000', 2));
    await putEvent(doc, tableName, historyEvent('USL-CCCC-0000-0000', 3));
    const fake = fakeHandler((records) => {
      // A poison record: a thrown error fails the whole batch, like Powertools' full-batch failure.
      if (records.some((r) => r.dynamodb?.NewImage?.seq?.N === '2')) throw new Error('poison');
      return { batchItemFailures: [] };
    });
    const handler = async (event: DynamoDBStreamEvent) => fake.handler(event);
    const poller = await poll({ endpoint, tableName, handler, startingPosition: 'TRIM_HORIZON', maxRetries: 2, failedRecordsFile });
    await until(() => poller.status().records.failed === 2);
    expect(fake.calls).toHaveLength(3);

    await putEvent(doc, tableName, historyEvent('USL-DDDD-0000-0000', 2, 'approve'));
    await until(() => fake.ids().flat().includes('USL-DDDD-0000-0000#2'));
    const lines = readFileSync(failedRecordsFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ attempts: 3, error: 'Error: poison', streamArn: poller.streamArn, record: { eventName: 'INSERT', dynamodb: { NewImage: { seq: { N: '2' }, hash: { S: 'hash-2' } } } } });
    expect(poller.status().failedRecords).toHaveLength(2);
  });

  it('feeds the real on-change handler, which puts one status change on the bus', async () => {
    const { endpoint, tableName, doc } = await freshTable();
    const bus = new LocalBus({ log: null });
    const poller = await poll({ endpoint, tableName, handler: createOnChangeHandler({ publisher: bus }) });
    await putEvent(doc, tableName, historyEvent('USL-EEEE-0000-0000', 1, 'create'));
    await putEvent(doc, tableName, historyEvent('USL-EEEE-0000-0000', 2, 'submit'));
    await until(() => bus.snapshot().topic.published === 1);
    await caughtUp(poller);
    expect(bus.snapshot().topic.published).toBe(1);
    expect(bus.snapshot().queues.email).toMatchObject({ sent: 1, depth: 1 });
    expect(bus.snapshot().queues.sms).toMatchObject({ sent: 1, depth: 1 });
  });

  it('stops promptly, and writes no failure file while nothing fails', async () => {
    const { endpoint, tableName } = await freshTable();
    const failedRecordsFile = join(mkdtempSync(join(tmpdir(), 'pantau-poller-')), 'failed.jsonl');
    const poller = await startStreamPoller({ endpoint, tableName, handler: async () => ({ batchItemFailures: [] }), log: null, failedRecordsFile });
    const started = Date.now();
    await poller.stop();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(poller.status().running).toBe(false);
    expect(existsSync(failedRecordsFile)).toBe(false);
  });
});
