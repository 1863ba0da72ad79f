import { describe, expect, it } from 'vitest';
import { Calendars } from '../../shared/domain/calendar';
import { findServiceType } from '../../shared/domain/catalog';
import { kenaikanPangkat, kenaikanPangkatPayloadSchema } from '../../shared/domain/catalog/kenaikan-pangkat';
import { pengangkatanPns } from '../../shared/domain/catalog/pengangkatan-pns';
import { pensiun, pensiunPayloadSchema } from '../../shared/domain/catalog/pensiun';
import type { FilingContext } from '../../shared/domain/catalog/types';
import { eligibilityQuery, eligibilityRow, hasEligibilityList, keepsRow, type EligibilityRow, type ListedService } from '../../shared/domain/eligibility';
import type { Employee } from '../../shared/domain/employees';
import { DomainError } from '../../shared/domain/errors';
import { defaultWindows } from '../../shared/domain/sla/windows';
import { employee, ORGS } from '../support/fixtures';

/** 09:00 WIB on Monday 2 November 2026: the February 2027 window (1 November to 31 December) is open. */
const TODAY = '2026-11-02';
const WINDOWS = [...defaultWindows(2026), ...defaultWindows(2027)];
const ctxFor = (who: Employee, today = TODAY): FilingContext => ({ employee: who, today, now: `${today}T02:00:00.000Z`, calendars: new Calendars([]), windows: WINDOWS });
const listed = (code: string): ListedService => {
  const type = findServiceType(code);
  if (!hasEligibilityList(type)) throw new Error(`${code} has no list`);
  return type;
};
const KP = listed('KENAIKAN_PANGKAT');
const PENSIUN = listed('PENSIUN');
const PNS = listed('PENGANGKATAN_PNS');
const rowOf = (type: ListedService, who: Employee, query: Record<string, unknown> = {}, today = TODAY) => eligibilityRow(type, who, eligibilityQuery(type, query), ctxFor(who, today));
const FEBRUARY = { periode: '2027-02-01' };
const RATED = [{ tahun: 2025, predikat: 'BAIK' }, { tahun: 2026, predikat: 'SANGAT_BAIK' }];
const pns = (overrides: Partial<Employee> = {}) => employee('199001012015032001', ORGS.sleman!, { pangkat: { golongan: 'III/b', tmt: '2022-04-01' }, skp: RATED, ...overrides });
const messages = (row: EligibilityRow | undefined) => row!.issues.map((i) => i.message);

describe('the lists the catalog has', () => {
  it('are those of KENAIKAN_PANGKAT, PENSIUN and PENGANGKATAN_PNS, each with names, a description and its rules’ sources', () => {
    const withList = ['CUTI', 'KENAIKAN_PANGKAT', 'MUTASI', 'PENSIUN', 'PENGANGKATAN_PNS', 'SKP', 'PENETAPAN_NIP'].filter((code) => hasEligibilityList(findServiceType(code)));
    expect(withList).toEqual(['KENAIKAN_PANGKAT', 'PENSIUN', 'PENGANGKATAN_PNS']);
    for (const type of [KP, PENSIUN, PNS]) {
      expect(type.eligibility.names.id).toMatch(/^Daftar nominatif/);
      expect(type.eligibility.sources.join(' ')).toMatch(/PP \d+\/\d{4} art\. \d+/);
      // What is left to type is a field of the payload, and one the record may lack.
      const fields = Object.keys((type.payloadSchema as unknown as { shape: object }).shape);
      expect(fields.length).toBeGreaterThan(0);
      for (const field of type.eligibility.toFill) expect(fields).toContain(field);
    }
  });
});

describe('KENAIKAN_PANGKAT: the regular promotion list for a period', () => {
  it('lists an eligible PNS with the payload the record gives, which passes the filing rules and the schema as it is', () => {
    const row = rowOf(KP, pns(), FEBRUARY);
    expect(row).toEqual({
      nip: '199001012015032001', name: 'Pegawai 001', golongan: 'III/b', eligible: true, issues: [], toFill: [],
      payload: { jenisKenaikanPangkat: 'REGULER', golonganSaatIni: 'III/b', golonganUsulan: 'III/c', tmtGolonganSaatIni: '2022-04-01', periode: '2027-02-01', predikatSkp: RATED },
    });
    expect(kenaikanPangkatPayloadSchema.safeParse(row!.payload).success).toBe(true);
    // The same payload as the catalog's example, for the same record.
    expect(row!.payload).toEqual(kenaikanPangkat.examplePayload);
  });

  it('says who is not yet eligible with the shortfall the filing rule names, word for word', () => {
    const recent = pns({ pangkat: { golongan: 'III/b', tmt: '2024-10-01' } });
    const row = rowOf(KP, recent, FEBRUARY)!;
    expect(row.eligible).toBe(false);
    expect(row.issues).toEqual(kenaikanPangkat.checkFiling!(kenaikanPangkatPayloadSchema.parse(row.payload), ctxFor(recent)));
    expect(row.issues.map((i) => i.path)).toEqual(['payload.periode']);
    expect(messages(row)[0]).toContain('1 year 8 months short; eligible from 2028-10-01');
    // The row still carries the payload: the operator sees what would be filed.
    expect(row.payload).toMatchObject({ golonganSaatIni: 'III/b', tmtGolonganSaatIni: '2024-10-01' });
  });

  it('is eligible with exactly four years on the period date and not a day short of it', () => {
    expect(rowOf(KP, pns({ pangkat: { golongan: 'III/b', tmt: '2023-02-01' } }), FEBRUARY)!.eligible).toBe(true);
    expect(messages(rowOf(KP, pns({ pangkat: { golongan: 'III/b', tmt: '2023-02-02' } }), FEBRUARY))[0]).toContain('1 day short');
  });

  it('refuses a rating below BAIK in the last two years (PP 99/2000 art. 7), at filing as on the list', () => {
    const row = rowOf(KP, pns({ skp: [{ tahun: 2025, predikat: 'BUTUH_PERBAIKAN' }, { tahun: 2026, predikat: 'BAIK' }] }), FEBRUARY)!;
    expect(row.eligible).toBe(false);
    expect(messages(row)).toEqual(['a regular promotion needs an SKP rating of at least BAIK in each of the last two years; 2025 is rated BUTUH_PERBAIKAN']);
  });

  it('takes the latest two years of ratings on record, oldest first, the last entry of a year recorded twice', () => {
    const skp = [{ tahun: 2026, predikat: 'BAIK' }, { tahun: 2023, predikat: 'KURANG' }, { tahun: 2025, predikat: 'KURANG' }, { tahun: 2025, predikat: 'SANGAT_BAIK' }];
    expect(rowOf(KP, pns({ skp }), FEBRUARY)).toMatchObject({ eligible: true, payload: { predikatSkp: [{ tahun: 2025, predikat: 'SANGAT_BAIK' }, { tahun: 2026, predikat: 'BAIK' }] } });
  });

  it('names outside its window what the filing rule says about the window', () => {
    const row = rowOf(KP, pns(), { periode: '2027-06-01' })!;
    expect(row.eligible).toBe(false);
    expect(messages(row)).toEqual(['the submission window for the period 2027-06-01 is 2027-03-01 to 2027-04-30, not open on 2026-11-02; the open window is for the period 2027-02-01, until 2026-12-31']);
  });

  it('says what the record lacks instead of guessing: no rank, too few ratings, the highest rank', () => {
    const noRank = rowOf(KP, pns({ pangkat: undefined }), FEBRUARY)!;
    expect(noRank).toMatchObject({ eligible: false, toFill: [] });
    expect(noRank.payload).toBeUndefined();
    expect(noRank.issues.map((i) => i.path)).toEqual(['employee.pangkat']);
    expect(messages(rowOf(KP, pns({ skp: [{ tahun: 2026, predikat: 'BAIK' }] }), FEBRUARY))).toEqual(['a promotion names the SKP ratings of the last two years; the record has only 2026']);
    expect(messages(rowOf(KP, pns({ skp: undefined }), FEBRUARY))).toEqual(['a promotion names the SKP ratings of the last two years; the record has none']);
    expect(messages(rowOf(KP, pns({ pangkat: { golongan: 'IV/e', tmt: '2010-04-01' } }), FEBRUARY))).toEqual(['IV/e is the highest golongan: there is no rank above it']);
    expect(rowOf(KP, pns({ pangkat: { golongan: 'IX', tmt: '2020-04-01' }, skp: undefined }), FEBRUARY)!.issues.map((i) => i.path)).toEqual(['employee.pangkat.golongan', 'employee.skp']);
  });

  it('names a rating on record that is not one the payload takes, as filing would', () => {
    const row = rowOf(KP, pns({ skp: [{ tahun: 2025, predikat: 'Baik' }, { tahun: 2026, predikat: 'BAIK' }] }), FEBRUARY)!;
    expect(row.eligible).toBe(false);
    expect(row.issues.map((i) => i.path)).toEqual(['payload.predikatSkp.0.predikat']);
  });

  it('is a list of PNS: CPNS, PPPK and the retired are not on it', () => {
    expect(rowOf(KP, pns({ kind: 'CPNS' }), FEBRUARY)).toBeUndefined();
    expect(rowOf(KP, pns({ kind: 'PPPK' }), FEBRUARY)).toBeUndefined();
    expect(rowOf(KP, pns({ status: 'PENSIUN', retirementDate: '2026-10-01' }), FEBRUARY)).toBeUndefined();
  });

  it('needs its period, one of the six of a year', () => {
    const refused = (query: Record<string, unknown>) => {
      try {
        eligibilityQuery(KP, query);
      } catch (error) {
        return (error as DomainError).issues;
      }
      throw new Error('taken');
    };
    expect(refused({})).toEqual([{ path: 'query.periode', message: 'periode is required: the promotion period, e.g. 2027-02-01' }]);
    expect(refused({ periode: '2027-03-01' })).toEqual([{ path: 'query.periode', message: 'periode must be the 1st of February, April, June, August, October or December' }]);
    expect(refused({ periode: '2027-02-30' })[0]!.path).toBe('query.periode');
    expect(refused({ ...FEBRUARY, tahun: '2027' })[0]!.path).toBe('query');
    expect(eligibilityQuery(KP, FEBRUARY)).toEqual(FEBRUARY);
  });
});

describe('PENSIUN: who reaches BUP within 12 months', () => {
  // Born September 1968 in an administrative position: BUP 58, TMT pensiun 2026-10-01, past on 2 November 2026.
  const late = (overrides: Partial<Employee> = {}) => employee('196809171993031001', ORGS.sleman!, { jabatan: 'Pengadministrasi Perkantoran', ...overrides });
  // Born March 1969: TMT 2027-04-01, filing open since 2026-04-01.
  const soon = (overrides: Partial<Employee> = {}) => employee('196903101994031002', ORGS.sleman!, { jabatan: 'Pengadministrasi Perkantoran', ...overrides });
  const address = { jalan: 'Jl. Kaliurang Km 5 No. 12', kelurahan: 'Caturtunggal', kecamatan: 'Depok', kabupatenKota: 'Kabupaten Sleman', provinsi: 'DI Yogyakarta', kodePos: '55281' };

  it('lists one whose TMT pensiun is within 12 months, eligible, with the BUP payload and the address on record', () => {
    const row = rowOf(PENSIUN, soon({ address }))!;
    expect(row).toMatchObject({ eligible: true, issues: [], toFill: [] });
    expect(row.payload).toEqual({ jenisPensiun: 'BUP', tmtPensiun: '2027-04-01', alamatSetelahPensiun: 'Jl. Kaliurang Km 5 No. 12, Caturtunggal, Depok, Kabupaten Sleman, DI Yogyakarta 55281' });
    expect(pensiunPayloadSchema.safeParse(row.payload).success).toBe(true);
  });

  it('lists one already past BUP with no pension on record (late), and leaves out whoever is retired', () => {
    expect(rowOf(PENSIUN, late())).toMatchObject({ eligible: true, payload: { tmtPensiun: '2026-10-01' } });
    expect(rowOf(PENSIUN, late({ status: 'PENSIUN', retirementDate: '2026-10-01' }))).toBeUndefined();
  });

  it('leaves out one whose filing opens after today: TMT 2028-01-01 opens on 2027-01-01', () => {
    const december = employee('196912101994031003', ORGS.sleman!, { jabatan: 'Pengadministrasi Perkantoran' });
    expect(rowOf(PENSIUN, december)).toBeUndefined();
    expect(rowOf(PENSIUN, december, {}, '2027-01-01')).toMatchObject({ eligible: true, payload: { tmtPensiun: '2028-01-01' } });
  });

  it('takes the age by position: an ahli madya born March 1967 reaches BUP 60 in 2027', () => {
    const madya = employee('196703101994031004', ORGS.sleman!, { jabatan: 'Analis Kebijakan Ahli Madya' });
    expect(rowOf(PENSIUN, madya)).toMatchObject({ eligible: true, payload: { tmtPensiun: '2027-04-01' } });
    // The same person in an administrative position reached 58 in 2025: listed, late.
    expect(rowOf(PENSIUN, employee('196703101994031004', ORGS.sleman!, { jabatan: 'Pengadministrasi Perkantoran' }))).toMatchObject({ payload: { tmtPensiun: '2025-04-01' } });
  });

  it('leaves the address to type when the record has none, and pre-fills the spouse only as heir', () => {
    const family = [
      { nama: 'Sulastri', hubungan: 'ISTRI' as const, tanggalLahir: '1971-02-11' },
      { nama: 'Bayu', hubungan: 'ANAK' as const, tanggalLahir: '2001-06-01' },
    ];
    const row = rowOf(PENSIUN, soon({ family }))!;
    expect(row).toMatchObject({ eligible: true, toFill: ['alamatSetelahPensiun'] });
    expect(row.payload).toEqual({ jenisPensiun: 'BUP', tmtPensiun: '2027-04-01', ahliWaris: [family[0]] });
  });

  it('lists a PPPK reaching the age as not eligible, with the rule’s reason', () => {
    const row = rowOf(PENSIUN, soon({ kind: 'PPPK' }))!;
    expect(row.eligible).toBe(false);
    expect(row.issues).toEqual([{ path: 'employee.kind', message: 'a pension is for a PNS; this employee is PPPK' }]);
    expect(row.issues).toEqual(pensiun.checkFiling!(row.payload as never, ctxFor(soon({ kind: 'PPPK' }))));
  });

  it('takes no query parameters', () => {
    expect(() => eligibilityQuery(PENSIUN, FEBRUARY)).toThrow(DomainError);
  });
});

describe('PENGANGKATAN_PNS: CPNS past their probation year', () => {
  const cpns = (overrides: Partial<Employee> = {}) => employee('199811052025011002', ORGS.sleman!, { kind: 'CPNS', tmtCpns: '2025-01-01', ...overrides });
  const TO_TYPE = ['nomorSkCpns', 'nomorSertifikatLatsar', 'tanggalSertifikatLatsar', 'nomorSuratKeteranganSehat', 'tanggalSuratKeteranganSehat'];

  it('lists a CPNS a year past TMT CPNS as eligible, with the decree, LATSAR and health statement to type', () => {
    expect(rowOf(PNS, cpns())).toEqual({ nip: '199811052025011002', name: 'Pegawai 002', golongan: 'III/b', eligible: true, issues: [], payload: { tmtCpns: '2025-01-01' }, toFill: TO_TYPE });
  });

  it('says who has not served the year yet, and from when they can be appointed', () => {
    const recent = cpns({ tmtCpns: '2026-03-01' });
    const row = rowOf(PNS, recent)!;
    expect(row.eligible).toBe(false);
    expect(messages(row)).toEqual(['the probation of 1 year from TMT CPNS 2026-03-01 (PP 11/2017 art. 34) is not over on 2026-11-02; the first eligible date is 2027-03-01']);
    expect(row.issues).toEqual(pengangkatanPns.checkFiling!(row.payload as never, ctxFor(recent)));
  });

  it('reads the TMT CPNS the NIP encodes when the record has none, and says so when neither has it', () => {
    expect(rowOf(PNS, cpns({ tmtCpns: undefined }))).toMatchObject({ eligible: true, payload: { tmtCpns: '2025-01-01' } });
    const noDate = employee('199811052025001002', ORGS.sleman!, { kind: 'CPNS' });
    expect(rowOf(PNS, noDate)).toMatchObject({ eligible: false, issues: [{ path: 'employee.tmtCpns' }], toFill: [] });
  });

  it('is a list of CPNS only', () => {
    expect(rowOf(PNS, cpns({ kind: 'PNS' }))).toBeUndefined();
    expect(rowOf(PNS, cpns({ kind: 'PPPK' }))).toBeUndefined();
  });
});

describe('only=', () => {
  it('keeps all rows, the eligible ones, or the others', () => {
    const yes = rowOf(KP, pns(), FEBRUARY)!;
    const no = rowOf(KP, pns({ skp: undefined }), FEBRUARY)!;
    expect([yes, no].filter((r) => keepsRow(r, 'all'))).toEqual([yes, no]);
    expect([yes, no].filter((r) => keepsRow(r, 'eligible'))).toEqual([yes]);
    expect([yes, no].filter((r) => keepsRow(r, 'not-eligible'))).toEqual([no]);
  });
});
