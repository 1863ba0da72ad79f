import { testDocumentStore } from '../support/documents';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiHandler } from '../../functions/api/app';
import { createJobRunner } from '../../functions/jobs/app';
import { CalendarRepository } from '../../shared/adapters/dynamo/calendar-repository';
import { DirectoryRepository } from '../../shared/adapters/dynamo/directory-repository';
import { JobRepository } from '../../shared/adapters/dynamo/job-repository';
import { retirementTimerFor } from '../../shared/app/jobs';
import { CALENDAR_2026 } from '../../shared/domain/calendar';
import { cuti } from '../../shared/domain/catalog/cuti';
import type { NotificationEvent } from '../../shared/domain/notifications/types';
import type { Role } from '../../shared/domain/actors';
import { call, type Handler } from '../support/api';
import { ACTORS, EMPLOYEES, ORGS, employee } from '../support/fixtures';
import { freshTable } from '../support/table';
import { testTrackingLinks } from '../support/tracking-links';
import { noIdentity } from '../support/staff';

const now = '2026-03-16T02:00:00.000Z';
let published: NotificationEvent[] = [];
let jobs: ReturnType<typeof createJobRunner>;
let api: Handler;

beforeAll(async () => {
  const { doc, tableName } = await freshTable();
  const directory = new DirectoryRepository(doc, tableName);
  for (const org of Object.values(ORGS)) await directory.putOrganisation(org);
  for (const e of Object.values(EMPLOYEES)) await directory.putEmployee(e);
  const staff: [string, Role, string][] = [['ver.sleman', 'VERIFIKATOR', 'PEMKAB-SLEMAN'], ['op.sleman', 'OPERATOR', 'PEMKAB-SLEMAN'], ['op.yogya', 'OPERATOR', 'PEMKOT-YOGYAKARTA'], ['op.kalsel', 'OPERATOR', 'PEMPROV-KALSEL']];
  for (const [username, role, orgId] of staff) {
    await directory.saveUser({ userId: `user-${username}`, username, name: username, orgId, roles: [role], timeZone: 'Asia/Jakarta', contact: { email: `${username}@example.com` }, preferences: { language: 'id', channels: { email: true, sms: true } } });
  }
  await new CalendarRepository(doc, tableName).put(CALENDAR_2026);
  // Retiring: born 17 September 1968, BUP 58 → 1 October 2026; reminded 1 October 2025 and 1 April 2026.
  const retiring = employee('196809171993031001', ORGS.sleman!, { name: 'Hartono Wibisono' });
  await directory.putEmployee(retiring);
  const timer = retirementTimerFor(retiring, '2026-03-01');
  expect(timer).toMatchObject({ retirementDate: '2026-10-01', next: { monthsBefore: 6, on: '2026-04-01' } });
  await new JobRepository(doc, tableName).putRetirementTimer(timer!);

  const clock = { now: () => new Date(now) };
  // The clock starts the table's life: no timer falls due before its day.
  jobs = createJobRunner({ doc, tableName, publisher: { publish: async (e) => void published.push(e) }, clock, epoch: now.slice(0, 10) });
  api = createApiHandler({ trackingLinks: testTrackingLinks(), identity: noIdentity, documentStore: testDocumentStore(), doc, tableName, clock }) as unknown as Handler;
});

describe('the daily digest', () => {
  it('tells a queue’s staff how many wait, how many are late, and the oldest; an empty queue gets nothing', async () => {
    const created = await call(api, { method: 'POST', path: '/proposals', as: ACTORS.sari, body: { serviceType: 'CUTI', payload: cuti.examplePayload, documents: [{ code: 'FORMULIR_CUTI', reference: 'r' }] } });
    await call(api, { method: 'POST', path: `/proposals/${created.body.id}/transitions`, as: ACTORS.sari, body: { action: 'submit', expectedVersion: 1 } });
    published = [];
    const summary = await jobs({ job: 'digest', now: '2026-03-27T00:30:00.000Z', zone: 'Asia/Jakarta' });
    expect(summary.published).toBe(1);
    expect(published[0]).toMatchObject({ kind: 'digest', orgId: 'PEMKAB-SLEMAN', role: 'VERIFIKATOR', day: '2026-03-27', waiting: 1, overdue: 1, oldest: { proposalId: created.body.id }, recipients: [{ kind: 'user', userId: 'user-ver.sleman' }] });
    // Another zone's run reads only that zone's organisations.
    published = [];
    expect((await jobs({ job: 'digest', now: '2026-03-27T00:30:00.000Z', zone: 'Asia/Makassar' })).published).toBe(0);
  });
});

describe('submission windows', () => {
  it('14 days before the June 2026 promotion window closes, every agency’s operators hear of it', async () => {
    published = [];
    const summary = await jobs({ job: 'windows', now: '2026-04-16T01:00:00.000Z' });
    expect(summary.published).toBe(3);
    expect(published.map((e) => (e.kind === 'window-reminder' ? [e.agencyId, e.period, e.closesOn, e.daysLeft] : null)).sort()).toEqual([
      ['PEMKAB-SLEMAN', '2026-06-01', '2026-04-30', 14],
      ['PEMKOT-YOGYAKARTA', '2026-06-01', '2026-04-30', 14],
      ['PEMPROV-KALSEL', '2026-06-01', '2026-04-30', 14],
    ]);
    published = [];
    expect((await jobs({ job: 'windows', now: '2026-04-17T01:00:00.000Z' })).published).toBe(0);
  });
});

describe('retirement reminders', () => {
  it('six months before BUP the employee and the agency’s operators hear of it, once', async () => {
    published = [];
    expect((await jobs({ job: 'retirement', now: '2026-03-31T01:15:00.000Z' })).published).toBe(0);
    const summary = await jobs({ job: 'retirement', now: '2026-04-01T01:15:00.000Z' });
    expect(summary.published).toBe(1);
    expect(published[0]).toMatchObject({ kind: 'retirement-reminder', nip: '196809171993031001', monthsBefore: 6, bupDate: '2026-10-01', recipients: [{ kind: 'employee', nip: '196809171993031001' }, { kind: 'user', userId: 'user-op.sleman' }] });
    expect((await jobs({ job: 'retirement', now: '2026-04-01T01:15:00.000Z' })).published).toBe(0);
  });
});
