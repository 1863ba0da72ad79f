import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TimeZone } from '../../shared/domain/actors';
import {
  CALENDAR_2026,
  Calendars,
  addWorkingDays,
  addWorkingTime,
  isWorkingDay,
  localDate,
  type HolidayCalendar,
} from '../../shared/domain/calendar';

const with2026 = new Calendars([CALENDAR_2026]);
const OFFSETS: Record<TimeZone, string> = { 'Asia/Jakarta': '+07:00', 'Asia/Makassar': '+08:00', 'Asia/Jayapura': '+09:00' };
const ZONES = Object.keys(OFFSETS) as TimeZone[];
/** A local wall-clock time written out by hand, as UTC ISO-8601. */
const local = (date: string, time: string, zone: TimeZone): string => new Date(`${date}T${time}${OFFSETS[zone]}`).toISOString();

describe('working time in fractions of a working day', () => {
  it('1.5 working days after Monday 09:00 WIB is Wednesday noon WIB', () => {
    expect(addWorkingTime('2026-03-09T09:00:00+07:00', 1.5, 'Asia/Jakarta', with2026)).toEqual({
      value: local('2026-03-11', '12:00:00', 'Asia/Jakarta'),
      yearsWithoutCalendar: [],
    });
  });

  it('half a working day after Tuesday 17 March lands at noon on Wednesday 25 March, past Nyepi and the Idul Fitri leave', () => {
    for (const zone of ZONES) {
      expect(addWorkingTime(`2026-03-17T09:00:00${OFFSETS[zone]}`, 0.5, zone, with2026).value, zone).toBe(local('2026-03-25', '12:00:00', zone));
    }
  });

  it('three quarters of a three-day stage entered Friday evening is Wednesday 06:00, the quarter of it still to run', () => {
    // Fri 6 March 2026, 20:00 WIB: Mon 9 and Tue 10 are the first two working days, Wed 11 the third.
    expect(addWorkingTime('2026-03-06T20:00:00+07:00', 2.25, 'Asia/Jakarta', with2026).value).toBe(local('2026-03-11', '06:00:00', 'Asia/Jakarta'));
    expect(addWorkingTime('2026-03-06T20:00:00+07:00', 3, 'Asia/Jakarta', with2026).value).toBe(local('2026-03-11', '23:59:59.999', 'Asia/Jakarta'));
  });

  it('a whole number of working days gives the end of that working day, exactly as addWorkingDays', () => {
    expect(addWorkingTime('2026-03-16T09:00:00+07:00', 3, 'Asia/Jakarta', with2026)).toEqual(
      addWorkingDays('2026-03-16T09:00:00+07:00', 3, 'Asia/Jakarta', with2026),
    );
  });

  it('a fraction just short of a whole day stays on its day, at its last millisecond', () => {
    const almost = addWorkingTime('2026-03-16T09:00:00+07:00', 1.9999999999, 'Asia/Jakarta', with2026).value;
    expect(almost).toBe(addWorkingDays('2026-03-16T09:00:00+07:00', 2, 'Asia/Jakarta', with2026).value);
  });

  it('running into a year with no calendar says so', () => {
    expect(addWorkingTime('2026-12-31T09:00:00+07:00', 0.5, 'Asia/Jakarta', with2026)).toEqual({
      value: local('2027-01-01', '12:00:00', 'Asia/Jakarta'),
      yearsWithoutCalendar: [2027],
    });
  });

  it('no time, negative time or time without end is a bug and is refused', () => {
    for (const n of [0, -0.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => addWorkingTime('2026-03-16T09:00:00+07:00', n, 'Asia/Jakarta', with2026), String(n)).toThrow(RangeError);
    }
  });
});

const DAY = 86_400_000;
const zones = fc.constantFrom<TimeZone>(...ZONES);
const instants = fc
  .integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 11, 31, 23, 59, 59, 999) })
  .map((ms) => new Date(ms).toISOString());
const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
/** 2026 as decreed, and a made-up 2027 with up to 30 weekdays off. */
const calendars = fc
  .uniqueArray(fc.integer({ min: 0, max: 364 }), { maxLength: 30 })
  .map((offsets): HolidayCalendar => ({
    year: 2027,
    holidays: offsets.map((offset, i) => ({ date: isoDay(Date.UTC(2027, 0, 1) + offset * DAY), name: `Libur ${i}` })),
    collectiveLeave: [],
  }))
  .map((calendar2027) => new Calendars([CALENDAR_2026, calendar2027]));
const amounts = fc.double({ min: 0.01, max: 120, noNaN: true });

describe('working time, for any start, amount, zone and calendar', () => {
  it('more working time never ends earlier', () => {
    fc.assert(
      fc.property(calendars, instants, amounts, amounts, zones, (cals, start, a, b, zone) => {
        const [less, more] = a <= b ? [a, b] : [b, a];
        expect(Date.parse(addWorkingTime(start, less, zone, cals).value)).toBeLessThanOrEqual(Date.parse(addWorkingTime(start, more, zone, cals).value));
      }),
      { numRuns: 300 },
    );
  });

  it('a whole number of working days is addWorkingDays', () => {
    fc.assert(
      fc.property(calendars, instants, fc.integer({ min: 1, max: 120 }), zones, (cals, start, n, zone) => {
        expect(addWorkingTime(start, n, zone, cals)).toEqual(addWorkingDays(start, n, zone, cals));
      }),
    );
  });

  it('never lands on a weekend, a holiday or a cuti bersama day, and always after the start', () => {
    fc.assert(
      fc.property(calendars, instants, amounts, zones, (cals, start, amount, zone) => {
        const end = addWorkingTime(start, amount, zone, cals).value;
        expect(isWorkingDay(localDate(end, zone), cals).value).toBe(true);
        expect(Date.parse(end)).toBeGreaterThan(Date.parse(start));
      }),
      { numRuns: 300 },
    );
  });

  it('n + f working days lands on the day of n + 1 at f of the way through it', () => {
    fc.assert(
      fc.property(calendars, instants, fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 99 }), zones, (cals, start, n, percent, zone) => {
        const end = addWorkingTime(start, n + percent / 100, zone, cals).value;
        const dayEnd = addWorkingDays(start, n + 1, zone, cals).value;
        expect(localDate(end, zone)).toBe(localDate(dayEnd, zone));
        const sinceMidnight = Date.parse(end) - (Date.parse(dayEnd) + 1 - DAY);
        // Within the millisecond it is rounded down to (and the float error of n + f - n).
        expect(Math.abs(sinceMidnight - (percent / 100) * DAY)).toBeLessThan(2);
      }),
    );
  });
});
