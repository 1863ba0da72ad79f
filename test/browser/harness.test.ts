import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, horizontalOverflow, launchBrowser, openContext, pdfPageCount, printToPdf, REFLOW } from '../support/browser';

/**
 * The harness's own checks can fail: each is shown a page that breaks it. (Without these, a page
 * test passing would say nothing.)
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

const BAD = '<!doctype html><html><head><title>x</title></head><body><p style="color:#bbb">faint</p><img src="data:,"><div style="width:900px">wide</div></body></html>';

describe.each([true, false])('the browser harness, JavaScript %s', (javaScript) => {
  it('finds axe violations, and says which', async () => {
    const context = await openContext(browser, { javaScript });
    const page = await context.newPage();
    await page.setContent(BAD);
    const failure = await expectNoAxeViolations(page, 'a bad page').then(() => undefined, (error: Error) => error.message);
    expect(failure).toMatch(/color-contrast/);
    expect(failure).toMatch(/image-alt/);
    expect(failure).toMatch(/html-has-lang/);
    await context.close();
  });

  it('finds a page that scrolls sideways at 320 px, and one that does not', async () => {
    const context = await openContext(browser, { javaScript });
    const page = await context.newPage();
    await page.setContent(BAD);
    const overflow = await horizontalOverflow(page, REFLOW.narrow);
    expect(overflow[0]).toMatch(/^document 9\d\d px wide in a 320 px window$/);
    expect(overflow).toContain('div');
    await page.setContent('<!doctype html><html lang="en"><head><title>x</title></head><body><p>narrow</p></body></html>');
    expect(await horizontalOverflow(page, REFLOW.narrow)).toEqual([]);
    await context.close();
  });
});

it('counts the pages of a PDF Chromium prints', async () => {
  const context = await openContext(browser, { javaScript: false });
  const page = await context.newPage();
  await page.setContent(`<!doctype html><html lang="en"><head><title>x</title></head><body>${'<p style="break-after:page">a page</p>'.repeat(3)}</body></html>`);
  const { pages, pdf } = await printToPdf(page, 'harness-three-pages');
  expect(pages).toBe(3);
  expect(pdfPageCount(pdf)).toBe(3);
  await context.close();
});
