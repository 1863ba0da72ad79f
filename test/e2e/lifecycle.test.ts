import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { tokenScriptEnv } from '../support/tokens';
import { checkedFetch, contractDocument } from '../support/contract';
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
    const { stdout } = await run('npx', ['tsx', 'infra/local/token.ts', username], { env: tokenScriptEnv(stack) });
    tokens.set(username, stdout.trim());
  }
  return tokens.get(username)!;
}

/** Every answer is checked against the OpenAPI document on the way (test/support/contract.ts). */
async function http(method: string, path: string, as?: string, body?: unknown, headers: Record<string, string> = {}) {
  return checkedFetch(`${base}${path}`, {
    method,
    headers: {
      ...(as ? { authorization: `Bearer ${await token(as)}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
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
    // Each carries the signed tracking link on this stack, one token for the number under the stack's key.
    const signed = new RegExp(`${base.replaceAll('.', '\\.')}/t/${id}/([A-Za-z0-9_-]{13})(?=[\\s"<]|$)`, 'g');
    const tokens = new Set<string>();
    for (const mail of mails) {
      for (const part of [mail.body.html, mail.body.text]) for (const [, token] of (part ?? '').matchAll(signed)) tokens.add(token!);
      expect(mail.body.text).toContain(id);
      expect(mail.body.text).toContain('http://localhost:5173/settings/notifications');
      expect(mail.body.html).not.toContain('/track/');
    }
    const texts = await waitFor(async () => (await smsTo(stack, budiPhone)).filter((m) => m.message.includes(id)), (list) => list.length >= 4);
    expect(texts).toHaveLength(4);
    for (const sms of texts) {
      expect(sms.message.length).toBeLessThanOrEqual(160);
      expect([...sms.message.matchAll(signed)]).toHaveLength(1);
      for (const [, token] of sms.message.matchAll(signed)) tokens.add(token!);
    }
    expect(tokens.size).toBe(1);

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

describe('the contract, on the local stack', () => {
  it('serves the OpenAPI document the routes generate, and the API reference at /docs from node_modules', async () => {
    expect((await http('GET', '/openapi.json')).body).toEqual(contractDocument());
    const page = await checkedFetch(`${base}/docs`);
    expect(page.status).toBe(200);
    expect(page.type).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    // Nothing from elsewhere: every script, style and icon is this origin's.
    expect(page.text).not.toMatch(/(src|href)="(?!\/docs\/)/);
    expect((await checkedFetch(`${base}/docs/init.js`)).text).toContain("url: '/openapi.json'");
    for (const asset of ['swagger-ui-bundle.js', 'swagger-ui.css', 'favicon-32x32.png']) {
      const file = await checkedFetch(`${base}/docs/${asset}`);
      expect(file.status, asset).toBe(200);
      expect(Number(file.headers.get('content-length')), asset).toBeGreaterThan(100);
    }
    expect((await checkedFetch(`${base}/docs/package.json`)).status).toBe(404);
  });

  it('answers mistakes as problems the document lists for the operation, in the language asked', async () => {
    const sri = { authorization: `Bearer ${await token('sri')}` };
    const post = (body: string, type = 'application/json') => checkedFetch(`${base}/proposals`, { method: 'POST', headers: { ...sri, 'content-type': type }, body });
    const code = (answer: { status: number; body: { code: string } }) => `${answer.status} ${answer.body.code}`;
    expect(code(await post('{"serviceType":'))).toBe('400 MALFORMED_JSON');
    expect(code(await post('serviceType=CUTI', 'application/x-www-form-urlencoded'))).toBe('415 UNSUPPORTED_MEDIA_TYPE');
    expect(code(await post(JSON.stringify({ serviceType: 'CUTI', payload: 'x'.repeat(70_000) })))).toBe('413 PAYLOAD_TOO_LARGE');
    expect(code(await post(JSON.stringify({ serviceType: 'CUTI', payload: {}, admin: true })))).toBe('422 VALIDATION_FAILED');
    expect(code(await http('GET', '/inbox'))).toBe('401 UNAUTHENTICATED');
    expect(code(await http('GET', '/proposals?limit=0', 'sri'))).toBe('422 VALIDATION_FAILED');
    expect(code(await http('GET', '/proposals?cursor=bm90LWEta2V5', 'sri'))).toBe('400 INVALID_CURSOR');
    expect(code(await http('GET', '/proposals/USL-0000-0000-0000', 'sri'))).toBe('404 NOT_FOUND');
    expect(code(await http('POST', '/proposals/USL-0000-0000-0000/transitions', 'sri', { action: 'submit' }))).toBe('428 PRECONDITION_REQUIRED');
    expect(code(await http('PUT', '/calendar/2030', 'sri', { year: 2030, holidays: [], collectiveLeave: [] }))).toBe('403 FORBIDDEN');
    const english = await http('GET', '/employees/199001012015032001', 'sri', undefined, { 'accept-language': 'en' });
    expect(english.body).toMatchObject({ status: 404, code: 'NOT_FOUND', title: 'Not found' });

    // Ten wrong PINs in an hour, then 429 with Retry-After: the answers the document gives /track.
    const { body: service } = await http('GET', '/service-types/CUTI', 'sri');
    const { body: filed } = await http('POST', '/proposals', 'sri', { serviceType: 'CUTI', payload: service.examplePayload });
    const wrongPin = filed.pin === '000000' ? '000001' : '000000';
    for (let i = 0; i < 10; i += 1) expect(code(await http('GET', `/track/${filed.id}?pin=${wrongPin}`))).toBe('404 NOT_FOUND');
    const limited = await http('GET', `/track/${filed.id}?pin=${filed.pin}`);
    expect(code(limited)).toBe('429 TOO_MANY_REQUESTS');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
