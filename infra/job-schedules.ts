import type { JobName } from '../functions/jobs/app';
import { TIME_ZONES, type TimeZone } from '../shared/domain/actors';

/**
 * When the jobs run, written once: the cloud (infra/cloud/constructs/jobs.ts, EventBridge
 * Scheduler) builds its schedules from the stage's times, the local stack (infra/local/scheduler.ts)
 * from the defaults. Times are wall-clock times in `zone` (Scheduler's ScheduleExpressionTimezone);
 * Indonesia keeps no daylight saving time, so each fires at one fixed UTC instant a day.
 *
 * Imports only the domain's zone list and types: the CDK app loads this without the local stack.
 */

/** Day names as EventBridge cron writes them; index = 0 for Sunday, as the calendar's `weekday`. */
export const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A time of day on a local clock. */
export interface LocalTime {
  hour: number;
  minute: number;
}

/** The times a stage may set (cdk.json `jobs`); the rest of each schedule is fixed below. */
export interface JobTimes {
  /** Each queue's digest, Monday to Friday, at this local time in each zone. */
  digestAt: LocalTime;
  /** Submission-window reminders, daily, in WIB. */
  windowsAt: LocalTime;
  /** Retirement (BUP) reminders, daily, in WIB. */
  retirementAt: LocalTime;
}

export const DEFAULT_JOB_TIMES: JobTimes = {
  digestAt: { hour: 7, minute: 30 },
  windowsAt: { hour: 8, minute: 0 },
  retirementAt: { hour: 8, minute: 15 },
};

/** What the scheduler sends the job runner besides the instant. */
export interface JobScheduleInput {
  job: JobName;
  /** The digest runs once per zone, each at 07:30 local, for the queues of that zone's offices. */
  zone?: TimeZone;
}

export interface JobSchedule {
  /** Unique; the cloud names its schedule after it. */
  name: string;
  job: JobName;
  /** The zone `hours` and `days` are read in. */
  zone: TimeZone;
  /** Minutes past the hour, 0–59. */
  minutes: readonly number[];
  /** Hours of the day, 0–23, local; every hour when absent. */
  hours?: readonly number[];
  /** Days of the week, local; every day when absent. */
  days?: readonly Weekday[];
  input: JobScheduleInput;
  /** One line for the cloud schedule's description. */
  description: string;
}

const WORKDAYS: readonly Weekday[] = ['MON', 'TUE', 'WED', 'THU', 'FRI'];
const ZONE_NAME: Record<TimeZone, string> = { 'Asia/Jakarta': 'WIB', 'Asia/Makassar': 'WITA', 'Asia/Jayapura': 'WIT' };
export const clockTime = ({ hour, minute }: LocalTime): string => `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
const at = ({ hour, minute }: LocalTime) => ({ hours: [hour], minutes: [minute] });

/** Every job the runner knows, with its schedules: the Record makes a new job fail to compile until it is scheduled. */
export function jobSchedules(times: JobTimes = DEFAULT_JOB_TIMES): Record<JobName, JobSchedule[]> {
  return {
    // Timers carry exact instants and the job reads the due-day buckets from its last run to now,
    // so it need not run at any particular local hour. Every zone is a whole number of hours from
    // WIB, so :00 and :30 in Jakarta are :00 and :30 everywhere: one schedule covers all three
    // zones. It runs all day; holding SMS for the night is the senders' job (quiet hours).
    reminders: [
      {
        name: 'reminders', job: 'reminders', zone: 'Asia/Jakarta', minutes: [0, 30], input: { job: 'reminders' },
        description: 'SLA and returned-proposal reminders, every 30 minutes, all day (WIB clock, every zone)',
      },
    ],
    // A queue belongs to an organisation in one zone, and its digest should be waiting when that
    // office opens: one schedule per zone, at the same local time, for that zone's queues only.
    // Monday to Friday; holidays and cuti bersama are data, so the job itself skips those days.
    digest: TIME_ZONES.map((zone) => ({
      name: `digest-${ZONE_NAME[zone].toLowerCase()}`, job: 'digest' as const, zone, ...at(times.digestAt), days: WORKDAYS, input: { job: 'digest' as const, zone },
      description: `Digest of each queue of the organisations in ${ZONE_NAME[zone]}, Monday to Friday at ${clockTime(times.digestAt)} ${ZONE_NAME[zone]}`,
    })),
    // Submission windows (promotion periods) are national dates: one run a day is enough, early
    // in the WIB morning, which is still morning in WIT and inside SMS hours everywhere.
    windows: [
      {
        name: 'windows', job: 'windows', zone: 'Asia/Jakarta', ...at(times.windowsAt), input: { job: 'windows' },
        description: `Submission-window reminders, daily at ${clockTime(times.windowsAt)} WIB`,
      },
    ],
    // BUP reminders fall 12 and 6 months ahead, so the day is precise enough; a quarter hour after
    // the window reminders keeps the two runs from competing for the same slots.
    retirement: [
      {
        name: 'retirement', job: 'retirement', zone: 'Asia/Jakarta', ...at(times.retirementAt), input: { job: 'retirement' },
        description: `Retirement (BUP) reminders, daily at ${clockTime(times.retirementAt)} WIB`,
      },
    ],
  };
}

/** The schedules with the default times, as the local stack runs them. */
export const JOB_SCHEDULES: readonly JobSchedule[] = Object.values(jobSchedules()).flat();

/**
 * The schedule as an EventBridge cron expression (minutes hours day-of-month month day-of-week
 * year; one of the two day fields must be `?`), e.g. `cron(30 7 ? * MON-FRI *)`.
 */
export function cronExpression(schedule: JobSchedule): string {
  const minutes = schedule.minutes.join(',');
  const hours = schedule.hours ? schedule.hours.join(',') : '*';
  const [dayOfMonth, dayOfWeek] = schedule.days ? ['?', dayList(schedule.days)] : ['*', '?'];
  return `cron(${minutes} ${hours} ${dayOfMonth} * ${dayOfWeek} *)`;
}

// MON,TUE,WED,THU,FRI reads better as MON-FRI; a run of three or more days becomes a range.
function dayList(days: readonly Weekday[]): string {
  const indexes = [...new Set(days.map((day) => WEEKDAYS.indexOf(day)))].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < indexes.length; ) {
    let j = i;
    while (j + 1 < indexes.length && indexes[j + 1] === indexes[j]! + 1) j++;
    const run = indexes.slice(i, j + 1).map((index) => WEEKDAYS[index]!);
    parts.push(run.length >= 3 ? `${run[0]}-${run[run.length - 1]}` : run.join(','));
    i = j + 1;
  }
  return parts.join(',');
}
