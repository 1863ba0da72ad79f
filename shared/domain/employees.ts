import type { TimeZone } from './actors';
import type { Names } from './catalog/types';
import type { LeaveRecord } from './leave';

export const EMPLOYEE_KINDS = ['PNS', 'CPNS', 'PPPK'] as const;
export type EmployeeKind = (typeof EMPLOYEE_KINDS)[number];

/** ASN employees are PNS or PPPK (UU 20/2023 on ASN, art. 6); a CPNS is a PNS candidate on probation (PP 11/2017 art. 34). */
export const EMPLOYEE_KIND_NAMES: Readonly<Record<EmployeeKind, Names>> = {
  PNS: { id: 'Pegawai Negeri Sipil (PNS)', en: 'Civil servant (PNS)' },
  CPNS: { id: 'Calon Pegawai Negeri Sipil (CPNS)', en: 'Civil servant candidate on probation (CPNS)' },
  PPPK: { id: 'Pegawai Pemerintah dengan Perjanjian Kerja (PPPK)', en: 'Government employee under a work agreement (PPPK)' },
};

export const EMPLOYEE_STATUSES = ['AKTIF', 'PENSIUN'] as const;
export type EmployeeStatus = (typeof EMPLOYEE_STATUSES)[number];

export type Language = 'id' | 'en';

/** Kinds of position (jabatan) as PP 11/2017 names them for the retirement age. */
export const JABATAN_KINDS = [
  /** Jabatan administrasi: administrator, pengawas and pelaksana. */
  'ADMINISTRASI',
  /** Jabatan fungsional keterampilan: pemula, terampil, mahir, penyelia. */
  'FUNGSIONAL_KETERAMPILAN',
  'FUNGSIONAL_AHLI_PERTAMA',
  'FUNGSIONAL_AHLI_MUDA',
  'FUNGSIONAL_AHLI_MADYA',
  'FUNGSIONAL_AHLI_UTAMA',
  /** Jabatan pimpinan tinggi (JPT): utama, madya and pratama. */
  'PIMPINAN_TINGGI',
] as const;
export type JabatanKind = (typeof JABATAN_KINDS)[number];

/** SKP ratings (predikat kinerja), PermenPANRB 6/2022 art. 39: the five a yearly SKP ends with. */
export const SKP_PREDIKAT = ['SANGAT_BAIK', 'BAIK', 'BUTUH_PERBAIKAN', 'KURANG', 'SANGAT_KURANG'] as const;
export type SkpRating = (typeof SKP_PREDIKAT)[number];

export const JABATAN_KIND_NAMES: Readonly<Record<JabatanKind, Names>> = {
  ADMINISTRASI: { id: 'Jabatan administrasi (administrator, pengawas, pelaksana)', en: 'Administrative position (administrator, supervisor, staff)' },
  FUNGSIONAL_KETERAMPILAN: { id: 'Jabatan fungsional keterampilan', en: 'Functional position, skilled track' },
  FUNGSIONAL_AHLI_PERTAMA: { id: 'Jabatan fungsional ahli pertama', en: 'Functional position, first expert level (ahli pertama)' },
  FUNGSIONAL_AHLI_MUDA: { id: 'Jabatan fungsional ahli muda', en: 'Functional position, junior expert level (ahli muda)' },
  FUNGSIONAL_AHLI_MADYA: { id: 'Jabatan fungsional ahli madya', en: 'Functional position, senior expert level (ahli madya)' },
  FUNGSIONAL_AHLI_UTAMA: { id: 'Jabatan fungsional ahli utama', en: 'Functional position, principal expert level (ahli utama)' },
  PIMPINAN_TINGGI: { id: 'Jabatan pimpinan tinggi (utama, madya, pratama)', en: 'Senior executive position (JPT)' },
};

/** A home address as the KTP and the family card write it. */
export interface Address {
  jalan: string;
  kelurahan: string;
  kecamatan: string;
  kabupatenKota: string;
  provinsi: string;
  kodePos: string;
}

/** Levels of formal education, from primary school to doctorate. */
export const EDUCATION_LEVELS = ['SD', 'SMP', 'SMA', 'D1', 'D2', 'D3', 'D4', 'S1', 'S2', 'S3'] as const;
export type EducationLevel = (typeof EDUCATION_LEVELS)[number];

export interface Education {
  jenjang: EducationLevel;
  institusi: string;
  jurusan?: string;
  tahunLulus: number;
}

export const FAMILY_RELATIONS = ['SUAMI', 'ISTRI', 'ANAK'] as const;
export type FamilyRelation = (typeof FAMILY_RELATIONS)[number];

export interface FamilyMember {
  nama: string;
  hubungan: FamilyRelation;
  tanggalLahir: string;
}

/** A position held, from its TMT. */
export interface PositionRecord {
  jabatan: string;
  unitKerja: string;
  tmt: string;
}

export interface NotificationPreferences {
  language: Language;
  /** A status change of one's own proposal is statutory: at least one channel stays on. */
  channels: { email: boolean; sms: boolean };
}

/** An employee's personnel record, keyed by NIP. */
export interface Employee {
  nip: string;
  name: string;
  kind: EmployeeKind;
  agencyId: string;
  birthDate: string;
  sex: 'M' | 'F';
  /** Golongan/ruang, e.g. "III/b", with its TMT (start date). */
  pangkat?: { golongan: string; tmt: string };
  jabatan?: string;
  /** The kind of that position, which sets the retirement age; read from the title when absent (see sla/retirement.ts). */
  jabatanKind?: JabatanKind;
  /** TMT CPNS and TMT PNS (appointment dates); absent on records that predate them. */
  tmtCpns?: string;
  tmtPns?: string;
  /** Absent means active: records are written before pension was tracked. */
  status?: EmployeeStatus;
  /** TMT pensiun, set when a pension proposal completes. */
  retirementDate?: string;
  /** Leave balances and granted leave; absent means a full entitlement for the current year. */
  leave?: LeaveRecord;
  timeZone: TimeZone;
  /** The direct supervisor (atasan langsung), by NIP: approves SKP targets and rates them. */
  atasanLangsungNip?: string;
  /** Yearly performance ratings (SKP), as completed SKP proposals record them. */
  skp?: { tahun: number; predikat: string }[];
  contact: { email?: string; phone?: string };
  /** Data the employee keeps up to date (PEMUTAKHIRAN_DATA); absent on records that predate it. */
  address?: Address;
  education?: Education[];
  family?: FamilyMember[];
  positionHistory?: PositionRecord[];
  preferences: NotificationPreferences;
  version: number;
  updatedAt: string;
}

export interface ContactChange {
  expectedVersion: number;
  contact?: { email?: string | null; phone?: string | null };
  preferences?: { language?: Language; channels?: { email: boolean; sms: boolean } };
}
