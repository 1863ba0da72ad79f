import type { TestProject } from 'vitest/node';
import { requireChromium } from './browser';
import { startLocalStack } from './local-stack';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The local stack the browser tests open pages on, e.g. http://127.0.0.1:41234 */
    browserStackApi: string;
    /** Its user pool (cognito-local): tokens come from there (test/support/tokens.ts, stackToken). */
    browserStackCognito: string;
  }
}

/**
 * One local stack (`npm start --in-memory` on free ports) for every browser test file: starting
 * DynamoDB Local, the senders and the gateway once keeps the page tests fast. Each file files the
 * proposals it looks at, so files never depend on each other's data. Its clock starts on Monday
 * 2 November 2026, 09:00 WIB, so dates on pages are known.
 *
 * No Chromium, no run: the first thing checked, with what to install.
 */
export default async function setup(project: TestProject) {
  requireChromium();
  const stack = await startLocalStack({ PANTAU_NOW: '2026-11-02T09:00:00+07:00' });
  project.provide('browserStackApi', stack.api);
  project.provide('browserStackCognito', stack.cognito);
  return () => stack.stop();
}
