import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { emailsTo, smsTo, waitFor } from '../support/local-outboxes';

const run = promisify(execFile);

/**
 * The local stack as a user meets it: `npm start` in a child process, tokens from
 * `npm run token`, and a leave and a promotion walked over HTTP.
 */
let stack: LocalStack;
let base: string;
const tokens = new Map<string, string>();

async function token(username: string): Promise<string> {
  if (!tokens.has(username)) {
    const { stdout } = await run('npx', ['tsx', 'infra/local/token.ts', username]);
    tokens.set(username, stdout.trim());
  }
  return tokens.get(username)!;
}

async function http(method: string, path: string, as?: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(as ? { authorization: `Bearer ${await token(as)}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: text ? JSON.parse(text) : undefined };
}

beforeAll(async () => {
  // Monday 2 November 2026, 09:00 WIB: inside SMS hours.
  stack = await startLocalStack({ PANTAU_NOW: '2026-11-02T09:00:00+07:00', QUEUE_VISIBILITY_SECONDS: '2' });
  base = stack.api;
});

afterAll(() => stack?.stop());

describe('on the local stack', () => {
  it('an employee files a leave; verifier, approver and operator carry it to completion; the public follows it', async () => {
    const { body: service } = await http('GET', '/service-types/CUTI', 'budi');
    const created = await http('POST', '/proposals', 'budi', {
      serviceType: 'CUTI',
      payload: service.examplePayload,
      documents: [{ code: 'FORMULIR_CUTI', reference: 'dms://cuti/budi.pdf' }],
    }, { 'idempotency-key': 'e2e-budi-cuti-0001' });
    expect(created.status).toBe(201);
    const { id, pin } = created.body;

    const act = (as: string, body: Record<string, unknown>) => http('POST', `/proposals/${id}/transitions`, as, body);
    expect((await act('budi', { action: 'submit', expectedVersion: 1 })).status).toBe(200);
    // Submitted Monday 2 November 2026 09:00 WIB; two working days: end of Wednesday 4 November WIB.
    const inbox = await http('GET', '/inbox', 'ver.sleman');
    const row = inbox.body.items.find((item: { id: string }) => item.id === id);
    expect(row).toMatchObject({ status: 'IN_PROGRESS', dueAt: '2026-11-04T16:59:59.999Z', overdue: false });

    expect((await act('ver.sleman', { action: 'forward', expectedVersion: 2 })).body.stage.code).toBe('KEPUTUSAN_PYBMC');
    expect((await act('appr.sleman', { action: 'approve', expectedVersion: 3 })).body.status).toBe('APPROVED');
    const done = await act('op.sleman', { action: 'complete', expectedVersion: 4, output: service.exampleOutput });
    expect(done.body.status).toBe('COMPLETED');

    const seen = await http('GET', `/proposals/${id}`, 'budi');
    expect(seen.body.history.map((e: { type: string }) => e.type)).toEqual(['create', 'submit', 'forward', 'approve', 'complete']);
    expect(seen.body.allowedActions).toEqual([]);

    // One email and one SMS per status change, where the user can see them, each listed once.
    const budiEmail = 'budi.santoso@example.com';
    const budiPhone = '+6281227140031';
    const mails = await waitFor(async () => (await emailsTo(stack, budiEmail)).filter((m) => m.subject.includes(id)), (list) => list.length >= 4);
    expect(mails.map((m) => m.subject)).toHaveLength(4);
    for (const mail of mails) {
      expect(mail.body.html).toContain(`/track/${id}`);
      expect(mail.body.text).toContain(id);
    }
    const texts = await waitFor(async () => (await smsTo(stack, budiPhone)).filter((m) => m.message.includes(id)), (list) => list.length >= 4);
    expect(texts).toHaveLength(4);
    for (const sms of texts) expect(sms.message.length).toBeLessThanOrEqual(160);

    const withDeliveries = await waitFor(
      async () => (await http('GET', `/proposals/${id}`, 'budi')).body,
      (view) => view.deliveries.length === 8 && view.deliveries.every((d: { state: string }) => d.state === 'SENT'),
    );
    const keys = withDeliveries.deliveries.map((d: { eventSeq: number; channel: string }) => `${d.eventSeq}/${d.channel}`);
    expect(new Set(keys).size).toBe(8);

    const tracked = await http('GET', `/track/${id}?pin=${pin}`);
    expect(tracked.status).toBe(200);
    expect(tracked.body.statusLabel.id).toBe('Selesai');
    expect(tracked.body.timeline.find((t: { type: string }) => t.type === 'submit').notifiedBy).toEqual(['email', 'sms']);
    const publicText = JSON.stringify(tracked.body);
    for (const secret of ['198503142010031004', budiEmail, budiPhone, 'Budi']) expect(publicText).not.toContain(secret);
  });

  it('an operator files a promotion that the covering Kanreg verifies and approves; another Kanreg never sees it', async () => {
    const { body: service } = await http('GET', '/service-types/KENAIKAN_PANGKAT', 'op.sleman');
    const created = await http('POST', '/proposals', 'op.sleman', {
      serviceType: 'KENAIKAN_PANGKAT',
      nip: '199007222015012001',
      payload: service.examplePayload,
      documents: service.requiredDocuments.map((d: { code: string }) => ({ code: d.code, reference: `dms://kp/${d.code}.pdf` })),
    });
    expect(created.status).toBe(201);
    const { id } = created.body;
    const act = (as: string, body: Record<string, unknown>) => http('POST', `/proposals/${id}/transitions`, as, body);
    await act('op.sleman', { action: 'submit', expectedVersion: 1 });
    await act('appr.sleman', { action: 'forward', expectedVersion: 2 });
    expect((await http('GET', `/proposals/${id}`, 'ver.kanreg8')).status).toBe(404);
    const returned = await act('ver.kanreg1', { action: 'return', expectedVersion: 3, reason: { code: 'DOKUMEN_TIDAK_LENGKAP' }, missingItems: ['SK jabatan terbaru'] });
    expect(returned.body.status).toBe('RETURNED');
    expect((await http('GET', '/inbox', 'op.sleman')).body.items.map((i: { id: string }) => i.id)).toContain(id);
    await act('op.sleman', { action: 'resubmit', expectedVersion: 4 });
    await act('ver.kanreg1', { action: 'forward', expectedVersion: 5 });
    await act('appr.kanreg1', { action: 'approve', expectedVersion: 6 });
    const done = await act('op.sleman', { action: 'complete', expectedVersion: 7, output: service.exampleOutput });
    expect(done.body.status).toBe('COMPLETED');
    const stale = await act('op.sleman', { action: 'withdraw', expectedVersion: 7 });
    expect(stale.status).toBe(409);
    expect(stale.type).toBe('application/problem+json');
  });
});
