import { execFile } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedriveReport, ReplayReport, StreamReport } from '../../infra/ops/replay';
import { checkedFetch } from '../support/contract';
import { emailsTo, notificationsSettled, queues, smsTo, streamStatus, waitFor } from '../support/local-outboxes';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { stackToken } from '../support/tokens';

const run = promisify(execFile);

/**
 * Replay on the local stack, end to end: a provider or the topic goes down until the pipeline
 * gives up (a dead letter, a failed stream record), comes back, and one replay delivers each
 * message exactly once; replaying again sends nothing more.
 */
let stack: LocalStack;
let dataDir: string;
const SRI = { email: 'sri.wahyuni@example.com', phone: '+6285643120087' };

beforeAll(async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  dataDir = mkdtempSync(join(tmpdir(), 'pantau-replay-'));
  // Kept on disk (not --in-memory): failed stream records go to LOCAL_DATA_DIR's file, as to the cloud's bucket.
  // One receive before a dead letter: a failed send waits out its first backoff (10 s ± 25%), then gives up.
  stack = await startLocalStack(
    { LOCAL_DATA_DIR: dataDir, PANTAU_NOW: '2026-11-02T09:00:00+07:00', LOCAL_SCHEDULER: 'off', QUEUE_VISIBILITY_SECONDS: '5', QUEUE_MAX_RECEIVES: '1' },
    [],
  );
});
afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function api(method: string, path: string, as: string, body?: unknown) {
  return checkedFetch(`${stack.api}${path}`, {
    method,
    headers: { authorization: `Bearer ${await stackToken(stack, as)}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}

async function outage(target: 'ses' | 'sms' | 'topic', down: boolean): Promise<void> {
  const response = await fetch(`${stack.api}/_local/outages/${target}`, { method: down ? 'PUT' : 'DELETE' });
  expect(response.status).toBe(200);
  expect(((await response.json()) as Record<string, { state: string }>)[target]!.state).toBe(down ? 'down' : 'up');
}

async function replay(query: string): Promise<ReplayReport[]> {
  const response = await fetch(`${stack.api}/_local/replay?${query}`, { method: 'POST' });
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return (JSON.parse(text) as { reports: ReplayReport[] }).reports;
}

const delivered = async () => ({ emails: (await emailsTo(stack, SRI.email)).length, sms: (await smsTo(stack, SRI.phone)).length });
const failedRecordsFile = () => join(dataDir, 'failed-stream-records.jsonl');
const fileLines = () => readFileSync(failedRecordsFile(), 'utf8').split('\n').filter(Boolean);

let proposalId: string;

describe('replay on the local stack', () => {
  it('dead letters: SES and SMS down until both messages are given up on; back up, one redrive delivers each once, a second nothing', async () => {
    await outage('ses', true);
    await outage('sms', true);
    const { body: service } = await api('GET', '/service-types/CUTI', 'sri');
    const created = await api('POST', '/proposals', 'sri', { serviceType: 'CUTI', payload: service.examplePayload, documents: [{ code: 'FORMULIR_CUTI', reference: 'dms://cuti/sri-replay.pdf' }] });
    expect(created.status).toBe(201);
    proposalId = created.body.id as string;
    expect((await api('POST', `/proposals/${proposalId}/transitions`, 'sri', { action: 'submit', expectedVersion: 1 })).status).toBe(200);

    const dead = await waitFor(() => queues(stack), (bus) => bus.queues.email!.deadLetters.length === 1 && bus.queues.sms!.deadLetters.length === 1, { timeoutMs: 45_000 });
    expect(dead.queues.sms!.deadLetters[0]!.receiveCount).toBe(1);
    expect(stack.output()).toContain('delivery will be retried');
    expect(await delivered()).toEqual({ emails: 0, sms: 0 });

    await outage('ses', false);
    await outage('sms', false);

    // A dry run says what waits and moves nothing.
    const dry = await replay('source=all&dryRun=true');
    expect(dry.map((r) => [r.source, 'outcome' in r ? r.outcome : (r as StreamReport).found])).toEqual([['stream', 0], ['email-dlq', 'would-move'], ['sms-dlq', 'would-move']]);
    expect((await queues(stack)).queues.email!.deadLetters).toHaveLength(1);

    const [email] = (await replay('source=email-dlq')) as RedriveReport[];
    expect(email).toMatchObject({ source: 'email-dlq', waiting: 1, outcome: 'moved', moved: 1 });
    await waitFor(delivered, (d) => d.emails === 1);

    // The command itself, as an operator runs it against npm start.
    const cli = await run('npx', ['tsx', 'scripts/replay.ts', '--local', '--source', 'sms-dlq'], { env: { ...process.env, PORT: String(stack.ports.PORT) } });
    expect(cli.stdout).toContain('sms-dlq: 1 waiting, 1 moved back to the queue');
    await waitFor(delivered, (d) => d.sms === 1);

    await notificationsSettled(stack);
    const again = await replay('source=all');
    expect(again.map((r) => ('outcome' in r ? r.outcome : (r as StreamReport).found))).toEqual([0, 'nothing-to-move', 'nothing-to-move']);
    await notificationsSettled(stack);
    expect(await delivered()).toEqual({ emails: 1, sms: 1 });
    const email1 = (await emailsTo(stack, SRI.email))[0]!;
    expect(email1.body.text).toContain(proposalId);
  }, 110_000);

  it('a failed stream record: the topic down until the poller sets it aside; kept while it still fails; replayed once up, and replayed twice it sends nothing twice', async () => {
    await outage('topic', true);
    expect((await api('POST', `/proposals/${proposalId}/transitions`, 'ver.sleman', { action: 'forward', expectedVersion: 2 })).status).toBe(200);
    const status = await waitFor(() => streamStatus(stack), (s) => s.failedRecords.length === 1, { timeoutMs: 45_000 });
    expect(stack.output()).toContain('local outage: DELETE /_local/outages/topic ends it');
    expect(fileLines()).toHaveLength(1);
    const line = fileLines()[0]!;
    const seq = status.failedRecords[0]!.record.dynamodb!.SequenceNumber!;

    // Still down: the record fails again and stays, in the file and at /_local/stream.
    const [kept] = (await replay('source=stream')) as StreamReport[];
    expect(kept).toMatchObject({ found: 1, items: [{ id: `record ${seq}`, outcome: 'kept', failed: [seq] }] });
    expect(fileLines()).toEqual([line]);

    await outage('topic', false);
    const [done] = (await replay('source=stream')) as StreamReport[];
    expect(done).toMatchObject({ found: 1, items: [{ id: `record ${seq}`, outcome: 'replayed' }] });
    expect(fileLines()).toEqual([]);
    expect((await streamStatus(stack)).failedRecords).toEqual([]);
    await waitFor(delivered, (d) => d.emails === 2 && d.sms === 2);
    await notificationsSettled(stack);

    // The same record once more (as if its object had not been deleted): published again, sent never.
    appendFileSync(failedRecordsFile(), `${line}\n`);
    const before = await queues(stack);
    const [twice] = (await replay('source=stream')) as StreamReport[];
    expect(twice!.items).toEqual([{ id: `record ${seq}`, records: 1, outcome: 'replayed' }]);
    const after = await notificationsSettled(stack);
    expect(after.topic.published - before.topic.published).toBe(1);
    expect(after.queues.email!.deleted - before.queues.email!.deleted).toBe(1);
    expect(after.queues.sms!.deleted - before.queues.sms!.deleted).toBe(1);
    expect(await delivered()).toEqual({ emails: 2, sms: 2 });
    expect(fileLines()).toEqual([]);
  }, 110_000);
});
