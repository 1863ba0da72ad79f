import type { SESClient } from '@aws-sdk/client-ses';
import type { SNSClient } from '@aws-sdk/client-sns';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { randomUUID } from 'node:crypto';
import { createApiHandler } from '../../functions/api/app';
import { createJobRunner } from '../../functions/jobs/app';
import { createOnChangeHandler } from '../../functions/on-change/app';
import { createEmailSender } from '../../functions/send-email/app';
import { createSmsSender } from '../../functions/send-sms/app';
import { createSesFeedbackHandler } from '../../functions/ses-feedback/app';
import { ensureTable } from '../../infra/local/dynamodb-local';
import { findUser, seed, users } from '../../infra/local/seed-data';
import { createDocumentClient } from '../../shared/adapters/dynamo/client';
import { JobRepository } from '../../shared/adapters/dynamo/job-repository';
import { keys } from '../../shared/adapters/dynamo/keys';
import { ProposalRepository } from '../../shared/adapters/dynamo/proposal-repository';
import { CALENDAR_2026 } from '../../shared/domain/calendar';
import { cuti } from '../../shared/domain/catalog/cuti';
import { statusChangedEvent } from '../../shared/domain/notifications/events';
import type { NotificationEvent, StatusChangedEvent } from '../../shared/domain/notifications/types';
import type { Timer } from '../../shared/domain/proposal/timer';
import { defaultWindows } from '../../shared/domain/sla/windows';
import { checkMinimum, type MinimumCheck } from '../minimums';
import { call, expectStatus, lambdaContext, type ApiHandler, type BenchRequest } from '../support/api-calls';
import { CapacityMeter, totals, type DynamoCall, type DynamoTotals } from '../support/capacity-meter';
import { benchDocuments, fileFor, giveDocument } from '../support/documents';
import { sesBounce, sqsEvent, streamInsert } from '../support/lambda-events';
import { round } from '../support/stats';
import { BENCH_NOW, fileAndSubmit, leaveBody } from '../support/world';
import { TEST_WEB_BASE_URL, testKeyRing, testTrackingLinks } from '../../test/support/tracking-links';
import { signTrackingToken, trackingPath } from '../../shared/domain/tracking/link-token';
import { BROWSER_ACCEPT } from '../../test/support/pages';
import { noIdentity } from '../../test/support/staff';

export interface OperationFigures {
  /** The operation, as the minimums table names it. */
  name: string;
  group: 'API' | 'job' | 'pipeline';
  /** API operations: the route in functions/api/routes.ts. */
  route?: string;
  calls: DynamoCall[];
  totals: DynamoTotals;
  /** The handler's wall time against DynamoDB Local (slower than DynamoDB; for the cost model's Lambda time). */
  ms: number;
  minimum: MinimumCheck;
}

export interface LifecycleFigures {
  serviceType: string;
  /**
   * API calls: filing, each uploaded document's grant and registration (and then a status read),
   * submitting, and at each step the actor's look at the proposal and their action. The scan
   * verdicts' DynamoDB work is in the totals too.
   */
  requests: number;
  /** Documents uploaded (the kinds the catalog keeps in no records system). */
  uploads?: number;
  statusChanges: number;
  totals: DynamoTotals;
  ms: number;
}

export interface DynamoWorkResults {
  method: string;
  operations: OperationFigures[];
  lifecycles: LifecycleFigures[];
}

/** What a service walk needs: who files, for whom, and who acts where a person is assigned (test/e2e/services.test.ts). */
const SERVICE_WALKS: Record<string, { filer: string; nip?: string; person?: string }> = {
  CUTI: { filer: 'rina' },
  KENAIKAN_PANGKAT: { filer: 'op.sleman', nip: '199007222015012001' },
  PENSIUN: { filer: 'op.jogja', nip: '196809171993031001' },
  PENGANGKATAN_PNS: { filer: 'op.sleman', nip: '199811052025011002' },
  PEMUTAKHIRAN_DATA: { filer: 'rina' },
  SKP: { filer: 'sri', person: 'budi' },
  PENETAPAN_NIP: { filer: 'op.sleman' },
  PENETAPAN_NI_PPPK: { filer: 'op.jogja' },
  MUTASI: { filer: 'op.sleman', nip: '198503142010031004' },
};

function userFor(orgId: string, role: string): string {
  const found = users.find((u) => u.orgId === orgId && u.roles.includes(role as never) && !u.roles.includes('PEGAWAI'));
  if (!found) throw new Error(`no seeded ${role} at ${orgId}`);
  return found.username;
}

const fakeSes = { send: async () => ({ MessageId: `bench-${randomUUID()}` }) } as unknown as SESClient;
const fakeSns = { send: async () => ({ MessageId: `bench-${randomUUID()}` }) } as unknown as SNSClient;

/**
 * Every API operation, job and pipeline step, run once against DynamoDB Local through the real
 * handlers, in a warm container (organisations, calendars and windows already cached, as they are
 * for five minutes after a container's first request); each request's ReturnConsumedCapacity
 * counted by a client middleware, and set beside the operation's minimum (bench/minimums.ts).
 */
export async function measureDynamoWork(endpoint: string, s3Endpoint: string, log: (line: string) => void): Promise<DynamoWorkResults> {
  const tableName = `bench-ops-${randomUUID().slice(0, 8)}`;
  await ensureTable(endpoint, tableName);
  const doc = createDocumentClient({ endpoint });
  const meter = CapacityMeter.attach(doc);
  let now = BENCH_NOW;
  const clock = { now: () => new Date(now) };
  await seed(doc, tableName, BENCH_NOW.slice(0, 10));
  const ring = testKeyRing();
  // The documents a service's walk uploads go to the S3 emulator; the stand-in scans them.
  const files = benchDocuments({ s3Endpoint, doc, tableName, clock });
  const api = createApiHandler({ trackingLinks: testTrackingLinks(ring), identity: noIdentity, documentStore: files.store, doc, tableName, clock }) as unknown as ApiHandler;
  const proposals = new ProposalRepository(doc, tableName);
  const jobs = new JobRepository(doc, tableName);
  const published: NotificationEvent[] = [];
  // Every job run below finds its mark set as a scheduled run would; the epoch (the data's first day) is never reached.
  const runner = createJobRunner({ doc, tableName, publisher: { publish: async (event) => void published.push(event) }, clock, epoch: BENCH_NOW.slice(0, 10) });

  const operations: OperationFigures[] = [];
  async function measure<T>(name: string, group: OperationFigures['group'], route: string | undefined, run: () => Promise<T>): Promise<T> {
    meter.take();
    const started = performance.now();
    const result = await run();
    const ms = round(performance.now() - started, 1);
    const calls = meter.take();
    operations.push({ name, group, ...(route ? { route } : {}), calls, totals: totals(calls), ms, minimum: checkMinimum(name, calls) });
    return result;
  }
  const routeOf = (name: string) => name.split(' · ')[0]!;
  const apiOp = (name: string, request: BenchRequest, status: number) => measure(name, 'API', routeOf(name), () => expectStatus(api, request, status));
  const act = (id: string, as: string, body: Record<string, unknown>) => ({ method: 'POST', path: `/proposals/${id}/transitions`, as, body });
  const statusChangeOf = async (id: string, seq: number): Promise<StatusChangedEvent> => {
    const found = await proposals.getWithHistory(id);
    const event = found && statusChangedEvent(found.history.find((e) => e.seq === seq)!);
    if (!event) throw new Error(`no status change ${id}#${seq}`);
    return event;
  };

  // A warm container: every organisation resolved once, calendars and windows read once.
  for (const user of users) await call(api, { path: '/me', as: user.username });
  const warm = await fileAndSubmit(api, 'budi');
  await expectStatus(api, act(warm.id, 'budi', { action: 'withdraw', expectedVersion: 2 }), 200);
  await call(api, { path: '/service-types/KENAIKAN_PANGKAT/windows/2026', as: 'op.sleman' });

  // ---- the API, route by route (routes.ts order), a leave walked from draft to completion --------
  await apiOp('GET /health', { path: '/health' }, 200);
  await apiOp('GET /openapi.json', { path: '/openapi.json' }, 200);
  await apiOp('GET /me · employee', { path: '/me', as: 'sri' }, 200);
  await apiOp('GET /me · staff', { path: '/me', as: 'ver.sleman' }, 200);
  await apiOp('PUT /me', { method: 'PUT', path: '/me', as: 'ver.sleman', body: { preferences: { language: 'en' } } }, 200);
  await apiOp('GET /service-types', { path: '/service-types', as: 'sri' }, 200);
  await apiOp('GET /service-types · summary', { path: '/service-types', query: { view: 'summary' }, as: 'sri' }, 200);
  await apiOp('GET /service-types/{code}', { path: '/service-types/CUTI', as: 'sri' }, 200);
  await apiOp('GET /reference', { path: '/reference', as: 'sri' }, 200);
  await apiOp('GET /service-types/{code}/windows/{year}', { path: '/service-types/KENAIKAN_PANGKAT/windows/2026', as: 'op.sleman' }, 200);
  await apiOp('PUT /service-types/{code}/windows/{year}', {
    method: 'PUT', path: '/service-types/KENAIKAN_PANGKAT/windows/2027', as: 'admin.bkn',
    body: { year: 2027, serviceType: 'KENAIKAN_PANGKAT', windows: defaultWindows(2027).map(({ period, opensOn, closesOn }) => ({ period, opensOn, closesOn })) },
  }, 200);

  const created = await apiOp('POST /proposals · with Idempotency-Key', { method: 'POST', path: '/proposals', as: 'sri', body: leaveBody(), headers: { 'idempotency-key': 'bench-sri-cuti-0001' } }, 201);
  const id = created.body.id as string;
  const pin = created.body.pin as string;
  await apiOp('POST /proposals · replayed key', { method: 'POST', path: '/proposals', as: 'sri', body: leaveBody(), headers: { 'idempotency-key': 'bench-sri-cuti-0001' } }, 201);
  await apiOp('POST /proposals · without key', { method: 'POST', path: '/proposals', as: 'budi', body: leaveBody() }, 201);
  await apiOp('GET /proposals', { path: '/proposals', as: 'sri' }, 200);
  await apiOp('GET /proposals · an employee, by staff', { path: '/proposals', query: { nip: findUser('sri')!.nip! }, as: 'op.sleman' }, 200);
  await apiOp("GET /proposals · an agency's candidates", { path: '/proposals', query: { candidatesOf: 'PEMKAB-SLEMAN' }, as: 'op.sleman' }, 200);
  await apiOp('GET /proposals/{id}', { path: `/proposals/${id}`, as: 'sri' }, 200);
  await apiOp('GET /proposals/{id}/status', { path: `/proposals/${id}/status`, as: 'sri' }, 200);
  await apiOp('GET /proposals/{id}/receipt', { path: `/proposals/${id}/receipt`, as: 'sri' }, 200);
  await apiOp('PATCH /proposals/{id}', { method: 'PATCH', path: `/proposals/${id}`, as: 'sri', headers: { 'if-match': '"1"' }, body: { documents: [{ code: 'FORMULIR_CUTI', reference: 'dms://cuti/formulir-2.pdf' }] } }, 200);
  await apiOp('POST /proposals/{id}/transitions · submit', act(id, 'sri', { action: 'submit', expectedVersion: 2 }), 200);
  await apiOp('GET /inbox', { path: '/inbox', as: 'ver.sleman' }, 200);
  await apiOp('POST /proposals/{id}/transitions · return', act(id, 'ver.sleman', { action: 'return', expectedVersion: 3, reason: { code: 'DOKUMEN_TIDAK_TERBACA', text: 'Pindaian buram' }, missingItems: ['Formulir cuti yang terbaca'] }), 200);
  await apiOp('GET /inbox · what waits on me in person', { path: '/inbox', query: { role: 'PEGAWAI' }, as: 'sri' }, 200);
  await apiOp('POST /proposals/{id}/transitions · resubmit', act(id, 'sri', { action: 'resubmit', expectedVersion: 4 }), 200);
  await apiOp('POST /proposals/{id}/transitions · forward', act(id, 'ver.sleman', { action: 'forward', expectedVersion: 5 }), 200);
  await apiOp('POST /proposals/{id}/transitions · approve', act(id, 'appr.sleman', { action: 'approve', expectedVersion: 6 }), 200);
  await apiOp('POST /proposals/{id}/transitions · complete', act(id, 'op.sleman', { action: 'complete', expectedVersion: 7, output: cuti.exampleOutput }), 200);
  await apiOp('GET /proposals/{id}/audit', { path: `/proposals/${id}/audit`, as: 'auditor.bkn' }, 200);
  await apiOp('GET /track/{id}', { path: `/track/${id}`, query: { pin } }, 200);
  await apiOp('GET /track/{id} · wrong PIN', { path: `/track/${id}`, query: { pin: pin === '000000' ? '111111' : '000000' } }, 404);
  // The tracking pages (issue 13), as a browser asks for them.
  const browser = { accept: BROWSER_ACCEPT };
  const form = (fields: Record<string, string>) => ({ method: 'POST', path: '/track', headers: { ...browser, 'content-type': 'application/x-www-form-urlencoded' }, rawBody: new URLSearchParams(fields).toString() });
  await apiOp('GET /track/{id} · page', { path: `/track/${id}`, headers: browser }, 200);
  await apiOp('GET /t/{id}/{token}', { path: trackingPath(id, signTrackingToken(ring, id)), headers: browser }, 200);
  await apiOp('GET /t/{id}/{token} · a link that does not hold', { path: trackingPath(id, signTrackingToken(testKeyRing(), id)), headers: browser }, 404);
  await apiOp('GET /track', { path: '/track', headers: browser }, 200);
  await apiOp('POST /track', form({ number: id, pin, lang: 'id' }), 303);
  await apiOp('POST /track · wrong PIN', form({ number: id, pin: pin === '000000' ? '111111' : '000000', lang: 'id' }), 404);
  await apiOp('GET /calendar/{year}', { path: '/calendar/2026', as: 'sri' }, 200);
  await apiOp('PUT /calendar/{year}', { method: 'PUT', path: '/calendar/2026', as: 'admin.bkn', body: CALENDAR_2026 }, 200);
  const sri = await apiOp('GET /employees/{nip}', { path: `/employees/${findUser('sri')!.nip!}`, as: 'sri' }, 200);
  await apiOp('GET /employees/{nip}/leave', { path: `/employees/${findUser('sri')!.nip!}/leave`, as: 'sri' }, 200);
  await apiOp('PUT /employees/{nip}', {
    method: 'PUT', path: `/employees/${findUser('sri')!.nip!}`, as: 'sri', headers: { 'if-match': `"${sri.body.version}"` },
    body: { preferences: { language: 'en' } },
  }, 200);
  // Budi's leaves: one rejected at the first stage, one withdrawn as a draft.
  const rejected = await fileAndSubmit(api, 'budi');
  await apiOp('POST /proposals/{id}/transitions · reject', act(rejected.id, 'ver.sleman', { action: 'reject', expectedVersion: 2, reason: { code: 'KEBUTUHAN_DINAS', text: 'Tenaga dibutuhkan pada pekan itu' } }), 200);
  const draft = await expectStatus(api, { method: 'POST', path: '/proposals', as: 'budi', body: leaveBody() }, 201);
  await apiOp('POST /proposals/{id}/transitions · withdraw', act(draft.body.id, 'budi', { action: 'withdraw', expectedVersion: 1 }), 200);
  log(`  API: ${operations.length} operations`);

  // ---- the pipeline: one status change through the stream handler and both senders ---------------
  const submitted = await statusChangeOf(id, 3); // 1 filed, 2 edited, 3 submitted
  const submitItem = await doc.send(new GetCommand({ TableName: tableName, Key: keys.event(id, 3) }));
  const onChange = createOnChangeHandler({ publisher: { publish: async () => {} } });
  await measure('on-change · one status change', 'pipeline', undefined, () => onChange(streamInsert(marshall(submitItem.Item!) as never), lambdaContext));
  // The ring is in memory: signing a link costs no DynamoDB work, which is what this section counts.
  const senderDeps = { doc, tableName, queue: { changeVisibility: async () => {} }, clock, trackingLinks: testTrackingLinks() };
  const email = createEmailSender({ ...senderDeps, ses: fakeSes, config: { from: 'bench@example.com', webBaseUrl: TEST_WEB_BASE_URL } });
  const sms = createSmsSender({ ...senderDeps, sns: fakeSns, config: { webBaseUrl: TEST_WEB_BASE_URL } });
  await measure('send-email · to the employee', 'pipeline', undefined, () => email(sqsEvent([submitted]), lambdaContext));
  await measure('send-sms · to the employee', 'pipeline', undefined, () => sms(sqsEvent([submitted]), lambdaContext));
  await measure('send-email · redelivered', 'pipeline', undefined, () => email(sqsEvent([submitted]), lambdaContext));
  // A promotion filed by the agency's operator: the operator hears of it too.
  const promotion = await expectStatus(api, { method: 'GET', path: '/service-types/KENAIKAN_PANGKAT', as: 'op.sleman' }, 200);
  const filed = await expectStatus(api, {
    method: 'POST', path: '/proposals', as: 'op.sleman',
    body: { serviceType: 'KENAIKAN_PANGKAT', nip: findUser('sri')!.nip!, payload: promotion.body.examplePayload, documents: promotion.body.requiredDocuments.map((d: { code: string }) => ({ code: d.code, reference: `dms://kp/${d.code}.pdf` })) },
  }, 201);
  await expectStatus(api, act(filed.body.id, 'op.sleman', { action: 'submit', expectedVersion: 1 }), 200);
  const operatorFiled = await statusChangeOf(filed.body.id, 2);
  await measure('send-email · to the employee and the filing operator', 'pipeline', undefined, () => email(sqsEvent([operatorFiled]), lambdaContext));
  const feedback = createSesFeedbackHandler({ doc, tableName, clock });
  await measure('ses-feedback · one permanent bounce', 'pipeline', undefined, () => feedback(sesBounce('bounced@example.com')));

  // ---- the jobs, each as a scheduled run finds its work --------------------------------------------
  // Reminders: three leaves waiting on the verifier; the run 30 minutes after the last, when their first reminder is due.
  const waiting = [await fileAndSubmit(api, 'budi'), await fileAndSubmit(api, 'budi'), await fileAndSubmit(api, 'budi')];
  const timers = await Promise.all(waiting.map(async (w) => (await doc.send(new GetCommand({ TableName: tableName, Key: keys.timer(w.id) }))).Item as Timer));
  const dueAt = timers.map((t) => t.next!.at).sort().at(-1)!;
  now = new Date(Date.parse(dueAt) + 60_000).toISOString();
  await jobs.recordRun('reminders', new Date(Date.parse(now) - 30 * 60_000).toISOString(), {});
  const reminders = await measure('reminders · 3 due, run 30 min after the last', 'job', undefined, () => runner({ job: 'reminders', now }));
  await measure('reminders · nothing due', 'job', undefined, () => runner({ job: 'reminders', now: new Date(Date.parse(now) + 30 * 60_000).toISOString() }));
  // The digest at 07:30 WIB the next working day, for the organisations in WIB.
  const digestAt = `${now.slice(0, 10)}T00:30:00.000Z`;
  const digest = await measure('digest · WIB organisations', 'job', undefined, () => runner({ job: 'digest', now: digestAt, zone: 'Asia/Jakarta' }));
  // Windows: 08:00 WIB fourteen days before the next promotion window closes.
  const closing = [...defaultWindows(2026), ...defaultWindows(2027)].map((w) => w.closesOn).find((d) => d > BENCH_NOW.slice(0, 10))!;
  const windowsAt = `${new Date(Date.parse(`${closing}T00:00:00Z`) - 14 * 86_400_000).toISOString().slice(0, 10)}T01:00:00.000Z`;
  const windows = await measure('windows · 14 days before a window closes', 'job', undefined, () => runner({ job: 'windows', now: windowsAt }));
  // Retirement: Hartono's six-month reminder due this morning.
  const hartono = findUser('hartono')!;
  const retireOn = BENCH_NOW.slice(0, 10);
  await jobs.putRetirementTimer({ nip: hartono.nip!, name: hartono.name, agencyId: hartono.orgId, retirementDate: '2027-05-01', next: { monthsBefore: 6, on: retireOn } });
  await jobs.recordRun('retirement', `${retireOn}T00:00:00.000Z`, {});
  const retirement = await measure('retirement · one due', 'job', undefined, () => runner({ job: 'retirement', now: `${retireOn}T01:15:00.000Z` }));
  log(`  jobs: reminders published ${reminders.published}, digest ${digest.published}, windows ${windows.published}, retirement ${retirement.published}`);

  // ---- every service walked from filing to completion --------------------------------------------
  const lifecycles: LifecycleFigures[] = [];
  for (const [code, walk] of Object.entries(SERVICE_WALKS)) {
    meter.take();
    const started = performance.now();
    let requests = 0;
    const go = async (request: BenchRequest, status = 200) => {
      requests++;
      return expectStatus(api, request, status);
    };
    const type = await go({ path: `/service-types/${code}`, as: walk.filer });
    // A reference where the catalog lets the document live in a records system; every other kind uploaded and scanned.
    const required = type.body.requiredDocuments as { code: string; externalIn?: unknown; contentTypes: string[] }[];
    const documents = required.filter((d) => d.externalIn).map((d) => ({ code: d.code, reference: `dms://${code}/${d.code}.pdf` }));
    const made = await go({ method: 'POST', path: '/proposals', as: walk.filer, body: { serviceType: code, ...(walk.nip ? { nip: walk.nip } : {}), payload: type.body.examplePayload, documents } }, 201);
    const uploads = required.filter((d) => !d.externalIn);
    for (const d of uploads) {
      await giveDocument(api, files, walk.filer, made.body.id, d.code, fileFor(d.contentTypes, `${d.code} ${code}`));
      requests += 2; // the grant and the registration; the bytes go to S3
    }
    // With files given, the checklist moved the proposal on: the applicant reads where it stands before submitting.
    const version = uploads.length ? ((await go({ path: `/proposals/${made.body.id}/status`, as: walk.filer })).body.version as number) : 1;
    let current = await go(act(made.body.id, walk.filer, { action: 'submit', expectedVersion: version }));
    let statusChanges = 1;
    while (current.body.status === 'IN_PROGRESS' || current.body.status === 'APPROVED') {
      const { orgId, role } = current.body.assignment;
      const actor = role === 'PEGAWAI' ? walk.person! : userFor(orgId, role);
      const seen = await go({ path: `/proposals/${made.body.id}`, as: actor });
      const allowed: string[] = seen.body.allowedActions;
      const action = allowed.includes('complete') ? 'complete' : allowed.includes('forward') ? 'forward' : 'approve';
      current = await go(act(made.body.id, actor, { action, expectedVersion: current.body.version, ...(action === 'complete' ? { output: type.body.exampleOutput } : {}) }));
      statusChanges++;
    }
    if (current.body.status !== 'COMPLETED') throw new Error(`${code} ended ${current.body.status}`);
    const calls = meter.take();
    lifecycles.push({ serviceType: code, requests, uploads: uploads.length, statusChanges, totals: totals(calls), ms: round(performance.now() - started, 1) });
  }
  log(`  lifecycles: ${lifecycles.map((l) => `${l.serviceType} ${l.totals.requests} requests`).join(', ')}`);
  doc.destroy();
  return {
    method: 'each operation once through the real handlers against DynamoDB Local, in a warm container; every request counted with ReturnConsumedCapacity TOTAL by a client middleware',
    operations,
    lifecycles,
  };
}
