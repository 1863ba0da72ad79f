import { civilFromDay, dayFromCivil, daysInMonth, requireIsoDate, toIsoDate } from '../calendar/days';
import type { IsoDate } from '../calendar/types';

/**
 * The same calendar day `years` later (or earlier). 29 February in a common year becomes
 * 1 March: a span of whole years is complete only once 28 February has ended, so a rule "at
 * least N years" never lets anyone through a day early.
 */
export function addYears(date: IsoDate, years: number): IsoDate {
  const { year, month, day } = civilFromDay(requireIsoDate(date));
  const target = year + years;
  if (day > daysInMonth(target, month)) return toIsoDate(dayFromCivil(target, month, daysInMonth(target, month)) + 1);
  return toIsoDate(dayFromCivil(target, month, day));
}

/** The 1st of the month after the one `date` falls in. */
export function firstOfNextMonth(date: IsoDate): IsoDate {
  const { year, month } = civilFromDay(requireIsoDate(date));
  return toIsoDate(month === 12 ? dayFromCivil(year + 1, 1, 1) : dayFromCivil(year, month + 1, 1));
}

export interface Span {
  years: number;
  months: number;
  days: number;
}

/** Whole years, months and days from `from` to `to` (from ≤ to), counting months by calendar day. */
export function spanBetween(from: IsoDate, to: IsoDate): Span {
  const a = civilFromDay(requireIsoDate(from));
  const b = civilFromDay(requireIsoDate(to));
  let months = (b.year - a.year) * 12 + (b.month - a.month);
  let days = b.day - a.day;
  if (days < 0) {
    months -= 1;
    // Days left in a's month counted from the month before b, then b's days.
    const prevYear = b.month === 1 ? b.year - 1 : b.year;
    const prevMonth = b.month === 1 ? 12 : b.month - 1;
    days = Math.max(daysInMonth(prevYear, prevMonth) - a.day, 0) + b.day;
  }
  return { years: Math.floor(months / 12), months: months % 12, days };
}

/** "1 year 2 months 3 days"; only the parts that are not zero ("1 day"). */
export function formatSpan(span: Span): string {
  const parts: string[] = [];
  const add = (n: number, unit: string): void => {
    if (n > 0) parts.push(`${n} ${unit}${n === 1 ? '' : 's'}`);
  };
  add(span.years, 'year');
  add(span.months, 'month');
  add(span.days, 'day');
  return parts.length ? parts.join(' ') : '0 days';
}

/** The TMT CPNS an NIP encodes: digits 9–14 are its year and month (PP 11/2017 and BKN's NIP format). */
export function tmtCpnsFromNip(nip: string): IsoDate | undefined {
  if (!/^\d{18}$/.test(nip)) return undefined;
  const year = Number(nip.slice(8, 12));
  const month = Number(nip.slice(12, 14));
  if (month < 1 || month > 12 || year < 1900) return undefined;
  return toIsoDate(dayFromCivil(year, month, 1));
}
