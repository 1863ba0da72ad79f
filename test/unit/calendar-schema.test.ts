import { describe, expect, it } from 'vitest';
import { CALENDAR_2026 } from '../../shared/domain/calendar/known';
import { parseHolidayCalendar } from '../../shared/domain/calendar/schema';

const valid = () => ({
  year: 2027,
  source: 'a decree',
  holidays: [{ date: '2027-01-01', name: 'Tahun Baru 2027 Masehi' }],
  collectiveLeave: [{ date: '2027-12-24', name: 'Cuti bersama Natal' }],
});

const issuesOf = (input: unknown) => {
  const result = parseHolidayCalendar(input);
  return result.ok ? [] : result.issues;
};

describe('a BKN admin putting a year calendar', () => {
  it('can put the shipped 2026 calendar as it is', () => {
    const result = parseHolidayCalendar(CALENDAR_2026);
    expect(result).toEqual({ ok: true, calendar: CALENDAR_2026 });
  });

  it('can leave the source out', () => {
    const { source: _source, ...withoutSource } = valid();
    expect(parseHolidayCalendar(withoutSource).ok).toBe(true);
  });

  it('is told which date lies outside the year', () => {
    const calendar = valid();
    calendar.holidays.push({ date: '2028-01-01', name: 'Tahun Baru 2028 Masehi' });
    calendar.collectiveLeave.push({ date: '2026-12-31', name: 'Cuti bersama' });
    expect(issuesOf(calendar)).toEqual([
      { path: 'holidays.1.date', message: 'is not in 2027' },
      { path: 'collectiveLeave.1.date', message: 'is not in 2027' },
    ]);
  });

  it('is told that a date which does not exist is not a date', () => {
    const calendar = valid();
    calendar.holidays.push({ date: '2027-02-29', name: 'x' }, { date: '2027-2-1', name: 'y' }, { date: '2028-01-01', name: 'z' });
    expect(issuesOf(calendar)).toEqual([
      { path: 'holidays.1.date', message: 'is not a real calendar date' },
      { path: 'holidays.2.date', message: 'must be a date YYYY-MM-DD' },
      { path: 'holidays.3.date', message: 'is not in 2027' },
    ]);
  });

  it('cannot list a day twice, within a list or across holidays and cuti bersama', () => {
    const calendar = valid();
    calendar.holidays.push({ date: '2027-01-01', name: 'again' });
    calendar.collectiveLeave.push({ date: '2027-01-01', name: 'Cuti bersama Tahun Baru' });
    expect(issuesOf(calendar)).toEqual([
      { path: 'holidays.1.date', message: 'is listed twice (also holidays.0)' },
      { path: 'collectiveLeave.1.date', message: 'is listed twice (also holidays.0)' },
    ]);
  });

  it('cannot give a day an empty or blank name, nor one longer than 200 characters', () => {
    const calendar = valid();
    calendar.holidays.push({ date: '2027-03-01', name: '' }, { date: '2027-03-02', name: '   ' }, { date: '2027-03-03', name: 'x'.repeat(201) });
    expect(issuesOf(calendar).map((issue) => issue.path)).toEqual(['holidays.1.name', 'holidays.2.name', 'holidays.3.name']);
  });

  it('is told of each unknown field where it is', () => {
    const calendar = { ...valid(), region: 'Bali', holidays: [{ date: '2027-01-01', name: 'x', local: true }] };
    expect(issuesOf(calendar)).toEqual([
      { path: 'holidays.0.local', message: 'is not a known field' },
      { path: 'region', message: 'is not a known field' },
    ]);
  });

  it('can only put years from 2000 to 2100, as whole numbers', () => {
    for (const year of [1999, 2101, 2026.5, '2026']) {
      expect(issuesOf({ year, holidays: [], collectiveLeave: [] }).map((issue) => issue.path), String(year)).toContain('year');
    }
    expect(parseHolidayCalendar({ year: 2100, holidays: [], collectiveLeave: [] }).ok).toBe(true);
  });

  it('must send both lists, even empty', () => {
    expect(issuesOf({ year: 2027, holidays: [] }).map((issue) => issue.path)).toEqual(['collectiveLeave']);
    expect(issuesOf(null).map((issue) => issue.path)).toEqual(['']);
  });

  it('gets names back trimmed', () => {
    const calendar = valid();
    calendar.holidays[0] = { date: '2027-01-01', name: '  Tahun Baru  ' };
    const result = parseHolidayCalendar(calendar);
    expect(result.ok && result.calendar.holidays[0]?.name).toBe('Tahun Baru');
  });
});
