import { testDocumentStore } from '../support/documents';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApiHandler } from '../../functions/api/app';
import { DirectoryRepository } from '../../shared/adapters/dynamo/directory-repository';
import { CATALOG } from '../../shared/domain/catalog';
import { cuti } from '../../shared/domain/catalog/cuti';
import { REJECTION_REASONS, RETURN_REASONS } from '../../shared/domain/catalog/reasons';
import { referenceLists } from '../../shared/domain/reference';
import { call, type Handler, type TestRequest, type TestResponse } from '../support/api';
import { checkAnswer } from '../support/contract';
import { ACTORS, EMPLOYEES, ORGS } from '../support/fixtures';
import { freshTable } from '../support/table';
import { testTrackingLinks } from '../support/tracking-links';
import { noIdentity, seedStaff } from '../support/staff';

/**
 * GET /reference through the real handler on DynamoDB Local: the fixed lists a front end labels
 * and chooses from, every answer checked against the OpenAPI document; and a reason code taken
 * from them is one a transition takes.
 */

let handler: Handler;
let api: (request: TestRequest) => Promise<TestResponse>;
let countItems: () => Promise<number>;
/** Every DynamoDB command the handler sent since the last reset. */
let commands: string[] = [];
const NOW = '2026-11-02T02:00:00.000Z'; // Monday 09:00 WIB

beforeAll(async () => {
  const { doc, tableName } = await freshTable();
  const directory = new DirectoryRepository(doc, tableName);
  for (const org of Object.values(ORGS)) await directory.putOrganisation(org);
  await seedStaff(doc, tableName);
  for (const employee of Object.values(EMPLOYEES)) await directory.putEmployee(employee);
  handler = createApiHandler({ trackingLinks: testTrackingLinks(), identity: noIdentity, documentStore: testDocumentStore(), doc, tableName, clock: { now: () => new Date(NOW) } }) as unknown as Handler;
  api = async (request) => {
    const answer = await call(handler, request);
    checkAnswer({ method: request.method ?? 'GET', path: request.path, status: answer.status, headers: answer.headers, text: answer.text });
    return answer;
  };
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      commands.push((context as { commandName?: string }).commandName ?? '?');
      return next(args);
    },
    { step: 'initialize', name: 'referenceCommandLog' },
  );
  countItems = async () => (await doc.send(new ScanCommand({ TableName: tableName, Select: 'COUNT' }))).Count ?? 0;
});

beforeEach(() => {
  commands = [];
});

describe('GET /reference', () => {
  it('answers every signed-in caller the same lists, built from the domain, cacheable like the catalog', async () => {
    const answers = await Promise.all([ACTORS.sari, ACTORS.opSleman, ACTORS.verKanreg1, ACTORS.adminBkn, ACTORS.auditor].map((as) => api({ path: '/reference', as })));
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual(referenceLists());
      expect(answer.headers['cache-control']).toBe('private, max-age=300');
      expect(answer.headers.etag).toBe(answers[0]!.headers.etag);
    }
    const [first] = answers;
    expect(first!.body.returnReasons.map((r: { code: string }) => r.code)).toEqual(Object.keys(RETURN_REASONS));
    expect(first!.body.serviceTypes.map((t: { code: string }) => t.code)).toEqual([...CATALOG.keys()]);
    expect(first!.body.golongan.at(-1)).toEqual({ code: 'IV/e', names: { id: 'Pembina Utama', en: 'Pembina Utama' } });
    // The lists are code: nothing beyond the caller's directory entry is read.
    expect(commands.filter((c) => c !== 'GetCommand' && c !== 'GetItemCommand')).toEqual([]);
  });

  it('answers in the language asked: the lists carry both names, whichever is asked', async () => {
    const english = await api({ path: '/reference', as: ACTORS.sari, headers: { 'accept-language': 'en' } });
    expect(english.status).toBe(200);
    expect(english.headers['content-language']).toBe('en');
    expect(english.body.statuses[0]).toEqual({ code: 'DRAFT', names: { id: 'Usul diinput (draf)', en: 'Draft' }, terminal: false });
  });

  it('is revalidated like any GET: the tag held answers 304 with no body', async () => {
    const first = await api({ path: '/reference', as: ACTORS.sari });
    const again = await api({ path: '/reference', as: ACTORS.sari, headers: { 'if-none-match': first.headers.etag! } });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
  });

  it('refuses the public (401), and a query parameter it does not take (422), writing nothing', async () => {
    const before = await countItems();
    const anonymous = await api({ path: '/reference' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['content-type']).toBe('application/problem+json');
    const stray = await api({ path: '/reference', query: { list: 'golongan' }, as: ACTORS.sari });
    expect(stray.status).toBe(422);
    expect(stray.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    // Not in the document, so not contract-checked: the route serves GET only.
    expect((await call(handler, { method: 'POST', path: '/reference', as: ACTORS.sari, body: {} })).status).toBe(405);
    expect(await countItems()).toBe(before);
  });

  it('gives the codes a transition takes: a return reason listed is taken, one not listed is a 422 before any write', async () => {
    const filed = await api({ method: 'POST', path: '/proposals', as: ACTORS.sari, body: { serviceType: 'CUTI', payload: cuti.examplePayload, documents: [{ code: 'FORMULIR_CUTI', reference: 'dms://cuti/formulir.pdf' }] } });
    expect(filed.status).toBe(201);
    expect((await api({ method: 'POST', path: `/proposals/${filed.body.id}/transitions`, as: ACTORS.sari, body: { action: 'submit', expectedVersion: 1 } })).status).toBe(200);
    const { returnReasons } = (await api({ path: '/reference', as: ACTORS.verSleman })).body as { returnReasons: { code: string }[] };
    const before = await countItems();
    const unlisted = await api({ method: 'POST', path: `/proposals/${filed.body.id}/transitions`, as: ACTORS.verSleman, body: { action: 'return', expectedVersion: 2, reason: { code: 'ALASAN_KARANGAN' }, missingItems: ['x'] } });
    expect(unlisted.status).toBe(422);
    expect(unlisted.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ path: 'reason.code', message: expect.stringContaining('"DOKUMEN_TIDAK_TERBACA"') })] });
    expect(await countItems()).toBe(before);
    // A rejection's code is listed, but not for a return: the lifecycle says which list an action takes.
    const wrongList = await api({ method: 'POST', path: `/proposals/${filed.body.id}/transitions`, as: ACTORS.verSleman, body: { action: 'return', expectedVersion: 2, reason: { code: 'USUL_GANDA' }, missingItems: ['x'] } });
    expect(Object.keys(RETURN_REASONS)).not.toContain('USUL_GANDA');
    expect(Object.keys(REJECTION_REASONS)).toContain('USUL_GANDA');
    expect(wrongList).toMatchObject({ status: 422, body: { code: 'REQUIREMENT_MISSING' } });
    const returned = await api({ method: 'POST', path: `/proposals/${filed.body.id}/transitions`, as: ACTORS.verSleman, body: { action: 'return', expectedVersion: 2, reason: { code: returnReasons[1]!.code }, missingItems: ['Formulir yang terbaca'] } });
    expect(returned.status).toBe(200);
    expect(returned.body.lastReason).toEqual({ code: 'DOKUMEN_TIDAK_TERBACA' });
  });
});
