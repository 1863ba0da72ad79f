import * as z from 'zod';
import { nipPrefix } from '../nip';
import { candidateFields, candidateRecord, numberIssues } from './candidates';
import { GOLONGAN } from './kenaikan-pangkat';
import type { ServiceType } from './types';

const isoDate = z.iso.date();
const documentNumber = z.string().trim().min(3).max(100);

/**
 * The NIP of a new CPNS: the agency proposes it for each candidate who passed the selection, BKN
 * (through the Kanreg covering the agency) checks and approves it, and completion draws the number
 * (Peraturan Kepala BKN 22/2007 on the NIP: birth date, TMT CPNS, sex, sequence; see ../nip.ts).
 */
export const penetapanNipPayloadSchema = z.strictObject({
  ...candidateFields,
  /** TMT CPNS, always the 1st of a month: the NIP carries its year and month. */
  tmtCpns: isoDate.refine((d) => d.endsWith('-01'), { message: 'the TMT CPNS is the 1st of a month' }),
  /** The golongan/ruang the formation appoints at, e.g. III/a for a bachelor's degree. */
  golonganRuang: z.enum(GOLONGAN),
});
export type PenetapanNipPayload = z.output<typeof penetapanNipPayloadSchema>;

/** What the completing operator records; the NIP itself is drawn, never typed. */
export const penetapanNipOutputSchema = z.strictObject({
  nomorPertekNip: documentNumber,
  nomorSkCpns: documentNumber,
  tanggalSkCpns: isoDate,
});
export type PenetapanNipOutput = z.output<typeof penetapanNipOutputSchema>;

const prefixParts = (p: PenetapanNipPayload) => ({ birthDate: p.tanggalLahir, tmt: p.tmtCpns.slice(0, 7), sex: p.jenisKelamin });
const FIELD_OF_PART = { birthDate: 'tanggalLahir', tmt: 'tmtCpns', sex: 'jenisKelamin' };

export const penetapanNip: ServiceType<PenetapanNipPayload, PenetapanNipOutput> = {
  code: 'PENETAPAN_NIP',
  names: { id: 'Penetapan NIP CPNS', en: 'Assigning the NIP of a CPNS' },
  description: {
    id: 'Usul penetapan Nomor Induk Pegawai bagi peserta yang lulus seleksi CPNS: disetujui pejabat instansi, diverifikasi dan disetujui BKN, lalu NIP ditetapkan dan SK CPNS diterbitkan.',
    en: 'Proposing the employee number (NIP) of a candidate who passed the CPNS selection: approved by the agency, verified and approved by BKN, then the NIP is assigned and the CPNS decree issued.',
  },
  initiators: ['OPERATOR'],
  payloadSchema: penetapanNipPayloadSchema,
  outputSchema: penetapanNipOutputSchema,
  requiredDocuments: [
    { code: 'PENGUMUMAN_KELULUSAN', names: { id: 'Pengumuman kelulusan seleksi CPNS', en: 'Announcement of passing the CPNS selection' } },
    { code: 'DAFTAR_RIWAYAT_HIDUP', names: { id: 'Daftar riwayat hidup', en: 'Curriculum vitae' } },
    { code: 'IJAZAH', names: { id: 'Ijazah dan transkrip nilai', en: 'Diploma and transcript' }, maxBytes: 4 * 1024 * 1024 },
    { code: 'KTP', names: { id: 'Kartu Tanda Penduduk (KTP)', en: 'Identity card (KTP)' } },
    { code: 'SURAT_KETERANGAN_SEHAT', names: { id: 'Surat keterangan sehat jasmani dan rohani', en: 'Physical and mental health statement' } },
    { code: 'SKCK', names: { id: 'Surat keterangan catatan kepolisian (SKCK)', en: 'Police certificate of good conduct (SKCK)' } },
    { code: 'SURAT_BEBAS_NARKOTIKA', names: { id: 'Surat keterangan bebas narkotika', en: 'Drug-free statement' } },
  ],
  // SLAs: Pantau's defaults, of the order of BKN's service standard for NIP assignment.
  stages: [
    { code: 'PERSETUJUAN_PYB', names: { id: 'Menunggu persetujuan pejabat instansi (PyB)', en: 'Awaiting the agency official’s approval (PyB)' }, handler: 'AGENCY', role: 'APPROVER', slaWorkingDays: 3 },
    { code: 'VERIFIKASI_BKN', names: { id: 'Verifikasi BKN / Kanreg', en: 'BKN / regional office verification' }, handler: 'KANREG', role: 'VERIFIKATOR', slaWorkingDays: 5 },
    { code: 'PERTEK_NIP', names: { id: 'Persetujuan teknis (Pertek) penetapan NIP', en: 'Technical approval (Pertek) of the NIP' }, handler: 'KANREG', role: 'APPROVER', slaWorkingDays: 5 },
  ],
  completion: { names: { id: 'Penetapan NIP dan penerbitan SK CPNS', en: 'Assigning the NIP and issuing the CPNS decree' }, handler: 'AGENCY', role: 'OPERATOR', slaWorkingDays: 5 },
  returnedSlaWorkingDays: 10,
  examplePayload: {
    nama: 'Nadia Putri Ramadhani',
    nik: '3404014509990002',
    nomorPeserta: '24200110000123',
    tempatLahir: 'Sleman',
    tanggalLahir: '1999-09-05',
    jenisKelamin: 'F',
    pendidikan: { jenjang: 'S1', institusi: 'Universitas Gadjah Mada', jurusan: 'Ilmu Komputer', tahunLulus: 2021 },
    jabatan: 'Pranata Komputer Ahli Pertama',
    unitKerja: 'Dinas Komunikasi dan Informatika',
    kontak: { email: 'nadia.ramadhani@example.com', phone: '+6281227554310' },
    tmtCpns: '2026-03-01',
    golonganRuang: 'III/a',
  },
  exampleOutput: { nomorPertekNip: 'PERTEK-NIP/I/2026/00311', nomorSkCpns: '813.3/0102/2026', tanggalSkCpns: '2026-03-20' },
  candidate: {
    check: (payload, today) => numberIssues(() => nipPrefix(prefixParts(payload), { today }), FIELD_OF_PART),
    numberPrefix: (payload) => nipPrefix(prefixParts(payload)),
    numberField: 'nip',
    newEmployee: (ctx) => ({
      ...candidateRecord(ctx, ctx.payload.tmtCpns),
      kind: 'CPNS',
      tmtCpns: ctx.payload.tmtCpns,
      pangkat: { golongan: ctx.payload.golonganRuang, tmt: ctx.payload.tmtCpns },
    }),
  },
};
