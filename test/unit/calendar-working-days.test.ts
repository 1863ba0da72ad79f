import { describe, expect, it } from 'vitest';
import type { TimeZone } from '../../shared/domain/actors';
import {
  CALENDAR_2026,
  Calendars,
  addWorkingDays,
  addWorkingDaysToDate,
  isWorkingDay,
  nextWorkingDay,
  workingDaysBetween,
  type HolidayCalendar,
} from '../../shared/domain/calendar';

const with2026 = new Calendars([CALENDAR_2026]);

const OFFSETS: Record<TimeZone, string> = { 'Asia/Jakarta': '+07:00', 'Asia/Makassar': '+08:00', 'Asia/Jayapura': '+09:00' };
const ZONES = Object.keys(OFFSETS) as TimeZone[];

/** The end of a local day, written out by hand rather than by the module under test. */
const endOfLocal = (date: string, zone: TimeZone): string => new Date(`${date}T23:59:59.999${OFFSETS[zone]}`).toISOString();
const at = (date: string, time: string, zone: TimeZone): string => `${date}T${time}${OFFSETS[zone]}`;

/** Every date from `first` to `last`, inclusive. */
function datesFrom(first: string, last: string): string[] {
  const dates: string[] = [];
  for (let ms = Date.parse(`${first}T00:00:00Z`); ms <= Date.parse(`${last}T00:00:00Z`); ms += 86_400_000) {
    dates.push(new Date(ms).toISOString().slice(0, 10));
  }
  return dates;
}

describe('around Nyepi and Idul Fitri 2026', () => {
  // Read off the SKB by hand: 18 March cuti bersama Nyepi, 19 Nyepi, 20 cuti bersama Idul Fitri,
  // 21–22 Idul Fitri (a weekend), 23–24 cuti bersama Idul Fitri; 3 April Wafat Yesus Kristus.
  const WORKING = [
    '2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13',
    '2026-03-16', '2026-03-17',
    '2026-03-25', '2026-03-26', '2026-03-27',
    '2026-03-30', '2026-03-31', '2026-04-01', '2026-04-02',
    '2026-04-06', '2026-04-07', '2026-04-08',
  ];

  it('a stage of 3 working days entered Monday 16 March 09:00 WIB is due at the end of Thursday 26 March WIB', () => {
    expect(addWorkingDays('2026-03-16T09:00:00+07:00', 3, 'Asia/Jakarta', with2026)).toEqual({
      value: '2026-03-26T16:59:59.999Z',
      yearsWithoutCalendar: [],
    });
  });

  it.each(datesFrom('2026-03-09', '2026-03-31'))(
    'a proposal arriving on %s is due on the 1st to 5th working day after it, in every zone',
    (start) => {
      const after = WORKING.filter((date) => date > start);
      for (const zone of ZONES) {
        for (let n = 1; n <= 5; n++) {
          const expected = after[n - 1] as string;
          // Early morning and late evening of the same local day give the same due date.
          for (const time of ['00:00:00', '09:00:00', '23:59:59.999']) {
            const due = addWorkingDays(at(start, time, zone), n, zone, with2026);
            expect(due, `${start} ${time} ${zone} n=${n}`).toEqual({ value: endOfLocal(expected, zone), yearsWithoutCalendar: [] });
          }
          expect(addWorkingDaysToDate(start, n, with2026).value).toBe(expected);
        }
      }
    },
  );

  it('an office open on none of 18 to 24 March counts only the hand-listed days', () => {
    for (const date of datesFrom('2026-03-07', '2026-04-08')) {
      expect(isWorkingDay(date, with2026), date).toEqual({ value: WORKING.includes(date), yearsWithoutCalendar: [] });
      expect(workingDaysBetween('2026-03-08', date, with2026).value, date).toBe(WORKING.filter((d) => d <= date).length);
    }
  });

  it('after Tuesday 17 March the next working day is Wednesday 25 March', () => {
    expect(nextWorkingDay('2026-03-17', with2026)).toEqual({ value: '2026-03-25', yearsWithoutCalendar: [] });
    expect(nextWorkingDay('2026-03-20', with2026).value).toBe('2026-03-25');
    expect(workingDaysBetween('2026-03-17', '2026-03-25', with2026).value).toBe(1);
  });
});

describe('at the turn of the year', () => {
  it('a proposal arriving Wednesday 23 December 2026 waits past Christmas Eve leave and Christmas to Monday 28', () => {
    expect(isWorkingDay('2026-12-24', with2026).value).toBe(false);
    expect(isWorkingDay('2026-12-25', with2026).value).toBe(false);
    expect(nextWorkingDay('2026-12-23', with2026).value).toBe('2026-12-28');
    expect(addWorkingDays('2026-12-23T10:00:00+07:00', 1, 'Asia/Jakarta', with2026)).toEqual({
      value: '2026-12-28T16:59:59.999Z',
      yearsWithoutCalendar: [],
    });
  });

  it('a stage running into 2027 before its calendar is decreed counts weekends only there, and says so', () => {
    // 31 Dec 2026 counts; 1 Jan 2027 is New Year's Day, but with no 2027 calendar it counts too.
    expect(addWorkingDays('2026-12-30T10:00:00+07:00', 3, 'Asia/Jakarta', with2026)).toEqual({
      value: '2027-01-04T16:59:59.999Z',
      yearsWithoutCalendar: [2027],
    });
    expect(isWorkingDay('2027-01-01', with2026)).toEqual({ value: true, yearsWithoutCalendar: [2027] });
    expect(workingDaysBetween('2026-12-30', '2027-01-04', with2026)).toEqual({ value: 3, yearsWithoutCalendar: [2027] });
  });

  it('once the 2027 calendar is in, New Year\'s Day 2027 no longer counts and nothing is flagged', () => {
    const calendar2027: HolidayCalendar = { year: 2027, holidays: [{ date: '2027-01-01', name: 'Tahun Baru 2027 Masehi' }], collectiveLeave: [] };
    const both = new Calendars([CALENDAR_2026, calendar2027]);
    expect(addWorkingDays('2026-12-30T10:00:00+07:00', 3, 'Asia/Jakarta', both)).toEqual({
      value: '2027-01-05T16:59:59.999Z',
      yearsWithoutCalendar: [],
    });
  });

  it('a proposal filed in 2025, a year with no calendar here, is flagged for 2025', () => {
    expect(addWorkingDays('2025-06-02T09:00:00+07:00', 3, 'Asia/Jakarta', with2026)).toEqual({
      value: '2025-06-05T16:59:59.999Z',
      yearsWithoutCalendar: [2025],
    });
    // From Monday 29 December 2025: 30 and 31 Dec, then 2, 5 and 6 Jan (1 Jan 2026 is a holiday).
    expect(addWorkingDays('2025-12-29T09:00:00+07:00', 5, 'Asia/Jakarta', with2026)).toEqual({
      value: '2026-01-06T16:59:59.999Z',
      yearsWithoutCalendar: [2025],
    });
  });

  it('a proposal arriving on the last day of 2025 counts no 2025 day, so nothing is flagged', () => {
    expect(addWorkingDays('2025-12-31T09:00:00+07:00', 1, 'Asia/Jakarta', with2026)).toEqual({
      value: '2026-01-02T16:59:59.999Z',
      yearsWithoutCalendar: [],
    });
  });

  it('an office counting the whole of 2026 finds 240 working days: 261 weekdays less 21 days off', () => {
    expect(workingDaysBetween('2025-12-31', '2026-12-31', with2026)).toEqual({ value: 240, yearsWithoutCalendar: [] });
  });

  it('a count across several years without calendars names each of them once', () => {
    expect(workingDaysBetween('2024-06-01', '2028-01-10', with2026).yearsWithoutCalendar).toEqual([2024, 2025, 2027, 2028]);
  });
});

describe('in the three time zones', () => {
  it('the same late-evening instant is Monday in Jakarta but Tuesday in Makassar and Jayapura, so the due dates are eight days apart', () => {
    // 16:30 UTC is 23:30 WIB on the 16th, 00:30 WITA and 01:30 WIT on the 17th: the next
    // working day after the 17th is the 25th.
    const instant = '2026-03-16T16:30:00Z';
    expect(addWorkingDays(instant, 1, 'Asia/Jakarta', with2026).value).toBe('2026-03-17T16:59:59.999Z');
    expect(addWorkingDays(instant, 1, 'Asia/Makassar', with2026).value).toBe('2026-03-25T15:59:59.999Z');
    expect(addWorkingDays(instant, 1, 'Asia/Jayapura', with2026).value).toBe('2026-03-25T14:59:59.999Z');
  });

  it('offices in WIB, WITA and WIT receiving a proposal the same morning are due an hour apart', () => {
    const instant = '2026-03-16T02:00:00Z';
    const due = ZONES.map((zone) => Date.parse(addWorkingDays(instant, 3, zone, with2026).value));
    expect(due[0]! - due[1]!).toBe(3_600_000);
    expect(due[1]! - due[2]!).toBe(3_600_000);
  });
});

describe('asking the calendar wrongly', () => {
  it('a stage of zero, negative or fractional working days is a bug and is refused', () => {
    for (const n of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => addWorkingDays('2026-03-16T09:00:00+07:00', n, 'Asia/Jakarta', with2026), String(n)).toThrow(RangeError);
      expect(() => addWorkingDaysToDate('2026-03-16', n, with2026), String(n)).toThrow(RangeError);
    }
  });

  it('a date that is not a date is refused rather than read as some other day', () => {
    expect(() => isWorkingDay('2026-02-29', with2026)).toThrow(RangeError);
    expect(() => workingDaysBetween('2026-03-01', '16/03/2026', with2026)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-03-16 09:00', 1, 'Asia/Jakarta', with2026)).toThrow(RangeError);
  });

  it('counting backwards or over no days gives zero', () => {
    expect(workingDaysBetween('2026-03-16', '2026-03-16', with2026)).toEqual({ value: 0, yearsWithoutCalendar: [] });
    expect(workingDaysBetween('2027-03-16', '2026-03-16', with2026)).toEqual({ value: 0, yearsWithoutCalendar: [] });
  });

  it('two calendars for one year, or a day filed under the wrong year, are refused when loaded', () => {
    expect(() => new Calendars([CALENDAR_2026, CALENDAR_2026])).toThrow(RangeError);
    const misfiled: HolidayCalendar = { year: 2027, holidays: [{ date: '2026-01-01', name: 'x' }], collectiveLeave: [] };
    expect(() => new Calendars([misfiled])).toThrow(RangeError);
  });

  it('the loaded calendars can be looked up by year', () => {
    expect(with2026.has(2026)).toBe(true);
    expect(with2026.has(2027)).toBe(false);
    expect(with2026.get(2026)).toBe(CALENDAR_2026);
    expect(with2026.years()).toEqual([2026]);
  });
});
