import { testDocumentStore } from '../support/documents';
import { DeleteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiHandler } from '../../functions/api/app';
import { keys } from '../../shared/adapters/dynamo/keys';
import { answerSchemas } from '../../shared/http/responses';
import { CalendarRepository } from '../../shared/adapters/dynamo/calendar-repository';
import { DirectoryRepository } from '../../shared/adapters/dynamo/directory-repository';
import { CALENDAR_2026 } from '../../shared/domain/calendar';
import { SECURITY_HEADERS } from '../../shared/http/middleware';
import { cuti } from '../../shared/domain/catalog/cuti';
import type { Actor } from '../../shared/domain/actors';
import { call, type Handler, type TestRequest } from '../support/api';
import { ACTORS, EMPLOYEES, ORGS, actor } from '../support/fixtures';
import { freshTable } from '../support/table';
import { testTrackingLinks } from '../support/tracking-links';
import { noIdentity, seedStaff } from '../support/staff';

let api: (request: TestRequest) => ReturnType<typeof call>;
let doc: DynamoDBDocumentClient;
let tableName: string;
const now = '2026-11-02T02:00:00.000Z'; // Monday 09:00 WIB

const adminYogya = actor('admin.yogya', ['ADMIN_INSTANSI'], ORGS.yogya!);
const auditorKanreg8 = actor('auditor.kanreg8', ['AUDITOR'], ORGS.kanreg8!);

beforeAll(async () => {
  ({ doc, tableName } = await freshTable());
  const directory = new DirectoryRepository(doc, tableName);
  for (const org of Object.values(ORGS)) await directory.putOrganisation(org);
  await seedStaff(doc, tableName);
  for (const employee of Object.values(EMPLOYEES)) await directory.putEmployee(employee);
  await new CalendarRepository(doc, tableName).put(CALENDAR_2026);
  const handler = createApiHandler({ trackingLinks: testTrackingLinks(), identity: noIdentity, documentStore: testDocumentStore(), doc, tableName, clock: { now: () => new Date(now) } }) as unknown as Handler;
  api = (request) => call(handler, request);
});

/** Sari files a leave, submits it, and her agency's verifier forwards it: three events. */
async function fileAndMove(): Promise<string> {
  const created = await api({
    method: 'POST',
    path: '/proposals',
    as: ACTORS.sari,
    body: { serviceType: 'CUTI', payload: cuti.examplePayload, documents: [{ code: 'FORMULIR_CUTI', reference: 'dms://cuti/formulir.pdf' }] },
  });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  const act = async (as: Actor, body: Record<string, unknown>) => expect((await api({ method: 'POST', path: `/proposals/${id}/transitions`, as, body })).status).toBe(200);
  await act(ACTORS.sari, { action: 'submit', expectedVersion: 1 });
  await act(ACTORS.verSleman, { action: 'forward', expectedVersion: 2 });
  return id;
}

const audit = (id: string, as?: Actor, headers: Record<string, string> = {}) => api({ path: `/proposals/${id}/audit`, ...(as ? { as } : {}), headers });

describe('an auditor has a proposal’s history verified', () => {
  it('an untouched history is valid, with the head the proposal names and how to recompute it', async () => {
    const id = await fileAndMove();
    const report = await audit(id, ACTORS.auditor);
    expect(report.status).toBe(200);
    expect(report.headers['content-type']).toMatch(/^application\/json/);
    // A verdict on a person's file: never cached, framed or sniffed.
    expect(report.headers).toMatchObject(SECURITY_HEADERS);
    expect(report.body).toMatchObject({ proposalId: id, valid: true, events: 3, head: { lastSeq: 3 }, checkedAt: now, message: 'Rantai riwayat utuh: 3 peristiwa terverifikasi' });
    expect(report.body.head.lastHash).toMatch(/^[0-9a-f]{64}$/);
    expect(report.body.algorithm).toContain('SHA-256');
    expect(report.body.break).toBeUndefined();
    expect(answerSchemas().RESPONSES.AuditReport.safeParse(report.body).error).toBeUndefined();
    expect((await audit(id, ACTORS.auditor, { 'accept-language': 'en' })).body.message).toBe('The history chain is intact: 3 events verified');
  });

  it('the proposal’s own agency admin may have it verified too', async () => {
    const id = await fileAndMove();
    expect((await audit(id, ACTORS.adminSleman)).body).toMatchObject({ valid: true, events: 3 });
  });

  it('an event edited directly in DynamoDB is reported at its seq, as an edit', async () => {
    const id = await fileAndMove();
    await doc.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.event(id, 2),
        UpdateExpression: 'SET #actor.#name = :name',
        ExpressionAttributeNames: { '#actor': 'actor', '#name': 'name' },
        ExpressionAttributeValues: { ':name': 'Orang lain' },
      }),
    );
    const report = await audit(id, ACTORS.auditor);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ valid: false, events: 3, break: { seq: 2, kind: 'hash' } });
    expect(report.body.break.storedHash).not.toBe(report.body.break.computedHash);
    expect(answerSchemas().RESPONSES.AuditReport.safeParse(report.body).error).toBeUndefined();
    expect(report.body.message).toBe('Peristiwa ke-2 telah diubah: isinya tidak lagi sesuai dengan hash-nya');
    expect((await audit(id, ACTORS.auditor, { 'accept-language': 'en' })).body.message).toBe('Event 2 was altered: its content no longer matches its hash');
  });

  it('an event deleted directly in DynamoDB is reported as a gap at the missing seq', async () => {
    const id = await fileAndMove();
    await doc.send(new DeleteCommand({ TableName: tableName, Key: keys.event(id, 2) }));
    const report = await audit(id, ACTORS.auditor);
    expect(report.body).toMatchObject({ valid: false, events: 2, break: { seq: 2, kind: 'gap', nextSeq: 3 } });
    expect(answerSchemas().RESPONSES.AuditReport.safeParse(report.body).error).toBeUndefined();
    expect(report.body.message).toBe('Riwayat tidak lengkap: peristiwa ke-2 hilang (terhapus)');
  });

  it('the newest event deleted: the history no longer reaches the proposal’s head', async () => {
    const id = await fileAndMove();
    await doc.send(new DeleteCommand({ TableName: tableName, Key: keys.event(id, 3) }));
    const report = await audit(id, ACTORS.adminSleman);
    expect(report.body).toMatchObject({ valid: false, events: 2, head: { lastSeq: 3 }, break: { seq: 3, kind: 'head', chainEnd: { lastSeq: 2 } } });
  });

  it('a prevHash rewritten in storage breaks the link at that event', async () => {
    const id = await fileAndMove();
    await doc.send(
      new UpdateCommand({ TableName: tableName, Key: keys.event(id, 3), UpdateExpression: 'SET prevHash = :h', ExpressionAttributeValues: { ':h': 'f'.repeat(64) } }),
    );
    expect((await audit(id, ACTORS.auditor)).body).toMatchObject({ valid: false, break: { seq: 3, kind: 'link' } });
  });
});

describe('who else asks for the verification', () => {
  let id: string;
  beforeAll(async () => {
    id = await fileAndMove();
  });

  it.each([
    ['the employee herself', ACTORS.sari],
    ['the verifier who forwarded it', ACTORS.verSleman],
    ['the covering Kanreg’s verifier', ACTORS.verKanreg1],
    ['a BKN admin', ACTORS.adminBkn],
  ])('%s may read it, but is refused the audit with 403', async (_who, who) => {
    const refused = await audit(id, who);
    expect(refused.status).toBe(403);
    expect(refused.headers['content-type']).toBe('application/problem+json');
    expect(refused.headers).toMatchObject(SECURITY_HEADERS);
    expect(refused.body).toMatchObject({ code: 'FORBIDDEN', title: 'Anda tidak berwenang melakukan tindakan ini' });
  });

  it.each([
    ['an employee of the same agency', ACTORS.budi],
    ['an admin of another agency', adminYogya],
    ['an auditor of a Kanreg that does not cover it', auditorKanreg8],
  ])('%s learns nothing: 404, as for a proposal that does not exist', async (_who, who) => {
    const hidden = await audit(id, who);
    expect(hidden.status).toBe(404);
    expect(hidden.body).toMatchObject({ code: 'NOT_FOUND', details: { resource: 'proposal' } });
    expect((await audit('USL-2026-9999-9999', who)).body).toEqual({ ...hidden.body, instance: '/proposals/USL-2026-9999-9999/audit' });
  });

  it('an auditor asking about a number that does not exist gets 404, in English when asked', async () => {
    const missing = await audit('USL-2026-9999-9999', ACTORS.auditor, { 'accept-language': 'en' });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'NOT_FOUND', title: 'Not found' });
    expect((await audit('not-a-number', ACTORS.auditor)).status).toBe(404);
  });

  it('without a token the route is refused', async () => {
    expect((await audit(id)).status).toBe(401);
  });

  it('only GET: the audit is read-only', async () => {
    const post = await api({ method: 'POST', path: `/proposals/${id}/audit`, as: ACTORS.auditor, body: {} });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET');
  });
});
