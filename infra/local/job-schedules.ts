import type { JobName } from '../../functions/jobs/app';
import type { TimeZone } from '../../shared/domain/actors';

/**
 * When the jobs run on one machine, as data. The cloud's schedules are built in
 * infra/cloud/constructs/jobs.ts from stage settings (times adjustable per stage) with the same
 * defaults; test/infra/jobs.test.ts checks they name every job. Times are wall-clock times in `zone`
 * (Scheduler's ScheduleExpressionTimezone); Indonesia keeps no daylight saving time, so each
 * fires at one fixed UTC instant a day.
 *
 * No imports beyond types: the CDK app can import this file without pulling in the local stack.
 */

/** Day names as EventBridge cron writes them; index = 0 for Sunday, as the calendar's `weekday`. */
export const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

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
}

const WORKDAYS: readonly Weekday[] = ['MON', 'TUE', 'WED', 'THU', 'FRI'];

export const JOB_SCHEDULES: readonly JobSchedule[] = [
  // Every half hour, day and night: a stage's deadline is the end of a local working day, and a
  // reminder an hour late is still useful; the job reads only what fell due since its last run.
  { name: 'reminders', job: 'reminders', zone: 'Asia/Jakarta', minutes: [0, 30], input: { job: 'reminders' } },
  // Before the working day starts (07:30 local) in each zone, on working days only.
  { name: 'digest-wib', job: 'digest', zone: 'Asia/Jakarta', minutes: [30], hours: [7], days: WORKDAYS, input: { job: 'digest', zone: 'Asia/Jakarta' } },
  { name: 'digest-wita', job: 'digest', zone: 'Asia/Makassar', minutes: [30], hours: [7], days: WORKDAYS, input: { job: 'digest', zone: 'Asia/Makassar' } },
  { name: 'digest-wit', job: 'digest', zone: 'Asia/Jayapura', minutes: [30], hours: [7], days: WORKDAYS, input: { job: 'digest', zone: 'Asia/Jayapura' } },
  { name: 'windows', job: 'windows', zone: 'Asia/Jakarta', minutes: [0], hours: [8], input: { job: 'windows' } },
  { name: 'retirement', job: 'retirement', zone: 'Asia/Jakarta', minutes: [15], hours: [8], input: { job: 'retirement' } },
];

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
