import { isDeepStrictEqual } from 'node:util';
import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createApiHandler } from '../../functions/api/app';
import { createScanResultHandler } from '../../functions/scan-result/app';
import { standInScanner, type StandInScanner } from '../../infra/local/malware-scanner';
import { createS3Client } from '../../shared/adapters/documents/s3-client';
import { DocumentRepository } from '../../shared/adapters/dynamo/document-repository';
import { keys } from '../../shared/adapters/dynamo/keys';
import { DocumentService } from '../../shared/app/documents';
import { apiRoutes, type ApiDeps } from '../../functions/api/routes';
import { CalendarRepository } from '../../shared/adapters/dynamo/calendar-repository';
import { DirectoryRepository } from '../../shared/adapters/dynamo/directory-repository';
import { ProposalRepository } from '../../shared/adapters/dynamo/proposal-repository';
import { WindowsRepository } from '../../shared/adapters/dynamo/windows-repository';
import { CALENDAR_2026 } from '../../shared/domain/calendar';
import { findServiceType } from '../../shared/domain/catalog';
import type { ServiceType } from '../../shared/domain/catalog/types';
import type { Actor } from '../../shared/domain/actors';
import { ACTIONS, type Action } from '../../shared/domain/proposal/types';
import { defaultWindows } from '../../shared/domain/sla/windows';
import { call, type Handler, type TestRequest, type TestResponse } from '../support/api';
import { pdfBytes, sha256Hex, TEST_BUCKET, testDocumentStore, uploadDocument } from '../support/documents';
import { EMPLOYEES, ORGS } from '../support/fixtures';
import { freshTable } from '../support/table';
import { COLUMNS, MATRIX, SUBJECTS, type Cell, type Column, type Expected, type Subject, type SubjectKey } from './authorization-matrix';
import { testKeyRing, testTrackingLinks } from '../support/tracking-links';
import { BROWSER_ACCEPT, parsePage } from '../support/pages';
import { signTrackingToken } from '../../shared/domain/tracking/link-token';
import { seedStaff, staffMembersOf } from '../support/staff';
import { createTestUserPool, type TestUserPool } from '../support/identity';
import { StaffRepository } from '../../shared/adapters/dynamo/staff-repository';
import { actor as testActor } from '../support/fixtures';

// The cells run in order against one table; each cell that changes a proposal gets its own,
// filed before any cell runs, so no cell sees another's effects. Files go through the S3
// emulator and the stand-in scanner, as a client's upload and GuardDuty's verdict do.

const NOW = '2026-11-02T02:00:00.000Z'; // Monday 09:00 WIB, inside the February 2027 promotion window
const SARI = EMPLOYEES.sari.nip;
const SLEMAN = ORGS.sleman!.id;
const READ_YEAR = 2026; // a year with its decree loaded
const WRITE_YEAR = 2030; // a year nothing else in this file reads

let api: (request: TestRequest) => Promise<TestResponse>;
let proposals: ProposalRepository;
let directory: DirectoryRepository;
let calendars: CalendarRepository;
let windows: WindowsRepository;
let countItems: () => Promise<number>;
let countPartition: (pk: string) => Promise<number>;
let scanner: StandInScanner;
let pool: TestUserPool;
let staffRepository: StaffRepository;
/** The member a staff cell acts on: a fresh one for each change that should succeed, else one shared (refusals and reads change nothing). */
const staffTargets = new Map<Cell, string>();
const SHARED_STAFF = 'staf.sleman';
const isStaffRoute = (operation: string) => operation.split(' ')[1]!.startsWith('/organisations/');
let cellKeys = 0;
const scanFailures: unknown[] = [];
const ring = testKeyRing();
const browser = { accept: BROWSER_ACCEPT };
const form = { ...browser, 'content-type': 'application/x-www-form-urlencoded' };

interface Filed {
  id: string;
  pin: string;
  version: number;
  type: ServiceType;
  /** The grant of the file uploaded and not registered (Subject.granted). */
  grantId?: string;
}

const routeOf = (operation: string) => operation.split(' ').slice(0, 2).join(' ');
/** Routes answered with a page (their errors are pages too). */
const statusOf = (expected: Expected) => (typeof expected === 'number' ? expected : expected.status);
const actorOf = (column: Column) => COLUMNS[column].actor;
const serviceType = (code: string): ServiceType => {
  const type = findServiceType(code);
  if (!type) throw new Error(`no service type ${code}`);
  return type;
};
/** References to the agency's records systems, for the kinds that may live there; every other kind is uploaded. */
const documentsOf = (type: ServiceType, edition = 'v1') =>
  type.requiredDocuments.filter((d) => d.externalIn).map((d) => ({ code: d.code, reference: `dms://${type.code}/${d.code}-${edition}.pdf` }));

/** What a careful client sends for an action: exactly the fields the transition table requires. */
function transitionBody(action: Action, type: ServiceType, version: number) {
  return {
    action,
    expectedVersion: version,
    ...(action === 'return' ? { reason: { code: 'DOKUMEN_TIDAK_LENGKAP' }, missingItems: ['SK pangkat terakhir'] } : {}),
    ...(action === 'reject' ? { reason: { code: 'TIDAK_MEMENUHI_MASA_KERJA' } } : {}),
    ...(action === 'complete' ? { output: type.exampleOutput } : {}),
  };
}

/** Each leave asks for a day of its own (weekdays from 4 January 2027), so no completed leave overlaps a later one. */
let leaves = 0;
function nextLeaveDay(): string {
  const day = new Date(Date.UTC(2027, 0, 4 + Math.floor(leaves / 5) * 7 + (leaves % 5)));
  leaves += 1;
  return day.toISOString().slice(0, 10);
}

/** A filing for Sari, or for a candidate (who has no NIP yet). */
function filing(code: string, payload: Record<string, unknown> = {}) {
  const type = serviceType(code);
  const day = code === 'CUTI' ? nextLeaveDay() : undefined;
  const dates = day ? { tanggalMulai: day, tanggalSelesai: day } : {};
  return { serviceType: code, ...(type.candidate ? {} : { nip: SARI }), payload: { ...(type.examplePayload as object), ...dates, ...payload }, documents: documentsOf(type) };
}

/** The bytes a subject's file has: a small real PDF naming it, so no two proposals' files are alike. */
const fileBytes = (id: string, code: string) => pdfBytes(`${code} ${id}`);

/** A grant for a file and its upload to the presigned URL, as a client makes them; registering is left to the row. */
async function grantAndUpload(as: Actor, id: string, code: string, bytes: Buffer): Promise<string> {
  const grant = await api({ method: 'POST', path: `/proposals/${id}/documents/${code}/uploads`, as, body: { contentType: 'application/pdf', size: bytes.length, sha256: sha256Hex(bytes) } });
  if (grant.status !== 201) throw new Error(`grant for ${code}: ${grant.status} ${grant.text}`);
  const { url, headers: { 'content-length': _length, ...headers } } = grant.body.upload as { url: string; headers: Record<string, string> };
  const put = await fetch(url, { method: 'PUT', headers, body: bytes });
  if (put.status !== 200) throw new Error(`upload of ${code}: ${put.status} ${await put.text()}`);
  return grant.body.grantId as string;
}

/** The stand-in scans these objects, as S3's notification would have it do; their verdicts are in when this returns. */
async function scanned(objectKeys: readonly string[]): Promise<void> {
  for (const key of objectKeys) scanner.onObjectCreated({ eventName: 'ObjectCreated:Put', s3: { bucket: { name: TEST_BUCKET }, object: { key } } });
  await scanner.idle();
  if (scanFailures.length) throw new Error(`the stand-in scanner failed: ${String(scanFailures[0])}`);
}

/** Files one of Sari's proposals and walks it to its state through the API, as its actors would. */
async function file(key: SubjectKey): Promise<Filed> {
  const subject: Subject = SUBJECTS[key];
  const type = serviceType(subject.serviceType);
  const filer = actorOf(subject.filer)!;
  const created = await api({ method: 'POST', path: '/proposals', as: filer, body: filing(subject.serviceType, subject.payload) });
  if (created.status !== 201) throw new Error(`filing ${subject.what}: ${created.status} ${JSON.stringify(created.body)}`);
  const filed: Filed = { id: created.body.id, pin: created.body.pin, version: created.body.version, type };
  const objects: string[] = [];
  for (const code of subject.files ?? []) {
    const bytes = fileBytes(filed.id, code);
    const { registered } = await uploadDocument(api, filer, filed.id, code, bytes);
    if (registered.status !== 201) throw new Error(`registering ${code} of ${subject.what}: ${registered.status} ${registered.text}`);
    objects.push(`${filed.id}/${code}/${sha256Hex(bytes)}`);
  }
  if (objects.length) await scanned(objects);
  if (subject.granted) filed.grantId = await grantAndUpload(filer, filed.id, subject.granted, fileBytes(filed.id, subject.granted));
  // Each registration and each verdict moved the proposal on a version.
  filed.version = (await proposals.get(filed.id))!.version;
  for (const [who, action] of subject.walk) {
    const moved = await api({ method: 'POST', path: `/proposals/${filed.id}/transitions`, as: actorOf(who), body: transitionBody(action, type, filed.version) });
    if (moved.status !== 200) throw new Error(`walking ${subject.what}: ${who} ${action}: ${moved.status} ${JSON.stringify(moved.body)}`);
    filed.version = moved.body.version;
  }
  for (const [who, code] of subject.opened ?? []) {
    const open = await api({ method: 'POST', path: `/proposals/${filed.id}/documents/${code}/versions/1/openings`, as: actorOf(who) });
    if (open.status !== 201) throw new Error(`opening ${code} of ${subject.what} as ${who}: ${open.status} ${open.text}`);
  }
  return filed;
}

/** The document a documents route names for a subject: its file, its grant's, or the first its service requires. */
function documentOf(on: SubjectKey): string {
  const subject: Subject = SUBJECTS[on];
  return subject.files?.[0] ?? subject.granted ?? serviceType(subject.serviceType).requiredDocuments[0]!.code;
}

/**
 * Subjects are filed a few at a time: DynamoDB Local and the S3 emulator share two cores with
 * the rest of the machine, and a hundred filings at once can time out there (a 503, seen under load).
 */
const FILINGS_AT_ONCE = 6;
let filingsRunning = 0;
const filingsWaiting: (() => void)[] = [];
async function fileInTurn(key: SubjectKey): Promise<Filed> {
  // A filing that ends hands its turn to the next waiting one.
  if (filingsRunning < FILINGS_AT_ONCE) filingsRunning++;
  else await new Promise<void>((resolve) => filingsWaiting.push(resolve));
  try {
    return await file(key);
  } finally {
    const next = filingsWaiting.shift();
    if (next) next();
    else filingsRunning--;
  }
}

/**
 * Routes whose success writes beside the proposal (a grant, the record of an opening) and leaves
 * the proposal as it was: their cells share a subject as reads do.
 */
const LEAVES_PROPOSAL = new Set(['POST /proposals/{id}/documents/{code}/uploads', 'POST /proposals/{id}/documents/{code}/versions/{version}/openings']);
/** A cell that should change a proposal gets one of its own; refusals share one per subject. */
const changes = ([operation, on, , expected]: Cell) => on !== '-' && !operation.startsWith('GET ') && !LEAVES_PROPOSAL.has(routeOf(operation)) && statusOf(expected) < 300;
const shared = new Map<SubjectKey, Promise<Filed>>();
const own = new Map<Cell, Promise<Filed>>();

function subjectOf(cell: Cell): Promise<Filed> | undefined {
  const on = cell[1];
  if (on === '-') return undefined;
  if (changes(cell)) return own.get(cell);
  if (!shared.has(on)) shared.set(on, fileInTurn(on));
  return shared.get(on);
}

interface Scene {
  variant: string | undefined;
  target: Filed | undefined;
  on: SubjectKey | '-';
  column: Column;
}

/**
 * What each route needs beyond its path. A route without an entry is asked with its path alone
 * (a GET), so a new read-only route needs matrix rows and nothing here.
 */
const EXTRAS: Record<string, (scene: Scene) => Promise<Partial<TestRequest>> | Partial<TestRequest>> = {
  'GET /track/{id}': ({ target, variant }) => (variant === 'page' ? { headers: browser } : { query: { pin: target!.pin } }),
  'GET /service-types': ({ variant }) => (variant === 'summary' ? { query: { view: 'summary' } } : {}),
  'GET /t/{id}/{token}': () => ({ headers: browser }),
  'GET /track': () => ({ headers: browser }),
  'POST /track': ({ target }) => ({ headers: form, rawBody: new URLSearchParams({ number: target!.id, pin: target!.pin, lang: 'id' }).toString() }),
  'PUT /service-types/{code}/windows/{year}': () => ({
    body: { year: WRITE_YEAR, serviceType: 'KENAIKAN_PANGKAT', windows: defaultWindows(WRITE_YEAR).map(({ period, opensOn, closesOn }) => ({ period, opensOn, closesOn })) },
  }),
  // The source names the caller, so a refused write that happened anyway would show.
  'PUT /calendar/{year}': ({ column }) => ({ body: { year: WRITE_YEAR, source: `SKB contoh, by ${column}`, holidays: [{ date: `${WRITE_YEAR}-01-01`, name: 'Tahun Baru Masehi' }], collectiveLeave: [] } }),
  'PUT /me': () => ({ body: { preferences: { language: 'id' } } }),
  'PUT /employees/{nip}': async () => ({ body: { expectedVersion: (await directory.getEmployee(SARI))!.version, preferences: { language: 'id' } } }),
  'POST /proposals': ({ variant }) => ({ body: filing(variant!) }),
  'GET /proposals': ({ variant }): Partial<TestRequest> => ({ query: variant === 'candidates' ? { candidatesOf: SLEMAN, limit: '100' } : { nip: SARI, limit: '100' } }),
  'PATCH /proposals/{id}': ({ target }) => ({ headers: { 'if-match': `"${target!.version}"` }, body: { documents: documentsOf(target!.type, 'v2') } }),
  'POST /proposals/{id}/transitions': ({ target, variant }) => ({ body: transitionBody(variant as Action, target!.type, target!.version) }),
  'GET /inbox': () => ({ query: { limit: '100' } }),
  'GET /organisations/{orgId}/eligibility/{serviceType}': () => ({ query: { periode: '2027-02-01', limit: '100' } }),
  // A file of the subject's own, as its applicant would upload it.
  'POST /proposals/{id}/documents/{code}/uploads': ({ target, on }) => {
    const bytes = fileBytes(target!.id, documentOf(on as SubjectKey));
    return { body: { contentType: 'application/pdf', size: bytes.length, sha256: sha256Hex(bytes) } };
  },
  'POST /proposals/{id}/documents/{code}/versions': ({ target }) => ({ body: { grantId: target!.grantId } }),
  'PUT /proposals/{id}/documents/{code}/review': () => ({ body: { version: 1, decision: 'ACCEPTED' } }),
  // Each staff change under a key of its own; an invitation names a username of its own (lower case, as Cognito's are here).
  'POST /organisations/{orgId}/staff': ({ variant, column }) => ({
    headers: { 'idempotency-key': `matrix-${++cellKeys}-${column}` },
    body: { username: `baru.${variant}.${column.toLowerCase()}`, name: `Baru ${column}`, email: `baru.${variant}.${column.toLowerCase()}@example.com`, roles: [variant === 'admin' ? 'ADMIN_INSTANSI' : 'OPERATOR'] },
  }),
  'PUT /organisations/{orgId}/staff/{username}/roles': ({ column }) => ({ headers: { 'idempotency-key': `matrix-${++cellKeys}-${column}`, 'if-match': '"1"' }, body: { roles: ['OPERATOR', 'VERIFIKATOR'] } }),
  'PUT /organisations/{orgId}/staff/{username}/status': ({ column }) => ({ headers: { 'idempotency-key': `matrix-${++cellKeys}-${column}`, 'if-match': '"1"' }, body: { status: 'SUSPENDED', reason: 'Cuti di luar tanggungan negara' } }),
};

/** An operator of Sari's agency, in the directory and in Cognito, for staff cells to act on. */
async function staffTarget(username: string): Promise<void> {
  const [member] = staffMembersOf([testActor(username, ['OPERATOR'], ORGS.sleman!)]);
  const { account } = await pool.identity.createAccount({ username, name: username, email: `${username}@example.com`, roles: ['OPERATOR'], orgId: SLEMAN });
  await staffRepository.seedMember({ ...member!, userId: account.userId }, 'INSTANSI');
}

function pathOf(template: string, method: string, target: Filed | undefined, on: SubjectKey | '-', username?: string): string {
  return template.replace(/\{(\w+)\}/g, (_whole, name: string) => {
    if (name === 'id') return target!.id;
    if (name === 'token') return signTrackingToken(ring, target!.id);
    if (name === 'nip') return SARI;
    // Under a proposal, {code} is one of its documents; else a service type.
    if (name === 'code') return template.startsWith('/proposals/') ? documentOf(on as SubjectKey) : 'KENAIKAN_PANGKAT';
    if (name === 'version') return '1';
    if (name === 'orgId') return SLEMAN;
    if (name === 'serviceType') return 'KENAIKAN_PANGKAT';
    if (name === 'username') return username ?? SHARED_STAFF;
    if (name === 'year') return String(method === 'GET' ? READ_YEAR : WRITE_YEAR);
    throw new Error(`the matrix does not know how to fill {${name}}: add it to pathOf`);
  });
}

/**
 * What a refused write must leave as it was: the proposal's version (and for its documents, the
 * items beside it: grants, versions, events, and the record of openings), the record, the setting, or the table.
 */
async function footprint(route: string, target: Filed | undefined): Promise<unknown> {
  const version = target && (await proposals.get(target.id))?.version;
  if (target && route.includes('/documents/')) return { version, items: await countPartition(keys.proposal(target.id).pk), openings: await countPartition(keys.openings(target.id)) };
  if (target) return version;
  if (route === 'PUT /employees/{nip}') return (await directory.getEmployee(SARI))?.version;
  if (route === 'PUT /calendar/{year}') return calendars.get(WRITE_YEAR);
  if (route === 'PUT /service-types/{code}/windows/{year}') return windows.get('KENAIKAN_PANGKAT', WRITE_YEAR);
  return countItems();
}

/** The ids a list answer holds, following its cursor to the end. */
async function listedIds(request: TestRequest, first: TestResponse): Promise<string[]> {
  const ids: string[] = first.body.items.map((item: { id: string }) => item.id);
  let cursor: string | undefined = first.body.nextCursor ?? undefined;
  while (cursor) {
    const page = await api({ ...request, query: { ...request.query, cursor } });
    ids.push(...page.body.items.map((item: { id: string }) => item.id));
    cursor = page.body.nextCursor ?? undefined;
  }
  return ids;
}

/** The stable problem codes each refusal may carry: a 409 must be the table's, not a stale version. */
const PROBLEM_CODES: Record<number, readonly string[]> = {
  401: ['UNAUTHENTICATED'],
  403: ['FORBIDDEN', 'SERVICE_NOT_INITIATED_BY_ROLE', 'ROLE_NOT_GRANTABLE'],
  404: ['NOT_FOUND'],
  409: ['TRANSITION_NOT_ALLOWED'],
  422: ['VALIDATION_FAILED'],
};

beforeAll(async () => {
  const { doc, tableName } = await freshTable();
  directory = new DirectoryRepository(doc, tableName);
  calendars = new CalendarRepository(doc, tableName);
  windows = new WindowsRepository(doc, tableName);
  proposals = new ProposalRepository(doc, tableName);
  await Promise.all([
    ...Object.values(ORGS).map((org) => directory.putOrganisation(org)),
    ...Object.values(EMPLOYEES).map((employee) => directory.putEmployee(employee)),
    calendars.put(CALENDAR_2026),
    seedStaff(doc, tableName),
  ]);
  const endpoint = inject('s3Endpoint');
  const store = testDocumentStore(endpoint);
  const clock = { now: () => new Date(NOW) };
  pool = await createTestUserPool();
  staffRepository = new StaffRepository(doc, tableName);
  await staffTarget(SHARED_STAFF);
  let targets = 0;
  for (const cell of MATRIX.filter(([operation, , , expected]) => isStaffRoute(operation) && operation.startsWith('PUT ') && statusOf(expected) < 300)) {
    const username = `target.${++targets}`;
    await staffTarget(username);
    staffTargets.set(cell, username);
  }
  const handler = createApiHandler({ trackingLinks: testTrackingLinks(ring), identity: pool.identity, documentStore: store, doc, tableName, clock }) as unknown as Handler;
  api = (request) => call(handler, request);
  const verdicts = createScanResultHandler({ documents: new DocumentService({ documents: new DocumentRepository(doc, tableName), store, directory, clock }), bucket: TEST_BUCKET, clock });
  scanner = standInScanner({ s3: createS3Client({ endpoint, budget: 'local' }), bucket: TEST_BUCKET, verdictFunction: verdicts, onError: (error) => scanFailures.push(error) });
  countItems = async () => (await doc.send(new ScanCommand({ TableName: tableName, Select: 'COUNT' }))).Count ?? 0;
  countPartition = async (pk) => (await doc.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, Select: 'COUNT', ConsistentRead: true }))).Count ?? 0;
  // Every proposal is filed before any cell runs, so a cell's completion (which changes Sari's
  // record) never changes what a later filing is checked against.
  for (const cell of MATRIX.filter(changes)) own.set(cell, fileInTurn(cell[1] as SubjectKey));
  for (const cell of MATRIX) subjectOf(cell);
  await Promise.all([...own.values(), ...shared.values()]);
}, 120_000);

describe('the matrix', () => {
  it('has rows for every route of the API, and for no route it does not have', () => {
    const routes = apiRoutes({} as ApiDeps).map((route) => `${route.method} ${route.path}`);
    expect([...new Set(MATRIX.map(([operation]) => routeOf(operation)))].sort()).toEqual([...new Set(routes)].sort());
  });

  it('has rows for every action of the transition table', () => {
    const actions = new Set(MATRIX.filter(([operation]) => routeOf(operation) === 'POST /proposals/{id}/transitions').map(([operation]) => operation.split(' ')[2]));
    expect([...actions].sort()).toEqual([...ACTIONS].sort());
  });

  it('answers each row for every actor, once', () => {
    const rows = new Map<string, Column[]>();
    for (const [operation, on, column] of MATRIX) rows.set(`${operation} on ${on}`, [...(rows.get(`${operation} on ${on}`) ?? []), column]);
    for (const [row, columns] of rows) expect({ row, columns: [...columns].sort() }).toEqual({ row, columns: Object.keys(COLUMNS).sort() });
  });
});

function describeExpected(expected: Expected): string {
  if (typeof expected === 'number') return String(expected);
  if (expected.bug) return `${expected.status} (known bug: ${expected.bug})`;
  if (expected.listed !== undefined) return `${expected.status}, ${expected.listed ? 'listed' : 'not listed'}`;
  if (expected.page !== undefined) return `${expected.status}, a page saying “${expected.page}”`;
  if (expected.receipt) return `${expected.status}, a page naming ${expected.receipt === 'named' ? 'her, with her NIP' : expected.receipt === 'nip only' ? 'her NIP only' : 'the candidate'}`;
  return expected.body ? `${expected.status} ${JSON.stringify(expected.body)}` : String(expected.status);
}

/** The rows in the matrix's order, each with its cells. */
const rows = [...MATRIX.reduce((all, cell) => {
  const [operation, on] = cell;
  const title = on === '-' ? operation : `${operation} on ${SUBJECTS[on].what}`;
  all.set(title, [...(all.get(title) ?? []), [`${COLUMNS[cell[2]].who} → ${describeExpected(cell[3])}`, cell] as const]);
  return all;
}, new Map<string, (readonly [string, Cell])[]>())];

/** Asks for one cell and checks the answer, and that a refused write changed nothing. */
async function check(cell: Cell): Promise<void> {
  const [operation, on, column, expected] = cell;
  const [method, template, variant] = operation.split(' ') as [TestRequest['method'] & string, string, string | undefined];
  const route = `${method} ${template}`;
  const target = await subjectOf(cell);
  const scene: Scene = { variant, target, on, column };
  const actor = actorOf(column);
  const request: TestRequest = { method, path: pathOf(template, method, target, on, staffTargets.get(cell)), ...(actor ? { as: actor } : {}), ...(await EXTRAS[route]?.(scene)) };
  const status = statusOf(expected);
  const guarded = method !== 'GET' && status >= 400;
  const before = guarded ? await footprint(route, target) : undefined;

  const response = await api(request);

  const after = guarded ? await footprint(route, target) : undefined;
  if (on !== '-' && !isDeepStrictEqual(after, before)) shared.delete(on); // a refusal that wrote: later cells get a fresh one
  expect({ status: response.status, code: response.body?.code }).toMatchObject({ status });
  const isPage = /^text\/html/.test(response.headers['content-type'] ?? '');
  // The receipt, a page behind a token: its refusals are pages too, and name nothing of the proposal.
  const receipt = route === 'GET /proposals/{id}/receipt';
  if (status >= 400 && (isPage || receipt)) {
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    // A page route's refusal is a page naming the problem's code.
    expect(PROBLEM_CODES[status]!.some((code) => parsePage(response.text).text.includes(code))).toBe(true);
    if (receipt && target) expect(response.text).not.toContain(target.id);
    expect(after, 'a refused write must change nothing').toEqual(before);
    return;
  }
  if (status >= 400) {
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(PROBLEM_CODES[status]).toContain(response.body.code);
    expect(after, 'a refused write must change nothing').toEqual(before);
    return;
  }
  if (typeof expected === 'number') return;
  if (status === 303) expect(response.headers.location).toMatch(/^\/t\//);
  if (expected.page !== undefined) {
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(parsePage(response.text).text).toContain(expected.page);
  }
  if (expected.receipt) {
    expect(response.text).toContain(target!.id);
    const nip = response.text.includes(`NIP ${SARI}`);
    const name = response.text.includes(EMPLOYEES.sari.name);
    expect({ nip, name }).toEqual(expected.receipt === 'named' ? { nip: true, name: true } : { nip: expected.receipt === 'nip only', name: false });
  }
  if (expected.body) expect(response.body).toMatchObject(expected.body);
  if (expected.served) {
    const served = await fetch(response.body.url as string);
    expect(served.status).toBe(200);
    expect(sha256Hex(Buffer.from(await served.arrayBuffer()))).toBe(response.body.document.sha256);
  }
  if (expected.listed !== undefined) expect((await listedIds(request, response)).includes(target!.id)).toBe(expected.listed);
}

describe.each(rows)('%s', (_row, cells) => {
  it.each(cells)('%s', async (_title, cell) => {
    const bug = typeof cell[3] === 'number' ? undefined : cell[3].bug;
    if (!bug) return check(cell);
    // A known bug: the right answer is still refused. Once it is given, drop the marker.
    await expect(check(cell), `known bug fixed (${bug}): drop knownBug from this cell`).rejects.toThrow();
  });
});
