import autocannon from 'autocannon';
import { stackToken } from '../../test/support/tokens';
import type { LocalEmail } from '../../test/support/local-outboxes';
import { startLocalStack, type LocalStack } from '../../test/support/local-stack';
import { percentile, round } from '../support/stats';
import { leaveBody } from '../support/world';

export interface PipelineResults {
  method: string;
  transitions: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** How often the inbox was polled: the figures' resolution. */
  pollMs: number;
}

export interface ThroughputRun {
  route: string;
  note: string;
  connections: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers that were not the route's success (they would make the figure a lie). */
  unexpected: number;
  errors: number;
}

export interface ThroughputResults {
  method: string;
  runs: ThroughputRun[];
}

/** Monday 2 November 2026, 09:00 WIB: inside SMS hours, on a working day. */
const PANTAU_NOW = '2026-11-02T09:00:00+07:00';
const POLL_MS = 10;
const EMPLOYEE = 'budi';
const EMPLOYEE_EMAIL = 'budi.santoso@example.com';

/** `npm start` on free ports, its scheduler off so no job's emails mix with the ones timed. */
export const startBenchStack = (): Promise<LocalStack> => startLocalStack({ PANTAU_NOW, LOCAL_SCHEDULER: 'off', QUEUE_VISIBILITY_SECONDS: '2' });

async function tokens(stack: LocalStack) {
  const of = async (username: string) => `Bearer ${await stackToken(stack, username)}`;
  return { employee: await of(EMPLOYEE), verifier: await of('ver.sleman') };
}

async function send(stack: LocalStack, method: string, path: string, authorization: string, body?: unknown) {
  const response = await fetch(`${stack.api}${path}`, {
    method,
    headers: { authorization, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** Emails to the employee about one proposal since an instant (aws-ses-v2-local's /store?since=, in whole seconds). */
async function emailsAbout(stack: LocalStack, id: string, sinceMs: number): Promise<number> {
  const response = await fetch(`${stack.sesStore}?since=${Math.floor(sinceMs / 1000) - 1}`);
  const { emails } = (await response.json()) as { emails: LocalEmail[] };
  return emails.filter((e) => e.subject.includes(id) && e.destination.to.some((to) => to.includes(EMPLOYEE_EMAIL))).length;
}

/**
 * From a transition's 2xx to its email in the local SES inbox: leaves filed by Budi, each
 * submitted, returned by the verifier, resubmitted and withdrawn, one transition at a time; after
 * each 2xx the inbox is polled until the email about it is there.
 */
export async function measurePipeline(stack: LocalStack, transitions: number, log: (line: string) => void): Promise<PipelineResults> {
  const auth = await tokens(stack);
  const steps = [
    { by: auth.employee, body: { action: 'submit' } },
    { by: auth.verifier, body: { action: 'return', reason: { code: 'DOKUMEN_TIDAK_TERBACA', text: 'Pindaian buram' }, missingItems: ['Formulir cuti yang terbaca'] } },
    { by: auth.employee, body: { action: 'resubmit' } },
    { by: auth.employee, body: { action: 'withdraw' } },
  ];
  const latencies: number[] = [];
  let started = Date.now();
  while (latencies.length < transitions) {
    const created = await send(stack, 'POST', '/proposals', auth.employee, leaveBody());
    const id = created.id as string;
    let version = 1;
    started = Date.now();
    for (const step of steps) {
      if (latencies.length >= transitions) break;
      const before = await emailsAbout(stack, id, started);
      await send(stack, 'POST', `/proposals/${id}/transitions`, step.by, { ...step.body, expectedVersion: version++ });
      const answered = performance.now();
      const deadline = Date.now() + 30_000;
      while ((await emailsAbout(stack, id, started)) <= before) {
        if (Date.now() > deadline) throw new Error(`no email about ${id} (${step.body.action}) within 30 s`);
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
      latencies.push(performance.now() - answered);
    }
  }
  const result = { p50Ms: round(percentile(latencies, 50), 0), p95Ms: round(percentile(latencies, 95), 0), maxMs: round(Math.max(...latencies), 0) };
  log(`  ${latencies.length} transitions: p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms, max ${result.maxMs} ms`);
  return {
    method: 'npm start on free ports (DynamoDB Local, the stream poller, the in-process topic and queues, the real senders, aws-ses-v2-local); one transition at a time, the inbox polled after each 2xx',
    transitions: latencies.length,
    ...result,
    pollMs: POLL_MS,
  };
}

function cannon(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** A read and a write route of the local stack under autocannon, through its gateway and JWT check. */
export async function measureThroughput(stack: LocalStack, seconds: number, connections: number, log: (line: string) => void): Promise<ThroughputResults> {
  const auth = await tokens(stack);
  const created = await send(stack, 'POST', '/proposals', auth.employee, leaveBody());
  const cases = [
    { route: 'GET /proposals/{id}', note: 'a draft with one event, as its applicant', method: 'GET' as const, path: `/proposals/${String(created.id)}`, status: 200 },
    { route: 'POST /proposals', note: 'a new leave draft each time (scrypt hashes its PIN), no Idempotency-Key', method: 'POST' as const, path: '/proposals', body: JSON.stringify(leaveBody()), status: 201 },
  ];
  const runs: ThroughputRun[] = [];
  for (const c of cases) {
    const result = await cannon({
      url: `${stack.api}${c.path}`,
      method: c.method,
      connections,
      duration: seconds,
      headers: { authorization: auth.employee, ...(c.body ? { 'content-type': 'application/json' } : {}) },
      ...(c.body ? { body: c.body } : {}),
    });
    const expected = (result.statusCodeStats as Record<string, { count: number }> | undefined)?.[String(c.status)]?.count ?? 0;
    const run: ThroughputRun = {
      route: c.route,
      note: c.note,
      connections,
      seconds,
      requestsPerSecond: round(result.requests.average, 0),
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      unexpected: result.requests.total - expected,
      errors: result.errors,
    };
    runs.push(run);
    log(`  ${run.route}: ${run.requestsPerSecond}/s, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms (${connections} connections, ${seconds} s; unexpected answers ${run.unexpected}, errors ${run.errors})`);
  }
  return { method: `autocannon against npm start's gateway on 127.0.0.1 (JWT checked on every request), ${connections} connections, ${seconds} s per route, from the same 2-core machine`, runs };
}
