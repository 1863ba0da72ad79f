import { EARLIEST_TIMERS_EPOCH } from '../../shared/domain/sla/timers-epoch';
import { LocalStackError } from './dynamodb-local';

/**
 * The local clock. `PANTAU_NOW=<ISO instant> npm start` starts it at that instant and lets it run
 * on, so a demo can stand on a promotion window's last day or a week before someone's BUP and
 * still watch deadlines pass.
 *
 * Contract with the handlers' clock adapter: the local stack puts the offset in the environment as
 * PANTAU_CLOCK_OFFSET_MS, a whole number of milliseconds (negative for the past) to add to the real
 * time, before it imports any handler. Unset or empty means no offset, which is what every cloud
 * stage has. `clockOffsetFromEnv` reads it the same way the adapter should.
 */
export const CLOCK_OFFSET_ENV = 'PANTAU_CLOCK_OFFSET_MS';

export interface LocalClock {
  /** Milliseconds added to the real time. */
  offsetMs: number;
  now(): Date;
}

// A calendar date, or a date-time with seconds optional and an explicit zone: a zoneless time would
// be read in this machine's zone, and Indonesia alone has three.
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

/** Parses PANTAU_NOW; a date alone means 00:00 UTC. Throws a one-line LocalStackError when invalid. */
export function parseInstant(value: string): Date {
  const match = ISO_INSTANT.exec(value.trim());
  const date = match ? new Date(value.trim()) : undefined;
  if (!match || !date || Number.isNaN(date.getTime()) || !fieldsInRange(match)) {
    throw new LocalStackError(`PANTAU_NOW must be an ISO-8601 instant such as 2026-04-01T08:00:00+07:00 or 2026-04-01 (got "${value}").`);
  }
  return date;
}

// Date accepts 2026-02-30 and rolls it into March; a typo should be an error instead.
function fieldsInRange(match: RegExpExecArray): boolean {
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((field) => Number(field ?? 0));
  const daysInMonth = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
  return month! >= 1 && month! <= 12 && day! >= 1 && day! <= daysInMonth && hour! <= 23 && minute! <= 59 && second! <= 59;
}

/** The clock for `PANTAU_NOW` (or the real clock when it is unset or empty). */
export function localClock(pantauNow: string | undefined, realNow: () => number = Date.now): LocalClock {
  const offsetMs = pantauNow?.trim() ? parseInstant(pantauNow).getTime() - realNow() : 0;
  return { offsetMs, now: () => new Date(realNow() + offsetMs) };
}

/** The offset the local stack handed over, for the handlers' clock adapter; 0 when none. */
export function clockOffsetFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[CLOCK_OFFSET_ENV]?.trim();
  if (!raw) return 0;
  if (!/^-?\d+$/.test(raw)) throw new Error(`${CLOCK_OFFSET_ENV} must be a whole number of milliseconds (got "${raw}").`);
  return Number(raw);
}

/**
 * The local stack's timers epoch (the cloud's is a stage setting): where a job run with no mark
 * starts reading. A table made at this start holds nothing older than the clock, so its start's
 * day; a kept table may hold timers written under an earlier PANTAU_NOW, so the earlier of that
 * day and the first day any stage can have (2026-01-01), at the price of one long first run.
 */
export function localTimersEpoch(clockStart: Date, tableIsNew: boolean): string {
  const day = clockStart.toISOString().slice(0, 10);
  return tableIsNew || day < EARLIEST_TIMERS_EPOCH ? day : EARLIEST_TIMERS_EPOCH;
}
