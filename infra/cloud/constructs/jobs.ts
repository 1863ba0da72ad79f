import { TimeZone as SchedulerTimeZone, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Schedule, ScheduleExpression, ScheduleGroup, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { TimeZone } from '../../../shared/domain/actors';
import { cronExpression, jobSchedules } from '../../job-schedules';
import { acknowledge, acknowledgeIndexAccess, arnFinding } from '../nag';
import type { StageConfig } from '../stage-config';
import { BundledFunction } from './bundled-function';
import { alarmAbove, type Monitoring } from './monitoring';

// ---- the job function ------------------------------------------------------------------------
const RUN_TIMEOUT = Duration.minutes(5);
/*
 * How many runs may go at once. With the default times no more than two schedules fire in the same
 * minute (reminders with the WIB digest at 07:30, reminders with windows at 08:00); the third slot
 * is for a retry or a run by hand. More would only put more parallel readers on the byDueDay
 * index for the same items. A run beyond the cap is throttled, and Lambda keeps retrying a
 * throttled asynchronous event until MAX_EVENT_AGE, so it waits rather than being lost.
 */
const RESERVED_CONCURRENCY = 3;

// ---- retries ---------------------------------------------------------------------------------
// EventBridge Scheduler invokes Lambda asynchronously: its retry policy covers the Invoke call
// (throttled or failing API); a run that fails inside the function is retried by Lambda's own
// asynchronous retries. Both end in the same dead-letter queue. Every job is idempotent per run
// and per item, so a retry reminds nobody twice.
const SCHEDULER_RETRIES = 3;
const LAMBDA_RETRIES = 2;
// A run an hour late is no longer the run it was meant to be: reminders run again within 30
// minutes anyway, and a digest read at noon is not a morning digest.
const MAX_EVENT_AGE = Duration.hours(1);
// SQS's maximum: a failed run over a long weekend still waits when someone looks on Tuesday.
const DEAD_LETTER_RETENTION = Duration.days(14);

// ---- when each job runs ----------------------------------------------------------------------
/*
 * All schedules are written in local time with an IANA zone. Indonesia keeps no daylight saving
 * time (WIB UTC+7, WITA UTC+8, WIT UTC+9), so a local cron never shifts through the year.
 */
const SCHEDULER_ZONE: Record<TimeZone, SchedulerTimeZone> = {
  'Asia/Jakarta': SchedulerTimeZone.ASIA_JAKARTA,
  'Asia/Makassar': SchedulerTimeZone.ASIA_MAKASSAR,
  'Asia/Jayapura': SchedulerTimeZone.ASIA_JAYAPURA,
};

export interface JobsProps {
  config: StageConfig;
  table: ITableV2;
  /** The domain-event topic; reminders go through the notification pipeline like status changes. */
  topic: ITopic;
  monitoring: Monitoring;
}

/**
 * The scheduled jobs (DESIGN: Scheduled jobs): one Lambda runs every job, named in its input;
 * EventBridge Scheduler starts it on local-time schedules in a group of the stage's own; runs
 * that keep failing wait in a dead-letter queue, which alarms.
 */
export class Jobs extends Construct {
  readonly fn: IFunction;
  readonly scheduleGroup: ScheduleGroup;
  /** By schedule name: reminders, digest-wib, digest-wita, digest-wit, windows, retirement. */
  readonly schedules: Record<string, Schedule>;
  /** The role EventBridge Scheduler assumes to start a run; it may invoke the job function and nothing else. */
  readonly schedulerRole: Role;
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, { config, table, topic, monitoring }: JobsProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: DEAD_LETTER_RETENTION,
    });
    acknowledge(this.deadLetters, 'AwsSolutions-SQS3', 'this is the dead-letter queue (of the scheduler targets and the job function\'s async invocations), alarmed on depth');

    const fn = new BundledFunction(this, 'Runner', {
      config,
      name: 'jobs',
      memorySize: 1024,
      timeout: RUN_TIMEOUT,
      reservedConcurrentExecutions: RESERVED_CONCURRENCY,
      // JOBS_EPOCH: where a run with no mark starts reading its day buckets (stage-config.ts, jobs.timersEpoch).
      environment: { TABLE_NAME: table.tableName, TOPIC_ARN: topic.topicArn, JOBS_EPOCH: config.jobs.timersEpoch },
    }).fn;
    // Queries the byDueDay index and the queues, and marks the timer items it handled, so a second run reminds nobody twice.
    table.grantReadWriteData(fn);
    acknowledgeIndexAccess(fn, table);
    topic.grantPublish(fn);
    fn.configureAsyncInvoke({ retryAttempts: LAMBDA_RETRIES, maxEventAge: MAX_EVENT_AGE, onFailure: new SqsDestination(this.deadLetters) });
    this.fn = fn;

    this.scheduleGroup = new ScheduleGroup(this, 'Group', {
      scheduleGroupName: `pantau-${config.stage}-jobs`,
      // The group holds only the schedules below, no data; kept after a stack delete, its fixed
      // name would make the next deploy of the stage fail.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // One role for every schedule, assumable by the scheduler only for this account's group
    // (the confused-deputy guard); LambdaInvoke adds lambda:InvokeFunction on this function, and
    // sqs:SendMessage on the dead-letter queue.
    this.schedulerRole = new Role(this, 'SchedulerRole', {
      description: `Pantau ${config.stage}: EventBridge Scheduler starts the scheduled jobs`,
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account, 'aws:SourceArn': this.scheduleGroup.scheduleGroupArn } },
      }),
    });
    acknowledge(this.schedulerRole, 'AwsSolutions-IAM5', 'LambdaInvoke grants the job function and its versions (:*); one function, and only this schedule group may assume the role', arnFinding(fn, ':*'));

    this.schedules = {};
    for (const schedule of Object.values(jobSchedules(config.jobs)).flat()) {
      const constructId = schedule.name.replace(/(?:^|-)(\w)/g, (_, letter: string) => letter.toUpperCase());
      const created = new Schedule(this, constructId, {
        scheduleName: schedule.name,
        scheduleGroup: this.scheduleGroup,
        description: schedule.description,
        schedule: ScheduleExpression.expression(cronExpression(schedule), SCHEDULER_ZONE[schedule.zone]),
        // Off in a stage that says so: the function stays, to be invoked by hand with a `now`.
        enabled: config.jobs.enabled,
        target: new LambdaInvoke(fn, {
          role: this.schedulerRole,
          input: ScheduleTargetInput.fromObject(schedule.input),
          retryAttempts: SCHEDULER_RETRIES,
          maxEventAge: MAX_EVENT_AGE,
          deadLetterQueue: this.deadLetters,
        }),
      });
      // The group is named, not referenced, so CloudFormation would not otherwise wait for it.
      created.node.addDependency(this.scheduleGroup);
      this.schedules[schedule.name] = created;
    }

    // ---- alarms ---------------------------------------------------------------------------------
    const alarm = (alarmId: string, description: string, metric: IMetric) => alarmAbove(this, alarmId, description, metric);
    const fiveMinutes = { period: Duration.minutes(5) };

    monitoring.notify(
      alarm(
        'DeadLettersAlarm',
        'Scheduled job runs gave up after their retries and wait in the dead-letter queue: reminders or digests were not sent',
        this.deadLetters.metricApproximateNumberOfMessagesVisible({ ...fiveMinutes, statistic: 'Maximum' }),
      ),
      alarm('ErrorsAlarm', 'A scheduled job run failed (it is retried; the dead-letter alarm says when it gave up)', fn.metricErrors({ ...fiveMinutes, statistic: 'Sum' })),
      alarm(
        'ThrottlesAlarm',
        `Scheduled job runs were throttled: more than ${RESERVED_CONCURRENCY} wanted to run at once`,
        fn.metricThrottles({ ...fiveMinutes, statistic: 'Sum' }),
      ),
      // The queue itself refused them: those runs are lost, and nothing above would show it.
      alarm(
        'SchedulerDeadLetterFailuresAlarm',
        'EventBridge Scheduler could neither start job runs nor put them in the dead-letter queue: they are lost',
        this.scheduleGroup.metricFailedToBeSentToDLQ(undefined, { ...fiveMinutes, statistic: 'Sum' }),
      ),
      alarm(
        'DestinationFailuresAlarm',
        'Failed job runs could not be put in the dead-letter queue: they are lost',
        fn.metric('DestinationDeliveryFailures', { ...fiveMinutes, statistic: 'Sum' }),
      ),
    );
  }
}
