import { testDocumentStore } from '../support/documents';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApiHandler } from '../../functions/api/app';
import { CalendarRepository } from '../../shared/adapters/dynamo/calendar-repository';
import { DirectoryRepository } from '../../shared/adapters/dynamo/directory-repository';
import { CATALOG } from '../../shared/domain/catalog';
import { cuti } from '../../shared/domain/catalog/cuti';
import { CALENDAR_2026 } from '../../shared/domain/calendar';
import { call, type TestRequest, type TestResponse, type Handler } from '../support/api';
import { checkAnswer } from '../support/contract';
import { ACTORS, EMPLOYEES, ORGS } from '../support/fixtures';
import { freshTable } from '../support/table';
import { testTrackingLinks } from '../support/tracking-links';
import { noIdentity, seedStaff } from '../support/staff';

/**
 * The two lean reads a front end on a slow link uses: a proposal's status
 * (GET /proposals/{id}/status) and the catalog's summaries (GET /service-types?view=summary),
 * through the real handler on DynamoDB Local, each answer checked against the OpenAPI document.
 */

let api: (request: TestRequest) => Promise<TestResponse>;
let countItems: () => Promise<number>;
/** Every DynamoDB request the handler made since the last reset: its command and whether it read strongly. */
let requests: { command: string; consistent: boolean; item?: string }[] = [];
const NOW = '2026-11-02T02:00:00.000Z'; // Monday 09:00 WIB
const STATUS_FIELDS = ['id', 'serviceType', 'status', 'statusLabel', 'stage', 'assignment', 'dueAt', 'overdue', 'lastReason', 'missingItems', 'version', 'updatedAt', 'allowedActions'];

beforeAll(async () => {
  const { doc, tableName } = await freshTable();
  const directory = new DirectoryRepository(doc, tableName);
  for (const org of Object.values(ORGS)) await directory.putOrganisation(org);
  await seedStaff(doc, tableName);
  for (const employee of Object.values(EMPLOYEES)) await directory.putEmployee(employee);
  await new CalendarRepository(doc, tableName).put(CALENDAR_2026);
  const handler = createApiHandler({ trackingLinks: testTrackingLinks(), identity: noIdentity, documentStore: testDocumentStore(), doc, tableName, clock: { now: () => new Date(NOW) } }) as unknown as Handler;
  api = async (request) => {
    const answer = await call(handler, request);
    checkAnswer({ method: request.method ?? 'GET', path: request.path, status: answer.status, headers: answer.headers, text: answer.text });
    return answer;
  };
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { ConsistentRead?: boolean; Key?: { pk?: string } };
      const item = input.Key?.pk?.split('#')[0];
      requests.push({ command: (context as { commandName?: string }).commandName ?? '?', consistent: input.ConsistentRead === true, ...(item ? { item } : {}) });
      return next(args);
    },
    { step: 'initialize', name: 'leanReadsRequestLog' },
  );
  countItems = async () => (await doc.send(new ScanCommand({ TableName: tableName, Select: 'COUNT' }))).Count ?? 0;
});

beforeEach(() => {
  requests = [];
});

/** Sari's leave, filed and submitted: at her agency's verifier, version 2. */
async function submittedLeave(): Promise<string> {
  const created = await api({ method: 'POST', path: '/proposals', as: ACTORS.sari, body: { serviceType: 'CUTI', payload: cuti.examplePayload, documents: [{ code: 'FORMULIR_CUTI', reference: 'dms://cuti/formulir.pdf' }] } });
  expect(created.status).toBe(201);
  const submitted = await api({ method: 'POST', path: `/proposals/${created.body.id}/transitions`, as: ACTORS.sari, body: { action: 'submit', expectedVersion: 1 } });
  expect(submitted.status).toBe(200);
  return created.body.id as string;
}

describe('GET /proposals/{id}/status', () => {
  it('answers a reader in scope with where the proposal is and what they may do, each field as the full view has it', async () => {
    const id = await submittedLeave();
    for (const [reader, actions] of [[ACTORS.sari, ['withdraw']], [ACTORS.verSleman, ['forward', 'return', 'reject']], [ACTORS.verKanreg1, []], [ACTORS.auditor, []]] as const) {
      const status = await api({ path: `/proposals/${id}/status`, as: reader });
      expect(status.status, reader.username).toBe(200);
      expect(Object.keys(status.body)).toEqual(STATUS_FIELDS);
      expect(status.body).toMatchObject({ id, serviceType: { code: 'CUTI' }, status: 'IN_PROGRESS', stage: { code: 'PERTIMBANGAN_ATASAN' }, version: 2, allowedActions: actions });
      const view = await api({ path: `/proposals/${id}`, as: reader });
      for (const field of STATUS_FIELDS) expect(status.body[field], field).toEqual(view.body[field]);
      expect(status.headers['cache-control']).toBe('no-store');
      // A few hundred bytes; the full view is kilobytes (here without deliveries, which a real one lists too).
      expect(status.text.length).toBeLessThan(view.text.length / 2);
    }
  });

  it('reads the proposal item alone: one eventually consistent GetItem, not the partition (beside the actor check every signed-in request makes)', async () => {
    const id = await submittedLeave();
    const actorCheck = { command: 'GetItemCommand', consistent: false, item: 'USER' };
    requests = [];
    expect((await api({ path: `/proposals/${id}/status`, as: ACTORS.sari })).status).toBe(200);
    expect(requests).toEqual([actorCheck, { command: 'GetItemCommand', consistent: false, item: 'PROPOSAL' }]);
    requests = [];
    expect((await api({ path: `/proposals/${id}`, as: ACTORS.sari })).status).toBe(200);
    expect(requests.map((r) => r.command)).toEqual(['GetItemCommand', 'QueryCommand']);
    expect(requests[0]).toEqual(actorCheck);
  });

  it('answers 404 outside scope, exactly as the full view does, and for a number that is no proposal', async () => {
    const id = await submittedLeave();
    const before = await countItems();
    for (const stranger of [ACTORS.budi, ACTORS.dewi, ACTORS.verYogya, ACTORS.verKanreg8, ACTORS.adminYogya]) {
      const status = await api({ path: `/proposals/${id}/status`, as: stranger });
      const view = await api({ path: `/proposals/${id}`, as: stranger });
      expect(status.status, stranger.username).toBe(404);
      expect(status.headers['content-type']).toBe('application/problem+json');
      const { instance: _statusInstance, ...statusProblem } = status.body;
      const { instance: _viewInstance, ...viewProblem } = view.body;
      expect(statusProblem).toEqual(viewProblem);
    }
    expect((await api({ path: '/proposals/USL-0000-0000-0000/status', as: ACTORS.sari })).body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect((await api({ path: '/proposals/not-a-number/status', as: ACTORS.sari })).body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect((await api({ path: `/proposals/${id}/status` })).status).toBe(401);
    expect(await countItems()).toBe(before);
  });

  it('tags the answer with its version first: unchanged it is a 304 with no body, a change makes a new tag, and If-Match takes it', async () => {
    const id = await submittedLeave();
    const first = await api({ path: `/proposals/${id}/status`, as: ACTORS.sari });
    expect(first.headers.etag).toMatch(/^"2-[A-Za-z0-9_-]{16}"$/);
    const again = await api({ path: `/proposals/${id}/status`, as: ACTORS.sari, headers: { 'if-none-match': first.headers.etag! } });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.headers.etag).toBe(first.headers.etag);
    // Another caller sees other actions: another tag for the same version.
    const verifier = await api({ path: `/proposals/${id}/status`, as: ACTORS.verSleman });
    expect(verifier.headers.etag).toMatch(/^"2-/);
    expect(verifier.headers.etag).not.toBe(first.headers.etag);
    // The verifier acts on the tag the status gave.
    const forwarded = await api({ method: 'POST', path: `/proposals/${id}/transitions`, as: ACTORS.verSleman, headers: { 'if-match': verifier.headers.etag! }, body: { action: 'forward' } });
    expect(forwarded.status).toBe(200);
    const changed = await api({ path: `/proposals/${id}/status`, as: ACTORS.sari, headers: { 'if-none-match': first.headers.etag! } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ version: 3, stage: { code: 'KEPUTUSAN_PYBMC' } });
    expect(changed.headers.etag).toMatch(/^"3-/);
  });

  it('shows what came back to fix on a returned proposal', async () => {
    const id = await submittedLeave();
    const returned = await api({ method: 'POST', path: `/proposals/${id}/transitions`, as: ACTORS.verSleman, body: { action: 'return', expectedVersion: 2, reason: { code: 'DOKUMEN_TIDAK_TERBACA', text: 'Pindaian buram' }, missingItems: ['Formulir cuti yang terbaca'] } });
    expect(returned.status).toBe(200);
    const status = await api({ path: `/proposals/${id}/status`, as: ACTORS.sari });
    expect(status.body).toMatchObject({ status: 'RETURNED', lastReason: { code: 'DOKUMEN_TIDAK_TERBACA', text: 'Pindaian buram' }, missingItems: ['Formulir cuti yang terbaca'], assignment: { role: 'PEGAWAI' }, allowedActions: ['resubmit', 'withdraw'] });
  });
});

describe('GET /service-types?view=summary', () => {
  it('lists each type with its code, names, description, initiators and whether it has submission windows, and nothing more', async () => {
    const summary = await api({ path: '/service-types', query: { view: 'summary' }, as: ACTORS.sari });
    expect(summary.status).toBe(200);
    expect(summary.body.items.map((t: { code: string }) => t.code)).toEqual([...CATALOG.keys()]);
    for (const item of summary.body.items) {
      expect(Object.keys(item)).toEqual(['code', 'names', 'description', 'initiators', 'hasSubmissionWindows']);
      const type = CATALOG.get(item.code)!;
      expect(item).toEqual({ code: type.code, names: type.names, description: type.description, initiators: type.initiators, hasSubmissionWindows: type.hasSubmissionWindows === true });
    }
    expect(summary.headers['cache-control']).toBe('private, max-age=300');
    expect(summary.headers.etag).toMatch(/^"[A-Za-z0-9_-]{16}"$/);
    const whole = await api({ path: '/service-types', as: ACTORS.sari });
    expect(summary.headers.etag).not.toBe(whole.headers.etag);
    expect(summary.text.length).toBeLessThan(whole.text.length / 5);
    // Revalidated like any GET.
    expect((await api({ path: '/service-types', query: { view: 'summary' }, as: ACTORS.sari, headers: { 'if-none-match': summary.headers.etag! } })).status).toBe(304);
  });

  it('answers the whole catalog as before when view is full or left out', async () => {
    const whole = await api({ path: '/service-types', as: ACTORS.sari });
    const full = await api({ path: '/service-types', query: { view: 'full' }, as: ACTORS.sari });
    expect(full.text).toBe(whole.text);
    expect(full.headers.etag).toBe(whole.headers.etag);
    expect(whole.body.items[0]).toHaveProperty('payloadSchema');
  });

  it.each(['SUMMARY', 'summary ', '', 'lean', 'full,summary'])('refuses view=%j with a 422 problem and writes nothing', async (view) => {
    const before = await countItems();
    requests = [];
    const refused = await api({ path: '/service-types', query: { view }, as: ACTORS.sari });
    const made = requests;
    expect(refused.status).toBe(422);
    expect(refused.headers['content-type']).toBe('application/problem+json');
    expect(refused.body).toMatchObject({ status: 422, code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ path: 'query.view' })] });
    // The catalog is code: nothing is read, let alone written (the caller's organisation is cached).
    expect(made.filter((r) => !/^(GetItem|Query)/.test(r.command))).toEqual([]);
    expect(await countItems()).toBe(before);
  });

  it('refuses a query parameter it does not take', async () => {
    const refused = await api({ path: '/service-types', query: { view: 'summary', fields: 'code' }, as: ACTORS.sari });
    expect(refused.status).toBe(422);
  });
});
