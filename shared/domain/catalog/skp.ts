import * as z from 'zod';
import type { FieldIssue } from '../errors';
import type { ServiceType } from './types';

/**
 * SKP (sasaran kinerja pegawai) in e-Kinerja: the employee proposes the year's performance targets,
 * the direct supervisor (a person, not a role) agrees them, and at the year's end the same
 * supervisor rates them. PP 30/2019 on performance appraisal art. 7–8 and Permenpan RB 6/2022
 * (rating predicates); the supervisor is the one on the employee's record.
 */
const PREDIKAT = ['SANGAT_BAIK', 'BAIK', 'BUTUH_PERBAIKAN', 'KURANG', 'SANGAT_KURANG'] as const;

export const skpPayloadSchema = z.strictObject({
  tahun: z.number().int().min(2000).max(2100),
  rencanaKinerja: z
    .array(z.strictObject({ indikator: z.string().trim().min(3).max(300), target: z.number().positive().max(1_000_000), satuan: z.string().trim().min(1).max(50) }))
    .min(1)
    .max(20),
});
export type SkpPayload = z.output<typeof skpPayloadSchema>;

export const skpOutputSchema = z.strictObject({
  predikat: z.enum(PREDIKAT),
  catatan: z.string().trim().max(1000).optional(),
});
export type SkpOutput = z.output<typeof skpOutputSchema>;

export const skp: ServiceType<SkpPayload, SkpOutput> = {
  code: 'SKP',
  names: { id: 'Sasaran Kinerja Pegawai (SKP)', en: 'Performance targets (SKP)' },
  description: {
    id: 'Rencana kinerja tahunan pegawai: disetujui atasan langsung, lalu dinilai atasan langsung di akhir tahun.',
    en: 'An employee’s yearly performance targets: agreed by the direct supervisor, then rated by them at the end of the year.',
  },
  initiators: ['PEGAWAI'],
  payloadSchema: skpPayloadSchema,
  outputSchema: skpOutputSchema,
  requiredDocuments: [],
  stages: [
    { code: 'PERSETUJUAN_ATASAN', names: { id: 'Persetujuan rencana kinerja oleh atasan langsung', en: 'Direct supervisor agrees the targets' }, handler: 'SUPERVISOR', role: 'PEGAWAI', slaWorkingDays: 5 },
  ],
  // The rating waits for the year's end: its clock is long on purpose (Pantau default).
  completion: { names: { id: 'Penilaian kinerja akhir tahun oleh atasan langsung', en: 'Year-end rating by the direct supervisor' }, handler: 'SUPERVISOR', role: 'PEGAWAI', slaWorkingDays: 260 },
  returnedSlaWorkingDays: 5,
  examplePayload: {
    tahun: 2027,
    rencanaKinerja: [
      { indikator: 'Persentase usul layanan kepegawaian diproses tepat waktu', target: 95, satuan: 'persen' },
      { indikator: 'Jumlah data pegawai yang dimutakhirkan', target: 1200, satuan: 'data' },
    ],
  },
  exampleOutput: { predikat: 'BAIK', catatan: 'Target tercapai; perlu peningkatan ketepatan waktu di triwulan IV.' },
  checkFiling(payload, { today }): FieldIssue[] {
    const year = Number(today.slice(0, 4));
    // Targets are set for the running year, or the next one in its last months.
    return payload.tahun === year || payload.tahun === year + 1 ? [] : [{ path: 'payload.tahun', message: `targets are for ${year} or ${year + 1}, not ${payload.tahun}` }];
  },
  onComplete: ({ employee, payload, output }) => ({
    employee: { ...employee, skp: [...(employee.skp ?? []).filter((s) => s.tahun !== payload.tahun), { tahun: payload.tahun, predikat: output.predikat }] },
  }),
};
