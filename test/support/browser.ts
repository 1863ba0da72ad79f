import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * The real-browser harness every page test uses: Debian's Chromium (`apt-get install chromium`,
 * as .ci/run does) driven by playwright-core, which never downloads a browser of its own.
 *
 *   const browser = await launchBrowser();                  // one per test file, in beforeAll
 *   const context = await openContext(browser, { javaScript: false, lang: 'en' });
 *   const page = await context.newPage();
 *   await page.goto(url);
 *   await expectNoAxeViolations(page, 'the receipt, en, JS off');
 *   expect(await horizontalOverflow(page, REFLOW.narrow)).toEqual([]);
 *   await screenshot(page, 'receipt-en-no-js');            // test-output/browser/, not committed
 *
 * CHROMIUM_PATH points elsewhere on a machine whose Chromium lives elsewhere.
 */

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** What Chromium needs on these machines: no sandbox (root in a container), no GPU, nothing phoning home. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] as const;

/** WCAG 2.2 AA as axe tags it: every level-A and AA rule up to 2.2. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] as const;

/**
 * WCAG 1.4.10 (reflow): content readable at 320 CSS px wide without scrolling sideways, and at
 * 200% zoom, which on a 1280 px wide window is a 640 CSS px viewport.
 */
export const REFLOW = {
  narrow: { width: 320, height: 640 },
  zoom200: { width: 640, height: 400 },
} as const;

const root = fileURLToPath(new URL('../..', import.meta.url));
/** Where screenshots and PDFs go: test output, ignored by git. */
export const OUTPUT_DIR = join(root, 'test-output', 'browser');

// The page's own globals, for the functions sent to it (the project's lib has no DOM types).
declare const document: { documentElement: { scrollWidth: number; clientWidth: number }; querySelectorAll(selector: string): Iterable<{ getBoundingClientRect(): { right: number; left: number }; tagName: string; className: unknown; id: string }> };
declare const window: { setTimeout: unknown; clearTimeout: unknown; innerWidth: number };

/** Fails with what to do when there is no Chromium: never a silent skip. */
export function requireChromium(): void {
  if (existsSync(CHROMIUM_PATH)) return;
  throw new Error(
    `No Chromium at ${CHROMIUM_PATH}: the page tests run in a real browser. Install Debian's with ` +
      '`sudo apt-get install -y chromium` (what .ci/run does), or set CHROMIUM_PATH to a Chromium or Chrome binary. ' +
      'Nothing downloads one for you.',
  );
}

/**
 * A headless Chromium for one test file. Playwright gives each launch a fresh user-data dir of its
 * own (a temporary profile, removed on close), so no state leaks between files or runs.
 */
export async function launchBrowser(): Promise<Browser> {
  requireChromium();
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
}

export interface ContextOptions {
  javaScript: boolean;
  /** Sent as Accept-Language (and the browser's locale); unset, the browser's own (en-US). */
  lang?: 'id' | 'en';
  viewport?: { width: number; height: number };
  /** Sent with every request, e.g. the bearer token a front end would send for a signed-in page. */
  headers?: Record<string, string>;
}

const javaScriptOf = new WeakMap<BrowserContext, boolean>();

/** A fresh context (cookies, cache, storage) with JavaScript on or off. */
export async function openContext(browser: Browser, { javaScript, lang, viewport = { width: 1280, height: 800 }, headers = {} }: ContextOptions): Promise<BrowserContext> {
  const locale = lang === 'id' ? 'id-ID' : lang === 'en' ? 'en-GB' : undefined;
  const context = await browser.newContext({
    javaScriptEnabled: javaScript,
    viewport,
    ...(locale ? { locale } : {}),
    extraHTTPHeaders: { ...(lang ? { 'accept-language': lang === 'id' ? 'id-ID,id;q=0.9' : 'en-GB,en;q=0.9' } : {}), ...headers },
  });
  javaScriptOf.set(context, javaScript);
  return context;
}

/** Collects what the page's console reports: a CSP violation is reported there, as an error. */
export function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown; failureSummary?: string }[];
}

/** The violations, one paragraph each: rule, impact, what it asks, and where. */
export function describeViolations(violations: readonly AxeViolation[]): string {
  return violations
    .map((v) => `${v.id} (${v.impact ?? 'n/a'}): ${v.help}\n  ${v.helpUrl}\n${v.nodes.map((n) => `  at ${JSON.stringify(n.target)}\n    ${(n.failureSummary ?? '').replaceAll('\n', '\n    ')}`).join('\n')}`)
    .join('\n\n');
}

/**
 * Runs axe with WCAG_TAGS over the page as it is now and fails, listing every violation, unless
 * there are none.
 *
 * With JavaScript off, Chromium runs no timer callback at all, and axe defers its work with
 * setTimeout; its promises still settle. So in such a page the audit's own zero-delay timers are
 * run as promise jobs (its longer ones are only timeouts for frames that never answer, and are
 * dropped). The page has no script of its own to be affected: what axe reads, the DOM and its
 * styles, is what a reader with JavaScript off gets.
 */
export async function expectNoAxeViolations(page: Page, what: string): Promise<void> {
  if (javaScriptOf.get(page.context()) === false) {
    await page.evaluate(() => {
      window.setTimeout = (callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
        if (!(Number(ms) > 1)) void Promise.resolve().then(() => callback(...args));
        return 0;
      };
      window.clearTimeout = () => undefined;
    });
  }
  const results = await new AxeBuilder({ page }).withTags([...WCAG_TAGS]).analyze();
  if (results.violations.length) throw new Error(`axe: ${results.violations.length} violation(s) on ${what}:\n\n${describeViolations(results.violations)}`);
}

/**
 * Lays the page out at `viewport` and answers what scrolls sideways: the document wider than the
 * window, and the elements that stick out past its right edge. An empty list: it reflows.
 */
export async function horizontalOverflow(page: Page, viewport: { width: number; height: number }): Promise<string[]> {
  await page.setViewportSize(viewport);
  return page.evaluate(() => {
    const { scrollWidth, clientWidth } = document.documentElement;
    if (scrollWidth <= clientWidth) return [];
    const out = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > clientWidth + 0.5)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${typeof el.className === 'string' && el.className ? `.${el.className.split(' ').join('.')}` : ''}`);
    return [`document ${scrollWidth} px wide in a ${clientWidth} px window`, ...out.slice(0, 10)];
  });
}

function outputPath(name: string, extension: string): string {
  const path = join(OUTPUT_DIR, `${name.replace(/[^A-Za-z0-9._-]+/g, '-')}.${extension}`);
  mkdirSync(dirname(path), { recursive: true });
  return path;
}

/** A full-page screenshot kept as test output; answers the PNG's bytes and where it was written. */
export async function screenshot(page: Page, name: string): Promise<{ png: Buffer; path: string }> {
  const path = outputPath(name, 'png');
  const png = await page.screenshot({ path, fullPage: true });
  return { png, path };
}

/** The page printed as Chromium prints it, A4, kept as test output beside the screenshots. */
export async function printToPdf(page: Page, name: string): Promise<{ pdf: Buffer; path: string; pages: number }> {
  const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  const path = outputPath(name, 'pdf');
  writeFileSync(path, pdf);
  return { pdf, path, pages: pdfPageCount(pdf) };
}

/** Pages in a PDF as Chromium writes it (Skia): one `/Type /Page` object each, never in a compressed object stream. */
export function pdfPageCount(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g)?.length ?? 0;
}
