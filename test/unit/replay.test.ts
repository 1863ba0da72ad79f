import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  ReceiveMessageCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
  type Message,
} from '@aws-sdk/client-sqs';
import type { DynamoDBRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPLAY_OUTPUTS, type ReplayOutput } from '../../infra/cloud/stack-outputs';
import {
  formatReport,
  leftBehind,
  redriveDeadLetters,
  deadLetterQueue,
  replayCloud,
  replayJobs,
  replayStream,
  stageResources,
  type CloudClients,
  type StageResources,
} from '../../infra/ops/replay';

/**
 * The cloud replay against mocked AWS clients: which calls it makes, in what order, with what;
 * what it keeps when a record fails again; and that a dry run writes nothing.
 */
const clients: CloudClients = {
  cloudformation: new CloudFormationClient({ region: 'ap-southeast-3' }),
  s3: new S3Client({ region: 'ap-southeast-3' }),
  lambda: new LambdaClient({ region: 'ap-southeast-3' }),
  sqs: new SQSClient({ region: 'ap-southeast-3' }),
};
const cfn = mockClient(clients.cloudformation);
const s3 = mockClient(clients.s3);
const lambda = mockClient(clients.lambda);
const sqs = mockClient(clients.sqs);

const resources: StageResources = {
  failedRecordsBucket: 'pantau-dev-failed-records',
  failedRecordsQueueUrl: 'https://sqs.ap-southeast-3.amazonaws.com/111122223333/failed-records-notices',
  onChangeFunction: 'Pantau-dev-OnChange',
  emailQueueArn: 'arn:aws:sqs:ap-southeast-3:111122223333:email',
  emailDeadLettersUrl: 'https://sqs.ap-southeast-3.amazonaws.com/111122223333/email-dlq',
  emailDeadLettersArn: 'arn:aws:sqs:ap-southeast-3:111122223333:email-dlq',
  smsQueueArn: 'arn:aws:sqs:ap-southeast-3:111122223333:sms',
  smsDeadLettersUrl: 'https://sqs.ap-southeast-3.amazonaws.com/111122223333/sms-dlq',
  smsDeadLettersArn: 'arn:aws:sqs:ap-southeast-3:111122223333:sms-dlq',
  jobsDeadLettersUrl: 'https://sqs.ap-southeast-3.amazonaws.com/111122223333/jobs-dlq',
  jobsFunction: 'Pantau-dev-Jobs',
};

beforeEach(() => {
  for (const mock of [cfn, s3, lambda, sqs]) mock.reset();
});
afterEach(() => {
  for (const mock of [cfn, s3, lambda, sqs]) mock.reset();
});

/** A history record as the stream hands it over (only what the replay reads matters here). */
const record = (seq: string, proposalId = 'USL-1'): DynamoDBRecord => ({
  eventID: `e${seq}`,
  eventName: 'INSERT',
  eventSource: 'aws:dynamodb',
  dynamodb: { SequenceNumber: seq, NewImage: { proposalId: { S: proposalId }, entity: { S: 'HISTORY' } } },
});

/** An object as Lambda's S3 on-failure destination writes it: the batch as an escaped JSON string in `payload`. */
const failureObject = (records: DynamoDBRecord[]) =>
  JSON.stringify({
    requestContext: { requestId: 'r-1', functionArn: 'arn:aws:lambda:ap-southeast-3:111122223333:function:on-change', condition: 'RetryAttemptsExhausted', approximateInvokeCount: 6 },
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    version: '1.0',
    timestamp: '2026-11-02T02:13:49.717Z',
    DDBStreamBatchInfo: {
      shardId: 'shardId-00000001',
      startSequenceNumber: records[0]!.dynamodb!.SequenceNumber,
      endSequenceNumber: records.at(-1)!.dynamodb!.SequenceNumber,
      approximateArrivalOfFirstRecord: '2026-11-02T02:13:19Z',
      approximateArrivalOfLastRecord: '2026-11-02T02:13:19Z',
      batchSize: records.length,
      streamArn: 'arn:aws:dynamodb:ap-southeast-3:111122223333:table/pantau-dev/stream/2026-01-01T00:00:00.000',
    },
    payload: JSON.stringify({ Records: records }),
  });

const objectBody = (text: string) => ({ Body: { transformToString: async () => text } }) as never;
// The SDK answers a Uint8Array with helpers; the replay reads the bytes only.
const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)) as never;
const sentPayload = (call: { args: [{ input: object }] }) => JSON.parse(new TextDecoder().decode((call.args[0].input as { Payload: Uint8Array }).Payload)) as unknown;
const notice = (key: string, receipt: string): Message => ({
  MessageId: `m-${receipt}`,
  ReceiptHandle: receipt,
  Body: JSON.stringify({ Records: [{ eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', s3: { bucket: { name: resources.failedRecordsBucket }, object: { key: encodeURIComponent(key).replace(/%2F/g, '/') } } }] }),
});

const KEY_A = 'aws/lambda/esm-1/shardId-00000001/2026/11/02/2026-11-02T02.13.49-aaaa';
const KEY_B = 'aws/lambda/esm-1/shardId-00000001/2026/11/02/2026-11-02T02.20.00-bbbb';
const KEY_C = 'aws/lambda/esm-1/shardId-00000001/2026/11/02/2026-11-02T02.30.00-cccc';

describe('the stage resources', () => {
  it('are the stack outputs of Pantau-<stage>, by the keys the stack declares', async () => {
    cfn.on(DescribeStacksCommand, { StackName: 'Pantau-staging' }).resolves({
      Stacks: [{ StackName: 'Pantau-staging', CreationTime: new Date(), StackStatus: 'UPDATE_COMPLETE', Outputs: [
        { OutputKey: 'ApiUrl', OutputValue: 'https://api' },
        ...(Object.entries(REPLAY_OUTPUTS) as [ReplayOutput, string][]).map(([what, key]) => ({ OutputKey: key, OutputValue: resources[what] })),
      ] }],
    });
    expect(await stageResources(clients.cloudformation, 'staging')).toEqual(resources);
  });

  it('name what is missing when the stack predates the replay outputs, and a stack that is not there', async () => {
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'Pantau-dev', CreationTime: new Date(), StackStatus: 'CREATE_COMPLETE', Outputs: [{ OutputKey: 'JobsFunctionName', OutputValue: 'f' }] }] });
    await expect(stageResources(clients.cloudformation, 'dev')).rejects.toThrow(/^stack Pantau-dev has no output FailedStreamRecordsBucketName, .*SmsDeadLettersArn, JobsDeadLettersUrl: deploy it from this checkout first/);
    cfn.on(DescribeStacksCommand).rejects(Object.assign(new Error('Stack with id Pantau-prod does not exist'), { name: 'ValidationError' }));
    await expect(stageResources(clients.cloudformation, 'prod')).rejects.toThrow(/^stack Pantau-prod not found/);
  });
});

describe('replaying failed stream records', () => {
  const batchA = [record('100', 'USL-A'), record('101', 'USL-A')];
  const batchB = [record('200', 'USL-B'), record('201', 'USL-C')];

  beforeEach(() => {
    // Listed out of order over two pages: the replay goes in key order (a shard's batches oldest first).
    s3.on(ListObjectsV2Command).callsFake((input: { ContinuationToken?: string }) =>
      input.ContinuationToken ? { Contents: [{ Key: KEY_A }], IsTruncated: false } : { Contents: [{ Key: KEY_C }, { Key: KEY_B }], IsTruncated: true, NextContinuationToken: 'page-2' },
    );
    s3.on(GetObjectCommand, { Key: KEY_A }).resolves(objectBody(failureObject(batchA)));
    s3.on(GetObjectCommand, { Key: KEY_B }).resolves(objectBody(failureObject(batchB)));
    s3.on(GetObjectCommand, { Key: KEY_C }).resolves(objectBody(JSON.stringify({ requestContext: {}, DDBStreamBatchInfo: { shardId: 's', startSequenceNumber: '1', endSequenceNumber: '1' } })));
    s3.on(DeleteObjectCommand).resolves({});
    // A's records all go through; one of B's fails again.
    lambda.on(InvokeCommand).callsFake((input: { Payload: Uint8Array }) => {
      const event = JSON.parse(new TextDecoder().decode(input.Payload)) as { Records: DynamoDBRecord[] };
      const failed = event.Records.filter((r) => r.dynamodb!.SequenceNumber === '201').map((r) => ({ itemIdentifier: r.dynamodb!.SequenceNumber }));
      return { StatusCode: 200, Payload: encode({ batchItemFailures: failed }) };
    });
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: [notice(KEY_A, 'ra'), notice(KEY_B, 'rb'), { MessageId: 'm-t', ReceiptHandle: 'rt', Body: JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent' }) }] }).resolves({ Messages: [] });
  });

  it('hands each batch to the deployed on-change function as it was, deletes what went through and keeps what failed again', async () => {
    const report = await replayStream(clients, resources, { dryRun: false });

    const invokes = lambda.commandCalls(InvokeCommand);
    expect(invokes.map((call) => call.args[0].input.FunctionName)).toEqual([resources.onChangeFunction, resources.onChangeFunction]);
    expect(invokes.every((call) => call.args[0].input.InvocationType === 'RequestResponse')).toBe(true);
    expect(invokes.map(sentPayload)).toEqual([{ Records: batchA }, { Records: batchB }]);
    expect(s3.commandCalls(DeleteObjectCommand).map((call) => call.args[0].input)).toEqual([{ Bucket: resources.failedRecordsBucket, Key: KEY_A }]);
    expect(report).toMatchObject({
      source: 'stream', found: 3,
      items: [
        { id: KEY_A, records: 2, outcome: 'replayed' },
        { id: KEY_B, records: 2, outcome: 'kept', failed: ['201'] },
        { id: KEY_C, records: 0, outcome: 'unreadable', error: expect.stringContaining('no payload') },
      ],
    });
    expect(leftBehind(report)).toBe(true);
    expect(formatReport(report)[0]).toBe('stream: 3 waiting, 3 looked at: 1 replayed, 1 kept, 1 unreadable');
  });

  it('clears the bucket notices of deleted objects (and S3\'s test event), and shows the others again at once', async () => {
    const report = await replayStream(clients, resources, { dryRun: false });
    expect(sqs.commandCalls(DeleteMessageCommand).map((call) => call.args[0].input.ReceiptHandle).sort()).toEqual(['ra', 'rt']);
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand).map((call) => call.args[0].input)).toEqual([{ QueueUrl: resources.failedRecordsQueueUrl, ReceiptHandle: 'rb', VisibilityTimeout: 0 }]);
    expect(report.notices).toEqual({ cleared: 2, kept: 1 });
  });

  it('looks up a noticed object it did not list: gone, its notice goes; still there, it stays', async () => {
    sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: [notice('aws/lambda/gone one', 'rg'), notice('aws/lambda/new one', 'rn')] }).resolves({ Messages: [] });
    s3.on(HeadObjectCommand, { Key: 'aws/lambda/gone one' }).rejects(Object.assign(new Error('Not Found'), { name: 'NotFound' }));
    s3.on(HeadObjectCommand, { Key: 'aws/lambda/new one' }).resolves({});
    await replayStream(clients, resources, { dryRun: false });
    expect(sqs.commandCalls(DeleteMessageCommand).map((call) => call.args[0].input.ReceiptHandle)).toEqual(['rg']);
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand).map((call) => call.args[0].input.ReceiptHandle)).toEqual(['rn']);
  });

  it('keeps the whole object when the function fails, or answers a record it was not given', async () => {
    lambda.on(InvokeCommand).resolvesOnce({ StatusCode: 200, FunctionError: 'Unhandled', Payload: encode({ errorType: 'Error', errorMessage: 'SNS down' }) })
      .resolves({ StatusCode: 200, Payload: encode({ batchItemFailures: [{ itemIdentifier: '999' }] }) });
    const report = await replayStream(clients, resources, { dryRun: false, limit: 2 });
    expect(s3.commandCalls(DeleteObjectCommand)).toEqual([]);
    expect(report.items).toEqual([
      { id: KEY_A, records: 2, outcome: 'kept', failed: ['100', '101'], error: expect.stringContaining('Unhandled: {"errorType":"Error","errorMessage":"SNS down"}') },
      { id: KEY_B, records: 2, outcome: 'kept', failed: ['200', '201'], error: 'batchItemFailures names a record that is not in the batch' },
    ]);
  });

  it('stops after --limit objects, in key order', async () => {
    await replayStream(clients, resources, { dryRun: false, limit: 1 });
    expect(s3.commandCalls(GetObjectCommand).map((call) => call.args[0].input.Key)).toEqual([KEY_A]);
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(1);
  });

  it('in a dry run reads the objects and says what it would replay, invoking, deleting and receiving nothing', async () => {
    const report = await replayStream(clients, resources, { dryRun: true });
    expect(lambda.commandCalls(InvokeCommand)).toEqual([]);
    expect(s3.commandCalls(DeleteObjectCommand)).toEqual([]);
    expect(sqs.calls()).toEqual([]);
    expect(report.items.map((item) => item.outcome)).toEqual(['would-replay', 'would-replay', 'unreadable']);
    expect(report.notices).toBeUndefined();
  });
});

describe('redriving the email and SMS dead-letter queues', () => {
  const email = deadLetterQueue(resources, 'email-dlq');

  it('starts SQS\'s own move from the dead-letter queue back to the channel\'s queue', async () => {
    sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { ApproximateNumberOfMessages: '7' } });
    sqs.on(ListMessageMoveTasksCommand).resolves({ Results: [{ Status: 'COMPLETED', ApproximateNumberOfMessagesMoved: 3 }] });
    sqs.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: 'task-1' });
    const report = await redriveDeadLetters(clients.sqs, email, { dryRun: false });
    expect(sqs.commandCalls(GetQueueAttributesCommand)[0]!.args[0].input.QueueUrl).toBe(resources.emailDeadLettersUrl);
    expect(sqs.commandCalls(ListMessageMoveTasksCommand)[0]!.args[0].input).toEqual({ SourceArn: resources.emailDeadLettersArn, MaxResults: 1 });
    expect(sqs.commandCalls(StartMessageMoveTaskCommand).map((call) => call.args[0].input)).toEqual([{ SourceArn: resources.emailDeadLettersArn, DestinationArn: resources.emailQueueArn }]);
    expect(report).toMatchObject({ source: 'email-dlq', waiting: 7, outcome: 'started', taskHandle: 'task-1' });
    expect(formatReport(report)).toEqual(['email-dlq: 7 waiting, move started, task task-1 (latest move: COMPLETED, 3 moved)']);
  });

  it('starts nothing while a move is running, when the queue is empty, or in a dry run', async () => {
    const sms = deadLetterQueue(resources, 'sms-dlq');
    sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { ApproximateNumberOfMessages: '4' } });
    sqs.on(ListMessageMoveTasksCommand).resolvesOnce({ Results: [{ Status: 'RUNNING', ApproximateNumberOfMessagesMoved: 1, ApproximateNumberOfMessagesToMove: 4 }] }).resolves({ Results: [] });
    expect(await redriveDeadLetters(clients.sqs, sms, { dryRun: false })).toMatchObject({ outcome: 'already-running', task: { status: 'RUNNING', moved: 1, toMove: 4 } });
    expect(await redriveDeadLetters(clients.sqs, sms, { dryRun: true })).toMatchObject({ outcome: 'would-move', waiting: 4 });
    sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { ApproximateNumberOfMessages: '0' } });
    expect(await redriveDeadLetters(clients.sqs, sms, { dryRun: false })).toMatchObject({ outcome: 'nothing-to-move' });
    expect(sqs.commandCalls(StartMessageMoveTaskCommand)).toEqual([]);
  });
});

describe('replaying the jobs dead letters', () => {
  const scheduled = (id: string, input: unknown): Message => ({
    MessageId: id, ReceiptHandle: `r-${id}`, Body: JSON.stringify(input),
    MessageAttributes: { ERROR_CODE: { DataType: 'String', StringValue: 'AWS.Scheduler.InternalServerError' } },
  });
  const asyncFailure = (id: string, payload: unknown): Message => ({
    MessageId: id, ReceiptHandle: `r-${id}`,
    Body: JSON.stringify({
      version: '1.0', timestamp: '2026-11-02T00:31:00.000Z',
      requestContext: { requestId: 'req', functionArn: 'arn:aws:lambda:ap-southeast-3:111122223333:function:jobs:$LATEST', condition: 'RetriesExhausted', approximateInvokeCount: 3 },
      requestPayload: payload,
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorType: 'Error', errorMessage: 'throttled' },
    }),
  });

  beforeEach(() => {
    sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { ApproximateNumberOfMessages: '4' } });
    sqs.on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: [scheduled('s1', { job: 'reminders' }), asyncFailure('a1', { job: 'digest', zone: 'Asia/Makassar' })] })
      .resolvesOnce({ Messages: [asyncFailure('a2', { job: 'reminders' }), { MessageId: 'x1', ReceiptHandle: 'r-x1', Body: '{"job":"payroll"}' }] })
      .resolves({ Messages: [] });
    lambda.on(InvokeCommand).callsFake((input: { Payload: Uint8Array }) => {
      const event = JSON.parse(new TextDecoder().decode(input.Payload)) as { job: string };
      return event.job === 'digest'
        ? { StatusCode: 200, FunctionError: 'Unhandled', Payload: encode({ errorMessage: 'table throttled' }) }
        : { StatusCode: 200, Payload: encode({ job: event.job, now: '2026-11-02T03:00:00.000Z', read: 4, published: 2, reminded: 2, escalated: 0, skipped: 0 }) };
    });
  });

  it('runs each distinct input once through the job function; deletes its dead letters when it succeeds, shows them again when it fails', async () => {
    const report = await replayJobs(clients, resources, { dryRun: false });
    const invokes = lambda.commandCalls(InvokeCommand);
    expect(invokes.map((call) => [call.args[0].input.FunctionName, call.args[0].input.InvocationType, sentPayload(call)])).toEqual([
      [resources.jobsFunction, 'RequestResponse', { job: 'reminders' }],
      [resources.jobsFunction, 'RequestResponse', { job: 'digest', zone: 'Asia/Makassar' }],
    ]);
    expect(sqs.commandCalls(ReceiveMessageCommand)[0]!.args[0].input).toMatchObject({ QueueUrl: resources.jobsDeadLettersUrl, VisibilityTimeout: 1800 });
    expect(sqs.commandCalls(DeleteMessageCommand).map((call) => call.args[0].input.ReceiptHandle)).toEqual(['r-s1', 'r-a2']);
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand).map((call) => [call.args[0].input.ReceiptHandle, call.args[0].input.VisibilityTimeout]).sort()).toEqual([['r-a1', 0], ['r-x1', 0]]);
    expect(report).toMatchObject({
      waiting: 4,
      runs: [
        { input: { job: 'reminders' }, messages: 2, outcome: 'replayed', summary: { published: 2 } },
        { input: { job: 'digest', zone: 'Asia/Makassar' }, messages: 1, outcome: 'failed', error: expect.stringContaining('table throttled') },
      ],
      unreadable: [{ messageId: 'x1', reason: expect.stringContaining('job') }],
    });
    expect(leftBehind(report)).toBe(true);
  });

  it('in a dry run only looks (visibility 0) and invokes, deletes and hides nothing', async () => {
    const report = await replayJobs(clients, resources, { dryRun: true });
    expect(lambda.commandCalls(InvokeCommand)).toEqual([]);
    expect(sqs.commandCalls(DeleteMessageCommand)).toEqual([]);
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand)).toEqual([]);
    expect(sqs.commandCalls(ReceiveMessageCommand).every((call) => call.args[0].input.VisibilityTimeout === 0)).toBe(true);
    expect(report.runs.map((run) => [run.input, run.messages, run.outcome])).toEqual([
      [{ job: 'reminders' }, 2, 'would-replay'],
      [{ job: 'digest', zone: 'Asia/Makassar' }, 1, 'would-replay'],
    ]);
  });

  it('takes at most --limit dead letters', async () => {
    const report = await replayJobs(clients, resources, { dryRun: false, limit: 1 });
    expect(sqs.commandCalls(ReceiveMessageCommand)[0]!.args[0].input.MaxNumberOfMessages).toBe(1);
    expect(report.runs.reduce((sum, run) => sum + run.messages, 0) + report.unreadable.length).toBeLessThanOrEqual(2);
  });
});

describe('all sources of a stage', () => {
  it('looks the stack up once and goes through the sources in the order given', async () => {
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [{ StackName: 'Pantau-dev', CreationTime: new Date(), StackStatus: 'UPDATE_COMPLETE', Outputs: (Object.entries(REPLAY_OUTPUTS) as [ReplayOutput, string][]).map(([what, key]) => ({ OutputKey: key, OutputValue: resources[what] })) }],
    });
    s3.on(ListObjectsV2Command).resolves({ Contents: [] });
    sqs.on(ReceiveMessageCommand).resolves({ Messages: [] });
    sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { ApproximateNumberOfMessages: '0' } });
    sqs.on(ListMessageMoveTasksCommand).resolves({ Results: [] });
    const reports = await replayCloud(clients, 'dev', ['stream', 'email-dlq', 'sms-dlq', 'jobs-dlq'], { dryRun: false });
    expect(cfn.commandCalls(DescribeStacksCommand)).toHaveLength(1);
    expect(reports.map((r) => r.source)).toEqual(['stream', 'email-dlq', 'sms-dlq', 'jobs-dlq']);
    expect(reports.some(leftBehind)).toBe(false);
    expect(lambda.calls()).toEqual([]);
  });
});
