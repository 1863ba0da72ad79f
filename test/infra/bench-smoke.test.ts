import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINIMUMS } from '../../bench/minimums';
import type { BenchResults } from '../../bench/report';
import { LINKS, modelledSeconds } from '../../bench/support/link-model';
import { apiRoutes } from '../../functions/api/routes';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * `npm run bench -- --smoke` as CI runs it: every section runs and writes its figures. Nothing
 * here reads a timing; what is checked is that the benchmark still measures what it claims to.
 */
let out: string;
let results: BenchResults;
let report: string;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'pantau-bench-smoke-'));
  await run('npx', ['tsx', 'bench/run.ts', '--smoke', `--out=${out}`], { cwd: root, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } }).catch((error: { stdout?: string; message: string }) => {
    throw new Error(`the smoke run failed: ${error.message}\n${(error.stdout ?? '').slice(-4_000)}`);
  });
  results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as BenchResults;
  report = readFileSync(join(out, 'results.md'), 'utf8');
}, 600_000);

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('the benchmark, in its smoke size', () => {
  it('runs every section without an error and writes the report', () => {
    expect(results.errors).toEqual({});
    for (const section of ['bundles', 'coldStart', 'handlerOverhead', 'dynamoWork', 'jobScaling', 'pipeline', 'throughput', 'wire', 'faults', 'pages', 'documents', 'staff', 'eligibility', 'recordsImport', 'costModel'] as const) expect(results[section], section).toBeDefined();
    for (const heading of ['## 1. Bundle sizes', '## 2. Cold start proxy', '## 3. Handler overhead', '## 4. DynamoDB work', '## 5. Job scaling', '## 6. Pipeline latency', '## 7. Local throughput', '## 8. The wire', '## 9. Time to a 503', '## 10. The tracking page', '## 11. Documents', '## 12. Staff and roles', '## 13. Eligibility lists', '## 14. Records import', '## Cost model']) expect(report).toContain(heading);
  });

  it('starts every function against the stub, which knew every request, and each first invocation did its work', () => {
    const cold = results.coldStart!;
    expect(cold.unknownRequests).toEqual([]);
    expect(cold.functions.api.outcome).toBe('HTTP 200');
    for (const name of ['on-change', 'send-email', 'send-sms'] as const) expect(cold.functions[name].outcome).toBe('0 failed records');
    expect(cold.functions.jobs.outcome).toBe('1 published');
    // Every first invocation reads or sends something, which is what the bare handlers are spared.
    for (const [name, figures] of Object.entries(cold.functions)) expect(figures.awsRequests, name).toBeGreaterThan(0);
    expect(cold.floor?.totalMs).toBeGreaterThan(0);
  });

  it('holds each of issue 7\'s targets against its figures, and says why where one is missed', () => {
    const verdicts = report.split('\n').filter((line) => line.startsWith("**Issue 7's target**"));
    expect(verdicts).toHaveLength(3);
    for (const verdict of verdicts) expect(verdict).toMatch(/ Met|\*\*Missed\*\*.* Why|\*\*Missed\*\*.*out of reach/);
  });

  it('holds each of issue 12\'s targets against its figures, and says why where one is missed', () => {
    const verdicts = report.split('\n').filter((line) => line.startsWith("**Issue 12's target**"));
    expect(verdicts).toHaveLength(3);
    for (const verdict of verdicts) expect(verdict).toMatch(/ Met|\*\*Missed\*\*.* Why/);
  });

  it('times a 503 under each fault, every answer a 503', () => {
    const faults = results.faults!.faults;
    expect(faults.map((f) => f.fault)).toContain('accepts, never answers');
    for (const f of faults) expect(f.statuses.every((status) => status === 503), f.fault).toBe(true);
  });

  it('counts the wire at the socket: the clients take the same steps, headers and bodies included', () => {
    const wire = results.wire!;
    expect(wire.scenarios.map((s) => s.name)).toEqual(["(a) an employee's leave", "(b) the verifier's morning"]);
    const leave = wire.scenarios[0]!;
    const morning = wire.scenarios[1]!;
    expect(leave.steps.filter((s) => s.step === 'status, unchanged')).toHaveLength(1);
    // The phone app reads its lean routes in (a): the catalog in two requests, one step; the status instead of the view.
    expect(leave.app).toBeDefined();
    expect(morning.app).toBeUndefined();
    const catalog = leave.steps.find((s) => s.step === 'catalog')!;
    expect(catalog).toMatchObject({ request: 'GET /service-types', appRequest: 'GET /service-types?view=summary + GET /service-types/CUTI', app: { requests: 2 } });
    expect(leave.app!.requests + leave.app!.fromCache).toBe(leave.before.requests + 1);
    for (const step of leave.steps.filter((s) => s.step.startsWith('status'))) expect(step.appRequest, step.step).toBe('GET /proposals/{id}/status');
    expect(wire.unchangedReread.app.status).toBe('304');
    for (const s of wire.scenarios) {
      expect(s.after.requests + s.after.fromCache, s.name).toBe(s.before.requests);
      for (const step of s.steps) {
        // Today's client asks for no encoding, so what came is the body itself, after a status line and headers.
        expect(step.before.bodySent, step.step).toBe(step.before.bodyPlain);
        expect(step.before.bytesDown, step.step).toBeGreaterThan(step.before.bodySent + 100);
        expect(step.before.bytesUp, step.step).toBeGreaterThan(50);
        // The same routes, asked for compression: today's request plus its own header lines, accept-encoding: br, gzip, and if-none-match on re-reads.
        if (step.after.status !== 'cache') expect(step.after.bytesUp - step.before.bytesUp, step.step).toBeGreaterThanOrEqual('accept-encoding: br, gzip\r\n'.length);
        if (step.app) expect(step.app.bytesUp, step.step).toBeGreaterThan(50 * step.app.requests);
      }
      for (const side of ['before', 'after', 'app'] as const) {
        const f = s[side];
        if (!f) continue;
        expect(f.bytesOnWire).toBe(f.bytesUp + f.bytesDownSent);
        for (const link of LINKS) expect(f.seconds[link.name], `${s.name} ${side} ${link.name}`).toBeCloseTo(modelledSeconds(link, { requests: f.requests, connections: 1, bytesUp: f.bytesUp, bytesDown: f.bytesDownSent }), 1);
      }
    }
  });

  it('measures every route of the API, and every operation it measures has its minimum written', () => {
    const routes = apiRoutes({} as never).map((route) => `${route.method} ${route.path}`);
    // The documents routes are measured in their own section, against the S3 emulator too; the staff routes in theirs, against cognito-local; the eligibility lists in theirs, over loaded tables.
    const measured = new Set([...results.dynamoWork!.operations, ...results.documents!.operations, ...results.staff!.operations, ...results.eligibility!.operations].flatMap((o) => (o.route ? [o.route] : [])));
    expect(routes.filter((route) => !measured.has(route))).toEqual([]);
    for (const operation of results.dynamoWork!.operations) {
      expect(MINIMUMS[operation.name], operation.name).toBeDefined();
      expect(operation.minimum.missing, operation.name).toEqual([]);
    }
  });

  it('measures staff management against DynamoDB Local and cognito-local: every operation at its DynamoDB and Cognito minimums', () => {
    for (const operation of results.staff!.operations) {
      expect({ name: operation.name, written: operation.minimum.written, above: operation.minimum.above, missing: operation.minimum.missing }).toEqual({ name: operation.name, written: true, above: false, missing: [] });
      expect({ name: operation.name, written: operation.identityMinimum.written, above: operation.identityMinimum.above, missing: operation.identityMinimum.missing }).toEqual({ name: operation.name, written: true, above: false, missing: [] });
    }
  });

  it('measures the eligibility lists: reads that grow with the agency, flat with the table, a page at its minimum', () => {
    const eligibility = results.eligibility!;
    expect(eligibility.walks).toHaveLength(4);
    expect(eligibility.flatWithTable).toBe(true);
    expect(eligibility.growthWithAgency).toBeGreaterThan(5);
    expect(eligibility.operations.map((o) => ({ written: o.minimum.written, above: o.minimum.above, missing: o.minimum.missing }))).toEqual([{ written: true, above: false, missing: [] }]);
  });

  it('measures the tracking page: its bytes within the first-load budget, its work at its minimum', () => {
    const pages = results.pages!;
    expect(pages.bytes.length).toBeGreaterThan(0);
    for (const page of pages.bytes) expect(page.br, page.page).toBeLessThanOrEqual(14 * 1024);
    for (const work of pages.work) expect({ name: work.name, written: work.minimum.written, above: work.minimum.above }).toEqual({ name: work.name, written: true, above: false });
  });

  it('measures documents against DynamoDB Local and the S3 emulator: grant, register, review and open at their minimums, a proposal\'s read one Query at every size', () => {
    const documents = results.documents!;
    const byName = new Map(documents.operations.map((o) => [o.name, o]));
    for (const operation of documents.operations) {
      expect(MINIMUMS[operation.name], operation.name).toBeDefined();
      if (operation.route) expect(operation.wire?.bytesDown, operation.name).toBeGreaterThan(operation.wire?.bodySent ?? 0);
      // Storage is asked for no more than its minimum and what the emulator adds (no checksum kept: the whole object hashed).
      if (operation.storageMinimum) expect({ name: operation.name, written: operation.storageMinimum.written, extra: operation.storageMinimum.extra, missing: operation.storageMinimum.missing }).toEqual({ name: operation.name, written: true, extra: [], missing: [] });
    }
    for (const name of ['POST /proposals/{id}/documents/{code}/uploads', 'POST /proposals/{id}/documents/{code}/versions', 'PUT /proposals/{id}/documents/{code}/review', 'POST /proposals/{id}/documents/{code}/versions/{version}/openings']) {
      const operation = byName.get(name)!;
      expect({ name, above: operation.minimum.above, missing: operation.minimum.missing }).toEqual({ name, above: false, missing: [] });
    }
    // The ranged read and the whole read go out together: in either order.
    expect(byName.get('POST /proposals/{id}/documents/{code}/versions')!.storage.map((c) => c.command).sort()).toEqual(['GetObject', 'GetObject (range)', 'HeadObject']);
    expect(byName.get('POST /proposals/{id}/documents/{code}/uploads')!.storage).toEqual([]);
    expect(documents.transfers.map((t) => t.step)).toHaveLength(2);
    expect(documents.reads.length).toBeGreaterThan(1);
    for (const read of documents.reads) {
      // The actor check (section 12), then the one Query, whatever the size.
      expect(read.calls.map((c) => `${c.command} ${c.what}`), `${read.versions} versions`).toEqual(['GetItem USER/PROFILE', 'Query table:PROPOSAL']);
      expect(read.minimum.above, `${read.versions} versions`).toBe(false);
    }
    // More versions, more items and bytes read: in the same one Query.
    const [fewest, most] = [documents.reads[0]!, documents.reads.at(-1)!];
    expect(most.itemsRead).toBeGreaterThan(fewest.itemsRead);
    expect(most.totals.billedRru).toBeGreaterThan(fewest.totals.billedRru);
  });

  it('answers the handler-overhead and throughput runs with the routes\' own successes', () => {
    for (const route of results.handlerOverhead!.routes) expect(route.status, route.route).toBe(200);
    for (const runResult of results.throughput!.runs) expect(runResult.unexpected + runResult.errors, runResult.route).toBe(0);
  });
});
