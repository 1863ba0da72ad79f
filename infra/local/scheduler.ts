import type { TimeZone } from '../../shared/domain/actors';
import { MS_PER_DAY, weekday } from '../../shared/domain/calendar/days';
import { UTC_OFFSET_HOURS, localDayOf, parseInstant } from '../../shared/domain/calendar/zones';
import { JOB_SCHEDULES, WEEKDAYS, cronExpression, type JobSchedule, type JobScheduleInput } from '../job-schedules';
import type { JobInput, JobRuns } from './jobs';

/**
 * EventBridge Scheduler on one machine: the schedules of job-schedules.ts, fired on the local
 * clock (so PANTAU_NOW moves them too), each firing handed to the job runner as
 * `{ job, now: <the fire instant>, zone? }`. Like Scheduler, a failed run is retried (3 times,
 * with backoff) and missed firings are not made up; unlike it, a firing is skipped while the
 * previous run of the same job is still going, so two runs of a job never overlap.
 */

const MS_PER_HOUR = 3_600_000;
const MS_PER_MINUTE = 60_000;
const ALL_HOURS = Array.from({ length: 24 }, (_, hour) => hour);
const ZONE_NAMES: Readonly<Record<TimeZone, string>> = { 'Asia/Jakarta': 'WIB', 'Asia/Makassar': 'WITA', 'Asia/Jayapura': 'WIT' };

/** Scheduler's retry policy, shortened for a laptop: waits before the 1st, 2nd and 3rd retry. */
export const RETRY_DELAYS_MS: readonly number[] = [1_000, 2_000, 4_000];
// setTimeout cannot wait longer; no schedule here waits even a week, but a clamp costs nothing.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The next `count` instants (UTC ISO-8601) strictly after `afterIso` at which `schedule` fires.
 * Pure: the fields are wall-clock minutes, hours and weekdays in the schedule's zone, which has a
 * fixed offset (Indonesia keeps no daylight saving time).
 */
export function nextFireTimes(schedule: JobSchedule, afterIso: string, count = 1): string[] {
  assertSchedule(schedule);
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a whole number from 1 (got ${count})`);
  const after = parseInstant(afterIso);
  const offsetMs = UTC_OFFSET_HOURS[schedule.zone] * MS_PER_HOUR;
  const hours = sortedUnique(schedule.hours ?? ALL_HOURS);
  const minutes = sortedUnique(schedule.minutes);
  const days = schedule.days ? new Set(schedule.days.map((day) => WEEKDAYS.indexOf(day))) : undefined;

  const fires: string[] = [];
  // Step through local days from the one `after` falls on; at least one day in any seven matches.
  for (let day = localDayOf(after, schedule.zone); fires.length < count; day++) {
    if (days && !days.has(weekday(day))) continue;
    for (const hour of hours) {
      for (const minute of minutes) {
        const at = day * MS_PER_DAY + hour * MS_PER_HOUR + minute * MS_PER_MINUTE - offsetMs;
        if (at > after && fires.length < count) fires.push(new Date(at).toISOString());
      }
    }
  }
  return fires;
}

/** "2026-03-16 09:30 WIB": an instant as people in the zone read it. */
export function localTime(instantIso: string, zone: TimeZone): string {
  const local = new Date(parseInstant(instantIso) + UTC_OFFSET_HOURS[zone] * MS_PER_HOUR).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)} ${ZONE_NAMES[zone]}`;
}

export interface ScheduleStatus {
  name: string;
  job: JobSchedule['job'];
  zone: TimeZone;
  /** As the cloud's schedule writes it, read in `zone`. */
  expression: string;
  input: JobScheduleInput;
  /** The next firing after the local clock's now: UTC, and as read in the zone. */
  next: string;
  nextLocal: string;
  /** The last firing here, and what became of it. */
  lastFired?: { at: string; outcome: 'started' | 'skipped'; reason?: string };
}

export interface LocalSchedulerOptions {
  runs: JobRuns;
  /** The local clock (real time plus PANTAU_NOW's offset). */
  now: () => Date;
  schedules?: readonly JobSchedule[];
  retryDelaysMs?: readonly number[];
  /** Where skipped firings are reported (JobRuns reports the runs); `null` for silence. */
  log?: ((line: string) => void) | null;
}

export class LocalScheduler {
  readonly schedules: readonly JobSchedule[];
  private readonly options: LocalSchedulerOptions;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly lastFired = new Map<string, NonNullable<ScheduleStatus['lastFired']>>();
  private started = false;

  constructor(options: LocalSchedulerOptions) {
    this.options = options;
    this.schedules = options.schedules ?? JOB_SCHEDULES;
    for (const schedule of this.schedules) assertSchedule(schedule);
  }

  get running(): boolean {
    return this.started;
  }

  /** Sets a timer for each schedule's next firing. */
  start(): void {
    if (this.started) return;
    this.started = true;
    const now = this.options.now();
    for (const schedule of this.schedules) this.arm(schedule, now);
  }

  /** Clears the timers; runs in hand are JobRuns' to finish (JobRuns.close). */
  stop(): void {
    this.started = false;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  status(): ScheduleStatus[] {
    const now = this.options.now().toISOString();
    return this.schedules.map((schedule) => {
      const [next] = nextFireTimes(schedule, now) as [string];
      const lastFired = this.lastFired.get(schedule.name);
      return {
        name: schedule.name,
        job: schedule.job,
        zone: schedule.zone,
        expression: cronExpression(schedule),
        input: schedule.input,
        next,
        nextLocal: localTime(next, schedule.zone),
        ...(lastFired ? { lastFired } : {}),
      };
    });
  }

  private arm(schedule: JobSchedule, after: Date): void {
    const [next] = nextFireTimes(schedule, after.toISOString()) as [string];
    this.sleepUntil(schedule, Date.parse(next));
  }

  private sleepUntil(schedule: JobSchedule, at: number): void {
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, at - this.options.now().getTime()));
    this.timers.set(schedule.name, setTimeout(() => this.fire(schedule, at), delay));
  }

  private fire(schedule: JobSchedule, at: number): void {
    if (!this.started) return;
    const now = this.options.now();
    // A timer may wake a little early (or was clamped): sleep the rest.
    if (now.getTime() < at) return this.sleepUntil(schedule, at);
    // The next firing counts from now, not from `at`: after a laptop's sleep, missed firings are
    // not made up one after another, as Scheduler does not make them up either.
    this.arm(schedule, now);

    const input: JobInput = { ...schedule.input, now: new Date(at).toISOString() };
    const { runs } = this.options;
    const skip = runs.unavailable ?? (runs.busy(schedule.job) ? `the previous run of ${schedule.job} is still going` : undefined);
    if (skip !== undefined) {
      this.lastFired.set(schedule.name, { at: input.now!, outcome: 'skipped', reason: skip });
      this.say(`scheduler: ${schedule.name} at ${localTime(input.now!, schedule.zone)} skipped: ${skip}`);
      return;
    }
    this.lastFired.set(schedule.name, { at: input.now!, outcome: 'started' });
    runs
      .run(input, { trigger: 'schedule', schedule: schedule.name, retryDelaysMs: this.options.retryDelaysMs ?? RETRY_DELAYS_MS })
      // JobRuns has logged the failure and kept it for GET /_local/jobs; a timer has no one to tell.
      .catch(() => undefined);
  }

  private say(line: string): void {
    if (this.options.log === null) return;
    (this.options.log ?? console.log)(line);
  }
}

function assertSchedule(schedule: JobSchedule): void {
  const fields = (values: readonly number[], max: number) => values.length > 0 && values.every((v) => Number.isInteger(v) && v >= 0 && v <= max);
  const problem = !(schedule.zone in UTC_OFFSET_HOURS)
    ? `zone ${schedule.zone} is not WIB, WITA or WIT`
    : !fields(schedule.minutes, 59)
      ? 'minutes must be one or more whole numbers from 0 to 59'
      : schedule.hours && !fields(schedule.hours, 23)
        ? 'hours must be one or more whole numbers from 0 to 23'
        : schedule.days && (schedule.days.length === 0 || schedule.days.some((day) => !WEEKDAYS.includes(day)))
          ? `days must be one or more of ${WEEKDAYS.join(', ')}`
          : undefined;
  if (problem) throw new RangeError(`schedule ${schedule.name}: ${problem}`);
}

const sortedUnique = (values: readonly number[]): number[] => [...new Set(values)].sort((a, b) => a - b);
