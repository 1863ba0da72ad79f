import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkedFetch } from '../support/contract';
import { emailsTo, waitFor } from '../support/local-outboxes';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { tokenScriptEnv } from '../support/tokens';

const run = promisify(execFile);

/**
 * Issue 12's reproduction, as the README walks it: a fresh `npm start` with its clock at Tuesday
 * 17 March 2026 09:00 WIB, Sri's leave filed and submitted then, and the reminder job run by hand
 * as of 30 April, six weeks on. Its first run reads from the stack's timers epoch (the clock's
 * first day), not the two days before its `now`, so the leave is chased.
 */
let stack: LocalStack;
const VERIFIER = 'eko.prasetyo@example.com';
const ADMIN = 'wulan.anggraini@example.com';

beforeAll(async () => {
  stack = await startLocalStack({ PANTAU_NOW: '2026-03-17T02:00:00Z', LOCAL_SCHEDULER: 'off', QUEUE_VISIBILITY_SECONDS: '2' });
});
afterAll(() => stack?.stop());

async function http(method: string, path: string, as?: string, body?: unknown, headers: Record<string, string> = {}) {
  const token = as ? (await run('npx', ['tsx', 'infra/local/token.ts', as], { env: tokenScriptEnv(stack) })).stdout.trim() : undefined;
  return checkedFetch(`${stack.api}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

describe('a month of reminders in a minute, from a fresh start', () => {
  let id: string;

  it('the banner says where a first run reads from', () => {
    expect(stack.output()).toContain('a first run reads the timers due since 2026-03-17');
  });

  it('Sri files a leave and submits it, as the README walks it', async () => {
    const created = await http(
      'POST', '/proposals', 'sri',
      { serviceType: 'CUTI', payload: { jenisCuti: 'TAHUNAN', tanggalMulai: '2026-12-14', tanggalSelesai: '2026-12-18', alasan: 'Keperluan keluarga', alamatSelamaCuti: 'Sleman' }, documents: [{ code: 'FORMULIR_CUTI', reference: 'dms://cuti/formulir.pdf' }] },
      { 'idempotency-key': 'sri-cuti-desember-01' },
    );
    expect(created.status).toBe(201);
    id = created.body.id;
    const submitted = await http('POST', `/proposals/${id}/transitions`, 'sri', { action: 'submit', expectedVersion: 1 });
    expect(submitted.status).toBe(200);
    // Two working days after 17 March: 18 to 24 March are Nyepi, Idul Fitri and their cuti bersama.
    expect(submitted.body.dueAt).toBe('2026-03-26T16:59:59.999Z');
  });

  it('the reminder job as of 30 April reads every day since the clock started and chases the leave', async () => {
    const answer = await http('POST', `/_local/jobs/reminders?now=${encodeURIComponent('2026-04-30T01:00:00Z')}`);
    expect(answer.status).toBe(200);
    expect(answer.body.days).toEqual({ from: '2026-03-17', count: 45 });
    expect(answer.body.read).toBeGreaterThan(0);
    // Ten working days overdue by 10 April: the chase's last step, escalated to the agency's admin (the only one sent, being the latest).
    expect(answer.body).toMatchObject({ published: 1, escalated: 1, reminded: 0, skipped: 0 });
  });

  it('the reminder reaches the verifier and the admin, once each', async () => {
    const about = (list: Awaited<ReturnType<typeof emailsTo>>) => list.filter((m) => m.subject.includes(id) || m.body.text?.includes(id));
    expect(await waitFor(async () => about(await emailsTo(stack, VERIFIER)), (list) => list.length >= 1)).toHaveLength(1);
    expect(await waitFor(async () => about(await emailsTo(stack, ADMIN)), (list) => list.length >= 1)).toHaveLength(1);
    const view = await http('GET', `/proposals/${id}`, 'sri');
    const reminders = view.body.deliveries.filter((d: { eventId: string }) => d.eventId === `${id}#T2#OVERDUE-10`);
    // Verifier and admin, by email and SMS.
    expect(reminders).toHaveLength(4);
  });

  it('the same run again sends nothing', async () => {
    const again = await http('POST', `/_local/jobs/reminders?now=${encodeURIComponent('2026-04-30T01:00:00Z')}`);
    expect(again.body).toMatchObject({ published: 0 });
  });
});
