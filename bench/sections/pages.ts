import { testDocumentStore } from '../../test/support/documents';
import { randomUUID } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { createApiHandler } from '../../functions/api/app';
import { ensureTable } from '../../infra/local/dynamodb-local';
import { seed } from '../../infra/local/seed-data';
import { createDocumentClient } from '../../shared/adapters/dynamo/client';
import { cuti } from '../../shared/domain/catalog/cuti';
import { signTrackingToken, trackingPath, type KeyRing } from '../../shared/domain/tracking/link-token';
import { testKeyRing, testTrackingLinks } from '../../test/support/tracking-links';
import { BROWSER_ACCEPT } from '../../test/support/pages';
import { checkMinimum, type MinimumCheck } from '../minimums';
import { eventFor, expectStatus, lambdaContext, type ApiHandler, type BenchRequest } from '../support/api-calls';
import { CapacityMeter, totals, type DynamoCall, type DynamoTotals } from '../support/capacity-meter';
import { round } from '../support/stats';
import { BENCH_NOW, fileAndSubmit, memoryWorld } from '../support/world';
import { loop, type LoopFigures } from './handler-overhead';
import { noIdentity } from '../../test/support/staff';

/** Issue 13: a page's first load fits in one round trip of a new connection (TCP's initial window of 10 segments). */
export const FIRST_LOAD_BUDGET_BYTES = 14 * 1024;

export interface PageBytes {
  page: string;
  status: number;
  plain: number;
  /** As the API sends it to a browser that takes br (quality 6, shared/http/compression.ts). */
  br: number;
  gzip: number;
}

export interface PageWork {
  name: string;
  calls: DynamoCall[];
  totals: DynamoTotals;
  minimum: MinimumCheck;
}

export interface PageTiming {
  route: string;
  note: string;
  status: number;
  /** DynamoDB answered at `send`: Pantau's own code. */
  handler: LoopFigures;
  /** Behind the SDK's request path. */
  handlerWithSdk: LoopFigures;
}

export interface PagesResults {
  method: string;
  bytes: PageBytes[];
  work: PageWork[];
  timing: PageTiming[];
}

const browser = { accept: BROWSER_ACCEPT };
const form = (fields: Record<string, string>): BenchRequest => ({ method: 'POST', path: '/track', headers: { ...browser, 'content-type': 'application/x-www-form-urlencoded' }, rawBody: new URLSearchParams(fields).toString() });
const linkOf = (ring: KeyRing, id: string) => trackingPath(id, signTrackingToken(ring, id));

/**
 * The tracking page (issue 13): its bytes plain and compressed in each state, its DynamoDB work
 * beside its minimum (warm and cold container), and its in-process time beside GET /track/{id}.
 */
export async function measurePages(endpoint: string, seconds: number, log: (line: string) => void): Promise<PagesResults> {
  // ---- against DynamoDB Local: a leave walked through its states, each page's bytes and work ----
  const tableName = `bench-pages-${randomUUID().slice(0, 8)}`;
  await ensureTable(endpoint, tableName);
  const doc = createDocumentClient({ endpoint });
  const meter = CapacityMeter.attach(doc);
  await seed(doc, tableName, BENCH_NOW.slice(0, 10));
  const ring = testKeyRing();
  const clock = { now: () => new Date(BENCH_NOW) };
  const build = () => createApiHandler({ trackingLinks: testTrackingLinks(ring), identity: noIdentity, documentStore: testDocumentStore(), doc, tableName, clock }) as unknown as ApiHandler;
  const api = build();
  const act = (id: string, as: string, body: Record<string, unknown>) => expectStatus(api, { method: 'POST', path: `/proposals/${id}/transitions`, as, body }, 200);

  const inProgress = await fileAndSubmit(api, 'sri');
  const returned = await fileAndSubmit(api, 'budi');
  await act(returned.id, 'ver.sleman', { action: 'return', expectedVersion: 2, reason: { code: 'DOKUMEN_TIDAK_TERBACA', text: 'Pindaian buram' }, missingItems: ['FORMULIR_CUTI'] });
  // The longest timeline a leave has: returned, fixed, resubmitted, forwarded, approved, completed.
  const completed = await fileAndSubmit(api, 'budi');
  await act(completed.id, 'ver.sleman', { action: 'return', expectedVersion: 2, reason: { code: 'DOKUMEN_TIDAK_TERBACA' }, missingItems: ['FORMULIR_CUTI'] });
  await expectStatus(api, { method: 'PATCH', path: `/proposals/${completed.id}`, as: 'budi', headers: { 'if-match': '"3"' }, body: { documents: [{ code: 'FORMULIR_CUTI', reference: 'dms://cuti/formulir-2.pdf' }] } }, 200);
  await act(completed.id, 'budi', { action: 'resubmit', expectedVersion: 4 });
  await act(completed.id, 'ver.sleman', { action: 'forward', expectedVersion: 5 });
  await act(completed.id, 'appr.sleman', { action: 'approve', expectedVersion: 6 });
  await act(completed.id, 'op.sleman', { action: 'complete', expectedVersion: 7, output: cuti.exampleOutput });

  const pages: [string, BenchRequest][] = [
    ['tracking page · in progress', { path: linkOf(ring, inProgress.id), headers: browser }],
    ['tracking page · returned, documents to fix', { path: linkOf(ring, returned.id), headers: browser }],
    ['tracking page · completed (8 events)', { path: linkOf(ring, completed.id), headers: browser }],
    ['tracking page · completed, in English', { path: linkOf(ring, completed.id), query: { lang: 'en' }, headers: browser }],
    ['the PIN form', { path: '/track', headers: browser }],
    ['the form, a wrong PIN', form({ number: inProgress.id, pin: inProgress.pin === '000000' ? '111111' : '000000', lang: 'id' })],
    ['not found (a link that does not hold)', { path: linkOf(testKeyRing(), inProgress.id), headers: browser }],
  ];
  const bytes: PageBytes[] = [];
  for (const [name, request] of pages) {
    const result = await api(eventFor(request), lambdaContext);
    const body = Buffer.from(result.body ?? '', 'utf8');
    const br = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 6, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }).length;
    // What the API itself sends when asked for br: the same, and checked here against the page's own coding.
    const sent = await api(eventFor({ ...request, headers: { ...request.headers, 'accept-encoding': 'br' } }), lambdaContext);
    const sentBytes = sent.isBase64Encoded ? Buffer.from(sent.body ?? '', 'base64').length : Buffer.byteLength(sent.body ?? '');
    bytes.push({ page: name, status: result.statusCode ?? 200, plain: body.length, br: sent.isBase64Encoded ? sentBytes : br, gzip: gzipSync(body, { level: 6 }).length });
  }
  log(`  bytes: ${bytes.map((b) => `${b.page} ${b.plain} B plain, ${b.br} B br`).join('; ')}`);

  // DynamoDB work: a warm container (organisations cached) and a cold one.
  const work: PageWork[] = [];
  const measure = async (name: string, handler: ApiHandler, request: BenchRequest, status: number) => {
    meter.take();
    await expectStatus(handler, request, status);
    const calls = meter.take();
    work.push({ name, calls, totals: totals(calls), minimum: checkMinimum(name, calls) });
  };
  await measure('GET /t/{id}/{token}', api, { path: linkOf(ring, inProgress.id), headers: browser }, 200);
  await measure('GET /t/{id}/{token} · a cold container', build(), { path: linkOf(ring, inProgress.id), headers: browser }, 200);
  await measure('GET /t/{id}/{token} · a link that does not hold', api, { path: linkOf(testKeyRing(), returned.id), headers: browser }, 404);
  await measure('GET /track', api, { path: '/track', headers: browser }, 200);
  await measure('GET /track/{id} · page', api, { path: `/track/${inProgress.id}`, headers: browser }, 200);
  await measure('POST /track', api, form({ number: returned.id, pin: returned.pin, lang: 'id' }), 303);
  await measure('POST /track · wrong PIN', api, form({ number: returned.id, pin: returned.pin === '000000' ? '111111' : '000000', lang: 'id' }), 404);
  await measure('GET /track/{id}', api, { path: `/track/${returned.id}`, query: { pin: returned.pin } }, 200);
  log(`  work: ${work.map((w) => `${w.name} ${w.totals.requests} requests${w.minimum.above ? ' (ABOVE its minimum)' : ''}`).join('; ')}`);
  doc.destroy();

  // ---- in process, DynamoDB from memory: the page beside GET /track/{id} ---------------------------
  const world = await memoryWorld('send');
  const sdkWorld = await memoryWorld('sdk');
  const cases: { route: string; note: string; request: (w: typeof world) => BenchRequest }[] = [
    { route: 'GET /track/{id}', note: 'JSON, number and PIN: 1 Query and the PIN’s scrypt', request: (w) => ({ path: `/track/${w.proposalId}`, query: { pin: w.pin } }) },
    { route: 'GET /t/{id}/{token}', note: 'the page from the signed link: 1 Query and an HMAC, organisations cached', request: (w) => ({ path: linkOf(w.ring, w.proposalId), headers: browser }) },
    { route: 'GET /t/{id}/{token} · br', note: 'the same, compressed for a browser that takes br', request: (w) => ({ path: linkOf(w.ring, w.proposalId), headers: { ...browser, 'accept-encoding': 'br, gzip' } }) },
    { route: 'GET /track', note: 'the form: no DynamoDB', request: () => ({ path: '/track', headers: browser }) },
    { route: 'POST /track', note: 'number and PIN to the 303: 1 Query and the PIN’s scrypt', request: (w) => form({ number: w.proposalId, pin: w.pin, lang: 'id' }) },
  ];
  const timing: PageTiming[] = [];
  for (const { route, note, request } of cases) {
    const event = eventFor(request(world));
    const sample = await world.api(event, lambdaContext);
    const handler = await loop(world.api, event, seconds);
    const handlerWithSdk = await loop(sdkWorld.api, eventFor(request(sdkWorld)), seconds);
    timing.push({ route, note, status: sample.statusCode ?? 200, handler, handlerWithSdk });
    log(`  ${route} (${sample.statusCode}): ${handler.perSecond}/s p50 ${handler.p50Ms} ms p99 ${handler.p99Ms} ms (with the SDK's request path ${handlerWithSdk.perSecond}/s, p50 ${handlerWithSdk.p50Ms} ms)`);
  }
  world.doc.destroy();
  sdkWorld.doc.destroy();
  return {
    method: `bytes and DynamoDB work through the real API handler against DynamoDB Local on the seed (capacity counted as in section 4); times one request after another for ${seconds} s per route after a warm-up, DynamoDB answered from memory at \`send\` and behind the SDK's request path (as section 3)`,
    bytes,
    work,
    timing: timing.map((t) => ({ ...t, handler: { ...t.handler, p50Ms: round(t.handler.p50Ms, 3) } })),
  };
}
