import { describe, expect, it } from 'vitest';
import {
  defaultWindows,
  isWindowOpen,
  nextWindow,
  submissionWindowsSchema,
  windowRemindersDue,
  windowsOf,
  type SubmissionWindow,
} from '../../shared/domain/sla/windows';

const brief = (w: SubmissionWindow): string => `${w.period}: ${w.opensOn}..${w.closesOn}`;

describe('the default promotion windows', () => {
  it('open three months before each of the six periods and take proposals up to a month before it', () => {
    expect(defaultWindows(2026).map(brief)).toEqual([
      '2026-02-01: 2025-11-01..2025-12-31',
      '2026-04-01: 2026-01-01..2026-02-28',
      '2026-06-01: 2026-03-01..2026-04-30',
      '2026-08-01: 2026-05-01..2026-06-30',
      '2026-10-01: 2026-07-01..2026-08-31',
      '2026-12-01: 2026-09-01..2026-10-31',
    ]);
    expect(defaultWindows(2026).every((w) => w.serviceType === 'KENAIKAN_PANGKAT')).toBe(true);
  });

  it('for April in a leap year close on 29 February', () => {
    expect(defaultWindows(2028)[1]).toMatchObject({ period: '2028-04-01', closesOn: '2028-02-29' });
  });

  it('are a window for every day of the year: each one opens the day after the one before closes', () => {
    const windows = [...defaultWindows(2026), ...defaultWindows(2027)];
    for (let i = 1; i < windows.length; i++) {
      const dayAfterClose = new Date(Date.parse(`${windows[i - 1]!.closesOn}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      expect(windows[i]!.opensOn).toBe(dayAfterClose);
    }
  });

  it('include their first and last day', () => {
    const april = defaultWindows(2026)[1]!;
    expect(isWindowOpen(april, '2025-12-31')).toBe(false);
    expect(isWindowOpen(april, '2026-01-01')).toBe(true);
    expect(isWindowOpen(april, '2026-02-28')).toBe(true);
    expect(isWindowOpen(april, '2026-03-01')).toBe(false);
  });
});

describe('window reminders', () => {
  const windows = [...defaultWindows(2026), ...defaultWindows(2027)];

  it('go out 14 and 3 calendar days before the last day, and on no other day', () => {
    expect(windowRemindersDue(windows, '2026-02-14')).toEqual([{ window: windows[1], daysLeft: 14 }]);
    expect(windowRemindersDue(windows, '2026-02-25')).toEqual([{ window: windows[1], daysLeft: 3 }]);
    for (const today of ['2026-02-13', '2026-02-15', '2026-02-24', '2026-02-26', '2026-02-28']) expect(windowRemindersDue(windows, today), today).toEqual([]);
  });

  it('at the turn of the year remind of the February period of the next year', () => {
    expect(windowRemindersDue(windows, '2026-12-17')).toEqual([{ window: windows[6], daysLeft: 14 }]);
    expect(windows[6]).toMatchObject({ period: '2027-02-01', opensOn: '2026-11-01', closesOn: '2026-12-31' });
    expect(windowRemindersDue(windows, '2026-12-28').map((due) => due.window.period)).toEqual(['2027-02-01']);
  });

  it('are not sent for a window that has not opened yet', () => {
    const short: SubmissionWindow = { serviceType: 'KENAIKAN_PANGKAT', period: '2026-06-01', opensOn: '2026-04-20', closesOn: '2026-04-30' };
    expect(windowRemindersDue([short], '2026-04-16')).toEqual([]);
    expect(windowRemindersDue([short], '2026-04-27')).toEqual([{ window: short, daysLeft: 3 }]);
  });

  it('for two windows closing on the two reminder days come nearest first', () => {
    const a: SubmissionWindow = { serviceType: 'KENAIKAN_PANGKAT', period: '2026-06-01', opensOn: '2026-03-01', closesOn: '2026-04-17' };
    const b: SubmissionWindow = { serviceType: 'KENAIKAN_PANGKAT', period: '2026-08-01', opensOn: '2026-03-01', closesOn: '2026-04-06' };
    expect(windowRemindersDue([a, b], '2026-04-03').map((due) => due.daysLeft)).toEqual([3, 14]);
  });
});

describe('the next window', () => {
  it('is the one open today', () => {
    expect(nextWindow(defaultWindows(2026), '2026-03-15')?.period).toBe('2026-06-01');
    expect(nextWindow(defaultWindows(2026), '2026-04-30')?.period).toBe('2026-06-01');
    expect(nextWindow(defaultWindows(2026), '2026-05-01')?.period).toBe('2026-08-01');
  });

  it('on 1 November is the February period of the next year, once that year is set', () => {
    expect(nextWindow(defaultWindows(2026), '2026-11-01')).toBeNull();
    expect(nextWindow([...defaultWindows(2026), ...defaultWindows(2027)], '2026-11-01')?.period).toBe('2027-02-01');
  });

  it('between windows an admin set with a gap, is the next to open', () => {
    const windows: SubmissionWindow[] = [
      { serviceType: 'KENAIKAN_PANGKAT', period: '2026-04-01', opensOn: '2026-01-15', closesOn: '2026-02-15' },
      { serviceType: 'KENAIKAN_PANGKAT', period: '2026-10-01', opensOn: '2026-07-01', closesOn: '2026-08-15' },
      { serviceType: 'KENAIKAN_PANGKAT', period: '2026-06-01', opensOn: '2026-03-15', closesOn: '2026-04-15' },
    ];
    expect(nextWindow(windows, '2026-02-16')?.period).toBe('2026-06-01');
    expect(nextWindow(windows, '2026-04-16')?.period).toBe('2026-10-01');
  });
});

describe('windows as a BKN admin sets them', () => {
  it('the defaults pass the schema', () => {
    const setting = { year: 2026, serviceType: 'KENAIKAN_PANGKAT', windows: defaultWindows(2026).map(({ period, opensOn, closesOn }) => ({ period, opensOn, closesOn })) };
    const parsed = submissionWindowsSchema.parse(setting);
    expect(windowsOf(parsed)).toEqual(defaultWindows(2026));
  });

  it('a period not on the 1st of an even month, of another year, twice, or a window closing on its period are refused with their field', () => {
    const result = submissionWindowsSchema.safeParse({
      year: 2026,
      serviceType: 'KENAIKAN_PANGKAT',
      windows: [
        { period: '2026-03-01', opensOn: '2026-01-01', closesOn: '2026-02-01' },
        { period: '2027-04-01', opensOn: '2027-01-01', closesOn: '2027-02-01' },
        { period: '2026-06-01', opensOn: '2026-05-01', closesOn: '2026-06-01' },
        { period: '2026-06-01', opensOn: '2026-05-10', closesOn: '2026-05-01' },
        { period: '2026-08-01', opensOn: '2026-02-30', closesOn: '2026-07-01' },
      ],
    });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(['windows.4.opensOn', 'windows.0.period', 'windows.1.period', 'windows.2.closesOn', 'windows.3.period', 'windows.3.opensOn']);
  });
});
