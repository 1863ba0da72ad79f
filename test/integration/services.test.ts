import { beforeAll, describe, expect, it } from 'vitest';
import { createApiHandler } from '../../functions/api/app';
import { CalendarRepository } from '../../shared/adapters/dynamo/calendar-repository';
import { DirectoryRepository } from '../../shared/adapters/dynamo/directory-repository';
import { ProposalRepository } from '../../shared/adapters/dynamo/proposal-repository';
import { applyTransition } from '../../shared/domain/proposal/lifecycle';
import { CALENDAR_2026 } from '../../shared/domain/calendar';
import { kenaikanPangkat } from '../../shared/domain/catalog/kenaikan-pangkat';
import { mutasi } from '../../shared/domain/catalog/mutasi';
import { pengangkatanPns } from '../../shared/domain/catalog/pengangkatan-pns';
import { pensiun } from '../../shared/domain/catalog/pensiun';
import { skp } from '../../shared/domain/catalog/skp';
import { call, type Handler, type TestRequest } from '../support/api';
import { ACTORS, EMPLOYEES, ORGS, context, employee } from '../support/fixtures';
import { freshTable } from '../support/table';

/** Services whose completion changes the employee's record, walked through the API on DynamoDB Local. */
let api: (request: TestRequest) => ReturnType<typeof call>;
let directory: DirectoryRepository;
let proposals: ProposalRepository;
const documents = (codes: readonly { code: string }[]) => codes.map((d) => ({ code: d.code, reference: `dms://${d.code}` }));

beforeAll(async () => {
  const { doc, tableName } = await freshTable();
  directory = new DirectoryRepository(doc, tableName);
  proposals = new ProposalRepository(doc, tableName);
  for (const org of Object.values(ORGS)) await directory.putOrganisation(org);
  for (const e of Object.values(EMPLOYEES)) await directory.putEmployee(e);
  await new CalendarRepository(doc, tableName).put(CALENDAR_2026);
  const handler = createApiHandler({ doc, tableName, clock: { now: () => new Date('2026-11-02T02:00:00.000Z') } }) as unknown as Handler;
  api = (request) => call(handler, request);
});

async function walk(id: string, steps: [typeof ACTORS[keyof typeof ACTORS], Record<string, unknown>][]) {
  let last;
  for (const [as, body] of steps) {
    last = await api({ method: 'POST', path: `/proposals/${id}/transitions`, as, body });
    expect(last.status, JSON.stringify(last.body)).toBe(200);
  }
  return last!;
}

describe('a transfer between agencies (MUTASI)', () => {
  it('both agencies see it and act on their stage; completion moves the employee to the destination', async () => {
    const created = await api({ method: 'POST', path: '/proposals', as: ACTORS.opSleman, body: { serviceType: 'MUTASI', nip: EMPLOYEES.budi.nip, payload: mutasi.examplePayload, documents: documents(mutasi.requiredDocuments) } });
    expect(created.status).toBe(201);
    const { id } = created.body;
    await walk(id, [[ACTORS.opSleman, { action: 'submit', expectedVersion: 1 }], [ACTORS.apprSleman, { action: 'forward', expectedVersion: 2 }]]);
    // The destination's approver finds it in their own queue, and reads it.
    const inbox = await api({ path: '/inbox', as: ACTORS.apprYogya });
    expect(inbox.body.items.map((i: { id: string }) => i.id)).toContain(id);
    const done = await walk(id, [
      [ACTORS.apprYogya, { action: 'forward', expectedVersion: 3 }],
      [ACTORS.verKanreg1, { action: 'forward', expectedVersion: 4 }],
      [ACTORS.apprKanreg1, { action: 'approve', expectedVersion: 5 }],
      [ACTORS.opYogya, { action: 'complete', expectedVersion: 6, output: mutasi.exampleOutput }],
    ]);
    expect(done.body.status).toBe('COMPLETED');
    const record = await api({ path: `/employees/${EMPLOYEES.budi.nip}`, as: ACTORS.opYogya });
    expect(record.body).toMatchObject({ agencyId: 'PEMKOT-YOGYAKARTA', jabatan: mutasi.examplePayload.jabatanTujuan, version: EMPLOYEES.budi.version + 1 });
    // The origin no longer reads the record, but both still read the proposal.
    expect((await api({ path: `/employees/${EMPLOYEES.budi.nip}`, as: ACTORS.opSleman })).status).toBe(404);
    expect((await api({ path: `/proposals/${id}`, as: ACTORS.opSleman })).status).toBe(200);
    // Another Kanreg's staff see nothing.
    expect((await api({ path: `/proposals/${id}`, as: ACTORS.verKanreg8 })).status).toBe(404);
  });

  it('a transfer to one’s own agency, or to an unknown one, is refused with the reason', async () => {
    const own = await api({ method: 'POST', path: '/proposals', as: ACTORS.opSleman, body: { serviceType: 'MUTASI', nip: EMPLOYEES.sari.nip, payload: { ...mutasi.examplePayload, instansiTujuan: 'PEMKAB-SLEMAN' } } });
    expect(own.status).toBe(422);
    const unknown = await api({ method: 'POST', path: '/proposals', as: ACTORS.opSleman, body: { serviceType: 'MUTASI', nip: EMPLOYEES.sari.nip, payload: { ...mutasi.examplePayload, instansiTujuan: 'PEMKAB-ATLANTIS' } } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].message).toContain('PEMKAB-ATLANTIS');
  });

  it('if the record changed after completion read it, the completion is refused and nothing of it is written', async () => {
    const cpnsFree = employee('199105052016032009', ORGS.sleman!);
    await directory.putEmployee(cpnsFree);
    const { body } = await api({ method: 'POST', path: '/proposals', as: ACTORS.opSleman, body: { serviceType: 'MUTASI', nip: cpnsFree.nip, payload: mutasi.examplePayload, documents: documents(mutasi.requiredDocuments) } });
    await walk(body.id, [
      [ACTORS.opSleman, { action: 'submit', expectedVersion: 1 }],
      [ACTORS.apprSleman, { action: 'forward', expectedVersion: 2 }],
      [ACTORS.apprYogya, { action: 'forward', expectedVersion: 3 }],
      [ACTORS.verKanreg1, { action: 'forward', expectedVersion: 4 }],
      [ACTORS.apprKanreg1, { action: 'approve', expectedVersion: 5 }],
    ]);
    // Someone edits the record after the completion read it: the transaction checks the version
    // it read, so the completion loses and nothing of it is written.
    const stale = (await directory.getEmployee(cpnsFree.nip))!;
    await directory.putEmployee({ ...stale, version: stale.version + 1, contact: { ...stale.contact, phone: '+6281299990000' } });
    const found = (await proposals.getWithHistory(body.id))!;
    const change = applyTransition(found.proposal, { action: 'complete', expectedVersion: 6, output: mutasi.exampleOutput }, context(ACTORS.opYogya, mutasi, '2026-11-02T02:00:00.000Z', stale));
    await expect(proposals.save(change, 6, null)).rejects.toMatchObject({ code: 'VERSION_CONFLICT', details: { resource: 'employee' } });
    expect((await proposals.get(body.id))!.status).toBe('APPROVED');
    expect((await directory.getEmployee(cpnsFree.nip))!.agencyId).toBe('PEMKAB-SLEMAN');
  });
});

describe('services whose completion changes the record', () => {
  it('a promotion moves the employee up one golongan from the new TMT', async () => {
    const { body } = await api({ method: 'POST', path: '/proposals', as: ACTORS.opSleman, body: { serviceType: 'KENAIKAN_PANGKAT', nip: EMPLOYEES.sari.nip, payload: kenaikanPangkat.examplePayload, documents: documents(kenaikanPangkat.requiredDocuments) } });
    expect(body.status).toBe('DRAFT');
    await walk(body.id, [
      [ACTORS.opSleman, { action: 'submit', expectedVersion: 1 }],
      [ACTORS.apprSleman, { action: 'forward', expectedVersion: 2 }],
      [ACTORS.verKanreg1, { action: 'forward', expectedVersion: 3 }],
      [ACTORS.apprKanreg1, { action: 'approve', expectedVersion: 4 }],
      [ACTORS.opSleman, { action: 'complete', expectedVersion: 5, output: kenaikanPangkat.exampleOutput }],
    ]);
    const record = await api({ path: `/employees/${EMPLOYEES.sari.nip}`, as: ACTORS.sari });
    expect(record.body.pangkat).toEqual({ golongan: kenaikanPangkat.examplePayload.golonganUsulan, tmt: kenaikanPangkat.exampleOutput.tmtGolonganBaru });
  });

  it('a promotion from a rank the record does not show is refused with both ranks named', async () => {
    const refused = await api({ method: 'POST', path: '/proposals', as: ACTORS.opSleman, body: { serviceType: 'KENAIKAN_PANGKAT', nip: EMPLOYEES.sari.nip, payload: { ...kenaikanPangkat.examplePayload, golonganSaatIni: 'II/d', golonganUsulan: 'III/a' } } });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('EMPLOYEE_NOT_ELIGIBLE');
    expect(refused.body.errors[0]).toMatchObject({ path: 'payload.golonganSaatIni' });
  });

  it('a CPNS a year past TMT becomes PNS', async () => {
    const cpns = employee('199811052025011002', ORGS.sleman!, { kind: 'CPNS', tmtCpns: '2025-01-01' });
    await directory.putEmployee(cpns);
    const { body } = await api({ method: 'POST', path: '/proposals', as: ACTORS.opSleman, body: { serviceType: 'PENGANGKATAN_PNS', nip: cpns.nip, payload: pengangkatanPns.examplePayload, documents: documents(pengangkatanPns.requiredDocuments) } });
    expect(body.status, JSON.stringify(body)).toBe('DRAFT');
    await walk(body.id, [
      [ACTORS.opSleman, { action: 'submit', expectedVersion: 1 }],
      [ACTORS.verSleman, { action: 'forward', expectedVersion: 2 }],
      [ACTORS.apprSleman, { action: 'approve', expectedVersion: 3 }],
      [ACTORS.opSleman, { action: 'complete', expectedVersion: 4, output: pengangkatanPns.exampleOutput }],
    ]);
    expect((await api({ path: `/employees/${cpns.nip}`, as: ACTORS.opSleman })).body).toMatchObject({ kind: 'PNS', tmtPns: pengangkatanPns.exampleOutput.tmtPns });
  });

  it('a pension at BUP is filed from twelve months before, and completion retires the employee', async () => {
    // Born 10 March 1969: BUP 58 reached in March 2027, pension from 1 April 2027; filing opened 1 April 2026.
    const retiring = employee('196903101994031005', ORGS.sleman!);
    await directory.putEmployee(retiring);
    const payload = { ...pensiun.examplePayload, tmtPensiun: '2027-04-01' };
    const { body } = await api({ method: 'POST', path: '/proposals', as: ACTORS.opSleman, body: { serviceType: 'PENSIUN', nip: retiring.nip, payload, documents: documents(pensiun.requiredDocuments) } });
    expect(body.status, JSON.stringify(body)).toBe('DRAFT');
    const stages = pensiun.stages.map((stage) => stage.role);
    expect(stages).toEqual(['VERIFIKATOR', 'VERIFIKATOR', 'APPROVER']);
    await walk(body.id, [
      [ACTORS.opSleman, { action: 'submit', expectedVersion: 1 }],
      [ACTORS.verSleman, { action: 'forward', expectedVersion: 2 }],
      [ACTORS.verKanreg1, { action: 'forward', expectedVersion: 3 }],
      [ACTORS.apprKanreg1, { action: 'approve', expectedVersion: 4 }],
      [ACTORS.opSleman, { action: 'complete', expectedVersion: 5, output: { ...pensiun.exampleOutput, tmtPensiun: '2027-04-01' } }],
    ]);
    expect((await api({ path: `/employees/${retiring.nip}`, as: ACTORS.opSleman })).body).toMatchObject({ status: 'PENSIUN', retirementDate: '2027-04-01' });
    const wrongDate = await api({ method: 'POST', path: '/proposals', as: ACTORS.opSleman, body: { serviceType: 'PENSIUN', nip: EMPLOYEES.sari.nip, payload: { ...payload, tmtPensiun: '2027-04-01' } } });
    expect(wrongDate.status).toBe(422);
  });
});

describe('promotion submission windows are data BKN admins set each year', () => {
  it('a year nobody set shows the default; a BKN admin sets it; filing then follows the setting and names the next window', async () => {
    const shown = await api({ path: '/service-types/KENAIKAN_PANGKAT/windows/2027', as: ACTORS.opSleman });
    expect(shown.body).toMatchObject({ isDefault: true, year: 2027 });
    expect(shown.body.windows[0]).toEqual({ period: '2027-02-01', opensOn: '2026-11-01', closesOn: '2026-12-31' });
    const setting = { year: 2027, serviceType: 'KENAIKAN_PANGKAT', windows: [{ period: '2027-02-01', opensOn: '2026-12-01', closesOn: '2026-12-31' }, { period: '2027-04-01', opensOn: '2027-01-02', closesOn: '2027-02-28' }] };
    expect((await api({ method: 'PUT', path: '/service-types/KENAIKAN_PANGKAT/windows/2027', as: ACTORS.adminSleman, body: setting })).status).toBe(403);
    expect((await api({ method: 'PUT', path: '/service-types/KENAIKAN_PANGKAT/windows/2027', as: ACTORS.adminBkn, body: { ...setting, windows: [{ period: '2027-03-01', opensOn: '2027-01-01', closesOn: '2027-02-01' }] } })).status).toBe(422);
    expect((await api({ method: 'PUT', path: '/service-types/KENAIKAN_PANGKAT/windows/2027', as: ACTORS.adminBkn, body: setting })).status).toBe(200);
    expect((await api({ path: '/service-types/KENAIKAN_PANGKAT/windows/2027', as: ACTORS.opSleman })).body).toMatchObject({ isDefault: false, windows: setting.windows });
    // On 2 November 2026 the February 2027 window (from 1 December) is not open yet: refused, naming it.
    const refused = await api({ method: 'POST', path: '/proposals', as: ACTORS.opSleman, body: { serviceType: 'KENAIKAN_PANGKAT', nip: EMPLOYEES.sari.nip, payload: { ...kenaikanPangkat.examplePayload, golonganSaatIni: 'III/c', golonganUsulan: 'III/d' } } });
    expect(refused.status).toBe(422);
    const messages = refused.body.errors.map((e: { message: string }) => e.message);
    expect(messages.some((m: string) => m.includes('2026-12-01'))).toBe(true);
  });
});

describe('SKP: the direct supervisor, a person, agrees the targets and rates them', () => {
  it('only the supervisor on record acts, from their personal inbox; the rating lands on the record', async () => {
    // Dewi (Pemkot Yogyakarta) supervises Sari; she holds no staff role at all.
    const supervisor = ACTORS.dewi;
    const subject = employee('199404042019032004', ORGS.sleman!, { atasanLangsungNip: EMPLOYEES.dewi.nip });
    await directory.putEmployee(subject);
    const worker = { ...ACTORS.sari, userId: 'user-skp', nip: subject.nip };
    const noSupervisor = await api({ method: 'POST', path: '/proposals', as: ACTORS.budi, body: { serviceType: 'SKP', payload: { ...skp.examplePayload, tahun: 2026 } } });
    expect(noSupervisor.status).toBe(422);
    const created = await api({ method: 'POST', path: '/proposals', as: worker, body: { serviceType: 'SKP', payload: { ...skp.examplePayload, tahun: 2026 } } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { id } = created.body;
    await walk(id, [[worker, { action: 'submit', expectedVersion: 1 }]]);
    const inbox = await api({ path: '/inbox', query: { role: 'PEGAWAI' }, as: supervisor });
    expect(inbox.body.items.map((i: { id: string }) => i.id)).toContain(id);
    // The agency's approver, and the worker's colleague, cannot act on it; the supervisor can read it.
    expect((await api({ method: 'POST', path: `/proposals/${id}/transitions`, as: ACTORS.apprSleman, body: { action: 'approve', expectedVersion: 2 } })).status).toBe(403);
    expect((await api({ path: `/proposals/${id}`, as: ACTORS.budi })).status).toBe(404);
    expect((await api({ path: `/proposals/${id}`, as: supervisor })).body.allowedActions.sort()).toEqual(['approve', 'reject', 'return']);
    await walk(id, [
      [supervisor, { action: 'approve', expectedVersion: 2 }],
      [supervisor, { action: 'complete', expectedVersion: 3, output: skp.exampleOutput }],
    ]);
    expect((await directory.getEmployee(subject.nip))!.skp).toEqual([{ tahun: 2026, predikat: 'BAIK' }]);
  });
});
