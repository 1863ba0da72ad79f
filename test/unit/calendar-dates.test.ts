import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MS_PER_DAY,
  isWeekend,
  parseIsoDate,
  toIsoDate,
  weekday,
  weekdaysBefore,
} from '../../shared/domain/calendar/days';
import { UTC_OFFSET_HOURS, endOfDay, localDate } from '../../shared/domain/calendar/zones';
import type { TimeZone } from '../../shared/domain/actors';

// Day numbers from 1900 to 2200: far wider than any deadline Pantau will compute.
const dayNumbers = fc.integer({ min: -25_567, max: 84_000 });

describe('calendar dates', () => {
  it('a date a user reads is the same date the host clock would print, for three centuries', () => {
    fc.assert(
      fc.property(dayNumbers, (day) => {
        const iso = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
        expect(toIsoDate(day)).toBe(iso);
        expect(parseIsoDate(iso)).toBe(day);
        expect(weekday(day)).toBe(new Date(day * MS_PER_DAY).getUTCDay());
      }),
    );
  });

  it('a date that does not exist is refused, leap days included', () => {
    for (const bad of ['2026-02-29', '2100-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-3-1', '26-03-01', '2026-03-01T00:00:00Z', '']) {
      expect(parseIsoDate(bad), bad).toBeUndefined();
    }
    for (const good of ['2024-02-29', '2000-02-29', '2026-12-31', '2026-01-01']) {
      expect(parseIsoDate(good), good).toBeTypeOf('number');
    }
  });

  it('Monday 16 March 2026 is a weekday and the Saturday after it is not', () => {
    const monday = parseIsoDate('2026-03-16') as number;
    expect(weekday(monday)).toBe(1);
    expect(isWeekend(monday)).toBe(false);
    expect(isWeekend(monday + 5)).toBe(true);
    expect(isWeekend(monday + 6)).toBe(true);
  });

  it('counting weekdays by arithmetic agrees with counting them one by one', () => {
    fc.assert(
      fc.property(dayNumbers, fc.integer({ min: 0, max: 800 }), (start, length) => {
        let counted = 0;
        for (let day = start; day < start + length; day++) if (!isWeekend(day)) counted++;
        expect(weekdaysBefore(start + length) - weekdaysBefore(start)).toBe(counted);
      }),
    );
  });
});

describe('local dates in WIB, WITA and WIT', () => {
  it('at 22:30 in Jakarta it is already the next day in Jayapura', () => {
    const instant = '2026-03-16T15:30:00Z';
    expect(localDate(instant, 'Asia/Jakarta')).toBe('2026-03-16');
    expect(localDate(instant, 'Asia/Makassar')).toBe('2026-03-16');
    expect(localDate(instant, 'Asia/Jayapura')).toBe('2026-03-17');
  });

  it('at 23:30 in Jakarta it is already the next day in Makassar and Jayapura', () => {
    const instant = '2026-03-16T16:30:00Z';
    expect(localDate(instant, 'Asia/Jakarta')).toBe('2026-03-16');
    expect(localDate(instant, 'Asia/Makassar')).toBe('2026-03-17');
    expect(localDate(instant, 'Asia/Jayapura')).toBe('2026-03-17');
  });

  it('an instant written with a local offset reads the same as its UTC form', () => {
    expect(localDate('2026-03-16T23:59:59.999+07:00', 'Asia/Jakarta')).toBe('2026-03-16');
    expect(localDate('2026-03-17T00:00:00+07:00', 'Asia/Jakarta')).toBe('2026-03-17');
    expect(localDate('2026-03-16T17:00:00Z', 'Asia/Jakarta')).toBe('2026-03-17');
  });

  it("a deadline passes at the last millisecond of the day in the office's own zone", () => {
    expect(endOfDay('2026-03-26', 'Asia/Jakarta')).toBe('2026-03-26T16:59:59.999Z');
    expect(endOfDay('2026-03-26', 'Asia/Makassar')).toBe('2026-03-26T15:59:59.999Z');
    expect(endOfDay('2026-03-26', 'Asia/Jayapura')).toBe('2026-03-26T14:59:59.999Z');
    expect(endOfDay('2026-12-31', 'Asia/Jakarta')).toBe('2026-12-31T16:59:59.999Z');
  });

  it('the end of a local day still reads as that day there, and one millisecond later as the next', () => {
    const zones = Object.keys(UTC_OFFSET_HOURS) as TimeZone[];
    fc.assert(
      fc.property(dayNumbers, fc.constantFrom(...zones), (day, zone) => {
        const date = toIsoDate(day);
        const end = endOfDay(date, zone);
        expect(localDate(end, zone)).toBe(date);
        expect(localDate(new Date(Date.parse(end) + 1).toISOString(), zone)).toBe(toIsoDate(day + 1));
      }),
    );
  });

  it('an instant without an offset is refused, since it would be read in the server\'s zone', () => {
    expect(() => localDate('2026-03-16T09:00:00', 'Asia/Jakarta')).toThrow(RangeError);
    expect(() => localDate('2026-03-16', 'Asia/Jakarta')).toThrow(RangeError);
    expect(() => localDate('yesterday', 'Asia/Jakarta')).toThrow(RangeError);
    expect(() => endOfDay('2026-02-30', 'Asia/Jakarta')).toThrow(RangeError);
  });
});
