import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { stackToken } from '../support/tokens';
import { findUser } from '../../infra/local/seed-data';
import { TRACKING_FAILURES_PER_HOUR } from '../../shared/app/tracking';
import { cuti } from '../../shared/domain/catalog/cuti';
import { consoleErrors, expectNoAxeViolations, horizontalOverflow, launchBrowser, openContext, REFLOW, screenshot } from '../support/browser';
import { checkedFetch } from '../support/contract';
import { smsTo, waitFor } from '../support/local-outboxes';

/**
 * The public tracking page in Chromium, on the local stack, as the employee meets it: the link in
 * the SMS from the local outbox opened straight away; the page in each state of a proposal in
 * both languages with JavaScript on and off; the number-and-PIN form, and what it answers when
 * the PIN is wrong, when the number is locked, and for an unknown number or a tampered link.
 * Every page: WCAG 2.2 AA by axe, no sideways scrolling at 320 px and at 200% zoom, a screenshot
 * in test-output/browser/, no request to anywhere but the API, and nothing on the console.
 *
 * Languages: with JavaScript on, by Accept-Language; with it off, Indonesian by Accept-Language
 * and English by the page's own switch link (?lang=en), clicked as a reader would.
 */

let browser: Browser;
let api: string;
const tokens = new Map<string, string>();
const budi = findUser('budi')!;

async function auth(username: string): Promise<Record<string, string>> {
  if (!tokens.has(username)) tokens.set(username, `Bearer ${await stackToken({ cognito: inject('browserStackCognito') }, username)}`);
  return { authorization: tokens.get(username)!, 'content-type': 'application/json' };
}

interface Filed {
  id: string;
  pin: string;
  version: number;
  trackingLink: string;
}

let leaves = 0;
/** A weekday of its own from Monday 7 December 2026 for each leave, so no approved leave overlaps another. */
function leavePayload() {
  const day = new Date(Date.UTC(2026, 11, 7 + Math.floor(leaves / 5) * 7 + (leaves % 5))).toISOString().slice(0, 10);
  leaves += 1;
  return { ...(cuti.examplePayload as object), tanggalMulai: day, tanggalSelesai: day };
}

async function fileLeave(): Promise<Filed> {
  const created = await checkedFetch(`${api}/proposals`, {
    method: 'POST',
    headers: await auth('budi'),
    body: JSON.stringify({ serviceType: 'CUTI', payload: leavePayload(), documents: [{ code: 'FORMULIR_CUTI', reference: 'dms://cuti/budi.pdf' }] }),
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { id: created.body.id, pin: created.body.pin, version: created.body.version, trackingLink: created.body.trackingLink };
}

async function act(filed: Filed, as: string, body: Record<string, unknown>): Promise<void> {
  const moved = await checkedFetch(`${api}/proposals/${filed.id}/transitions`, { method: 'POST', headers: await auth(as), body: JSON.stringify({ ...body, expectedVersion: filed.version }) });
  expect(moved.status, JSON.stringify(moved.body)).toBe(200);
  filed.version = moved.body.version;
}

const wrongPin = (pin: string) => (pin === '000000' ? '111111' : '000000');

const STATES = ['inProgress', 'returned', 'approved', 'completed', 'rejected', 'withdrawn'] as const;
type State = (typeof STATES)[number];
const filed = {} as Record<State | 'locked', Filed>;
/** The link taken out of the SMS the submission of the one in progress sent. */
let smsLink: string;

beforeAll(async () => {
  api = inject('browserStackApi');
  browser = await launchBrowser();
  for (const state of [...STATES, 'locked'] as const) filed[state] = await fileLeave();
  for (const state of ['inProgress', 'returned', 'approved', 'completed', 'rejected', 'withdrawn'] as const) await act(filed[state], 'budi', { action: 'submit' });
  // Returned with a reason code and a catalog document to fix: the page names the document.
  await act(filed.returned, 'ver.sleman', { action: 'return', reason: { code: 'DOKUMEN_TIDAK_TERBACA' }, missingItems: ['FORMULIR_CUTI'] });
  for (const state of ['approved', 'completed'] as const) {
    await act(filed[state], 'ver.sleman', { action: 'forward' });
    await act(filed[state], 'appr.sleman', { action: 'approve' });
  }
  await act(filed.completed, 'op.sleman', { action: 'complete', output: cuti.exampleOutput });
  await act(filed.rejected, 'ver.sleman', { action: 'reject', reason: { code: 'KEBUTUHAN_DINAS' } });
  await act(filed.withdrawn, 'budi', { action: 'withdraw' });
  // The limit's wrong tries on one proposal, posted as the form posts them: the next try is locked out.
  const { id: lockedId, pin: lockedPin } = filed.locked;
  for (let i = 0; i < TRACKING_FAILURES_PER_HOUR; i++) {
    const answer = await checkedFetch(`${api}/track`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, body: new URLSearchParams({ number: lockedId, pin: wrongPin(lockedPin) }).toString() });
    expect(answer.status).toBe(404);
  }

  const id = filed.inProgress.id;
  const texts = await waitFor(() => smsTo({ smsOutbox: `${api}/_local/sms` }, budi.contact?.phone ?? '+6281227140031'), (all) => all.some((m) => m.message.includes(id)));
  smsLink = /https?:\/\/\S+/.exec(texts.find((m) => m.message.includes(id))!.message)![0];
}, 120_000);

afterAll(() => browser?.close());

/** A page in a fresh context, with what it asks for and what it logs recorded. */
interface Watched {
  context: BrowserContext;
  page: Page;
  requests: string[];
  errors: string[];
}

async function open(javaScript: boolean, lang: 'id' | 'en'): Promise<Watched> {
  const context = await openContext(browser, { javaScript, lang });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  return { context, page, requests, errors: consoleErrors(page) };
}

/** Nothing fetched from anywhere but the API, nothing on the console but the page's own status (a 404, a 429). */
async function closeClean({ context, requests, errors }: Watched, statuses: number[] = []): Promise<void> {
  const origin = new URL(api).origin;
  expect(requests.length).toBeGreaterThan(0);
  expect(requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);
  const own = new RegExp(`status of (${statuses.join('|') || 'none'})\\b`);
  expect(errors.filter((e) => !own.test(e))).toEqual([]);
  await context.close();
}

/** axe at the desktop width, no sideways scroll at 320 px and at 200% zoom, a screenshot at 320 px. */
async function audit(page: Page, name: string): Promise<void> {
  await expectNoAxeViolations(page, name);
  expect(await horizontalOverflow(page, REFLOW.zoom200), `${name} at 200% zoom`).toEqual([]);
  expect(await horizontalOverflow(page, REFLOW.narrow), `${name} at 320 px`).toEqual([]);
  await screenshot(page, name);
  await page.setViewportSize({ width: 1280, height: 800 });
}

const TAGS: Record<State, Record<'id' | 'en', string>> = {
  inProgress: { id: 'Sedang diproses', en: 'In progress' },
  returned: { id: 'Perlu diperbaiki', en: 'Needs fixing' },
  approved: { id: 'Disetujui', en: 'Approved' },
  completed: { id: 'Selesai', en: 'Completed' },
  rejected: { id: 'Ditolak', en: 'Rejected' },
  withdrawn: { id: 'Dibatalkan', en: 'Withdrawn' },
};
const SERVICE = { id: 'Usul Cuti', en: 'Leave proposal' } as const;

/** The proposal's page as a reader sees it: its number, its service, its status tag, in its language. */
async function expectProposalPage(page: Page, state: State, lang: 'id' | 'en'): Promise<void> {
  expect(await page.getAttribute('html', 'lang')).toBe(lang);
  expect(await page.locator('h1').textContent()).toBe(SERVICE[lang]);
  expect(await page.locator('.number').textContent()).toBe(filed[state].id);
  expect(await page.locator('.tag').textContent()).toBe(TAGS[state][lang]);
}

const mode = (javaScript: boolean) => (javaScript ? 'js' : 'nojs');

describe('done when: the link in the SMS', () => {
  it('opens the proposal’s page in Chromium at once, with no PIN, and it passes axe', async () => {
    expect(smsLink).toBe(filed.inProgress.trackingLink);
    expect(smsLink.startsWith(`${api}/t/${filed.inProgress.id}/`)).toBe(true);
    const watched = await open(true, 'id');
    const response = await watched.page.goto(smsLink);
    expect(response?.status()).toBe(200);
    await expectProposalPage(watched.page, 'inProgress', 'id');
    expect(await watched.page.locator('main').textContent()).toContain('Diberitahukan lewat');
    await expectNoAxeViolations(watched.page, 'the page from the SMS link');
    await screenshot(watched.page, 'tracking-from-sms');
    await closeClean(watched);
  });
});

describe.each(STATES)('the tracking page, %s', (state) => {
  it.each([true, false])('in Indonesian and English, JavaScript %s: axe clean, reflows, nothing from elsewhere', async (javaScript) => {
    const link = filed[state].trackingLink;
    const id = await open(javaScript, 'id');
    expect((await id.page.goto(link))?.status()).toBe(200);
    await expectProposalPage(id.page, state, 'id');
    if (state === 'returned') expect(await id.page.locator('main ul li').allTextContents()).toEqual(['Formulir permintaan cuti']);
    await audit(id.page, `tracking-${state}-id-${mode(javaScript)}`);
    if (javaScript) {
      await closeClean(id);
      // English by Accept-Language.
      const en = await open(javaScript, 'en');
      expect((await en.page.goto(link))?.status()).toBe(200);
      await expectProposalPage(en.page, state, 'en');
      await audit(en.page, `tracking-${state}-en-${mode(javaScript)}`);
      await closeClean(en);
    } else {
      // English by the switch on the page, followed without a script.
      await id.page.getByRole('link', { name: 'English' }).click();
      await id.page.waitForURL(`${link}?lang=en`);
      await expectProposalPage(id.page, state, 'en');
      if (state === 'returned') expect(await id.page.locator('main ul li').allTextContents()).toEqual(['Leave request form']);
      await audit(id.page, `tracking-${state}-en-${mode(javaScript)}`);
      await closeClean(id);
    }
  });
});

const LANGS_AND_MODES = [
  ['id', true],
  ['id', false],
  ['en', true],
  ['en', false],
] as const;

const FORM = {
  id: { title: 'Lacak usulan', number: 'Nomor usulan', pin: 'PIN', submit: 'Lacak', wrong: 'Nomor usulan atau PIN tidak cocok', later: /Silakan coba lagi dalam \d+ menit\./, notFound: 'Tautan yang terpotong atau diubah tidak dapat dibuka' },
  en: { title: 'Track a proposal', number: 'Proposal number', pin: 'PIN', submit: 'Track', wrong: 'The proposal number or the PIN does not match', later: /Please try again in \d+ minutes?\./, notFound: 'A link that was cut short or changed cannot be opened' },
} as const;

/** Types the number and PIN into the form, by their labels, and sends it with the button. */
async function submitForm(page: Page, lang: 'id' | 'en', number: string, pin: string) {
  await page.getByLabel(FORM[lang].number, { exact: true }).fill(number);
  await page.getByLabel(FORM[lang].pin, { exact: true }).fill(pin);
  const posted = page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/track');
  await page.getByRole('button', { name: FORM[lang].submit }).click();
  const response = await posted;
  await page.waitForLoadState('load');
  return response;
}

describe.each(LANGS_AND_MODES)('the number and PIN form, %s, JavaScript %s', (lang, javaScript) => {
  const name = `${lang}-${mode(javaScript)}`;

  it('renders and passes axe; a wrong PIN gets it again with the alert and both fields marked (axe clean); the right PIN lands on the page by a 303, in no URL', async () => {
    const watched = await open(javaScript, lang);
    const { page } = watched;
    expect((await page.goto(`${api}/track`))?.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toBe(FORM[lang].title);
    await audit(page, `track-form-${name}`);

    const wrong = await submitForm(page, lang, filed.withdrawn.id, wrongPin(filed.withdrawn.pin));
    expect(wrong.status()).toBe(404);
    expect(page.url()).toBe(`${api}/track`);
    expect(await page.getByRole('alert').textContent()).toContain(FORM[lang].wrong);
    for (const label of [FORM[lang].number, FORM[lang].pin]) {
      const field = page.getByLabel(label, { exact: true });
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      expect(await field.getAttribute('aria-describedby')).toContain('form-alert');
    }
    expect(await page.getByLabel(FORM[lang].number, { exact: true }).inputValue()).toBe(filed.withdrawn.id);
    expect(await page.getByLabel(FORM[lang].pin, { exact: true }).inputValue()).toBe('');
    await audit(page, `track-wrong-pin-${name}`);

    // Tried again from the form the wrong PIN answered, as a reader would.
    const { id, pin } = filed.inProgress;
    const posted = await submitForm(page, lang, id, pin);
    expect(posted.status()).toBe(303);
    expect(posted.headers().location).toMatch(new RegExp(`^/t/${id}/[A-Za-z0-9_-]{13}\\?lang=${lang}$`));
    expect(page.url()).toBe(`${filed.inProgress.trackingLink}?lang=${lang}`);
    await expectProposalPage(page, 'inProgress', lang);
    // The PIN went in the POST body only: in no URL asked for, and no Referer.
    expect(watched.requests.filter((url) => url.includes(pin))).toEqual([]);
    const landed = posted.request().redirectedTo();
    expect(landed?.url()).toBe(page.url());
    expect((await landed!.allHeaders()).referer).toBeUndefined();
    await closeClean(watched, [404]);
  });

  it('too many tries: the right PIN too gets the 429 page saying when to try again; an unknown number and a tampered link the very same not-found page; axe clean', async () => {
    const watched = await open(javaScript, lang);
    const { page } = watched;
    await page.goto(`${api}/track`);
    const { id: lockedId, pin: lockedPin } = filed.locked;
    const locked = await submitForm(page, lang, lockedId, lockedPin);
    expect(locked.status()).toBe(429);
    expect(Number(locked.headers()['retry-after'])).toBeGreaterThan(0);
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    expect(await page.getByRole('alert').textContent()).toMatch(FORM[lang].later);
    expect(await page.content()).not.toContain(lockedPin);
    await audit(page, `track-too-many-${name}`);

    const { id, trackingLink } = filed.rejected;
    const token = trackingLink.split('/').at(-1)!;
    const changed = token.slice(0, 6) + (token[6] === 'A' ? 'B' : 'A') + token.slice(7);
    const pages: string[] = [];
    for (const [what, path] of [
      ['tampered', `/t/${id}/${changed}`],
      // A number no other file uses: each bad link counts towards its lock, on the stack all browser files share.
      ['unknown', `/t/USL-2222-2222-2222/${token}`],
    ] as const) {
      const response = await page.goto(`${api}${path}`);
      expect(response?.status(), what).toBe(404);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      expect(await page.locator('main').textContent()).toContain(FORM[lang].notFound);
      pages.push(await page.content());
      // One page, so one audit: the second is the very same document.
      if (what === 'tampered') await audit(page, `tracking-not-found-${name}`);
    }
    expect(pages[0]).toBe(pages[1]);
    await closeClean(watched, [404, 429]);
  });
});
