import { z } from 'zod';
import type { ServiceType } from './types';

const isoDate = z.iso.date();

/**
 * Kinds of leave for PNS: PP 11/2017 art. 310 (tahunan, besar, sakit, melahirkan, alasan penting,
 * CLTN); for PPPK only tahunan, sakit, melahirkan (PP 49/2018 art. 30). Limits per kind are rules
 * of a later issue; here the shape is checked.
 */
export const LEAVE_KINDS = ['TAHUNAN', 'BESAR', 'SAKIT', 'MELAHIRKAN', 'ALASAN_PENTING', 'CLTN'] as const;

export const cutiPayloadSchema = z
  .strictObject({
    jenisCuti: z.enum(LEAVE_KINDS),
    tanggalMulai: isoDate,
    tanggalSelesai: isoDate,
    alasan: z.string().trim().min(3).max(500),
    alamatSelamaCuti: z.string().trim().min(3).max(300),
    nomorTeleponSelamaCuti: z.string().regex(/^\+62\d{8,13}$/).optional(),
  })
  .refine((p) => p.tanggalSelesai >= p.tanggalMulai, {
    path: ['tanggalSelesai'],
    message: 'tanggalSelesai must not be before tanggalMulai',
  });
export type CutiPayload = z.output<typeof cutiPayloadSchema>;

export const cutiOutputSchema = z.strictObject({
  nomorSuratCuti: z.string().trim().min(3).max(100),
  tanggalSurat: isoDate,
});
export type CutiOutput = z.output<typeof cutiOutputSchema>;

export const cuti: ServiceType<CutiPayload, CutiOutput> = {
  code: 'CUTI',
  names: { id: 'Cuti', en: 'Leave' },
  description: {
    id: 'Permohonan cuti pegawai: dipertimbangkan atasan langsung, diputuskan pejabat yang berwenang memberikan cuti (PYBMC).',
    en: "An employee's leave request: considered by the direct superior, decided by the official authorised to grant leave (PYBMC).",
  },
  initiators: ['PEGAWAI'],
  payloadSchema: cutiPayloadSchema,
  outputSchema: cutiOutputSchema,
  requiredDocuments: [{ code: 'FORMULIR_CUTI', names: { id: 'Formulir permintaan cuti', en: 'Leave request form' } }],
  // PP 11/2017 art. 311 ff.: the direct superior gives consideration, then PYBMC decides.
  stages: [
    { code: 'PERTIMBANGAN_ATASAN', names: { id: 'Pertimbangan atasan langsung', en: 'Direct superior consideration' }, handler: 'AGENCY', role: 'VERIFIKATOR', slaWorkingDays: 2 },
    { code: 'KEPUTUSAN_PYBMC', names: { id: 'Keputusan pejabat yang berwenang memberikan cuti', en: 'Decision of the official authorised to grant leave' }, handler: 'AGENCY', role: 'APPROVER', slaWorkingDays: 3 },
  ],
  completion: { names: { id: 'Penerbitan surat izin cuti', en: 'Issuing the leave letter' }, handler: 'AGENCY', role: 'OPERATOR', slaWorkingDays: 2 },
  returnedSlaWorkingDays: 5,
  examplePayload: {
    jenisCuti: 'TAHUNAN',
    tanggalMulai: '2026-12-14',
    tanggalSelesai: '2026-12-18',
    alasan: 'Keperluan keluarga',
    alamatSelamaCuti: 'Jl. Kaliurang Km 5, Sleman, DI Yogyakarta',
  },
  exampleOutput: { nomorSuratCuti: '800.1.11.4/123/2026', tanggalSurat: '2026-12-10' },
};
