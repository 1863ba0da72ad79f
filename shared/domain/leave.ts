/**
 * Leave (cuti) of civil servants: the kinds, their limits with the rule each rests on, the
 * balances an employee's record gives, and the working days a range takes. Pure.
 *
 * Sources: PP 11/2017 on the management of PNS, art. 309–340, as amended by PP 17/2020;
 * Peraturan BKN 24/2017 on leave of PNS as amended by Peraturan BKN 7/2021 (the implementing
 * rules: carry-over, big leave replacing annual leave); PP 49/2018 on PPPK, art. 30 ff.
 * Article numbers are as we read them; a reviewer with the texts should confirm each one.
 */
import { workingDaysBetween, type Calendars } from './calendar';
import { civilFromDay, dayFromCivil, daysInMonth, requireIsoDate, toIsoDate } from './calendar/days';
import type { IsoDate } from './calendar/types';
import type { Employee, EmployeeKind } from './employees';

/** PP 11/2017 art. 309 lists the kinds; cuti bersama is a calendar matter, not a request. */
export const LEAVE_KINDS = ['TAHUNAN', 'BESAR', 'SAKIT', 'MELAHIRKAN', 'ALASAN_PENTING', 'CLTN'] as const;
export type LeaveKind = (typeof LEAVE_KINDS)[number];

/** One year's annual leave: its own entitlement, what was carried in, and what was taken (working days). */
export interface AnnualLeaveYear {
  year: number;
  entitlement: number;
  carriedOver: number;
  taken: number;
}

/** A leave granted on completion of a CUTI proposal. */
export interface TakenLeave {
  /** The proposal that granted it, when the completion knows it; `letter` always names it. */
  proposalId?: string;
  /** The leave letter's number (nomor surat izin cuti). */
  letter: string;
  kind: LeaveKind;
  from: IsoDate;
  to: IsoDate;
  workingDays: number;
}

export interface LeaveRecord {
  annual: AnnualLeaveYear[];
  taken: TakenLeave[];
}

/** Annual leave: 12 working days a year. PP 11/2017 art. 311 (1); PPPK: PP 49/2018 art. 31. */
export const ANNUAL_ENTITLEMENT = 12;
/**
 * Unused annual leave carries into the next year, at most 6 working days from a year
 * (Peraturan BKN 24/2017, Lampiran I.A: "sisa hak atas cuti tahunan ... paling banyak 6 hari kerja"),
 * so a year offers at most 18 working days with the running year's (PP 11/2017 art. 312 (1)),
 * or 24 when annual leave was not taken two years in a row (PP 11/2017 art. 312 (2)).
 */
export const CARRY_OVER_PER_YEAR = 6;
export const MAX_AVAILABLE_ONE_YEAR_UNUSED = 18;
export const MAX_AVAILABLE_TWO_YEARS_UNUSED = 24;
/** Annual leave after 1 year of continuous service: PP 11/2017 art. 310 (PNS and CPNS); PP 49/2018 art. 31 (PPPK). */
export const ANNUAL_AFTER_SERVICE_YEARS = 1;

export interface LeaveLimit {
  /** Which employees may take it. */
  kinds: readonly EmployeeKind[];
  /** Continuous service needed first, in years. */
  minServiceYears?: number;
  /** The longest single leave, in calendar months. */
  maxMonths?: number;
  source: string;
}

export const LEAVE_LIMITS: Record<LeaveKind, LeaveLimit> = {
  TAHUNAN: {
    kinds: ['PNS', 'CPNS', 'PPPK'],
    minServiceYears: ANNUAL_AFTER_SERVICE_YEARS,
    source: 'PP 11/2017 art. 310–312 (12 working days, carry-over to 18/24); Peraturan BKN 24/2017 (6 days a year carried); PPPK: PP 49/2018 art. 31',
  },
  BESAR: {
    kinds: ['PNS'],
    minServiceYears: 5,
    maxMonths: 3,
    source: 'PP 11/2017 art. 315–316 as amended by PP 17/2020: after 5 years of continuous service, up to 3 months; no annual leave in that year',
  },
  SAKIT: {
    kinds: ['PNS', 'CPNS', 'PPPK'],
    maxMonths: 12,
    source: 'PP 11/2017 art. 319–321: up to 1 year (extendable by 6 months on a government doctor\'s finding); a doctor\'s letter is required, for more than 14 days from a government doctor; PPPK: PP 49/2018 art. 32',
  },
  MELAHIRKAN: {
    kinds: ['PNS', 'CPNS', 'PPPK'],
    maxMonths: 3,
    source: 'PP 11/2017 art. 325 as amended by PP 17/2020: up to 3 months for the first to third birth (a fourth and later is given as cuti besar); PPPK: PP 49/2018 art. 33',
  },
  ALASAN_PENTING: {
    kinds: ['PNS', 'CPNS'],
    maxMonths: 1,
    source: 'PP 11/2017 art. 326–327 as amended by PP 17/2020; Peraturan BKN 7/2021: up to 1 month',
  },
  CLTN: {
    kinds: ['PNS'],
    minServiceYears: 5,
    maxMonths: 36,
    source: 'PP 11/2017 art. 331–332: PNS with 5 years of continuous service, up to 3 years (extendable by 1 year)',
  },
};

/** PP 11/2017 art. 325: maternity leave for the first to the third birth; later ones are cuti besar. */
export const MATERNITY_BIRTHS_COVERED = 3;
/** Peraturan BKN 24/2017: a next big leave only 5 years after the last one began. */
export const BIG_LEAVE_EVERY_YEARS = 5;

/** The same day `months` later, clamped to the month's end (31 January + 1 month = 28/29 February). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const { year, month, day } = civilFromDay(requireIsoDate(date));
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return toIsoDate(dayFromCivil(y, m, Math.min(day, daysInMonth(y, m))));
}

export const addDays = (date: IsoDate, days: number): IsoDate => toIsoDate(requireIsoDate(date) + days);

/** The last day a leave of `months` starting on `from` may cover: a 3-month leave from 1 March ends by 31 May. */
export const lastDayWithin = (from: IsoDate, months: number): IsoDate => addDays(addMonths(from, months), -1);

/** Working days from `from` to `to`, both included; cuti bersama and holidays do not count. */
export function requestedWorkingDays(from: IsoDate, to: IsoDate, calendars: Calendars): number {
  if (to < from) return 0;
  return workingDaysBetween(addDays(from, -1), to, calendars).value;
}

/** The working days of [from, to] falling in each calendar year (a leave across New Year splits). */
export function workingDaysByYear(from: IsoDate, to: IsoDate, calendars: Calendars): Map<number, number> {
  const out = new Map<number, number>();
  const first = Number(from.slice(0, 4));
  const last = Number(to.slice(0, 4));
  for (let y = first; y <= last; y++) {
    const a = y === first ? from : `${y}-01-01`;
    const b = y === last ? to : `${y}-12-31`;
    const n = requestedWorkingDays(a, b, calendars);
    if (n > 0) out.set(y, n);
  }
  return out;
}

/** Where continuous service starts: TMT CPNS on the record, else the one an NIP encodes (digits 9–14). */
export function serviceStart(employee: Employee): IsoDate | undefined {
  if (employee.tmtCpns) return employee.tmtCpns;
  if (employee.kind === 'PPPK' || !/^\d{18}$/.test(employee.nip)) return undefined;
  const year = Number(employee.nip.slice(8, 12));
  const month = Number(employee.nip.slice(12, 14));
  if (month < 1 || month > 12 || year < 1900) return undefined;
  return toIsoDate(dayFromCivil(year, month, 1));
}

/** The day `years` of service are complete, or undefined when the start is unknown (no refusal on missing data). */
export const serviceReachedOn = (employee: Employee, years: number): IsoDate | undefined => {
  const start = serviceStart(employee);
  return start === undefined ? undefined : addMonths(start, years * 12);
};

const ownUnused = (row: AnnualLeaveYear): number =>
  // Leave taken uses the carried days first, so what is left of a year's own entitlement carries on.
  Math.max(0, row.entitlement - Math.max(0, row.taken - row.carriedOver));

/**
 * Working days carried into `year` from the two before it: up to 6 from the last year, and up to
 * 6 more from the year before only when neither year's annual leave was taken (PP 11/2017 art. 312).
 * PPPK carry nothing: PP 49/2018 provides no carry-over.
 */
export function carryInto(record: LeaveRecord | undefined, year: number, kind: EmployeeKind): number {
  if (kind === 'PPPK' || !record) return 0;
  const prev = record.annual.find((r) => r.year === year - 1);
  if (!prev) return 0;
  let carry = Math.min(CARRY_OVER_PER_YEAR, ownUnused(prev));
  const prev2 = record.annual.find((r) => r.year === year - 2);
  if (prev.taken === 0 && prev2 && prev2.taken === 0) carry += Math.min(CARRY_OVER_PER_YEAR, ownUnused(prev2));
  const cap = (prev.taken === 0 && prev2?.taken === 0 ? MAX_AVAILABLE_TWO_YEARS_UNUSED : MAX_AVAILABLE_ONE_YEAR_UNUSED) - ANNUAL_ENTITLEMENT;
  return Math.min(carry, cap);
}

/** A year's annual-leave row: the record's, or a fresh one (a missing record is a full entitlement). */
export function annualYear(employee: Employee, year: number): AnnualLeaveYear {
  const row = employee.leave?.annual.find((r) => r.year === year);
  return row ?? { year, entitlement: ANNUAL_ENTITLEMENT, carriedOver: carryInto(employee.leave, year, employee.kind), taken: 0 };
}

export const annualRemaining = (row: AnnualLeaveYear): number => Math.max(0, row.entitlement + row.carriedOver - row.taken);

export interface LeaveBalance {
  kind: LeaveKind;
  /** Whether the employee may take this kind now. */
  allowed: boolean;
  /** Why not, when not allowed. */
  reason?: string;
  /** TAHUNAN: working days left this year. */
  remainingWorkingDays?: number;
  /** The longest single leave, in calendar months. */
  maxMonths?: number;
  source: string;
}

/** Why `employee` may not take `kind` on `date`, or undefined when they may. */
export function ineligibility(employee: Employee, kind: LeaveKind, date: IsoDate): string | undefined {
  const limit = LEAVE_LIMITS[kind];
  if (!limit.kinds.includes(employee.kind)) return `${kind} is for ${limit.kinds.join('/')}; this employee is ${employee.kind}`;
  if (limit.minServiceYears !== undefined) {
    const reached = serviceReachedOn(employee, limit.minServiceYears);
    if (reached !== undefined && reached > date) {
      return `${kind} needs ${limit.minServiceYears} year${limit.minServiceYears === 1 ? '' : 's'} of continuous service: reached on ${reached}, not by ${date}`;
    }
  }
  const taken = employee.leave?.taken ?? [];
  if (kind === 'BESAR') {
    const last = taken.filter((t) => t.kind === 'BESAR').map((t) => t.from).sort().at(-1);
    if (last !== undefined && addMonths(last, BIG_LEAVE_EVERY_YEARS * 12) > date) {
      return `the last BESAR began on ${last}; the next one is from ${addMonths(last, BIG_LEAVE_EVERY_YEARS * 12)}`;
    }
  }
  if (kind === 'MELAHIRKAN') {
    if (employee.sex !== 'F') return 'MELAHIRKAN is for a woman giving birth (a husband files ALASAN_PENTING)';
    const births = taken.filter((t) => t.kind === 'MELAHIRKAN').length;
    if (employee.kind !== 'PPPK' && births >= MATERNITY_BIRTHS_COVERED) {
      return `MELAHIRKAN covers the first ${MATERNITY_BIRTHS_COVERED} births and ${births} were taken: a later birth is given as BESAR`;
    }
  }
  return undefined;
}

/** Per kind, what `employee` may still take in `today`'s year. */
export function leaveBalances(employee: Employee, today: IsoDate, _calendars: Calendars): LeaveBalance[] {
  const year = Number(today.slice(0, 4));
  return LEAVE_KINDS.map((kind) => {
    const limit = LEAVE_LIMITS[kind];
    const reason = ineligibility(employee, kind, today);
    const base: LeaveBalance = { kind, allowed: reason === undefined, source: limit.source, ...(reason ? { reason } : {}), ...(limit.maxMonths ? { maxMonths: limit.maxMonths } : {}) };
    if (kind === 'TAHUNAN') return { ...base, remainingWorkingDays: limit.kinds.includes(employee.kind) ? annualRemaining(annualYear(employee, year)) : 0 };
    return base;
  });
}
