import type { TimeZone } from '../actors';
import { addWorkingDays, addWorkingTime, type Calendars } from '../calendar';
import { parseInstant } from '../calendar/zones';
import type { ReminderStep } from '../notifications/types';

/**
 * A clock the reminders job chases. 'stage': the handling organisation's SLA at a stage;
 * 'returned': the applicant's deadline to fix a returned proposal (the agency's clock pauses
 * meanwhile, docs/architecture.md "Time"). `dueAt` is the deadline people were shown and is kept as stored;
 * `workingDays` is the SLA it was computed from, which places the 50% and 75% marks.
 */
export interface SlaTimer {
  kind: 'stage' | 'returned';
  since: string;
  dueAt: string;
  workingDays: number;
  /** The handling organisation's zone (the applicant's agency's, for a returned proposal). */
  zone: TimeZone;
}

/** The step a reminder was sent for, as the job stores it beside the item. */
export interface ReminderSent {
  step: ReminderStep;
  /** For OVERDUE: 1 on the first working day after the breach, and so on. */
  overdueWorkingDays?: number;
}

export interface Reminder extends ReminderSent {
  /** When it falls due, UTC ISO-8601. */
  at: string;
  /** Sent to the organisation's admin as well: the stage's deadline has been missed more than once. */
  escalation: boolean;
  /** Years counted over without a decreed calendar: the job logs a warning. */
  yearsWithoutCalendar: number[];
}

interface TimerPolicy {
  /** Warnings before the deadline, as shares of the SLA. */
  marks: readonly (readonly [ReminderStep, number])[];
  /** How many working days after the breach the reminders go on, one a day. */
  overdueWorkingDays: number;
  /** The miss from which the admin is told (the breach is miss 1, OVERDUE 1 miss 2). */
  escalateFromMiss: number;
}

/**
 * The reminder rules as data. Warnings at 50% and 75% of a stage's SLA and at its breach come
 * from docs/architecture.md ("Time"); escalation "after repeated misses" ("Scheduled jobs") is read as from
 * the second miss. The chase stops after ten working days (two working weeks): by then the
 * admin has been told nine times, and more daily mail teaches people to ignore Pantau; the item
 * still shows as overdue in the queue's daily digest and in the inbox, so it is not forgotten.
 * An applicant gets a week of working days after their deadline, never escalated: there is no
 * admin above an applicant, and their agency sees the returned proposal in its own queue.
 */
export const REMINDER_POLICY: Readonly<Record<SlaTimer['kind'], TimerPolicy>> = {
  stage: { marks: [['HALF', 0.5], ['THREE_QUARTERS', 0.75]], overdueWorkingDays: 10, escalateFromMiss: 2 },
  returned: { marks: [], overdueWorkingDays: 5, escalateFromMiss: Number.POSITIVE_INFINITY },
};

const RANK: Readonly<Record<Exclude<ReminderStep, 'OVERDUE'>, number>> = { HALF: 0, THREE_QUARTERS: 1, BREACH: 2 };

/** Steps in the order they are sent: OVERDUE n comes after OVERDUE n - 1. */
function rankOf(sent: ReminderSent): number {
  if (sent.step !== 'OVERDUE') return RANK[sent.step];
  const days = sent.overdueWorkingDays;
  if (days === undefined || !Number.isSafeInteger(days) || days < 1) {
    throw new RangeError(`an OVERDUE step needs overdueWorkingDays >= 1, got ${String(days)}`);
  }
  return RANK.BREACH + days;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Every reminder of a timer, strictly increasing in time. A warning that would not fall strictly
 * between the previous step and the stored deadline is left out: that happens only when the
 * calendar changed after `dueAt` was set (a holiday decreed late), and a "half the time has
 * gone" sent after the deadline would say the opposite of the truth.
 */
export function reminderPlan(timer: SlaTimer, calendars: Calendars): Reminder[] {
  const policy = REMINDER_POLICY[timer.kind];
  const due = parseInstant(timer.dueAt);
  const plan: Reminder[] = [];
  let last = parseInstant(timer.since);
  for (const [step, share] of policy.marks) {
    const mark = addWorkingTime(timer.since, share * timer.workingDays, timer.zone, calendars);
    const at = parseInstant(mark.value);
    if (at <= last || at >= due) continue;
    plan.push({ step, at: mark.value, escalation: false, yearsWithoutCalendar: mark.yearsWithoutCalendar });
    last = at;
  }
  plan.push({ step: 'BREACH', at: iso(due), escalation: policy.escalateFromMiss <= 1, yearsWithoutCalendar: [] });
  // Each OVERDUE falls at the end of a working day after the deadline's own local day, so later than it.
  for (let days = 1; days <= policy.overdueWorkingDays; days++) {
    const end = addWorkingDays(timer.dueAt, days, timer.zone, calendars);
    plan.push({
      step: 'OVERDUE',
      overdueWorkingDays: days,
      at: end.value,
      escalation: 1 + days >= policy.escalateFromMiss,
      yearsWithoutCalendar: end.yearsWithoutCalendar,
    });
  }
  return plan;
}

/**
 * The reminder after `after` (null: the first), or null when the chase is over. Stateless, so the
 * job stores only the last step sent beside the item.
 */
export function nextReminder(timer: SlaTimer, after: ReminderSent | null, calendars: Calendars): Reminder | null {
  const afterRank = after === null ? -1 : rankOf(after);
  return reminderPlan(timer, calendars).find((reminder) => rankOf(reminder) > afterRank) ?? null;
}

export const firstReminder = (timer: SlaTimer, calendars: Calendars): Reminder | null => nextReminder(timer, null, calendars);

/**
 * What a job run at `nowIso` sends for a timer: the most advanced step due by now, and the one
 * to wait for after it. When a run finds several steps past (a late run, or a one-day SLA whose
 * 50% and 75% fall between two runs), only the latest goes out: "half the time has gone" read
 * beside "the deadline has passed" misleads, and the latest carries the escalation.
 */
export function dueReminder(
  timer: SlaTimer,
  after: ReminderSent | null,
  nowIso: string,
  calendars: Calendars,
): { send: Reminder | null; next: Reminder | null } {
  const now = parseInstant(nowIso);
  const afterRank = after === null ? -1 : rankOf(after);
  const ahead = reminderPlan(timer, calendars).filter((reminder) => rankOf(reminder) > afterRank);
  const due = ahead.filter((reminder) => parseInstant(reminder.at) <= now);
  return { send: due.at(-1) ?? null, next: ahead[due.length] ?? null };
}
