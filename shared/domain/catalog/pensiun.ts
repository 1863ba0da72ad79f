import * as z from 'zod';
import { RECORDS_SYSTEMS } from './records-systems';
import type { Address, Employee } from '../employees';
import type { ServiceEligibility } from '../eligibility/types';
import type { FieldIssue } from '../errors';
import { birthDateFromNip, bupAgeOf, retirementDate } from '../sla/retirement';
import { addYears, firstOfNextMonth, tmtCpnsFromNip } from './dates';
import type { FilingContext, Names, ServiceType } from './types';

const isoDate = z.iso.date();

/** Why a PNS retires with a pension, with the rule each rests on. */
export const PENSION_KINDS = {
  BUP: {
    names: { id: 'Batas usia pensiun', en: 'Retirement age (BUP)' },
    source: 'PP 11/2017 art. 239: honourable discharge on reaching BUP (58/60/65 by position)',
  },
  ATAS_PERMINTAAN_SENDIRI: {
    names: { id: 'Atas permintaan sendiri (pensiun dini)', en: 'At own request (early retirement)' },
    source: 'PP 11/2017 art. 238 (discharge at own request) and art. 241: with a pension from age 45 and 20 years of service',
  },
  TIDAK_CAKAP_JASMANI_ROHANI: {
    names: { id: 'Tidak cakap jasmani dan/atau rohani (sakit/uzur)', en: 'Physically or mentally unfit (illness/infirmity)' },
    source: 'PP 11/2017 (discharge for unfitness, on a government health team finding); UU 11/1969 art. 9 (1) b–c on the pension right',
  },
  TEWAS: {
    names: { id: 'Tewas dalam menjalankan tugas', en: 'Killed in the line of duty' },
    source: 'UU 11/1969 (pension for the widow/widower and orphans of a PNS who is tewas); PP 11/2017 on discharge by death',
  },
  MENINGGAL_DUNIA: {
    names: { id: 'Meninggal dunia', en: 'Death' },
    source: 'UU 11/1969 (pension for the widow/widower and orphans); PP 11/2017 on discharge by death',
  },
} as const satisfies Record<string, { names: Names; source: string }>;
export type PensionKind = keyof typeof PENSION_KINDS;
const PENSION_KIND_CODES = Object.keys(PENSION_KINDS) as [PensionKind, ...PensionKind[]];

/** PP 11/2017 art. 241: early retirement carries a pension from this age and length of service. */
export const EARLY_RETIREMENT = { minAgeYears: 45, minServiceYears: 20 } as const;

/** A pension proposal may be filed from 12 months before the TMT pensiun (issue 5; the reminders agree). */
export const FILING_OPENS_MONTHS_BEFORE = 12;

const BY_DEATH: readonly PensionKind[] = ['TEWAS', 'MENINGGAL_DUNIA'];

export const pensiunPayloadSchema = z
  .strictObject({
    jenisPensiun: z.enum(PENSION_KIND_CODES),
    /** The pension starts on the 1st of a month (UU 11/1969: it is paid from the month after discharge). */
    tmtPensiun: isoDate.refine((d) => d.endsWith('-01'), { message: 'tmtPensiun must be the 1st of a month' }),
    alamatSetelahPensiun: z.string().trim().min(3).max(300),
    /** For TEWAS and MENINGGAL_DUNIA. */
    tanggalMeninggal: isoDate.optional(),
    /** For TIDAK_CAKAP_JASMANI_ROHANI: the government health team's finding. */
    nomorSuratTimPengujiKesehatan: z.string().trim().min(3).max(100).optional(),
    /** The family that receives the pension after the employee (required when it is by death). */
    ahliWaris: z
      .array(z.strictObject({ nama: z.string().trim().min(1).max(200), hubungan: z.enum(['SUAMI', 'ISTRI', 'ANAK']), tanggalLahir: isoDate }))
      .min(1)
      .max(20)
      .optional(),
  })
  .superRefine((p, ctx) => {
    if (BY_DEATH.includes(p.jenisPensiun)) {
      if (!p.tanggalMeninggal) ctx.addIssue({ code: 'custom', path: ['tanggalMeninggal'], message: `${p.jenisPensiun} needs tanggalMeninggal` });
      if (!p.ahliWaris) ctx.addIssue({ code: 'custom', path: ['ahliWaris'], message: `${p.jenisPensiun} needs the ahliWaris who receive the pension` });
    } else if (p.tanggalMeninggal) {
      ctx.addIssue({ code: 'custom', path: ['tanggalMeninggal'], message: `tanggalMeninggal is only for TEWAS or MENINGGAL_DUNIA` });
    }
    if (p.jenisPensiun === 'TIDAK_CAKAP_JASMANI_ROHANI' && !p.nomorSuratTimPengujiKesehatan) {
      ctx.addIssue({ code: 'custom', path: ['nomorSuratTimPengujiKesehatan'], message: 'TIDAK_CAKAP_JASMANI_ROHANI needs the health team letter number' });
    }
  });
export type PensiunPayload = z.output<typeof pensiunPayloadSchema>;

export const pensiunOutputSchema = z.strictObject({
  nomorSkPensiun: z.string().trim().min(3).max(100),
  tanggalSk: isoDate,
  tmtPensiun: isoDate,
});
export type PensiunOutput = z.output<typeof pensiunOutputSchema>;

/**
 * The employee's TMT pensiun at BUP: the birth date the NIP carries (UU 11/1969 art. 10: the one
 * recorded at appointment counts), else the record's; the age by position as the reminders job
 * computes it, so the rule and the reminders never disagree.
 */
export function employeeRetirementDate(employee: Employee): string {
  return retirementDate(birthDateFromNip(employee.nip) ?? employee.birthDate, bupAgeOf(employee));
}

/** The first day a BUP pension proposal may be filed. The TMT is a 1st, so a year earlier is exactly 12 months. */
export const pensionFilingOpensOn = (tmtPensiun: string): string => addYears(tmtPensiun, -FILING_OPENS_MONTHS_BEFORE / 12);

/** What the pension rules read of a payload: the eligibility list pre-fills all of it from the record. */
export type PensionTerms = Pick<PensiunPayload, 'jenisPensiun' | 'tmtPensiun' | 'tanggalMeninggal'>;

export function checkPensiun(payload: PensionTerms, ctx: FilingContext): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const { employee, today } = ctx;
  if (employee.status === 'PENSIUN') {
    issues.push({ path: 'employee.status', message: `the employee is already retired${employee.retirementDate ? ` (TMT ${employee.retirementDate})` : ''}` });
  }
  // The pension right of UU 11/1969 art. 9 is a PNS's; PPPK have none under it, and a CPNS is appointed PNS first.
  if (employee.kind !== 'PNS') {
    issues.push({ path: 'employee.kind', message: `a pension is for a PNS; this employee is ${employee.kind}` });
  }
  const bupDate = employeeRetirementDate(employee);

  switch (payload.jenisPensiun) {
    case 'BUP': {
      // PP 11/2017 art. 239: discharge on reaching BUP; TMT pensiun is the 1st of the next month.
      if (payload.tmtPensiun !== bupDate) {
        issues.push({ path: 'payload.tmtPensiun', message: `tmtPensiun at BUP (${bupAgeOf(employee)} years) is ${bupDate}, not ${payload.tmtPensiun}` });
      }
      const opensOn = pensionFilingOpensOn(bupDate);
      if (today < opensOn) {
        issues.push({ path: 'payload.tmtPensiun', message: `a BUP pension for ${bupDate} can be filed from ${opensOn} (${FILING_OPENS_MONTHS_BEFORE} months before), not on ${today}` });
      }
      break;
    }
    case 'ATAS_PERMINTAAN_SENDIRI': {
      if (payload.tmtPensiun >= bupDate) {
        issues.push({ path: 'payload.jenisPensiun', message: `tmtPensiun ${payload.tmtPensiun} is not before the BUP date ${bupDate}: file it as BUP` });
      }
      // PP 11/2017 art. 241: age 45 and 20 years of service, both reached by the TMT pensiun.
      const birth = birthDateFromNip(employee.nip) ?? employee.birthDate;
      const ageReached = addYears(birth, EARLY_RETIREMENT.minAgeYears);
      if (ageReached > payload.tmtPensiun) {
        issues.push({ path: 'payload.tmtPensiun', message: `early retirement with a pension needs age ${EARLY_RETIREMENT.minAgeYears} by tmtPensiun: reached on ${ageReached}` });
      }
      // Service counts from TMT CPNS: the record's, else the one the NIP encodes.
      const start = employee.tmtCpns ?? tmtCpnsFromNip(employee.nip);
      if (start !== undefined) {
        const serviceReached = addYears(start, EARLY_RETIREMENT.minServiceYears);
        if (serviceReached > payload.tmtPensiun) {
          issues.push({ path: 'payload.tmtPensiun', message: `early retirement with a pension needs ${EARLY_RETIREMENT.minServiceYears} years of service by tmtPensiun: from TMT CPNS ${start}, reached on ${serviceReached}` });
        }
      }
      break;
    }
    case 'TEWAS':
    case 'MENINGGAL_DUNIA': {
      // The family's pension runs from the month after death (UU 11/1969), so its TMT is that 1st.
      const died = payload.tanggalMeninggal;
      if (died !== undefined) {
        if (died > today) issues.push({ path: 'payload.tanggalMeninggal', message: `tanggalMeninggal ${died} is after today ${today}` });
        const expected = firstOfNextMonth(died);
        if (payload.tmtPensiun !== expected) {
          issues.push({ path: 'payload.tmtPensiun', message: `tmtPensiun after a death on ${died} is ${expected}, not ${payload.tmtPensiun}` });
        }
      }
      break;
    }
    case 'TIDAK_CAKAP_JASMANI_ROHANI':
      // Whether age and service matter depends on the cause (UU 11/1969 art. 9 (1) b–c), which
      // the health team's letter states: the verifiers judge it, not a rule here.
      break;
  }
  return issues;
}

/** A home address on one line, as the pension decree's address after retirement is written. */
const addressLine = (a: Address): string => `${a.jalan}, ${a.kelurahan}, ${a.kecamatan}, ${a.kabupatenKota}, ${a.provinsi} ${a.kodePos}`.trim();

/**
 * The BUP pension list: the agency's employees whose BUP pension may be filed now, that is whose
 * TMT pensiun at BUP is at most 12 months away (and those past it whose record shows no pension
 * yet, late), each with the BUP payload the record gives and the filing rules' verdict.
 */
export const pensionList: ServiceEligibility<PensiunPayload> = {
  names: { id: 'Daftar nominatif pensiun batas usia (BUP)', en: 'Retirement-age (BUP) pension list' },
  description: {
    id: 'Pegawai instansi yang mencapai batas usia pensiun dalam 12 bulan ke depan (atau sudah melewatinya tanpa pensiun tercatat), dengan TMT pensiunnya.',
    en: "The agency's employees who reach the retirement age (BUP) within the next 12 months (or have passed it with no pension on record), with their TMT pensiun.",
  },
  sources: [
    'PP 11/2017 art. 239: discharge at BUP (58, 60 or 65 by position), TMT pensiun the 1st of the next month',
    `A BUP pension is filed from ${FILING_OPENS_MONTHS_BEFORE} months before its TMT (Pantau's filing rule, which the retirement reminders share)`,
    'UU 11/1969: the pension right is a PNS\'s',
  ],
  querySchema: z.strictObject({}),
  concerns: (employee, _query, { today }) => pensionFilingOpensOn(employeeRetirementDate(employee)) <= today,
  prefill(employee) {
    const address = employee.address ? addressLine(employee.address) : undefined;
    // The spouse is an heir by law; which children are depends on age, marriage and work (UU
    // 11/1969), which the record does not say: the operator adds them.
    const spouses = (employee.family ?? []).filter((f) => f.hubungan === 'SUAMI' || f.hubungan === 'ISTRI');
    return {
      payload: {
        jenisPensiun: 'BUP',
        tmtPensiun: employeeRetirementDate(employee),
        ...(address && address.length >= 3 && address.length <= 300 ? { alamatSetelahPensiun: address } : {}),
        ...(spouses.length ? { ahliWaris: spouses.map(({ nama, hubungan, tanggalLahir }) => ({ nama, hubungan, tanggalLahir })) } : {}),
      },
    };
  },
  toFill: ['alamatSetelahPensiun'] satisfies (keyof PensiunPayload)[],
};

export const pensiun: ServiceType<PensiunPayload, PensiunOutput> = {
  code: 'PENSIUN',
  names: { id: 'Pensiun', en: 'Retirement with pension' },
  description: {
    id: 'Usul pemberhentian dengan hak pensiun (BUP, atas permintaan sendiri, atau sebab lain): verifikasi instansi, pertimbangan teknis Kanreg BKN, lalu SK oleh instansi.',
    en: 'A proposal to discharge with a pension (at BUP, at own request, or for another cause): agency verification, the BKN regional office\'s technical approval, then the agency issues the decree.',
  },
  initiators: ['OPERATOR'],
  payloadSchema: pensiunPayloadSchema,
  outputSchema: pensiunOutputSchema,
  requiredDocuments: [
    { code: 'DPCP', names: { id: 'Data perorangan calon penerima pensiun (DPCP)', en: 'Personal data of the pension recipient (DPCP)' } },
    { code: 'SK_CPNS', names: { id: 'SK pengangkatan CPNS', en: 'CPNS appointment decree' }, externalIn: RECORDS_SYSTEMS.SIASN_DMS },
    { code: 'SK_PANGKAT_TERAKHIR', names: { id: 'SK pangkat terakhir', en: 'Latest rank decree' }, externalIn: RECORDS_SYSTEMS.SIASN_DMS },
    { code: 'SURAT_PERNYATAAN_TIDAK_HUKDIS', names: { id: 'Surat pernyataan tidak pernah dijatuhi hukuman disiplin sedang/berat', en: 'Statement of no moderate or severe disciplinary sanction' } },
    { code: 'SUSUNAN_KELUARGA', names: { id: 'Kartu keluarga dan akta nikah', en: 'Family card and marriage certificate' } },
    { code: 'PAS_FOTO', names: { id: 'Pas foto', en: 'Passport photo' }, contentTypes: ['image/jpeg', 'image/png'], maxBytes: 1024 * 1024 },
  ],
  // The pension decree needs BKN's technical consideration (pertimbangan teknis), given by the
  // regional office. SLAs are Pantau defaults: each office's published standard replaces them as data.
  stages: [
    { code: 'VERIFIKASI_INSTANSI', names: { id: 'Verifikasi berkas oleh instansi', en: 'Agency verification' }, handler: 'AGENCY', role: 'VERIFIKATOR', slaWorkingDays: 5 },
    { code: 'VERIFIKASI_KANREG', names: { id: 'Verifikasi Kanreg BKN', en: 'BKN regional office verification' }, handler: 'KANREG', role: 'VERIFIKATOR', slaWorkingDays: 5 },
    { code: 'PERTEK_PENSIUN', names: { id: 'Pertimbangan teknis pensiun', en: 'Pension technical approval (Pertek)' }, handler: 'KANREG', role: 'APPROVER', slaWorkingDays: 5 },
  ],
  completion: { names: { id: 'Penerbitan SK pensiun', en: 'Issuing the pension decree' }, handler: 'AGENCY', role: 'OPERATOR', slaWorkingDays: 5 },
  returnedSlaWorkingDays: 10,
  // Like the seeded administrator born 1968-09-17 (NIP 196809171993031001): BUP 58, TMT 2026-10-01.
  examplePayload: {
    jenisPensiun: 'BUP',
    tmtPensiun: '2026-10-01',
    alamatSetelahPensiun: 'Jl. Taman Siswa No. 12, Mergangsan, Kota Yogyakarta',
    ahliWaris: [{ nama: 'Sulastri', hubungan: 'ISTRI', tanggalLahir: '1971-02-11' }],
  },
  exampleOutput: { nomorSkPensiun: '800.1.6.4/0456/2026', tanggalSk: '2026-08-14', tmtPensiun: '2026-10-01' },
  checkFiling: checkPensiun,
  eligibility: pensionList,
  onComplete: ({ employee, output }) => ({ employee: { ...employee, status: 'PENSIUN', retirementDate: output.tmtPensiun } }),
};
