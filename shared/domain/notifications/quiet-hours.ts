import type { TimeZone } from '../actors';
import { MS_PER_DAY } from '../calendar/days';
import { UTC_OFFSET_HOURS, localDayOf, parseInstant } from '../calendar/zones';

const MS_PER_HOUR = 3_600_000;

/** Non-urgent SMS go out from 07:00 up to (not including) 21:00 local time (docs/architecture.md, Notifications). */
export const SMS_HOURS = { opens: 7, closes: 21 } as const;

export type SmsSchedule = { sendNow: true } | { sendNow: false; at: string };

/**
 * When an SMS may go out: now, or at the next 07:00 in the recipient's zone (as UTC ISO-8601),
 * for the sender to defer to by queue visibility. Urgent messages always go now.
 */
export function smsSendableAt(nowIso: string, zone: TimeZone, urgent: boolean): SmsSchedule {
  const now = parseInstant(nowIso);
  if (urgent) return { sendNow: true };
  const offset = UTC_OFFSET_HOURS[zone] * MS_PER_HOUR;
  const today = localDayOf(now, zone);
  const sinceLocalMidnight = now + offset - today * MS_PER_DAY;
  const opens = SMS_HOURS.opens * MS_PER_HOUR;
  if (sinceLocalMidnight >= opens && sinceLocalMidnight < SMS_HOURS.closes * MS_PER_HOUR) return { sendNow: true };
  const openingDay = sinceLocalMidnight < opens ? today : today + 1;
  return { sendNow: false, at: new Date(openingDay * MS_PER_DAY + opens - offset).toISOString() };
}
