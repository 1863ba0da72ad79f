import * as z from 'zod';
import type { FieldIssue } from '../errors';
import { parseIsoDate, yearOf } from './days';
import type { HolidayCalendar } from './types';

const DATE_FORMAT = /^\d{4}-\d{2}-\d{2}$/;

const calendarDate = z
  .string()
  .regex(DATE_FORMAT, 'must be a date YYYY-MM-DD')
  // Only well-formed dates are checked for existence, so a malformed one gets one issue, not two.
  .refine((date) => !DATE_FORMAT.test(date) || parseIsoDate(date) !== undefined, 'is not a real calendar date');

const calendarDay = z
  .object({
    date: calendarDate,
    name: z.string().trim().min(1, 'must not be empty').max(200),
  })
  .strict();

/**
 * What a BKN admin PUTs to /calendar/{year}: one year's holidays and cuti bersama as decreed.
 * Every date lies in that year and appears once across both lists, because a day cannot be
 * both a holiday and a cuti bersama day, and a typo into the next year would move deadlines in
 * a year that has its own calendar.
 */
export const holidayCalendarSchema = z
  .object({
    year: z.number().int().min(2000).max(2100),
    source: z.string().trim().min(1).max(1000).optional(),
    // A year has at most 366 days; the bound keeps a request small.
    holidays: z.array(calendarDay).max(366),
    collectiveLeave: z.array(calendarDay).max(366),
  })
  .strict()
  .superRefine((calendar, ctx) => {
    const firstSeen = new Map<number, string>();
    for (const list of ['holidays', 'collectiveLeave'] as const) {
      calendar[list].forEach(({ date }, index) => {
        const day = parseIsoDate(date);
        if (day === undefined) return; // already reported by the date's own check
        const path = [list, index, 'date'];
        if (yearOf(day) !== calendar.year) {
          ctx.addIssue({ code: 'custom', path, message: `is not in ${calendar.year}` });
          return;
        }
        const earlier = firstSeen.get(day);
        if (earlier !== undefined) ctx.addIssue({ code: 'custom', path, message: `is listed twice (also ${earlier})` });
        else firstSeen.set(day, `${list}.${index}`);
      });
    }
  });

// The schema's output fits the domain type; this line fails to compile if they drift apart.
const _sameShape: z.ZodType<HolidayCalendar> = holidayCalendarSchema;

export type CalendarParse = { ok: true; calendar: HolidayCalendar } | { ok: false; issues: FieldIssue[] };

/** Validates a calendar from a request body; issues name their field as 'holidays.3.date'. */
export function parseHolidayCalendar(input: unknown): CalendarParse {
  const result = holidayCalendarSchema.safeParse(input);
  if (result.success) return { ok: true, calendar: result.data };
  return {
    ok: false,
    issues: result.error.issues.flatMap((issue): FieldIssue[] => {
      const path = issue.path.map(String);
      // An unknown field is reported where it is, so a client can point at it.
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => ({ path: [...path, key].join('.'), message: 'is not a known field' }));
      }
      return [{ path: path.join('.'), message: issue.message }];
    }),
  };
}
