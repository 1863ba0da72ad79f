import * as z from 'zod';
import { RECORDS_SYSTEMS } from './records-systems';
import type { FieldIssue } from '../errors';
import type { ServiceEligibility } from '../eligibility/types';
import { addYears, tmtCpnsFromNip } from './dates';
import type { FilingContext, ServiceType } from './types';

const isoDate = z.iso.date();
const documentNumber = z.string().trim().min(3).max(100);

/**
 * The probation period: PP 11/2017 art. 34 puts a CPNS on probation for one year from the TMT
 * CPNS; UU 20/2023 on ASN keeps the probation and leaves its details to that regulation.
 */
export const PROBATION_YEARS = 1;

export const pengangkatanPnsPayloadSchema = z
  .strictObject({
    tmtCpns: isoDate,
    nomorSkCpns: documentNumber,
    // PP 11/2017 art. 35–37: the probation is served through integrated basic training (latihan
    // dasar, LATSAR), and appointment as PNS needs it passed and a health statement (jasmani and rohani).
    nomorSertifikatLatsar: documentNumber,
    tanggalSertifikatLatsar: isoDate,
    nomorSuratKeteranganSehat: documentNumber,
    tanggalSuratKeteranganSehat: isoDate,
  })
  .refine((p) => p.tanggalSertifikatLatsar >= p.tmtCpns, {
    path: ['tanggalSertifikatLatsar'],
    message: 'tanggalSertifikatLatsar must not be before tmtCpns: the basic training belongs to the probation',
  });
export type PengangkatanPnsPayload = z.output<typeof pengangkatanPnsPayloadSchema>;

export const pengangkatanPnsOutputSchema = z.strictObject({
  nomorSkPns: documentNumber,
  tanggalSk: isoDate,
  tmtPns: isoDate,
});
export type PengangkatanPnsOutput = z.output<typeof pengangkatanPnsOutputSchema>;

/** The first day a CPNS with this TMT may be appointed PNS: a full year on (29 Feb → 1 Mar). */
export const firstPnsEligibleDate = (tmtCpns: string): string => addYears(tmtCpns, PROBATION_YEARS);

/** The rules read the TMT CPNS alone: the eligibility list pre-fills it from the record. */
export function checkPengangkatanPns(payload: Pick<PengangkatanPnsPayload, 'tmtCpns'>, ctx: FilingContext): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const { employee } = ctx;
  // Only a CPNS is appointed PNS (PP 11/2017 art. 37); a PNS already is one, a PPPK never becomes one this way.
  if (employee.kind !== 'CPNS') {
    issues.push({ path: 'employee.kind', message: `only a CPNS can be appointed PNS; this employee is ${employee.kind}` });
  }
  // The record's TMT CPNS, when it has one, is what the probation counts from.
  if (employee.tmtCpns !== undefined && employee.tmtCpns !== payload.tmtCpns) {
    issues.push({ path: 'payload.tmtCpns', message: `tmtCpns is ${payload.tmtCpns} but the employee's TMT CPNS on record is ${employee.tmtCpns}` });
  }
  const since = employee.tmtCpns ?? payload.tmtCpns;
  const eligible = firstPnsEligibleDate(since);
  if (ctx.today < eligible) {
    issues.push({
      path: 'payload.tmtCpns',
      message: `the probation of ${PROBATION_YEARS} year from TMT CPNS ${since} (PP 11/2017 art. 34) is not over on ${ctx.today}; the first eligible date is ${eligible}`,
    });
  }
  return issues;
}

/**
 * The appointment list: the agency's CPNS, each with the TMT CPNS the record gives (or the NIP
 * encodes) and whether the probation year is over. The decree, LATSAR and health statement
 * numbers are the operator's to type: no record holds them.
 */
export const appointmentList: ServiceEligibility<PengangkatanPnsPayload> = {
  names: { id: 'Daftar nominatif pengangkatan CPNS menjadi PNS', en: 'CPNS-to-PNS appointment list' },
  description: {
    id: 'CPNS instansi: yang sudah menjalani masa percobaan satu tahun dan yang belum, dengan tanggal paling awal dapat diangkat.',
    en: "The agency's CPNS: who has served the one-year probation and who has not yet, with the first date they can be appointed.",
  },
  sources: [
    'PP 11/2017 art. 34: one year of probation from the TMT CPNS',
    'PP 11/2017 art. 35–37: the probation through basic training (LATSAR) and a health statement, then appointment by the PPK',
  ],
  querySchema: z.strictObject({}),
  concerns: (employee) => employee.kind === 'CPNS',
  prefill(employee) {
    const tmtCpns = employee.tmtCpns ?? tmtCpnsFromNip(employee.nip);
    if (tmtCpns === undefined) return { missing: [{ path: 'employee.tmtCpns', message: 'no TMT CPNS on record, and the NIP encodes none' }] };
    return { payload: { tmtCpns } };
  },
  toFill: ['nomorSkCpns', 'nomorSertifikatLatsar', 'tanggalSertifikatLatsar', 'nomorSuratKeteranganSehat', 'tanggalSuratKeteranganSehat'] satisfies (keyof PengangkatanPnsPayload)[],
};

export const pengangkatanPns: ServiceType<PengangkatanPnsPayload, PengangkatanPnsOutput> = {
  code: 'PENGANGKATAN_PNS',
  names: { id: 'Pengangkatan CPNS menjadi PNS', en: 'Appointment of a CPNS as PNS' },
  description: {
    id: 'Usul pengangkatan CPNS menjadi PNS setelah masa percobaan satu tahun, lulus latihan dasar dan sehat jasmani rohani: diverifikasi instansi, ditetapkan PPK.',
    en: 'Appointing a CPNS as PNS after the one-year probation, with basic training passed and a health statement: verified by the agency, decided by its staffing official (PPK).',
  },
  initiators: ['OPERATOR'],
  payloadSchema: pengangkatanPnsPayloadSchema,
  outputSchema: pengangkatanPnsOutputSchema,
  requiredDocuments: [
    { code: 'SK_CPNS', names: { id: 'SK pengangkatan CPNS', en: 'CPNS appointment decree' }, externalIn: RECORDS_SYSTEMS.SIASN_DMS },
    { code: 'SPMT', names: { id: 'Surat pernyataan melaksanakan tugas (SPMT)', en: 'Statement of taking up duty (SPMT)' } },
    { code: 'SERTIFIKAT_LATSAR', names: { id: 'Sertifikat latihan dasar CPNS (LATSAR)', en: 'CPNS basic training certificate (LATSAR)' } },
    { code: 'SURAT_KETERANGAN_SEHAT', names: { id: 'Surat keterangan sehat jasmani dan rohani', en: 'Physical and mental health statement' } },
    { code: 'PENILAIAN_KINERJA_MASA_PERCOBAAN', names: { id: 'Penilaian kinerja selama masa percobaan', en: 'Performance rating during probation' } },
  ],
  // PP 11/2017 art. 37: the PPK appoints the CPNS as PNS. No BKN stage: the agency decides.
  // SLAs are Pantau defaults; BKN publishes no service standard for this agency-internal step.
  stages: [
    { code: 'VERIFIKASI_INSTANSI', names: { id: 'Verifikasi berkas oleh instansi', en: 'Agency verification' }, handler: 'AGENCY', role: 'VERIFIKATOR', slaWorkingDays: 5 },
    { code: 'PERSETUJUAN_PPK', names: { id: 'Persetujuan pejabat pembina kepegawaian (PPK)', en: "Staffing official's (PPK) approval" }, handler: 'AGENCY', role: 'APPROVER', slaWorkingDays: 5 },
  ],
  completion: { names: { id: 'Penerbitan SK PNS', en: 'Issuing the PNS decree' }, handler: 'AGENCY', role: 'OPERATOR', slaWorkingDays: 5 },
  returnedSlaWorkingDays: 10,
  // A CPNS like the seeded one with TMT CPNS 2025-01-01: eligible from 2026-01-01.
  examplePayload: {
    tmtCpns: '2025-01-01',
    nomorSkCpns: '813.3/0117/2024',
    nomorSertifikatLatsar: 'LATSAR-III/2025/04512',
    tanggalSertifikatLatsar: '2025-09-26',
    nomorSuratKeteranganSehat: '445/1202/RSUD/2025',
    tanggalSuratKeteranganSehat: '2025-12-05',
  },
  exampleOutput: { nomorSkPns: '821.13/0021/2026', tanggalSk: '2026-01-20', tmtPns: '2026-02-01' },
  checkFiling: checkPengangkatanPns,
  eligibility: appointmentList,
  // The employee is a PNS from the decree's TMT; nothing else on the record changes.
  onComplete: ({ employee, output }) => ({ employee: { ...employee, kind: 'PNS', tmtPns: output.tmtPns } }),
};
