import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkedFetch } from '../support/contract';
import { emailsTo, waitFor } from '../support/local-outboxes';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { tokenScriptEnv } from '../support/tokens';

const run = promisify(execFile);

/**
 * Issue 4's "done when": the local stack started at Monday 16 March 2026 09:00 WIB; a leave's due
 * date skips Nyepi and the Idul Fitri leave days; jumping the reminder job forward sends the
 * reminders, the escalation and the digest the rules call for, once each.
 */
let stack: LocalStack;
const tokens = new Map<string, string>();
const VERIFIER = 'eko.prasetyo@example.com';

async function token(username: string) {
  if (!tokens.has(username)) tokens.set(username, (await run('npx', ['tsx', 'infra/local/token.ts', username], { env: tokenScriptEnv(stack) })).stdout.trim());
  return tokens.get(username)!;
}

/** Every answer is checked against the OpenAPI document on the way (the /_local/ routes pass unchecked). */
async function http(method: string, path: string, as?: string, body?: unknown) {
  return checkedFetch(`${stack.api}${path}`, {
    method,
    headers: { ...(as ? { authorization: `Bearer ${await token(as)}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

const job = async (name: string, now: string, zone?: string) => {
  const answer = await http('POST', `/_local/jobs/${name}?now=${encodeURIComponent(now)}${zone ? `&zone=${encodeURIComponent(zone)}` : ''}`);
  expect(answer.status).toBe(200);
  return answer.body;
};

beforeAll(async () => {
  stack = await startLocalStack({ PANTAU_NOW: '2026-03-16T09:00:00+07:00', LOCAL_SCHEDULER: 'off', QUEUE_VISIBILITY_SECONDS: '2' });
});
afterAll(() => stack?.stop());

describe('SLA reminders over Nyepi and Idul Fitri 2026', () => {
  let id: string;

  it('a leave submitted on Monday 16 March is due at the end of Wednesday 25 March WIB', async () => {
    const { body: service } = await http('GET', '/service-types/CUTI', 'budi');
    const created = await http('POST', '/proposals', 'budi', { serviceType: 'CUTI', payload: service.examplePayload, documents: [{ code: 'FORMULIR_CUTI', reference: 'dms://cuti/1' }] });
    id = created.body.id;
    const submitted = await http('POST', `/proposals/${id}/transitions`, 'budi', { action: 'submit', expectedVersion: 1 });
    // Two working days: Tue 17 March; then 18 (cuti bersama), 19 (Nyepi), 20 (cuti bersama),
    // 21–22 (Idul Fitri, a weekend), 23–24 (cuti bersama); Wed 25 March.
    expect(submitted.body.dueAt).toBe('2026-03-25T16:59:59.999Z');
  });

  it('reminds the verifier at half time, three quarters and the breach, then escalates to the admin, each once', async () => {
    expect((await job('reminders', '2026-03-17T12:00:00+07:00')).reminded).toBe(0);
    expect((await job('reminders', '2026-03-18T09:00:00+07:00')).reminded).toBe(1); // 50%: end of Tue 17
    expect((await job('reminders', '2026-03-18T09:00:00+07:00')).reminded).toBe(0); // the same run again
    expect((await job('reminders', '2026-03-25T13:00:00+07:00')).reminded).toBe(1); // 75%: Wed 25, 12:00
    expect((await job('reminders', '2026-03-26T09:00:00+07:00')).reminded).toBe(1); // breach: end of Wed 25
    const escalation = await job('reminders', '2026-03-27T09:00:00+07:00'); // overdue 1: end of Thu 26
    expect(escalation.escalated).toBe(1);
    expect((await job('reminders', '2026-03-27T09:00:00+07:00')).escalated).toBe(0);
  });

  it('the digest tells the queue how many wait and how many are late', async () => {
    const digest = await job('digest', '2026-03-27T07:30:00+07:00', 'Asia/Jakarta');
    expect(digest.published).toBeGreaterThanOrEqual(1);
  });

  it('the emails arrive once each, the escalation at the agency admin too', async () => {
    const mails = await waitFor(async () => (await emailsTo(stack, VERIFIER)).filter((m) => m.subject.includes(id) || m.body.text?.includes(id)), (list) => list.length >= 5);
    // 50%, 75%, breach, overdue (escalated), and the digest naming the oldest item.
    expect(mails).toHaveLength(5);
    const admin = await waitFor(async () => (await emailsTo(stack, 'wulan.anggraini@example.com')).filter((m) => m.body.text?.includes(id)), (list) => list.length >= 1);
    expect(admin).toHaveLength(1);
    const view = await http('GET', `/proposals/${id}`, 'budi');
    const reminderDeliveries = view.body.deliveries.filter((d: { eventId: string }) => d.eventId.includes('#T'));
    // 50%, 75%, breach to the verifier; the escalation to verifier and admin: 5 × email and SMS.
    expect(reminderDeliveries).toHaveLength(10);
    const keys = reminderDeliveries.map((d: { eventId: string; channel: string; to: string }) => `${d.eventId}/${d.channel}/${d.to}`);
    expect(new Set(keys).size).toBe(10);
  });
});
