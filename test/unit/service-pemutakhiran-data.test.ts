import { Calendars, KNOWN_CALENDARS } from '../../shared/domain/calendar';
import { describe, expect, it } from 'vitest';
import {
  applyChange,
  describeChange,
  pemutakhiranData,
  pemutakhiranDataOutputSchema,
  pemutakhiranDataPayloadSchema,
  type ChangeSet,
  type PemutakhiranDataPayload,
} from '../../shared/domain/catalog/pemutakhiran-data';
import type { FilingContext } from '../../shared/domain/catalog/types';
import type { Address, Employee } from '../../shared/domain/employees';
import { employee, ORGS } from '../support/fixtures';

// Like the seeded employee: born 1990-01-01, female, TMT CPNS March 2015.
const sari = (overrides: Partial<Employee> = {}): Employee => employee('199001012015032001', ORGS.sleman!, { tmtCpns: '2015-03-01', ...overrides });

const HOME: Address = { jalan: 'Jl. Magelang Km 10', kelurahan: 'Tridadi', kecamatan: 'Sleman', kabupatenKota: 'Kabupaten Sleman', provinsi: 'DI Yogyakarta', kodePos: '55511' };

const ctx = (who: Employee = sari(), today = '2026-11-02'): FilingContext => ({ employee: who, today, now: `${today}T02:00:00.000Z`, calendars: new Calendars([]), windows: [] });
const payload = (perubahan: ChangeSet): PemutakhiranDataPayload => pemutakhiranDataPayloadSchema.parse({ perubahan, alasan: 'Data berubah' });
const check = (p: PemutakhiranDataPayload, c: FilingContext = ctx()) => pemutakhiranData.checkFiling!(p, c);
const paths = (issues: { path: string }[]) => issues.map((i) => i.path);
const complete = (who: Employee, p: PemutakhiranDataPayload) =>
  pemutakhiranData.onComplete!({ employee: who, organisations: new Map(), proposalId: 'USL-TEST-0000-0001', calendars: new Calendars(KNOWN_CALENDARS), payload: p, output: pemutakhiranData.exampleOutput, now: '2026-11-20T03:00:00.000Z' }).employee;

describe('PEMUTAKHIRAN_DATA: the shape', () => {
  it('is filed by the employee, verified then approved by the agency, completed by its operator', () => {
    expect(pemutakhiranData.initiators).toEqual(['PEGAWAI']);
    expect(pemutakhiranData.stages.map((s) => [s.handler, s.role])).toEqual([['AGENCY', 'VERIFIKATOR'], ['AGENCY', 'APPROVER']]);
    expect([pemutakhiranData.completion.handler, pemutakhiranData.completion.role]).toEqual(['AGENCY', 'OPERATOR']);
  });

  it('takes its examples and an output with nothing in it', () => {
    expect(pemutakhiranDataPayloadSchema.safeParse(pemutakhiranData.examplePayload).error).toBeUndefined();
    expect(pemutakhiranDataOutputSchema.safeParse(pemutakhiranData.exampleOutput).error).toBeUndefined();
    expect(pemutakhiranDataOutputSchema.safeParse({}).success).toBe(true);
    expect(pemutakhiranDataOutputSchema.safeParse({ nomorSk: 'x' }).success).toBe(false);
  });

  it('accepts the example for the seeded-like employee', () => {
    expect(check(pemutakhiranData.examplePayload)).toEqual([]);
  });

  it.each([
    ['no change at all', { perubahan: {}, alasan: 'Data berubah' }],
    ['an empty kontak', { perubahan: { kontak: {} }, alasan: 'Data berubah' }],
    ['an empty list to add', { perubahan: { pendidikan: { tambah: [] } }, alasan: 'Data berubah' }],
    ['an unknown part', { perubahan: { pangkat: { golongan: 'IV/a' } }, alasan: 'Data berubah' }],
    ['an unknown field in an entry', { perubahan: { keluarga: { tambah: [{ nama: 'A', hubungan: 'ANAK', tanggalLahir: '2020-01-01', nik: '1' }] } }, alasan: 'Data berubah' }],
    ['a phone that is not +62', { perubahan: { kontak: { phone: '081234567890' } }, alasan: 'Data berubah' }],
    ['a bad email', { perubahan: { kontak: { email: 'sari@' } }, alasan: 'Data berubah' }],
    ['a jenjang outside SD..S3', { perubahan: { pendidikan: { tambah: [{ jenjang: 'SMK', institusi: 'SMKN 1', tahunLulus: 2008 }] } }, alasan: 'Data berubah' }],
    ['a partial address', { perubahan: { alamat: { jalan: 'Jl. Magelang' } }, alasan: 'Data berubah' }],
    ['a four-digit postcode', { perubahan: { alamat: { ...HOME, kodePos: '5551' } }, alasan: 'Data berubah' }],
    ['a relation outside SUAMI/ISTRI/ANAK', { perubahan: { keluarga: { tambah: [{ nama: 'A', hubungan: 'AYAH', tanggalLahir: '1960-01-01' }] } }, alasan: 'Data berubah' }],
    ['no alasan', { perubahan: { kontak: { phone: '+6281234567890' } } }],
  ])('refuses %s in the schema', (_what, body) => {
    expect(pemutakhiranDataPayloadSchema.safeParse(body).success).toBe(false);
  });
});

describe('PEMUTAKHIRAN_DATA: rules at filing', () => {
  it('refuses an empty change even if it got past the schema', () => {
    const empty = { perubahan: {}, alasan: 'Data berubah' } as PemutakhiranDataPayload;
    expect(paths(check(empty))).toEqual(['payload.perubahan']);
  });

  it('names each field identical to the record', () => {
    const who = sari({ address: HOME, contact: { email: 'sari@slemankab.go.id', phone: '+6281200000000' } });
    const issues = check(payload({ kontak: { email: 'SARI@slemankab.go.id', phone: '+6281200000000' }, alamat: { ...HOME, jalan: 'jl.  magelang km 10' } }), ctx(who));
    expect(paths(issues)).toEqual(['payload.perubahan.kontak.email', 'payload.perubahan.kontak.phone', 'payload.perubahan.alamat']);
    expect(issues[0]!.message).toContain('sari@slemankab.go.id');
    // One part changes, the other does not: only the one that does not is named.
    expect(paths(check(payload({ kontak: { email: 'sari@slemankab.go.id', phone: '+6281299999999' } }), ctx(who)))).toEqual(['payload.perubahan.kontak.email']);
    expect(check(payload({ alamat: { ...HOME, kodePos: '55512' } }), ctx(who))).toEqual([]);
  });

  it('refuses entries already on the record or given twice', () => {
    const who = sari({
      education: [{ jenjang: 'S1', institusi: 'Universitas Negeri Yogyakarta', jurusan: 'Manajemen', tahunLulus: 2012 }],
      family: [{ nama: 'Bagus', hubungan: 'SUAMI', tanggalLahir: '1988-05-05' }],
      positionHistory: [{ jabatan: 'Pengelola Kepegawaian', unitKerja: 'BKPSDM', tmt: '2016-03-01' }],
    });
    const issues = check(
      payload({
        pendidikan: { tambah: [{ jenjang: 'S1', institusi: 'universitas negeri yogyakarta', jurusan: 'Manajemen', tahunLulus: 2012 }] },
        keluarga: { tambah: [{ nama: 'Ayu', hubungan: 'ANAK', tanggalLahir: '2019-02-02' }, { nama: 'Ayu', hubungan: 'ANAK', tanggalLahir: '2019-02-02' }] },
        riwayatJabatan: { tambah: [{ jabatan: 'Pengelola Kepegawaian', unitKerja: 'BKPSDM', tmt: '2016-03-01' }] },
      }),
      ctx(who),
    );
    expect(issues).toEqual([
      { path: 'payload.perubahan.pendidikan.tambah.0', message: 'this education is already on the record' },
      { path: 'payload.perubahan.keluarga.tambah.1', message: 'this family member is given twice' },
      { path: 'payload.perubahan.riwayatJabatan.tambah.0', message: 'this position is already on the record' },
    ]);
  });

  it('takes a graduation this year and refuses one next year or before birth', () => {
    const degree = (tahunLulus: number) => payload({ pendidikan: { tambah: [{ jenjang: 'S3', institusi: 'Universitas Gadjah Mada', tahunLulus }] } });
    expect(check(degree(2026))).toEqual([]);
    const future = check(degree(2027));
    expect(paths(future)).toEqual(['payload.perubahan.pendidikan.tambah.0.tahunLulus']);
    expect(future[0]!.message).toBe('tahunLulus 2027 is after this year 2026');
    expect(check(degree(2027), ctx(sari(), '2027-01-01'))).toEqual([]);
    expect(check(degree(1990))[0]!.message).toContain('not after the employee');
  });

  it('takes a birth today and refuses one tomorrow, and a child older than the employee', () => {
    const child = (tanggalLahir: string) => payload({ keluarga: { tambah: [{ nama: 'Bima', hubungan: 'ANAK', tanggalLahir }] } });
    expect(check(child('2026-11-02'))).toEqual([]);
    const future = check(child('2026-11-03'));
    expect(future).toEqual([{ path: 'payload.perubahan.keluarga.tambah.0.tanggalLahir', message: 'tanggalLahir 2026-11-03 is after today 2026-11-02' }]);
    expect(check(child('1990-01-01'))[0]!.message).toContain('not younger than the employee (born 1990-01-01)');
  });

  it('names the spouse by the employee’s sex', () => {
    const spouse = (hubungan: 'SUAMI' | 'ISTRI') => payload({ keluarga: { tambah: [{ nama: 'Pasangan', hubungan, tanggalLahir: '1989-01-01' }] } });
    expect(check(spouse('SUAMI'))).toEqual([]);
    expect(paths(check(spouse('ISTRI')))).toEqual(['payload.perubahan.keluarga.tambah.0.hubungan']);
    const budi = employee('198505052010011003', ORGS.sleman!);
    expect(check(spouse('ISTRI'), ctx(budi))).toEqual([]);
    expect(paths(check(spouse('SUAMI'), ctx(budi)))).toEqual(['payload.perubahan.keluarga.tambah.0.hubungan']);
  });

  it('refuses a position TMT after today or before TMT CPNS', () => {
    const position = (tmt: string) => payload({ riwayatJabatan: { tambah: [{ jabatan: 'Analis Kepegawaian Ahli Muda', unitKerja: 'BKPSDM', tmt }] } });
    expect(check(position('2026-11-02'))).toEqual([]);
    expect(check(position('2015-03-01'))).toEqual([]);
    expect(check(position('2026-11-03'))[0]!.message).toBe('tmt 2026-11-03 is after today 2026-11-02');
    expect(check(position('2015-02-28'))[0]!.message).toBe('tmt 2015-02-28 is before TMT CPNS 2015-03-01');
    // Without a TMT CPNS on the record, only the future is refused.
    expect(check(position('2015-02-28'), ctx(sari({ tmtCpns: undefined })))).toEqual([]);
  });
});

describe('PEMUTAKHIRAN_DATA: completion', () => {
  it('merges contact, replaces the address and appends to lists, and changes nothing else', () => {
    const before = sari({
      address: HOME,
      education: [{ jenjang: 'S1', institusi: 'UNY', tahunLulus: 2012 }],
      family: [{ nama: 'Bagus', hubungan: 'SUAMI', tanggalLahir: '1988-05-05' }],
      positionHistory: [{ jabatan: 'Pengelola Kepegawaian', unitKerja: 'BKPSDM', tmt: '2016-03-01' }],
    });
    const p = pemutakhiranData.examplePayload;
    const after = complete(before, p);
    const { perubahan } = p;
    expect(after).toEqual({
      ...before,
      contact: { email: perubahan.kontak!.email, phone: perubahan.kontak!.phone },
      address: perubahan.alamat,
      education: [...before.education!, ...perubahan.pendidikan!.tambah],
      family: [...before.family!, ...perubahan.keluarga!.tambah],
      positionHistory: [...before.positionHistory!, ...perubahan.riwayatJabatan!.tambah],
    });
    expect(after!.version).toBe(before.version);
  });

  it('keeps the contact field not given and adds no part that was not changed', () => {
    const before = sari();
    const after = complete(before, payload({ kontak: { phone: '+6281299999999' } }))!;
    expect(after).toEqual({ ...before, contact: { email: before.contact.email, phone: '+6281299999999' } });
    expect('address' in after || 'education' in after || 'family' in after || 'positionHistory' in after).toBe(false);
    const first = complete(before, payload({ keluarga: { tambah: [{ nama: 'Bima', hubungan: 'ANAK', tanggalLahir: '2020-02-02' }] } }))!;
    expect(first.family).toEqual([{ nama: 'Bima', hubungan: 'ANAK', tanggalLahir: '2020-02-02' }]);
  });

  it('does not alter the record it was given', () => {
    const before = sari({ education: [{ jenjang: 'S1', institusi: 'UNY', tahunLulus: 2012 }] });
    const copy = structuredClone(before);
    applyChange(before, pemutakhiranData.examplePayload.perubahan);
    expect(before).toEqual(copy);
  });
});

describe('PEMUTAKHIRAN_DATA: old beside new', () => {
  it('shows each changed field with the record’s value and the proposed one', () => {
    const before = sari({ address: HOME, education: [{ jenjang: 'S1', institusi: 'UNY', tahunLulus: 2012 }] });
    const p = pemutakhiranData.examplePayload;
    const { perubahan } = p;
    expect(describeChange(before, p)).toEqual([
      { field: 'kontak.email', old: before.contact.email, new: perubahan.kontak!.email },
      { field: 'kontak.phone', old: before.contact.phone, new: perubahan.kontak!.phone },
      { field: 'alamat', old: HOME, new: perubahan.alamat },
      { field: 'pendidikan', old: before.education, new: [...before.education!, ...perubahan.pendidikan!.tambah] },
      { field: 'keluarga', old: [], new: perubahan.keluarga!.tambah },
      { field: 'riwayatJabatan', old: [], new: perubahan.riwayatJabatan!.tambah },
    ]);
  });

  it('shows null for a value the record lacks, and only the fields proposed', () => {
    const before = sari({ contact: { phone: '+6281200000000' } });
    expect(describeChange(before, payload({ kontak: { email: 'sari@slemankab.go.id' } }))).toEqual([{ field: 'kontak.email', old: null, new: 'sari@slemankab.go.id' }]);
    expect(describeChange(before, payload({ alamat: HOME }))).toEqual([{ field: 'alamat', old: null, new: HOME }]);
  });

  it('agrees with what completion writes', () => {
    const before = sari({ address: HOME });
    const after = complete(before, pemutakhiranData.examplePayload)!;
    for (const row of describeChange(before, pemutakhiranData.examplePayload)) {
      const written = { 'kontak.email': after.contact.email, 'kontak.phone': after.contact.phone, alamat: after.address, pendidikan: after.education, keluarga: after.family, riwayatJabatan: after.positionHistory }[row.field];
      expect(written).toEqual(row.new);
    }
  });
});
