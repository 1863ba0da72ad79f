import type { TimeZone } from '../actors';
import { MS_PER_DAY, requireIsoDate, toIsoDate, type DayNumber } from './days';
import type { IsoDate } from './types';

/**
 * Hours ahead of UTC. Keppres 41/1987 divides Indonesia into WIB (UTC+7), WITA (UTC+8) and
 * WIT (UTC+9); Indonesia keeps no daylight saving time, so fixed offsets are exact and no tz
 * database is needed.
 */
export const UTC_OFFSET_HOURS: Readonly<Record<TimeZone, number>> = {
  'Asia/Jakarta': 7,
  'Asia/Makassar': 8,
  'Asia/Jayapura': 9,
};

const offsetMs = (zone: TimeZone): number => UTC_OFFSET_HOURS[zone] * 3_600_000;

// An instant must say its offset: without one, Date.parse reads it in the host's zone.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Milliseconds since the epoch of an ISO-8601 instant with `Z` or an explicit offset. */
export function parseInstant(instantIso: string): number {
  const ms = ISO_INSTANT.test(instantIso) ? Date.parse(instantIso) : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO-8601 instant with an offset: ${JSON.stringify(instantIso)}`);
  return ms;
}

/** The local day number of an instant in a zone. */
export const localDayOf = (instantMs: number, zone: TimeZone): DayNumber =>
  Math.floor((instantMs + offsetMs(zone)) / MS_PER_DAY);

/** The last millisecond of a local day, as UTC ISO-8601. */
export const endOfLocalDay = (dayNumber: DayNumber, zone: TimeZone): string =>
  new Date((dayNumber + 1) * MS_PER_DAY - offsetMs(zone) - 1).toISOString();

/** The date people in `zone` read at this instant: '2026-03-16T17:30:00Z' is 2026-03-17 in WITA. */
export const localDate = (instantIso: string, zone: TimeZone): IsoDate =>
  toIsoDate(localDayOf(parseInstant(instantIso), zone));

/** 23:59:59.999 local time on `date`, as UTC ISO-8601: the moment a deadline on that day passes. */
export const endOfDay = (date: IsoDate, zone: TimeZone): string => endOfLocalDay(requireIsoDate(date), zone);
