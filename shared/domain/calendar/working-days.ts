import type { TimeZone } from '../actors';
import { MS_PER_DAY, isWeekend, requireIsoDate, toIsoDate, weekdaysBefore, yearOf, type DayNumber } from './days';
import type { HolidayCalendar, IsoDate } from './types';
import { UTC_OFFSET_HOURS, endOfLocalDay, localDayOf, parseInstant } from './zones';

/**
 * An answer, and the years it counted over that have no calendar. Those years counted weekends
 * only, so a holiday there was taken for a working day: callers log a warning and flag the answer.
 */
export interface CalendarAnswer<T> {
  value: T;
  /** Ascending; empty when every year counted over has its calendar. */
  yearsWithoutCalendar: number[];
}

/**
 * The decreed calendars the working-day functions consult, indexed once by day number. Built
 * from stored calendars (validated by holidayCalendarSchema on the way in); a malformed one is a
 * bug and throws here rather than silently shifting deadlines.
 */
export class Calendars {
  private readonly byYear = new Map<number, HolidayCalendar>();
  private readonly daysOff = new Set<DayNumber>();
  /** Days off that fall Monday–Friday, ascending: counting subtracts them from the weekdays. */
  private readonly weekdaysOff: DayNumber[];

  constructor(calendars: Iterable<HolidayCalendar>) {
    for (const calendar of calendars) {
      if (this.byYear.has(calendar.year)) throw new RangeError(`two calendars for ${calendar.year}`);
      this.byYear.set(calendar.year, calendar);
      for (const { date } of [...calendar.holidays, ...calendar.collectiveLeave]) {
        const day = requireIsoDate(date);
        if (yearOf(day) !== calendar.year) throw new RangeError(`${date} is not in the ${calendar.year} calendar's year`);
        this.daysOff.add(day);
      }
    }
    this.weekdaysOff = [...this.daysOff].filter((day) => !isWeekend(day)).sort((a, b) => a - b);
  }

  has(year: number): boolean {
    return this.byYear.has(year);
  }

  get(year: number): HolidayCalendar | undefined {
    return this.byYear.get(year);
  }

  /** The years with a calendar, ascending. */
  years(): number[] {
    return [...this.byYear.keys()].sort((a, b) => a - b);
  }

  /** A national holiday or a cuti bersama day of a known year. */
  isDayOff(day: DayNumber): boolean {
    return this.daysOff.has(day);
  }

  /** Days off falling Monday–Friday in (after, upTo]. */
  weekdaysOffIn(after: DayNumber, upTo: DayNumber): number {
    return countAtMost(this.weekdaysOff, upTo) - countAtMost(this.weekdaysOff, after);
  }
}

/** How many entries of an ascending array are <= limit (binary search). */
function countAtMost(ascending: readonly number[], limit: number): number {
  let low = 0;
  let high = ascending.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((ascending[mid] as number) <= limit) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Working day: Monday–Friday (Perpres 21/2023 art. 3) that is no holiday or cuti bersama. */
const isWorking = (day: DayNumber, calendars: Calendars): boolean => !isWeekend(day) && !calendars.isDayOff(day);

function yearsWithoutCalendar(firstDay: DayNumber, lastDay: DayNumber, calendars: Calendars): number[] {
  const missing: number[] = [];
  if (lastDay < firstDay) return missing;
  for (let year = yearOf(firstDay), last = yearOf(lastDay); year <= last; year++) {
    if (!calendars.has(year)) missing.push(year);
  }
  return missing;
}

function requireCount(n: number): void {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`working days to add must be an integer >= 1, got ${n}`);
}

/** The n-th working day after `startDay` (which itself never counts). Steps a day at a time. */
function nthWorkingDayAfter(startDay: DayNumber, n: number, calendars: Calendars): DayNumber {
  let day = startDay;
  for (let counted = 0; counted < n; ) {
    day++;
    if (isWorking(day, calendars)) counted++;
  }
  return day;
}

/**
 * When a stage of `n` working days that began at `startInstantIso` is due: the end of the n-th
 * working day after the local date it began, in the handling organisation's zone. The day a
 * proposal arrives does not count.
 *
 * a stage of 3 entered Mon 2026-03-16 09:00 WIB → end of Thu 2026-03-26 WIB = 2026-03-26T16:59:59.999Z
 */
export function addWorkingDays(
  startInstantIso: string,
  n: number,
  zone: TimeZone,
  calendars: Calendars,
): CalendarAnswer<string> {
  requireCount(n);
  const startDay = localDayOf(parseInstant(startInstantIso), zone);
  const dueDay = nthWorkingDayAfter(startDay, n, calendars);
  return { value: endOfLocalDay(dueDay, zone), yearsWithoutCalendar: yearsWithoutCalendar(startDay + 1, dueDay, calendars) };
}

/**
 * The instant at which `workingDays` of working time have run since `startInstantIso`, for the
 * reminders at 50% and 75% of a stage. Each working day is one unit spanning its local calendar
 * day (00:00 to 24:00 in `zone`); other days add nothing, and the start's own day never counts,
 * as in addWorkingDays. So a whole number n gives addWorkingDays' answer (the end of the n-th
 * working day), and n + f, for 0 < f < 1, lands in the (n+1)-th working day at f × 24 h local time.
 *
 * 1.5 working days after Mon 2026-03-09 09:00 WIB → Wed 2026-03-11 12:00 WIB = 2026-03-11T05:00:00.000Z
 */
export function addWorkingTime(
  startInstantIso: string,
  workingDays: number,
  zone: TimeZone,
  calendars: Calendars,
): CalendarAnswer<string> {
  if (!Number.isFinite(workingDays) || workingDays <= 0) {
    throw new RangeError(`working time to add must be a finite number > 0, got ${workingDays}`);
  }
  const whole = Math.floor(workingDays);
  const fraction = workingDays - whole;
  if (fraction === 0) return addWorkingDays(startInstantIso, whole, zone, calendars);
  const startDay = localDayOf(parseInstant(startInstantIso), zone);
  const day = nthWorkingDayAfter(startDay, whole + 1, calendars);
  // Rounded down to the millisecond, so a fraction just short of 1 lands on the day's last
  // millisecond (addWorkingDays' answer for whole + 1) and never on the next day.
  const sinceMidnight = Math.floor(fraction * MS_PER_DAY);
  const instant = day * MS_PER_DAY - UTC_OFFSET_HOURS[zone] * 3_600_000 + sinceMidnight;
  return { value: new Date(instant).toISOString(), yearsWithoutCalendar: yearsWithoutCalendar(startDay + 1, day, calendars) };
}

/** The n-th working day after `date` (which does not count), for deadlines kept as dates. */
export function addWorkingDaysToDate(date: IsoDate, n: number, calendars: Calendars): CalendarAnswer<IsoDate> {
  requireCount(n);
  const startDay = requireIsoDate(date);
  const day = nthWorkingDayAfter(startDay, n, calendars);
  return { value: toIsoDate(day), yearsWithoutCalendar: yearsWithoutCalendar(startDay + 1, day, calendars) };
}

/** The first working day strictly after `date`. */
export const nextWorkingDay = (date: IsoDate, calendars: Calendars): CalendarAnswer<IsoDate> =>
  addWorkingDaysToDate(date, 1, calendars);

export function isWorkingDay(date: IsoDate, calendars: Calendars): CalendarAnswer<boolean> {
  const day = requireIsoDate(date);
  return { value: isWorking(day, calendars), yearsWithoutCalendar: yearsWithoutCalendar(day, day, calendars) };
}

/**
 * Working days in (fromDate, toDate]: how many a stage has used from the day it arrived up to
 * today. 0 when toDate <= fromDate. Counted, not stepped: weekdays by arithmetic, less the known
 * days off that fall on weekdays, so a span of years costs no more than a week.
 */
export function workingDaysBetween(fromDate: IsoDate, toDate: IsoDate, calendars: Calendars): CalendarAnswer<number> {
  const from = requireIsoDate(fromDate);
  const to = requireIsoDate(toDate);
  if (to <= from) return { value: 0, yearsWithoutCalendar: [] };
  const weekdays = weekdaysBefore(to + 1) - weekdaysBefore(from + 1);
  return {
    value: weekdays - calendars.weekdaysOffIn(from, to),
    yearsWithoutCalendar: yearsWithoutCalendar(from + 1, to, calendars),
  };
}
