import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DirectoryRepository } from '../../shared/adapters/dynamo/directory-repository';
import { JobRepository } from '../../shared/adapters/dynamo/job-repository';
import { retirementTimerFor } from '../../shared/app/jobs';
import { CalendarRepository } from '../../shared/adapters/dynamo/calendar-repository';
import { KNOWN_CALENDARS } from '../../shared/domain/calendar';
import type { Organisation, Role } from '../../shared/domain/actors';
import type { Employee } from '../../shared/domain/employees';
import type { StaffMember } from '../../shared/domain/directory/staff';
import { StaffRepository } from '../../shared/adapters/dynamo/staff-repository';
import { subjectOf } from './auth';

/**
 * Demo data for the local stack. Every person here is fictional; addresses are on example.com and
 * phone numbers only look Indonesian. The set is small but covers every role, both kinds of BKN
 * office, two time zones (WIB, WITA) and the three kinds of employee (PNS, CPNS, PPPK).
 */

export const organisations: readonly Organisation[] = [
  { id: 'BKN-PUSAT', kind: 'BKN_PUSAT', name: 'Badan Kepegawaian Negara (Kantor Pusat)', timeZone: 'Asia/Jakarta' },
  { id: 'KANREG-I', kind: 'KANREG', name: 'Kantor Regional I BKN Yogyakarta', timeZone: 'Asia/Jakarta' },
  { id: 'KANREG-VIII', kind: 'KANREG', name: 'Kantor Regional VIII BKN Banjarmasin', timeZone: 'Asia/Makassar' },
  { id: 'PEMKAB-SLEMAN', kind: 'INSTANSI', name: 'Pemerintah Kabupaten Sleman', timeZone: 'Asia/Jakarta', kanregId: 'KANREG-I' },
  { id: 'PEMKOT-YOGYAKARTA', kind: 'INSTANSI', name: 'Pemerintah Kota Yogyakarta', timeZone: 'Asia/Jakarta', kanregId: 'KANREG-I' },
  { id: 'PEMPROV-KALSEL', kind: 'INSTANSI', name: 'Pemerintah Provinsi Kalimantan Selatan', timeZone: 'Asia/Makassar', kanregId: 'KANREG-VIII' },
];

const SEEDED_AT = '2026-01-05T01:00:00.000Z';
const indonesian = { language: 'id', channels: { email: true, sms: true } } as const;

/**
 * NIP (PNS, CPNS): birth date YYYYMMDD, TMT CPNS YYYYMM, sex (1 male, 2 female), sequence.
 * NI PPPK: birth date, appointment year, two digits whose meaning public sources do not settle
 * (here "21"), sex, sequence. test/unit/local-seed-data.test.ts checks each against its record.
 */
export const employees: readonly Employee[] = [
  // Pemerintah Kabupaten Sleman (WIB)
  {
    nip: '198503142010031004', name: 'Budi Santoso', kind: 'PNS', agencyId: 'PEMKAB-SLEMAN', birthDate: '1985-03-14', sex: 'M',
    pangkat: { golongan: 'III/c', tmt: '2022-04-01' }, jabatan: 'Analis Sumber Daya Manusia Aparatur Ahli Muda', timeZone: 'Asia/Jakarta',
    contact: { email: 'budi.santoso@example.com', phone: '+6281227140031' }, preferences: indonesian, version: 1, updatedAt: SEEDED_AT,
  },
  {
    // Budi is her direct supervisor (atasan langsung): the SKP demo.
    nip: '199007222015012001', name: 'Sri Wahyuni', kind: 'PNS', agencyId: 'PEMKAB-SLEMAN', birthDate: '1990-07-22', sex: 'F',
    pangkat: { golongan: 'III/b', tmt: '2019-04-01' }, jabatan: 'Pranata Komputer Ahli Pertama', timeZone: 'Asia/Jakarta', atasanLangsungNip: '198503142010031004',
    contact: { email: 'sri.wahyuni@example.com', phone: '+6285643120087' }, preferences: indonesian, version: 1, updatedAt: SEEDED_AT,
  },
  {
    // A CPNS in the probation year: the PENGANGKATAN_PNS demo.
    nip: '199811052025011002', name: 'Rizky Pratama', kind: 'CPNS', agencyId: 'PEMKAB-SLEMAN', birthDate: '1998-11-05', sex: 'M',
    pangkat: { golongan: 'III/a', tmt: '2025-01-01' }, jabatan: 'Penata Kelola Sistem dan Teknologi Informasi', timeZone: 'Asia/Jakarta',
    contact: { email: 'rizky.pratama@example.com', phone: '+6281390215542' }, preferences: indonesian, version: 1, updatedAt: SEEDED_AT,
  },
  // Pemerintah Kota Yogyakarta (WIB)
  {
    nip: '197905022005022003', name: 'Rina Kartikasari', kind: 'PNS', agencyId: 'PEMKOT-YOGYAKARTA', birthDate: '1979-05-02', sex: 'F',
    pangkat: { golongan: 'IV/a', tmt: '2021-10-01' }, jabatan: 'Analis Kebijakan Ahli Muda', timeZone: 'Asia/Jakarta',
    contact: { email: 'rina.kartikasari@example.com', phone: '+6281804411293' }, preferences: indonesian, version: 1, updatedAt: SEEDED_AT,
  },
  {
    // Turns 58 in September 2026: BUP for an administrative post (PP 11/2017 art. 239), the PENSIUN demo.
    nip: '196809171993031001', name: 'Hartono Wibisono', kind: 'PNS', agencyId: 'PEMKOT-YOGYAKARTA', birthDate: '1968-09-17', sex: 'M',
    pangkat: { golongan: 'III/d', tmt: '2014-04-01' }, jabatan: 'Pengadministrasi Perkantoran', timeZone: 'Asia/Jakarta',
    contact: { email: 'hartono.wibisono@example.com', phone: '+6281328876014' }, preferences: indonesian, version: 1, updatedAt: SEEDED_AT,
  },
  {
    // PPPK golongan are I–XVII (Perpres 98/2020), not the PNS golongan/ruang.
    nip: '199201302023211005', name: 'Agus Setiawan', kind: 'PPPK', agencyId: 'PEMKOT-YOGYAKARTA', birthDate: '1992-01-30', sex: 'M',
    pangkat: { golongan: 'IX', tmt: '2023-12-01' }, jabatan: 'Guru Ahli Pertama', timeZone: 'Asia/Jakarta',
    contact: { email: 'agus.setiawan@example.com', phone: '+6287839904126' }, preferences: indonesian, version: 1, updatedAt: SEEDED_AT,
  },
  // Pemerintah Provinsi Kalimantan Selatan (WITA)
  {
    // Reads English: the English templates' demo.
    nip: '198712082011042002', name: 'Dewi Lestari', kind: 'PNS', agencyId: 'PEMPROV-KALSEL', birthDate: '1987-12-08', sex: 'F',
    pangkat: { golongan: 'III/c', tmt: '2020-10-01' }, jabatan: 'Perencana Ahli Muda', timeZone: 'Asia/Makassar',
    contact: { email: 'dewi.lestari@example.com', phone: '+6281251730468' }, preferences: { language: 'en', channels: { email: true, sms: true } },
    version: 1, updatedAt: SEEDED_AT,
  },
  {
    nip: '198306192009011003', name: 'Ahmad Fauzi', kind: 'PNS', agencyId: 'PEMPROV-KALSEL', birthDate: '1983-06-19', sex: 'M',
    pangkat: { golongan: 'III/d', tmt: '2019-10-01' }, jabatan: 'Analis Keuangan Pusat dan Daerah Ahli Muda', timeZone: 'Asia/Makassar',
    contact: { email: 'ahmad.fauzi@example.com', phone: '+6285248190375' }, preferences: indonesian, version: 1, updatedAt: SEEDED_AT,
  },
];

/** A local stand-in for a Cognito user: what its token's claims are built from (see auth.ts). */
export interface LocalUser {
  username: string;
  name: string;
  roles: Role[];
  orgId: string;
  /** Employees (PEGAWAI) only: their own NIP, a seeded employee of `orgId`. */
  nip?: string;
  /** Staff only (employees are reached through their personnel record): where notifications go. */
  contact?: { email: string; phone: string };
}

export const users: readonly LocalUser[] = [
  // Employees, filing their own proposals
  { username: 'budi', name: 'Budi Santoso', roles: ['PEGAWAI'], orgId: 'PEMKAB-SLEMAN', nip: '198503142010031004' },
  { username: 'sri', name: 'Sri Wahyuni', roles: ['PEGAWAI'], orgId: 'PEMKAB-SLEMAN', nip: '199007222015012001' },
  { username: 'rizky', name: 'Rizky Pratama', roles: ['PEGAWAI'], orgId: 'PEMKAB-SLEMAN', nip: '199811052025011002' },
  { username: 'rina', name: 'Rina Kartikasari', roles: ['PEGAWAI'], orgId: 'PEMKOT-YOGYAKARTA', nip: '197905022005022003' },
  { username: 'hartono', name: 'Hartono Wibisono', roles: ['PEGAWAI'], orgId: 'PEMKOT-YOGYAKARTA', nip: '196809171993031001' },
  { username: 'agus', name: 'Agus Setiawan', roles: ['PEGAWAI'], orgId: 'PEMKOT-YOGYAKARTA', nip: '199201302023211005' },
  { username: 'dewi', name: 'Dewi Lestari', roles: ['PEGAWAI'], orgId: 'PEMPROV-KALSEL', nip: '198712082011042002' },
  // Pemerintah Kabupaten Sleman
  { username: 'op.sleman', name: 'Yuliana Puspitasari', roles: ['OPERATOR'], orgId: 'PEMKAB-SLEMAN', contact: { email: 'yuliana.puspitasari@example.com', phone: '+6281227330415' } },
  { username: 'ver.sleman', name: 'Eko Prasetyo', roles: ['VERIFIKATOR'], orgId: 'PEMKAB-SLEMAN', contact: { email: 'eko.prasetyo@example.com', phone: '+6285729114082' } },
  { username: 'appr.sleman', name: 'Bambang Sutrisno', roles: ['APPROVER'], orgId: 'PEMKAB-SLEMAN', contact: { email: 'bambang.sutrisno@example.com', phone: '+6281328540917' } },
  { username: 'admin.sleman', name: 'Wulan Anggraini', roles: ['ADMIN_INSTANSI'], orgId: 'PEMKAB-SLEMAN', contact: { email: 'wulan.anggraini@example.com', phone: '+6287738216650' } },
  // Pemerintah Kota Yogyakarta
  { username: 'op.jogja', name: 'Dimas Nugroho', roles: ['OPERATOR'], orgId: 'PEMKOT-YOGYAKARTA', contact: { email: 'dimas.nugroho@example.com', phone: '+6281904427731' } },
  { username: 'ver.jogja', name: 'Fitri Handayani', roles: ['VERIFIKATOR'], orgId: 'PEMKOT-YOGYAKARTA', contact: { email: 'fitri.handayani@example.com', phone: '+6285868031294' } },
  { username: 'appr.jogja', name: 'Heru Purnomo', roles: ['APPROVER'], orgId: 'PEMKOT-YOGYAKARTA', contact: { email: 'heru.purnomo@example.com', phone: '+6281226795403' } },
  { username: 'admin.jogja', name: 'Anisa Rahmawati', roles: ['ADMIN_INSTANSI'], orgId: 'PEMKOT-YOGYAKARTA', contact: { email: 'anisa.rahmawati@example.com', phone: '+6287839552618' } },
  // Pemerintah Provinsi Kalimantan Selatan
  { username: 'op.kalsel', name: 'Noor Hasanah', roles: ['OPERATOR'], orgId: 'PEMPROV-KALSEL', contact: { email: 'noor.hasanah@example.com', phone: '+6281251948376' } },
  // Kanreg I BKN Yogyakarta
  { username: 'op.kanreg1', name: 'Teguh Santosa', roles: ['OPERATOR'], orgId: 'KANREG-I', contact: { email: 'teguh.santosa@example.com', phone: '+6281392607145' } },
  { username: 'ver.kanreg1', name: 'Lestari Widyaningsih', roles: ['VERIFIKATOR'], orgId: 'KANREG-I', contact: { email: 'lestari.widyaningsih@example.com', phone: '+6285643778920' } },
  { username: 'appr.kanreg1', name: 'Agung Wicaksono', roles: ['APPROVER'], orgId: 'KANREG-I', contact: { email: 'agung.wicaksono@example.com', phone: '+6281215869342' } },
  // Kanreg VIII BKN Banjarmasin
  { username: 'ver.kanreg8', name: 'Syarifah Aulia', roles: ['VERIFIKATOR'], orgId: 'KANREG-VIII', contact: { email: 'syarifah.aulia@example.com', phone: '+6285248637019' } },
  { username: 'appr.kanreg8', name: 'Muhammad Iqbal', roles: ['APPROVER'], orgId: 'KANREG-VIII', contact: { email: 'muhammad.iqbal@example.com', phone: '+6281349270586' } },
  // BKN headquarters
  { username: 'admin.bkn', name: 'Ratna Permatasari', roles: ['ADMIN_BKN'], orgId: 'BKN-PUSAT', contact: { email: 'ratna.permatasari@example.com', phone: '+6281188405273' } },
  { username: 'auditor.bkn', name: 'Yusuf Maulana', roles: ['AUDITOR'], orgId: 'BKN-PUSAT', contact: { email: 'yusuf.maulana@example.com', phone: '+6281311926047' } },
];

/**
 * The staff users' directory entries, keyed by the same subject their tokens carry (the API
 * counts a token's roles only where the directory holds them), and their profiles, so the senders
 * can reach the operator who filed a proposal. Each in their organisation's time zone, in
 * Indonesian, both channels on; as if an admin had invited them when the demo began.
 */
export function staffMembers(): StaffMember[] {
  return users
    .filter((user) => !user.roles.includes('PEGAWAI'))
    .map((user) => ({
      userId: subjectOf(user.username),
      username: user.username,
      name: user.name,
      orgId: user.orgId,
      roles: user.roles,
      status: 'ACTIVE',
      timeZone: findOrganisation(user.orgId)!.timeZone,
      contact: { ...user.contact },
      preferences: { language: 'id', channels: { email: true, sms: true } },
      version: 1,
      createdAt: SEEDED_AT,
      updatedAt: SEEDED_AT,
    }));
}

export function findUser(username: string): LocalUser | undefined {
  return users.find((user) => user.username === username);
}

export function findOrganisation(id: string): Organisation | undefined {
  return organisations.find((org) => org.id === id);
}

export interface SeedReport {
  organisations: { created: number; kept: number };
  employees: { created: number; kept: number };
  calendars: { created: number; kept: number };
  users: { created: number; kept: number };
}

/**
 * Writes what is missing and keeps what is there, so a restart on kept data never undoes what
 * someone changed through the API (an employee's contact preferences, a record's version).
 */
/** `today` (the local clock's date) decides which retirement reminder each employee waits for. */
export async function seed(doc: DynamoDBDocumentClient, tableName: string, today = new Date().toISOString().slice(0, 10)): Promise<SeedReport> {
  // No cache: a read must see what this very run wrote, and this repository lives only for the seed.
  const directory = new DirectoryRepository(doc, tableName, 0);
  const jobs = new JobRepository(doc, tableName);
  const report: SeedReport = { organisations: { created: 0, kept: 0 }, employees: { created: 0, kept: 0 }, calendars: { created: 0, kept: 0 }, users: { created: 0, kept: 0 } };

  for (const org of organisations) {
    if (await directory.getOrganisation(org.id)) report.organisations.kept++;
    else {
      await directory.putOrganisation(org);
      report.organisations.created++;
    }
  }

  for (const employee of employees) {
    if (await directory.getEmployee(employee.nip)) report.employees.kept++;
    else {
      await directory.putEmployee(employee);
      const retirement = retirementTimerFor(employee, today);
      if (retirement) await jobs.putRetirementTimer(retirement);
      report.employees.created++;
    }
  }

  const staff = new StaffRepository(doc, tableName);
  for (const member of staffMembers()) report.users[await staff.seedMember(member, findOrganisation(member.orgId)!.kind)]++;

  // Holiday calendars shipped with the code (the 2026 SKB); BKN admins keep later years.
  const calendars = new CalendarRepository(doc, tableName, 0);
  for (const calendar of KNOWN_CALENDARS) {
    if (await calendars.get(calendar.year)) report.calendars.kept++;
    else {
      await calendars.put(calendar);
      report.calendars.created++;
    }
  }

  return report;
}
