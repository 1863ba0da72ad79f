/**
 * Run in a fresh Node process for each measurement (built to bench/.out/cold-start/child.mjs):
 * imports one bundle and invokes its handler once with the event in a file, then prints one line
 * after RESULT_MARK with the times. Only Node built-ins, so the runner adds nothing to what it times.
 *
 *   node --enable-source-maps child.mjs <bundle.mjs> <event.json>
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { RESULT_MARK } from './protocol';

const [bundle, eventFile] = process.argv.slice(2);
if (!bundle || !eventFile) throw new Error('usage: child.mjs <bundle.mjs> <event.json>');
const event: unknown = JSON.parse(readFileSync(eventFile, 'utf8'));
const context = { functionName: 'bench', awsRequestId: 'bench-cold-start', getRemainingTimeInMillis: () => 30_000 };

const started = performance.now();
const module = (await import(pathToFileURL(bundle).href)) as { handler: (event: unknown, context: unknown) => Promise<unknown> };
const imported = performance.now();
const result = (await module.handler(event, context)) as Record<string, unknown> | undefined;
const done = performance.now();

// What the first invocation answered, so the report shows it did the work it was meant to.
const outcome =
  result?.statusCode !== undefined ? `HTTP ${String(result.statusCode)}`
  : Array.isArray(result?.batchItemFailures) ? `${result.batchItemFailures.length} failed records`
  : typeof result?.published === 'number' ? `${result.published} published`
  : 'done';

process.stdout.write(`\n${RESULT_MARK}${JSON.stringify({ importMs: imported - started, invokeMs: done - imported, totalMs: done - started, sinceProcessStartMs: done, outcome })}\n`);
