import * as z from 'zod';
import { dayFromCivil, daysInMonth, parseIsoDate } from './calendar/days';
import type { DayNumber } from './calendar/days';
import type { IsoDate } from './calendar/types';
import { DomainError } from './errors';
import type { FieldIssue } from './errors';

/**
 * Employee numbers of the ASN: the NIP of a (C)PNS and the NI PPPK of a contract employee.
 *
 * NIP (Peraturan Kepala BKN 22/2007 tentang Nomor Identitas PNS), 18 digits:
 *   YYYYMMDD birth date · YYYYMM TMT CPNS · sex digit (1 male, 2 female) · 3-digit sequence
 *   e.g. 19860926 201505 1 001
 * The sequence starts at 001 and only counts among numbers sharing the first 15 digits, so those
 * 15 digits (nipPrefix) are the key of the counter that makes a new NIP unique.
 */

export type Sex = 'M' | 'F';
/** A year and month, 'YYYY-MM': the TMT CPNS, which always takes effect on the 1st of the month. */
export type YearMonth = string;

export interface NipParts {
  birthDate: IsoDate;
  tmt: YearMonth;
  sex: Sex;
  /** 1..999 */
  sequence: number;
}
export type NipPrefixParts = Omit<NipParts, 'sequence'>;

export interface NiPppkParts {
  birthDate: IsoDate;
  /** The year of first appointment as (calon) PPPK. */
  appointmentYear: number;
  /** Digits 13–14, kept as BKN assigns them: their meaning is not settled (see parseNiPppk). */
  middleDigits: string;
  sex: Sex;
  /** 1..999 when composing; a parsed number's last three digits are not checked. */
  sequence: number;
}
export type NiPppkPrefixParts = Omit<NiPppkParts, 'sequence'>;

export type Parsed<T> = ({ ok: true } & T) | { ok: false; issues: FieldIssue[] };

export interface NumberCheckOptions {
  /** The local date today. With it, a birth date in the future and an appointment too far ahead are refused. */
  today?: IsoDate;
  /** The path the issues of a parse carry; 'nip' unless told. */
  path?: string;
}

/**
 * The minimum age for appointment as CPNS: applicants are at least 18 when they apply (PP 11/2017
 * on PNS management, art. 23 (1) a, the implementing rule of UU 5/2014 kept by UU 20/2023 on ASN),
 * and appointment follows application, so a TMT before the 18th birthday is a wrong number.
 */
export const MIN_AGE_CPNS = 18;
/** Likewise for PPPK: at least 20 when applying (PP 49/2018 on PPPK management, art. 16 a). */
export const MIN_AGE_PPPK = 20;
/**
 * How far ahead an appointment may lie on the day it is checked: formations and appointment
 * decisions are made for the running year, so a year ahead already leaves room for a late one.
 */
export const MAX_YEARS_AHEAD = 1;

const EIGHTEEN_DIGITS = /^\d{18}$/;
const ISO_DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;
const YEAR_MONTH_SHAPE = /^(\d{4})-(\d{2})$/;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const isoOf = (y: number, m: number, d: number): IsoDate => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;

/** Why y-m-d is no date, or undefined when it is one. Month lengths and leap years come from the calendar module. */
function dateProblem(y: number, m: number, d: number): string | undefined {
  if (m < 1 || m > 12) return `month ${pad(m, 2)} is not a month (01–12)`;
  const length = daysInMonth(y, m);
  if (d >= 1 && d <= length) return undefined;
  if (m === 2 && d === 29) return `${pad(y, 4)} is not a leap year, so it has no 29 February`;
  return `${MONTHS[m - 1]} has ${length} days, not ${pad(d, 2)}`;
}

/**
 * The day someone born on `birth` turns `years` old. Someone born on 29 February turns it on
 * 1 March in a common year; the rules below compare it with the 1st of a month only, where 28
 * February and 1 March would give the same answer anyway.
 */
function anniversary(birth: { y: number; m: number; d: number }, years: number): DayNumber {
  const y = birth.y + years;
  return birth.d > daysInMonth(y, birth.m) ? dayFromCivil(y, birth.m + 1, 1) : dayFromCivil(y, birth.m, birth.d);
}

/** `today` plus whole years, as the last day an appointment may start. */
function yearsAhead(today: IsoDate, years: number): DayNumber {
  const match = ISO_DATE_SHAPE.exec(today);
  if (!match || parseIsoDate(today) === undefined) throw new RangeError(`today is not a calendar date (YYYY-MM-DD): ${JSON.stringify(today)}`);
  return anniversary({ y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) }, years);
}

type NipPart = 'birthDate' | 'tmt' | 'sex' | 'sequence';
interface PartIssue<P extends string> {
  part: P;
  message: string;
}

/** The rules on an NIP's dates, shared by parsing and composing so that both refuse the same numbers. */
function nipDateIssues(birth: { y: number; m: number; d: number }, tmt: { y: number; m: number }, today: IsoDate | undefined): PartIssue<NipPart>[] {
  const issues: PartIssue<NipPart>[] = [];
  const birthProblem = dateProblem(birth.y, birth.m, birth.d);
  if (birthProblem) issues.push({ part: 'birthDate', message: `birth date ${pad(birth.y, 4)}${pad(birth.m, 2)}${pad(birth.d, 2)} is no date: ${birthProblem}` });
  const tmtValid = tmt.m >= 1 && tmt.m <= 12;
  if (!tmtValid) issues.push({ part: 'tmt', message: `TMT CPNS ${pad(tmt.y, 4)}${pad(tmt.m, 2)} is no month: month ${pad(tmt.m, 2)} is not a month (01–12)` });
  const birthDay = birthProblem ? undefined : dayFromCivil(birth.y, birth.m, birth.d);
  const tmtDay = tmtValid ? dayFromCivil(tmt.y, tmt.m, 1) : undefined;
  const tmtText = `${pad(tmt.y, 4)}-${pad(tmt.m, 2)}`;

  if (birthDay !== undefined && tmtDay !== undefined) {
    if (tmtDay < birthDay) {
      issues.push({ part: 'tmt', message: `TMT CPNS ${tmtText} is before the birth date ${isoOf(birth.y, birth.m, birth.d)}` });
    } else if (tmtDay < anniversary(birth, MIN_AGE_CPNS)) {
      issues.push({
        part: 'tmt',
        message: `TMT CPNS ${tmtText}-01 is before the ${MIN_AGE_CPNS}th birthday (born ${isoOf(birth.y, birth.m, birth.d)}); a CPNS is at least ${MIN_AGE_CPNS} (PP 11/2017 art. 23 (1) a)`,
      });
    }
  }
  if (today !== undefined) {
    const todayDay = yearsAhead(today, 0);
    if (birthDay !== undefined && birthDay > todayDay) {
      issues.push({ part: 'birthDate', message: `birth date ${isoOf(birth.y, birth.m, birth.d)} is in the future (today is ${today})` });
    }
    if (tmtDay !== undefined && tmtDay > yearsAhead(today, MAX_YEARS_AHEAD)) {
      issues.push({ part: 'tmt', message: `TMT CPNS ${tmtText} is more than ${MAX_YEARS_AHEAD} year ahead of today (${today})` });
    }
  }
  return issues;
}

const lengthIssue = (text: string, what: string): string | undefined => {
  if (EIGHTEEN_DIGITS.test(text)) return undefined;
  // Counted in code points so that a pasted full-width or emoji character counts once.
  const length = [...text].length;
  if (length !== 18) return `${what} is 18 digits; this has ${length} character${length === 1 ? '' : 's'}`;
  return `${what} is 18 digits (0–9) only, without spaces or dots`;
};

const sexOfDigit = (digit: string): Sex | undefined => (digit === '1' ? 'M' : digit === '2' ? 'F' : undefined);
const digitOfSex = (sex: unknown): string | undefined => (sex === 'M' ? '1' : sex === 'F' ? '2' : undefined);
const sexDigitIssue = (digit: string): string => `the sex digit (15th) is ${digit}: 1 for male or 2 for female`;

/** Parses and checks an NIP. All problems are reported at once, each with its part of the number named. */
export function parseNip(text: string, options: NumberCheckOptions = {}): Parsed<NipParts> {
  const path = options.path ?? 'nip';
  const shape = lengthIssue(text, 'an NIP');
  if (shape) return { ok: false, issues: [{ path, message: shape }] };

  const n = (from: number, to: number): number => Number(text.slice(from, to));
  const birth = { y: n(0, 4), m: n(4, 6), d: n(6, 8) };
  const tmt = { y: n(8, 12), m: n(12, 14) };
  const messages = nipDateIssues(birth, tmt, options.today).map((issue) => issue.message);
  const sexDigit = text.charAt(14);
  const sex = sexOfDigit(sexDigit);
  if (!sex) messages.push(sexDigitIssue(sexDigit));
  const sequence = n(15, 18);
  if (sequence === 0) messages.push('the sequence (last three digits) is 000; sequences start at 001');

  if (messages.length > 0 || !sex) return { ok: false, issues: messages.map((message) => ({ path, message })) };
  return { ok: true, birthDate: isoOf(birth.y, birth.m, birth.d), tmt: `${pad(tmt.y, 4)}-${pad(tmt.m, 2)}`, sex, sequence };
}

function prefixIssues(parts: NipPrefixParts, today: IsoDate | undefined): PartIssue<NipPart>[] {
  const issues: PartIssue<NipPart>[] = [];
  const birthShape = typeof parts.birthDate === 'string' ? ISO_DATE_SHAPE.exec(parts.birthDate) : null;
  const tmtShape = typeof parts.tmt === 'string' ? YEAR_MONTH_SHAPE.exec(parts.tmt) : null;
  if (!birthShape) issues.push({ part: 'birthDate', message: 'the birth date is a date YYYY-MM-DD' });
  if (!tmtShape) issues.push({ part: 'tmt', message: 'the TMT CPNS is a month YYYY-MM' });
  if (digitOfSex(parts.sex) === undefined) issues.push({ part: 'sex', message: 'sex is M or F' });
  if (birthShape && tmtShape) {
    issues.push(
      ...nipDateIssues(
        { y: Number(birthShape[1]), m: Number(birthShape[2]), d: Number(birthShape[3]) },
        { y: Number(tmtShape[1]), m: Number(tmtShape[2]) },
        today,
      ),
    );
  } else if (birthShape) {
    const problem = dateProblem(Number(birthShape[1]), Number(birthShape[2]), Number(birthShape[3]));
    if (problem) issues.push({ part: 'birthDate', message: `birth date ${parts.birthDate} is no date: ${problem}` });
  } else if (tmtShape) {
    const problem = dateProblem(Number(tmtShape[1]), Number(tmtShape[2]), 1);
    if (problem) issues.push({ part: 'tmt', message: `TMT CPNS ${parts.tmt} is no month: ${problem}` });
  }
  return issues;
}

const sequenceIssue = (sequence: unknown): PartIssue<'sequence'> | undefined =>
  Number.isSafeInteger(sequence) && (sequence as number) >= 1 && (sequence as number) <= 999
    ? undefined
    : { part: 'sequence', message: 'the sequence is a whole number from 1 to 999' };

// Issues are listed in the order of the fields in the number, whichever check found them first.
const FIELD_ORDER = ['birthDate', 'tmt', 'appointmentYear', 'middleDigits', 'sex', 'sequence'];

const refuse = (issues: PartIssue<string>[]): never => {
  const ordered = [...issues].sort((a, b) => FIELD_ORDER.indexOf(a.part) - FIELD_ORDER.indexOf(b.part));
  throw new DomainError('VALIDATION_FAILED', {}, ordered.map(({ part, message }) => ({ path: part, message })));
};

/**
 * The first 15 digits of the NIP for these parts: the key under which sequences are counted.
 * Throws DomainError VALIDATION_FAILED (issues by field) for parts no NIP can have.
 */
export function nipPrefix(parts: NipPrefixParts, options: Pick<NumberCheckOptions, 'today'> = {}): string {
  const issues = prefixIssues(parts, options.today);
  if (issues.length > 0) return refuse(issues);
  return `${parts.birthDate.replaceAll('-', '')}${parts.tmt.replace('-', '')}${digitOfSex(parts.sex) ?? ''}`;
}

/** The NIP for these parts; refuses, as nipPrefix does, parts that cannot make a valid NIP. */
export function composeNip(parts: NipParts, options: Pick<NumberCheckOptions, 'today'> = {}): string {
  const sequence = sequenceIssue(parts.sequence);
  const issues = [...prefixIssues(parts, options.today), ...(sequence ? [sequence] : [])];
  if (issues.length > 0) return refuse(issues);
  return nipPrefix(parts, options) + pad(parts.sequence, 3);
}

/**
 * The birth date in an NIP or an NI PPPK (both begin with YYYYMMDD), or undefined when the text
 * is not 18 digits or those digits are no date. Only the birth date: a retirement date must not
 * wait on the other parts of a number recorded long ago.
 */
export function birthDateOfNumber(text: string): IsoDate | undefined {
  if (!EIGHTEEN_DIGITS.test(text)) return undefined;
  const y = Number(text.slice(0, 4));
  const m = Number(text.slice(4, 6));
  const d = Number(text.slice(6, 8));
  return dateProblem(y, m, d) === undefined ? isoOf(y, m, d) : undefined;
}

/*
 * NI PPPK. Published regulations we could read do not spell the format out; public material
 * (regional BKD pages, restated on e.g. foppsirokanhulu.blogspot.com 2024/03, and news examples
 * such as 19900913 2025 24 2 014) agrees on: birth date YYYYMMDD, year of first appointment YYYY,
 * two digits, sex digit (1 male, 2 female), three-digit sequence. The two digits are read
 * differently (the count of work agreements, or a code of the intake), so they are kept as given
 * and not checked. The sex digit is the 15th, where every source puts it and where the NIP has it.
 * So a parse checks the length, the digits, the birth date, the year and the sex digit only.
 */
type PppkPart = 'birthDate' | 'appointmentYear' | 'middleDigits' | 'sex' | 'sequence';

/** `year` undefined: the year is malformed and reported elsewhere; the birth date is still checked. */
function pppkDateIssues(birth: { y: number; m: number; d: number }, year: number | undefined, today: IsoDate | undefined): PartIssue<PppkPart>[] {
  const issues: PartIssue<PppkPart>[] = [];
  const birthProblem = dateProblem(birth.y, birth.m, birth.d);
  if (birthProblem) issues.push({ part: 'birthDate', message: `birth date ${pad(birth.y, 4)}${pad(birth.m, 2)}${pad(birth.d, 2)} is no date: ${birthProblem}` });
  if (year === undefined) {
    // nothing to compare
  } else if (year < birth.y) {
    issues.push({ part: 'appointmentYear', message: `the appointment year ${pad(year, 4)} is before the birth year ${pad(birth.y, 4)}` });
  } else if (year < birth.y + MIN_AGE_PPPK) {
    // Only the year is known: 20 at application (PP 49/2018 art. 16 a) cannot be before birth year + 20.
    issues.push({
      part: 'appointmentYear',
      message: `the appointment year ${pad(year, 4)} is before the year of the ${MIN_AGE_PPPK}th birthday (${pad(birth.y + MIN_AGE_PPPK, 4)}); a PPPK is at least ${MIN_AGE_PPPK} (PP 49/2018 art. 16 a)`,
    });
  }
  if (today !== undefined) {
    const todayDay = yearsAhead(today, 0);
    if (!birthProblem && dayFromCivil(birth.y, birth.m, birth.d) > todayDay) {
      issues.push({ part: 'birthDate', message: `birth date ${isoOf(birth.y, birth.m, birth.d)} is in the future (today is ${today})` });
    }
    const thisYear = Number(today.slice(0, 4));
    if (year !== undefined && year > thisYear + MAX_YEARS_AHEAD) {
      issues.push({ part: 'appointmentYear', message: `the appointment year ${pad(year, 4)} is more than ${MAX_YEARS_AHEAD} year after this year (${thisYear})` });
    }
  }
  return issues;
}

/** Parses and checks an NI PPPK: length, digits, birth date, appointment year and sex digit (see above). */
export function parseNiPppk(text: string, options: NumberCheckOptions = {}): Parsed<NiPppkParts> {
  const path = options.path ?? 'niPppk';
  const shape = lengthIssue(text, 'an NI PPPK');
  if (shape) return { ok: false, issues: [{ path, message: shape }] };

  const n = (from: number, to: number): number => Number(text.slice(from, to));
  const birth = { y: n(0, 4), m: n(4, 6), d: n(6, 8) };
  const appointmentYear = n(8, 12);
  const messages = pppkDateIssues(birth, appointmentYear, options.today).map((issue) => issue.message);
  const sexDigit = text.charAt(14);
  const sex = sexOfDigit(sexDigit);
  if (!sex) messages.push(sexDigitIssue(sexDigit));

  if (messages.length > 0 || !sex) return { ok: false, issues: messages.map((message) => ({ path, message })) };
  return { ok: true, birthDate: isoOf(birth.y, birth.m, birth.d), appointmentYear, middleDigits: text.slice(12, 14), sex, sequence: n(15, 18) };
}

function pppkPrefixIssues(parts: NiPppkPrefixParts, today: IsoDate | undefined): PartIssue<PppkPart>[] {
  const issues: PartIssue<PppkPart>[] = [];
  const birthShape = typeof parts.birthDate === 'string' ? ISO_DATE_SHAPE.exec(parts.birthDate) : null;
  const yearValid = Number.isSafeInteger(parts.appointmentYear) && parts.appointmentYear >= 0 && parts.appointmentYear <= 9999;
  if (!birthShape) issues.push({ part: 'birthDate', message: 'the birth date is a date YYYY-MM-DD' });
  if (!yearValid) issues.push({ part: 'appointmentYear', message: 'the appointment year is a four-digit year' });
  if (typeof parts.middleDigits !== 'string' || !/^\d{2}$/.test(parts.middleDigits)) {
    issues.push({ part: 'middleDigits', message: 'the middle digits (13th–14th) are two digits' });
  }
  if (digitOfSex(parts.sex) === undefined) issues.push({ part: 'sex', message: 'sex is M or F' });
  if (birthShape) {
    const birth = { y: Number(birthShape[1]), m: Number(birthShape[2]), d: Number(birthShape[3]) };
    const dates = pppkDateIssues(birth, yearValid ? parts.appointmentYear : undefined, today);
    issues.push(...dates);
  }
  return issues;
}

/** The first 15 digits of the NI PPPK for these parts: the key under which its sequences are counted. */
export function niPppkPrefix(parts: NiPppkPrefixParts, options: Pick<NumberCheckOptions, 'today'> = {}): string {
  const issues = pppkPrefixIssues(parts, options.today);
  if (issues.length > 0) return refuse(issues);
  return `${parts.birthDate.replaceAll('-', '')}${pad(parts.appointmentYear, 4)}${parts.middleDigits}${digitOfSex(parts.sex) ?? ''}`;
}

/** The NI PPPK for these parts, with a sequence from 1 to 999 making it unique under its prefix. */
export function composeNiPppk(parts: NiPppkParts, options: Pick<NumberCheckOptions, 'today'> = {}): string {
  const sequence = sequenceIssue(parts.sequence);
  const issues = [...pppkPrefixIssues(parts, options.today), ...(sequence ? [sequence] : [])];
  if (issues.length > 0) return refuse(issues);
  return niPppkPrefix(parts, options) + pad(parts.sequence, 3);
}

/**
 * A zod schema of an NIP, for wherever one enters over HTTP: the same rules as parseNip, its issues
 * as zod issues. The output stays the NIP string; the regex keeps the pattern in the JSON Schema.
 * `today` adds the future checks (the HTTP layer has the clock; the domain has none).
 */
export function nipSchemaAt(options: Pick<NumberCheckOptions, 'today'> = {}) {
  return z
    .string()
    .regex(EIGHTEEN_DIGITS, 'an NIP is 18 digits')
    .superRefine((text, ctx) => {
      if (!EIGHTEEN_DIGITS.test(text)) return; // the regex has said so
      const parsed = parseNip(text, options);
      if (!parsed.ok) for (const issue of parsed.issues) ctx.addIssue({ code: 'custom', message: issue.message, input: text });
    });
}

export const nipSchema = nipSchemaAt();

/**
 * A zod schema of an employee's number where a PNS or a PPPK may be meant (GET /employees/{nip},
 * a proposal's nip): a PPPK's key is their NI PPPK, which is rarely a valid NIP (its 13th–14th
 * digits are no month). Valid when it is either; otherwise both readings' issues are given.
 */
export function employeeNumberSchemaAt(options: Pick<NumberCheckOptions, 'today'> = {}) {
  return z
    .string()
    .regex(EIGHTEEN_DIGITS, 'an NIP or NI PPPK is 18 digits')
    .superRefine((text, ctx) => {
      if (!EIGHTEEN_DIGITS.test(text)) return;
      const asNip = parseNip(text, options);
      const asPppk = parseNiPppk(text, options);
      if (asNip.ok || asPppk.ok) return;
      for (const issue of asNip.issues) ctx.addIssue({ code: 'custom', message: `as an NIP: ${issue.message}`, input: text });
      for (const issue of asPppk.issues) ctx.addIssue({ code: 'custom', message: `as an NI PPPK: ${issue.message}`, input: text });
    });
}

export const employeeNumberSchema = employeeNumberSchemaAt();
