import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../shared/adapters/clock';
import type { EventPublisher } from '../../shared/adapters/notifications/ports';

export const JOB_NAMES = ['reminders', 'digest', 'windows', 'retirement'] as const;
export type JobName = (typeof JOB_NAMES)[number];

/** What the scheduler (EventBridge Scheduler, or the local scheduler) sends: the job, and optionally the instant it runs as of. */
export interface JobEventInput {
  job: JobName;
  now?: string;
}

/** What a run did; `read` and `consumedReadCapacity` show that a run reads only what is due. */
export interface JobSummary {
  job: JobName;
  now: string;
  /** Items read from DynamoDB. */
  read: number;
  consumedReadCapacity: number;
  /** Events published to the notifications topic. */
  published: number;
  reminded: number;
  escalated: number;
  /** Items already handled by an earlier run (idempotency). */
  skipped: number;
  [detail: string]: unknown;
}

export interface JobDeps {
  doc: DynamoDBDocumentClient;
  tableName: string;
  publisher: EventPublisher;
  clock: Clock;
  publicBaseUrl: string;
  logger?: Logger;
}

export function createJobRunner(_deps: JobDeps): (event: JobEventInput) => Promise<JobSummary> {
  throw new Error('not yet');
}
