import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { Clock } from '../../shared/adapters/clock';
import { CalendarRepository, calendarSla } from '../../shared/adapters/dynamo/calendar-repository';
import { DirectoryRepository } from '../../shared/adapters/dynamo/directory-repository';
import { JobRepository } from '../../shared/adapters/dynamo/job-repository';
import { ProposalRepository } from '../../shared/adapters/dynamo/proposal-repository';
import { WindowsRepository } from '../../shared/adapters/dynamo/windows-repository';
import type { EventPublisher } from '../../shared/adapters/notifications/ports';
import { runDigest, runReminders, runRetirement, runWindows, type JobContext, type RunTally } from '../../shared/app/jobs';
import { TIME_ZONES, type TimeZone } from '../../shared/domain/actors';
import { timersEpochSchema } from '../../shared/domain/sla/timers-epoch';

export const JOB_NAMES = ['reminders', 'digest', 'windows', 'retirement'] as const;
export type JobName = (typeof JOB_NAMES)[number];

/** What the scheduler (EventBridge Scheduler, or the local scheduler) sends: the job, and optionally the instant it runs as of. */
export interface JobEventInput {
  job: JobName;
  now?: string;
  /** For `digest`: only the queues of organisations in this zone (one schedule per zone, 07:30 local). */
  zone?: TimeZone;
}

/** What a run did; `read` and `consumedReadCapacity` show that a run reads only what is due. */
export interface JobSummary extends RunTally {
  job: JobName;
  now: string;
  zone?: TimeZone;
}

export interface JobDeps {
  doc: DynamoDBDocumentClient;
  tableName: string;
  publisher: EventPublisher;
  clock: Clock;
  /**
   * The stage's timers epoch (YYYY-MM-DD): the first day a timer can fall due. A run with no mark
   * reads the day buckets from it (JOBS_EPOCH in the cloud, from the stage settings).
   */
  epoch: string;
  logger?: Logger;
}

/** What a run accepts; also what `npm run replay` checks a dead-lettered run's input against. */
export const jobInputSchema = z.object({
  job: z.enum(JOB_NAMES),
  now: z.iso.datetime({ offset: true }).optional(),
  zone: z.enum(TIME_ZONES).optional(),
});

/**
 * The job Lambda: one function, the job named in its input. A run that finishes records its `now`
 * (at most the clock's) as the job's mark, where the next run starts reading; a run that fails
 * (DynamoDB or the topic throws part way) records nothing, so the next run reads from where this
 * one did.
 */
export function createJobRunner(deps: JobDeps): (event: JobEventInput) => Promise<JobSummary> {
  // Checked at cold start: a run that read from a wrong day would skip timers, or read for years.
  const epoch = timersEpochSchema.parse(deps.epoch);
  const jobs = new JobRepository(deps.doc, deps.tableName);
  const ctx: JobContext = {
    jobs,
    directory: new DirectoryRepository(deps.doc, deps.tableName),
    proposals: new ProposalRepository(deps.doc, deps.tableName),
    calendar: calendarSla(new CalendarRepository(deps.doc, deps.tableName), deps.logger),
    windows: new WindowsRepository(deps.doc, deps.tableName),
    publisher: deps.publisher,
    epoch,
    ...(deps.logger ? { logger: deps.logger } : {}),
  };
  return async (event) => {
    const input = jobInputSchema.parse(event);
    const startedAt = deps.clock.now().toISOString();
    const now = new Date(input.now ?? startedAt).toISOString();
    const tally =
      input.job === 'reminders' ? await runReminders(ctx, now)
      : input.job === 'digest' ? await runDigest(ctx, now, input.zone)
      : input.job === 'windows' ? await runWindows(ctx, now)
      : await runRetirement(ctx, now);
    const summary: JobSummary = { job: input.job, now, ...(input.zone ? { zone: input.zone } : {}), ...tally };
    // The mark says every timer due by it has been handled. A run as of a later instant (by hand, or
    // a local demo ahead of its clock) cannot vouch for timers written after it starts, which fall
    // due after the clock but may fall before its `now`: it marks the clock instead.
    const mark = now < startedAt ? now : startedAt;
    await jobs.recordRun(input.zone ? `${input.job}#${input.zone}` : input.job, mark, { ...summary });
    deps.logger?.info('job run', { ...summary });
    return summary;
  };
}
