import { testDocumentStore } from '../support/documents';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { CALENDAR_2026 } from '../../shared/domain/calendar';
import { cuti } from '../../shared/domain/catalog/cuti';
import { kenaikanPangkat } from '../../shared/domain/catalog/kenaikan-pangkat';
import { verifyChain } from '../../shared/domain/proposal/history';
import { CalendarRepository } from '../../shared/adapters/dynamo/calendar-repository';
import { DirectoryRepository } from '../../shared/adapters/dynamo/directory-repository';
import { ProposalRepository } from '../../shared/adapters/dynamo/proposal-repository';
import { createApiHandler } from '../../functions/api/app';
import { call, type Handler, type TestRequest } from '../support/api';
import { ACTORS, EMPLOYEES, ORGS } from '../support/fixtures';
import { freshTable } from '../support/table';
import { testTrackingLinks } from '../support/tracking-links';
import { noIdentity, seedStaff } from '../support/staff';

let handler: Handler;
let api: (request: TestRequest) => ReturnType<typeof call>;
let countItems: () => Promise<number>;
let repository: ProposalRepository;
let now = '2026-11-02T02:00:00.000Z'; // Monday 09:00 WIB
const leaveDocs = [{ code: 'FORMULIR_CUTI', reference: 'dms://cuti/formulir.pdf' }];
const promotionDocs = kenaikanPangkat.requiredDocuments.map((d) => ({ code: d.code, reference: `dms://kp/${d.code}.pdf` }));

beforeAll(async () => {
  const { doc, tableName } = await freshTable();
  const directory = new DirectoryRepository(doc, tableName);
  for (const org of Object.values(ORGS)) await directory.putOrganisation(org);
  await seedStaff(doc, tableName);
  for (const employee of Object.values(EMPLOYEES)) await directory.putEmployee(employee);
  await new CalendarRepository(doc, tableName).put(CALENDAR_2026);
  handler = createApiHandler({ trackingLinks: testTrackingLinks(), identity: noIdentity, documentStore: testDocumentStore(), doc, tableName, clock: { now: () => new Date(now) } }) as unknown as Handler;
  api = (request) => call(handler, request);
  repository = new ProposalRepository(doc, tableName);
  countItems = async () => (await doc.send(new ScanCommand({ TableName: tableName, Select: 'COUNT' }))).Count ?? 0;
});

async function fileLeave(headers: Record<string, string> = {}, payload: Record<string, unknown> = cuti.examplePayload) {
  const response = await api({ method: 'POST', path: '/proposals', as: ACTORS.sari, headers, body: { serviceType: 'CUTI', payload, documents: leaveDocs } });
  expect(response.status).toBe(201);
  return response.body;
}

const act = (as: (typeof ACTORS)[keyof typeof ACTORS], id: string, body: Record<string, unknown>) =>
  api({ method: 'POST', path: `/proposals/${id}/transitions`, as, body });

describe('an employee files a leave and follows it', () => {
  it('creates a draft with a PIN, an ETag and the actions the employee may take', async () => {
    const created = await fileLeave();
    expect(created).toMatchObject({ status: 'DRAFT', version: 1, serviceType: { code: 'CUTI' }, allowedActions: ['submit', 'withdraw'] });
    expect(created.pin).toMatch(/^\d{6}$/);
    expect(created.history).toHaveLength(1);
    const read = await api({ path: `/proposals/${created.id}`, as: ACTORS.sari });
    expect(read.status).toBe(200);
    // The version leads the tag (for If-Match); the rest follows what this caller was sent (for If-None-Match).
    expect(read.headers.etag).toMatch(/^"1-[A-Za-z0-9_-]{16}"$/);
    expect(read.body.pin).toBeUndefined();
    // The tag a read gave is what If-Match takes for the next change.
    const submitted = await api({ method: 'POST', path: `/proposals/${created.id}/transitions`, as: ACTORS.sari, headers: { 'if-match': read.headers.etag! }, body: { action: 'submit' } });
    expect(submitted.body).toMatchObject({ status: 'IN_PROGRESS', version: 2 });
    expect(submitted.headers.etag).toMatch(/^"2-/);
  });

  it('walks the whole lifecycle; verifier and approver find it in their inbox; the chain holds', async () => {
    // Other dates than the example's: the leave completed here is taken, and later filings must not overlap it.
    const { id } = await fileLeave({}, { ...cuti.examplePayload, tanggalMulai: '2026-12-21', tanggalSelesai: '2026-12-22' });
    expect((await act(ACTORS.sari, id, { action: 'submit', expectedVersion: 1 })).body.status).toBe('IN_PROGRESS');

    const inbox = await api({ path: '/inbox', as: ACTORS.verSleman });
    expect(inbox.status).toBe(200);
    expect(inbox.body.items.map((i: { id: string }) => i.id)).toContain(id);

    const returned = await act(ACTORS.verSleman, id, { action: 'return', expectedVersion: 2, reason: { code: 'DOKUMEN_TIDAK_TERBACA', text: 'Pindaian buram' }, missingItems: ['Formulir cuti yang terbaca'] });
    expect(returned.body).toMatchObject({ status: 'RETURNED', missingItems: ['Formulir cuti yang terbaca'], allowedActions: [] });
    const fixed = await api({ method: 'PATCH', path: `/proposals/${id}`, as: ACTORS.sari, headers: { 'if-match': '"3"' }, body: { documents: [{ code: 'FORMULIR_CUTI', reference: 'dms://cuti/formulir-jelas.pdf' }] } });
    expect(fixed.status).toBe(200);
    expect((await act(ACTORS.sari, id, { action: 'resubmit', expectedVersion: 4 })).status).toBe(200);
    expect((await act(ACTORS.verSleman, id, { action: 'forward', expectedVersion: 5 })).body.stage.code).toBe('KEPUTUSAN_PYBMC');
    expect((await api({ path: '/inbox', as: ACTORS.apprSleman })).body.items.map((i: { id: string }) => i.id)).toContain(id);
    expect((await act(ACTORS.apprSleman, id, { action: 'approve', expectedVersion: 6 })).body.status).toBe('APPROVED');
    const done = await act(ACTORS.opSleman, id, { action: 'complete', expectedVersion: 7, output: cuti.exampleOutput });
    expect(done.body).toMatchObject({ status: 'COMPLETED', output: cuti.exampleOutput, dueAt: null, allowedActions: [] });
    // Completion deducted the leave from the balance (21–22 December: two working days).
    const record = await api({ path: `/employees/${EMPLOYEES.sari.nip}`, as: ACTORS.sari });
    expect(record.body.leave.annual[0]).toMatchObject({ year: 2026, entitlement: 12, taken: 2 });
    const leave = await api({ path: `/employees/${EMPLOYEES.sari.nip}/leave`, as: ACTORS.sari });
    expect(leave.status).toBe(200);
    expect(leave.body.taken).toHaveLength(1);
    expect(JSON.stringify(leave.body.balances)).toContain('TAHUNAN');
    expect((await api({ path: `/employees/${EMPLOYEES.sari.nip}/leave`, as: ACTORS.budi })).status).toBe(404);
    expect(done.body.history.map((e: { type: string }) => e.type)).toEqual(['create', 'submit', 'return', 'update', 'resubmit', 'forward', 'approve', 'complete']);
    const hashes = done.body.history.map((e: { hash: string }) => e.hash);
    expect(new Set(hashes).size).toBe(8);
    const stored = await repository.getWithHistory(id);
    expect(stored && verifyChain(stored.history)).toEqual({ valid: true, events: 8 });
    expect((await api({ path: '/inbox', as: ACTORS.apprSleman })).body.items.map((i: { id: string }) => i.id)).not.toContain(id);
  });

  it('follows it publicly by number and PIN, with no personal data', async () => {
    const { id, pin } = await fileLeave();
    await act(ACTORS.sari, id, { action: 'submit', expectedVersion: 1 });
    const tracked = await api({ path: `/track/${id}`, query: { pin } });
    expect(tracked.status).toBe(200);
    expect(tracked.body.timeline.map((t: { type: string }) => t.type)).toEqual(['create', 'submit']);
    const text = JSON.stringify(tracked.body);
    for (const secret of [EMPLOYEES.sari.nip, EMPLOYEES.sari.name, 'Keperluan keluarga', ACTORS.sari.userId]) expect(text).not.toContain(secret);
    const wrong = await api({ path: `/track/${id}`, query: { pin: pin === '000000' ? '111111' : '000000' } });
    expect(wrong.status).toBe(404);
    expect((await api({ path: '/track/USL-0000-0000-0000', query: { pin } })).status).toBe(404);
  });
});

describe('guessing a tracking PIN', () => {
  it('after ten wrong PINs in an hour the proposal answers 429 to everyone, the right PIN too, until the hour turns', async () => {
    const { id, pin } = await fileLeave();
    const wrong = pin === '000000' ? '111111' : '000000';
    for (let attempt = 0; attempt < 10; attempt++) expect((await api({ path: `/track/${id}`, query: { pin: wrong } })).status).toBe(404);
    const blocked = await api({ path: `/track/${id}`, query: { pin } });
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('TOO_MANY_REQUESTS');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    const saved = now;
    now = new Date(new Date(now).getTime() + 3_600_000).toISOString();
    try {
      expect((await api({ path: `/track/${id}`, query: { pin } })).status).toBe(200);
    } finally {
      now = saved;
    }
  });

  it('an unknown number locks after ten tries just the same, so a 429 tells nobody that a number exists', async () => {
    const unknown = 'USL-9999-0000-0042';
    for (let attempt = 0; attempt < 10; attempt++) expect((await api({ path: `/track/${unknown}`, query: { pin: '123456' } })).status).toBe(404);
    expect((await api({ path: `/track/${unknown}`, query: { pin: '123456' } })).status).toBe(429);
  });
});

describe('a working-day SLA', () => {
  it('a leave submitted on Monday 16 March 2026 09:00 WIB skips Nyepi and the Idul Fitri leave days', async () => {
    const saved = now;
    now = '2026-03-16T02:00:00.000Z';
    try {
      const { id } = await fileLeave();
      const submitted = await act(ACTORS.sari, id, { action: 'submit', expectedVersion: 1 });
      // 2 working days: Tue 17 March, then (18 cuti bersama, 19 Nyepi, 20 cuti bersama, 21–22
      // Idul Fitri, 23–24 cuti bersama) Wed 25 March, end of day WIB.
      expect(submitted.body.dueAt).toBe('2026-03-25T16:59:59.999Z');
    } finally {
      now = saved;
    }
  });
});

describe('retries and races', () => {
  it('a retried create with the same Idempotency-Key returns the same proposal and PIN, once', async () => {
    const headers = { 'idempotency-key': 'sari-leave-2026-12-a' };
    const first = await fileLeave(headers);
    const again = await api({ method: 'POST', path: '/proposals', as: ACTORS.sari, headers, body: { serviceType: 'CUTI', payload: cuti.examplePayload, documents: leaveDocs } });
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(first.id);
    expect(again.body.pin).toBe(first.pin);
    const reused = await api({ method: 'POST', path: '/proposals', as: ACTORS.sari, headers, body: { serviceType: 'CUTI', payload: { ...cuti.examplePayload, alasan: 'lain' }, documents: leaveDocs } });
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('concurrent retries of one create file one proposal', async () => {
    const headers = { 'idempotency-key': 'sari-leave-burst-0001' };
    const answers = await Promise.all(Array.from({ length: 5 }, () => api({ method: 'POST', path: '/proposals', as: ACTORS.sari, headers, body: { serviceType: 'CUTI', payload: cuti.examplePayload, documents: leaveDocs } })));
    const ids = new Set(answers.filter((a) => a.status === 201).map((a) => a.body.id));
    expect(ids.size).toBe(1);
    for (const answer of answers) expect([201, 409]).toContain(answer.status);
  });

  it('two verifiers acting on one version: one wins, the other gets 409 and the history has one forward', async () => {
    const { id } = await fileLeave();
    await act(ACTORS.sari, id, { action: 'submit', expectedVersion: 1 });
    const [a, b] = await Promise.all([
      act(ACTORS.verSleman, id, { action: 'forward', expectedVersion: 2 }),
      act(ACTORS.verSleman, id, { action: 'return', expectedVersion: 2, reason: { code: 'DOKUMEN_TIDAK_LENGKAP' }, missingItems: ['x'] }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.code).toBe('VERSION_CONFLICT');
    const read = await api({ path: `/proposals/${id}`, as: ACTORS.sari });
    expect(read.body.version).toBe(3);
    expect(read.body.history).toHaveLength(3);
  });
});

describe('who may see what', () => {
  it('another agency’s verifier and another employee learn nothing: 404, and nothing written', async () => {
    const { id } = await fileLeave();
    await act(ACTORS.sari, id, { action: 'submit', expectedVersion: 1 });
    const before = await countItems();
    for (const stranger of [ACTORS.verYogya, ACTORS.dewi, ACTORS.budi, ACTORS.verKanreg8]) {
      const read = await api({ path: `/proposals/${id}`, as: stranger });
      expect(read.status).toBe(404);
      expect(read.headers['content-type']).toBe('application/problem+json');
      expect((await act(stranger, id, { action: 'forward', expectedVersion: 2 })).status).toBe(404);
    }
    expect(await countItems()).toBe(before);
  });

  it('the covering Kanreg, BKN and the agency admin may read it; an agency admin may not act on it', async () => {
    const { id } = await fileLeave();
    for (const reader of [ACTORS.verKanreg1, ACTORS.adminBkn, ACTORS.auditor, ACTORS.adminSleman]) {
      expect((await api({ path: `/proposals/${id}`, as: reader })).status).toBe(200);
    }
    const refused = await act(ACTORS.adminSleman, id, { action: 'submit', expectedVersion: 1 });
    expect(refused.status).toBe(403);
  });

  it('an employee lists only their own proposals; staff list an employee in scope', async () => {
    await fileLeave();
    const own = await api({ path: '/proposals', as: ACTORS.sari });
    expect(own.status).toBe(200);
    expect(own.body.items.every((p: { nip: string }) => p.nip === EMPLOYEES.sari.nip)).toBe(true);
    expect((await api({ path: '/proposals', query: { nip: EMPLOYEES.sari.nip }, as: ACTORS.budi })).status).toBe(404);
    expect((await api({ path: '/proposals', query: { nip: EMPLOYEES.sari.nip }, as: ACTORS.opYogya })).status).toBe(404);
    expect((await api({ path: '/proposals', query: { nip: EMPLOYEES.sari.nip }, as: ACTORS.opSleman })).status).toBe(200);
  });
});

describe('an operator files a promotion that crosses to BKN', () => {
  it('reaches the covering Kanreg’s inbox, in due order, paged by cursor', async () => {
    const ids: string[] = [];
    for (const who of [EMPLOYEES.sari, EMPLOYEES.budi, EMPLOYEES.sari]) {
      const created = await api({ method: 'POST', path: '/proposals', as: ACTORS.opSleman, body: { serviceType: 'KENAIKAN_PANGKAT', nip: who.nip, payload: kenaikanPangkat.examplePayload, documents: promotionDocs } });
      expect(created.status).toBe(201);
      const { id } = created.body;
      ids.push(id);
      await act(ACTORS.opSleman, id, { action: 'submit', expectedVersion: 1 });
      expect((await act(ACTORS.apprSleman, id, { action: 'forward', expectedVersion: 2 })).body.assignment).toMatchObject({ orgId: 'KANREG-I', role: 'VERIFIKATOR' });
      now = new Date(new Date(now).getTime() + 86_400_000).toISOString(); // each arrives a working day later
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await api({ path: '/inbox', query: { limit: '2', ...(cursor ? { cursor } : {}) }, as: ACTORS.verKanreg1 });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((i: { id: string }) => i.id));
      const dues = page.body.items.map((i: { dueAt: string }) => i.dueAt);
      expect(dues).toEqual([...dues].sort());
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.filter((id) => ids.includes(id))).toEqual(ids);
    expect((await api({ path: '/inbox', as: ACTORS.verKanreg8 })).body.items).toEqual([]);
    const read = await api({ path: `/proposals/${ids[0]}`, as: ACTORS.verKanreg1 });
    expect(read.body.allowedActions.sort()).toEqual(['forward', 'reject', 'return']);
  });

  it('an employee cannot file a promotion for themselves', async () => {
    const refused = await api({ method: 'POST', path: '/proposals', as: ACTORS.sari, body: { serviceType: 'KENAIKAN_PANGKAT', payload: kenaikanPangkat.examplePayload } });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('SERVICE_NOT_INITIATED_BY_ROLE');
  });
});

describe('bad input gets a clear 4xx in problem+json and writes nothing', () => {
  const cases: [string, TestRequest, number, string][] = [
    ['malformed JSON', { method: 'POST', path: '/proposals', as: ACTORS.sari, rawBody: '{"serviceType": "CUTI",' }, 400, 'MALFORMED_JSON'],
    ['an unknown field', { method: 'POST', path: '/proposals', as: ACTORS.sari, body: { serviceType: 'CUTI', payload: cuti.examplePayload, admin: true } }, 422, 'VALIDATION_FAILED'],
    ['a wrong type', { method: 'POST', path: '/proposals', as: ACTORS.sari, body: { serviceType: 42, payload: {} } }, 422, 'VALIDATION_FAILED'],
    ['an unknown service type', { method: 'POST', path: '/proposals', as: ACTORS.sari, body: { serviceType: 'TIDAK_ADA', payload: {} } }, 422, 'VALIDATION_FAILED'],
    ['an oversized body', { method: 'POST', path: '/proposals', as: ACTORS.sari, body: { serviceType: 'CUTI', payload: { alasan: 'x'.repeat(70_000) } } }, 413, 'PAYLOAD_TOO_LARGE'],
    ['a non-JSON content type', { method: 'POST', path: '/proposals', as: ACTORS.sari, rawBody: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['a forged cursor', { path: '/inbox', query: { cursor: Buffer.from(JSON.stringify({ pk: 'EMPLOYEE#1', sk: 'PROFILE', gsi2pk: 'QUEUE#PEMKOT-YOGYAKARTA#VERIFIKATOR', gsi2sk: 'x' })).toString('base64url') }, as: ACTORS.verSleman }, 400, 'INVALID_CURSOR'],
    ['a garbage cursor', { path: '/proposals', query: { cursor: '%%%' }, as: ACTORS.sari }, 400, 'INVALID_CURSOR'],
    ['a limit out of range', { path: '/proposals', query: { limit: '100000' }, as: ACTORS.sari }, 422, 'VALIDATION_FAILED'],
    ['no token', { path: '/proposals' }, 401, 'UNAUTHENTICATED'],
    ['claims without roles', { path: '/proposals', claims: { sub: 'x', 'custom:org': 'PEMKAB-SLEMAN' } }, 401, 'UNAUTHENTICATED'],
    ['an unknown organisation', { path: '/me', claims: { sub: 'x', 'custom:roles': 'OPERATOR', 'custom:org': 'NOWHERE' } }, 403, 'FORBIDDEN'],
    ['an unknown route', { path: '/nowhere', as: ACTORS.sari }, 404, 'ROUTE_NOT_FOUND'],
    ['a wrong method', { method: 'DELETE', path: '/proposals', as: ACTORS.sari }, 405, 'METHOD_NOT_ALLOWED'],
    ['a transition without a version', { method: 'POST', path: '/proposals/USL-0000-0000-0000/transitions', as: ACTORS.sari, body: { action: 'submit' } }, 428, 'PRECONDITION_REQUIRED'],
    ['a transition on an unknown proposal', { method: 'POST', path: '/proposals/USL-0000-0000-0000/transitions', as: ACTORS.sari, body: { action: 'submit', expectedVersion: 1 } }, 404, 'NOT_FOUND'],
    ['a bad If-Match', { method: 'POST', path: '/proposals/USL-0000-0000-0000/transitions', as: ACTORS.sari, headers: { 'if-match': 'banana' }, body: { action: 'submit' } }, 422, 'VALIDATION_FAILED'],
    ['an unknown action', { method: 'POST', path: '/proposals/USL-0000-0000-0000/transitions', as: ACTORS.sari, body: { action: 'delete', expectedVersion: 1 } }, 422, 'VALIDATION_FAILED'],
    ['a malformed proposal number', { path: '/proposals/%E0%A4%A', as: ACTORS.sari }, 404, 'ROUTE_NOT_FOUND'],
    ['a bad PIN format', { path: '/track/USL-0000-0000-0000', query: { pin: '12' } }, 422, 'VALIDATION_FAILED'],
  ];

  it.each(cases)('%s', async (_name, request, status, code) => {
    const before = await countItems();
    const response = await api(request);
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.body).toMatchObject({ status, code });
    expect(typeof response.body.title).toBe('string');
    expect(await countItems()).toBe(before);
  });

  it('a transition without a version is refused with 428 and changes nothing', async () => {
    const { id } = await fileLeave();
    const response = await act(ACTORS.sari, id, { action: 'submit' });
    expect(response.status).toBe(428);
    expect((await api({ path: `/proposals/${id}`, as: ACTORS.sari })).body.status).toBe('DRAFT');
  });

  it('an action the table does not allow is 409 and changes nothing', async () => {
    const { id } = await fileLeave();
    const response = await act(ACTORS.sari, id, { action: 'approve', expectedVersion: 1 });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('TRANSITION_NOT_ALLOWED');
    expect((await api({ path: `/proposals/${id}`, as: ACTORS.sari })).body.version).toBe(1);
  });

  it('answers in English when asked', async () => {
    const response = await api({ path: '/nowhere', as: ACTORS.sari, headers: { 'accept-language': 'en-US,en;q=0.9,id;q=0.5' } });
    expect(response.body.title).toBe('Unknown route');
    expect((await api({ path: '/nowhere', as: ACTORS.sari })).body.title).toBe('Alamat tidak dikenal');
  });
});

describe('the catalog', () => {
  it('describes each service type with stages, documents, JSON Schemas and valid examples', async () => {
    const list = await api({ path: '/service-types', as: ACTORS.sari });
    expect(list.body.items.map((t: { code: string }) => t.code)).toEqual(['PENETAPAN_NIP', 'PENETAPAN_NI_PPPK', 'PENGANGKATAN_PNS', 'KENAIKAN_PANGKAT', 'MUTASI', 'PENSIUN', 'CUTI', 'PEMUTAKHIRAN_DATA', 'SKP']);
    const type = await api({ path: '/service-types/KENAIKAN_PANGKAT', as: ACTORS.sari });
    expect(type.body.stages.map((s: { code: string; handler: string; slaWorkingDays: number }) => [s.code, s.handler, s.slaWorkingDays])).toEqual([
      ['PERSETUJUAN_PYB', 'AGENCY', 3],
      ['VERIFIKASI_BKN', 'KANREG', 5],
      ['PERTEK', 'KANREG', 5],
    ]);
    expect(type.body.payloadSchema.type).toBe('object');
    expect(type.body.examplePayload).toEqual(kenaikanPangkat.examplePayload);
    expect((await api({ path: '/service-types/NOPE', as: ACTORS.sari })).status).toBe(404);
  });
});

describe('an employee’s contact and notification preferences', () => {
  it('the employee sets language and channels; a stale version is refused', async () => {
    const read = await api({ path: `/employees/${EMPLOYEES.budi.nip}`, as: ACTORS.budi });
    expect(read.status).toBe(200);
    const version = read.body.version;
    const updated = await api({ method: 'PUT', path: `/employees/${EMPLOYEES.budi.nip}`, as: ACTORS.budi, headers: { 'if-match': `"${version}"` }, body: { preferences: { language: 'en', channels: { email: true, sms: false } } } });
    expect(updated.status).toBe(200);
    expect(updated.body.preferences).toEqual({ language: 'en', channels: { email: true, sms: false } });
    const stale = await api({ method: 'PUT', path: `/employees/${EMPLOYEES.budi.nip}`, as: ACTORS.budi, body: { expectedVersion: version, preferences: { language: 'id' } } });
    expect(stale.status).toBe(409);
  });

  it('not every channel can be silenced: status changes are statutory', async () => {
    const { body } = await api({ path: `/employees/${EMPLOYEES.dewi.nip}`, as: ACTORS.dewi });
    const response = await api({ method: 'PUT', path: `/employees/${EMPLOYEES.dewi.nip}`, as: ACTORS.dewi, body: { expectedVersion: body.version, preferences: { channels: { email: false, sms: false } } } });
    expect(response.status).toBe(422);
    expect(response.body.errors[0].path).toBe('preferences.channels');
  });

  it('the agency’s operator may update it; a colleague and another agency’s operator may not', async () => {
    const { body } = await api({ path: `/employees/${EMPLOYEES.sari.nip}`, as: ACTORS.opSleman });
    const change = { expectedVersion: body.version, contact: { phone: '+6281311112222' } };
    expect((await api({ method: 'PUT', path: `/employees/${EMPLOYEES.sari.nip}`, as: ACTORS.budi, body: change })).status).toBe(404);
    expect((await api({ method: 'PUT', path: `/employees/${EMPLOYEES.sari.nip}`, as: ACTORS.opYogya, body: change })).status).toBe(404);
    expect((await api({ method: 'PUT', path: `/employees/${EMPLOYEES.sari.nip}`, as: ACTORS.verSleman, body: change })).status).toBe(403);
    const done = await api({ method: 'PUT', path: `/employees/${EMPLOYEES.sari.nip}`, as: ACTORS.opSleman, body: change });
    expect(done.status).toBe(200);
    expect(done.body.contact.phone).toBe('+6281311112222');
  });
});

describe('the holiday calendar', () => {
  it('anyone signed in reads a year; a year without a decree says it counts weekends only', async () => {
    const known = await api({ path: '/calendar/2026', as: ACTORS.sari });
    expect(known.body).toMatchObject({ year: 2026, known: true });
    expect(known.body.collectiveLeave).toHaveLength(8);
    expect((await api({ path: '/calendar/2031', as: ACTORS.sari })).body).toMatchObject({ year: 2031, known: false, holidays: [] });
  });

  it('only a BKN admin sets a year, and only a valid one', async () => {
    const calendar = { year: 2030, source: 'SKB 2029 (contoh)', holidays: [{ date: '2030-01-01', name: 'Tahun Baru 2030 Masehi' }], collectiveLeave: [] };
    expect((await api({ method: 'PUT', path: '/calendar/2030', as: ACTORS.adminSleman, body: calendar })).status).toBe(403);
    const wrong = await api({ method: 'PUT', path: '/calendar/2030', as: ACTORS.adminBkn, body: { ...calendar, holidays: [{ date: '2029-12-31', name: 'x' }, { date: '2030-01-01', name: '' }] } });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['holidays.0.date', 'holidays.1.name']));
    expect((await api({ method: 'PUT', path: '/calendar/2031', as: ACTORS.adminBkn, body: calendar })).status).toBe(422);
    expect((await api({ method: 'PUT', path: '/calendar/2030', as: ACTORS.adminBkn, body: calendar })).status).toBe(200);
    expect((await api({ path: '/calendar/2030', as: ACTORS.sari })).body).toMatchObject({ known: true, holidays: calendar.holidays });
  });
});
