import * as z from 'zod';
import { civilFromDay, dayFromCivil, parseIsoDate, requireIsoDate, toIsoDate } from '../calendar/days';
import type { IsoDate } from '../calendar/types';

/** Promotion periods: the 1st of February, April, June, August, October and December (Peraturan BKN 4/2023). */
export const PROMOTION_PERIOD_MONTHS = [2, 4, 6, 8, 10, 12] as const;

/**
 * When an agency's operators may submit proposals for one period. Dates are local calendar
 * dates, both ends included: `closesOn` is the last day a proposal is accepted.
 */
export interface SubmissionWindow {
  serviceType: string;
  /** The period (TMT) the promotions take effect: '2026-04-01'. */
  period: IsoDate;
  opensOn: IsoDate;
  closesOn: IsoDate;
}

/**
 * Pantau's default window: it opens three months before the period and closes a month before
 * it (its last day is the day before), leaving BKN a month for verification and Pertek. This is
 * not a rule of law: agencies set their own internal deadlines, so BKN admins adjust the windows
 * per year as data; the default only fills a year nobody has set.
 */
export const DEFAULT_WINDOW = { opensMonthsBefore: 3, closesMonthsBefore: 1 } as const;

/** The 1st of the month `months` before the 1st of (year, month). */
function firstOfMonthBefore(year: number, month: number, months: number): number {
  const index = year * 12 + (month - 1) - months;
  const y = Math.floor(index / 12);
  return dayFromCivil(y, index - y * 12 + 1, 1);
}

/** The default windows for the six periods of `year`; the February period's opens in the November before. */
export function defaultWindows(year: number, serviceType = 'KENAIKAN_PANGKAT'): SubmissionWindow[] {
  return PROMOTION_PERIOD_MONTHS.map((month) => ({
    serviceType,
    period: toIsoDate(dayFromCivil(year, month, 1)),
    opensOn: toIsoDate(firstOfMonthBefore(year, month, DEFAULT_WINDOW.opensMonthsBefore)),
    closesOn: toIsoDate(firstOfMonthBefore(year, month, DEFAULT_WINDOW.closesMonthsBefore) - 1),
  }));
}

export const isWindowOpen = (window: SubmissionWindow, today: IsoDate): boolean => window.opensOn <= today && today <= window.closesOn;

/** Days before a window's last day that operators are reminded. */
export const WINDOW_REMINDER_DAYS = [14, 3] as const;

export interface WindowReminderDue {
  window: SubmissionWindow;
  /** Calendar days from today to the last day: 3 on the Saturday before a Tuesday close. */
  daysLeft: number;
}

/**
 * The windows to remind of today: open, with their last day 14 or 3 calendar days ahead, earliest
 * closing first. A window not yet open is not reminded of closing, which would only confuse.
 * Calendar days, not working days: the window's dates are announced as dates, and a reminder a
 * holiday week away from the close is the one that is needed most.
 */
export function windowRemindersDue(windows: readonly SubmissionWindow[], today: IsoDate): WindowReminderDue[] {
  const day = requireIsoDate(today);
  return windows
    .filter((window) => isWindowOpen(window, today))
    .map((window) => ({ window, daysLeft: requireIsoDate(window.closesOn) - day }))
    .filter(({ daysLeft }) => (WINDOW_REMINDER_DAYS as readonly number[]).includes(daysLeft))
    .sort((a, b) => a.daysLeft - b.daysLeft || a.window.period.localeCompare(b.window.period));
}

/**
 * The window to name to someone filing today: the open one closing first, or else the next to
 * open; null when none is known ahead (the next year's windows are not set yet).
 */
export function nextWindow(windows: readonly SubmissionWindow[], today: IsoDate): SubmissionWindow | null {
  requireIsoDate(today);
  const byClose = (a: SubmissionWindow, b: SubmissionWindow): number => a.closesOn.localeCompare(b.closesOn);
  const byOpen = (a: SubmissionWindow, b: SubmissionWindow): number => a.opensOn.localeCompare(b.opensOn) || byClose(a, b);
  const open = windows.filter((window) => isWindowOpen(window, today)).sort(byClose);
  if (open[0]) return open[0];
  return windows.filter((window) => window.opensOn > today).sort(byOpen)[0] ?? null;
}

const calendarDate = z.string().refine((date) => parseIsoDate(date) !== undefined, 'must be a real date YYYY-MM-DD');

/**
 * One year's windows as a BKN admin sets them: each period of the year at most once, on the 1st
 * of a period month, and a window that opens no later than it closes and closes before its period.
 */
export const submissionWindowsSchema = z
  .strictObject({
    year: z.number().int().min(2000).max(2100),
    serviceType: z.string().trim().min(1).max(100),
    windows: z
      .array(z.strictObject({ period: calendarDate, opensOn: calendarDate, closesOn: calendarDate }))
      .max(PROMOTION_PERIOD_MONTHS.length),
  })
  .superRefine((value, ctx) => {
    const seen = new Set<string>();
    value.windows.forEach((window, index) => {
      const period = parseIsoDate(window.period);
      const opens = parseIsoDate(window.opensOn);
      const closes = parseIsoDate(window.closesOn);
      if (period === undefined || opens === undefined || closes === undefined) return; // reported by the dates' own checks
      const { year, month, day } = civilFromDay(period);
      if (year !== value.year || day !== 1 || !(PROMOTION_PERIOD_MONTHS as readonly number[]).includes(month)) {
        ctx.addIssue({ code: 'custom', path: ['windows', index, 'period'], message: `is not a promotion period of ${value.year} (1 Feb, Apr, Jun, Aug, Oct, Dec)` });
      }
      if (seen.has(window.period)) ctx.addIssue({ code: 'custom', path: ['windows', index, 'period'], message: 'is listed twice' });
      seen.add(window.period);
      if (opens > closes) ctx.addIssue({ code: 'custom', path: ['windows', index, 'opensOn'], message: 'is after closesOn' });
      if (closes >= period) ctx.addIssue({ code: 'custom', path: ['windows', index, 'closesOn'], message: 'is not before the period' });
    });
  });
export type SubmissionWindows = z.output<typeof submissionWindowsSchema>;

/** A year's stored windows as the functions above take them. */
export const windowsOf = (setting: SubmissionWindows): SubmissionWindow[] =>
  setting.windows.map((window) => ({ serviceType: setting.serviceType, ...window }));
