import * as z from 'zod';
import { niPppkPrefix } from '../nip';
import { candidateFields, candidateRecord, numberIssues } from './candidates';
import type { ServiceType } from './types';

const isoDate = z.iso.date();
const documentNumber = z.string().trim().min(3).max(100);

/** PPPK pay grades I–XVII (Perpres 98/2020 on PPPK salaries and allowances), not PNS golongan/ruang. */
export const GOLONGAN_PPPK = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII', 'XIII', 'XIV', 'XV', 'XVI', 'XVII'] as const;

/**
 * The employee number of a new PPPK (NI PPPK): proposed by the agency for each candidate who
 * passed the PPPK selection, approved by BKN; completion draws the number (see ../nip.ts on its
 * format: birth date, appointment year, two digits of the intake, sex, sequence).
 */
export const penetapanNiPppkPayloadSchema = z.strictObject({
  ...candidateFields,
  /** TMT of the work agreement: the NI PPPK carries its year. */
  tmtPppk: isoDate,
  /**
   * The 13th–14th digits, as BKN's intake (pengadaan) gives them: public sources do not settle
   * their meaning, so Pantau takes them as given and does not interpret them.
   */
  kodePengadaan: z.string().regex(/^\d{2}$/, 'two digits'),
  golongan: z.enum(GOLONGAN_PPPK),
  /** The work agreement runs at least one year and may be extended (PP 49/2018 art. 37 (1)); Pantau caps it at five. */
  masaPerjanjianKerjaTahun: z.number().int().min(1).max(5),
});
export type PenetapanNiPppkPayload = z.output<typeof penetapanNiPppkPayloadSchema>;

export const penetapanNiPppkOutputSchema = z.strictObject({
  nomorPertekNiPppk: documentNumber,
  nomorSkPppk: documentNumber,
  nomorPerjanjianKerja: documentNumber,
  tanggalSk: isoDate,
});
export type PenetapanNiPppkOutput = z.output<typeof penetapanNiPppkOutputSchema>;

const prefixParts = (p: PenetapanNiPppkPayload) => ({
  birthDate: p.tanggalLahir,
  appointmentYear: Number(p.tmtPppk.slice(0, 4)),
  middleDigits: p.kodePengadaan,
  sex: p.jenisKelamin,
});
const FIELD_OF_PART = { birthDate: 'tanggalLahir', appointmentYear: 'tmtPppk', middleDigits: 'kodePengadaan', sex: 'jenisKelamin' };

export const penetapanNiPppk: ServiceType<PenetapanNiPppkPayload, PenetapanNiPppkOutput> = {
  code: 'PENETAPAN_NI_PPPK',
  names: { id: 'Penetapan NI PPPK', en: 'Assigning the employee number of a PPPK' },
  description: {
    id: 'Usul penetapan Nomor Induk PPPK bagi peserta yang lulus seleksi PPPK: disetujui pejabat instansi, diverifikasi dan disetujui BKN, lalu NI PPPK ditetapkan, SK dan perjanjian kerja diterbitkan.',
    en: 'Proposing the employee number (NI PPPK) of a candidate who passed the PPPK selection: approved by the agency, verified and approved by BKN, then the number is assigned and the decree and work agreement issued.',
  },
  initiators: ['OPERATOR'],
  payloadSchema: penetapanNiPppkPayloadSchema,
  outputSchema: penetapanNiPppkOutputSchema,
  requiredDocuments: [
    { code: 'PENGUMUMAN_KELULUSAN', names: { id: 'Pengumuman kelulusan seleksi PPPK', en: 'Announcement of passing the PPPK selection' } },
    { code: 'DAFTAR_RIWAYAT_HIDUP', names: { id: 'Daftar riwayat hidup', en: 'Curriculum vitae' } },
    { code: 'IJAZAH', names: { id: 'Ijazah dan transkrip nilai', en: 'Diploma and transcript' }, maxBytes: 4 * 1024 * 1024 },
    { code: 'KTP', names: { id: 'Kartu Tanda Penduduk (KTP)', en: 'Identity card (KTP)' } },
    { code: 'SURAT_KETERANGAN_SEHAT', names: { id: 'Surat keterangan sehat jasmani dan rohani', en: 'Physical and mental health statement' } },
    { code: 'SKCK', names: { id: 'Surat keterangan catatan kepolisian (SKCK)', en: 'Police certificate of good conduct (SKCK)' } },
  ],
  stages: [
    { code: 'PERSETUJUAN_PYB', names: { id: 'Menunggu persetujuan pejabat instansi (PyB)', en: 'Awaiting the agency official’s approval (PyB)' }, handler: 'AGENCY', role: 'APPROVER', slaWorkingDays: 3 },
    { code: 'VERIFIKASI_BKN', names: { id: 'Verifikasi BKN / Kanreg', en: 'BKN / regional office verification' }, handler: 'KANREG', role: 'VERIFIKATOR', slaWorkingDays: 5 },
    { code: 'PERTEK_NI_PPPK', names: { id: 'Persetujuan teknis (Pertek) penetapan NI PPPK', en: 'Technical approval (Pertek) of the NI PPPK' }, handler: 'KANREG', role: 'APPROVER', slaWorkingDays: 5 },
  ],
  completion: { names: { id: 'Penetapan NI PPPK, penerbitan SK dan perjanjian kerja', en: 'Assigning the NI PPPK, issuing the decree and work agreement' }, handler: 'AGENCY', role: 'OPERATOR', slaWorkingDays: 5 },
  returnedSlaWorkingDays: 10,
  examplePayload: {
    nama: 'Yohanes Kristianto',
    nik: '3471021204930003',
    nomorPeserta: '25300120000457',
    tempatLahir: 'Yogyakarta',
    tanggalLahir: '1993-04-12',
    jenisKelamin: 'M',
    pendidikan: { jenjang: 'S1', institusi: 'Universitas Negeri Yogyakarta', jurusan: 'Pendidikan Matematika', tahunLulus: 2016 },
    jabatan: 'Guru Ahli Pertama',
    unitKerja: 'SMP Negeri 5 Yogyakarta',
    kontak: { email: 'yohanes.kristianto@example.com', phone: '+6281328774120' },
    tmtPppk: '2026-04-01',
    kodePengadaan: '21',
    golongan: 'IX',
    masaPerjanjianKerjaTahun: 5,
  },
  exampleOutput: { nomorPertekNiPppk: 'PERTEK-PPPK/I/2026/01207', nomorSkPppk: '800.1.13.2/0311/2026', nomorPerjanjianKerja: 'PK/0311/2026', tanggalSk: '2026-03-25' },
  candidate: {
    check: (payload, today) => numberIssues(() => niPppkPrefix(prefixParts(payload), { today }), FIELD_OF_PART),
    numberPrefix: (payload) => niPppkPrefix(prefixParts(payload)),
    numberField: 'niPppk',
    newEmployee: (ctx) => ({
      ...candidateRecord(ctx, ctx.payload.tmtPppk),
      kind: 'PPPK',
      pangkat: { golongan: ctx.payload.golongan, tmt: ctx.payload.tmtPppk },
    }),
  },
};
