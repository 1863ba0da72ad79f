import { testDocumentStore } from '../support/documents';
import { beforeAll, describe, expect, it } from 'vitest';
import { DirectoryRepository } from '../../shared/adapters/dynamo/directory-repository';
import { createApiHandler } from '../../functions/api/app';
import { call, type Handler, type TestRequest } from '../support/api';
import { ACTORS, EMPLOYEES, ORGS, actor } from '../support/fixtures';
import { freshTable } from '../support/table';
import { testTrackingLinks } from '../support/tracking-links';

// Staff are reached through their own profile: reminders and digests go to the staff of a queue's
// role (memberships), copies of a status change to the operator who filed it. PUT /me is how a
// staff member sets it up; until then they receive nothing.

let api: (request: TestRequest) => ReturnType<typeof call>;
let directory: DirectoryRepository;
const staffIds = async (orgId: string, role: Parameters<DirectoryRepository['staffOf']>[1]) => (await directory.staffOf(orgId, role)).items.map((m) => m.userId);

beforeAll(async () => {
  const { doc, tableName } = await freshTable();
  directory = new DirectoryRepository(doc, tableName);
  for (const org of Object.values(ORGS)) await directory.putOrganisation(org);
  for (const employee of Object.values(EMPLOYEES)) await directory.putEmployee(employee);
  const handler = createApiHandler({ trackingLinks: testTrackingLinks(), documentStore: testDocumentStore(), doc, tableName, clock: { now: () => new Date('2026-11-02T02:00:00.000Z') } }) as unknown as Handler;
  api = (request) => call(handler, request);
});

describe('a staff member sets where their work notices go (PUT /me)', () => {
  it('the first change creates the profile from the token, by email in Indonesian unless told otherwise, and joins their queues', async () => {
    const verifier = actor('ver.baru', ['VERIFIKATOR'], ORGS.sleman!);
    expect((await api({ path: '/me', as: verifier })).body.staffProfile).toBeUndefined();
    expect(await staffIds(ORGS.sleman!.id, 'VERIFIKATOR')).not.toContain(verifier.userId);

    const set = await api({ method: 'PUT', path: '/me', as: verifier, body: { contact: { email: 'ver.baru@slemankab.go.id' } } });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body).toEqual({
      username: 'ver.baru',
      name: verifier.name,
      orgId: ORGS.sleman!.id,
      roles: ['VERIFIKATOR'],
      timeZone: 'Asia/Jakarta',
      contact: { email: 'ver.baru@slemankab.go.id' },
      preferences: { language: 'id', channels: { email: true, sms: false } },
    });
    expect((await api({ path: '/me', as: verifier })).body.staffProfile).toEqual(set.body);
    expect(await staffIds(ORGS.sleman!.id, 'VERIFIKATOR')).toContain(verifier.userId);
  });

  it('a later change keeps what it does not name, and follows a change of role: the old queue no longer reaches them', async () => {
    const before = actor('op.pindah', ['OPERATOR'], ORGS.sleman!);
    await api({ method: 'PUT', path: '/me', as: before, body: { contact: { email: 'op.pindah@slemankab.go.id', phone: '+6281234500001' } } });
    expect(await staffIds(ORGS.sleman!.id, 'OPERATOR')).toContain(before.userId);

    const after = { ...before, roles: ['APPROVER' as const] };
    const changed = await api({ method: 'PUT', path: '/me', as: after, body: { preferences: { language: 'en', channels: { email: true, sms: true } }, contact: { phone: null } } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ roles: ['APPROVER'], contact: { email: 'op.pindah@slemankab.go.id' }, preferences: { language: 'en', channels: { email: true, sms: true } } });
    expect(changed.body.contact.phone).toBeUndefined();
    expect(await staffIds(ORGS.sleman!.id, 'OPERATOR')).not.toContain(before.userId);
    expect(await staffIds(ORGS.sleman!.id, 'APPROVER')).toContain(before.userId);
  });

  it('an employee who is not staff has no staff profile: 403, and nothing is written', async () => {
    const refused = await api({ method: 'PUT', path: '/me', as: ACTORS.sari, body: { preferences: { language: 'en' } } });
    expect(refused.status).toBe(403);
    expect(await directory.getUser(ACTORS.sari.userId)).toBeUndefined();
  });

  it('an empty change, an unknown field or an address that is not one is a 422', async () => {
    for (const body of [{}, { contact: { fax: '0274' } }, { contact: { email: 'not an address' } }, { contact: { phone: '081234' } }, { preferences: { language: 'jv' } }]) {
      const refused = await api({ method: 'PUT', path: '/me', as: ACTORS.opSleman, body });
      expect(refused.status, JSON.stringify(body)).toBe(422);
    }
    expect(await directory.getUser(ACTORS.opSleman.userId)).toBeUndefined();
  });
});
