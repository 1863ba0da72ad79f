import { civilFromDay, dayFromCivil, daysInMonth, requireIsoDate, toIsoDate } from '../calendar/days';
import type { IsoDate } from '../calendar/types';
import { JABATAN_KINDS, type Employee, type JabatanKind } from '../employees';
import { birthDateOfNumber } from '../nip';

/**
 * The birth date in an NIP (or a PPPK employee number): its first eight digits, YYYYMMDD.
 * Undefined when the number is not 18 digits or those digits are no real date (19670229).
 * For pension the birth date recorded at first appointment is the one that counts, and it cannot
 * be changed afterwards (UU 11/1969 on pensions, art. 10): the NIP carries exactly that date.
 */
export const birthDateFromNip = (nip: string): IsoDate | undefined => birthDateOfNumber(nip);

export { JABATAN_KINDS, type JabatanKind };

/**
 * Batas usia pensiun (BUP) by kind of position, as data. A law on a specific position may set
 * another age (docs/architecture.md, PENSIUN; e.g. UU 14/2005 for teachers and lecturers): such positions
 * are added here as rows, not as code.
 */
export const BUP_TABLE: {
  readonly source: string;
  readonly ages: Readonly<Record<JabatanKind, number>>;
  readonly default: number;
} = {
  source: 'PP 11/2017 tentang Manajemen PNS, Pasal 239 ayat (2)',
  ages: {
    // Art. 239 (2) a: 58 for administration, ahli muda, ahli pertama and keterampilan.
    ADMINISTRASI: 58,
    FUNGSIONAL_KETERAMPILAN: 58,
    FUNGSIONAL_AHLI_PERTAMA: 58,
    FUNGSIONAL_AHLI_MUDA: 58,
    // Art. 239 (2) b: 60 for pimpinan tinggi and ahli madya.
    PIMPINAN_TINGGI: 60,
    FUNGSIONAL_AHLI_MADYA: 60,
    // Art. 239 (2) c: 65 for ahli utama.
    FUNGSIONAL_AHLI_UTAMA: 65,
  },
  // The lowest age of art. 239 (2): an employee whose position is not on record is not told late.
  default: 58,
};

/**
 * The kind of an employee's position: as recorded, or else read from the title, where functional
 * positions carry their level by rule (e.g. "Analis Kebijakan Ahli Madya", "Pranata Komputer
 * Terampil"). Administrative and leadership titles do not say which they are ("Kepala Dinas ...")
 * and need the recorded kind; without it the default age applies.
 */
export function jabatanKindOf(employee: Pick<Employee, 'jabatan' | 'jabatanKind'>): JabatanKind | undefined {
  if (employee.jabatanKind) return employee.jabatanKind;
  const title = employee.jabatan?.trim().toLowerCase() ?? '';
  const level = /\bahli (pertama|muda|madya|utama)$/.exec(title)?.[1];
  if (level) return `FUNGSIONAL_AHLI_${level.toUpperCase()}` as JabatanKind;
  if (/\b(pemula|terampil|mahir|penyelia)$/.test(title)) return 'FUNGSIONAL_KETERAMPILAN';
  return undefined;
}

/** The retirement age of this employee's position (PP 11/2017 art. 239 (2)). */
export const bupAgeOf = (employee: Pick<Employee, 'jabatan' | 'jabatanKind'>): number => bupAge(jabatanKindOf(employee));

/** The retirement age for a kind of position; the default for one not known (or not recorded). */
export function bupAge(kind: JabatanKind | string | undefined): number {
  // Own keys only: a kind such as "constructor" must not find Object's.
  return kind !== undefined && Object.hasOwn(BUP_TABLE.ages, kind) ? BUP_TABLE.ages[kind as JabatanKind] : BUP_TABLE.default;
}

/**
 * The day a PNS is honourably discharged on reaching BUP (PP 11/2017 art. 239 (1)) and the
 * pension starts: the first day of the month after the month in which they reach it, the "TMT
 * pensiun" BKN sets (the pension is paid from the month after discharge, UU 11/1969). Only the
 * month of birth matters, so a birthday on the 1st, the 31st or 29 February gives the 1st of the
 * next month alike.
 *
 * born 1968-03-15, BUP 58 → 2026-04-01; born 1968-12-31, BUP 58 → 2027-01-01
 */
export function retirementDate(birthDate: IsoDate, bupAgeYears: number): IsoDate {
  if (!Number.isSafeInteger(bupAgeYears) || bupAgeYears < 1 || bupAgeYears > 100) {
    throw new RangeError(`a retirement age in whole years is expected, got ${bupAgeYears}`);
  }
  const { year, month } = civilFromDay(requireIsoDate(birthDate));
  const reachedIn = year + bupAgeYears;
  return toIsoDate(month === 12 ? dayFromCivil(reachedIn + 1, 1, 1) : dayFromCivil(reachedIn, month + 1, 1));
}

/**
 * Months before the retirement date that the employee and their agency's operators are
 * reminded. Twelve: a pension proposal may be filed from 12 months before (issue 5, PENSIUN);
 * six: a second call while there is still time for BKN's stages.
 */
export const RETIREMENT_REMINDER_MONTHS = [12, 6] as const;
export type RetirementReminderMonths = (typeof RETIREMENT_REMINDER_MONTHS)[number];

export interface RetirementReminder {
  monthsBefore: RetirementReminderMonths;
  on: IsoDate;
}

/** The same day `months` earlier; the month's last day when it has no such day (31 Aug − 6 → 28 Feb). */
function monthsEarlier(date: IsoDate, months: number): IsoDate {
  const { year, month, day } = civilFromDay(requireIsoDate(date));
  const index = year * 12 + (month - 1) - months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return toIsoDate(dayFromCivil(y, m, Math.min(day, daysInMonth(y, m))));
}

/** The reminders ahead of a retirement date, earliest first. */
export const retirementReminders = (retirement: IsoDate): RetirementReminder[] =>
  RETIREMENT_REMINDER_MONTHS.map((monthsBefore) => ({ monthsBefore, on: monthsEarlier(retirement, monthsBefore) }));

/** The reminder after the one sent `afterMonths` before (null: none sent yet), or null when both went out. */
export function nextRetirementReminder(retirement: IsoDate, afterMonths: RetirementReminderMonths | null): RetirementReminder | null {
  const reminders = retirementReminders(retirement);
  if (afterMonths === null) return reminders[0] ?? null;
  const sent = reminders.findIndex((reminder) => reminder.monthsBefore === afterMonths);
  return reminders[sent + 1] ?? null;
}

/** The instant a retirement reminder falls due: 08:00 WIB on its day, for they are about dates and go out in the morning. */
export const retirementReminderAt = (on: IsoDate): string => `${on}T01:00:00.000Z`;

/**
 * What a run at `nowIso` sends for a timer waiting for `pending`: the latest reminder due by then,
 * and the one to wait for after it. A run after a long gap (both fell due) sends the six-month
 * one only, as the SLA reminders send only their latest step; a timer moved to a day already
 * past would sit in a bucket no later run reads.
 */
export function dueRetirementReminder(
  retirement: IsoDate,
  pending: RetirementReminderMonths,
  nowIso: string,
): { send: RetirementReminder | null; next: RetirementReminder | null } {
  const reminders = retirementReminders(retirement);
  const ahead = reminders.slice(Math.max(0, reminders.findIndex((reminder) => reminder.monthsBefore === pending)));
  const now = Date.parse(nowIso);
  const due = ahead.filter((reminder) => Date.parse(retirementReminderAt(reminder.on)) <= now);
  return { send: due.at(-1) ?? null, next: ahead[due.length] ?? null };
}
