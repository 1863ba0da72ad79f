import jsQR from 'jsqr';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { stackToken } from '../support/tokens';
import { findUser } from '../../infra/local/seed-data';
import { consoleErrors, expectNoAxeViolations, horizontalOverflow, launchBrowser, openContext, printToPdf, REFLOW, screenshot } from '../support/browser';
import { checkedFetch } from '../support/contract';

/**
 * The receipt in Chromium, on the local stack, as the applicant's front end would open it (with
 * her token): WCAG 2.2 AA by axe in both languages with JavaScript on and off, reflow at 320 px
 * and at 200% zoom, one A4 page printed, and a QR code that a decoder reads back as the link.
 * The error page a browser gets for an unknown route passes the same checks.
 */

let browser: Browser;
let api: string;
let authorization: string;
let filed: { id: string; trackingLink: string };

beforeAll(async () => {
  api = inject('browserStackApi');
  browser = await launchBrowser();
  const sri = findUser('sri');
  if (!sri) throw new Error('the seed has no user sri');
  authorization = `Bearer ${await stackToken({ cognito: inject('browserStackCognito') }, sri.username)}`;
  const service = await checkedFetch(`${api}/service-types/CUTI`, { headers: { authorization } });
  const created = await checkedFetch(`${api}/proposals`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify({ serviceType: 'CUTI', payload: service.body.examplePayload, documents: [{ code: 'FORMULIR_CUTI', reference: 'dms://cuti/sri.pdf' }] }),
  });
  expect(created.status).toBe(201);
  // Submitted: the receipt then tells the stage it is at and its due date, the longest wording.
  const submitted = await checkedFetch(`${api}/proposals/${created.body.id}/transitions`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify({ action: 'submit', expectedVersion: 1 }),
  });
  expect(submitted.status).toBe(200);
  filed = { id: created.body.id, trackingLink: created.body.trackingLink };
});

afterAll(() => browser?.close());

/** The QR code on the page as a picture, read back by a decoder. */
async function decodeQr(page: Page): Promise<string | undefined> {
  const png = PNG.sync.read(await page.locator('svg.qr').screenshot());
  return jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height)?.data;
}

const HEADINGS = { id: 'Bukti pengajuan usulan', en: 'Proposal filing receipt' } as const;

describe.each([
  ['id', true],
  ['id', false],
  ['en', true],
  ['en', false],
] as const)('the receipt, %s, JavaScript %s', (lang, javaScript) => {
  const name = `receipt-${lang}-${javaScript ? 'js' : 'nojs'}`;

  it('passes axe with no violations and no CSP violation, in its language, and reflows at 320 px (axe again) and at 200% zoom', async () => {
    const context = await openContext(browser, { javaScript, lang, headers: { authorization } });
    const page = await context.newPage();
    const errors = consoleErrors(page);
    const response = await page.goto(`${api}/proposals/${filed.id}/receipt`);
    expect(response?.status()).toBe(200);
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    expect(await page.locator('h1').textContent()).toBe(HEADINGS[lang]);
    expect(await page.locator('.link a').textContent()).toBe(filed.trackingLink);
    // The inline stylesheet applied (allowed by its hash): the QR code has the size it is given.
    expect((await page.locator('svg.qr').boundingBox())?.width).toBeCloseTo(192, 0);
    await expectNoAxeViolations(page, `${name}, 1280 px`);
    await screenshot(page, name);
    expect(await horizontalOverflow(page, REFLOW.narrow), `${name} at 320 px`).toEqual([]);
    await expectNoAxeViolations(page, `${name}, 320 px`);
    await screenshot(page, `${name}-320px`);
    expect(await horizontalOverflow(page, REFLOW.zoom200), `${name} at 200% zoom`).toEqual([]);
    await screenshot(page, `${name}-zoom200`);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe.each(['id', 'en'] as const)('the receipt printed, %s', (lang) => {
  it('is one A4 page', async () => {
    const context = await openContext(browser, { javaScript: false, lang, headers: { authorization } });
    const page = await context.newPage();
    await page.goto(`${api}/proposals/${filed.id}/receipt`);
    const { pages, path } = await printToPdf(page, `receipt-${lang}`);
    expect(pages, path).toBe(1);
    await context.close();
  });
});

describe('the QR code', () => {
  it('reads back as the tracking link: on a screen, on a phone, and printed', async () => {
    const context = await openContext(browser, { javaScript: false, headers: { authorization } });
    const page = await context.newPage();
    await page.goto(`${api}/proposals/${filed.id}/receipt`);
    expect(filed.trackingLink).toMatch(new RegExp(`^${api}/t/${filed.id}/[A-Za-z0-9_-]{13}$`));
    expect(await decodeQr(page)).toBe(filed.trackingLink);
    await page.setViewportSize(REFLOW.narrow);
    expect(await decodeQr(page)).toBe(filed.trackingLink);
    await page.emulateMedia({ media: 'print' });
    expect(await decodeQr(page)).toBe(filed.trackingLink);
    await context.close();
  });

  it('is what the decoder reads, not anything it would accept: another proposal’s code reads as its own link', async () => {
    const created = await checkedFetch(`${api}/proposals`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ serviceType: 'CUTI', payload: (await checkedFetch(`${api}/service-types/CUTI`, { headers: { authorization } })).body.examplePayload, documents: [{ code: 'FORMULIR_CUTI', reference: 'dms://cuti/sri-2.pdf' }] }),
    });
    const context = await openContext(browser, { javaScript: true, headers: { authorization } });
    const page = await context.newPage();
    await page.goto(`${api}/proposals/${created.body.id}/receipt`);
    const read = await decodeQr(page);
    expect(read).toBe(created.body.trackingLink);
    expect(read).not.toBe(filed.trackingLink);
    await context.close();
  });
});

describe.each([
  ['id', true],
  ['id', false],
  ['en', true],
  ['en', false],
] as const)('error pages, %s, JavaScript %s', (lang, javaScript) => {
  it('an unknown route opened in the browser: a 404 page that passes axe and reflows', async () => {
    // Signed in, as a front end's browser is: without a token the gateway's authorizer answers
    // for any path that is not a public route (401, before Pantau), locally as in the cloud.
    const context = await openContext(browser, { javaScript, lang, headers: { authorization } });
    const page = await context.newPage();
    const errors = consoleErrors(page);
    const response = await page.goto(`${api}/t/USL-0000-0000-0000/not-a-route/at-all`);
    expect(response?.status()).toBe(404);
    expect(response?.headers()['content-type']).toBe('text/html; charset=utf-8');
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    await expectNoAxeViolations(page, `the unknown-route page, ${lang}, JavaScript ${javaScript}`);
    for (const viewport of Object.values(REFLOW)) expect(await horizontalOverflow(page, viewport)).toEqual([]);
    await screenshot(page, `error-unknown-route-${lang}-${javaScript ? 'js' : 'nojs'}`);
    // Chromium reports the page's own 404 on the console; anything else (a CSP violation) would be ours.
    expect(errors.filter((e) => !/status of 404/.test(e))).toEqual([]);
    await context.close();
  });
});

// The same template as the page above: each language once, and JavaScript each way once.
describe.each([
  ['id', true],
  ['en', false],
] as const)('the receipt’s not-found page, %s, JavaScript %s', (lang, javaScript) => {
  it('a receipt outside the reader’s scope: the not-found page, which passes axe', async () => {
    const budi = findUser('budi');
    const context = await openContext(browser, { javaScript, lang, headers: { authorization: `Bearer ${await stackToken({ cognito: inject('browserStackCognito') }, budi!.username)}` } });
    const page = await context.newPage();
    const response = await page.goto(`${api}/proposals/${filed.id}/receipt`);
    expect(response?.status()).toBe(404);
    expect(await page.content()).not.toContain(filed.id);
    await expectNoAxeViolations(page, `the receipt's 404, ${lang}, JavaScript ${javaScript}`);
    await context.close();
  });
});
