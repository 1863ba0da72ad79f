import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendEmailCommand, SESClient } from '@aws-sdk/client-ses';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent, SQSEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalBus, LocalQueue } from '../../infra/local/bus';
import { localRoutes, type LocalRoutesDeps } from '../../infra/local/local-routes';
import { LocalOutages } from '../../infra/local/outages';
import { redriveLocalDeadLetters, replayFailedStreamRecords, type LocalReplayDeps } from '../../infra/local/replay';
import { SmsOutbox } from '../../infra/local/sms-outbox';
import type { FailedStreamRecord, StreamPoller } from '../../infra/local/stream-poller';
import type { NotificationEvent } from '../../shared/domain/notifications/types';

/** The local replay's parts on their own: the queue's redrive, the failed-records file, the routes, the outages. */
let dir: string;
const running: { stop(): Promise<void> }[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pantau-local-replay-'));
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()));
  rmSync(dir, { recursive: true, force: true });
});

async function until(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const record = (seq: string): DynamoDBRecord => ({ eventID: `e-${seq}`, eventName: 'INSERT', dynamodb: { SequenceNumber: seq, NewImage: { proposalId: { S: `USL-${seq}` } } } });
const entry = (seq: string): FailedStreamRecord => ({ at: '2026-11-02T02:00:00.000Z', streamArn: 'arn:local', shardId: 'shard-1', attempts: 6, error: 'InternalErrorException: down', record: record(seq) });

/** A poller that only keeps a list of records set aside, as the real one does in memory. */
function fakePoller(entries: FailedStreamRecord[] = []): StreamPoller {
  return {
    streamArn: 'arn:local',
    status: () => ({ streamArn: 'arn:local', startingPosition: 'LATEST', running: true, shards: [], records: { read: 0, matched: 0, handed: 0, retried: 0, failed: entries.length }, failedRecords: [...entries] }),
    forgetFailed(replayed) {
      const before = entries.length;
      entries.splice(0, entries.length, ...entries.filter((e) => !replayed(e)));
      return before - entries.length;
    },
    stop: async () => {},
  };
}

describe('a local queue moves its dead letters back', () => {
  it('as new messages with their body and attributes, handed to the sender again, oldest first', async () => {
    const q = new LocalQueue('q', { visibilityTimeoutSeconds: 0.02, maxReceiveCount: 1, batchWindowMs: 0, log: null });
    running.push(q);
    let healthy = false;
    const seen: { body: string; receives: string }[] = [];
    q.start(async (event: SQSEvent) => {
      for (const r of event.Records) seen.push({ body: r.body, receives: r.attributes.ApproximateReceiveCount });
      return { batchItemFailures: healthy ? [] : event.Records.map((r) => ({ itemIdentifier: r.messageId })) };
    });
    q.send('first', { kind: { stringValue: 'status-changed', dataType: 'String' } });
    q.send('second');
    await until(() => q.snapshot().deadLetters.length === 2);
    healthy = true;
    const bus = { queues: { email: q, sms: q } } as unknown as LocalBus;
    expect(redriveLocalDeadLetters(bus, 'email-dlq', { dryRun: true })).toEqual({ source: 'email-dlq', dryRun: true, waiting: 2, outcome: 'would-move' });
    expect(q.snapshot().deadLetters).toHaveLength(2);
    expect(redriveLocalDeadLetters(bus, 'email-dlq', { dryRun: false })).toEqual({ source: 'email-dlq', dryRun: false, waiting: 2, outcome: 'moved', moved: 2 });
    await until(() => q.snapshot().deleted === 2);
    expect(seen.slice(2)).toEqual([{ body: 'first', receives: '1' }, { body: 'second', receives: '1' }]);
    expect(q.snapshot()).toMatchObject({ deadLetters: [], redriven: 2, depth: 0, inFlight: 0 });
    expect(redriveLocalDeadLetters(bus, 'email-dlq', { dryRun: false })).toMatchObject({ waiting: 0, outcome: 'nothing-to-move' });
  });
});

describe('the failed stream records go back through on-change', () => {
  const file = () => join(dir, 'failed-stream-records.jsonl');
  const lines = () => readFileSync(file(), 'utf8').split('\n').filter(Boolean);

  it('in batches, in order; the lines that went through leave the file, one failing again and one unreadable stay, as do lines written meanwhile', async () => {
    writeFileSync(file(), `${JSON.stringify(entry('10'))}\nnot json\n${JSON.stringify(entry('11'))}\n${JSON.stringify(entry('12'))}\n`);
    const memory = [entry('11'), entry('12')];
    const handed: string[][] = [];
    const deps: LocalReplayDeps = {
      bus: new LocalBus({ log: null }),
      poller: fakePoller(memory),
      failedRecordsFile: file(),
      onChange: async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
        handed.push(event.Records.map((r) => r.dynamodb!.SequenceNumber!));
        // The poller sets another record aside while this runs.
        appendFileSync(file(), `${JSON.stringify(entry('13'))}\n`);
        return { batchItemFailures: [{ itemIdentifier: '11' }] };
      },
    };
    const report = await replayFailedStreamRecords(deps, { dryRun: false, limit: 4 });
    expect(handed).toEqual([['10', '11', '12']]);
    expect(report).toEqual({
      source: 'stream', dryRun: false, found: 4,
      items: [
        { id: 'record 10', records: 1, outcome: 'replayed' },
        { id: 'line 2', records: 0, outcome: 'unreadable', error: expect.stringContaining('not JSON') },
        { id: 'record 11', records: 1, outcome: 'kept', failed: ['11'], error: 'reported in batchItemFailures' },
        { id: 'record 12', records: 1, outcome: 'replayed' },
      ],
    });
    expect(lines()).toEqual(['not json', JSON.stringify(entry('11')), JSON.stringify(entry('13'))]);
    expect(memory.map((e) => e.record.dynamodb!.SequenceNumber)).toEqual(['11']);
  });

  it('keeps everything when the handler throws, and stops after --limit records', async () => {
    writeFileSync(file(), [entry('1'), entry('2'), entry('3')].map((e) => `${JSON.stringify(e)}\n`).join(''));
    const handed: string[][] = [];
    const failing: LocalReplayDeps = {
      bus: new LocalBus({ log: null }), poller: fakePoller(), failedRecordsFile: file(),
      onChange: async (event) => {
        handed.push(event.Records.map((r) => r.dynamodb!.SequenceNumber!));
        throw Object.assign(new Error('down'), { name: 'InternalErrorException' });
      },
    };
    const report = await replayFailedStreamRecords(failing, { dryRun: false, limit: 2 });
    expect(handed).toEqual([['1', '2']]);
    expect(report.items.map((i) => [i.outcome, i.error])).toEqual([['kept', 'InternalErrorException: down'], ['kept', 'InternalErrorException: down']]);
    expect(lines()).toHaveLength(3);
  });

  it('in a dry run hands nothing over and writes nothing; with --in-memory it reads the poller\'s list', async () => {
    const memory = [entry('7')];
    let calls = 0;
    const deps: LocalReplayDeps = { bus: new LocalBus({ log: null }), poller: fakePoller(memory), failedRecordsFile: null, onChange: async () => ((calls++, { batchItemFailures: [] })) };
    expect(await replayFailedStreamRecords(deps, { dryRun: true })).toEqual({ source: 'stream', dryRun: true, found: 1, items: [{ id: 'record 7', records: 1, outcome: 'would-replay' }] });
    expect(calls).toBe(0);
    expect(memory).toHaveLength(1);
    expect((await replayFailedStreamRecords(deps, { dryRun: false })).items).toEqual([{ id: 'record 7', records: 1, outcome: 'replayed' }]);
    expect(memory).toEqual([]);
  });
});

describe('the replay and outage routes', () => {
  const calls: unknown[] = [];
  const outages = new LocalOutages(() => new Date('2026-11-02T02:00:00.000Z'));
  const deps: LocalRoutesDeps = {
    outbox: new SmsOutbox({}),
    bus: () => undefined,
    stream: () => undefined,
    outages,
    replay: async (source, options) => {
      calls.push([source, options]);
      return { source: 'stream', dryRun: options.dryRun, found: 0, items: [] };
    },
  };
  const request = async (routes: ReturnType<typeof localRoutes>, method: string, path: string, query?: Record<string, string>) => {
    const answer = await routes({ rawPath: path, requestContext: { http: { method } }, headers: {}, ...(query ? { queryStringParameters: query } : {}) } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer);
    return { status: answer?.statusCode, body: answer?.body ? (JSON.parse(answer.body) as Record<string, unknown>) : undefined };
  };

  it('POST /_local/replay hands each source over with its options and answers the reports', async () => {
    calls.length = 0;
    const routes = localRoutes(deps);
    expect(await request(routes, 'POST', '/_local/replay', { source: 'all', dryRun: 'true', limit: '3' })).toMatchObject({ status: 200, body: { reports: [{ source: 'stream' }, { source: 'stream' }, { source: 'stream' }] } });
    expect(calls).toEqual([['stream', { dryRun: true, limit: 3 }], ['email-dlq', { dryRun: true, limit: 3 }], ['sms-dlq', { dryRun: true, limit: 3 }]]);
  });

  it('refuses a bad query with 422, another method with 405, and answers 503 without the notifications', async () => {
    const routes = localRoutes(deps);
    for (const query of [{ source: 'jobs-dlq' }, {}, { source: 'stream', dryRun: 'yes' }, { source: 'email-dlq', limit: '2' }, { source: 'stream', limit: '0' }]) {
      const answer = await request(routes, 'POST', '/_local/replay', query as Record<string, string>);
      expect(answer.status, JSON.stringify(query)).toBe(422);
      expect(answer.body?.code).toBe('VALIDATION_FAILED');
    }
    expect((await request(routes, 'GET', '/_local/replay')).status).toBe(405);
    const { replay: _replay, ...withoutReplay } = deps;
    expect((await request(localRoutes(withoutReplay), 'POST', '/_local/replay', { source: 'stream' })).status).toBe(503);
  });

  it('PUT and DELETE /_local/outages/{target} take a target down and back; an unknown one is 404', async () => {
    const routes = localRoutes(deps);
    expect(await request(routes, 'PUT', '/_local/outages/ses')).toMatchObject({ status: 200, body: { ses: { state: 'down', since: '2026-11-02T02:00:00.000Z' }, sms: { state: 'up' }, topic: { state: 'up' } } });
    expect(outages.isDown('ses')).toBe(true);
    expect(await request(routes, 'GET', '/_local/outages')).toMatchObject({ status: 200, body: { ses: { state: 'down' } } });
    expect(await request(routes, 'DELETE', '/_local/outages/ses')).toMatchObject({ status: 200, body: { ses: { state: 'up' } } });
    expect((await request(routes, 'PUT', '/_local/outages/dynamodb')).status).toBe(404);
    expect((await request(routes, 'POST', '/_local/outages/ses')).status).toBe(405);
  });
});

describe('outages', () => {
  it('a provider down refuses the connection inside the SDK, and comes back when it is up', async () => {
    const outages = new LocalOutages();
    const ses = new SESClient({ endpoint: 'http://127.0.0.1:9', region: 'ap-southeast-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
    let reached = 0;
    ses.middlewareStack.add(() => async () => {
      reached++;
      return { response: { statusCode: 200, headers: {}, body: undefined }, output: { MessageId: 'm-1', $metadata: {} } } as never;
    }, { step: 'deserialize', priority: 'low', name: 'fakeSes' });
    outages.guardClient(ses, 'ses', 'http://127.0.0.1:9');
    const send = () => ses.send(new SendEmailCommand({ Source: 'a@b.c', Destination: { ToAddresses: ['d@e.f'] }, Message: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } }));
    outages.set('ses', true);
    await expect(send()).rejects.toMatchObject({ code: 'ECONNREFUSED', message: expect.stringContaining('connect ECONNREFUSED 127.0.0.1:9') });
    expect(reached).toBe(0);
    outages.set('ses', false);
    await expect(send()).resolves.toBeDefined();
    expect(reached).toBe(1);
    ses.destroy();
  });

  it('the topic down fails a publish as SNS would, and publishes once it is up', async () => {
    const outages = new LocalOutages();
    const published: string[] = [];
    const topic = outages.guardTopic({ publish: async (event: NotificationEvent) => void published.push(event.eventId) });
    const event = { eventId: 'USL-1#2' } as NotificationEvent;
    outages.set('topic', true);
    await expect(topic.publish(event)).rejects.toMatchObject({ name: 'InternalErrorException', $fault: 'server' });
    outages.set('topic', false);
    await topic.publish(event);
    expect(published).toEqual(['USL-1#2']);
  });
});
