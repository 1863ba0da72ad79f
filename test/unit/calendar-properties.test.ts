import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TimeZone } from '../../shared/domain/actors';
import {
  CALENDAR_2026,
  Calendars,
  addWorkingDays,
  isWorkingDay,
  localDate,
  nextWorkingDay,
  parseHolidayCalendar,
  workingDaysBetween,
  type HolidayCalendar,
} from '../../shared/domain/calendar';

const DAY = 86_400_000;
const OFFSET_HOURS: Record<TimeZone, number> = { 'Asia/Jakarta': 7, 'Asia/Makassar': 8, 'Asia/Jayapura': 9 };
const zones = fc.constantFrom<TimeZone>('Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura');

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const isLeap = (year: number): boolean => new Date(Date.UTC(year, 1, 29)).getUTCMonth() === 1;

/** A made-up decree for `year`: up to 40 distinct days off, split between holidays and cuti bersama. */
const calendarFor = (year: number): fc.Arbitrary<HolidayCalendar> =>
  fc
    .uniqueArray(fc.integer({ min: 0, max: isLeap(year) ? 365 : 364 }), { maxLength: 40 })
    .chain((offsets) => fc.tuple(fc.constant(offsets), fc.integer({ min: 0, max: offsets.length })))
    .map(([offsets, split]) => {
      const days = offsets.map((offset, i) => ({ date: isoDay(Date.UTC(year, 0, 1) + offset * DAY), name: `Hari libur ${i}` }));
      return { year, holidays: days.slice(0, split), collectiveLeave: days.slice(split) };
    });

/** Calendars for 2025–2029, each year present or not; 2026 is the real one when present. */
const someCalendars: fc.Arbitrary<HolidayCalendar[]> = fc
  .tuple(
    fc.option(calendarFor(2025), { nil: undefined }),
    fc.option(fc.constant(CALENDAR_2026), { nil: undefined }),
    fc.option(calendarFor(2027), { nil: undefined }),
    fc.option(calendarFor(2028), { nil: undefined }),
    fc.option(calendarFor(2029), { nil: undefined }),
  )
  .map((list) => list.filter((calendar): calendar is HolidayCalendar => calendar !== undefined));

const allCalendars: fc.Arbitrary<HolidayCalendar[]> = fc.tuple(
  calendarFor(2025),
  fc.constant(CALENDAR_2026),
  calendarFor(2027),
  calendarFor(2028),
  calendarFor(2029),
);

/** Instants from 2025 to 2027: 250 working days later still falls before 2030. */
const instants = fc
  .integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 11, 31, 23, 59, 59, 999) })
  .map((ms) => new Date(ms).toISOString());
const dates = fc.integer({ min: Date.UTC(2025, 0, 1) / DAY, max: Date.UTC(2029, 11, 31) / DAY }).map((d) => isoDay(d * DAY));
const counts = fc.integer({ min: 1, max: 250 });

/**
 * The rule as a person would apply it with a wall calendar: walk day by day from the local date,
 * skip Saturdays, Sundays and listed days, and note each year walked through without a calendar.
 */
function byHand(startIso: string, n: number, zone: TimeZone, calendars: HolidayCalendar[]) {
  const daysOff = new Set(calendars.flatMap((c) => [...c.holidays, ...c.collectiveLeave].map((d) => d.date)));
  const known = new Set(calendars.map((c) => c.year));
  const missing = new Set<number>();
  let ms = Date.parse(`${isoDay(Date.parse(startIso) + OFFSET_HOURS[zone] * 3_600_000)}T00:00:00Z`);
  for (let counted = 0; counted < n; ) {
    ms += DAY;
    const day = new Date(ms);
    if (!known.has(day.getUTCFullYear())) missing.add(day.getUTCFullYear());
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6 && !daysOff.has(isoDay(ms))) counted++;
  }
  const sign = `+0${OFFSET_HOURS[zone]}:00`;
  return {
    value: new Date(`${isoDay(ms)}T23:59:59.999${sign}`).toISOString(),
    yearsWithoutCalendar: [...missing].sort((a, b) => a - b),
  };
}

describe('working days, for any start, stage length, zone and set of calendars', () => {
  it('a due instant is the one a clerk with a wall calendar would find', () => {
    fc.assert(
      fc.property(someCalendars, instants, counts, zones, (list, start, n, zone) => {
        expect(addWorkingDays(start, n, zone, new Calendars(list))).toEqual(byHand(start, n, zone, list));
      }),
      { numRuns: 300 },
    );
  });

  it('a stage of n working days has used exactly n of them when it falls due', () => {
    fc.assert(
      fc.property(someCalendars, instants, counts, zones, (list, start, n, zone) => {
        const calendars = new Calendars(list);
        const due = addWorkingDays(start, n, zone, calendars);
        const used = workingDaysBetween(localDate(start, zone), localDate(due.value, zone), calendars);
        expect(used).toEqual({ value: n, yearsWithoutCalendar: due.yearsWithoutCalendar });
      }),
    );
  });

  it('a stage always falls due on a working day, at its last millisecond', () => {
    fc.assert(
      fc.property(someCalendars, instants, counts, zones, (list, start, n, zone) => {
        const calendars = new Calendars(list);
        const due = addWorkingDays(start, n, zone, calendars).value;
        expect(isWorkingDay(localDate(due, zone), calendars).value).toBe(true);
        expect(localDate(new Date(Date.parse(due) + 1).toISOString(), zone)).not.toBe(localDate(due, zone));
      }),
    );
  });

  it('a longer stage is always due later', () => {
    fc.assert(
      fc.property(someCalendars, instants, counts, counts, zones, (list, start, a, b, zone) => {
        fc.pre(a !== b);
        const calendars = new Calendars(list);
        const [shorter, longer] = a < b ? [a, b] : [b, a];
        expect(addWorkingDays(start, shorter, zone, calendars).value < addWorkingDays(start, longer, zone, calendars).value).toBe(true);
      }),
    );
  });

  it('working days counted over two stretches add up to the count over both', () => {
    fc.assert(
      fc.property(someCalendars, fc.uniqueArray(dates, { minLength: 3, maxLength: 3 }), (list, three) => {
        const [a, b, c] = [...three].sort() as [string, string, string];
        const calendars = new Calendars(list);
        const whole = workingDaysBetween(a, c, calendars).value;
        expect(whole).toBe(workingDaysBetween(a, b, calendars).value + workingDaysBetween(b, c, calendars).value);
      }),
    );
  });

  it('the next working day is one working day on, and nothing in between is one', () => {
    fc.assert(
      fc.property(someCalendars, dates, (list, date) => {
        const calendars = new Calendars(list);
        const next = nextWorkingDay(date, calendars).value;
        expect(isWorkingDay(next, calendars).value).toBe(true);
        expect(workingDaysBetween(date, next, calendars).value).toBe(1);
      }),
    );
  });

  it('with every year decreed, no answer carries a warning', () => {
    fc.assert(
      fc.property(allCalendars, instants, counts, zones, dates, dates, (list, start, n, zone, from, to) => {
        const calendars = new Calendars(list);
        expect(addWorkingDays(start, n, zone, calendars).yearsWithoutCalendar).toEqual([]);
        expect(workingDaysBetween(from, to, calendars).yearsWithoutCalendar).toEqual([]);
        expect(isWorkingDay(from, calendars).yearsWithoutCalendar).toEqual([]);
      }),
    );
  });

  it('a BKN admin could put any of these made-up decrees through the API schema', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2100 }).chain(calendarFor), (calendar) => {
        expect(parseHolidayCalendar(calendar)).toEqual({ ok: true, calendar });
      }),
    );
  });
});
