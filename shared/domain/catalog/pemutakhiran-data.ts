import * as z from 'zod';
import {
  EDUCATION_LEVELS,
  FAMILY_RELATIONS,
  type Address,
  type Education,
  type Employee,
  type FamilyMember,
  type PositionRecord,
} from '../employees';
import type { FieldIssue } from '../errors';
import type { FilingContext, ServiceType } from './types';

const isoDate = z.iso.date();
const text = (max: number) => z.string().trim().min(1).max(max);

/** The parts of the record an employee may propose to change. */
export const CHANGE_PARTS = ['kontak', 'alamat', 'pendidikan', 'keluarga', 'riwayatJabatan'] as const;
export type ChangePart = (typeof CHANGE_PARTS)[number];

/** Entries one proposal may add to a list. */
export const MAX_ADDED_PER_LIST = 20;

export const kontakSchema = z
  .strictObject({
    email: z.email().max(254).optional(),
    /** E.164, Indonesian numbers only (the SMS channel sends to +62). */
    phone: z.string().regex(/^\+62\d{8,13}$/, 'an Indonesian number in E.164, e.g. +6281234567890').optional(),
  })
  .refine((k) => k.email !== undefined || k.phone !== undefined, { message: 'kontak needs email or phone' });

const alamatSchema = z.strictObject({
  jalan: text(300),
  kelurahan: text(100),
  kecamatan: text(100),
  kabupatenKota: text(100),
  provinsi: text(100),
  kodePos: z.string().regex(/^\d{5}$/, 'five digits'),
});

export const pendidikanSchema = z.strictObject({
  jenjang: z.enum(EDUCATION_LEVELS),
  institusi: text(200),
  jurusan: text(200).optional(),
  tahunLulus: z.number().int().min(1940).max(2100),
});

const keluargaSchema = z.strictObject({
  nama: text(200),
  hubungan: z.enum(FAMILY_RELATIONS),
  tanggalLahir: isoDate,
});

const riwayatJabatanSchema = z.strictObject({
  jabatan: text(200),
  unitKerja: text(200),
  tmt: isoDate,
});

const additions = <T extends z.ZodType>(entry: T) => z.strictObject({ tambah: z.array(entry).min(1).max(MAX_ADDED_PER_LIST) });

export const perubahanSchema = z
  .strictObject({
    kontak: kontakSchema.optional(),
    /** Replaces the whole address. */
    alamat: alamatSchema.optional(),
    /** Lists are appended to: nothing already recorded is removed by this service. */
    pendidikan: additions(pendidikanSchema).optional(),
    keluarga: additions(keluargaSchema).optional(),
    riwayatJabatan: additions(riwayatJabatanSchema).optional(),
  })
  .refine((p) => CHANGE_PARTS.some((part) => p[part] !== undefined), {
    message: `perubahan needs at least one of ${CHANGE_PARTS.join(', ')}`,
  });

export const pemutakhiranDataPayloadSchema = z.strictObject({
  perubahan: perubahanSchema,
  alasan: z.string().trim().min(3).max(1000),
});
export type PemutakhiranDataPayload = z.output<typeof pemutakhiranDataPayloadSchema>;
export type ChangeSet = PemutakhiranDataPayload['perubahan'];

export const pemutakhiranDataOutputSchema = z.strictObject({
  nomorBeritaAcara: z.string().trim().min(3).max(100).optional(),
  catatan: z.string().trim().min(1).max(1000).optional(),
});
export type PemutakhiranDataOutput = z.output<typeof pemutakhiranDataOutputSchema>;

// Compared as people write them: case and runs of spaces do not make a different value.
const norm = (value: string | undefined): string => (value ?? '').trim().replace(/\s+/g, ' ').toLowerCase();

const sameAddress = (a: Address, b: Address): boolean =>
  (['jalan', 'kelurahan', 'kecamatan', 'kabupatenKota', 'provinsi', 'kodePos'] as const).every((key) => norm(a[key]) === norm(b[key]));
const educationKey = (e: Education): string => [e.jenjang, norm(e.institusi), norm(e.jurusan), e.tahunLulus].join('|');
const familyKey = (f: FamilyMember): string => [f.hubungan, norm(f.nama), f.tanggalLahir].join('|');
const positionKey = (p: PositionRecord): string => [norm(p.jabatan), norm(p.unitKerja), p.tmt].join('|');

/** Entries of a list to add that are already on the record or earlier in the same list: one issue each. */
function duplicates<T>(added: readonly T[], recorded: readonly T[] | undefined, key: (entry: T) => string, path: string, what: string): FieldIssue[] {
  const onRecord = new Set((recorded ?? []).map(key));
  const seen = new Set<string>();
  const issues: FieldIssue[] = [];
  added.forEach((entry, i) => {
    const k = key(entry);
    if (onRecord.has(k)) issues.push({ path: `${path}.${i}`, message: `this ${what} is already on the record` });
    else if (seen.has(k)) issues.push({ path: `${path}.${i}`, message: `this ${what} is given twice` });
    seen.add(k);
  });
  return issues;
}

/**
 * The rules at filing: a change that changes something, on a part that changes something (each
 * part identical to the record is named), and no date after today (a graduation, a birth, a TMT).
 */
export function checkPemutakhiranData(payload: PemutakhiranDataPayload, { employee, today }: FilingContext): FieldIssue[] {
  const { perubahan } = payload;
  const at = (path: string) => `payload.perubahan.${path}`;
  if (!CHANGE_PARTS.some((part) => perubahan[part] !== undefined)) {
    return [{ path: 'payload.perubahan', message: `no change given: name at least one of ${CHANGE_PARTS.join(', ')}` }];
  }
  const issues: FieldIssue[] = [];
  const thisYear = Number(today.slice(0, 4));
  const birthYear = Number(employee.birthDate.slice(0, 4));

  const { kontak, alamat, pendidikan, keluarga, riwayatJabatan } = perubahan;
  if (kontak?.email !== undefined && norm(kontak.email) === norm(employee.contact.email)) {
    issues.push({ path: at('kontak.email'), message: `email ${kontak.email} is already the record's (${employee.contact.email})` });
  }
  if (kontak?.phone !== undefined && kontak.phone === employee.contact.phone) {
    issues.push({ path: at('kontak.phone'), message: `phone ${kontak.phone} is already the record's` });
  }
  if (alamat && employee.address && sameAddress(alamat, employee.address)) {
    issues.push({ path: at('alamat'), message: "alamat is the same as the record's address" });
  }

  if (pendidikan) {
    pendidikan.tambah.forEach((entry, i) => {
      if (entry.tahunLulus > thisYear) issues.push({ path: at(`pendidikan.tambah.${i}.tahunLulus`), message: `tahunLulus ${entry.tahunLulus} is after this year ${thisYear}` });
      else if (entry.tahunLulus <= birthYear) issues.push({ path: at(`pendidikan.tambah.${i}.tahunLulus`), message: `tahunLulus ${entry.tahunLulus} is not after the employee's birth year ${birthYear}` });
    });
    issues.push(...duplicates(pendidikan.tambah, employee.education, educationKey, at('pendidikan.tambah'), 'education'));
  }

  if (keluarga) {
    keluarga.tambah.forEach((member, i) => {
      const path = at(`keluarga.tambah.${i}`);
      if (member.tanggalLahir > today) issues.push({ path: `${path}.tanggalLahir`, message: `tanggalLahir ${member.tanggalLahir} is after today ${today}` });
      else if (member.hubungan === 'ANAK' && member.tanggalLahir <= employee.birthDate) {
        issues.push({ path: `${path}.tanggalLahir`, message: `a child born ${member.tanggalLahir} is not younger than the employee (born ${employee.birthDate})` });
      }
      // UU 1/1974: a marriage is between a man and a woman; the record's sex says which spouse.
      if (member.hubungan === 'SUAMI' && employee.sex === 'M') issues.push({ path: `${path}.hubungan`, message: 'SUAMI (husband) for a male employee: ISTRI?' });
      if (member.hubungan === 'ISTRI' && employee.sex === 'F') issues.push({ path: `${path}.hubungan`, message: 'ISTRI (wife) for a female employee: SUAMI?' });
    });
    issues.push(...duplicates(keluarga.tambah, employee.family, familyKey, at('keluarga.tambah'), 'family member'));
  }

  if (riwayatJabatan) {
    riwayatJabatan.tambah.forEach((position, i) => {
      const path = at(`riwayatJabatan.tambah.${i}.tmt`);
      if (position.tmt > today) issues.push({ path, message: `tmt ${position.tmt} is after today ${today}` });
      // A civil servant's positions start with the CPNS appointment.
      else if (employee.tmtCpns !== undefined && position.tmt < employee.tmtCpns) issues.push({ path, message: `tmt ${position.tmt} is before TMT CPNS ${employee.tmtCpns}` });
    });
    issues.push(...duplicates(riwayatJabatan.tambah, employee.positionHistory, positionKey, at('riwayatJabatan.tambah'), 'position'));
  }
  return issues;
}

/** The record with the change applied: contact merged, address replaced, lists appended; nothing else touched. */
export function applyChange(employee: Employee, perubahan: ChangeSet): Employee {
  const { kontak, alamat, pendidikan, keluarga, riwayatJabatan } = perubahan;
  return {
    ...employee,
    ...(kontak ? { contact: { ...employee.contact, ...(kontak.email !== undefined ? { email: kontak.email } : {}), ...(kontak.phone !== undefined ? { phone: kontak.phone } : {}) } } : {}),
    ...(alamat ? { address: { ...alamat } } : {}),
    ...(pendidikan ? { education: [...(employee.education ?? []), ...pendidikan.tambah.map((e) => ({ ...e }))] } : {}),
    ...(keluarga ? { family: [...(employee.family ?? []), ...keluarga.tambah.map((f) => ({ ...f }))] } : {}),
    ...(riwayatJabatan ? { positionHistory: [...(employee.positionHistory ?? []), ...riwayatJabatan.tambah.map((p) => ({ ...p }))] } : {}),
  };
}

export type ChangeValue = string | Address | readonly Education[] | readonly FamilyMember[] | readonly PositionRecord[] | null;

/** One line of "old beside new". */
export interface FieldChange {
  /** A path in the change set: kontak.email, kontak.phone, alamat, pendidikan, keluarga, riwayatJabatan. */
  field: string;
  /** The record's value now; null when it has none. A list shows the whole list. */
  old: ChangeValue;
  /** The value after completion: for a list, the record's list with the additions appended. */
  new: ChangeValue;
}

/** What the verifier and approver read: each proposed field, the record's value beside the proposed one. */
export function describeChange(employee: Employee, payload: PemutakhiranDataPayload): FieldChange[] {
  const { kontak, alamat, pendidikan, keluarga, riwayatJabatan } = payload.perubahan;
  const after = applyChange(employee, payload.perubahan);
  const rows: FieldChange[] = [];
  if (kontak?.email !== undefined) rows.push({ field: 'kontak.email', old: employee.contact.email ?? null, new: kontak.email });
  if (kontak?.phone !== undefined) rows.push({ field: 'kontak.phone', old: employee.contact.phone ?? null, new: kontak.phone });
  if (alamat) rows.push({ field: 'alamat', old: employee.address ?? null, new: alamat });
  if (pendidikan) rows.push({ field: 'pendidikan', old: employee.education ?? [], new: after.education ?? [] });
  if (keluarga) rows.push({ field: 'keluarga', old: employee.family ?? [], new: after.family ?? [] });
  if (riwayatJabatan) rows.push({ field: 'riwayatJabatan', old: employee.positionHistory ?? [], new: after.positionHistory ?? [] });
  return rows;
}

export const pemutakhiranData: ServiceType<PemutakhiranDataPayload, PemutakhiranDataOutput> = {
  code: 'PEMUTAKHIRAN_DATA',
  names: { id: 'Pemutakhiran Data Pegawai', en: 'Personnel data update' },
  description: {
    id: 'Pegawai mengusulkan perubahan data dirinya (kontak, alamat, pendidikan, keluarga, riwayat jabatan): diverifikasi dan disetujui instansi, lalu diterapkan pada data kepegawaian.',
    en: 'An employee proposes changes to their own record (contact, address, education, family, position history): the agency verifies and approves, then the record is updated.',
  },
  initiators: ['PEGAWAI'],
  payloadSchema: pemutakhiranDataPayloadSchema,
  outputSchema: pemutakhiranDataOutputSchema,
  requiredDocuments: [
    {
      code: 'DOKUMEN_PENDUKUNG',
      names: {
        id: 'Dokumen pendukung perubahan (ijazah, kartu keluarga, akta, SK jabatan, sesuai data yang diubah)',
        en: 'Supporting document for the change (diploma, family card, certificate, position decree, as fits the data changed)',
      },
    },
  ],
  // SLAs are Pantau defaults: the agency verifies the evidence, then approves; both inside the agency.
  stages: [
    { code: 'VERIFIKASI_DATA', names: { id: 'Verifikasi data dan dokumen oleh instansi', en: 'Agency verification of the data and documents' }, handler: 'AGENCY', role: 'VERIFIKATOR', slaWorkingDays: 5 },
    { code: 'PERSETUJUAN_DATA', names: { id: 'Persetujuan perubahan data oleh instansi', en: 'Agency approval of the change' }, handler: 'AGENCY', role: 'APPROVER', slaWorkingDays: 5 },
  ],
  completion: { names: { id: 'Penerapan perubahan pada data kepegawaian', en: 'Applying the change to the personnel record' }, handler: 'AGENCY', role: 'OPERATOR', slaWorkingDays: 5 },
  returnedSlaWorkingDays: 10,
  // For the seeded employee born 1990-01-01 (female, TMT CPNS March 2015).
  examplePayload: {
    perubahan: {
      kontak: { email: 'sari.rahayu@slemankab.go.id', phone: '+6281234567890' },
      alamat: { jalan: 'Jl. Kaliurang Km 7 No. 21', kelurahan: 'Sinduharjo', kecamatan: 'Ngaglik', kabupatenKota: 'Kabupaten Sleman', provinsi: 'DI Yogyakarta', kodePos: '55581' },
      pendidikan: { tambah: [{ jenjang: 'S2', institusi: 'Universitas Gadjah Mada', jurusan: 'Magister Administrasi Publik', tahunLulus: 2024 }] },
      keluarga: { tambah: [{ nama: 'Anindya Putri', hubungan: 'ANAK', tanggalLahir: '2025-06-10' }] },
      riwayatJabatan: { tambah: [{ jabatan: 'Analis Kepegawaian Ahli Muda', unitKerja: 'BKPSDM Kabupaten Sleman', tmt: '2025-01-02' }] },
    },
    alasan: 'Pindah rumah, lulus S2, dan kelahiran anak',
  },
  exampleOutput: { nomorBeritaAcara: 'BA-PDP/0123/BKPSDM/2026', catatan: 'Sesuai ijazah, KK dan SK jabatan yang diunggah' },
  checkFiling: checkPemutakhiranData,
  describeChange,
  onComplete: ({ employee, payload }) => ({ employee: applyChange(employee, payload.perubahan) }),
};
