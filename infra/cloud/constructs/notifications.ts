import { Duration, Stack } from 'aws-cdk-lib';
import { Metric, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Alias, Key } from 'aws-cdk-lib/aws-kms';
import { FilterCriteria, MetricType, StartingPosition, type DlqDestinationConfig, type IEventSourceDlq, type IEventSourceMapping, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, EventType, type IBucket } from 'aws-cdk-lib/aws-s3';
import { SqsDestination as BucketToQueue } from 'aws-cdk-lib/aws-s3-notifications';
import { ConfigurationSet, EmailIdentity, EmailSendingEvent, EventDestination, Identity, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import { SubscriptionFilter, Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription, SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { QUEUE_FILTER_POLICIES, STREAM_FILTER_PATTERNS } from '../../../shared/adapters/notifications/routing';
import type { Channel } from '../../../shared/domain/notifications/types';
import { acknowledge, acknowledgeIndexAccess, arnFinding } from '../nag';
import type { StageConfig } from '../stage-config';
import { BundledFunction } from './bundled-function';
import { alarmAbove, type Monitoring } from './monitoring';
import type { TrackingKeys } from './tracking-keys';

// ---- the stream (DESIGN: "bounded retries, a maximum record age, bisect on error") -------------
const STREAM = {
  batchSize: 100,
  retryAttempts: 5,
  // Well inside the stream's 24 h retention, so a stuck record reaches the bucket before it expires.
  maxRecordAge: Duration.hours(6),
  handlerTimeout: Duration.seconds(30),
};
/** Older than this, the employee no longer hears "at once": someone should look. */
const ITERATOR_AGE_ALARM = Duration.minutes(5);

// ---- the channel queues ----------------------------------------------------------------------
const SENDER_TIMEOUT = Duration.seconds(30);
const SENDER_BATCH = { size: 10, window: Duration.seconds(2) };
// Lambda's advice for SQS event sources: visibility ≥ 6 × function timeout (+ batching window),
// so Lambda's own retries after throttling run before a message shows up again.
const QUEUE_VISIBILITY = Duration.seconds(6 * SENDER_TIMEOUT.toSeconds() + SENDER_BATCH.window.toSeconds());
// Every receive counts, including quiet-hours deferral (ChangeMessageVisibility, at most 12 h)
// and throttling backoff; eight leave room for a night's deferral and several backoffs.
const MAX_RECEIVES = 8;
// SQS's maximum: a promotion wave may wait days on the SMS queue (DESIGN: Notifications).
const QUEUE_RETENTION = Duration.days(14);

/*
 * Sender concurrency against provider quotas (stage setting `senderConcurrency`):
 * one sender invocation handles its batch one message at a time, and each send is a claim, the
 * provider call and a record: ≥ ~100 ms, so one invocation makes at most ~10 sends/s and a
 * channel at most maxConcurrency × 10 sends/s.
 * - Email: SES's maximum send rate is per account and region (sandbox: 1 message/s and 200 per
 *   24 h; production access starts at a rate AWS sets per account). prod's 5 → ≤ 50 sends/s needs
 *   a rate of 50/s granted; dev and staging stay at SQS's floor of 2 and rely on backoff.
 * - SMS: one GSM-7 segment per message is one message part; AWS documents 10 parts/s per long
 *   code, so 2 (SQS's floor for maxConcurrency) → ≤ 20 parts/s needs two long codes' throughput
 *   (or a sender ID or short code with more). Below that, SNS throttles and the sender puts the
 *   message back on the queue with backoff, which MAX_RECEIVES allows for.
 * This holds only while a sender runs its batch in sequence (Powertools: processInParallel false);
 * in parallel, one invocation may have a whole batch in flight.
 */

/**
 * Lambda's S3 on-failure destination with what Lambda needs and no more (Lambda: "for an S3
 * destination: s3:PutObject and s3:ListBucket"); CDK's S3OnFailureDestination grants read, list
 * and delete of the whole bucket too.
 */
class S3WriteOnlyFailureDestination implements IEventSourceDlq {
  constructor(private readonly bucket: IBucket) {}

  bind(_target: IEventSourceMapping, targetHandler: IFunction): DlqDestinationConfig {
    targetHandler.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [this.bucket.arnForObjects('*')] }));
    targetHandler.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }));
    return { destination: this.bucket.bucketArn };
  }
}

/** One channel's queue and the dead-letter queue its poison messages end in. */
interface ChannelQueue {
  queue: Queue;
  deadLetters: Queue;
}

export interface NotificationsProps {
  config: StageConfig;
  table: ITableV2;
  monitoring: Monitoring;
  /** The key ring the senders sign the employees' tracking links with, as the API checks them. */
  trackingKeys: TrackingKeys;
}

/**
 * Status changes to email and SMS (DESIGN: Notifications): the table's stream wakes the
 * on-change Lambda for new history events only; it publishes domain events to a topic whose
 * subscriptions route them to one queue per channel; the senders drain the queues within SES and
 * SMS quotas; SES bounces and complaints come back on their own topic. The stream filter and the
 * subscription filter policies come from shared/adapters/notifications/routing.ts, which the
 * local stack evaluates too.
 */
export class Notifications extends Construct {
  readonly topic: Topic;
  readonly queues: Record<Channel, ChannelQueue>;
  readonly failedRecords: Bucket;
  /** S3 server access logs of `failedRecords`. */
  readonly failedRecordsAccessLogs: Bucket;
  /** One message per failed batch set aside in `failedRecords`: the stream's dead-letter queue, alarmed. */
  readonly failedRecordsQueue: Queue;
  readonly onChange: IFunction;
  readonly senders: Record<Channel, IFunction>;
  readonly sesFeedback: IFunction;
  readonly configurationSet: ConfigurationSet;
  readonly emailIdentity: EmailIdentity;
  readonly feedbackTopic: Topic;

  constructor(scope: Construct, id: string, { config, table, monitoring, trackingKeys }: NotificationsProps) {
    super(scope, id);
    // Access logs are delivered under a bucket policy, not the legacy LogDeliveryWrite ACL: ACLs
    // stay disabled on every bucket (the flag new CDK apps set; read here, so tests synth the same).
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    const stack = Stack.of(this);

    // ---- domain events -----------------------------------------------------------------------
    this.topic = new Topic(this, 'Topic', {
      displayName: `Pantau ${config.stage} domain events`,
      // The AWS-managed key: only principals of this account, through SNS, can use it.
      masterKey: Alias.fromAliasName(this, 'SnsManagedKey', 'alias/aws/sns'),
      enforceSSL: true,
    });

    // ---- the stream → on-change → topic -------------------------------------------------------
    // An SQS or SNS on-failure destination keeps only a pointer to the batch, which expires with
    // the stream's 24 h; S3 keeps the whole invocation record (Lambda: DynamoDB on-failure destinations).
    // Who read which failed record (they hold personal data) is itself kept, as long as the records.
    this.failedRecordsAccessLogs = new Bucket(this, 'FailedStreamRecordsAccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      lifecycleRules: [{ expiration: Duration.days(config.logRetentionDays) }],
      removalPolicy: config.removalPolicy,
      autoDeleteObjects: !config.deletionProtection,
    });
    this.failedRecords = new Bucket(this, 'FailedStreamRecords', {
      serverAccessLogsBucket: this.failedRecordsAccessLogs,
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // Kept as long as the logs that explain them; they hold personal data, so not forever.
      lifecycleRules: [{ expiration: Duration.days(config.logRetentionDays) }],
      removalPolicy: config.removalPolicy,
      // A dev stack goes without leaving a bucket behind; elsewhere the records outlive the stack.
      autoDeleteObjects: !config.deletionProtection,
    });
    // The issue asks for a dead-letter queue, DESIGN for the whole record: S3 keeps the record,
    // and each object it receives is announced on this queue, whose depth is alarmed.
    this.failedRecordsQueue = new Queue(this, 'FailedStreamRecordsQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(this.failedRecordsQueue, 'AwsSolutions-SQS3', 'this is the stream\'s dead-letter queue (one message per failed batch kept in S3), alarmed on depth');
    this.failedRecords.addEventNotification(EventType.OBJECT_CREATED, new BucketToQueue(this.failedRecordsQueue));

    this.onChange = new BundledFunction(this, 'OnChange', {
      config,
      name: 'on-change',
      memorySize: 512,
      timeout: STREAM.handlerTimeout,
      environment: { TOPIC_ARN: this.topic.topicArn },
    }).fn;
    const streamSource = new DynamoEventSource(table, {
      // From the oldest record the stream still holds: a new or redeployed mapping misses nothing.
      startingPosition: StartingPosition.TRIM_HORIZON,
      batchSize: STREAM.batchSize,
      filters: STREAM_FILTER_PATTERNS.map((pattern) => FilterCriteria.filter(pattern)),
      bisectBatchOnError: true,
      retryAttempts: STREAM.retryAttempts,
      maxRecordAge: STREAM.maxRecordAge,
      reportBatchItemFailures: true,
      // One batch per shard at a time: the records of one proposal stay in order.
      parallelizationFactor: 1,
      onFailure: new S3WriteOnlyFailureDestination(this.failedRecords),
      // OnFailureDestinationDeliveredEventCount, for the alarm on records given up on.
      metricsConfig: { metrics: [MetricType.EVENT_COUNT] },
    });
    this.onChange.addEventSource(streamSource);
    acknowledge(this.onChange.role!, 'AwsSolutions-IAM5', 'Lambda names each failed batch\'s object itself: PutObject only, in the failed-records bucket only', arnFinding(this.failedRecords, '/*'));
    this.topic.grantPublish(this.onChange);

    // ---- topic → one queue per channel --------------------------------------------------------
    const channelQueue = (channel: Channel, name: string): ChannelQueue => {
      const deadLetters = new Queue(this, `${name}DeadLetters`, {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: QUEUE_RETENTION,
      });
      // SQS-managed SSE: SNS can deliver into it without a key policy of ours.
      const queue = new Queue(this, `${name}Queue`, {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: QUEUE_RETENTION,
        visibilityTimeout: QUEUE_VISIBILITY,
        deadLetterQueue: { queue: deadLetters, maxReceiveCount: MAX_RECEIVES },
      });
      this.topic.addSubscription(
        new SqsSubscription(queue, {
          // The sender reads the domain event itself, and the attributes as SQS message attributes.
          rawMessageDelivery: true,
          filterPolicy: Object.fromEntries(
            Object.entries(QUEUE_FILTER_POLICIES[channel]).map(([attribute, allowlist]) => [attribute, SubscriptionFilter.stringFilter({ allowlist })]),
          ),
        }),
      );
      return { queue, deadLetters };
    };
    this.queues = { email: channelQueue('email', 'Email'), sms: channelQueue('sms', 'Sms') };

    // ---- SES: identity, configuration set, feedback ------------------------------------------
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: `pantau-${config.stage}`,
      // Bounced and complaining addresses are not sent to again, whatever our own records say.
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      reputationMetrics: true,
    });
    // Easy DKIM: the three CNAME records it asks for must be published in the domain's DNS.
    this.emailIdentity = new EmailIdentity(this, 'EmailIdentity', {
      identity: Identity.domain(config.emailDomain),
      configurationSet: this.configurationSet,
    });

    // Feedback names email addresses, so the topic is encrypted; SES cannot use the AWS-managed
    // SNS key, hence a key of our own that lets SES encrypt for this one topic. The topic is named,
    // so the key policy can name its ARN without depending on it.
    const feedbackTopicName = `pantau-${config.stage}-ses-feedback`;
    const feedbackKey = new Key(this, 'FeedbackKey', {
      description: `Pantau ${config.stage}: SES bounce and complaint notifications`,
      enableKeyRotation: true,
      removalPolicy: config.removalPolicy,
    });
    feedbackKey.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'kms:EncryptionContext:aws:sns:topicArn': stack.formatArn({ service: 'sns', resource: feedbackTopicName }) },
        },
      }),
    );
    this.feedbackTopic = new Topic(this, 'SesFeedbackTopic', {
      topicName: feedbackTopicName,
      displayName: `Pantau ${config.stage} SES feedback`,
      masterKey: feedbackKey,
      enforceSSL: true,
    });
    // Adds the topic policy that lets this configuration set, and only it, publish.
    this.configurationSet.addEventDestination('Feedback', {
      destination: EventDestination.snsTopic(this.feedbackTopic),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });

    const sesFeedback = new BundledFunction(this, 'SesFeedback', {
      config,
      name: 'ses-feedback',
      memorySize: 256,
      timeout: Duration.seconds(30),
      environment: { TABLE_NAME: table.tableName },
    }).fn;
    table.grantReadWriteData(sesFeedback);
    acknowledgeIndexAccess(sesFeedback, table);
    // SNS invokes asynchronously: after Lambda's two retries a lost bounce would mean mailing a
    // dead address again, so what still fails waits in a queue (alarmed below).
    const feedbackDeadLetters = new Queue(this, 'SesFeedbackDeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: QUEUE_RETENTION,
    });
    acknowledge(feedbackDeadLetters, 'AwsSolutions-SQS3', 'this is the dead-letter queue of the SES feedback function\'s async invocations, alarmed on depth');
    sesFeedback.configureAsyncInvoke({ retryAttempts: 2, onFailure: new SqsDestination(feedbackDeadLetters) });
    this.feedbackTopic.addSubscription(new LambdaSubscription(sesFeedback));
    this.sesFeedback = sesFeedback;

    // ---- senders --------------------------------------------------------------------------------
    const sender = (channel: Channel, constructId: string, name: string, environment: Record<string, string>): IFunction => {
      const { queue } = this.queues[channel];
      const fn = new BundledFunction(this, constructId, {
        config,
        name,
        memorySize: 512,
        timeout: SENDER_TIMEOUT,
        environment: {
          TABLE_NAME: table.tableName,
          QUEUE_URL: queue.queueUrl,
          PUBLIC_BASE_URL: config.publicBaseUrl,
          WEB_BASE_URL: config.webBaseUrl,
          TRACKING_KEYS_SECRET: trackingKeys.secret.secretArn,
          ...environment,
        },
      }).fn;
      trackingKeys.grantRead(fn);
      // Also grants the queue's consume actions, sqs:ChangeMessageVisibility among them: deferral
      // and backoff hide the message on its own queue, and only there.
      fn.addEventSource(
        new SqsEventSource(queue, {
          batchSize: SENDER_BATCH.size,
          maxBatchingWindow: SENDER_BATCH.window,
          reportBatchItemFailures: true,
          maxConcurrency: config.senderConcurrency[channel],
        }),
      );
      // Delivery records and their claims live beside the proposal.
      table.grantReadWriteData(fn);
      acknowledgeIndexAccess(fn, table);
      return fn;
    };

    const sendEmail = sender('email', 'SendEmail', 'send-email', {
      EMAIL_FROM: config.emailFrom,
      SES_CONFIGURATION_SET: this.configurationSet.configurationSetName,
    });
    // SES authorises a send on the identity and on the configuration set named in the call.
    sendEmail.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: [
          this.emailIdentity.emailIdentityArn,
          stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: this.configurationSet.configurationSetName }),
        ],
      }),
    );

    const sendSms = sender('sms', 'SendSms', 'send-sms', { SMS_SENDER_ID: config.smsSenderId });
    sendSms.addToRolePolicy(
      // Publishing to a phone number has no resource ARN: SNS requires "*" for direct SMS.
      new PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }),
    );
    acknowledge(sendSms.role!, 'AwsSolutions-IAM5', 'SNS has no resource for a phone number: sending an SMS directly needs sns:Publish on "*"', 'Resource::*');
    this.senders = { email: sendEmail, sms: sendSms };

    // ---- SNS SMS account settings ---------------------------------------------------------------
    // Account-wide in the region: stages sharing an account share these (the last deploy wins).
    const smsAttributes = {
      service: 'SNS',
      action: 'SetSMSAttributes',
      parameters: {
        attributes: {
          // Transactional: highest delivery priority, and delivered to numbers on do-not-disturb lists.
          DefaultSMSType: 'Transactional',
          MonthlySpendLimit: String(config.smsMonthlySpendLimitUsd),
          DefaultSenderID: config.smsSenderId,
        },
      },
      physicalResourceId: PhysicalResourceId.of(`pantau-${config.stage}-sms-attributes`),
    };
    const smsSettings = new AwsCustomResource(this, 'SmsAttributes', {
      onCreate: smsAttributes,
      onUpdate: smsAttributes,
      // Left as they are on delete: resetting them could stop another stack's SMS.
      // SetSMSAttributes has no resource-level permissions, so "*" is the narrowest resource.
      policy: AwsCustomResourcePolicy.fromStatements([new PolicyStatement({ actions: ['sns:SetSMSAttributes'], resources: ['*'] })]),
      installLatestAwsSdk: false,
      logGroup: new LogGroup(this, 'SmsAttributesLogs', { retention: config.logRetention, removalPolicy: config.removalPolicy }),
    });
    acknowledge(smsSettings, 'AwsSolutions-IAM5', 'sns:SetSMSAttributes has no resource-level permissions; "*" is the narrowest resource', 'Resource::*');

    // ---- alarms ---------------------------------------------------------------------------------
    const alarm = (alarmId: string, description: string, metric: IMetric, threshold = 0) => alarmAbove(this, alarmId, description, metric, threshold);
    const fiveMinutes = { period: Duration.minutes(5) };
    const deadLetterDepth = (queue: Queue) => queue.metricApproximateNumberOfMessagesVisible({ ...fiveMinutes, statistic: 'Maximum' });

    monitoring.notify(
      alarm('EmailDeadLettersAlarm', 'Emails gave up after repeated failures and wait in the dead-letter queue', deadLetterDepth(this.queues.email.deadLetters)),
      alarm('SmsDeadLettersAlarm', 'SMS gave up after repeated failures and wait in the dead-letter queue', deadLetterDepth(this.queues.sms.deadLetters)),
      alarm('StreamDeadLettersAlarm', 'Stream records were given up on and set aside in the failed-records bucket', deadLetterDepth(this.failedRecordsQueue)),
      alarm('SesFeedbackDeadLettersAlarm', 'SES bounces or complaints could not be recorded', deadLetterDepth(feedbackDeadLetters)),
      alarm(
        'StreamIteratorAgeAlarm',
        `Status changes wait more than ${ITERATOR_AGE_ALARM.toMinutes()} minutes on the table stream`,
        this.onChange.metric('IteratorAge', { ...fiveMinutes, statistic: 'Maximum' }),
        ITERATOR_AGE_ALARM.toMilliseconds(),
      ),
      // Counts whole failed invocations (crash, timeout, every record failed); single failed
      // records come back as partial batch responses and are not errors.
      alarm('OnChangeErrorsAlarm', 'The stream handler failed whole batches', this.onChange.metricErrors({ ...fiveMinutes, statistic: 'Sum' })),
      // Records that exhausted their retries and now sit in the failure bucket: nobody was notified.
      alarm(
        'StreamRecordsGivenUpAlarm',
        'Status changes were given up on and kept in the failed-records bucket',
        new Metric({
          namespace: 'AWS/Lambda',
          metricName: 'OnFailureDestinationDeliveredEventCount',
          dimensionsMap: { EventSourceMappingUUID: streamSource.eventSourceMappingId },
          ...fiveMinutes,
          statistic: 'Sum',
        }),
      ),
      // The bucket itself refused them (permissions, deleted bucket): those records are lost, and
      // neither Errors nor the count above would show it.
      alarm(
        'StreamRecordsLostAlarm',
        'Failed stream records could not be written to the failed-records bucket and are lost',
        this.onChange.metric('DestinationDeliveryFailures', { ...fiveMinutes, statistic: 'Sum' }),
      ),
    );
  }
}
