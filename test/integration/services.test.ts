import { inject } from 'vitest';
import { documentsWorld, referencesFor, uploadRequired, type DocumentsWorld } from '../support/documents';
import { findServiceType } from '../../shared/domain/catalog';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiHandler } from '../../functions/api/app';
import { CalendarRepository } from '../../shared/adapters/dynamo/calendar-repository';
import { DirectoryRepository } from '../../shared/adapters/dynamo/directory-repository';
import { ProposalRepository } from '../../shared/adapters/dynamo/proposal-repository';
import { applyTransition } from '../../shared/domain/proposal/lifecycle';
import { CALENDAR_2026 } from '../../shared/domain/calendar';
import { kenaikanPangkat } from '../../shared/domain/catalog/kenaikan-pangkat';
import { mutasi } from '../../shared/domain/catalog/mutasi';
import { penetapanNiPppk } from '../../shared/domain/catalog/penetapan-ni-pppk';
import { penetapanNip } from '../../shared/domain/catalog/penetapan-nip';
import { pengangkatanPns } from '../../shared/domain/catalog/pengangkatan-pns';
import { pensiun } from '../../shared/domain/catalog/pensiun';
import { skp } from '../../shared/domain/catalog/skp';
import { call, type Handler, type TestRequest } from '../support/api';
import { ACTORS, EMPLOYEES, ORGS, context, employee } from '../support/fixtures';
import { freshTable } from '../support/table';
import { testTrackingLinks } from '../support/tracking-links';
import { noIdentity, seedStaff } from '../support/staff';

/** Services whose completion changes the employee's record, walked through the API on DynamoDB Local. */
let api: (request: TestRequest) => ReturnType<typeof call>;
let directory: DirectoryRepository;
let proposals: ProposalRepository;
let world: DocumentsWorld;

beforeAll(async () => {
  const { doc, tableName } = await freshTable();
  directory = new DirectoryRepository(doc, tableName);
  proposals = new ProposalRepository(doc, tableName);
  for (const org of Object.values(ORGS)) await directory.putOrganisation(org);
  await seedStaff(doc, tableName);
  for (const e of Object.values(EMPLOYEES)) await directory.putEmployee(e);
  await new CalendarRepository(doc, tableName).put(CALENDAR_2026);
  const clock = { now: () => new Date('2026-11-02T02:00:00.000Z') };
  world = documentsWorld({ doc, tableName, clock, endpoint: inject('s3Endpoint') });
  const handler = createApiHandler({ trackingLinks: testTrackingLinks(), identity: noIdentity, documentStore: world.store, doc, tableName, clock }) as unknown as Handler;
  api = (request) => call(handler, request);
});

/**
 * Files a draft as the operator does with its documents: references where the catalog lets them
 * live in a records system, real PDFs uploaded and scanned clean for the rest. Answers the draft
 * as it stands then (its version counts the uploads and verdicts).
 */
async function fileWithDocuments(body: { serviceType: string; nip?: string; payload: unknown }, as = ACTORS.opSleman) {
  const type = findServiceType(body.serviceType)!;
  const created = await api({ method: 'POST', path: '/proposals', as, body: { ...body, documents: referencesFor(type) } });
  if (created.status !== 201) return created;
  await uploadRequired(world, api, as, created.body.id, type);
  return api({ path: `/proposals/${created.body.id}`, as });
}

async function walk(id: string, steps: [typeof ACTORS[keyof typeof ACTORS], Record<string, unknown>][]) {
  let last;
  for (const [as, step] of steps) {
    // The step's version is the proposal's as it stands: uploads and scan verdicts moved it since filing.
    const { version } = (await api({ path: `/proposals/${id}/status`, as })).body as { version: number };
    last = await api({ method: 'POST', path: `/proposals/${id}/transitions`, as, body: { ...step, expectedVersion: version } });
    expect(last.status, JSON.stringify(last.body)).toBe(200);
  }
  return last!;
}

describe('a transfer between agencies (MUTASI)', () => {
  it('both agencies see it and act on their stage; completion moves the employee to the destination', async () => {
    const created = await fileWithDocuments({ serviceType: 'MUTASI', nip: EMPLOYEES.budi.nip, payload: mutasi.examplePayload });
    expect(created.status).toBe(200);
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
    const { body } = await fileWithDocuments({ serviceType: 'MUTASI', nip: cpnsFree.nip, payload: mutasi.examplePayload });
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
    const { body } = await fileWithDocuments({ serviceType: 'KENAIKAN_PANGKAT', nip: EMPLOYEES.sari.nip, payload: kenaikanPangkat.examplePayload });
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
    const { body } = await fileWithDocuments({ serviceType: 'PENGANGKATAN_PNS', nip: cpns.nip, payload: pengangkatanPns.examplePayload });
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
    const { body } = await fileWithDocuments({ serviceType: 'PENSIUN', nip: retiring.nip, payload });
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

describe('a candidate’s number (PENETAPAN_NIP, PENETAPAN_NI_PPPK): completion draws it and creates the record', () => {
  /** Files a candidate's proposal and walks it to APPROVED: PyB at the agency, then the Kanreg. */
  async function approvedCandidate(serviceType: string, payload: unknown) {
    const created = await fileWithDocuments({ serviceType, payload });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    expect(created.body.nip).toBeUndefined();
    await walk(created.body.id, [
      [ACTORS.opSleman, { action: 'submit', expectedVersion: 1 }],
      [ACTORS.apprSleman, { action: 'forward', expectedVersion: 2 }],
      [ACTORS.verKanreg1, { action: 'forward', expectedVersion: 3 }],
      [ACTORS.apprKanreg1, { action: 'approve', expectedVersion: 4 }],
    ]);
    return created.body.id as string;
  }
  const complete = async (id: string, output: unknown) => {
    const { version } = (await api({ path: `/proposals/${id}/status`, as: ACTORS.opSleman })).body as { version: number };
    return api({ method: 'POST', path: `/proposals/${id}/transitions`, as: ACTORS.opSleman, body: { action: 'complete', expectedVersion: version, output } });
  };

  it('the NIP is the birth date, TMT CPNS, sex digit and the first free sequence; the new CPNS is on record and owns the proposal', async () => {
    const id = await approvedCandidate('PENETAPAN_NIP', penetapanNip.examplePayload);
    const done = await complete(id, penetapanNip.exampleOutput);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    // 1999-09-05, TMT 2026-03, female, the first under that prefix.
    expect(done.body.output).toEqual({ ...penetapanNip.exampleOutput, nip: '199909052026032001' });
    expect(done.body.nip).toBe('199909052026032001');
    const record = await api({ path: '/employees/199909052026032001', as: ACTORS.opSleman });
    expect(record.status).toBe(200);
    expect(record.body).toMatchObject({ name: 'Nadia Putri Ramadhani', kind: 'CPNS', agencyId: 'PEMKAB-SLEMAN', tmtCpns: '2026-03-01', pangkat: { golongan: 'III/a', tmt: '2026-03-01' }, version: 1 });
    const mine = await api({ path: '/proposals', query: { nip: '199909052026032001' }, as: ACTORS.opSleman });
    expect(mine.body.items.map((p: { id: string }) => p.id)).toEqual([id]);
  });

  it("until its number is drawn, a candidate's proposal is listed under its agency's candidates, for that agency's and its Kanreg's staff", async () => {
    const candidates = (as: (typeof ACTORS)[keyof typeof ACTORS]) => api({ path: '/proposals', query: { candidatesOf: 'PEMKAB-SLEMAN', limit: '100' }, as });
    const ids = (response: { body: { items: { id: string }[] } }) => response.body.items.map((p) => p.id);
    const id = await approvedCandidate('PENETAPAN_NIP', { ...penetapanNip.examplePayload, nik: '3404014107990002', tanggalLahir: '1999-07-01' });
    expect(ids(await candidates(ACTORS.opSleman))).toContain(id);
    expect(ids(await candidates(ACTORS.verKanreg1))).toContain(id);
    expect((await candidates(ACTORS.opYogya)).status).toBe(404);
    expect((await candidates(ACTORS.sari)).status).toBe(404);
    const both = await api({ path: '/proposals', query: { candidatesOf: 'PEMKAB-SLEMAN', nip: EMPLOYEES.sari.nip }, as: ACTORS.opSleman });
    expect(both.status).toBe(422);

    const done = await complete(id, penetapanNip.exampleOutput);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(ids(await candidates(ACTORS.opSleman))).not.toContain(id);
    expect(ids(await api({ path: '/proposals', query: { nip: done.body.nip }, as: ACTORS.opSleman }))).toEqual([id]);
  });

  it('completions raced in parallel under one prefix each get their own number, passing over one already on record', async () => {
    // 1995-01-15, TMT 2026-02, male: 199501152026021001 is already someone's (loaded before the counter existed).
    await directory.putEmployee(employee('199501152026021001', ORGS.sleman!));
    const payload = { ...penetapanNip.examplePayload, tanggalLahir: '1995-01-15', tmtCpns: '2026-02-01', jenisKelamin: 'M' };
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push(await approvedCandidate('PENETAPAN_NIP', { ...payload, nama: `Calon ${i}`, nik: `340401150195000${i}` }));
    const answers = await Promise.all(ids.map((id) => complete(id, penetapanNip.exampleOutput)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    const numbers = answers.map((a) => a.body.output.nip as string).sort();
    expect(numbers).toEqual(['199501152026021002', '199501152026021003', '199501152026021004', '199501152026021005', '199501152026021006']);
    for (const [index, answer] of answers.entries()) expect((await directory.getEmployee(answer.body.output.nip))?.name).toBe(`Calon ${index}`);
    expect(await proposals.numberCounter('199501152026021')).toBe(6);
  });

  it('the NI PPPK carries the birth date, the appointment year, the intake digits and the sex digit', async () => {
    const id = await approvedCandidate('PENETAPAN_NI_PPPK', penetapanNiPppk.examplePayload);
    const done = await complete(id, penetapanNiPppk.exampleOutput);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.output.niPppk).toBe('199304122026211001');
    expect(await directory.getEmployee('199304122026211001')).toMatchObject({ kind: 'PPPK', pangkat: { golongan: 'IX', tmt: '2026-04-01' }, timeZone: 'Asia/Jakarta' });
  });

  it('a candidate no valid number can carry is refused at filing with the field named, and nothing is written', async () => {
    const future = await api({ method: 'POST', path: '/proposals', as: ACTORS.opSleman, body: { serviceType: 'PENETAPAN_NIP', payload: { ...penetapanNip.examplePayload, tanggalLahir: '2027-01-01' } } });
    expect(future.status).toBe(422);
    expect(future.body.errors.map((e: { path: string }) => e.path)).toContain('payload.tanggalLahir');
    const young = await api({ method: 'POST', path: '/proposals', as: ACTORS.opSleman, body: { serviceType: 'PENETAPAN_NIP', payload: { ...penetapanNip.examplePayload, tanggalLahir: '2008-03-02' } } });
    expect(young.status).toBe(422);
    expect(young.body.errors[0]).toMatchObject({ path: 'payload.tmtCpns' });
    expect(young.body.errors[0].message).toContain('18th birthday');
    // A candidate has no number: naming one is a mistake, and only the agency's operator files.
    const withNip = await api({ method: 'POST', path: '/proposals', as: ACTORS.opSleman, body: { serviceType: 'PENETAPAN_NIP', nip: EMPLOYEES.budi.nip, payload: penetapanNip.examplePayload } });
    expect(withNip.status).toBe(422);
    const asEmployee = await api({ method: 'POST', path: '/proposals', as: ACTORS.budi, body: { serviceType: 'PENETAPAN_NIP', payload: penetapanNip.examplePayload } });
    expect(asEmployee.status).toBe(403);
  });
});
