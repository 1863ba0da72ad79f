import { DescribeStacksCommand, type CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  ReceiveMessageCommand,
  StartMessageMoveTaskCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import * as z from 'zod';
import { jobInputSchema } from '../../functions/jobs/app';
import { REPLAY_OUTPUTS, stackName, type ReplayOutput } from '../cloud/stack-outputs';
import type { CloudStage, ReplayOptions, Source } from './replay-args';

/**
 * `npm run replay` against a deployed stage: what the notification pipeline gave up on goes
 * through the same handlers again.
 *
 * - stream: each object Lambda's S3 on-failure destination wrote (one per batch given up on, with
 *   the batch itself in `payload`) is handed to the deployed on-change function (Invoke,
 *   RequestResponse); an object whose records all succeed is deleted, one with a record that
 *   fails again is kept and reported; the bucket's notices of deleted objects leave its queue.
 * - email-dlq, sms-dlq: SQS's own redrive (StartMessageMoveTask) back to the channel's queue,
 *   unless a move is already running; the sender Lambdas take them as any message.
 * - jobs-dlq: each dead letter's job input (a failed async invocation's requestPayload, or what a
 *   schedule sent) is run again through the job function, once per distinct input.
 *
 * Replaying sends nothing twice: on-change publishes each history event under the event id
 * `<proposal>#<seq>`, the senders claim each (event, channel, recipient) before sending and refuse
 * one already SENT, FAILED or SUPPRESSED, and each job run advances its timers conditionally.
 */

export interface CloudClients {
  cloudformation: CloudFormationClient;
  s3: S3Client;
  lambda: LambdaClient;
  sqs: SQSClient;
}

export type StageResources = Record<ReplayOutput, string>;

/** A problem the operator can act on: printed as one line, exit 1. */
export class ReplayError extends Error {
  override name = 'ReplayError';
}

// ---- reports (the local stack's POST /_local/replay answers the same shapes) ------------------

export interface StreamItem {
  /** The S3 object key (cloud), or `record <sequence number>` (local). */
  id: string;
  records: number;
  outcome: 'replayed' | 'kept' | 'would-replay' | 'unreadable';
  /** Sequence numbers of the records that failed again. */
  failed?: string[];
  error?: string;
}

export interface StreamReport {
  source: 'stream';
  dryRun: boolean;
  /** Objects (local: records) waiting before the replay. */
  found: number;
  items: StreamItem[];
  /** Cloud: the bucket's notices removed from its queue (their objects are gone) and left there. */
  notices?: { cleared: number; kept: number };
}

export interface RedriveReport {
  source: 'email-dlq' | 'sms-dlq';
  dryRun: boolean;
  /** Messages in the dead-letter queue before the replay (SQS: approximate). */
  waiting: number;
  outcome: 'started' | 'moved' | 'already-running' | 'nothing-to-move' | 'would-move';
  /** Local: moved at once. */
  moved?: number;
  taskHandle?: string;
  /** The latest move task SQS knows of for this queue. */
  task?: { status: string; moved?: number; toMove?: number; startedAt?: string; failureReason?: string };
}

export interface JobRun {
  input: Record<string, unknown>;
  /** Dead letters of this input: one run covers them all. */
  messages: number;
  outcome: 'replayed' | 'failed' | 'would-replay';
  summary?: Record<string, unknown>;
  error?: string;
}

export interface JobsReport {
  source: 'jobs-dlq';
  dryRun: boolean;
  waiting: number;
  runs: JobRun[];
  unreadable: { messageId: string; reason: string }[];
}

export type ReplayReport = StreamReport | RedriveReport | JobsReport;

/** Whether a report leaves something behind that an operator must look at. */
export function leftBehind(report: ReplayReport): boolean {
  switch (report.source) {
    case 'stream':
      return report.items.some((item) => item.outcome === 'kept' || item.outcome === 'unreadable');
    case 'jobs-dlq':
      return report.unreadable.length > 0 || report.runs.some((run) => run.outcome === 'failed');
    default:
      return report.task?.status === 'FAILED' && report.outcome !== 'started';
  }
}

// ---- the stage's resources --------------------------------------------------------------------

const outputValue = z.string().min(1);

/** The resources of `Pantau-<stage>`, from its CloudFormation outputs (infra/cloud/stack-outputs.ts). */
export async function stageResources(cloudformation: CloudFormationClient, stage: CloudStage): Promise<StageResources> {
  const name = stackName(stage);
  let outputs: { OutputKey?: string; OutputValue?: string }[];
  try {
    const { Stacks } = await cloudformation.send(new DescribeStacksCommand({ StackName: name }));
    outputs = Stacks?.[0]?.Outputs ?? [];
  } catch (error) {
    if ((error as { name?: string }).name === 'ValidationError') throw new ReplayError(`stack ${name} not found (${(error as Error).message}); is it deployed in this account and region?`);
    throw error;
  }
  const byKey = new Map(outputs.map((o) => [o.OutputKey, o.OutputValue]));
  const entries = Object.entries(REPLAY_OUTPUTS) as [ReplayOutput, string][];
  const missing = entries.filter(([, key]) => !outputValue.safeParse(byKey.get(key)).success).map(([, key]) => key);
  if (missing.length) throw new ReplayError(`stack ${name} has no output ${missing.join(', ')}: deploy it from this checkout first (npx cdk deploy -c stage=${stage})`);
  return Object.fromEntries(entries.map(([what, key]) => [what, byKey.get(key)!])) as StageResources;
}

// ---- stream --------------------------------------------------------------------------------------

/** Lambda's S3 on-failure record for a stream batch: metadata, and the batch as `payload` (an escaped JSON string). */
const invocationRecordSchema = z.looseObject({
  requestContext: z.looseObject({ condition: z.string().optional(), approximateInvokeCount: z.number().optional() }).optional(),
  DDBStreamBatchInfo: z.looseObject({ shardId: z.string(), startSequenceNumber: z.string(), endSequenceNumber: z.string() }).optional(),
  payload: z.union([z.string(), z.looseObject({})], { error: 'no payload: not an S3 on-failure record of a stream batch' }),
});
const streamEventSchema = z.looseObject({
  Records: z.array(z.looseObject({ dynamodb: z.looseObject({ SequenceNumber: z.string() }) })).min(1),
});
type StreamEvent = z.output<typeof streamEventSchema>;
const batchResponseSchema = z.looseObject({ batchItemFailures: z.array(z.looseObject({ itemIdentifier: z.unknown() })).optional() }).nullable();

/** The batch an on-failure object holds, or why it holds none. */
export function batchOf(body: string): StreamEvent {
  const record = invocationRecordSchema.parse(JSON.parse(body));
  return streamEventSchema.parse(typeof record.payload === 'string' ? JSON.parse(record.payload) : record.payload);
}

async function listKeys(s3: S3Client, bucket: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ...(token ? { ContinuationToken: token } : {}) }));
    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  // Lambda names objects aws/lambda/<mapping>/<shard>/<date>/<time>-<uuid>: in key order a shard's batches come oldest first.
  return keys.sort();
}

/** Invokes the function with the batch as Lambda's event source would; answers the sequence numbers that failed. */
async function invokeWithBatch(lambda: LambdaClient, functionName: string, batch: StreamEvent): Promise<{ failed: string[]; error?: string }> {
  const all = batch.Records.map((record) => record.dynamodb.SequenceNumber);
  const response = await lambda.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'RequestResponse', Payload: new TextEncoder().encode(JSON.stringify(batch)) }));
  const text = response.Payload ? new TextDecoder().decode(response.Payload) : '';
  if (response.FunctionError) return { failed: all, error: `${response.FunctionError}: ${text.slice(0, 300)}` };
  const answer = batchResponseSchema.safeParse(text ? JSON.parse(text) : null);
  if (!answer.success) return { failed: all, error: `the function answered ${text.slice(0, 200)}` };
  const identifiers = (answer.data?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier);
  // As Lambda reads a partial batch response: an identifier not in the batch fails the whole batch.
  if (identifiers.some((id) => typeof id !== 'string' || !all.includes(id))) return { failed: all, error: 'batchItemFailures names a record that is not in the batch' };
  return { failed: identifiers as string[], ...(identifiers.length ? { error: 'reported in batchItemFailures' } : {}) };
}

export async function replayStream(clients: CloudClients, resources: StageResources, options: ReplayOptions): Promise<StreamReport> {
  const { s3, lambda } = clients;
  const bucket = resources.failedRecordsBucket;
  const keys = await listKeys(s3, bucket);
  const report: StreamReport = { source: 'stream', dryRun: options.dryRun, found: keys.length, items: [] };
  const deleted = new Set<string>();
  for (const key of keys.slice(0, options.limit ?? keys.length)) {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    let batch: StreamEvent;
    try {
      batch = batchOf((await object.Body?.transformToString('utf8')) ?? '');
    } catch (error) {
      report.items.push({ id: key, records: 0, outcome: 'unreadable', error: describe(error) });
      continue;
    }
    const records = batch.Records.length;
    if (options.dryRun) {
      report.items.push({ id: key, records, outcome: 'would-replay' });
      continue;
    }
    const { failed, error } = await invokeWithBatch(lambda, resources.onChangeFunction, batch);
    if (failed.length) {
      // Kept whole: a second replay hands the records that went through to on-change again, which sends nothing for them.
      report.items.push({ id: key, records, outcome: 'kept', failed, ...(error ? { error } : {}) });
      continue;
    }
    // The table keeps the history event itself: the copy here has served its purpose (and holds personal data).
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    deleted.add(key);
    report.items.push({ id: key, records, outcome: 'replayed' });
  }
  if (!options.dryRun) report.notices = await clearNotices(clients, resources, new Set(keys), deleted);
  return report;
}

/** An S3 event notification (or the test event S3 sends when the notification is set up). */
const s3NoticeSchema = z.looseObject({
  Event: z.string().optional(),
  Records: z.array(z.looseObject({ s3: z.looseObject({ object: z.looseObject({ key: z.string() }) }) })).optional(),
});

/**
 * The failed-records queue announces each object (its depth is the alarm). Once an object is gone
 * its notice only keeps the alarm on: notices whose every object is gone are deleted, the others
 * are made visible again at once.
 */
async function clearNotices(clients: CloudClients, resources: StageResources, listed: Set<string>, deleted: Set<string>): Promise<{ cleared: number; kept: number }> {
  const { sqs, s3 } = clients;
  const queueUrl = resources.failedRecordsQueueUrl;
  const gone = async (key: string): Promise<boolean> => {
    if (deleted.has(key)) return true;
    if (listed.has(key)) return false;
    try {
      await s3.send(new HeadObjectCommand({ Bucket: resources.failedRecordsBucket, Key: key }));
      return false;
    } catch (error) {
      if ((error as { name?: string }).name === 'NotFound') return true;
      throw error;
    }
  };
  const counts = { cleared: 0, kept: 0 };
  const keep: Message[] = [];
  for (;;) {
    // Hidden while this runs, so the loop ends once every notice has been looked at.
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 120, WaitTimeSeconds: 0 }));
    if (Messages.length === 0) break;
    for (const message of Messages) {
      const notice = s3NoticeSchema.safeParse(safeJson(message.Body));
      const keys = notice.success ? (notice.data.Records ?? []).map((r) => decodeS3Key(r.s3.object.key)) : undefined;
      const testEvent = notice.success && notice.data.Event === 's3:TestEvent';
      let clear = testEvent;
      if (!testEvent && keys && keys.length > 0) {
        clear = true;
        for (const key of keys) if (!(await gone(key))) clear = false;
      }
      if (clear) {
        await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle! }));
        counts.cleared++;
      } else keep.push(message);
    }
  }
  for (const message of keep) {
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle!, VisibilityTimeout: 0 }));
    counts.kept++;
  }
  return counts;
}

/** Keys in S3 event notifications are URL-encoded, with + for a space. */
const decodeS3Key = (key: string) => decodeURIComponent(key.replace(/\+/g, ' '));

// ---- email and SMS dead-letter queues -------------------------------------------------------------

export interface DeadLetterQueue {
  source: 'email-dlq' | 'sms-dlq';
  deadLettersUrl: string;
  deadLettersArn: string;
  /** Where its messages go back to: the queue whose redrive policy names it. */
  queueArn: string;
}

export function deadLetterQueue(resources: StageResources, source: 'email-dlq' | 'sms-dlq'): DeadLetterQueue {
  return source === 'email-dlq'
    ? { source, deadLettersUrl: resources.emailDeadLettersUrl, deadLettersArn: resources.emailDeadLettersArn, queueArn: resources.emailQueueArn }
    : { source, deadLettersUrl: resources.smsDeadLettersUrl, deadLettersArn: resources.smsDeadLettersArn, queueArn: resources.smsQueueArn };
}

export async function redriveDeadLetters(sqs: SQSClient, dlq: DeadLetterQueue, options: ReplayOptions): Promise<RedriveReport> {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.deadLettersUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
  const waiting = Number(Attributes?.ApproximateNumberOfMessages ?? 0);
  // Most recent first; SQS allows one running move per source queue.
  const { Results = [] } = await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: dlq.deadLettersArn, MaxResults: 1 }));
  const latest = Results[0];
  const task = latest && {
    status: latest.Status ?? 'UNKNOWN',
    ...(latest.ApproximateNumberOfMessagesMoved !== undefined ? { moved: latest.ApproximateNumberOfMessagesMoved } : {}),
    ...(latest.ApproximateNumberOfMessagesToMove !== undefined ? { toMove: latest.ApproximateNumberOfMessagesToMove } : {}),
    ...(latest.StartedTimestamp !== undefined ? { startedAt: new Date(latest.StartedTimestamp).toISOString() } : {}),
    ...(latest.FailureReason ? { failureReason: latest.FailureReason } : {}),
  };
  const base = { source: dlq.source, dryRun: options.dryRun, waiting, ...(task ? { task } : {}) };
  if (task?.status === 'RUNNING') return { ...base, outcome: 'already-running' };
  if (waiting === 0) return { ...base, outcome: 'nothing-to-move' };
  if (options.dryRun) return { ...base, outcome: 'would-move' };
  const { TaskHandle } = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlq.deadLettersArn, DestinationArn: dlq.queueArn }));
  return { ...base, outcome: 'started', ...(TaskHandle ? { taskHandle: TaskHandle } : {}) };
}

// ---- jobs dead-letter queue -------------------------------------------------------------------------

/** Lambda's record of an async invocation given up on (SqsDestination on failure): the event is `requestPayload`. */
const asyncFailureSchema = z.looseObject({
  requestContext: z.looseObject({ condition: z.string().optional() }),
  requestPayload: z.unknown(),
});

/**
 * The job input a jobs dead letter holds: Lambda's on-failure record carries it as
 * `requestPayload`; EventBridge Scheduler's dead-letter event is the target input it could not
 * deliver (the schedule's `{ "job": ..., "zone"?: ... }`), its error in the message attributes.
 */
export function jobInputOf(message: Pick<Message, 'Body'>): z.output<typeof jobInputSchema> {
  const body = JSON.parse(message.Body ?? '') as unknown;
  const failure = asyncFailureSchema.safeParse(body);
  return jobInputSchema.parse(failure.success ? failure.data.requestPayload : body);
}

// Longer than a few runs of the job function (at most 5 minutes each): the dead letters stay hidden while their run goes.
const JOB_REPLAY_VISIBILITY_SECONDS = 30 * 60;

async function receiveJobDeadLetters(sqs: SQSClient, queueUrl: string, options: ReplayOptions): Promise<Message[]> {
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const seen = new Map<string, Message>();
  while (seen.size < limit) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: Math.min(10, limit - seen.size),
        // A dry run only looks: the messages stay visible to anyone else.
        VisibilityTimeout: options.dryRun ? 0 : JOB_REPLAY_VISIBILITY_SECONDS,
        WaitTimeSeconds: 0,
        MessageAttributeNames: ['All'],
      }),
    );
    const fresh = Messages.filter((m) => m.MessageId && !seen.has(m.MessageId));
    if (fresh.length === 0) break;
    for (const message of fresh) seen.set(message.MessageId!, message);
  }
  return [...seen.values()];
}

export async function replayJobs(clients: CloudClients, resources: StageResources, options: ReplayOptions): Promise<JobsReport> {
  const { sqs, lambda } = clients;
  const queueUrl = resources.jobsDeadLettersUrl;
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
  const report: JobsReport = { source: 'jobs-dlq', dryRun: options.dryRun, waiting: Number(Attributes?.ApproximateNumberOfMessages ?? 0), runs: [], unreadable: [] };
  const release = (message: Message) => sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle!, VisibilityTimeout: 0 }));

  // One run per distinct input: six failed reminders runs are one reminders run now.
  const groups = new Map<string, { input: Record<string, unknown>; messages: Message[] }>();
  for (const message of await receiveJobDeadLetters(sqs, queueUrl, options)) {
    let input: Record<string, unknown>;
    try {
      input = { ...jobInputOf(message) };
    } catch (error) {
      report.unreadable.push({ messageId: message.MessageId ?? '?', reason: describe(error) });
      if (!options.dryRun) await release(message);
      continue;
    }
    const key = JSON.stringify(Object.entries(input).sort(([a], [b]) => a.localeCompare(b)));
    const group = groups.get(key) ?? { input, messages: [] };
    group.messages.push(message);
    groups.set(key, group);
  }

  for (const { input, messages } of groups.values()) {
    if (options.dryRun) {
      report.runs.push({ input, messages: messages.length, outcome: 'would-replay' });
      continue;
    }
    // As EventBridge Scheduler sends it: a schedule's input has no `now`, so the run is as of now and
    // reads from the job's last run on; a run by hand with a `now` keeps it.
    const response = await lambda.send(new InvokeCommand({ FunctionName: resources.jobsFunction, InvocationType: 'RequestResponse', Payload: new TextEncoder().encode(JSON.stringify(input)) }));
    const text = response.Payload ? new TextDecoder().decode(response.Payload) : '';
    if (response.FunctionError) {
      for (const message of messages) await release(message);
      report.runs.push({ input, messages: messages.length, outcome: 'failed', error: `${response.FunctionError}: ${text.slice(0, 300)}` });
      continue;
    }
    for (const message of messages) await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle! }));
    const summary = safeJson(text);
    report.runs.push({ input, messages: messages.length, outcome: 'replayed', ...(summary && typeof summary === 'object' ? { summary: summary as Record<string, unknown> } : {}) });
  }
  return report;
}

// ---- all together -------------------------------------------------------------------------------------

export async function replayCloud(clients: CloudClients, stage: CloudStage, sources: readonly Source[], options: ReplayOptions): Promise<ReplayReport[]> {
  const resources = await stageResources(clients.cloudformation, stage);
  const reports: ReplayReport[] = [];
  for (const source of sources) {
    if (source === 'stream') reports.push(await replayStream(clients, resources, options));
    else if (source === 'jobs-dlq') reports.push(await replayJobs(clients, resources, options));
    else reports.push(await redriveDeadLetters(clients.sqs, deadLetterQueue(resources, source), options));
  }
  return reports;
}

// ---- what the operator reads --------------------------------------------------------------------------

/** Plain lines, one fact each, for a terminal or a ticket. */
export function formatReport(report: ReplayReport): string[] {
  const dry = report.dryRun ? ' (dry run: nothing changed)' : '';
  switch (report.source) {
    case 'stream': {
      const count = (outcome: StreamItem['outcome']) => report.items.filter((item) => item.outcome === outcome).length;
      const lines = [`stream: ${report.found} waiting, ${report.items.length} looked at: ${count('replayed')} replayed, ${count('kept')} kept, ${count('unreadable')} unreadable${report.dryRun ? `, ${count('would-replay')} would be replayed` : ''}${dry}`];
      for (const item of report.items) {
        if (item.outcome === 'replayed') continue;
        lines.push(`  ${item.outcome} ${item.id} (${item.records} record${item.records === 1 ? '' : 's'})${item.failed?.length ? `: failed again ${item.failed.join(', ')}` : ''}${item.error ? ` [${item.error}]` : ''}`);
      }
      if (report.notices) lines.push(`  bucket notices: ${report.notices.cleared} cleared, ${report.notices.kept} left (their objects are still there)`);
      return lines;
    }
    case 'jobs-dlq': {
      const lines = [`jobs-dlq: ${report.waiting} waiting, ${report.runs.length} distinct run(s), ${report.unreadable.length} unreadable${dry}`];
      for (const run of report.runs) {
        const summary = run.summary ? ` ${JSON.stringify(pick(run.summary, ['now', 'published', 'reminded', 'escalated', 'skipped']))}` : '';
        lines.push(`  ${run.outcome} ${JSON.stringify(run.input)} for ${run.messages} dead letter(s)${summary}${run.error ? ` [${run.error}]` : ''}`);
      }
      for (const bad of report.unreadable) lines.push(`  unreadable ${bad.messageId}: ${bad.reason} (left in the queue)`);
      return lines;
    }
    default: {
      const task = report.task ? ` (latest move: ${report.task.status}${report.task.moved !== undefined ? `, ${report.task.moved}${report.task.toMove !== undefined ? ` of ${report.task.toMove}` : ''} moved` : ''}${report.task.failureReason ? `, ${report.task.failureReason}` : ''})` : '';
      const what = {
        started: `move started${report.taskHandle ? `, task ${report.taskHandle}` : ''}`,
        moved: `${report.moved ?? 0} moved back to the queue`,
        'already-running': 'a move is already running: nothing started',
        'nothing-to-move': 'nothing to move',
        'would-move': 'would start a move back to the queue',
      }[report.outcome];
      return [`${report.source}: ${report.waiting} waiting, ${what}${task}${dry}`];
    }
  }
}

function pick(value: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => key in value).map((key) => [key, value[key]]));
}

function safeJson(text: string | undefined): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  if (error instanceof z.ZodError) return error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ').slice(0, 300);
  return error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : String(error).slice(0, 300);
}
