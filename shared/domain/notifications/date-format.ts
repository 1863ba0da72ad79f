import type { TimeZone } from '../actors';
import { MS_PER_DAY, civilFromDay, requireIsoDate, weekday, type DayNumber } from '../calendar/days';
import type { IsoDate } from '../calendar/types';
import { UTC_OFFSET_HOURS, localDayOf, parseInstant } from '../calendar/zones';
import type { Lang } from '../messages';

/*
 * Dates as people read them in letters, spelled here rather than by Intl: what Intl prints for
 * 'id' differs between Node builds and ICU versions ("Jumat" or "Jum'at", "pukul" or not), and
 * a notice must read the same wherever it is rendered, and in its golden file.
 */

// Index 0 is Sunday, as weekday() counts.
const DAYS: Readonly<Record<Lang, readonly string[]>> = {
  id: ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'],
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
};

const MONTHS: Readonly<Record<Lang, readonly string[]>> = {
  id: ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

const MONTHS_SHORT: Readonly<Record<Lang, readonly string[]>> = {
  id: ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'],
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
};

/** How Indonesians name their zones (Keppres 41/1987). */
export const ZONE_ABBREVIATIONS: Readonly<Record<TimeZone, string>> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

const at = <T>(list: readonly T[], index: number): T => list[index] as T;

function longDate(day: DayNumber, lang: Lang, withWeekday: boolean): string {
  const { year, month, day: dayOfMonth } = civilFromDay(day);
  const date = `${dayOfMonth} ${at(MONTHS[lang], month - 1)} ${year}`;
  return withWeekday ? `${at(DAYS[lang], weekday(day))}, ${date}` : date;
}

/** 'Kamis, 26 Maret 2026' / 'Thursday, 26 March 2026'; without the weekday: '26 Maret 2026'. */
export const formatDate = (date: IsoDate, lang: Lang, options: { weekday?: boolean } = {}): string =>
  longDate(requireIsoDate(date), lang, options.weekday ?? true);

function shortDate(day: DayNumber, lang: Lang): string {
  const { year, month, day: dayOfMonth } = civilFromDay(day);
  return `${dayOfMonth} ${at(MONTHS_SHORT[lang], month - 1)} ${year}`;
}

/** For an SMS, where every character counts: '26 Mar 2026', '17 Agu 2026' / '17 Aug 2026'. */
export const formatShortDate = (date: IsoDate, lang: Lang): string => shortDate(requireIsoDate(date), lang);

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** The local day of an instant, and its time of day when that is not the day's last millisecond. */
function localParts(instantIso: string, zone: TimeZone): { day: DayNumber; time?: string } {
  const ms = parseInstant(instantIso);
  const day = localDayOf(ms, zone);
  const sinceMidnight = ms + UTC_OFFSET_HOURS[zone] * 3_600_000 - day * MS_PER_DAY;
  // Deadlines are the last millisecond of a local day: the date alone says it.
  if (sinceMidnight === MS_PER_DAY - 1) return { day };
  const minutes = Math.floor(sinceMidnight / 60_000);
  return { day, time: `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}` };
}

/** Indonesian writes the time with a dot (21.59); both name the zone. */
const clock = (time: string, zone: TimeZone, lang: Lang): string =>
  lang === 'id' ? `pukul ${time.replace(':', '.')} ${ZONE_ABBREVIATIONS[zone]}` : `at ${time} ${ZONE_ABBREVIATIONS[zone]}`;

/**
 * A deadline in the reader's zone: the date when it is the end of a local day there
 * ('Kamis, 26 Maret 2026'), or else with the time ('Kamis, 26 Maret 2026 pukul 21.59 WIB' /
 * 'Thursday, 26 March 2026 at 21:59 WIB'), as when a WIT office's deadline is read in WIB.
 */
export function formatDeadline(instantIso: string, zone: TimeZone, lang: Lang): string {
  const { day, time } = localParts(instantIso, zone);
  const date = longDate(day, lang, true);
  return time === undefined ? date : `${date} ${clock(time, zone, lang)}`;
}

/** A deadline for an SMS: '26 Mar 2026', or '26 Mar 2026 21.59 WIB' / '26 Mar 2026 21:59 WIB'. */
export function formatShortDeadline(instantIso: string, zone: TimeZone, lang: Lang): string {
  const { day, time } = localParts(instantIso, zone);
  const date = shortDate(day, lang);
  return time === undefined ? date : `${date} ${lang === 'id' ? time.replace(':', '.') : time} ${ZONE_ABBREVIATIONS[zone]}`;
}

/** The local date of an instant, in words: 'Senin, 16 Maret 2026'. */
export const formatInstantDate = (instantIso: string, zone: TimeZone, lang: Lang): string =>
  longDate(localDayOf(parseInstant(instantIso), zone), lang, true);
