import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_FILTER_POLICIES, STREAM_FILTER_PATTERNS } from '../../shared/adapters/notifications/routing';
import { CHANNELS, type Channel } from '../../shared/domain/notifications/types';
import { logicalId, resourcesOf, STAGES, synthStages, type CfnResource, type Stage, type SynthesizedStage } from './stacks';

const MAPPING = 'AWS::Lambda::EventSourceMapping';
const ALARM = 'AWS::CloudWatch::Alarm';

type Ref = { Ref: string };
type GetAtt = { 'Fn::GetAtt': [string, string] };
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

/** arn:<partition>:ses:<region>:<account>:<kind>/<name of the referenced resource>, as the template writes it. */
const sesArn = (kind: string, ref: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ses:ap-southeast-3:', { Ref: 'AWS::AccountId' }, `:${kind}/`, { Ref: ref }]],
});

let stages: Record<Stage, SynthesizedStage>;
let dispose: (() => void) | undefined;

beforeAll(() => {
  ({ stages, dispose } = synthStages());
});
afterAll(() => dispose?.());

describe.each(STAGES)('notifications in %s', (stage) => {
  const s = () => stages[stage];
  const n = () => s().stack.notifications;
  const template = () => s().template;
  const id = (construct: IConstruct) => logicalId(s().stack, construct);
  const resource = (construct: IConstruct): CfnResource => template().toJSON().Resources[id(construct)] as CfnResource;
  const mappingsOf = (fn: IFunction) => Object.values(resourcesOf(template(), MAPPING)).filter((m) => (m.Properties.FunctionName as Ref).Ref === id(fn));
  const streamMapping = () => {
    const [mapping, ...others] = mappingsOf(n().onChange);
    expect(others).toEqual([]);
    return mapping!.Properties;
  };
  const statementsOf = (fn: IFunction): Statement[] => {
    const role = (resource(fn).Properties.Role as GetAtt)['Fn::GetAtt'][0];
    return Object.values(resourcesOf(template(), 'AWS::IAM::Policy'))
      .filter((policy) => (policy.Properties.Roles as Ref[]).some((r) => r.Ref === role))
      .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
  };
  const actions = (statement: Statement) => [statement.Action].flat();
  const allowed = (fn: IFunction, action: string) => statementsOf(fn).filter((st) => st.Effect === 'Allow' && actions(st).includes(action));
  const alarms = () => Object.values(resourcesOf(template(), ALARM)).map((a) => a.Properties);
  const alarmOn = (metricName: string) => alarms().filter((a) => a.MetricName === metricName);

  describe('the table stream', () => {
    it('wakes the stream handler only for the history events the shared routing names', () => {
      const filters = (streamMapping().FilterCriteria as { Filters: { Pattern: string }[] }).Filters;
      expect(filters.map((f) => JSON.parse(f.Pattern) as unknown)).toEqual(STREAM_FILTER_PATTERNS);
    });

    it('reads the table stream from the oldest record it holds, in batches of up to a hundred', () => {
      const dataTable = s().stack.data.table;
      expect(streamMapping()).toMatchObject({
        EventSourceArn: { 'Fn::GetAtt': [id(dataTable), 'StreamArn'] },
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: 100,
      });
    });

    it('one poison record cannot stall the shard: bisect, bounded retries, a maximum age, partial failures', () => {
      const mapping = streamMapping();
      expect(mapping).toMatchObject({ BisectBatchOnFunctionError: true, FunctionResponseTypes: ['ReportBatchItemFailures'] });
      // Unbounded is -1, Lambda's default: a bad record would block its shard for a day.
      expect(mapping.MaximumRetryAttempts).toBeGreaterThanOrEqual(1);
      expect(mapping.MaximumRetryAttempts).toBeLessThanOrEqual(10);
      expect(mapping.MaximumRecordAgeInSeconds).toBeGreaterThan(0);
      expect(mapping.MaximumRecordAgeInSeconds).toBeLessThan(24 * 3600);
    });

    it('the records of one proposal are handled in order, one batch per shard at a time', () => {
      expect(streamMapping().ParallelizationFactor).toBe(1);
    });

    it('records given up on are kept whole in an S3 bucket, not as a pointer that expires with the stream', () => {
      expect(streamMapping().DestinationConfig).toEqual({ OnFailure: { Destination: { 'Fn::GetAtt': [id(n().failedRecords), 'Arn'] } } });
      // Each record set aside is announced on the stream's dead-letter queue.
      const notifications = Object.values(resourcesOf(template(), 'Custom::S3BucketNotifications'));
      expect(JSON.stringify(notifications.map((r) => r.Properties.NotificationConfiguration))).toContain(id(n().failedRecordsQueue));
      expect(allowed(n().onChange, 's3:PutObject').length).toBeGreaterThan(0);
    });

    it('the failed-records bucket is private, encrypted, reachable over TLS only, and expires its objects', () => {
      const bucket = resource(n().failedRecords).Properties;
      expect(bucket.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
      expect(bucket.BucketEncryption).toMatchObject({ ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] });
      expect(bucket.LifecycleConfiguration).toEqual({ Rules: [{ ExpirationInDays: s().config.logRetentionDays, Status: 'Enabled' }] });
      const policy = Object.values(resourcesOf(template(), 'AWS::S3::BucketPolicy')).find((p) => (p.Properties.Bucket as Ref).Ref === id(n().failedRecords));
      expect((policy?.Properties.PolicyDocument as { Statement: unknown[] }).Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    });

    it('the stream handler may only put records in the bucket: no reading, listing elsewhere or deleting', () => {
      const bucketArn = { 'Fn::GetAtt': [id(n().failedRecords), 'Arn'] };
      const onBucket = statementsOf(n().onChange).filter((st) => JSON.stringify(st.Resource).includes(id(n().failedRecords)));
      expect(onBucket.map((st) => ({ actions: actions(st), resource: st.Resource }))).toEqual([
        { actions: ['s3:PutObject'], resource: { 'Fn::Join': ['', [bucketArn, '/*']] } },
        { actions: ['s3:ListBucket'], resource: bucketArn },
      ]);
    });

    it('who reads the failed records is logged: server access logs, delivered by bucket policy to a private bucket, kept as long', () => {
      const logs = n().failedRecordsAccessLogs;
      expect(resource(n().failedRecords).Properties.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: id(logs) } });
      const bucket = resource(logs).Properties;
      expect(bucket.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
      expect(bucket.LifecycleConfiguration).toEqual({ Rules: [{ ExpirationInDays: s().config.logRetentionDays, Status: 'Enabled' }] });
      // No ACL: S3 log delivery is allowed by the bucket policy, for this source bucket only.
      expect(bucket.AccessControl).toBeUndefined();
      const policy = Object.values(resourcesOf(template(), 'AWS::S3::BucketPolicy')).find((p) => (p.Properties.Bucket as Ref).Ref === id(logs));
      expect((policy?.Properties.PolicyDocument as { Statement: unknown[] }).Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Allow',
          Principal: { Service: 'logging.s3.amazonaws.com' },
          Action: 's3:PutObject',
          Condition: expect.objectContaining({ ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [id(n().failedRecords), 'Arn'] } } }),
        }),
      );
    });

    it('the stream handler publishes to the domain event topic it is told about', () => {
      expect(resource(n().onChange).Properties.Environment).toMatchObject({ Variables: { TOPIC_ARN: { Ref: id(n().topic) } } });
      expect(allowed(n().onChange, 'sns:Publish').map((st) => st.Resource)).toEqual([{ Ref: id(n().topic) }]);
    });
  });

  describe('the domain event topic and the channel queues', () => {
    it('the topic is encrypted with the AWS-managed SNS key', () => {
      expect(JSON.stringify(resource(n().topic).Properties.KmsMasterKeyId)).toContain('alias/aws/sns');
    });

    it.each(CHANNELS)('the %s queue subscribes raw, with the filter policy the shared routing defines', (channel) => {
      const subscriptions = Object.values(resourcesOf(template(), 'AWS::SNS::Subscription')).filter(
        (sub) => JSON.stringify(sub.Properties.Endpoint) === JSON.stringify({ 'Fn::GetAtt': [id(n().queues[channel].queue), 'Arn'] }),
      );
      expect(subscriptions.map((sub) => sub.Properties)).toEqual([
        {
          Protocol: 'sqs',
          TopicArn: { Ref: id(n().topic) },
          Endpoint: { 'Fn::GetAtt': [id(n().queues[channel].queue), 'Arn'] },
          RawMessageDelivery: true,
          FilterPolicy: QUEUE_FILTER_POLICIES[channel],
        },
      ]);
    });

    it.each(CHANNELS)('the %s queue is encrypted and hands poison messages to a dead-letter queue of its own', (channel) => {
      const { queue, deadLetters } = n().queues[channel];
      const props = resource(queue).Properties;
      expect(props.SqsManagedSseEnabled).toBe(true);
      expect(resource(deadLetters).Properties.SqsManagedSseEnabled).toBe(true);
      const redrive = props.RedrivePolicy as { deadLetterTargetArn: GetAtt; maxReceiveCount: number };
      expect(redrive.deadLetterTargetArn).toEqual({ 'Fn::GetAtt': [id(deadLetters), 'Arn'] });
      // Quiet-hours deferral and throttling backoff count receives: one is far too few.
      expect(redrive.maxReceiveCount).toBeGreaterThanOrEqual(5);
      const other = CHANNELS.find((c) => c !== channel)!;
      expect(id(deadLetters)).not.toBe(id(n().queues[other].deadLetters));
    });

    it.each(CHANNELS)('a %s message stays hidden at least six times as long as its sender may run', (channel) => {
      const timeout = resource(n().senders[channel]).Properties.Timeout as number;
      expect(resource(n().queues[channel].queue).Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * timeout);
    });
  });

  describe('the senders', () => {
    const senderMapping = (channel: Channel) => {
      const [mapping, ...others] = mappingsOf(n().senders[channel]);
      expect(others).toEqual([]);
      return mapping!.Properties;
    };

    it.each(CHANNELS)('the %s sender drains its own queue, reports partial failures, and runs no more at once than the stage allows', (channel) => {
      expect(senderMapping(channel)).toMatchObject({
        EventSourceArn: { 'Fn::GetAtt': [id(n().queues[channel].queue), 'Arn'] },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: s().config.senderConcurrency[channel] },
      });
      expect(senderMapping(channel).BatchSize).toBeLessThanOrEqual(10);
    });

    it.each(CHANNELS)('the %s sender may hide the messages of its own queue, and of no other', (channel) => {
      const resources = allowed(n().senders[channel], 'sqs:ChangeMessageVisibility').map((st) => st.Resource);
      expect(resources).toEqual([{ 'Fn::GetAtt': [id(n().queues[channel].queue), 'Arn'] }]);
    });

    it.each(CHANNELS)('the %s sender records deliveries in the table', (channel) => {
      const table = { 'Fn::GetAtt': [id(s().stack.data.table), 'Arn'] };
      for (const action of ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query']) {
        expect(allowed(n().senders[channel], action).flatMap((st) => [st.Resource].flat()), action).toContainEqual(table);
      }
    });

    const links = () => ({
      PUBLIC_BASE_URL: s().config.publicBaseUrl,
      WEB_BASE_URL: s().config.webBaseUrl,
      TRACKING_KEYS_SECRET: { Ref: id(s().stack.trackingKeys.secret) },
    });

    it('the email sender knows its queue, its From, its configuration set, the link bases and the tracking-link keys', () => {
      expect(resource(n().senders.email).Properties.Environment).toMatchObject({
        Variables: {
          TABLE_NAME: { Ref: id(s().stack.data.table) },
          QUEUE_URL: { Ref: id(n().queues.email.queue) },
          EMAIL_FROM: s().config.emailFrom,
          SES_CONFIGURATION_SET: { Ref: id(n().configurationSet) },
          ...links(),
        },
      });
    });

    it('the SMS sender knows its queue, its sender ID, the link bases and the tracking-link keys', () => {
      expect(resource(n().senders.sms).Properties.Environment).toMatchObject({
        Variables: {
          TABLE_NAME: { Ref: id(s().stack.data.table) },
          QUEUE_URL: { Ref: id(n().queues.sms.queue) },
          SMS_SENDER_ID: s().config.smsSenderId,
          ...links(),
        },
      });
    });

    it.each(CHANNELS)('the %s sender may read the tracking-link key ring the API reads, and no other secret', (channel) => {
      const secret = { Ref: id(s().stack.trackingKeys.secret) };
      const reads = allowed(n().senders[channel], 'secretsmanager:GetSecretValue');
      expect(reads.map((st) => st.Resource)).toEqual([secret]);
      expect(allowed(s().stack.apiFunction.fn, 'secretsmanager:GetSecretValue').map((st) => st.Resource)).toEqual([secret]);
      // Reading only: a sender never rotates or rewrites the ring.
      for (const action of ['secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecret']) expect(allowed(n().senders[channel], action), action).toEqual([]);
    });

    it('the stream handler signs nothing: it gets neither the keys nor the link bases', () => {
      expect(allowed(n().onChange, 'secretsmanager:GetSecretValue')).toEqual([]);
      expect(Object.keys((resource(n().onChange).Properties.Environment as { Variables: Record<string, unknown> }).Variables)).not.toContain('TRACKING_KEYS_SECRET');
    });

    it('the email sender may send only as the stage identity, through its configuration set', () => {
      const [statement, ...others] = allowed(n().senders.email, 'ses:SendEmail');
      expect(others).toEqual([]);
      expect(actions(statement!).sort()).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
      expect(statement!.Resource).toEqual([sesArn('identity', id(n().emailIdentity)), sesArn('configuration-set', id(n().configurationSet))]);
    });

    it('only the SMS sender may publish to phone numbers, and it may not send email', () => {
      expect(allowed(n().senders.sms, 'sns:Publish').map((st) => st.Resource)).toEqual(['*']);
      expect(allowed(n().senders.email, 'sns:Publish')).toEqual([]);
      expect(allowed(n().senders.sms, 'ses:SendEmail')).toEqual([]);
    });
  });

  describe('SES and SMS settings', () => {
    it('mail goes out from the stage domain identity, which uses the configuration set', () => {
      expect(resource(n().emailIdentity).Properties).toMatchObject({
        EmailIdentity: s().config.emailDomain,
        ConfigurationSetAttributes: { ConfigurationSetName: { Ref: id(n().configurationSet) } },
      });
      expect(s().config.emailFrom).toContain(`@${s().config.emailDomain}>`);
    });

    it('the configuration set suppresses bounced and complaining addresses and tracks reputation', () => {
      expect(resource(n().configurationSet).Properties).toMatchObject({
        SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
        ReputationOptions: { ReputationMetricsEnabled: true },
      });
    });

    it('bounces and complaints reach the feedback topic, and the feedback handler reads it', () => {
      const destinations = Object.values(resourcesOf(template(), 'AWS::SES::ConfigurationSetEventDestination')).map((d) => d.Properties);
      expect(destinations).toHaveLength(1);
      const destination = destinations[0]!;
      expect(destination.ConfigurationSetName).toEqual({ Ref: id(n().configurationSet) });
      const event = destination.EventDestination as { Enabled: boolean; MatchingEventTypes: string[]; SnsDestination: { TopicARN: Ref } };
      expect(event.Enabled).toBe(true);
      expect(event.MatchingEventTypes).toEqual(expect.arrayContaining(['bounce', 'complaint']));
      expect(event.SnsDestination.TopicARN).toEqual({ Ref: id(n().feedbackTopic) });
      template().hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'lambda',
        TopicArn: { Ref: id(n().feedbackTopic) },
        Endpoint: { 'Fn::GetAtt': [id(n().sesFeedback), 'Arn'] },
      });
    });

    it('SES may publish to the encrypted feedback topic only for this configuration set', () => {
      const policy = Object.values(resourcesOf(template(), 'AWS::SNS::TopicPolicy')).find((p) => (p.Properties.Topics as Ref[])[0]!.Ref === id(n().feedbackTopic));
      const statements = (policy!.Properties.PolicyDocument as { Statement: { Effect: string; Principal: unknown; Condition?: unknown }[] }).Statement;
      const ses = statements.find((st) => st.Effect === 'Allow' && JSON.stringify(st.Principal).includes('ses.amazonaws.com'));
      expect(ses?.Condition).toEqual({
        StringEquals: { 'AWS:SourceAccount': { Ref: 'AWS::AccountId' }, 'AWS:SourceArn': sesArn('configuration-set', id(n().configurationSet)) },
      });
      expect(resource(n().feedbackTopic).Properties.KmsMasterKeyId).toMatchObject({ 'Fn::GetAtt': [expect.any(String), 'Arn'] });
    });

    it('SMS are transactional, capped at the stage spend limit, and signed with the stage sender ID', () => {
      const [custom, ...others] = Object.values(resourcesOf(template(), 'Custom::AWS'));
      expect(others).toEqual([]);
      for (const phase of ['Create', 'Update']) {
        const call = JSON.parse(custom!.Properties[phase] as string) as { service: string; action: string; parameters: unknown };
        expect(call).toMatchObject({
          service: 'SNS',
          action: 'SetSMSAttributes',
          parameters: {
            attributes: {
              DefaultSMSType: 'Transactional',
              MonthlySpendLimit: String(s().config.smsMonthlySpendLimitUsd),
              DefaultSenderID: s().config.smsSenderId,
            },
          },
        });
      }
      expect(custom!.Properties.Delete).toBeUndefined();
    });

    it('setting the SMS attributes grants nothing but setting them', () => {
      const policies = Object.entries(resourcesOf(template(), 'AWS::IAM::Policy')).filter(([key]) => key.includes('SmsAttributes'));
      const statements = policies.flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
      expect(statements.map((st) => [actions(st), st.Resource])).toEqual([[['sns:SetSMSAttributes'], '*']]);
    });
  });

  describe('alarms', () => {
    const alarmTopic = () => ({ Ref: id(s().stack.monitoring.alarmTopic) });

    it('every dead-letter queue alarms as soon as it holds a message', () => {
      const watched = alarmOn('ApproximateNumberOfMessagesVisible').map((a) => (a.Dimensions as { Value: GetAtt }[])[0]!.Value['Fn::GetAtt'][0]);
      for (const channel of CHANNELS) expect(watched).toContain(id(n().queues[channel].deadLetters));
      // Every queue something gives up into is watched: redrive targets and Lambda's on-failure queue.
      const queues = Object.values(resourcesOf(template(), 'AWS::SQS::Queue'));
      const redriveTargets = queues.flatMap((q) => (q.Properties.RedrivePolicy ? [(q.Properties.RedrivePolicy as { deadLetterTargetArn: GetAtt }).deadLetterTargetArn['Fn::GetAtt'][0]] : []));
      const invokeTargets = Object.values(resourcesOf(template(), 'AWS::Lambda::EventInvokeConfig')).map(
        (c) => (c.Properties.DestinationConfig as { OnFailure: { Destination: GetAtt } }).OnFailure.Destination['Fn::GetAtt'][0],
      );
      expect(invokeTargets.length).toBeGreaterThan(0);
      for (const target of [...redriveTargets, ...invokeTargets]) expect(watched).toContain(target);
      for (const alarm of alarmOn('ApproximateNumberOfMessagesVisible')) {
        expect(alarm).toMatchObject({ Namespace: 'AWS/SQS', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', Statistic: 'Maximum' });
      }
    });

    it('the stream handler falling more than five minutes behind alarms', () => {
      const [alarm, ...others] = alarmOn('IteratorAge');
      expect(others).toEqual([]);
      expect(alarm).toMatchObject({ Namespace: 'AWS/Lambda', Dimensions: [{ Name: 'FunctionName', Value: { Ref: id(n().onChange) } }], Statistic: 'Maximum' });
      expect(alarm!.Threshold).toBeLessThanOrEqual(5 * 60 * 1000);
    });

    it('the stream handler failing, giving records up, or losing them alarms', () => {
      const onChange = { Ref: id(n().onChange) };
      expect(alarmOn('Errors')).toContainEqual(expect.objectContaining({ Dimensions: [{ Name: 'FunctionName', Value: onChange }], Threshold: 0 }));
      expect(alarmOn('DestinationDeliveryFailures')).toContainEqual(expect.objectContaining({ Dimensions: [{ Name: 'FunctionName', Value: onChange }], Threshold: 0 }));
      const mappingId = Object.entries(resourcesOf(template(), MAPPING)).find(([, m]) => (m.Properties.FunctionName as Ref).Ref === id(n().onChange))![0];
      expect(alarmOn('OnFailureDestinationDeliveredEventCount')).toContainEqual(
        expect.objectContaining({ Dimensions: [{ Name: 'EventSourceMappingUUID', Value: { Ref: mappingId } }], Threshold: 0 }),
      );
      // The count above exists only when the mapping emits its event-count metrics.
      expect(streamMapping().MetricsConfig).toEqual({ Metrics: ['EventCount'] });
    });

    it('every alarm tells the stage alarm topic when it fires and when it clears', () => {
      expect(alarms().length).toBeGreaterThanOrEqual(6);
      for (const alarm of alarms()) {
        expect(alarm.AlarmActions).toEqual([alarmTopic()]);
        expect(alarm.OKActions).toEqual([alarmTopic()]);
        // Idle streams and empty queues report nothing; that is not an outage.
        expect(alarm.TreatMissingData).toBe('notBreaching');
      }
    });
  });

  it('every notification Lambda is an ESM bundle of its handler, built like the API function', () => {
    for (const fn of [n().onChange, n().senders.email, n().senders.sms, n().sesFeedback]) {
      const props = resource(fn).Properties;
      expect(props).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: 'index.handler' });
      const assetDir = join(s().outdir, `asset.${(props.Code as { S3Key: string }).S3Key.replace(/\.zip$/, '')}`);
      const bundle = readFileSync(join(assetDir, 'index.mjs'), 'utf8');
      expect(bundle.split('\n')[0]).toMatch(/createRequire.*import\.meta\.url/);
      expect(bundle).toMatch(/export\s*\{[^}]*as handler/);
    }
  });
});

describe('keeping failed records', () => {
  const bucketOf = (stage: Stage) => {
    const { stack, template } = stages[stage];
    return template.toJSON().Resources[logicalId(stack, stack.notifications.failedRecords)] as CfnResource & { UpdateReplacePolicy?: string };
  };

  /** The buckets the stack empties before deleting them, of these two. */
  const autoDeleted = (stage: Stage) => {
    const { stack, template } = stages[stage];
    const buckets = [stack.notifications.failedRecords, stack.notifications.failedRecordsAccessLogs].map((bucket) => logicalId(stack, bucket));
    return Object.values(resourcesOf(template, 'Custom::S3AutoDeleteObjects'))
      .map((r) => (r.Properties.BucketName as Ref).Ref)
      .filter((bucket) => buckets.includes(bucket));
  };

  it.each(['staging', 'prod'] as const)('%s keeps the failed-records bucket when the stack is deleted', (stage) => {
    expect(bucketOf(stage)).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    stages[stage].template.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
  });

  it('dev empties and deletes the bucket and its access logs with the stack, so experiments leave nothing behind', () => {
    expect(bucketOf('dev')).toMatchObject({ DeletionPolicy: 'Delete' });
    expect(autoDeleted('dev')).toHaveLength(2);
  });
});

describe('who hears the alarms', () => {
  it('dev has no alarm mailbox; staging and prod mail the one their settings name', () => {
    const emails = (stage: Stage) =>
      Object.values(resourcesOf(stages[stage].template, 'AWS::SNS::Subscription'))
        .filter((sub) => sub.Properties.Protocol === 'email')
        .map((sub) => sub.Properties.Endpoint);
    expect(emails('dev')).toEqual([]);
    for (const stage of ['staging', 'prod'] as const) expect(emails(stage)).toEqual([stages[stage].config.alarmEmail]);
  });

  it('prod may send more email at once than dev, whose SES sandbox allows one message a second', () => {
    expect(stages.prod.config.senderConcurrency.email).toBeGreaterThan(stages.dev.config.senderConcurrency.email);
  });
});
