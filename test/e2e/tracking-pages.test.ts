import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUser } from '../../infra/local/seed-data';
import { cuti } from '../../shared/domain/catalog/cuti';
import { checkedFetch } from '../support/contract';
import { emailsTo, smsTo, waitFor } from '../support/local-outboxes';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { stackToken } from '../support/tokens';
import { BROWSER_ACCEPT, one, parsePage } from '../support/pages';

/**
 * The README's walk on `npm start`: a leave filed and submitted, the link in the SMS outbox and
 * the SES inbox opened as a browser would, the PIN given where the link asks for it, and the
 * tracking page reached: over HTTP, through the local gateway, every answer held to the document.
 */
let stack: LocalStack;

beforeAll(async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  stack = await startLocalStack({ PANTAU_NOW: '2026-11-02T09:00:00+07:00' });
});
afterAll(() => stack?.stop());

const sri = findUser('sri')!;
const browse = (url: string, init: RequestInit = {}) => checkedFetch(url, { ...init, redirect: 'manual', headers: { accept: BROWSER_ACCEPT, ...init.headers } });

describe('the tracking page on the local stack', () => {
  it('opens from the link in the SMS and the email: straight away when signed, else through the PIN form and its 303', async () => {
    const authorization = `Bearer ${await stackToken(stack, sri.username)}`;
    const created = await checkedFetch(`${stack.api}/proposals`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ serviceType: 'CUTI', payload: cuti.examplePayload, documents: [{ code: 'FORMULIR_CUTI', reference: 'dms://cuti/formulir.pdf' }] }),
    });
    expect(created.status).toBe(201);
    const { id, pin } = created.body as { id: string; pin: string };
    const submitted = await checkedFetch(`${stack.api}/proposals/${id}/transitions`, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify({ action: 'submit', expectedVersion: 1 }) });
    expect(submitted.status).toBe(200);

    const sms = await waitFor(() => smsTo(stack), (all) => all.some((m) => m.message.includes(id)));
    const smsLink = /https?:\/\/\S+/.exec(sms.find((m) => m.message.includes(id))!.message)![0];
    const emails = await waitFor(() => emailsTo(stack), (all) => all.some((e) => e.body.html?.includes(id) ?? false));
    const emailLinks = [...emails.find((e) => e.body.html?.includes(id))!.body.html!.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!).filter((href) => href.includes(id));
    expect(emailLinks.length).toBeGreaterThan(0);

    for (const link of [smsLink, ...emailLinks]) {
      expect(link.startsWith(stack.api), link).toBe(true);
      let answer = await browse(link);
      if (new URL(link).pathname.startsWith('/track/')) {
        // A link without a signature: the form, the number filled in, asks for the PIN.
        expect(answer.status).toBe(200);
        expect(one(parsePage(answer.text).doc, (e) => e.name === 'input' && e.attribs.name === 'number')?.attribs.value).toBe(id);
        const posted = await browse(`${stack.api}/track`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ number: id, pin, lang: 'id' }).toString() });
        expect(posted.status).toBe(303);
        const location = posted.headers.get('location')!;
        expect(location).toMatch(/^\/t\//);
        expect(location).not.toContain(pin);
        answer = await browse(`${stack.api}${location}`);
      }
      expect(answer.status).toBe(200);
      expect(answer.type).toBe('text/html; charset=utf-8');
      const { text } = parsePage(answer.text);
      expect(text).toContain(id);
      expect(text).toContain('Sedang diproses');
      expect(text).toContain('Diberitahukan lewat');
      for (const secret of [sri.nip!, sri.name, pin, 'Keperluan keluarga']) expect(answer.text).not.toContain(secret);
    }
  }, 60_000);

  it('a forged link is the not-found page, through the gateway without a token', async () => {
    const answer = await browse(`${stack.api}/t/USL-0000-0000-0000/aAAAAAAAAAAAA`);
    expect(answer.status).toBe(404);
    expect(answer.type).toBe('text/html; charset=utf-8');
    expect(parsePage(answer.text).text).toContain('Tautan yang terpotong atau diubah tidak dapat dibuka');
  });
});
