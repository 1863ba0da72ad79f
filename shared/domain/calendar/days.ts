import type { IsoDate } from './types';

/**
 * Dates as integers: days since 1970-01-01 in the proleptic Gregorian calendar. Counting working
 * days steps through hundreds of days; integers keep that free of Date objects and of the host's
 * time zone.
 */
export type DayNumber = number;

export const MS_PER_DAY = 86_400_000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// A 400-year Gregorian cycle has 146,097 days; counting from 1 March puts the leap day last in
// each year, so month lengths before it never depend on the year.
const DAYS_PER_ERA = 146_097;
const MARCH_1_YEAR_0 = 719_468; // days from 0000-03-01 to 1970-01-01

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

export const daysInMonth = (year: number, month: number): number =>
  month === 2 ? (isLeapYear(year) ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;

/** The day number of a Gregorian date; month 1..12. The date is assumed to exist. */
export function dayFromCivil(year: number, month: number, day: number): DayNumber {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthFromMarch = (month + 9) % 12;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * DAYS_PER_ERA + dayOfEra - MARCH_1_YEAR_0;
}

/** The Gregorian date of a day number. */
export function civilFromDay(dayNumber: DayNumber): { year: number; month: number; day: number } {
  const z = dayNumber + MARCH_1_YEAR_0;
  const era = Math.floor(z / DAYS_PER_ERA);
  const dayOfEra = z - era * DAYS_PER_ERA;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** The day number of 'YYYY-MM-DD', or undefined when it is not a real date (2026-02-29, 2026-13-01). */
export function parseIsoDate(text: string): DayNumber | undefined {
  const match = ISO_DATE.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return dayFromCivil(year, month, day);
}

/** Like parseIsoDate, for arguments: a malformed date is the caller's bug, not a user's input. */
export function requireIsoDate(text: string): DayNumber {
  const dayNumber = parseIsoDate(text);
  if (dayNumber === undefined) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(text)}`);
  return dayNumber;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

export function toIsoDate(dayNumber: DayNumber): IsoDate {
  const { year, month, day } = civilFromDay(dayNumber);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

export const yearOf = (dayNumber: DayNumber): number => civilFromDay(dayNumber).year;

/** 0 = Sunday ... 6 = Saturday. 1970-01-01 was a Thursday. */
export const weekday = (dayNumber: DayNumber): number => (((dayNumber + 4) % 7) + 7) % 7;

export const isWeekend = (dayNumber: DayNumber): boolean => {
  const w = weekday(dayNumber);
  return w === 0 || w === 6;
};

/**
 * How many Mondays–Fridays come before `dayNumber`, counted from a fixed Monday (1970-01-05,
 * day 4). Only differences are meaningful: weekdaysBefore(b) - weekdaysBefore(a) is the number
 * of weekdays in [a, b).
 */
export function weekdaysBefore(dayNumber: DayNumber): number {
  const sinceMonday = dayNumber - 4;
  const weeks = Math.floor(sinceMonday / 7);
  return weeks * 5 + Math.min(sinceMonday - weeks * 7, 5);
}
