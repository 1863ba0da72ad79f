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
  logger?: Logger;
}

/** What a run accepts; also what `npm run replay` checks a dead-lettered run's input against. */
export const jobInputSchema = z.object({
  job: z.enum(JOB_NAMES),
  now: z.iso.datetime({ offset: true }).optional(),
  zone: z.enum(TIME_ZONES).optional(),
});

/** The job Lambda: one function, the job named in its input; each run records what it did. */
export function createJobRunner(deps: JobDeps): (event: JobEventInput) => Promise<JobSummary> {
  const jobs = new JobRepository(deps.doc, deps.tableName);
  const ctx: JobContext = {
    jobs,
    directory: new DirectoryRepository(deps.doc, deps.tableName),
    proposals: new ProposalRepository(deps.doc, deps.tableName),
    calendar: calendarSla(new CalendarRepository(deps.doc, deps.tableName), deps.logger),
    windows: new WindowsRepository(deps.doc, deps.tableName),
    publisher: deps.publisher,
    ...(deps.logger ? { logger: deps.logger } : {}),
  };
  return async (event) => {
    const input = jobInputSchema.parse(event);
    const now = new Date(input.now ?? deps.clock.now().toISOString()).toISOString();
    const tally =
      input.job === 'reminders' ? await runReminders(ctx, now)
      : input.job === 'digest' ? await runDigest(ctx, now, input.zone)
      : input.job === 'windows' ? await runWindows(ctx, now)
      : await runRetirement(ctx, now);
    const summary: JobSummary = { job: input.job, now, ...(input.zone ? { zone: input.zone } : {}), ...tally };
    await jobs.recordRun(input.zone ? `${input.job}#${input.zone}` : input.job, now, { ...summary });
    deps.logger?.info('job run', { ...summary });
    return summary;
  };
}
