import { testDocumentStore } from '../support/documents';
import { beforeAll, describe, expect, it } from 'vitest';
import { DirectoryRepository } from '../../shared/adapters/dynamo/directory-repository';
import { createApiHandler } from '../../functions/api/app';
import { call, type Handler, type TestRequest } from '../support/api';
import { ACTORS, EMPLOYEES, ORGS, actor } from '../support/fixtures';
import { freshTable } from '../support/table';
import { testTrackingLinks } from '../support/tracking-links';
import { noIdentity, seedStaff } from '../support/staff';

// Staff are reached through their own profile: reminders and digests go to the staff of a queue's
// role (memberships), copies of a status change to the operator who filed it. The profile exists
// from the invitation on (here: seeded, as test/support/staff.ts writes it); PUT /me changes where
// the notices go, never who the person is: roles and organisation are the admins' to set.

let api: (request: TestRequest) => ReturnType<typeof call>;
let directory: DirectoryRepository;
const staffIds = async (orgId: string, role: Parameters<DirectoryRepository['staffOf']>[1]) => (await directory.staffOf(orgId, role)).items.map((m) => m.userId);

beforeAll(async () => {
  const { doc, tableName } = await freshTable();
  directory = new DirectoryRepository(doc, tableName);
  for (const org of Object.values(ORGS)) await directory.putOrganisation(org);
  await seedStaff(doc, tableName);
  for (const employee of Object.values(EMPLOYEES)) await directory.putEmployee(employee);
  const handler = createApiHandler({ trackingLinks: testTrackingLinks(), identity: noIdentity, documentStore: testDocumentStore(), doc, tableName, clock: { now: () => new Date('2026-11-02T02:00:00.000Z') } }) as unknown as Handler;
  api = (request) => call(handler, request);
});

describe('a staff member sets where their work notices go (PUT /me)', () => {
  it('a member reads their profile from the start, and a change of contact keeps what it does not name', async () => {
    const me = await api({ path: '/me', as: ACTORS.verSleman });
    expect(me.status).toBe(200);
    expect(me.body.staffProfile).toMatchObject({ username: 'ver.sleman', roles: ['VERIFIKATOR'], preferences: { language: 'id', channels: { email: true, sms: false } } });
    expect(await staffIds(ORGS.sleman!.id, 'VERIFIKATOR')).toContain(ACTORS.verSleman.userId);

    const set = await api({ method: 'PUT', path: '/me', as: ACTORS.verSleman, body: { contact: { email: 'ver.sleman@slemankab.go.id', phone: '+6281234500001' } } });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body).toEqual({
      username: 'ver.sleman',
      name: ACTORS.verSleman.name,
      orgId: ORGS.sleman!.id,
      roles: ['VERIFIKATOR'],
      timeZone: 'Asia/Jakarta',
      contact: { email: 'ver.sleman@slemankab.go.id', phone: '+6281234500001' },
      preferences: { language: 'id', channels: { email: true, sms: false } },
    });
    const again = await api({ method: 'PUT', path: '/me', as: ACTORS.verSleman, body: { preferences: { language: 'en', channels: { email: true, sms: true } }, contact: { phone: null } } });
    expect(again.body).toMatchObject({ contact: { email: 'ver.sleman@slemankab.go.id' }, preferences: { language: 'en', channels: { email: true, sms: true } } });
    expect(again.body.contact.phone).toBeUndefined();
    expect((await api({ path: '/me', as: ACTORS.verSleman })).body.staffProfile).toEqual(again.body);
  });

  it('a token that still claims a role the directory took away neither acts with it nor brings it back through PUT /me', async () => {
    const stale = { ...ACTORS.opSleman, roles: ['OPERATOR' as const, 'APPROVER' as const] };
    const me = await api({ path: '/me', as: stale });
    expect(me.body.roles).toEqual(['OPERATOR']);
    const set = await api({ method: 'PUT', path: '/me', as: stale, body: { contact: { email: 'op@slemankab.go.id' } } });
    expect(set.status).toBe(200);
    expect(set.body.roles).toEqual(['OPERATOR']);
    expect(await staffIds(ORGS.sleman!.id, 'APPROVER')).not.toContain(stale.userId);
  });

  it('staff the directory does not know (never invited) are refused: 403 NO_ACTIVE_ROLE, and nothing is written', async () => {
    const stranger = actor('ver.baru', ['VERIFIKATOR'], ORGS.sleman!);
    for (const request of [{ path: '/me', as: stranger }, { method: 'PUT', path: '/me', as: stranger, body: { contact: { email: 'x@example.com' } } }]) {
      const refused = await api(request);
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('NO_ACTIVE_ROLE');
    }
    expect(await directory.getUser(stranger.userId)).toBeUndefined();
  });

  it('an employee who is not staff has no staff profile: 403, and nothing is written', async () => {
    const before = await directory.getUser(ACTORS.sari.userId);
    const refused = await api({ method: 'PUT', path: '/me', as: ACTORS.sari, body: { preferences: { language: 'en' } } });
    expect(refused.status).toBe(403);
    expect(await directory.getUser(ACTORS.sari.userId)).toEqual(before);
  });

  it('an empty change, an unknown field or an address that is not one is a 422', async () => {
    const before = await directory.getUser(ACTORS.opSleman.userId);
    for (const body of [{}, { contact: { fax: '0274' } }, { contact: { email: 'not an address' } }, { contact: { phone: '081234' } }, { preferences: { language: 'jv' } }]) {
      const refused = await api({ method: 'PUT', path: '/me', as: ACTORS.opSleman, body });
      expect(refused.status, JSON.stringify(body)).toBe(422);
    }
    expect(await directory.getUser(ACTORS.opSleman.userId)).toEqual(before);
  });
});
