import * as z from 'zod';
import { RECORDS_SYSTEMS } from './records-systems';
import type { FieldIssue } from '../errors';
import { isWindowOpen, nextWindow, PROMOTION_PERIOD_MONTHS } from '../sla/windows';
import { addYears, formatSpan, spanBetween } from './dates';
import { bupAgeOf, retirementDate } from '../sla/retirement';
import type { Employee } from '../employees';
import type { ServiceEligibility } from '../eligibility/types';
import type { FilingContext, Names, ServiceType } from './types';

const isoDate = z.iso.date();

/** Golongan/ruang from I/a to IV/e (PP 99/2000 as amended by PP 12/2002). */
export const GOLONGAN = [
  'I/a', 'I/b', 'I/c', 'I/d',
  'II/a', 'II/b', 'II/c', 'II/d',
  'III/a', 'III/b', 'III/c', 'III/d',
  'IV/a', 'IV/b', 'IV/c', 'IV/d', 'IV/e',
] as const;
export type Golongan = (typeof GOLONGAN)[number];

/**
 * The pangkat each golongan/ruang carries (PP 99/2000, Lampiran I: the ranks and their order). A pangkat is a
 * title, written the same in English documents: both names are the Indonesian title.
 */
const pangkat = (title: string): Names => ({ id: title, en: title });
export const PANGKAT_NAMES: Readonly<Record<Golongan, Names>> = {
  'I/a': pangkat('Juru Muda'),
  'I/b': pangkat('Juru Muda Tingkat I'),
  'I/c': pangkat('Juru'),
  'I/d': pangkat('Juru Tingkat I'),
  'II/a': pangkat('Pengatur Muda'),
  'II/b': pangkat('Pengatur Muda Tingkat I'),
  'II/c': pangkat('Pengatur'),
  'II/d': pangkat('Pengatur Tingkat I'),
  'III/a': pangkat('Penata Muda'),
  'III/b': pangkat('Penata Muda Tingkat I'),
  'III/c': pangkat('Penata'),
  'III/d': pangkat('Penata Tingkat I'),
  'IV/a': pangkat('Pembina'),
  'IV/b': pangkat('Pembina Tingkat I'),
  'IV/c': pangkat('Pembina Utama Muda'),
  'IV/d': pangkat('Pembina Utama Madya'),
  'IV/e': pangkat('Pembina Utama'),
};

export const PROMOTION_KINDS = ['REGULER', 'PILIHAN_JABATAN_STRUKTURAL', 'PILIHAN_JABATAN_FUNGSIONAL', 'PENYESUAIAN_IJAZAH'] as const;
const SKP_RATINGS = ['SANGAT_BAIK', 'BAIK', 'BUTUH_PERBAIKAN', 'KURANG', 'SANGAT_KURANG'] as const;
/** The ratings (PermenPANRB 6/2022's predikat kinerja) that are at least "baik". */
const AT_LEAST_BAIK: readonly string[] = ['SANGAT_BAIK', 'BAIK'];

/** Periods: 1 Feb, Apr, Jun, Aug, Oct, Dec (Peraturan BKN 4/2023). The payload's and the eligibility list's. */
export const promotionPeriodSchema = isoDate.refine((d) => d.endsWith('-01') && (PROMOTION_PERIOD_MONTHS as readonly number[]).includes(Number(d.slice(5, 7))), {
  message: 'periode must be the 1st of February, April, June, August, October or December',
});

export const kenaikanPangkatPayloadSchema = z
  .strictObject({
    jenisKenaikanPangkat: z.enum(PROMOTION_KINDS),
    golonganSaatIni: z.enum(GOLONGAN),
    golonganUsulan: z.enum(GOLONGAN),
    tmtGolonganSaatIni: isoDate,
    periode: promotionPeriodSchema,
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

/** Years in the current rank a regular promotion needs: PP 99/2000 art. 7 as amended by PP 12/2002. */
export const REGULAR_YEARS_IN_RANK = 4;

/**
 * The filing rules. Issues name the numbers so an operator can act on them without asking.
 * Paths are the request's: `payload.*` for the payload, `employee.*` for the record.
 */
export function checkKenaikanPangkat(payload: KenaikanPangkatPayload, ctx: FilingContext): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const { employee } = ctx;

  // Kenaikan pangkat is a PNS's (PP 99/2000 art. 1–2); a CPNS first becomes PNS, and PPPK hold no
  // pangkat (their golongan is a pay grade: PP 49/2018, UU 20/2023).
  if (employee.kind !== 'PNS') {
    issues.push({ path: 'employee.kind', message: `only a PNS can be promoted; this employee is ${employee.kind}` });
  }

  // A PNS is discharged on reaching BUP, from the 1st of the next month (PP 11/2017 art. 239): a
  // promotion whose TMT (the period) falls on or after that day would take effect out of service.
  // (The rank a retiring PNS may get, kenaikan pangkat pengabdian, is not this service.)
  const retiresOn = retirementDate(employee.birthDate, bupAgeOf(employee));
  if (payload.periode >= retiresOn) {
    issues.push({
      path: 'payload.periode',
      message: `the employee reaches the retirement age (BUP ${bupAgeOf(employee)}) and retires on ${retiresOn}, not after the period ${payload.periode}: a regular promotion takes effect only in service (PP 11/2017 art. 239)`,
    });
  }

  const recorded = employee.pangkat;
  if (recorded?.golongan !== payload.golonganSaatIni) {
    issues.push({
      path: 'payload.golonganSaatIni',
      message: `golonganSaatIni is ${payload.golonganSaatIni} but the employee's current rank on record is ${recorded?.golongan ?? 'not recorded'}`,
    });
  }

  // PP 99/2000 art. 7 (as amended by PP 12/2002): a regular promotion needs at least 4 years in
  // the current rank, counted to the period (the new rank's TMT). The record's TMT is what BKN
  // checks; the payload's is used only when the record has none for this rank.
  if (payload.jenisKenaikanPangkat === 'REGULER') {
    const since = recorded?.golongan === payload.golonganSaatIni ? recorded.tmt : payload.tmtGolonganSaatIni;
    const eligibleFrom = addYears(since, REGULAR_YEARS_IN_RANK);
    if (eligibleFrom > payload.periode) {
      issues.push({
        path: 'payload.periode',
        message: `a regular promotion needs ${REGULAR_YEARS_IN_RANK} years in rank ${payload.golonganSaatIni} by the period ${payload.periode}: in rank since ${since}, so ${formatSpan(spanBetween(payload.periode, eligibleFrom))} short; eligible from ${eligibleFrom}`,
      });
    }
  }

  // The ratings named must be the record's where it has them, as the rank is (SKP proposals
  // completed in Pantau write them there); a year the record lacks is taken as given.
  for (const rating of payload.predikatSkp) {
    // A year recorded twice counts as its last entry, as the list's pre-fill reads it.
    const recorded = employee.skp?.findLast((s) => s.tahun === rating.tahun);
    if (recorded && recorded.predikat !== rating.predikat) {
      issues.push({ path: 'payload.predikatSkp', message: `predikatSkp for ${rating.tahun} is ${rating.predikat} but the employee's SKP rating on record for ${rating.tahun} is ${recorded.predikat}` });
    }
  }
  if (payload.jenisKenaikanPangkat === 'REGULER') {
    // PP 99/2000 art. 7 (as amended by PP 12/2002): a regular promotion needs each of the last
    // two years' performance ratings at least "baik": two ratings of two different years.
    const [first, second] = payload.predikatSkp;
    if (first && second && first.tahun === second.tahun) {
      issues.push({ path: 'payload.predikatSkp', message: `a regular promotion needs the SKP ratings of two different years; both given are for ${first.tahun}` });
    }
    for (const rating of payload.predikatSkp.filter((r) => !AT_LEAST_BAIK.includes(r.predikat))) {
      issues.push({ path: 'payload.predikatSkp', message: `a regular promotion needs an SKP rating of at least BAIK in each of the last two years; ${rating.tahun} is rated ${rating.predikat}` });
    }
  }

  // Peraturan BKN 4/2023: proposals for a period are filed in its submission window (data set by
  // BKN admins per year, or Pantau's default). Outside it, name the window that is open or next.
  const window = ctx.windows.find((w) => w.period === payload.periode);
  if (!window || !isWindowOpen(window, ctx.today)) {
    const next = nextWindow(ctx.windows, ctx.today);
    const why = window
      ? `the submission window for the period ${payload.periode} is ${window.opensOn} to ${window.closesOn}, not open on ${ctx.today}`
      : `no submission window is set for the period ${payload.periode}`;
    const hint = next
      ? isWindowOpen(next, ctx.today)
        ? `; the open window is for the period ${next.period}, until ${next.closesOn}`
        : `; the next window is for the period ${next.period}, open from ${next.opensOn} to ${next.closesOn}`
      : '; no later window is set yet';
    issues.push({ path: 'payload.periode', message: why + hint });
  }
  return issues;
}

/** The list's query: the period it is for. */
const promotionListQuery = z.strictObject({
  periode: z.string({ error: 'periode is required: the promotion period, e.g. 2027-02-01' }).pipe(promotionPeriodSchema),
});

/** The latest two years' SKP ratings on record, oldest first (a year recorded twice: its last entry). */
function lastTwoRatings(employee: Employee): { tahun: number; predikat: string }[] {
  const byYear = new Map((employee.skp ?? []).map((s) => [s.tahun, s.predikat] as const));
  return [...byYear].sort(([a], [b]) => a - b).slice(-2).map(([tahun, predikat]) => ({ tahun, predikat }));
}

/**
 * The regular promotion list for a period (daftar nominatif kenaikan pangkat): the agency's PNS,
 * each with the payload the record gives (rank and TMT, the next golongan, the last two SKP
 * ratings) and the filing rules' verdict on it.
 */
export const promotionList: ServiceEligibility<KenaikanPangkatPayload, z.output<typeof promotionListQuery>> = {
  names: { id: 'Daftar nominatif kenaikan pangkat reguler', en: 'Regular promotion list' },
  description: {
    id: 'PNS instansi untuk satu periode kenaikan pangkat: yang memenuhi syarat kenaikan pangkat reguler dan yang belum, dengan kekurangannya.',
    en: "The agency's PNS for one promotion period: who meets a regular promotion's requirements and who does not yet, with what is short.",
  },
  sources: [
    'PP 99/2000 art. 7 as amended by PP 12/2002: 4 years in the current rank by the period, and each of the last two years rated at least baik',
    'Peraturan BKN 4/2023: the periods (1 Feb, Apr, Jun, Aug, Oct, Dec) and their submission windows',
  ],
  querySchema: promotionListQuery,
  // A promotion is a PNS's: a CPNS is appointed PNS first and a PPPK holds no pangkat, so the
  // list is of PNS (filing for the others is refused by the rule's own kind check).
  concerns: (employee) => employee.kind === 'PNS',
  prefill(employee, { periode }) {
    const missing: FieldIssue[] = [];
    const pangkat = employee.pangkat;
    const at = pangkat ? (GOLONGAN as readonly string[]).indexOf(pangkat.golongan) : -1;
    if (!pangkat) missing.push({ path: 'employee.pangkat', message: 'no pangkat (golongan/ruang) on record: the current rank and its TMT come from it' });
    else if (at < 0) missing.push({ path: 'employee.pangkat.golongan', message: `the golongan on record, ${pangkat.golongan}, is not one of I/a to IV/e` });
    else if (at === GOLONGAN.length - 1) missing.push({ path: 'employee.pangkat.golongan', message: 'IV/e is the highest golongan: there is no rank above it' });
    const ratings = lastTwoRatings(employee);
    if (ratings.length < 2) {
      missing.push({ path: 'employee.skp', message: `a promotion names the SKP ratings of the last two years; the record has ${ratings.length === 0 ? 'none' : `only ${ratings[0]!.tahun}`}` });
    }
    if (missing.length || !pangkat) return { missing };
    return {
      payload: {
        jenisKenaikanPangkat: 'REGULER',
        golonganSaatIni: GOLONGAN[at]!,
        golonganUsulan: GOLONGAN[at + 1]!,
        tmtGolonganSaatIni: pangkat.tmt,
        periode,
        // As recorded: a rating outside the schema's list fails the payload's check, named on the row.
        predikatSkp: ratings as KenaikanPangkatPayload['predikatSkp'],
      },
    };
  },
  toFill: [],
};

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
    { code: 'SK_PANGKAT_TERAKHIR', names: { id: 'SK pangkat terakhir', en: 'Latest rank decree' }, externalIn: RECORDS_SYSTEMS.SIASN_DMS },
    { code: 'SKP_DUA_TAHUN', names: { id: 'SKP dua tahun terakhir', en: 'Performance ratings of the last two years' }, externalIn: RECORDS_SYSTEMS.E_KINERJA },
    { code: 'SK_JABATAN', names: { id: 'SK jabatan terakhir', en: 'Latest position decree' }, externalIn: RECORDS_SYSTEMS.SIASN_DMS },
  ],
  // SLAs are Pantau defaults, not BKN's published standard: each office's own standard replaces them as data.
  // The stages BKN's own tracking shows: PyB approval, BKN/Kanreg verification, Pertek.
  stages: [
    { code: 'PERSETUJUAN_PYB', names: { id: 'Menunggu persetujuan pejabat instansi (PyB)', en: 'Awaiting the agency official (PyB)' }, handler: 'AGENCY', role: 'APPROVER', slaWorkingDays: 3 },
    { code: 'VERIFIKASI_BKN', names: { id: 'Verifikasi BKN / Kanreg', en: 'BKN / regional office verification' }, handler: 'KANREG', role: 'VERIFIKATOR', slaWorkingDays: 5 },
    { code: 'PERTEK', names: { id: 'Persetujuan teknis (Pertek)', en: 'Technical approval (Pertek)' }, handler: 'KANREG', role: 'APPROVER', slaWorkingDays: 5 },
  ],
  completion: { names: { id: 'Pembuatan SK', en: 'Issuing the decree (SK)' }, handler: 'AGENCY', role: 'OPERATOR', slaWorkingDays: 5 },
  returnedSlaWorkingDays: 10,
  hasSubmissionWindows: true,
  examplePayload: {
    jenisKenaikanPangkat: 'REGULER',
    golonganSaatIni: 'III/b',
    golonganUsulan: 'III/c',
    tmtGolonganSaatIni: '2022-04-01',
    // The February 2027 period: its default window (2026-11-01 to 2026-12-31) is the one open in the fixtures' November.
    periode: '2027-02-01',
    predikatSkp: [
      { tahun: 2025, predikat: 'BAIK' },
      { tahun: 2026, predikat: 'SANGAT_BAIK' },
    ],
  },
  exampleOutput: { nomorPertek: 'PERTEK-KP/I/2027/00123', nomorSk: '823.3/045/2027', tanggalSk: '2027-01-20', tmtGolonganBaru: '2027-02-01' },
  checkFiling: checkKenaikanPangkat,
  eligibility: promotionList,
  onComplete: ({ employee, payload, output }) => ({
    employee: { ...employee, pangkat: { golongan: payload.golonganUsulan, tmt: output.tmtGolonganBaru } },
  }),
};
