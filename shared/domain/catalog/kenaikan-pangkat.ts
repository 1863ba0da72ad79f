import { z } from 'zod';
import type { ServiceType } from './types';

const isoDate = z.iso.date();

/** Golongan/ruang from I/a to IV/e (PP 99/2000 as amended by PP 12/2002). */
export const GOLONGAN = [
  'I/a', 'I/b', 'I/c', 'I/d',
  'II/a', 'II/b', 'II/c', 'II/d',
  'III/a', 'III/b', 'III/c', 'III/d',
  'IV/a', 'IV/b', 'IV/c', 'IV/d', 'IV/e',
] as const;

export const PROMOTION_KINDS = ['REGULER', 'PILIHAN_JABATAN_STRUKTURAL', 'PILIHAN_JABATAN_FUNGSIONAL', 'PENYESUAIAN_IJAZAH'] as const;
const SKP_RATINGS = ['SANGAT_BAIK', 'BAIK', 'BUTUH_PERBAIKAN', 'KURANG', 'SANGAT_KURANG'] as const;

export const kenaikanPangkatPayloadSchema = z
  .strictObject({
    jenisKenaikanPangkat: z.enum(PROMOTION_KINDS),
    golonganSaatIni: z.enum(GOLONGAN),
    golonganUsulan: z.enum(GOLONGAN),
    tmtGolonganSaatIni: isoDate,
    /** Periods: 1 Feb, Apr, Jun, Aug, Oct, Dec (Peraturan BKN 4/2023). */
    periode: isoDate.refine((d) => d.endsWith('-01') && [2, 4, 6, 8, 10, 12].includes(Number(d.slice(5, 7))), {
      message: 'periode must be the 1st of February, April, June, August, October or December',
    }),
    predikatSkp: z
      .array(z.strictObject({ tahun: z.number().int().min(2000).max(2100), predikat: z.enum(SKP_RATINGS) }))
      .length(2),
  })
  .refine((p) => GOLONGAN.indexOf(p.golonganUsulan) === GOLONGAN.indexOf(p.golonganSaatIni) + 1, {
    path: ['golonganUsulan'],
    message: 'golonganUsulan must be exactly one step above golonganSaatIni',
  });
export type KenaikanPangkatPayload = z.output<typeof kenaikanPangkatPayloadSchema>;

export const kenaikanPangkatOutputSchema = z.strictObject({
  nomorPertek: z.string().trim().min(3).max(100),
  nomorSk: z.string().trim().min(3).max(100),
  tanggalSk: isoDate,
  tmtGolonganBaru: isoDate,
});
export type KenaikanPangkatOutput = z.output<typeof kenaikanPangkatOutputSchema>;

export const kenaikanPangkat: ServiceType<KenaikanPangkatPayload, KenaikanPangkatOutput> = {
  code: 'KENAIKAN_PANGKAT',
  names: { id: 'Kenaikan Pangkat', en: 'Promotion' },
  description: {
    id: 'Usul kenaikan pangkat oleh instansi: persetujuan pejabat instansi, verifikasi dan pertimbangan teknis BKN, lalu SK oleh instansi.',
    en: "An agency's promotion proposal: agency official's approval, BKN verification and technical approval (Pertek), then the agency issues the decree.",
  },
  initiators: ['OPERATOR'],
  payloadSchema: kenaikanPangkatPayloadSchema,
  outputSchema: kenaikanPangkatOutputSchema,
  requiredDocuments: [
    { code: 'SK_PANGKAT_TERAKHIR', names: { id: 'SK pangkat terakhir', en: 'Latest rank decree' } },
    { code: 'SKP_DUA_TAHUN', names: { id: 'SKP dua tahun terakhir', en: 'Performance ratings of the last two years' } },
    { code: 'SK_JABATAN', names: { id: 'SK jabatan terakhir', en: 'Latest position decree' } },
  ],
  // The stages BKN's own tracking shows: PyB approval, BKN/Kanreg verification, Pertek.
  stages: [
    { code: 'PERSETUJUAN_PYB', names: { id: 'Menunggu persetujuan pejabat instansi (PyB)', en: 'Awaiting the agency official (PyB)' }, handler: 'AGENCY', role: 'APPROVER', slaWorkingDays: 3 },
    { code: 'VERIFIKASI_BKN', names: { id: 'Verifikasi BKN / Kanreg', en: 'BKN / regional office verification' }, handler: 'KANREG', role: 'VERIFIKATOR', slaWorkingDays: 5 },
    { code: 'PERTEK', names: { id: 'Persetujuan teknis (Pertek)', en: 'Technical approval (Pertek)' }, handler: 'KANREG', role: 'APPROVER', slaWorkingDays: 5 },
  ],
  completion: { names: { id: 'Pembuatan SK', en: 'Issuing the decree (SK)' }, handler: 'AGENCY', role: 'OPERATOR', slaWorkingDays: 5 },
  returnedSlaWorkingDays: 10,
  examplePayload: {
    jenisKenaikanPangkat: 'REGULER',
    golonganSaatIni: 'III/b',
    golonganUsulan: 'III/c',
    tmtGolonganSaatIni: '2022-04-01',
    periode: '2027-04-01',
    predikatSkp: [
      { tahun: 2025, predikat: 'BAIK' },
      { tahun: 2026, predikat: 'SANGAT_BAIK' },
    ],
  },
  exampleOutput: { nomorPertek: 'PERTEK-KP/I/2027/00123', nomorSk: '823.3/045/2027', tanggalSk: '2027-03-20', tmtGolonganBaru: '2027-04-01' },
};
