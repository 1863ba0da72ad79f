import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PantauClient } from '../../client';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { tokenScriptEnv } from '../support/tokens';
import { checkedFetch, contractDocument } from '../support/contract';
import { emailsTo, smsTo, waitFor } from '../support/local-outboxes';
import { notPage, problemCode, typedClient, type TransitionBody } from '../support/typed-client';

const run = promisify(execFile);

/**
 * The local stack as a user meets it: `npm start` in a child process, tokens from
 * `npm run token`, and a leave and a promotion walked over HTTP through the typed client
 * (client/index.ts), so tsc checks every request and answer here against the OpenAPI document.
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

/** The typed client signed in as `username`; every answer is also checked against the document on the way in. */
const as = async (username: string): Promise<PantauClient> => typedClient(stack, await token(username));

/** Raw requests, for what a typed client cannot send (malformed JSON, a wrong media type). */
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

/** The answer's data, after checking its status: a failed step names its problem. */
function ok<T>(answer: { data?: T; error?: unknown; response: Response }, status = 200): T {
  expect({ status: answer.response.status, error: answer.error }).toEqual({ status, error: undefined });
  return answer.data!;
}

/** One move of a proposal, by whoever's move it is: the typed body a front end's button sends. */
async function act(username: string, id: string, action: TransitionBody['action'], expectedVersion: number, extra: Omit<TransitionBody, 'action' | 'expectedVersion'> = {}) {
  return (await as(username)).POST('/proposals/{id}/transitions', { params: { path: { id } }, body: { action, expectedVersion, ...extra } });
}

beforeAll(async () => {
  // Monday 2 November 2026, 09:00 WIB: inside SMS hours.
  stack = await startLocalStack({ PANTAU_NOW: '2026-11-02T09:00:00+07:00', QUEUE_VISIBILITY_SECONDS: '2' });
  base = stack.api;
});

afterAll(() => stack?.stop());

describe('on the local stack', () => {
  it('an employee files a leave; verifier, approver and operator carry it to completion; the public follows it', async () => {
    const budi = await as('budi');
    const service = ok(await budi.GET('/service-types/{code}', { params: { path: { code: 'CUTI' } } }));
    const created = ok(await budi.POST('/proposals', {
      params: { header: { 'Idempotency-Key': 'e2e-budi-cuti-0001' } },
      body: { serviceType: 'CUTI', payload: service.examplePayload, documents: [{ code: 'FORMULIR_CUTI', reference: 'dms://cuti/budi.pdf' }] },
    }), 201);
    const { id, pin } = created;

    expect(ok(await act('budi', id, 'submit', 1)).status).toBe('IN_PROGRESS');
    // Submitted Monday 2 November 2026 09:00 WIB; two working days: end of Wednesday 4 November WIB.
    const inbox = ok(await (await as('ver.sleman')).GET('/inbox'));
    const row = inbox.items.find((item) => item.id === id);
    expect(row).toMatchObject({ status: 'IN_PROGRESS', dueAt: '2026-11-04T16:59:59.999Z', overdue: false });

    expect(ok(await act('ver.sleman', id, 'forward', 2)).stage?.code).toBe('KEPUTUSAN_PYBMC');
    expect(ok(await act('appr.sleman', id, 'approve', 3)).status).toBe('APPROVED');
    const done = ok(await act('op.sleman', id, 'complete', 4, { output: service.exampleOutput }));
    expect(done.status).toBe('COMPLETED');

    const seen = ok(await budi.GET('/proposals/{id}', { params: { path: { id } } }));
    expect(seen.history.map((e) => e.type)).toEqual(['create', 'submit', 'forward', 'approve', 'complete']);
    expect(seen.allowedActions).toEqual([]);

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
      async () => ok(await budi.GET('/proposals/{id}', { params: { path: { id } } })),
      (view) => view.deliveries.length === 8 && view.deliveries.every((d) => d.state === 'SENT'),
    );
    const keys = withDeliveries.deliveries.map((d) => `${d.eventSeq}/${d.channel}`);
    expect(new Set(keys).size).toBe(8);

    // The public: no token at all.
    const tracked = notPage(ok(await typedClient(stack).GET('/track/{id}', { params: { path: { id }, query: { pin } } })));
    expect(tracked.statusLabel.id).toBe('Selesai');
    expect(tracked.timeline.find((t) => t.type === 'submit')?.notifiedBy).toEqual(['email', 'sms']);
    const publicText = JSON.stringify(tracked);
    for (const secret of ['198503142010031004', budiEmail, budiPhone, 'Budi']) expect(publicText).not.toContain(secret);
  });

  it('an operator files a promotion that the covering Kanreg verifies and approves; another Kanreg never sees it', async () => {
    const operator = await as('op.sleman');
    const service = ok(await operator.GET('/service-types/{code}', { params: { path: { code: 'KENAIKAN_PANGKAT' } } }));
    // The reference lists give the codes a front end offers: the return below takes one of them.
    const reference = ok(await operator.GET('/reference'));
    const incomplete = reference.returnReasons.find((reason) => reason.code === 'DOKUMEN_TIDAK_LENGKAP');
    expect(incomplete?.names).toEqual({ id: 'Dokumen tidak lengkap', en: 'Documents incomplete' });
    expect(reference.golongan.find((g) => g.code === (service.examplePayload as { golonganUsulan: string }).golonganUsulan)?.names.id).toBe('Penata');
    const created = ok(await operator.POST('/proposals', {
      body: {
        serviceType: 'KENAIKAN_PANGKAT',
        nip: '199007222015012001',
        payload: service.examplePayload,
        documents: service.requiredDocuments.map((d) => ({ code: d.code, reference: `dms://kp/${d.code}.pdf` })),
      },
    }), 201);
    const { id } = created;
    ok(await act('op.sleman', id, 'submit', 1));
    ok(await act('appr.sleman', id, 'forward', 2));
    const elsewhere = await (await as('ver.kanreg8')).GET('/proposals/{id}', { params: { path: { id } } });
    expect([elsewhere.response.status, problemCode(elsewhere.error)]).toEqual([404, 'NOT_FOUND']);
    const returned = ok(await act('ver.kanreg1', id, 'return', 3, { reason: { code: incomplete!.code }, missingItems: ['SK jabatan terbaru'] }));
    expect(returned).toMatchObject({ status: 'RETURNED', lastReason: { code: 'DOKUMEN_TIDAK_LENGKAP' } });
    expect(ok(await operator.GET('/inbox')).items.map((i) => i.id)).toContain(id);
    ok(await act('op.sleman', id, 'resubmit', 4));
    ok(await act('ver.kanreg1', id, 'forward', 5));
    ok(await act('appr.kanreg1', id, 'approve', 6));
    const done = ok(await act('op.sleman', id, 'complete', 7, { output: service.exampleOutput }));
    expect(done.status).toBe('COMPLETED');
    const stale = await act('op.sleman', id, 'withdraw', 7);
    expect([stale.response.status, stale.response.headers.get('content-type'), problemCode(stale.error)]).toEqual([409, 'application/problem+json', 'VERSION_CONFLICT']);
  });
});

describe('the contract, on the local stack', () => {
  it('serves the OpenAPI document the routes generate, and the API reference at /docs from node_modules', async () => {
    expect(ok(await typedClient(stack).GET('/openapi.json'))).toEqual(contractDocument());
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
