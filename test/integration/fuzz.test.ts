import { createHash } from 'node:crypto';
import { validateHeaderName, validateHeaderValue } from 'node:http';
import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApiHandler } from '../../functions/api/app';
import { apiRoutes, type ApiDeps } from '../../functions/api/routes';
import { createScanResultHandler } from '../../functions/scan-result/app';
import { standInScanner } from '../../infra/local/malware-scanner';
import { createS3Client } from '../../shared/adapters/documents/s3-client';
import { CalendarRepository } from '../../shared/adapters/dynamo/calendar-repository';
import { DirectoryRepository } from '../../shared/adapters/dynamo/directory-repository';
import { DocumentRepository } from '../../shared/adapters/dynamo/document-repository';
import { DocumentService } from '../../shared/app/documents';
import { ProposalRepository } from '../../shared/adapters/dynamo/proposal-repository';
import { PROPOSAL_ID_PATTERN } from '../../shared/adapters/ids';
import { ROLES, type Actor } from '../../shared/domain/actors';
import { CALENDAR_2026 } from '../../shared/domain/calendar';
import { CATALOG } from '../../shared/domain/catalog';
import { cuti, LEAVE_KINDS } from '../../shared/domain/catalog/cuti';
import { DOCUMENT_REJECTION_REASONS, PROPOSAL_REASON_CODES } from '../../shared/domain/catalog/reasons';
import { CONTENT_TYPES, DEFAULT_MAX_BYTES } from '../../shared/domain/documents/types';
import { ERROR_CODES, type ErrorCode } from '../../shared/domain/errors';
import { PROBLEMS } from '../../shared/domain/messages';
import { canonicalJson, verifyChain } from '../../shared/domain/proposal/history';
import { ACTIONS } from '../../shared/domain/proposal/types';
import { MAX_JSON_DEPTH } from '../../shared/http/request';
import { apiEvent, call, claimsOf, type Handler } from '../support/api';
import { EICAR_BYTES, pdfBytes, sha256Hex, TEST_BUCKET, testDocumentStore, uploadDocument } from '../support/documents';
import { checkAnswer as contractAnswer, contractDocument } from '../support/contract';
import { ACTORS, EMPLOYEES, ORGS } from '../support/fixtures';
import { malformedClaims } from '../support/hostile-claims';
import { codePoints, hostileJson, hostileString, hugeString, jsonText, trimmedFits, nestedAtLeast, notJson, objectOf, oddJsonFragment, RawJson } from '../support/hostile';
import { freshTable } from '../support/table';
import { testKeyRing, testTrackingLinks } from '../support/tracking-links';
import { BROWSER_ACCEPT, parsePage } from '../support/pages';
import { PAGE_HEADERS } from '../../shared/http/pages/document';
import { signTrackingToken } from '../../shared/domain/tracking/link-token';
import { noIdentity, seedStaff } from '../support/staff';
import { createTestUserPool, type TestUserPool } from '../support/identity';
import { inviteStaffBody, usernameSchema } from '../../shared/http/schemas';

/**
 * Malformed and hostile requests against every operation of the API, in process, on DynamoDB
 * Local. Each case starts from a valid request and applies mutations: "breakers" that make it
 * invalid (a wrong type, a missing or extra field, a bad header, path parameter, cursor or claim)
 * and "noise" that keeps whatever it was (hostile free text, Accept-Language, stray headers).
 *
 * Whatever comes, the answer is never a 5xx; a 4xx is problem+json (or, on a page route and for a
 * browser, a page) with a code from the list and the status that code stands for; an answer to a documented operation is one the OpenAPI
 * document lists (test/support/contract.ts); a request to a writing route with a breaker is
 * refused; and nothing is written: a spy on the DynamoDB client records successful writes per
 * case, and a Scan of the whole table before and after each operation's run must hash the same.
 * (The one write by design: a wrong tracking PIN, or a tracking link that does not hold, counts
 * towards the number's hourly lock.) The tracking pages (text/html) are fuzzed the same way, with
 * tokens, form bodies, languages and Accept headers: an answer is a whole page with its own CSP and
 * a problem's code, or the form again, and never shows a PIN or personal data. What the fuzzer
 * found is kept below as plain cases; a last property sends valid requests whose free text is
 * hostile, which must keep it exactly. The documents routes run on Sari's leaves with real files
 * (the S3 emulator's, scanned by the stand-in): grants, registrations, reviews and openings bent
 * in their path, body and actor, each refused and writing nothing; their valid requests, sent at
 * the very end, are taken. zod-fast-check is not used: it supports zod 3 and
 * fast-check 3 only, and these schemas are zod 4; cases start from valid requests instead.
 *
 * FUZZ_SCALE=10 runs ten times the cases; FUZZ_SEED=<n> replays a run (fast-check prints the seed).
 */

const SCALE = Number(process.env.FUZZ_SCALE ?? 1) || 1;
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const NOW = '2026-11-02T02:00:00.000Z'; // Monday 09:00 WIB

// --- the request a case sends ------------------------------------------------------------------

interface Draft {
  method: string;
  /** rawPath segments, as they appear in the path (already percent-encoded where they should be). */
  segments: string[];
  query: [string, string][];
  /** In the order sent; names as sent. */
  headers: [string, string][];
  /** A JSON value (RawJson fragments allowed); `undefined`: no body. */
  body?: unknown;
  /** Sent as is, instead of `body`. */
  rawBody?: string;
  /** Sent base64-encoded (isBase64Encoded), as API Gateway may pass a body on. */
  base64?: boolean;
  /** The JWT claims API Gateway hands over; `null`: no authorizer (a public route, or no token). */
  claims: Record<string, unknown> | null;
  /** What was done to the valid request, for the counterexample. */
  applied: string[];
}

interface Mutation {
  label: string;
  apply(draft: Draft): void;
}

const mutation = (label: string, apply: (draft: Draft) => void): Mutation => ({ label, apply });

function setHeader(draft: Draft, name: string, value: string | undefined): void {
  draft.headers = draft.headers.filter(([n]) => n.toLowerCase() !== name.toLowerCase());
  if (value !== undefined) draft.headers.push([name, value]);
}

/** Sets an own key, `__proto__` included, on a plain object body (other bodies are left as they are). */
function setKey(target: unknown, key: string, value: unknown): void {
  if (target === null || typeof target !== 'object' || Array.isArray(target) || target instanceof RawJson) return;
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function deleteKey(target: unknown, key: string): void {
  if (target !== null && typeof target === 'object' && !Array.isArray(target)) delete (target as Record<string, unknown>)[key];
}

function getKey(target: unknown, key: string): unknown {
  return target !== null && typeof target === 'object' && !Array.isArray(target) && Object.hasOwn(target, key) ? (target as Record<string, unknown>)[key] : undefined;
}

/** A path segment: percent-encoded, or raw when it has no slash (raw text is what a broken client sends). */
function segmentOf(value: string, raw: boolean): string {
  if (raw && !value.includes('/')) return value;
  try {
    return encodeURIComponent(value);
  } catch {
    return value.replaceAll('/', '%2F'); // a lone surrogate cannot be percent-encoded: send it raw
  }
}

function toEvent(draft: Draft): APIGatewayProxyEventV2WithJWTAuthorizer {
  const path = `/${draft.segments.join('/')}`;
  const event = apiEvent({ method: draft.method, path, ...(draft.claims ? { claims: draft.claims as Record<string, string> } : {}) });
  event.headers = Object.fromEntries(draft.headers);
  if (draft.query.length) {
    event.queryStringParameters = Object.fromEntries(draft.query);
    event.rawQueryString = draft.query.map(([k, v]) => `${k}=${v}`).join('&');
  }
  const body = draft.rawBody ?? (draft.body === undefined ? undefined : jsonText(draft.body));
  if (body !== undefined) event.body = draft.base64 ? Buffer.from(body, 'utf8').toString('base64') : body;
  if (body !== undefined && draft.base64) event.isBase64Encoded = true;
  return event;
}

// --- what every answer must be -----------------------------------------------------------------

const PROBLEM_KEYS = new Set(['type', 'title', 'status', 'code', 'instance', 'details', 'errors']);
const STACK_TRACE = /\bat [^\n]*\(?[^\n]*:\d+:\d+\)?/;

interface Outcome {
  status: number;
  code?: ErrorCode;
}

function checkAnswer(result: Awaited<ReturnType<Handler>>, mustRefuse: boolean): Outcome {
  const status = result.statusCode ?? 0;
  const headers = result.headers ?? {};
  const text = typeof result.body === 'string' ? result.body : '';
  expect(status, `status ${status}, body ${text.slice(0, 500)}`).toBeGreaterThanOrEqual(200);
  expect(status, `status ${status}, body ${text.slice(0, 500)}`).toBeLessThan(500);
  if (mustRefuse) expect(status, `a request with a breaker was accepted: ${text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  // Nothing from the request may break the response's headers (no CR/LF or other bytes HTTP forbids).
  for (const [name, value] of Object.entries(headers)) {
    validateHeaderName(name);
    validateHeaderValue(name, String(value));
  }
  const type = String(headers['content-type'] ?? '');
  expect(['id', 'en']).toContain(headers['content-language']);
  if (type.startsWith('text/html')) return checkPage(status, headers, text);
  if (status < 400) {
    expect(type).toMatch(/^application\/json/);
    return { status };
  }
  expect(type).toBe('application/problem+json');
  const problem = JSON.parse(text) as Record<string, unknown>;
  expect(ERROR_CODES).toContain(problem.code);
  const code = problem.code as ErrorCode;
  expect(problem.status).toBe(status);
  expect(PROBLEMS[code].status).toBe(status);
  expect(typeof problem.title).toBe('string');
  expect(problem.type).toBe(`https://pantau.bkn.go.id/problems/${code.toLowerCase().replaceAll('_', '-')}`);
  for (const key of Object.keys(problem)) expect(PROBLEM_KEYS).toContain(key);
  expect(text).not.toMatch(STACK_TRACE);
  return { status, code };
}

/** Whatever no page may ever show: PINs, personal data, payload text (the world's). */
const neverOnAPage = () => [...storedPins(), EMPLOYEES.sari.nip, EMPLOYEES.sari.name, String((cuti.examplePayload as { alasan: string }).alasan)];

/** A page: whole, its own CSP, no script; a refusal names its problem's code, or is the PIN form again. */
function checkPage(status: number, headers: Record<string, unknown>, text: string): Outcome {
  expect(headers['content-type']).toBe('text/html; charset=utf-8');
  expect(headers['content-security-policy']).toBe(PAGE_HEADERS['content-security-policy']);
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(text).toMatch(/^<!doctype html>/);
  expect(text).not.toMatch(/<script|\son[a-z]+=/i);
  // A page's English says "at 09:00" on one long line: a stack frame names its file.
  expect(text).not.toMatch(/\bat \S+ \(\S+:\d+:\d+\)|\.(?:ts|js|mjs|cjs):\d+:\d+/);
  // Outside the stylesheet, whose colours are digits too.
  const shown = text.replace(/<style>[^<]*<\/style>/, '');
  // A receipt names its employee to whoever may read her record (the authorization matrix holds who); every other page names nobody.
  const receipt = status === 200 && text.includes('<dl class="receipt">');
  for (const secret of receipt ? storedPins() : neverOnAPage()) expect(shown, 'a page showed a PIN or personal data').not.toContain(secret);
  if (status < 400) {
    expect([200, 303]).toContain(status);
    if (status === 303) expect(String(headers.location)).toMatch(/^\/t\/USL-[0-9A-Z-]+\/[A-Za-z0-9_-]{13}\?lang=(id|en)$/);
    return { status };
  }
  const page = parsePage(text).text;
  const named = /(?:Kode|Code): ([A-Z_]+)$/.exec(page.replace(/\s+$/, ''))?.[1] as ErrorCode | undefined;
  if (named === undefined) {
    // The PIN form again: wrong number or PIN (404, counted) or a field that cannot be right (422).
    expect([404, 422]).toContain(status);
    expect(text).toContain('<form method="post" action="/track">');
    return { status };
  }
  expect(ERROR_CODES).toContain(named);
  expect(PROBLEMS[named].status).toBe(status);
  return { status, code: named };
}

// --- the table, its writes, its contents -------------------------------------------------------

let handler: Handler;
let pool: TestUserPool;
let doc: DynamoDBDocumentClient;
let tableName: string;
/** A write that went through: the command and the key it wrote. */
interface Write {
  command: string;
  pk?: string;
  sk?: string;
}
let writes: Write[] = [];
const WRITE_COMMAND = /^(Put|Update|Delete|BatchWrite|TransactWrite|ExecuteStatement|ExecuteTransaction|BatchExecuteStatement)/;

/**
 * Item count and a hash of every item, in key order: equal before and after means nothing was
 * written (but for the items `ignore` names, which a route writes by design).
 */
async function snapshot(ignore: (item: Record<string, unknown>) => boolean = () => false): Promise<{ count: number; hash: string }> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  const kept = items.filter((item) => !ignore(item)).sort((a, b) => `${a.pk}\u0000${a.sk}`.localeCompare(`${b.pk}\u0000${b.sk}`));
  return { count: kept.length, hash: createHash('sha256').update(canonicalJson(kept)).digest('hex') };
}

// --- the world the cases run in ----------------------------------------------------------------

interface World {
  /** Sari's draft leave: version 1, never changed by a case. */
  draft: { id: string; pin: string };
  /** Sari's submitted leaves, waiting on Sleman's verifier (so lists and the inbox have pages). */
  submitted: { id: string; pin: string }[];
  /** Cursors the API handed out, for mutated cursors that still look right. */
  cursors: { proposals: string; inbox: string; openings: string; employeeOpenings: string; staff: string; staffChanges: string };
  /** Sari's submitted leaves the pages are fuzzed on: one for the link, one for the form (each locks on its own). */
  pages: { link: { id: string; pin: string }; form: { id: string; pin: string } };
  /** Sari's leaves with files (the S3 emulator's, scanned by the stand-in), for the documents routes; none changed by a case. */
  files: {
    /** A draft with nothing uploaded: grants are asked for on it. */
    draft: Filed;
    /** A draft with three grants: one uploaded as declared (what registration takes), one never uploaded, one whose upload is not the file declared. */
    granted: Filed & { grantId: string; notUploaded: string; mismatched: string };
    /** Submitted with its form scanned clean, opened twice: Sleman's verifier reviews it, readers open it. */
    inProgress: Filed;
    /** A draft whose form is registered and not scanned yet (its hash, to ask for the same file again). */
    scanning: Filed & { sha256: string };
    /** A draft whose form the scan quarantined. */
    quarantined: Filed;
    /** Submitted as inProgress is: the known bug below is shown on it, so that no other case sees its review. */
    probe: Filed;
  };
}
interface Filed {
  id: string;
  pin: string;
}
/** The ring the handler signs and checks links with, so cases can hold real tokens and bend them. */
const ring = testKeyRing();
let world: World;
const cases = { total: 0, byRoute: new Map<string, number>(), statuses: new Map<number, number>(), keptText: 0 };
let startedAt = 0;

const send = (draft: Draft) => handler(toEvent(draft), { getRemainingTimeInMillis: () => 30_000 } as Context);

beforeAll(async () => {
  startedAt = Date.now();
  const table = await freshTable();
  ({ doc, tableName } = table);
  const directory = new DirectoryRepository(doc, tableName);
  for (const org of Object.values(ORGS)) await directory.putOrganisation(org);
  await seedStaff(doc, tableName);
  for (const employee of Object.values(EMPLOYEES)) await directory.putEmployee(employee);
  await new CalendarRepository(doc, tableName).put(CALENDAR_2026);
  // Errors the handler answers with a 500 are logged; the fuzzer reports them itself.
  const quiet = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined } as never;
  const clock = { now: () => new Date(NOW) };
  const s3Endpoint = inject('s3Endpoint');
  const store = testDocumentStore(s3Endpoint);
  // A real pool: a staff case that slipped past every check would reach Cognito, write, and fail the property.
  pool = await createTestUserPool();
  handler = createApiHandler({ trackingLinks: testTrackingLinks(ring), identity: pool.identity, documentStore: store, doc, tableName, clock, logger: quiet }) as unknown as Handler;

  const file = async () => {
    const created = await call(handler, { method: 'POST', path: '/proposals', as: ACTORS.sari, body: { serviceType: 'CUTI', payload: cuti.examplePayload, documents: [{ code: 'FORMULIR_CUTI', reference: 'dms://cuti/formulir.pdf' }] } });
    expect(created.status).toBe(201);
    return { id: created.body.id as string, pin: created.body.pin as string };
  };
  const draft = await file();
  const submitted = [await file(), await file()];
  const pages = { link: await file(), form: await file() };
  for (const { id } of [...submitted, pages.link, pages.form]) expect((await call(handler, { method: 'POST', path: `/proposals/${id}/transitions`, as: ACTORS.sari, body: { action: 'submit', expectedVersion: 1 } })).status).toBe(200);
  const proposals = await call(handler, { path: '/proposals', query: { limit: '1' }, as: ACTORS.sari });
  const inbox = await call(handler, { path: '/inbox', query: { limit: '1' }, as: ACTORS.verSleman });
  expect(proposals.body.nextCursor).toEqual(expect.any(String));
  expect(inbox.body.nextCursor).toEqual(expect.any(String));
  const files = await fileDocuments(directory, store, s3Endpoint, clock);
  const openings = await call(handler, { path: `/proposals/${files.inProgress.id}/document-openings`, query: { limit: '1' }, as: ACTORS.adminSleman });
  const employeeOpenings = await call(handler, { path: `/employees/${EMPLOYEES.sari.nip}/document-openings`, query: { limit: '1' }, as: ACTORS.adminSleman });
  expect(openings.body.nextCursor).toEqual(expect.any(String));
  expect(employeeOpenings.body.nextCursor).toEqual(expect.any(String));
  // A member of Sleman's staff for the staff routes to name (in the directory and in Cognito), and a change in its log.
  await inviteFuzzTarget();
  const staffPage = await call(handler, { path: `/organisations/${SLEMAN}/staff`, query: { limit: '1' }, as: ACTORS.adminSleman });
  const staffChanges = await call(handler, { path: `/organisations/${SLEMAN}/staff-changes`, query: { limit: '1' }, as: ACTORS.adminSleman });
  expect(staffPage.body.nextCursor).toEqual(expect.any(String));
  expect(staffChanges.body.nextCursor).toEqual(expect.any(String));
  const cursors = { proposals: proposals.body.nextCursor, inbox: inbox.body.nextCursor, openings: openings.body.nextCursor, employeeOpenings: employeeOpenings.body.nextCursor, staff: staffPage.body.nextCursor, staffChanges: staffChanges.body.nextCursor };
  world = { draft, submitted, cursors, pages, files };

  // Counts writes that succeeded; a write refused by its condition is no write.
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const command = (context as { commandName?: string }).commandName ?? '';
      if (WRITE_COMMAND.test(command)) {
        // The key as the document client takes it, or already marshalled ({ S: ... }).
        const input = args.input as { Key?: Record<string, unknown>; Item?: Record<string, unknown> };
        const key = input.Key ?? input.Item ?? {};
        const text = (v: unknown) => (typeof v === 'string' ? v : typeof (v as { S?: unknown })?.S === 'string' ? (v as { S: string }).S : undefined);
        writes.push({ command, pk: text(key.pk), sk: text(key.sk) });
      }
      return result;
    },
    { step: 'initialize', name: 'fuzzWriteSpy' },
  );
});

/**
 * Sari's leaves with files, through the API as a client gives them: a grant, a PUT to the S3
 * emulator, registration; the stand-in scanner's verdict, as GuardDuty's would come.
 */
async function fileDocuments(directory: DirectoryRepository, store: ReturnType<typeof testDocumentStore>, s3Endpoint: string, clock: { now: () => Date }): Promise<World['files']> {
  const api = (request: Parameters<typeof call>[1]) => call(handler, request);
  const verdicts = createScanResultHandler({ documents: new DocumentService({ documents: new DocumentRepository(doc, tableName), store, directory, clock }), bucket: TEST_BUCKET, clock });
  const failures: unknown[] = [];
  const scanner = standInScanner({ s3: createS3Client({ endpoint: s3Endpoint, budget: 'local' }), bucket: TEST_BUCKET, verdictFunction: verdicts, onError: (error) => failures.push(error) });
  const scan = async (id: string, bytes: Buffer) => {
    scanner.onObjectCreated({ eventName: 'ObjectCreated:Put', s3: { bucket: { name: TEST_BUCKET }, object: { key: `${id}/FORMULIR_CUTI/${sha256Hex(bytes)}` } } });
    await scanner.idle();
    expect(failures).toEqual([]);
  };
  const file = async (): Promise<Filed> => {
    const created = await api({ method: 'POST', path: '/proposals', as: ACTORS.sari, body: { serviceType: 'CUTI', payload: cuti.examplePayload, documents: [{ code: 'FORMULIR_CUTI', reference: 'dms://cuti/formulir.pdf' }] } });
    expect(created.status).toBe(201);
    return { id: created.body.id as string, pin: created.body.pin as string };
  };
  const give = async (id: string, bytes: Buffer) => expect((await uploadDocument(api, ACTORS.sari, id, 'FORMULIR_CUTI', bytes)).registered.status).toBe(201);
  /** A grant for `declared`; then `stored` PUT to its URL (the emulator checks no hash or length), or nothing. */
  const grant = async (id: string, declared: Buffer, stored?: Buffer) => {
    const answer = await api({ method: 'POST', path: `/proposals/${id}/documents/FORMULIR_CUTI/uploads`, as: ACTORS.sari, body: { contentType: 'application/pdf', size: declared.length, sha256: sha256Hex(declared) } });
    expect(answer.status).toBe(201);
    if (stored) {
      const { url, headers: { 'content-length': _length, ...headers } } = answer.body.upload as { url: string; headers: Record<string, string> };
      expect((await fetch(url, { method: 'PUT', headers, body: stored })).status).toBe(200);
    }
    return answer.body.grantId as string;
  };
  const submitted = async (bytes: Buffer) => {
    const filed = await file();
    await give(filed.id, bytes);
    await scan(filed.id, bytes);
    const { version } = (await api({ path: `/proposals/${filed.id}/status`, as: ACTORS.sari })).body as { version: number };
    expect((await api({ method: 'POST', path: `/proposals/${filed.id}/transitions`, as: ACTORS.sari, body: { action: 'submit', expectedVersion: version } })).status).toBe(200);
    return filed;
  };

  const draft = await file();
  const grantedDraft = await file();
  const granted = {
    ...grantedDraft,
    grantId: await grant(grantedDraft.id, pdfBytes('formulir cuti'), pdfBytes('formulir cuti')),
    notUploaded: await grant(grantedDraft.id, pdfBytes('formulir cuti, never uploaded')),
    mismatched: await grant(grantedDraft.id, pdfBytes('formulir cuti, declared'), pdfBytes('formulir cuti, another file')),
  };
  const inProgress = await submitted(pdfBytes('formulir cuti, in progress'));
  for (const who of [ACTORS.sari, ACTORS.verSleman]) expect((await api({ method: 'POST', path: `/proposals/${inProgress.id}/documents/FORMULIR_CUTI/versions/1/openings`, as: who })).status).toBe(201);
  const scanningBytes = pdfBytes('formulir cuti, being scanned');
  const scanning = { ...(await file()), sha256: sha256Hex(scanningBytes) };
  await give(scanning.id, scanningBytes);
  const quarantined = await file();
  const harmful = Buffer.concat([Buffer.from('%PDF-1.4\n'), EICAR_BYTES]);
  await give(quarantined.id, harmful);
  await scan(quarantined.id, harmful);
  const probe = await submitted(pdfBytes('formulir cuti, probe'));
  return { draft, granted, inProgress, scanning, quarantined, probe };
}

afterAll(() => {
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  const statuses = [...cases.statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}:${n}`).join(' ');
  console.log(
    `fuzz (API): ${cases.total + cases.keptText} cases in ${seconds} s: ${cases.total} malformed or hostile over ${cases.byRoute.size} operations ` +
      `(statuses ${statuses}; no 5xx, each answer as documented, nothing written but wrong-PIN counters), ${cases.keptText} valid requests with hostile text (kept exactly)`,
  );
});

// --- mutations shared by every operation -------------------------------------------------------

const ORG_IDS = Object.values(ORGS).map((o) => o.id);
const isString = (v: unknown, min: number, max: number): v is string => typeof v === 'string' && codePoints(v) >= min && codePoints(v) <= max;

/** Claims that do not make an actor: no claims, not an object, or valid ones with defects (401 or 403). */
const malformedClaimsMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant(mutation('no claims', (d) => (d.claims = null))),
  fc.oneof(hostileJson, fc.array(hostileString)).filter((v) => v === null || typeof v !== 'object' || Array.isArray(v)).map((v) => mutation('claims := not an object', (d) => (d.claims = v as Record<string, unknown>))),
  malformedClaims(claimsOf(ACTORS.sari), ORG_IDS).map(({ labels, claims }) => mutation(`claims: ${labels.join('; ')}`, (d) => (d.claims = claims))),
);

const asActor = (actors: Actor[]) => fc.constantFrom(...actors).map((a) => mutation(`as ${a.username}`, (d) => (d.claims = claimsOf(a))));

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE', 'CONNECT', 'PROPFIND', 'get', 'Delete'];
/** Any method the path does not serve: 405 (or 404 when the path serves nothing). */
const wrongMethod = (allowed: readonly string[]) =>
  fc.oneof(fc.constantFrom(...METHODS), fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), minLength: 1, maxLength: 8 }))
    .filter((m) => !allowed.includes(m.toUpperCase()))
    .map((m) => mutation(`method := ${m}`, (d) => (d.method = m)));

/** Route literals a new segment must not spell, or it may land on another route. */
const LITERALS = new Set(['reference', 'organisations', 'eligibility', 'staff', 'staff-changes', 'roles', 'proposals', 'transitions', 'audit', 'status', 'receipt', 'documents', 'uploads', 'versions', 'review', 'openings', 'document-openings', 'employees', 'leave', 'service-types', 'windows', 'calendar', 'track', 'inbox', 'me', 'health', 'openapi.json']);
const extraSegment = fc
  .tuple(hostileString.filter((s) => s.length < 3_000), fc.boolean())
  .filter(([s]) => s !== '' && !LITERALS.has(s) && !LITERALS.has(decodeURIComponentSafe(segmentOf(s, false))))
  .map(([s, raw]) => mutation('an extra path segment', (d) => d.segments.push(segmentOf(s, raw && !s.includes('/')))));

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A query parameter the route does not take (every query schema is strict). */
const unknownQuery = (known: readonly string[]) =>
  fc
    .tuple(fc.oneof(fc.constantFrom('__proto__', 'constructor', 'LIMIT', 'limit ', 'pin[]', 'cursor[]', '', 'role', 'nip', 'pin', 'cursor', 'limit'), hostileString.filter((s) => s.length < 200)), hostileString.filter((s) => s.length < 2_000))
    .filter(([k]) => !known.includes(k))
    .map(([k, v]) => mutation(`query ${JSON.stringify(k).slice(0, 40)} added`, (d) => d.query.push([k, v])));

const acceptLanguage = fc.oneof(hostileString.filter((s) => s.length < 5_000), fc.constantFrom('en', 'en-US,en;q=0.9', 'id;q=0, en;q=abc', 'in', '*', ';;;,,,q=', 'en;q=1e309', 'en;q=-1, id;q=NaN'))
  .map((v) => mutation('accept-language := hostile', (d) => setHeader(d, 'accept-language', v)));
const strayHeader = fc
  .tuple(fc.constantFrom('x-forwarded-for', 'user-agent', 'origin', 'cookie', 'x-amzn-trace-id', 'forwarded', 'x-fuzz', 'authorization', 'host', 'x-http-method-override'), hostileString.filter((s) => s.length < 5_000))
  .map(([name, value]) => mutation(`header ${name} := hostile`, (d) => setHeader(d, name, value)));

const base64Body = fc.constant(mutation('body sent base64-encoded', (d) => (d.base64 = true)));
/** What a browser sends: errors of a path no route takes, and a wrong method, become pages. */
const acceptPage = fc.constant(mutation('accept := a browser’s', (d) => setHeader(d, 'accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')));
/** ?lang= of any value: id and en choose, anything else is ignored. */
const langQuery = fc
  .oneof(fc.constantFrom('id', 'en', 'EN', 'id-ID', 'en-GB', 'in', '', 'fr', 'id,en'), hostileString.filter((s) => s.length < 2_000))
  .map((lang) => mutation(`lang := ${JSON.stringify(lang).slice(0, 30)}`, (d) => d.query.push(['lang', lang])));
/** Noise any operation takes without changing what it means. */
const commonNoise = [acceptLanguage, strayHeader, base64Body];

// --- mutations of bodies -----------------------------------------------------------------------

const BAD_CONTENT_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp', 'application/json-patch', 'text/json', 'json', 'application/xml', '', ' ', 'application/ json', 'application/*', '*/*'];
const contentType = fc
  .oneof(fc.constantFrom(...BAD_CONTENT_TYPES), hostileString.filter((s) => !/json/i.test(s) && s.length < 1_000), fc.constant(undefined))
  .map((v) => mutation(`content-type := ${v === undefined ? 'none' : JSON.stringify(v).slice(0, 40)}`, (d) => setHeader(d, 'content-type', v)));

const bodyBreakers: fc.Arbitrary<Mutation>[] = [
  contentType,
  notJson.map((text) => mutation('body := not JSON', (d) => (d.rawBody = text))),
  fc.oneof(hostileJson, oddJsonFragment).filter((v) => !isPlainObject(parsed(v))).map((v) => mutation('body := not an object', (d) => ((d.body = v), delete d.rawBody))),
  fc.integer({ min: 64 * 1024 + 1, max: 200_000 }).map((n) => mutation('body := past 64 KiB', (d) => setKey(d.body, 'padding', 'x'.repeat(n)))),
];

/** A key the strict schema does not know, with any value. */
const unknownKey = (known: readonly string[], at: (body: unknown) => unknown = (b) => b) =>
  fc
    .tuple(fc.oneof(fc.constantFrom('__proto__', 'constructor', 'admin', 'status', 'version', 'pk', 'id', ''), hostileString.filter((s) => s.length < 200)), hostileJson)
    .filter(([k]) => !known.includes(k))
    .map(([k, v]) => mutation(`key ${JSON.stringify(k).slice(0, 40)} added`, (d) => setKey(at(d.body), k, v)));

const removeKey = (keys: readonly string[], at: (body: unknown) => unknown = (b) => b) =>
  fc.constantFrom(...keys).map((k) => mutation(`key ${k} removed`, (d) => deleteKey(at(d.body), k)));

/** Sets a field to any value its check refuses. */
const badValue = (key: string, valid: (v: unknown) => boolean, at: (body: unknown) => unknown = (b) => b, extra: fc.Arbitrary<unknown>[] = []) =>
  fc.oneof(hostileJson, oddJsonFragment, ...extra).filter((v) => !valid(parsed(v))).map((v) => mutation(`${key} := bad`, (d) => setKey(at(d.body), key, v)));

/** What the server will see for a value: a raw fragment as JSON.parse reads it. */
function parsed(value: unknown): unknown {
  return value instanceof RawJson ? JSON.parse(value.text) : value;
}
const isPlainObject = (v: unknown): boolean => v !== null && typeof v === 'object' && !Array.isArray(v);

const positiveInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;

/** A document list its schema refuses: not a list, too long, or one bad entry. */
const badDocuments = fc.oneof(
  hostileJson.filter((v) => !Array.isArray(v)),
  fc.integer({ min: 31, max: 400 }).map((n) => Array.from({ length: n }, (_, i) => ({ code: `D${i}`, reference: 'dms://x' }))),
  fc.oneof(
    hostileJson.filter((v) => v === null || typeof v !== 'object' || Array.isArray(v)),
    fc.record({ code: hostileJson.filter((v) => !isString(v, 1, 64)), reference: fc.constant('dms://x') }),
    fc.record({ code: fc.constant('FORMULIR_CUTI'), reference: hostileJson.filter((v) => !trimmedFits(v, 1, 500)) }),
    fc.constant({ code: 'FORMULIR_CUTI' }),
    fc.constant({ reference: 'dms://x' }),
    fc.tuple(hostileString, hostileJson).filter(([k]) => k !== 'code' && k !== 'reference').map(([k, v]) => objectOf([['code', 'FORMULIR_CUTI'], ['reference', 'dms://x'], [k, v]])),
  ).map((bad) => [{ code: 'FORMULIR_CUTI', reference: 'dms://cuti/ok.pdf' }, bad]),
);

/** A CUTI payload its schema refuses. */
const CUTI_KEYS = ['jenisCuti', 'tanggalMulai', 'tanggalSelesai', 'alasan', 'alamatSelamaCuti', 'nomorTeleponSelamaCuti'];
const isoDateValid = (v: unknown) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
const badCutiPayload: fc.Arbitrary<unknown> = fc.oneof(
  fc.oneof(hostileJson, oddJsonFragment).filter((v) => !isPlainObject(parsed(v))),
  fc.constantFrom('jenisCuti', 'tanggalMulai', 'tanggalSelesai', 'alasan', 'alamatSelamaCuti').map((k) => objectOf(Object.entries(cuti.examplePayload as object).filter(([key]) => key !== k))),
  fc.tuple(fc.constantFrom(...CUTI_KEYS), hostileJson).filter(([k, v]) => {
    if (k === 'jenisCuti') return !(LEAVE_KINDS as readonly unknown[]).includes(v);
    if (k.startsWith('tanggal')) return !isoDateValid(v);
    if (k === 'nomorTeleponSelamaCuti') return !(typeof v === 'string' && /^\+62\d{8,13}$/.test(v));
    return !trimmedFits(v, 3, k === 'alasan' ? 500 : 300);
  }).map(([k, v]) => objectOf([...Object.entries(cuti.examplePayload as object).filter(([key]) => key !== k), [k, v]])),
  fc.tuple(hostileString, hostileJson).filter(([k]) => !CUTI_KEYS.includes(k)).map(([k, v]) => objectOf([...Object.entries(cuti.examplePayload as object), [k, v]])),
  fc.constant({ ...(cuti.examplePayload as object), tanggalMulai: '2026-12-18', tanggalSelesai: '2026-12-14' }),
);

/** Hostile text where free text is allowed: what a valid request may carry, and keep. */
const freeText = (key: string, max: number, at: (body: unknown) => unknown = (b) => b) =>
  hostileString.map((v) => mutation(`${key} := hostile text${codePoints(v.trim()) > max ? ' (too long)' : ''}`, (d) => setKey(at(d.body), key, v)));

// --- If-Match and versions ---------------------------------------------------------------------

const IF_MATCH_SHAPE = /^\s*(?:W\/)?"?\d+"?\s*$/;
const versionBreakers = (current: number): fc.Arbitrary<Mutation>[] => [
  hostileString.filter((s) => !IF_MATCH_SHAPE.test(s)).map((v) => mutation('if-match := malformed', (d) => setHeader(d, 'if-match', v))),
  fc.integer({ min: 1, max: 999_999_999 }).filter((n) => n !== current).map((n) => mutation(`if-match := "${n}" (stale)`, (d) => setHeader(d, 'if-match', `"${n}"`))),
  fc.constant(mutation('no version at all', (d) => (setHeader(d, 'if-match', undefined), deleteKey(d.body, 'expectedVersion')))),
  fc.integer({ min: 1, max: 2 ** 40 }).filter((n) => n !== current).map((n) => mutation(`expectedVersion := ${n} beside if-match`, (d) => (setHeader(d, 'if-match', `"${current}"`), setKey(d.body, 'expectedVersion', n)))),
  fc.oneof(hostileJson, fc.constantFrom<unknown>('1', 1.5, 0, -1, 2 ** 53, true, [1], { v: 1 })).filter((v) => !positiveInt(v)).map((v) => mutation('expectedVersion := wrong type', (d) => setKey(d.body, 'expectedVersion', v))),
];

// --- path parameters and cursors ---------------------------------------------------------------

/** A proposal number that is none of the stored ones; percent-encoded or raw. */
const otherProposalId = (known: () => string[]) =>
  fc
    .tuple(fc.oneof(hostileString.filter((s) => s.length < 5_000), fc.stringMatching(PROPOSAL_ID_PATTERN), fc.constantFrom('USL-0000-0000-0000', 'USL-ZZZZ-ZZZZ-ZZZZ')), fc.boolean())
    .map(([s, raw]) => ({ segment: segmentOf(s, raw) }))
    .filter(({ segment }) => segment !== '' && !known().includes(decodeURIComponentSafe(segment)));

const nipSegment = fc.oneof(
  hostileString.filter((s) => s.length < 3_000),
  fc.stringMatching(/^\d{18}$/),
  fc.constantFrom(...Object.values(EMPLOYEES).map((e) => e.nip), '000000000000000000', '99999999999999999999', '19900101201503200', '1990010120150320011'),
);

const yearSegment = fc.oneof(hostileString.filter((s) => s.length < 1_000), fc.integer().map(String), fc.constantFrom('2031.0', '0x7EF', '2.031e3', ' 2031', '2031 ', '+2031', '1999', '2101', '-2031', '2031n', 'Infinity', '1e999'));

/** Cursors: garbage, base64 of garbage, keys of the right shape with hostile values, and real ones bent. */
function cursorArb(real: string, partition: [string, string], attributes: string[]): fc.Arbitrary<string> {
  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
  const keyValue = fc.oneof(hostileString.filter((s) => s.length < 600), fc.constant(''), hostileJson);
  return fc.oneof(
    hostileString.filter((s) => s.length < 4_000),
    hostileJson.map((v) => b64(jsonText(v))),
    notJson.map(b64),
    // The right attributes in the right partition, the other values hostile: looks genuine to decodeCursor.
    fc.array(keyValue, { minLength: attributes.length, maxLength: attributes.length }).map((values) => b64(jsonText(objectOf(attributes.map((a, i) => [a, a === partition[0] ? partition[1] : values[i]]))))),
    fc.tuple(fc.subarray(attributes), keyValue).map(([names, v]) => b64(jsonText(objectOf(names.map((a) => [a, a === partition[0] ? partition[1] : v]))))),
    fc.tuple(fc.nat({ max: real.length }), fc.constantFrom('A', '_', '-', '=', '+', '/', '%3D', '\u0000', '')).map(([at, c]) => `${real.slice(0, at)}${c}${real.slice(at + 1)}`),
    fc.constantFrom(real.repeat(2), `${real}==`, real.toLowerCase(), real.slice(1), `${real}.`, 'x'.repeat(2_049)),
  );
}

// --- the operations ----------------------------------------------------------------------------

interface Operation {
  /** `METHOD /path` exactly as in routes.ts. */
  route: string;
  /** Items the route writes on bad input by design (a counter of failures); nothing else may be written. */
  counted?: (item: { pk?: unknown; sk?: unknown }) => boolean;
  /** Writing routes: every case carries a breaker and must be refused. */
  refuse: boolean;
  runs: number;
  base(): Draft;
  breakers: fc.Arbitrary<Mutation>[];
  noise?: fc.Arbitrary<Mutation>[];
}

const json = { 'content-type': 'application/json' };
function draftOf(method: string, path: string, options: { as?: Actor | null; body?: unknown; headers?: Record<string, string>; query?: Record<string, string> } = {}): Draft {
  return {
    method,
    segments: path.split('/').filter(Boolean),
    query: Object.entries(options.query ?? {}),
    headers: Object.entries({ ...(options.body !== undefined ? json : {}), ...options.headers }),
    ...(options.body !== undefined ? { body: structuredClone(options.body) } : {}),
    claims: options.as ? claimsOf(options.as) : null,
    applied: [],
  };
}

/**
 * Replaces path segment `index` (a parameter) by a generated one, never by one the router would
 * decode to a value `allowed` refuses (a raw "%32%30%33%31" is the year 2031).
 */
const atSegment = (index: number, arb: fc.Arbitrary<string>, label: string, forbidden: (decoded: string) => boolean = () => false) =>
  fc
    .tuple(arb, fc.boolean())
    .map(([value, raw]) => segmentOf(value, raw))
    .filter((segment) => !forbidden(decodeURIComponentSafe(segment)))
    .map((segment) => mutation(`${label} := ${JSON.stringify(segment).slice(0, 40)}`, (d) => (d.segments[index] = segment)));

/** Wrong tracking PINs are counted per number and hour, so guessing is locked out (a write by design). */
const isTrackingFailure = (item: { pk?: unknown; sk?: unknown }) => String(item.pk).startsWith('PROPOSAL#') && String(item.sk).startsWith('TRACKFAIL#');
const filesOf = () => Object.values(world.files);
const storedIds = () => [world.draft.id, ...world.submitted.map((p) => p.id), world.pages.link.id, world.pages.form.id, ...filesOf().map((p) => p.id)];
const storedPins = () => [world.draft.pin, ...world.submitted.map((p) => p.pin), world.pages.link.pin, world.pages.form.pin, ...filesOf().map((p) => p.pin)];
const strangers = [ACTORS.verYogya, ACTORS.dewi, ACTORS.budi, ACTORS.verKanreg8, ACTORS.opYogya];
const anyone = Object.values(ACTORS);
const withWindows = [...CATALOG.values()].filter((t) => t.hasSubmissionWindows).map((t) => t.code);
const routeMethods = (path: string) => apiRoutes({} as ApiDeps).filter((r) => r.path === path).map((r) => r.method);
/** An operation's name: `METHOD /path`, and ` (page)` for a page route (GET /track/{id} has both). */
const operationName = (route: { method: string; path: string; produces?: string }) => `${route.method} ${route.path}${route.produces === 'text/html' ? ' (page)' : ''}`;

/** Invalid contact details and preferences, wherever they are set (an employee's record, a staff profile). */
const contactBreakers: fc.Arbitrary<Mutation>[] = [
  fc.oneof(
    fc.oneof(hostileJson, oddJsonFragment).filter((v) => !isPlainObject(parsed(v))),
    hostileJson.filter((v) => !(typeof v === 'string' && ['id', 'en'].includes(v))).map((language) => ({ language })),
    fc.record({ email: hostileJson, sms: hostileJson }, { requiredKeys: [] }).filter((c) => !(typeof c.email === 'boolean' && typeof c.sms === 'boolean')).map((channels) => ({ channels })),
    fc.tuple(hostileString, hostileJson).filter(([k]) => k !== 'language' && k !== 'channels').map(([k, v]) => objectOf([[k, v]])),
  ).map((preferences) => mutation('preferences := invalid', (d) => setKey(d.body, 'preferences', preferences))),
  fc.oneof(
    fc.oneof(hostileJson, oddJsonFragment).filter((v) => !isPlainObject(parsed(v))),
    // Anything failing this loose pattern fails the stricter e-mail check too.
    hostileJson.filter((v) => !(v === null || (typeof v === 'string' && /^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$/.test(v) && codePoints(v) <= 254))).map((email) => ({ email })),
    hostileJson.filter((v) => !(v === null || (typeof v === 'string' && /^\+62\d{8,13}$/.test(v)))).map((phone) => ({ phone })),
    fc.tuple(hostileString, hostileJson).filter(([k]) => k !== 'email' && k !== 'phone').map(([k, v]) => objectOf([[k, v]])),
  ).map((contact) => mutation('contact := invalid', (d) => setKey(d.body, 'contact', contact))),
];

const signedIn = (path: string, known: readonly string[] = []) => [malformedClaimsMutation, wrongMethod(routeMethods(path)), extraSegment, unknownQuery(known)];
const readNoise = (path: string, known: readonly string[] = []) => [...commonNoise, asActor(anyone), extraSegment, wrongMethod(routeMethods(path)), unknownQuery(known)];

function operations(): Operation[] {
  const { draft } = world;
  const validCalendar = { year: 2031, source: 'SKB 2030 (fuzz)', holidays: [{ date: '2031-01-01', name: 'Tahun Baru 2031 Masehi' }], collectiveLeave: [] };
  const validWindows = { year: 2031, serviceType: 'KENAIKAN_PANGKAT', windows: [{ period: '2031-04-01', opensOn: '2031-02-01', closesOn: '2031-03-15' }] };
  const dateIn = (year: number) => (v: unknown) => isoDateValid(v) && String(v).startsWith(`${year}-`);

  return [
    // Public.
    { route: 'GET /health', refuse: false, runs: 60, base: () => draftOf('GET', '/health'), breakers: [...readNoise('/health'), malformedClaimsMutation] },
    { route: 'GET /openapi.json', refuse: false, runs: 40, base: () => draftOf('GET', '/openapi.json'), breakers: [...readNoise('/openapi.json')] },
    {
      route: 'GET /track/{id}', refuse: false, runs: 150, counted: isTrackingFailure,
      base: () => draftOf('GET', `/track/${world.submitted[0]!.id}`, { query: { pin: world.submitted[0]!.pin } }),
      breakers: [
        ...readNoise('/track/{id}', ['pin']),
        // A malformed PIN is refused before any lookup; a well-formed wrong one, for a known number
        // or not, is counted towards the hourly lock (the one write allowed here), then 429.
        hostileString.filter((s) => !/^\d{6}$/.test(s) && s.length < 2_000).map((pin) => mutation('pin := malformed', (d) => (d.query = [['pin', pin]]))),
        fc.constant(mutation('no pin', (d) => (d.query = []))),
        fc.tuple(otherProposalId(storedIds), fc.stringMatching(/^\d{6}$/)).map(([id, pin]) => mutation('an unknown number, a well-formed PIN', (d) => ((d.segments[1] = id.segment), (d.query = [['pin', pin]])))),
        fc.stringMatching(/^\d{6}$/).map((pin) => mutation('a well-formed PIN, guessed', (d) => (d.query = [['pin', pin]]))),
        hostileString.filter((s) => s.length < 2_000).map((pin) => mutation('pin := hostile, number unknown', (d) => ((d.segments[1] = 'USL-0000-0000-0000'), (d.query = [['pin', pin]])))),
      ],
    },
    // Signed in, reading.
    { route: 'GET /me', refuse: false, runs: 150, base: () => draftOf('GET', '/me', { as: ACTORS.sari }), breakers: [...readNoise('/me'), malformedClaimsMutation] },
    {
      route: 'GET /service-types', refuse: false, runs: 80, base: () => draftOf('GET', '/service-types', { as: ACTORS.sari }),
      breakers: [
        ...readNoise('/service-types', ['view']), malformedClaimsMutation,
        // Anything but full or summary is a 422; either of them answers as documented.
        fc.oneof(hostileString.filter((s) => s.length < 2_000), fc.constantFrom('full', 'summary', 'SUMMARY', 'summary ', ' full', '', 'lean', 'full,summary', 'summary\u0000', '__proto__'))
          .map((view) => mutation(`view := ${JSON.stringify(view).slice(0, 30)}`, (d) => d.query.push(['view', view]))),
      ],
    },
    {
      route: 'GET /service-types/{code}', refuse: false, runs: 100, base: () => draftOf('GET', '/service-types/CUTI', { as: ACTORS.sari }),
      breakers: [...readNoise('/service-types/{code}'), malformedClaimsMutation, atSegment(1, fc.oneof(hostileString.filter((s) => s.length < 3_000), fc.constantFrom(...CATALOG.keys())), 'code')],
    },
    // Code, the same for every signed-in caller: only the token, the method, the path and the query can be wrong.
    { route: 'GET /reference', refuse: false, runs: 80, base: () => draftOf('GET', '/reference', { as: ACTORS.sari }), breakers: [...readNoise('/reference'), malformedClaimsMutation] },
    {
      route: 'GET /service-types/{code}/windows/{year}', refuse: false, runs: 100, base: () => draftOf('GET', '/service-types/KENAIKAN_PANGKAT/windows/2026', { as: ACTORS.sari }),
      breakers: [...readNoise('/service-types/{code}/windows/{year}'), malformedClaimsMutation, atSegment(1, fc.oneof(hostileString.filter((s) => s.length < 3_000), fc.constantFrom(...CATALOG.keys())), 'code'), atSegment(3, yearSegment, 'year')],
    },
    {
      route: 'GET /proposals', refuse: false, runs: 250, base: () => draftOf('GET', '/proposals', { as: ACTORS.sari }),
      breakers: [
        ...readNoise('/proposals', ['nip', 'limit', 'cursor']), malformedClaimsMutation,
        nipSegment.map((nip) => mutation('nip := …', (d) => d.query.push(['nip', nip]))),
        fc.oneof(hostileString, fc.integer().map(String), fc.constantFrom('0', '101', '1.5', '1e2', '-1', '0x10', ' 5', '')).map((limit) => mutation(`limit := ${JSON.stringify(limit).slice(0, 30)}`, (d) => d.query.push(['limit', limit]))),
        cursorArb(world.cursors.proposals, ['gsi1pk', `EMP#${EMPLOYEES.sari.nip}`], ['pk', 'sk', 'gsi1pk', 'gsi1sk']).map((c) => mutation('cursor := …', (d) => d.query.push(['cursor', c]))),
      ],
    },
    {
      route: 'GET /proposals/{id}', refuse: false, runs: 150, base: () => draftOf('GET', `/proposals/${draft.id}`, { as: ACTORS.sari }),
      breakers: [...readNoise('/proposals/{id}'), malformedClaimsMutation, asActor(strangers), otherProposalId(storedIds).map((id) => mutation(`id := ${id.segment.slice(0, 40)}`, (d) => (d.segments[1] = id.segment)))],
    },
    {
      route: 'GET /proposals/{id}/status', refuse: false, runs: 150, base: () => draftOf('GET', `/proposals/${draft.id}/status`, { as: ACTORS.sari }),
      breakers: [...readNoise('/proposals/{id}/status'), malformedClaimsMutation, asActor(strangers), otherProposalId(storedIds).map((id) => mutation(`id := ${id.segment.slice(0, 40)}`, (d) => (d.segments[1] = id.segment)))],
    },
    {
      route: 'GET /proposals/{id}/receipt (page)', refuse: false, runs: 150, base: () => draftOf('GET', `/proposals/${draft.id}/receipt`, { as: ACTORS.sari }),
      breakers: [
        ...readNoise('/proposals/{id}/receipt', ['lang']), malformedClaimsMutation, asActor(strangers), langQuery,
        otherProposalId(storedIds).map((id) => mutation(`id := ${id.segment.slice(0, 40)}`, (d) => (d.segments[1] = id.segment))),
      ],
      noise: [...commonNoise, acceptPage, langQuery],
    },
    {
      route: 'GET /proposals/{id}/audit', refuse: false, runs: 120, base: () => draftOf('GET', `/proposals/${draft.id}/audit`, { as: ACTORS.auditor }),
      breakers: [...readNoise('/proposals/{id}/audit'), malformedClaimsMutation, asActor(anyone), otherProposalId(storedIds).map((id) => mutation(`id := ${id.segment.slice(0, 40)}`, (d) => (d.segments[1] = id.segment)))],
    },
    {
      route: 'GET /inbox', refuse: false, runs: 250, base: () => draftOf('GET', '/inbox', { as: ACTORS.verSleman }),
      breakers: [
        ...readNoise('/inbox', ['role', 'limit', 'cursor']), malformedClaimsMutation,
        fc.oneof(hostileString, fc.constantFrom(...ROLES)).map((role) => mutation(`role := ${JSON.stringify(role).slice(0, 30)}`, (d) => d.query.push(['role', role]))),
        fc.oneof(hostileString, fc.integer().map(String)).map((limit) => mutation('limit := …', (d) => d.query.push(['limit', limit]))),
        cursorArb(world.cursors.inbox, ['gsi2pk', `QUEUE#${ORGS.sleman!.id}#VERIFIKATOR`], ['pk', 'sk', 'gsi2pk', 'gsi2sk']).map((c) => mutation('cursor := …', (d) => d.query.push(['cursor', c]))),
      ],
    },
    {
      route: 'GET /calendar/{year}', refuse: false, runs: 100, base: () => draftOf('GET', '/calendar/2026', { as: ACTORS.sari }),
      breakers: [...readNoise('/calendar/{year}'), malformedClaimsMutation, atSegment(1, yearSegment, 'year')],
    },
    {
      route: 'GET /employees/{nip}', refuse: false, runs: 120, base: () => draftOf('GET', `/employees/${EMPLOYEES.sari.nip}`, { as: ACTORS.sari }),
      breakers: [...readNoise('/employees/{nip}'), malformedClaimsMutation, asActor(strangers), atSegment(1, nipSegment, 'nip')],
    },
    {
      route: 'GET /employees/{nip}/leave', refuse: false, runs: 120, base: () => draftOf('GET', `/employees/${EMPLOYEES.sari.nip}/leave`, { as: ACTORS.sari }),
      breakers: [...readNoise('/employees/{nip}/leave'), malformedClaimsMutation, asActor(strangers), atSegment(1, nipSegment, 'nip')],
    },

    // Signed in, writing: every case is refused.
    {
      route: 'POST /proposals', refuse: true, runs: 400,
      base: () => draftOf('POST', '/proposals', { as: ACTORS.sari, headers: { 'idempotency-key': 'fuzz-create-0001' }, body: { serviceType: 'CUTI', payload: cuti.examplePayload, documents: [{ code: 'FORMULIR_CUTI', reference: 'dms://cuti/formulir.pdf' }] } }),
      breakers: [
        ...signedIn('/proposals'), ...bodyBreakers,
        asActor([ACTORS.verSleman, ACTORS.adminBkn, ACTORS.auditor, ACTORS.adminSleman]),
        removeKey(['serviceType', 'payload']),
        unknownKey(['serviceType', 'nip', 'payload', 'documents']),
        badValue('serviceType', (v) => typeof v === 'string' && CATALOG.has(v.trim()), undefined, [hugeString]),
        // Another employee's number (not hers to file for), a number of nobody, or no number at all.
        fc.oneof(hostileJson.filter((v) => !(typeof v === 'string' && /^\d{18}$/.test(v))), fc.stringMatching(/^\d{18}$/), fc.constantFrom(EMPLOYEES.budi.nip, EMPLOYEES.dewi.nip))
          .filter((v) => v !== EMPLOYEES.sari.nip).map((v) => mutation('nip := not hers', (d) => setKey(d.body, 'nip', v))),
        badCutiPayload.map((p) => mutation('payload := invalid', (d) => setKey(d.body, 'payload', p))),
        tooDeep('payload'),
        badDocuments.map((docs) => mutation('documents := invalid', (d) => setKey(d.body, 'documents', docs))),
        hostileString.filter((s) => !/^[A-Za-z0-9_.:-]{8,128}$/.test(s)).map((key) => mutation('idempotency-key := malformed', (d) => setHeader(d, 'idempotency-key', key))),
      ],
      noise: [...commonNoise, freeText('alasan', 500, (b) => getKey(b, 'payload')), freeText('reference', 500, (b) => (getKey(b, 'documents') as unknown[] | undefined)?.[0]), deepPayload('payload')],
    },
    {
      route: 'PATCH /proposals/{id}', refuse: true, runs: 300,
      base: () => draftOf('PATCH', `/proposals/${draft.id}`, { as: ACTORS.sari, headers: { 'if-match': '"1"' }, body: { documents: [{ code: 'FORMULIR_CUTI', reference: 'dms://cuti/formulir-2.pdf' }] } }),
      breakers: [
        ...signedIn('/proposals/{id}'), ...bodyBreakers, ...versionBreakers(1),
        asActor([...strangers, ACTORS.adminSleman, ACTORS.auditor, ACTORS.verSleman]),
        otherProposalId(storedIds).map((id) => mutation(`id := ${id.segment.slice(0, 40)}`, (d) => (d.segments[1] = id.segment))),
        unknownKey(['expectedVersion', 'payload', 'documents']),
        fc.constant(mutation('body := nothing to change', (d) => (d.body = {}))),
        badCutiPayload.map((p) => mutation('payload := invalid', (d) => setKey(d.body, 'payload', p))),
        tooDeep('payload'),
        badDocuments.map((docs) => mutation('documents := invalid', (d) => setKey(d.body, 'documents', docs))),
      ],
      noise: [...commonNoise, freeText('reference', 500, (b) => (getKey(b, 'documents') as unknown[] | undefined)?.[0])],
    },
    {
      route: 'POST /proposals/{id}/transitions', refuse: true, runs: 400,
      base: () => draftOf('POST', `/proposals/${draft.id}/transitions`, { as: ACTORS.sari, body: { action: 'submit', expectedVersion: 1 } }),
      breakers: [
        ...signedIn('/proposals/{id}/transitions'), ...bodyBreakers, ...versionBreakers(1),
        asActor([...strangers, ACTORS.adminSleman, ACTORS.auditor]),
        otherProposalId(storedIds).map((id) => mutation(`id := ${id.segment.slice(0, 40)}`, (d) => (d.segments[1] = id.segment))),
        unknownKey(['action', 'expectedVersion', 'reason', 'missingItems', 'output', 'note']),
        removeKey(['action']),
        // An action that is no action, or one the table does not give the applicant on a draft.
        fc.oneof(hostileJson, fc.constantFrom(...ACTIONS.filter((a) => a !== 'submit' && a !== 'withdraw'), 'SUBMIT', 'submit ', 'delete')).filter((a) => a !== 'submit' && a !== 'withdraw').map((a) => mutation(`action := ${JSON.stringify(a).slice(0, 30)}`, (d) => setKey(d.body, 'action', a))),
        // A reason's code is one of the listed ones (an enum in the document): a well-shaped reason with another code is bad too.
        badValue('reason', (v) => v === undefined || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).every((k) => k === 'code' || k === 'text') && PROPOSAL_REASON_CODES.includes((v as { code?: unknown }).code as never) && ((v as { text?: unknown }).text === undefined || trimmedFits((v as { text?: unknown }).text, 0, 1000))), undefined, [
          fc.record({ code: fc.oneof(hostileString.filter((c) => c.length < 200), fc.constantFrom(...Object.getOwnPropertyNames(Object.prototype), 'dokumen_tidak_lengkap', 'LAINNYA ')) }),
        ]),
        badValue('missingItems', (v) => Array.isArray(v) && v.length >= 1 && v.length <= 30 && v.every((i) => trimmedFits(i, 1, 200)), undefined, [fc.constant([]), fc.constant(Array(31).fill('x'))]),
        badValue('note', (v) => trimmedFits(v, 0, 1000), undefined, [fc.constant('x'.repeat(1_001))]),
        tooDeep('output'),
      ],
      noise: [...commonNoise, freeText('note', 1000), deepPayload('output')],
    },
    {
      route: 'PUT /employees/{nip}', refuse: true, runs: 300,
      base: () => draftOf('PUT', `/employees/${EMPLOYEES.sari.nip}`, { as: ACTORS.sari, headers: { 'if-match': '"1"' }, body: { preferences: { language: 'en' } } }),
      breakers: [
        ...signedIn('/employees/{nip}'), ...bodyBreakers, ...versionBreakers(1),
        asActor([ACTORS.budi, ACTORS.dewi, ACTORS.verSleman, ACTORS.opYogya, ACTORS.auditor, ACTORS.adminSleman, ACTORS.verKanreg1]),
        atSegment(1, nipSegment, 'nip', (nip) => nip === EMPLOYEES.sari.nip),
        unknownKey(['expectedVersion', 'contact', 'preferences']),
        fc.constant(mutation('body := nothing to change', (d) => (d.body = {}))),
        fc.constant(mutation('every channel off', (d) => setKey(d.body, 'preferences', { channels: { email: false, sms: false } }))),
        fc.constant(mutation('no address left', (d) => setKey(d.body, 'contact', { email: null, phone: null }))),
        ...contactBreakers,
      ],
      noise: [...commonNoise],
    },
    {
      route: 'PUT /me', refuse: true, runs: 200,
      base: () => draftOf('PUT', '/me', { as: ACTORS.opSleman, body: { preferences: { language: 'en' } } }),
      breakers: [
        ...signedIn('/me'), ...bodyBreakers,
        asActor([ACTORS.sari, ACTORS.budi, ACTORS.dewi]),
        unknownKey(['contact', 'preferences']),
        fc.constant(mutation('body := nothing to change', (d) => (d.body = {}))),
        ...contactBreakers,
      ],
      noise: [...commonNoise],
    },
    {
      route: 'PUT /calendar/{year}', refuse: true, runs: 250,
      base: () => draftOf('PUT', '/calendar/2031', { as: ACTORS.adminBkn, body: validCalendar }),
      breakers: [
        ...signedIn('/calendar/{year}'), ...bodyBreakers,
        asActor([ACTORS.sari, ACTORS.opSleman, ACTORS.adminSleman, ACTORS.auditor, ACTORS.verKanreg1]),
        atSegment(1, yearSegment, 'year', (year) => Number(year) === 2031),
        removeKey(['year', 'holidays', 'collectiveLeave']),
        unknownKey(['year', 'source', 'holidays', 'collectiveLeave']),
        badValue('year', (v) => v === 2031),
        badValue('source', (v) => trimmedFits(v, 1, 1000)),
        fc.tuple(fc.constantFrom('holidays', 'collectiveLeave'), fc.oneof(
          hostileJson.filter((v) => !Array.isArray(v)),
          fc.constant(Array.from({ length: 367 }, (_, i) => ({ date: '2031-01-01', name: `d${i}` }))),
          fc.constant([{ date: '2031-01-01', name: 'a' }, { date: '2031-01-01', name: 'b' }]),
          fc.record({ date: hostileJson.filter((v) => !dateIn(2031)(v)), name: fc.constant('x') }).map((day) => [day]),
          fc.record({ date: fc.constant('2031-05-01'), name: hostileJson.filter((v) => !trimmedFits(v, 1, 200)) }).map((day) => [day]),
          fc.constantFrom('2031-02-29', '2031-13-01', '2031-00-10', '2030-12-31', '2032-01-01', '31-01-2031').map((date) => [{ date, name: 'x' }]),
        )).map(([list, value]) => mutation(`${list} := invalid`, (d) => setKey(d.body, list, value))),
      ],
      noise: [...commonNoise, freeText('name', 200, (b) => (getKey(b, 'holidays') as unknown[] | undefined)?.[0])],
    },
    {
      route: 'PUT /service-types/{code}/windows/{year}', refuse: true, runs: 250,
      base: () => draftOf('PUT', '/service-types/KENAIKAN_PANGKAT/windows/2031', { as: ACTORS.adminBkn, body: validWindows }),
      breakers: [
        ...signedIn('/service-types/{code}/windows/{year}'), ...bodyBreakers,
        asActor([ACTORS.sari, ACTORS.opSleman, ACTORS.adminSleman, ACTORS.auditor, ACTORS.apprKanreg1]),
        atSegment(1, fc.oneof(hostileString.filter((s) => s.length < 3_000), fc.constantFrom(...CATALOG.keys())), 'code', (code) => withWindows.includes(code)),
        atSegment(3, yearSegment, 'year', (year) => Number(year) === 2031),
        removeKey(['year', 'serviceType', 'windows']),
        unknownKey(['year', 'serviceType', 'windows']),
        badValue('year', (v) => v === 2031),
        badValue('serviceType', (v) => typeof v === 'string' && v.trim() === 'KENAIKAN_PANGKAT'),
        fc.oneof(
          hostileJson.filter((v) => !Array.isArray(v)),
          fc.constant(Array.from({ length: 7 }, () => validWindows.windows[0])),
          fc.constant([validWindows.windows[0], validWindows.windows[0]]),
          fc.constantFrom(
            { period: '2031-03-01', opensOn: '2031-01-01', closesOn: '2031-02-01' },
            { period: '2031-04-02', opensOn: '2031-01-01', closesOn: '2031-02-01' },
            { period: '2032-04-01', opensOn: '2031-01-01', closesOn: '2031-02-01' },
            { period: '2031-04-01', opensOn: '2031-03-20', closesOn: '2031-03-01' },
            { period: '2031-04-01', opensOn: '2031-03-01', closesOn: '2031-04-01' },
            { period: '2031-04-31', opensOn: '2031-03-01', closesOn: '2031-03-02' },
          ).map((w) => [w]),
          fc.record({ period: hostileJson, opensOn: hostileJson, closesOn: hostileJson }, { requiredKeys: [] }).filter((w) => !(isoDateValid(w.period) && isoDateValid(w.opensOn) && isoDateValid(w.closesOn))).map((w) => [w]),
        ).map((windows) => mutation('windows := invalid', (d) => setKey(d.body, 'windows', windows))),
      ],
      noise: [...commonNoise],
    },
    ...documentOperations(),
    ...staffOperations(),
    ...eligibilityOperations(),
    ...pageOperations(),
  ];
}

// --- the staff routes --------------------------------------------------------------------------

const SLEMAN = ORGS.sleman!.id;
const STAFF_TARGET = 'staf.fuzz';
const FUZZ_INVITEE = { username: 'fuzz.baru', name: 'Fuzz Baru', email: 'fuzz.baru@example.com', roles: ['OPERATOR'] };

/** Sleman's admin invites the member the staff routes name, through the API: a change for the log to list. */
async function inviteFuzzTarget(): Promise<void> {
  const invited = await call(handler, { method: 'POST', path: `/organisations/${SLEMAN}/staff`, as: ACTORS.adminSleman, headers: { 'idempotency-key': 'fuzz-target-0001' }, body: { username: STAFF_TARGET, name: 'Staf Fuzz', email: 'staf.fuzz@example.com', roles: ['OPERATOR'] } });
  expect(invited.status, invited.text).toBe(201);
}

const orgSegment = atSegment(1, fc.oneof(hostileString.filter((s) => s.length < 2_000), fc.constantFrom(...ORG_IDS, 'pemkab-sleman', 'PEMKAB-SLEMAN ', 'ORG#PEMKAB-SLEMAN', 'X'.repeat(65))), 'orgId', (id) => id === SLEMAN);
const usernameSegment = atSegment(3, fc.oneof(hostileString.filter((s) => s.length < 2_000), fc.constantFrom('Staf.Fuzz', 'staf.fuzz ', 'STAF.FUZZ', 'tidak.ada', 'st', 'a'.repeat(65), '__proto__')), 'username', (u) => u === STAFF_TARGET);
/** Roles an agency admin of Sleman may set: anything else is refused, by the schema or by the policy. */
const grantableBySleman = (v: unknown) =>
  Array.isArray(v) && v.length > 0 && new Set(v).size === v.length && v.every((role) => ['OPERATOR', 'VERIFIKATOR', 'APPROVER', 'AUDITOR', 'ADMIN_INSTANSI'].includes(role as string));
const schemaTakes = (schema: { safeParse(v: unknown): { success: boolean } }) => (v: unknown) => schema.safeParse(v).success;
/** Staff who manage none of Sleman's operators: its other staff, other agencies', BKN's (who grant the admin role there alone), employees. */
const notSlemanAdmins = Object.values(ACTORS).filter((a) => a !== ACTORS.adminSleman && a !== ACTORS.sariAsAdmin);
const keyBreakers = [
  fc.constant(mutation('no idempotency-key', (d) => setHeader(d, 'idempotency-key', undefined))),
  hostileString.filter((s) => !/^[A-Za-z0-9_.:-]{8,128}$/.test(s)).map((key) => mutation('idempotency-key := malformed', (d) => setHeader(d, 'idempotency-key', key))),
];
const staffListNoise = (path: string) => [...readNoise(path, ['role', 'status', 'limit', 'cursor']), malformedClaimsMutation, asActor(anyone), orgSegment, limitQuery];

function staffOperations(): Operation[] {
  const staffPath = `/organisations/${SLEMAN}/staff`;
  const memberPath = `${staffPath}/${STAFF_TARGET}`;
  const change = (path: string, body: Record<string, unknown>) => () => draftOf('PUT', path, { as: ACTORS.adminSleman, headers: { 'idempotency-key': `fuzz-${path.split('/').pop()}-0001`, 'if-match': '"1"' }, body });
  return [
    {
      route: 'GET /organisations/{orgId}/staff', refuse: false, runs: 150, base: () => draftOf('GET', staffPath, { as: ACTORS.adminSleman }),
      breakers: [
        ...staffListNoise('/organisations/{orgId}/staff'),
        fc.oneof(hostileString.filter((s) => s.length < 500), fc.constantFrom('OPERATOR', 'operator', 'PEGAWAI', 'ADMIN', '')).map((role) => mutation(`role := ${JSON.stringify(role).slice(0, 30)}`, (d) => d.query.push(['role', role]))),
        fc.oneof(hostileString.filter((s) => s.length < 500), fc.constantFrom('ACTIVE', 'SUSPENDED', 'active', 'DELETED', '')).map((status) => mutation(`status := ${JSON.stringify(status).slice(0, 30)}`, (d) => d.query.push(['status', status]))),
        cursorArb(world.cursors.staff, ['gsi1pk', `MEMBERS#${SLEMAN}`], ['pk', 'sk', 'gsi1pk', 'gsi1sk']).map((c) => mutation('cursor := …', (d) => d.query.push(['cursor', c]))),
      ],
    },
    {
      route: 'POST /organisations/{orgId}/staff', refuse: true, runs: 250,
      base: () => draftOf('POST', staffPath, { as: ACTORS.adminSleman, headers: { 'idempotency-key': 'fuzz-invite-0001' }, body: FUZZ_INVITEE }),
      breakers: [
        ...signedIn('/organisations/{orgId}/staff'), ...bodyBreakers, ...keyBreakers,
        asActor(notSlemanAdmins), orgSegment,
        removeKey(['username', 'name', 'email', 'roles']),
        unknownKey(['username', 'name', 'email', 'phone', 'nip', 'roles']),
        badValue('username', schemaTakes(usernameSchema), undefined, [fc.constantFrom('Fuzz.Baru', 'fuzz baru', 'fb', `${'a'.repeat(64)}`, '.fuzz', 'fuzz@baru')]),
        // A username someone has already: taken.
        fc.constantFrom(STAFF_TARGET, 'op.sleman', 'admin.sleman').map((username) => mutation(`username := ${username} (taken)`, (d) => setKey(d.body, 'username', username))),
        badValue('name', (v) => typeof v === 'string' && v.trim().length >= 1 && v.trim().length <= 200),
        badValue('email', schemaTakes(inviteStaffBody.shape.email), undefined, [fc.constantFrom('fuzz', 'fuzz@', '@example.com', 'a b@example.com', `${'a'.repeat(250)}@example.com`)]),
        badValue('phone', schemaTakes(inviteStaffBody.shape.phone.unwrap()), undefined, [fc.constantFrom('081234567890', '+62 812345678', '+6281', '+1234567890123')]),
        // A number that is not a Sleman employee's: malformed, unknown, or another agency's.
        badValue('nip', (v) => v === EMPLOYEES.sari.nip || v === EMPLOYEES.budi.nip, undefined, [fc.constantFrom(EMPLOYEES.dewi.nip, EMPLOYEES.rahmat.nip, '199001012015032099', '1990010120150320')]),
        badValue('roles', grantableBySleman, undefined, [fc.constantFrom(['ADMIN_BKN'], ['PEGAWAI'], [], ['OPERATOR', 'OPERATOR'], ['operator'], ['OPERATOR', 'ADMIN_BKN'])]),
      ],
    },
    {
      route: 'GET /organisations/{orgId}/staff/{username}', refuse: false, runs: 120, base: () => draftOf('GET', memberPath, { as: ACTORS.adminSleman }),
      breakers: [...readNoise('/organisations/{orgId}/staff/{username}'), malformedClaimsMutation, asActor(anyone), orgSegment, usernameSegment],
    },
    {
      route: 'PUT /organisations/{orgId}/staff/{username}/roles', refuse: true, runs: 250, base: change(`${memberPath}/roles`, { roles: ['OPERATOR', 'VERIFIKATOR'] }),
      breakers: [
        ...signedIn('/organisations/{orgId}/staff/{username}/roles'), ...bodyBreakers, ...keyBreakers, ...versionBreakers(1),
        asActor(notSlemanAdmins), orgSegment, usernameSegment,
        fc.constant(mutation('username := the admin herself', (d) => (d.segments[3] = 'admin.sleman'))),
        removeKey(['roles']),
        unknownKey(['roles', 'expectedVersion']),
        // Any roles Sleman's admin may set would be taken; the same roles as now change nothing (a 200 without a write).
        badValue('roles', grantableBySleman, undefined, [fc.constantFrom(['ADMIN_BKN'], ['PEGAWAI'], [], ['VERIFIKATOR', 'VERIFIKATOR'], ['verifikator'])]),
      ],
    },
    {
      route: 'PUT /organisations/{orgId}/staff/{username}/status', refuse: true, runs: 250, base: change(`${memberPath}/status`, { status: 'SUSPENDED', reason: 'Pindah tugas' }),
      breakers: [
        ...signedIn('/organisations/{orgId}/staff/{username}/status'), ...bodyBreakers, ...keyBreakers, ...versionBreakers(1),
        asActor(notSlemanAdmins), orgSegment, usernameSegment,
        fc.constant(mutation('username := the admin herself', (d) => (d.segments[3] = 'admin.sleman'))),
        removeKey(['status', 'reason']),
        unknownKey(['status', 'reason', 'expectedVersion']),
        badValue('status', (v) => v === 'SUSPENDED', undefined, [fc.constantFrom('suspended', 'DELETED', 'SUSPENDED ', 'INACTIVE')]),
        badValue('reason', (v) => typeof v === 'string' && v.trim().length >= 1 && v.trim().length <= 500, undefined, [fc.constantFrom('', '   ', 'x'.repeat(501))]),
      ],
    },
    {
      route: 'GET /organisations/{orgId}/staff-changes', refuse: false, runs: 150, base: () => draftOf('GET', `/organisations/${SLEMAN}/staff-changes`, { as: ACTORS.adminSleman }),
      breakers: [
        ...staffListNoise('/organisations/{orgId}/staff-changes'),
        cursorArb(world.cursors.staffChanges, ['gsi1pk', `STAFFLOG#${SLEMAN}`], ['pk', 'sk', 'gsi1pk', 'gsi1sk']).map((c) => mutation('cursor := …', (d) => d.query.push(['cursor', c]))),
      ],
    },
  ];
}

// --- the eligibility lists (issue 16) ----------------------------------------------------------

/** A service type in the path: any text, the catalog's codes (most have no list), near misses. */
const serviceTypeSegment = atSegment(3, fc.oneof(hostileString.filter((s) => s.length < 2_000), fc.constantFrom(...CATALOG.keys(), 'kenaikan_pangkat', 'KENAIKAN_PANGKAT ', 'KENAIKAN-PANGKAT', 'X'.repeat(65), '__proto__', 'CONSTRUCTOR')), 'serviceType');
const setQuery = (d: Draft, name: string, value: string | undefined) => {
  d.query = d.query.filter(([k]) => k !== name);
  if (value !== undefined) d.query.push([name, value]);
};

function eligibilityOperations(): Operation[] {
  const sari = EMPLOYEES.sari.nip;
  // The cursor a page of Sleman's list ends on: DynamoDB's LastEvaluatedKey after Sari's record.
  const real = Buffer.from(JSON.stringify({ pk: `EMPLOYEE#${sari}`, sk: 'PROFILE', gsi1pk: `EMPLOYEES#${SLEMAN}`, gsi1sk: sari })).toString('base64url');
  return [
    {
      route: 'GET /organisations/{orgId}/eligibility/{serviceType}', refuse: false, runs: 150,
      base: () => draftOf('GET', `/organisations/${SLEMAN}/eligibility/KENAIKAN_PANGKAT`, { as: ACTORS.opSleman, query: { periode: '2027-02-01' } }),
      breakers: [
        ...readNoise('/organisations/{orgId}/eligibility/{serviceType}', ['periode', 'only', 'limit', 'cursor']), malformedClaimsMutation, orgSegment, serviceTypeSegment, limitQuery,
        fc.oneof(hostileString.filter((s) => s.length < 2_000), fc.constantFrom('2027-02-01', '2027-04-01', '2027-03-01', '2027-02-30', '2027-2-1', '', ' 2027-02-01', '2027-02-01T00:00:00Z', '20270201', '2027-02-01\u0000'))
          .map((periode) => mutation(`periode := ${JSON.stringify(periode).slice(0, 30)}`, (d) => setQuery(d, 'periode', periode))),
        fc.constant(mutation('no periode', (d) => setQuery(d, 'periode', undefined))),
        fc.oneof(hostileString.filter((s) => s.length < 500), fc.constantFrom('all', 'eligible', 'not-eligible', 'ELIGIBLE', 'none', '', 'eligible ')).map((only) => mutation(`only := ${JSON.stringify(only).slice(0, 30)}`, (d) => setQuery(d, 'only', only))),
        cursorArb(real, ['gsi1pk', `EMPLOYEES#${SLEMAN}`], ['pk', 'sk', 'gsi1pk', 'gsi1sk']).map((c) => mutation('cursor := …', (d) => setQuery(d, 'cursor', c))),
      ],
    },
  ];
}

// --- the documents routes ----------------------------------------------------------------------

/** A document code in a path: any text, the catalog's codes (a leave requires one of them only), and near misses the schema refuses. */
const documentCodeSegment = fc.oneof(
  hostileString.filter((s) => s.length < 3_000),
  fc.constantFrom(...new Set([...CATALOG.values()].flatMap((t) => t.requiredDocuments.map((d) => d.code)))),
  fc.constantFrom('formulir_cuti', 'FORMULIR_CUTI ', ' FORMULIR_CUTI', 'FORMULIR-CUTI', 'F', 'X'.repeat(61), 'CONSTRUCTOR', 'FORMULIR_CUTI\u0000', 'FORMULIR_CUTİ'),
);
/** A version in a path: any text, numbers the schema refuses (0, past 999, signs, decimals, other digits), versions there are not. */
const versionSegment = fc.oneof(
  hostileString.filter((s) => s.length < 1_000),
  fc.integer().map(String),
  fc.constantFrom('0', '01', '1.0', '+1', '1e0', ' 1', '1 ', '2', '999', '1000', '0x1', '-1', '١', '１', 'Infinity', 'NaN'),
);
const limitQuery = fc
  .oneof(hostileString, fc.integer().map(String), fc.constantFrom('0', '1', '100', '101', '1.5', '1e2', '-1', '0x10', ' 5', ''))
  .map((limit) => mutation(`limit := ${JSON.stringify(limit).slice(0, 30)}`, (d) => d.query.push(['limit', limit])));

const validContentType = (v: unknown) => (CONTENT_TYPES as readonly unknown[]).includes(v);
// A leave's form takes the default limit.
const validSize = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1 && v <= DEFAULT_MAX_BYTES;
const validSha256 = (v: unknown) => typeof v === 'string' && /^[0-9a-fA-F]{64}$/.test(v);

const REASON_CODES = Object.keys(DOCUMENT_REJECTION_REASONS);
/** A rejection's reason the API takes: a listed code, a text of at most 1,000 (trimmed), and one for LAINNYA. */
function rejectionTaken(v: unknown): boolean {
  if (!isPlainObject(v)) return false;
  const { code, text, ...rest } = v as { code?: unknown; text?: unknown };
  if (Object.keys(rest).length || typeof code !== 'string' || !REASON_CODES.includes(code)) return false;
  if (text !== undefined && !(typeof text === 'string' && codePoints(text.trim()) <= 1_000)) return false;
  return code !== 'LAINNYA' || (typeof text === 'string' && text.trim() !== '');
}
const reasonLike = fc.record(
  { code: fc.oneof(hostileString.filter((s) => s.length < 200), fc.constantFrom(...REASON_CODES, ...Object.getOwnPropertyNames(Object.prototype))), text: fc.oneof(hostileString, fc.constantFrom('', ' ', '\t\n', 'x'.repeat(1_001), 'alasan')) },
  { requiredKeys: ['code'] },
);

function documentOperations(): Operation[] {
  const { draft, granted, inProgress, scanning, quarantined } = world.files;
  const file = pdfBytes('formulir cuti, asked for');
  const uploads = `/proposals/${draft.id}/documents/FORMULIR_CUTI/uploads`;
  const versions = `/proposals/${granted.id}/documents/FORMULIR_CUTI/versions`;
  const review = `/proposals/${inProgress.id}/documents/FORMULIR_CUTI/review`;
  const openings = `/proposals/${inProgress.id}/documents/FORMULIR_CUTI/versions/1/openings`;
  const otherId = otherProposalId(storedIds).map((id) => mutation(`id := ${id.segment.slice(0, 40)}`, (d) => (d.segments[1] = id.segment)));
  const idOf = (what: string, id: string) => fc.constant(mutation(`id := ${what}`, (d) => (d.segments[1] = id)));
  const code = atSegment(3, documentCodeSegment, 'code', (c) => c === 'FORMULIR_CUTI');
  // The staff who read her proposals and are not the applicant, and those who read none of them.
  const notApplicant = [...strangers, ACTORS.opSleman, ACTORS.verSleman, ACTORS.adminSleman, ACTORS.verKanreg1, ACTORS.adminBkn, ACTORS.auditor];
  return [
    {
      route: 'GET /proposals/{id}/documents', refuse: false, runs: 100, base: () => draftOf('GET', `/proposals/${inProgress.id}/documents`, { as: ACTORS.sari }),
      breakers: [...readNoise('/proposals/{id}/documents'), malformedClaimsMutation, asActor(strangers), otherId, idOf('a draft', draft.id), idOf('a quarantined file’s', quarantined.id)],
    },
    {
      route: 'POST /proposals/{id}/documents/{code}/uploads', refuse: true, runs: 250,
      base: () => draftOf('POST', uploads, { as: ACTORS.sari, body: { contentType: 'application/pdf', size: file.length, sha256: sha256Hex(file) } }),
      breakers: [
        ...signedIn('/proposals/{id}/documents/{code}/uploads'), ...bodyBreakers,
        asActor(notApplicant), otherId, code,
        // Hers, but no longer hers to change; and the same file as a version already there.
        idOf('one she submitted', inProgress.id),
        fc.constant(mutation('the file already registered', (d) => ((d.segments[1] = scanning.id), setKey(d.body, 'sha256', scanning.sha256)))),
        removeKey(['contentType', 'size', 'sha256']),
        unknownKey(['contentType', 'size', 'sha256']),
        badValue('contentType', validContentType, undefined, [fc.constantFrom('application/PDF', 'application/pdf ', ' application/pdf', 'application/pdf; charset=binary', 'application/x-pdf', 'image/jpg', 'image/gif', 'image/svg+xml', 'text/html', '*/*', 'x'.repeat(101))]),
        badValue('size', validSize, undefined, [fc.constantFrom(0, -1, 1.5, DEFAULT_MAX_BYTES + 1, 100 * 1024 * 1024 + 1, 2 ** 53, '1234', [1234])]),
        badValue('sha256', validSha256, undefined, [fc.constantFrom('a'.repeat(63), 'a'.repeat(65), 'g'.repeat(64), ` ${'a'.repeat(64)}`, `${'a'.repeat(64)}\n`, createHash('sha256').update(file).digest('base64'))]),
      ],
      noise: [...commonNoise, fc.constant(mutation('sha256 in capitals', (d) => setKey(d.body, 'sha256', String(getKey(d.body, 'sha256')).toUpperCase())))],
    },
    {
      route: 'POST /proposals/{id}/documents/{code}/versions', refuse: true, runs: 200,
      base: () => draftOf('POST', versions, { as: ACTORS.sari, body: { grantId: granted.grantId } }),
      breakers: [
        ...signedIn('/proposals/{id}/documents/{code}/versions'), ...bodyBreakers,
        asActor(notApplicant), otherId, code,
        // Another of her proposals: submitted (409), or a draft the grant is not for.
        idOf('one she submitted', inProgress.id), idOf('a draft the grant is not for', draft.id),
        removeKey(['grantId']),
        unknownKey(['grantId']),
        badValue('grantId', (v) => v === granted.grantId, undefined, [fc.uuid(), fc.constantFrom(granted.grantId.toUpperCase(), ` ${granted.grantId}`, granted.grantId.replaceAll('-', ''), `${granted.grantId}0`)]),
        // Grants of this proposal whose storage does not hold: nothing uploaded, or another file than declared.
        fc.constantFrom(['never uploaded', granted.notUploaded] as const, ['uploaded another file', granted.mismatched] as const).map(([what, grantId]) => mutation(`grantId := ${what}`, (d) => setKey(d.body, 'grantId', grantId))),
      ],
    },
    {
      route: 'PUT /proposals/{id}/documents/{code}/review', refuse: true, runs: 250,
      base: () => draftOf('PUT', review, { as: ACTORS.verSleman, body: { version: 1, decision: 'ACCEPTED' } }),
      breakers: [
        ...signedIn('/proposals/{id}/documents/{code}/review'), ...bodyBreakers,
        // Readers who are not the stage's handler (Sari as a verifier too: never on her own), and strangers.
        asActor([...strangers, ACTORS.sari, ACTORS.sariAsVerifier, ACTORS.opSleman, ACTORS.apprSleman, ACTORS.adminSleman, ACTORS.verKanreg1, ACTORS.auditor]),
        otherId, code,
        // Drafts: not at a stage, whatever their file.
        idOf('a draft', draft.id), idOf('a draft whose file is being scanned', scanning.id), idOf('a draft whose file is quarantined', quarantined.id),
        removeKey(['version', 'decision']),
        unknownKey(['version', 'decision', 'reason']),
        badValue('version', (v) => v === 1, undefined, [fc.constantFrom(0, 2, 999, 1000, 1.5, -1, '1', [1])]),
        // REJECTED is a decision: a rejection breaks only without a reason the rule takes (next).
        badValue('decision', (v) => v === 'ACCEPTED' || v === 'REJECTED', undefined, [fc.constantFrom('accepted', 'ACCEPTED ', 'REJECT', 'APPROVED', 'RETURNED')]),
        fc.oneof(hostileJson, oddJsonFragment, reasonLike, fc.constant(undefined)).filter((v) => !rejectionTaken(parsed(v)))
          .map((reason) => mutation('REJECTED, with no reason the rule takes', (d) => (setKey(d.body, 'decision', 'REJECTED'), setKey(d.body, 'reason', reason)))),
        fc.oneof(hostileJson.filter((v) => v !== undefined), reasonLike, fc.constant({ code: 'DOKUMEN_TIDAK_TERBACA' }))
          .map((reason) => mutation('ACCEPTED, with a reason', (d) => (setKey(d.body, 'decision', 'ACCEPTED'), setKey(d.body, 'reason', reason)))),
      ],
    },
    {
      route: 'POST /proposals/{id}/documents/{code}/versions/{version}/openings', refuse: true, runs: 200,
      base: () => draftOf('POST', openings, { as: ACTORS.sari }),
      breakers: [
        ...signedIn('/proposals/{id}/documents/{code}/versions/{version}/openings'),
        asActor(strangers), otherId, code,
        atSegment(5, versionSegment, 'version', (v) => v === '1'),
        // Files never served: not scanned yet, or harmful.
        idOf('a draft whose file is being scanned', scanning.id), idOf('a draft whose file is quarantined', quarantined.id),
        idOf('a draft with no file', draft.id),
      ],
    },
    {
      route: 'GET /proposals/{id}/document-openings', refuse: false, runs: 150, base: () => draftOf('GET', `/proposals/${inProgress.id}/document-openings`, { as: ACTORS.adminSleman }),
      breakers: [
        ...readNoise('/proposals/{id}/document-openings', ['limit', 'cursor']), malformedClaimsMutation, asActor(anyone), otherId, limitQuery,
        cursorArb(world.cursors.openings, ['pk', `OPENINGS#${inProgress.id}`], ['pk', 'sk']).map((c) => mutation('cursor := …', (d) => d.query.push(['cursor', c]))),
      ],
    },
    {
      route: 'GET /employees/{nip}/document-openings', refuse: false, runs: 150, base: () => draftOf('GET', `/employees/${EMPLOYEES.sari.nip}/document-openings`, { as: ACTORS.adminSleman }),
      breakers: [
        ...readNoise('/employees/{nip}/document-openings', ['limit', 'cursor']), malformedClaimsMutation, asActor(anyone), atSegment(1, nipSegment, 'nip'), limitQuery,
        cursorArb(world.cursors.employeeOpenings, ['gsi1pk', `OPENED#${EMPLOYEES.sari.nip}`], ['pk', 'sk', 'gsi1pk', 'gsi1sk']).map((c) => mutation('cursor := …', (d) => d.query.push(['cursor', c]))),
      ],
    },
  ];
}

// --- the tracking pages ------------------------------------------------------------------------

const FORM_TYPE = 'application/x-www-form-urlencoded';
const pageHeaders = { accept: BROWSER_ACCEPT };

/** Accept headers of every kind: a page-only route answers a page whatever is asked, a shared one may answer JSON. */
const acceptHeader = fc
  .oneof(fc.constantFrom('text/html', '*/*', 'application/json', 'text/html;q=0', 'application/json, text/html', 'text/*', 'image/png', '', ' ', 'text/html;q=abc'), hostileString.filter((s) => s.length < 2_000))
  .map((v) => mutation(`accept := ${JSON.stringify(v).slice(0, 30)}`, (d) => setHeader(d, 'accept', v)));
/** A page drops query parameters it does not know (a messenger's click id), whatever they are. */
const strayQuery = fc.tuple(hostileString.filter((s) => s.length < 200 && s !== 'lang'), hostileString.filter((s) => s.length < 2_000))
  .map(([k, v]) => mutation(`query ${JSON.stringify(k).slice(0, 30)} added`, (d) => d.query.push([k, v])));
const pageNoise = [acceptLanguage, strayHeader, acceptHeader, langQuery, strayQuery, asActor(anyone)];

/** A token that does not hold for the number: bent, forged, another number's, under another key, or any text. */
const badToken = (id: () => string) =>
  fc.oneof(
    fc.tuple(fc.nat({ max: 12 }), fc.constantFrom(...'AZaz09_-'.split(''))).map(([at, c]) => {
      const token = signTrackingToken(ring, id());
      return token.slice(0, at) + (token[at] === c ? (c === 'A' ? 'B' : 'A') : c) + token.slice(at + 1);
    }),
    fc.constant(null).map(() => signTrackingToken(testKeyRing(), id())),
    fc.stringMatching(/^USL-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/).filter((other) => other !== id()).map((other) => signTrackingToken(ring, other)),
    fc.constantFrom(...'bcdefghijklmnopqrstuvwxyz0123456789'.split('')).map((key) => key + signTrackingToken(ring, id()).slice(1)),
    hostileString.filter((s) => s.length < 3_000),
  );

/** A form body from fields (as a browser sends it), to bend field by field. */
const formOf = (fields: [string, string][]) => new URLSearchParams(fields).toString();
const editForm = (d: Draft, edit: (fields: [string, string][]) => [string, string][]) => (d.rawBody = formOf(edit([...new URLSearchParams(d.rawBody ?? '')])));
const setField = (name: string, value: string) => (fields: [string, string][]) => [...fields.filter(([n]) => n !== name), [name, value] as [string, string]];

function pageOperations(): Operation[] {
  const { link, form } = world.pages;
  return [
    {
      route: 'GET /track/{id} (page)', refuse: false, runs: 120,
      base: () => draftOf('GET', `/track/${link.id}`, { headers: pageHeaders }),
      breakers: [...pageNoise, extraSegment, wrongMethod(routeMethods('/track/{id}')), otherProposalId(storedIds).map((id) => mutation(`id := ${id.segment.slice(0, 40)}`, (d) => (d.segments[1] = id.segment)))],
      noise: pageNoise,
    },
    {
      route: 'GET /t/{id}/{token} (page)', refuse: false, runs: 200, counted: isTrackingFailure,
      base: () => draftOf('GET', `/t/${link.id}/${signTrackingToken(ring, link.id)}`, { headers: pageHeaders }),
      breakers: [
        ...pageNoise, extraSegment, wrongMethod(routeMethods('/t/{id}/{token}')),
        atSegment(2, badToken(() => link.id), 'token'),
        // Another number, well-formed or not, with its own valid token or a bad one.
        fc.tuple(otherProposalId(storedIds), fc.boolean()).map(([id, signed]) => mutation(`id := ${id.segment.slice(0, 40)}${signed ? ', signed' : ''}`, (d) => {
          d.segments[1] = id.segment;
          if (signed) d.segments[2] = signTrackingToken(ring, decodeURIComponentSafe(id.segment));
        })),
      ],
      noise: pageNoise,
    },
    {
      route: 'GET /track (page)', refuse: false, runs: 80,
      base: () => draftOf('GET', '/track', { headers: pageHeaders }),
      breakers: [...pageNoise, extraSegment, wrongMethod(routeMethods('/track'))],
      noise: pageNoise,
    },
    {
      route: 'POST /track (page)', refuse: false, runs: 300, counted: isTrackingFailure,
      base: () => ({ ...draftOf('POST', '/track', { headers: { ...pageHeaders, 'content-type': FORM_TYPE } }), rawBody: formOf([['number', form.id], ['pin', form.pin], ['lang', 'id']]) }),
      breakers: [
        acceptLanguage, strayHeader, acceptHeader, langQuery, asActor(anyone), extraSegment, wrongMethod(routeMethods('/track')), base64Body,
        // Fields a person may type wrong: the form again, never a 5xx, never the PIN shown back.
        fc.tuple(fc.constantFrom('number', 'pin', 'lang'), fc.oneof(hostileString.filter((s) => s.length < 300), fc.stringMatching(/^\d{1,8}$/), fc.constantFrom('', ' ', '１２３４５６', ' 12 34 56 ', 'usl 0000 0000 0000'))).map(([name, value]) => mutation(`${name} := ${JSON.stringify(value).slice(0, 30)}`, (d) => editForm(d, setField(name, value)))),
        // A well-formed guess, on the number or on another (counted).
        fc.stringMatching(/^\d{6}$/).filter((pin) => pin !== form.pin).map((pin) => mutation('a well-formed PIN, guessed', (d) => editForm(d, setField('pin', pin)))),
        fc.stringMatching(/^USL-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/).filter((id) => !storedIds().includes(id)).map((id) => mutation('an unknown number', (d) => editForm(d, setField('number', id)))),
        // What no form of ours sends: a field missing, twice or unknown, too long; another body or media type.
        fc.constantFrom('number', 'pin', 'lang').map((name) => mutation(`${name} removed`, (d) => editForm(d, (fields) => fields.filter(([n]) => n !== name)))),
        fc.constantFrom('number', 'pin', 'lang').map((name) => mutation(`${name} sent twice`, (d) => editForm(d, (fields) => [...fields, [name, 'x']]))),
        fc.tuple(hostileString.filter((s) => s.length < 200 && !['number', 'pin', 'lang'].includes(s)), hostileString.filter((s) => s.length < 500)).map(([k, v]) => mutation(`field ${JSON.stringify(k).slice(0, 30)} added`, (d) => editForm(d, (fields) => [...fields, [k, v]]))),
        fc.integer({ min: 201, max: 70_000 }).map((n) => mutation(`number := ${n} characters`, (d) => editForm(d, setField('number', 'U'.repeat(n))))),
        fc.oneof(hostileString.filter((s) => s.length < 5_000), notJson).map((raw) => mutation('body := anything', (d) => (d.rawBody = raw))),
        fc.constant(mutation('no body', (d) => delete d.rawBody)),
        fc.oneof(fc.constantFrom('application/json', 'text/plain', 'multipart/form-data; boundary=x', '', 'application/x-www-form-urlencoded; charset=utf-8'), hostileString.filter((s) => s.length < 500))
          .map((v) => mutation(`content-type := ${JSON.stringify(v).slice(0, 30)}`, (d) => setHeader(d, 'content-type', v))),
      ],
      noise: [acceptLanguage, strayHeader, acceptHeader, langQuery],
    },
  ];
}

/** Deeply nested or odd JSON where the schema takes any value (payload, output). */
function deepPayload(key: string) {
  return oddJsonFragment.map((fragment) => mutation(`${key} := odd JSON (${fragment.text.length} chars)`, (d) => setKey(d.body, key, fragment)));
}

/** Nesting past the API's limit where the schema takes any value: refused before anything walks it. */
function tooDeep(key: string) {
  return nestedAtLeast(MAX_JSON_DEPTH).map((fragment) => mutation(`${key} := nested too deep (${fragment.text.length} chars)`, (d) => setKey(d.body, key, fragment)));
}

/** Whether the OpenAPI document has this method on a path template matching this path. */
const documentedPaths = Object.entries(contractDocument().paths as Record<string, Record<string, unknown>>).map(([template, operations]) => ({
  pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[^/]+')}$`),
  methods: new Set(Object.keys(operations).map((m) => m.toUpperCase())),
}));
const documented = (method: string, path: string) => documentedPaths.some((p) => p.pattern.test(path) && p.methods.has(method));

/** The routes fuzzed, one property each (the list is checked against routes.ts). */
const FUZZED = [
  'GET /health', 'GET /openapi.json', 'GET /track/{id}', 'GET /me', 'GET /service-types', 'GET /service-types/{code}', 'GET /reference', 'GET /service-types/{code}/windows/{year}',
  'GET /proposals', 'GET /proposals/{id}', 'GET /proposals/{id}/status', 'GET /proposals/{id}/receipt (page)', 'GET /proposals/{id}/audit', 'GET /inbox', 'GET /calendar/{year}', 'GET /employees/{nip}', 'GET /employees/{nip}/leave',
  'GET /proposals/{id}/documents', 'GET /proposals/{id}/document-openings', 'GET /employees/{nip}/document-openings',
  'POST /proposals', 'PATCH /proposals/{id}', 'POST /proposals/{id}/transitions', 'PUT /employees/{nip}', 'PUT /me', 'PUT /calendar/{year}', 'PUT /service-types/{code}/windows/{year}',
  'POST /proposals/{id}/documents/{code}/uploads', 'POST /proposals/{id}/documents/{code}/versions', 'PUT /proposals/{id}/documents/{code}/review', 'POST /proposals/{id}/documents/{code}/versions/{version}/openings',
  'GET /organisations/{orgId}/staff', 'POST /organisations/{orgId}/staff', 'GET /organisations/{orgId}/staff/{username}', 'PUT /organisations/{orgId}/staff/{username}/roles', 'PUT /organisations/{orgId}/staff/{username}/status', 'GET /organisations/{orgId}/staff-changes',
  'GET /organisations/{orgId}/eligibility/{serviceType}',
  'GET /track/{id} (page)', 'GET /t/{id}/{token} (page)', 'GET /track (page)', 'POST /track (page)',
];

function caseArb(op: Operation): fc.Arbitrary<Draft> {
  return fc
    .tuple(fc.array(fc.oneof(...(op.noise ?? commonNoise)), { maxLength: 3 }), fc.array(fc.oneof(...op.breakers), { minLength: 1, maxLength: 3 }))
    .map(([noise, breakers]) => {
      const draft = op.base();
      // Noise first: a breaker applied after it cannot be undone by it.
      for (const m of [...noise, ...breakers]) {
        m.apply(draft);
        draft.applied.push(m.label);
      }
      return draft;
    });
}

describe('fuzzing every operation with malformed and hostile requests', () => {
  it('covers every route of the API: a new route fails here until it is fuzzed', () => {
    const declared = apiRoutes({} as ApiDeps).map(operationName).sort();
    expect([...FUZZED].sort()).toEqual(declared);
    expect(operations().map((op) => op.route).sort()).toEqual(declared);
  });

  it.each(FUZZED)(
    '%s: never a 5xx, every 4xx a problem+json or a page with a stable code, nothing written',
    async (route) => {
      const op = operations().find((o) => o.route === route)!;
      const counted = op.counted ?? (() => false);
      const before = await snapshot(counted);
      let ran = 0;
      await fc.assert(
        fc.asyncProperty(caseArb(op), async (draft) => {
          writes = [];
          ran++;
          const result = await send(draft);
          const { status } = checkAnswer(result, op.refuse);
          // An answer to an operation of the OpenAPI document must be one the document lists.
          // (As the router reads the path: empty segments dropped; a raw "?" or "#" stays in its segment.)
          const path = `/${draft.segments.join('/').split('/').filter(Boolean).join('/').replaceAll('?', '%3F').replaceAll('#', '%23')}`;
          if (documented(draft.method, path)) contractAnswer({ method: draft.method, path, status, headers: (result.headers ?? {}) as Record<string, string>, text: result.body ?? '' });
          expect(writes.filter((w) => !counted(w)), `writes on ${draft.applied.join(', ')}`).toEqual([]);
          cases.statuses.set(status, (cases.statuses.get(status) ?? 0) + 1);
        }),
        { numRuns: Math.round(op.runs * SCALE), ...(SEED !== undefined ? { seed: SEED } : {}) },
      );
      cases.total += ran;
      cases.byRoute.set(route, ran);
      expect(await snapshot(counted)).toEqual(before);
    },
    120_000,
  );
});

describe('what the fuzzer found, kept as plain cases', () => {
  const cursor = (key: Record<string, string>) => Buffer.from(JSON.stringify(key)).toString('base64url');
  const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
  const found: [string, () => Draft, number, ErrorCode][] = [
    ['a cursor of the right shape with empty key values (was a 500 from DynamoDB)', () => ({ ...draftOf('GET', '/proposals', { as: ACTORS.sari }), query: [['cursor', cursor({ pk: '', sk: '', gsi1pk: `EMP#${EMPLOYEES.sari.nip}`, gsi1sk: '' })]] }), 400, 'INVALID_CURSOR'],
    ['an inbox cursor with empty key values (was a 500 from DynamoDB)', () => ({ ...draftOf('GET', '/inbox', { as: ACTORS.verSleman }), query: [['cursor', cursor({ pk: '', sk: '', gsi2pk: `QUEUE#${ORGS.sleman!.id}#VERIFIKATOR`, gsi2sk: '' })]] }), 400, 'INVALID_CURSOR'],
    ['a payload nested 5,000 levels deep (was a stack overflow, a 500)', () => ({ ...draftOf('POST', '/proposals', { as: ACTORS.sari, body: {} }), rawBody: `{"serviceType":"CUTI","payload":${deep(5_000)}}` }), 422, 'VALIDATION_FAILED'],
    ['an output nested 33 levels deep', () => ({ ...draftOf('POST', `/proposals/${world.draft.id}/transitions`, { as: ACTORS.sari, body: {} }), rawBody: `{"action":"submit","expectedVersion":1,"output":${deep(33)}}` }), 422, 'VALIDATION_FAILED'],
  ];

  it.each(found)('%s', async (_name, build, status, code) => {
    const before = await snapshot();
    writes = [];
    const result = await send(build());
    expect(checkAnswer(result, true)).toEqual({ status, code });
    expect(writes).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  // Found here: the rule asked `code in DOCUMENT_REJECTION_REASONS`, which Object.prototype's
  // names passed, so such a rejection was taken and kept. It asks Object.hasOwn now.
  it('a rejection whose reason code is an Object.prototype name is refused like any unlisted code (was taken and kept)', async () => {
    const reviewAs = (code: string) => send(draftOf('PUT', `/proposals/${world.files.probe.id}/documents/FORMULIR_CUTI/review`, { as: ACTORS.verSleman, body: { version: 1, decision: 'REJECTED', reason: { code } } }));
    const before = await snapshot();
    // The same request with an unlisted code reaches the reason's check, and is refused there.
    expect(checkAnswer(await reviewAs('TIDAK_ADA'), true)).toEqual({ status: 422, code: 'VALIDATION_FAILED' });
    expect(await snapshot()).toEqual(before);
    for (const code of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(checkAnswer(await reviewAs(code), true), code).toEqual({ status: 422, code: 'VALIDATION_FAILED' });
      expect(await snapshot()).toEqual(before);
    }
  });

  it('a body nested 32 levels deep is still read', async () => {
    const result = await send({ ...draftOf('POST', `/proposals/${world.draft.id}/transitions`, { as: ACTORS.sari, body: {} }), rawBody: `{"action":"approve","expectedVersion":1,"output":${deep(31)}}` });
    // Past the depth check: the lifecycle refuses the action itself.
    expect(checkAnswer(result, true).code).not.toBe('VALIDATION_FAILED');
  });
});

describe('hostile text where text is allowed', () => {
  it('is kept exactly as sent (trimmed), never interpreted, and its events hash-chain as any other', async () => {
    // A table of its own: these requests are valid, and write.
    const table = await freshTable();
    const directory = new DirectoryRepository(table.doc, table.tableName);
    for (const org of Object.values(ORGS)) await directory.putOrganisation(org);
    await seedStaff(table.doc, table.tableName);
    for (const employee of Object.values(EMPLOYEES)) await directory.putEmployee(employee);
    const quiet = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined } as never;
    const writer = createApiHandler({ trackingLinks: testTrackingLinks(), identity: noIdentity, documentStore: testDocumentStore(), doc: table.doc, tableName: table.tableName, clock: { now: () => new Date(NOW) }, logger: quiet }) as unknown as Handler;
    const repository = new ProposalRepository(table.doc, table.tableName);
    let ran = 0;
    await fc.assert(
      fc.asyncProperty(hostileString.filter((s) => s.length <= 600), hostileString.filter((s) => s.length <= 1_200), async (alasan, note) => {
        ran++;
        const created = await call(writer, { method: 'POST', path: '/proposals', as: ACTORS.sari, body: { serviceType: 'CUTI', payload: { ...(cuti.examplePayload as object), alasan }, documents: [{ code: 'FORMULIR_CUTI', reference: 'dms://cuti/x.pdf' }] } });
        expect(created.status).toBeLessThan(500);
        if (!trimmedFits(alasan, 3, 500)) return void expect(created.status).toBe(422);
        expect(created.status).toBe(201);
        const submitted = await call(writer, { method: 'POST', path: `/proposals/${created.body.id}/transitions`, as: ACTORS.sari, body: { action: 'submit', expectedVersion: 1, note } });
        expect(submitted.status).toBeLessThan(500);
        if (!trimmedFits(note, 0, 1_000)) return void expect(submitted.status).toBe(422);
        expect(submitted.status).toBe(200);
        const read = await call(writer, { path: `/proposals/${created.body.id}`, as: ACTORS.sari });
        expect(read.body.payload.alasan).toBe(alasan.trim());
        expect(read.body.history[1].note ?? '').toBe(note.trim());
        const stored = await repository.getWithHistory(created.body.id);
        expect(verifyChain(stored!.history)).toEqual({ valid: true, events: 2 });
      }),
      { numRuns: Math.round(100 * SCALE), ...(SEED !== undefined ? { seed: SEED } : {}) },
    );
    cases.keptText += ran;
  }, 120_000);
});

describe('the staff writes’ valid requests', () => {
  // Last but for the documents', as they write: the cases above were refused for their breakers, not for their base.
  it.each(['POST /organisations/{orgId}/staff', 'PUT /organisations/{orgId}/staff/{username}/roles', 'PUT /organisations/{orgId}/staff/{username}/status'])('%s, sent as each case began, is taken', async (route) => {
    const draft = operations().find((o) => o.route === route)!.base();
    // The roles change moves the member to version 2; the suspension follows on it.
    if (route.endsWith('/status')) setHeader(draft, 'if-match', '"2"');
    const result = await send(draft);
    const { status } = checkAnswer(result, false);
    expect(status, result.body).toBeLessThan(300);
    contractAnswer({ method: draft.method, path: `/${draft.segments.join('/')}`, status, headers: (result.headers ?? {}) as Record<string, string>, text: result.body ?? '' });
  });
});

describe('the documents writes’ valid requests', () => {
  // Last, as they write: the cases above were refused for their breakers, not for their base.
  it.each(['POST /proposals/{id}/documents/{code}/uploads', 'POST /proposals/{id}/documents/{code}/versions', 'PUT /proposals/{id}/documents/{code}/review', 'POST /proposals/{id}/documents/{code}/versions/{version}/openings'])(
    '%s, sent as each case began, is taken',
    async (route) => {
      const draft = operations().find((o) => o.route === route)!.base();
      const result = await send(draft);
      const { status } = checkAnswer(result, false);
      expect(status, result.body).toBeLessThan(300);
      contractAnswer({ method: draft.method, path: `/${draft.segments.join('/')}`, status, headers: (result.headers ?? {}) as Record<string, string>, text: result.body ?? '' });
    },
  );
});
