import { beforeAll, describe, expect, it } from 'vitest';
import { createApiHandler } from '../../functions/api/app';
import { CalendarRepository } from '../../shared/adapters/dynamo/calendar-repository';
import { DirectoryRepository } from '../../shared/adapters/dynamo/directory-repository';
import { CALENDAR_2026 } from '../../shared/domain/calendar';
import { findServiceType } from '../../shared/domain/catalog';
import { pengangkatanPns } from '../../shared/domain/catalog/pengangkatan-pns';
import type { EligibilityRow } from '../../shared/domain/eligibility';
import type { Employee } from '../../shared/domain/employees';
import { call, type Handler, type TestRequest, type TestResponse } from '../support/api';
import { checkAnswer } from '../support/contract';
import { referencesFor, testDocumentStore } from '../support/documents';
import { ACTORS, EMPLOYEES, ORGS, employee } from '../support/fixtures';
import { noIdentity, seedStaff } from '../support/staff';
import { freshTable } from '../support/table';
import { testTrackingLinks } from '../support/tracking-links';

/**
 * The eligibility lists through the API on DynamoDB Local, with the fixtures' clock: Monday
 * 2 November 2026, 09:00 WIB, inside the February 2027 promotion window (1 November to
 * 31 December). A dozen and more employees of Pemkab Sleman of every kind of case; then what each
 * row says is what filing its payload answers: eligible rows are filed and submitted, the others
 * refused with the very issues the list gave.
 */
const NOW = '2026-11-02T02:00:00.000Z';
const SLEMAN = ORGS.sleman!;
const FEBRUARY = '2027-02-01';
const RATED = [{ tahun: 2025, predikat: 'BAIK' }, { tahun: 2026, predikat: 'SANGAT_BAIK' }];
const address = { jalan: 'Jl. Magelang Km 10', kelurahan: 'Tridadi', kecamatan: 'Sleman', kabupatenKota: 'Kabupaten Sleman', provinsi: 'DI Yogyakarta', kodePos: '55511' };

const person = (nip: string, name: string, overrides: Partial<Employee>): Employee => employee(nip, SLEMAN, { name, skp: RATED, ...overrides });
/** Pemkab Sleman's employees beside the fixtures' Sari and Budi (PNS, III/b since 2022-04-01, no SKP on record). */
const STAFF = {
  eligible: person('198503142010031011', 'Andi Wijaya', { pangkat: { golongan: 'III/b', tmt: '2022-04-01' } }),
  exactlyFour: person('198602202011032012', 'Ratna Sari', { pangkat: { golongan: 'III/a', tmt: '2023-02-01' } }),
  olderRatings: person('197807152003121013', 'Bambang Hadi', { pangkat: { golongan: 'II/b', tmt: '2018-04-01' }, skp: [{ tahun: 2024, predikat: 'BAIK' }, { tahun: 2025, predikat: 'BAIK' }] }),
  dayShort: person('198709092012031014', 'Yuni Astuti', { pangkat: { golongan: 'III/c', tmt: '2023-02-02' } }),
  recentRank: person('198811112013032015', 'Dedi Kurniawan', { pangkat: { golongan: 'II/d', tmt: '2024-10-01' } }),
  lowRating: person('197905052005011016', 'Siti Aminah', { pangkat: { golongan: 'IV/a', tmt: '2020-10-01' }, skp: [{ tahun: 2025, predikat: 'BUTUH_PERBAIKAN' }, { tahun: 2026, predikat: 'BAIK' }] }),
  oneRating: person('198012122006041017', 'Hendra Gunawan', { pangkat: { golongan: 'III/d', tmt: '2019-04-01' }, skp: [{ tahun: 2026, predikat: 'BAIK' }] }),
  noRank: person('198304042009012018', 'Wulan Dari', { pangkat: undefined }),
  topRank: person('197101011996031019', 'Sutrisno', { pangkat: { golongan: 'IV/e', tmt: '2015-04-01' } }),
  retired: person('196509091990031020', 'Mulyono', { pangkat: { golongan: 'III/d', tmt: '2010-04-01' }, status: 'PENSIUN', retirementDate: '2023-10-01' }),
  // Not PNS: on the CPNS list, not the promotion list.
  cpnsDue: person('199702142025011021', 'Fajar Nugroho', { kind: 'CPNS', pangkat: { golongan: 'III/a', tmt: '2025-01-01' }, tmtCpns: '2025-01-01', skp: undefined }),
  cpnsRecent: person('199904222026032022', 'Laras Ayu', { kind: 'CPNS', pangkat: { golongan: 'III/a', tmt: '2026-03-01' }, tmtCpns: '2026-03-01', skp: undefined }),
  // Reaching BUP (58 in an administrative position) within 12 months: TMT pensiun 2027-04-01 and 2027-06-01.
  bupSoon: person('196903101994031023', 'Suharto', { pangkat: { golongan: 'III/d', tmt: '2014-04-01' }, jabatan: 'Pengadministrasi Perkantoran', address }),
  pppkBup: person('196905202021211024', 'Parjiyem', { kind: 'PPPK', pangkat: { golongan: 'VII', tmt: '2021-12-01' }, jabatan: 'Pengadministrasi Perkantoran', skp: undefined }),
} satisfies Record<string, Employee>;

let api: (request: TestRequest) => Promise<TestResponse>;

beforeAll(async () => {
  const { doc, tableName } = await freshTable();
  const directory = new DirectoryRepository(doc, tableName);
  for (const org of Object.values(ORGS)) await directory.putOrganisation(org);
  await seedStaff(doc, tableName);
  for (const e of [...Object.values(EMPLOYEES), ...Object.values(STAFF)]) await directory.putEmployee(e);
  await new CalendarRepository(doc, tableName).put(CALENDAR_2026);
  const handler = createApiHandler({ trackingLinks: testTrackingLinks(), identity: noIdentity, documentStore: testDocumentStore(), doc, tableName, clock: { now: () => new Date(NOW) } }) as unknown as Handler;
  // Every answer is held to the OpenAPI document.
  api = async (request) => {
    const answer = await call(handler, request);
    const query = new URLSearchParams(request.query ?? {}).toString();
    checkAnswer({ method: request.method ?? 'GET', path: `${request.path}${query ? `?${query}` : ''}`, status: answer.status, headers: answer.headers, text: answer.text });
    return answer;
  };
});

const listPath = (serviceType: string, org = SLEMAN.id) => `/organisations/${org}/eligibility/${serviceType}`;

/** Every row of a list, following the cursor: small pages, so paging is part of what is checked. */
async function wholeList(serviceType: string, query: Record<string, string> = {}, as = ACTORS.opSleman): Promise<EligibilityRow[]> {
  const rows: EligibilityRow[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await api({ path: listPath(serviceType), as, query: { ...query, limit: '4', ...(cursor ? { cursor } : {}) } });
    expect(page.status, page.text).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    rows.push(...(page.body.items as EligibilityRow[]));
    cursor = page.body.nextCursor ?? undefined;
    pages += 1;
  } while (cursor);
  expect(pages).toBeGreaterThan(1);
  return rows;
}

const byNip = (rows: EligibilityRow[]) => new Map(rows.map((row) => [row.nip, row]));
const nipsOf = (...people: Employee[]) => people.map((p) => p.nip).sort();

/** Files a row's payload as the operator would (the fields left to type, typed), then submits it. */
async function file(serviceType: string, row: EligibilityRow, typed: Record<string, unknown> = {}) {
  const type = findServiceType(serviceType)!;
  return api({ method: 'POST', path: '/proposals', as: ACTORS.opSleman, body: { serviceType, nip: row.nip, payload: { ...(row.payload as object), ...typed }, documents: referencesFor(type) } });
}

describe('the February 2027 promotion list of Pemkab Sleman', () => {
  let rows: EligibilityRow[];
  beforeAll(async () => {
    rows = await wholeList('KENAIKAN_PANGKAT', { periode: FEBRUARY });
  });

  it('is the agency’s active PNS, by NIP; not its CPNS, PPPK or retired', () => {
    const pns = [EMPLOYEES.sari, EMPLOYEES.budi, STAFF.eligible, STAFF.exactlyFour, STAFF.olderRatings, STAFF.dayShort, STAFF.recentRank, STAFF.lowRating, STAFF.oneRating, STAFF.noRank, STAFF.topRank, STAFF.bupSoon];
    expect(rows.map((r) => r.nip)).toEqual(nipsOf(...pns));
  });

  it('says who is eligible, and for the others what is short, in the filing rules’ words', () => {
    const row = byNip(rows);
    expect(rows.filter((r) => r.eligible).map((r) => r.nip).sort()).toEqual(nipsOf(STAFF.eligible, STAFF.exactlyFour, STAFF.olderRatings, STAFF.bupSoon));
    expect(row.get(STAFF.eligible.nip)).toMatchObject({ name: 'Andi Wijaya', golongan: 'III/b', toFill: [], payload: { golonganSaatIni: 'III/b', golonganUsulan: 'III/c', tmtGolonganSaatIni: '2022-04-01', periode: FEBRUARY, predikatSkp: RATED } });
    expect(row.get(STAFF.dayShort.nip)!.issues).toEqual([expect.objectContaining({ path: 'payload.periode', message: expect.stringContaining('1 day short; eligible from 2027-02-02') })]);
    expect(row.get(STAFF.recentRank.nip)!.issues[0]!.message).toContain('1 year 8 months short');
    expect(row.get(STAFF.lowRating.nip)!.issues).toEqual([{ path: 'payload.predikatSkp', message: 'a regular promotion needs an SKP rating of at least BAIK in each of the last two years; 2025 is rated BUTUH_PERBAIKAN' }]);
    // What the record lacks: no payload to file.
    for (const [who, path] of [[STAFF.oneRating, 'employee.skp'], [STAFF.noRank, 'employee.pangkat'], [STAFF.topRank, 'employee.pangkat.golongan'], [EMPLOYEES.sari, 'employee.skp']] as const) {
      expect(row.get(who.nip), who.name).toMatchObject({ eligible: false, issues: [{ path }], toFill: [] });
      expect(row.get(who.nip)!.payload).toBeUndefined();
    }
  });

  it('only=eligible and only=not-eligible split it', async () => {
    const eligible = await wholeList('KENAIKAN_PANGKAT', { periode: FEBRUARY, only: 'eligible' });
    const others = await wholeList('KENAIKAN_PANGKAT', { periode: FEBRUARY, only: 'not-eligible' });
    expect(eligible).toEqual(rows.filter((r) => r.eligible));
    expect(others).toEqual(rows.filter((r) => !r.eligible));
  });

  it('every eligible row, filed as it stands, is taken and passes submit', async () => {
    const eligible = rows.filter((r) => r.eligible);
    expect(eligible.length).toBe(4);
    for (const row of eligible) {
      const created = await file('KENAIKAN_PANGKAT', row);
      expect(created.status, `${row.name}: ${created.text}`).toBe(201);
      const submitted = await api({ method: 'POST', path: `/proposals/${created.body.id}/transitions`, as: ACTORS.opSleman, body: { action: 'submit', expectedVersion: created.body.version } });
      expect(submitted.status, `${row.name}: ${submitted.text}`).toBe(200);
      expect(submitted.body).toMatchObject({ status: 'IN_PROGRESS', stage: { code: 'PERSETUJUAN_PYB' } });
    }
  });

  it('every other row with a payload is refused with 422 and the very issues the list gave (filing runs the rules submit runs)', async () => {
    const refused = rows.filter((r) => !r.eligible && r.payload !== undefined);
    expect(refused.map((r) => r.nip).sort()).toEqual(nipsOf(STAFF.dayShort, STAFF.recentRank, STAFF.lowRating));
    for (const row of refused) {
      const answer = await file('KENAIKAN_PANGKAT', row);
      expect(answer.status, row.name).toBe(422);
      expect(answer.body.code).toBe('EMPLOYEE_NOT_ELIGIBLE');
      expect(answer.body.errors).toEqual(row.issues);
    }
  });

  it('for a period whose window is not open, every row says so, as filing would', async () => {
    const june = await wholeList('KENAIKAN_PANGKAT', { periode: '2027-06-01', only: 'not-eligible' });
    const row = june.find((r) => r.nip === STAFF.eligible.nip)!;
    expect(row.issues.map((i) => i.message)).toEqual(['the submission window for the period 2027-06-01 is 2027-03-01 to 2027-04-30, not open on 2026-11-02; the open window is for the period 2027-02-01, until 2026-12-31']);
    const answer = await file('KENAIKAN_PANGKAT', row);
    expect(answer.body.errors).toEqual(row.issues);
  });
});

describe('the BUP pension list and the CPNS appointment list', () => {
  it('lists who reaches BUP within 12 months: filing the eligible row is taken, the other is refused with the list’s issues', async () => {
    const rows = await wholeList('PENSIUN');
    expect(rows.map((r) => r.nip)).toEqual(nipsOf(STAFF.bupSoon, STAFF.pppkBup));
    const [soon, pppk] = [STAFF.bupSoon, STAFF.pppkBup].map((who) => rows.find((r) => r.nip === who.nip)!);
    expect(soon).toMatchObject({ eligible: true, toFill: [], payload: { jenisPensiun: 'BUP', tmtPensiun: '2027-04-01', alamatSetelahPensiun: 'Jl. Magelang Km 10, Tridadi, Sleman, Kabupaten Sleman, DI Yogyakarta 55511' } });
    expect((await file('PENSIUN', soon!)).status).toBe(201);
    // No address on record: the operator types it, and the rules still refuse a PPPK.
    expect(pppk).toMatchObject({ eligible: false, toFill: ['alamatSetelahPensiun'], payload: { tmtPensiun: '2027-06-01' } });
    const refused = await file('PENSIUN', pppk!, { alamatSetelahPensiun: 'Jl. Kaliurang Km 7, Sleman' });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual(pppk!.issues);
  });

  it('lists the CPNS: one past the probation year is taken once the decree, LATSAR and health statement are typed; the other is refused with the list’s issue', async () => {
    const rows = await wholeList('PENGANGKATAN_PNS');
    expect(rows.map((r) => r.nip)).toEqual(nipsOf(STAFF.cpnsDue, STAFF.cpnsRecent));
    const [due, recent] = [STAFF.cpnsDue, STAFF.cpnsRecent].map((who) => rows.find((r) => r.nip === who.nip)!);
    const { tmtCpns: _tmt, ...typed } = pengangkatanPns.examplePayload;
    expect(due).toMatchObject({ eligible: true, payload: { tmtCpns: '2025-01-01' }, toFill: Object.keys(typed) });
    expect((await file('PENGANGKATAN_PNS', due!, typed)).status).toBe(201);
    expect(recent!.issues.map((i) => i.message)).toEqual(['the probation of 1 year from TMT CPNS 2026-03-01 (PP 11/2017 art. 34) is not over on 2026-11-02; the first eligible date is 2027-03-01']);
    const refused = await file('PENGANGKATAN_PNS', recent!, { ...typed, tanggalSertifikatLatsar: '2026-09-26' });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual(recent!.issues);
  });
});

describe('who may ask, and for what', () => {
  const ask = (as: typeof ACTORS[keyof typeof ACTORS], serviceType = 'KENAIKAN_PANGKAT', query: Record<string, string> = { periode: FEBRUARY }, org = SLEMAN.id) => api({ path: listPath(serviceType, org), as, query });

  it('the agency’s staff and those covering it read it; its employees and other agencies’ staff get 404', async () => {
    for (const who of [ACTORS.opSleman, ACTORS.verSleman, ACTORS.apprSleman, ACTORS.adminSleman, ACTORS.verKanreg1, ACTORS.auditor, ACTORS.adminBkn]) expect((await ask(who)).status, who.username).toBe(200);
    for (const who of [ACTORS.sari, ACTORS.budi, ACTORS.dewi, ACTORS.opYogya, ACTORS.verKanreg8, ACTORS.auditorKanreg8]) {
      const answer = await ask(who);
      expect({ who: who.username, status: answer.status, code: answer.body.code }).toEqual({ who: who.username, status: 404, code: 'NOT_FOUND' });
    }
  });

  it('a service without a list, an unknown one, an unknown agency or a BKN office is a 404', async () => {
    for (const [serviceType, org] of [['CUTI', SLEMAN.id], ['TIDAK_ADA', SLEMAN.id], ['kenaikan-pangkat', SLEMAN.id], ['KENAIKAN_PANGKAT', 'PEMKAB-ATLANTIS'], ['KENAIKAN_PANGKAT', 'KANREG-I']] as const) {
      const answer = await ask(ACTORS.adminBkn, serviceType, { periode: FEBRUARY }, org);
      expect({ serviceType, org, status: answer.status, code: answer.body.code }).toEqual({ serviceType, org, status: 404, code: 'NOT_FOUND' });
    }
  });

  it('a bad query is a 422 naming the parameter; a forged cursor a 400', async () => {
    const problems = async (query: Record<string, string>, serviceType = 'KENAIKAN_PANGKAT') => {
      const answer = await ask(ACTORS.opSleman, serviceType, query);
      expect(answer.status).toBe(422);
      return answer.body.errors.map((e: { path: string }) => e.path);
    };
    expect(await problems({})).toEqual(['query.periode']);
    expect(await problems({ periode: '2027-03-01' })).toEqual(['query.periode']);
    expect(await problems({ periode: FEBRUARY, only: 'some' })).toEqual(['query.only']);
    expect(await problems({ periode: FEBRUARY, limit: '101' })).toEqual(['query.limit']);
    expect(await problems({ periode: FEBRUARY }, 'PENSIUN')).toEqual(['query']);
    const forged = await ask(ACTORS.opSleman, 'KENAIKAN_PANGKAT', { periode: FEBRUARY, cursor: Buffer.from(JSON.stringify({ pk: 'EMPLOYEE#1', sk: 'PROFILE', gsi1pk: 'EMPLOYEES#PEMKOT-YOGYAKARTA', gsi1sk: '1' })).toString('base64url') });
    expect({ status: forged.status, code: forged.body.code }).toEqual({ status: 400, code: 'INVALID_CURSOR' });
  });
});
