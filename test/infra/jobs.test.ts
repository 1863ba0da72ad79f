import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_NAMES } from '../../functions/jobs/app';
import type { LocalTime } from '../../infra/cloud/stage-config';
import { JOB_SCHEDULES, cronExpression } from '../../infra/job-schedules';
import { TIME_ZONES } from '../../shared/domain/actors';
import { cdkJsonStages, logicalId, resourcesOf, STAGES, synthStage, synthStages, type CfnResource, type Stage, type SynthesizedStage } from './stacks';

const SCHEDULE = 'AWS::Scheduler::Schedule';
const ALARM = 'AWS::CloudWatch::Alarm';

type Ref = { Ref: string };
type GetAtt = { 'Fn::GetAtt': [string, string] };
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Principal?: unknown;
  Condition?: unknown;
}
interface Target {
  Arn: GetAtt;
  RoleArn: GetAtt;
  Input: string;
  RetryPolicy: { MaximumRetryAttempts: number; MaximumEventAgeInSeconds: number };
  DeadLetterConfig?: { Arn: GetAtt };
}

/** `cron(minute hour ...)` at a local time, as EventBridge Scheduler writes it. */
const daily = ({ hour, minute }: LocalTime) => `cron(${minute} ${hour} * * ? *)`;
const workingDays = ({ hour, minute }: LocalTime) => `cron(${minute} ${hour} ? * MON-FRI *)`;

let stages: Record<Stage, SynthesizedStage>;
let dispose: (() => void) | undefined;

beforeAll(() => {
  ({ stages, dispose } = synthStages());
});
afterAll(() => dispose?.());

/** The template's view of a stage's jobs: the helpers every test below reads through. */
const jobsOf = (s: SynthesizedStage) => {
  const j = s.stack.jobs;
  const template = s.template;
  const id = (construct: IConstruct) => logicalId(s.stack, construct);
  const resource = (construct: IConstruct): CfnResource => template.toJSON().Resources[id(construct)] as CfnResource;
  const schedules = () => resourcesOf(template, SCHEDULE);
  const byName = () => Object.fromEntries(Object.values(schedules()).map((r) => [r.Properties.Name as string, r.Properties]));
  const target = (name: string) => byName()[name]!.Target as Target;
  const input = (name: string) => JSON.parse(target(name).Input) as unknown;
  const statementsOfRole = (roleId: string): Statement[] =>
    Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
      .filter((policy) => (policy.Properties.Roles as Ref[]).some((r) => r.Ref === roleId))
      .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
  const functionRole = () => (resource(j.fn).Properties.Role as GetAtt)['Fn::GetAtt'][0];
  const actions = (statement: Statement) => [statement.Action].flat();
  const allowed = (roleId: string, action: string) => statementsOfRole(roleId).filter((st) => st.Effect === 'Allow' && actions(st).includes(action));
  const alarmOn = (metricName: string) =>
    Object.values(resourcesOf(template, ALARM))
      .map((a) => a.Properties)
      .filter((a) => a.MetricName === metricName);
  return { j, template, id, resource, schedules, byName, target, input, statementsOfRole, functionRole, actions, allowed, alarmOn };
};

describe.each(STAGES)('scheduled jobs in %s', (stage) => {
  const s = () => stages[stage];
  const x = () => jobsOf(s());
  const times = () => s().config.jobs;

  describe('the job function', () => {
    it('is one Lambda for every job: an ESM bundle of functions/jobs on Node.js 22 and Graviton, with five minutes and 1 GB', () => {
      const props = x().resource(x().j.fn).Properties;
      expect(props).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: 'index.handler', MemorySize: 1024, Timeout: 300 });
      const assetDir = join(s().outdir, `asset.${(props.Code as { S3Key: string }).S3Key.replace(/\.zip$/, '')}`);
      const bundle = readFileSync(join(assetDir, 'index.mjs'), 'utf8');
      expect(bundle.split('\n')[0]).toMatch(/createRequire.*import\.meta\.url/);
      expect(bundle).toMatch(/export\s*\{[^}]*as handler/);
    });

    it('knows its table, the domain event topic (the senders build the links) and the stage\'s timers epoch', () => {
      expect(x().resource(x().j.fn).Properties.Environment).toEqual({
        Variables: {
          TABLE_NAME: { Ref: x().id(s().stack.data.table) },
          TOPIC_ARN: { Ref: x().id(s().stack.notifications.topic) },
          JOBS_EPOCH: s().config.jobs.timersEpoch,
          STAGE: stage,
          NODE_OPTIONS: '--enable-source-maps',
          POWERTOOLS_SERVICE_NAME: 'pantau',
        },
      });
    });

    it('never runs more than a few at once, so no job fans out over the table', () => {
      const reserved = x().resource(x().j.fn).Properties.ReservedConcurrentExecutions as number;
      expect(reserved).toBeGreaterThanOrEqual(2);
      expect(reserved).toBeLessThanOrEqual(4);
    });

    it('may query the due-day index and update the items it handles', () => {
      const table = { 'Fn::GetAtt': [x().id(s().stack.data.table), 'Arn'] };
      const indexes = { 'Fn::Join': ['', [table, '/index/*']] };
      const resources = (action: string) => x().allowed(x().functionRole(), action).flatMap((st) => [st.Resource].flat());
      expect(resources('dynamodb:Query')).toEqual(expect.arrayContaining([table, indexes]));
      for (const action of ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem']) expect(resources(action), action).toContainEqual(table);
    });

    it('publishes reminders to the domain event topic only, never straight to a phone', () => {
      expect(x().allowed(x().functionRole(), 'sns:Publish').map((st) => st.Resource)).toEqual([{ Ref: x().id(s().stack.notifications.topic) }]);
    });

    it('a run that fails inside the function is retried twice within the hour, then left in the dead-letter queue', () => {
      const configs = Object.values(resourcesOf(x().template, 'AWS::Lambda::EventInvokeConfig')).filter(
        (c) => (c.Properties.FunctionName as Ref).Ref === x().id(x().j.fn),
      );
      expect(configs.map((c) => c.Properties)).toEqual([
        {
          FunctionName: { Ref: x().id(x().j.fn) },
          Qualifier: '$LATEST',
          MaximumRetryAttempts: 2,
          MaximumEventAgeInSeconds: 3600,
          DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [x().id(x().j.deadLetters), 'Arn'] } } },
        },
      ]);
    });
  });

  describe('the schedules', () => {
    it('every job the runner knows is scheduled, and nothing else is', () => {
      const jobs = Object.keys(x().byName()).map((name) => (x().input(name) as { job: string }).job);
      expect(new Set(jobs)).toEqual(new Set(JOB_NAMES));
      expect(Object.keys(x().byName()).sort()).toEqual(['digest-wib', 'digest-wit', 'digest-wita', 'reminders', 'retirement', 'windows']);
    });

    it('reminders run every 30 minutes, all day, on the WIB clock, which is on the half hour in every zone', () => {
      expect(x().byName().reminders).toMatchObject({ ScheduleExpression: 'cron(0,30 * * * ? *)', ScheduleExpressionTimezone: 'Asia/Jakarta' });
      expect(x().input('reminders')).toEqual({ job: 'reminders' });
    });

    it.each([
      ['digest-wib', 'Asia/Jakarta'],
      ['digest-wita', 'Asia/Makassar'],
      ['digest-wit', 'Asia/Jayapura'],
    ] as const)('%s digests the queues of organisations in %s, Monday to Friday at the stage digest time there', (name, zone) => {
      expect(x().byName()[name]).toMatchObject({ ScheduleExpression: workingDays(times().digestAt), ScheduleExpressionTimezone: zone });
      expect(x().input(name)).toEqual({ job: 'digest', zone });
    });

    it('each Indonesian time zone gets its digest, and only one', () => {
      const zones = Object.keys(x().byName())
        .map((name) => x().input(name) as { job: string; zone?: string })
        .filter((input) => input.job === 'digest')
        .map((input) => input.zone);
      expect(zones.sort()).toEqual([...TIME_ZONES].sort());
    });

    it('submission-window reminders run daily at the stage time in WIB', () => {
      expect(x().byName().windows).toMatchObject({ ScheduleExpression: daily(times().windowsAt), ScheduleExpressionTimezone: 'Asia/Jakarta' });
      expect(x().input('windows')).toEqual({ job: 'windows' });
    });

    it('retirement reminders run daily at the stage time in WIB', () => {
      expect(x().byName().retirement).toMatchObject({ ScheduleExpression: daily(times().retirementAt), ScheduleExpressionTimezone: 'Asia/Jakarta' });
      expect(x().input('retirement')).toEqual({ job: 'retirement' });
    });

    it('cdk.json keeps the documented times: digests at 07:30 local, windows at 08:00 and retirement at 08:15 WIB', () => {
      expect(x().byName()['digest-wita']!.ScheduleExpression).toBe('cron(30 7 ? * MON-FRI *)');
      expect(x().byName().windows!.ScheduleExpression).toBe('cron(0 8 * * ? *)');
      expect(x().byName().retirement!.ScheduleExpression).toBe('cron(15 8 * * ? *)');
    });

    it('with the documented times, the cloud runs what the local stack runs: the same names, zones, expressions and inputs', () => {
      for (const local of JOB_SCHEDULES) {
        expect(x().byName()[local.name], local.name).toMatchObject({ ScheduleExpression: cronExpression(local), ScheduleExpressionTimezone: local.zone });
        expect(x().input(local.name)).toEqual(local.input);
      }
      expect(Object.keys(x().byName()).sort()).toEqual(JOB_SCHEDULES.map((local) => local.name).sort());
    });

    it.each(['reminders', 'digest-wib', 'digest-wita', 'digest-wit', 'windows', 'retirement'])(
      '%s invokes the job function, retries three times within the hour, then leaves the run in the dead-letter queue',
      (name) => {
        expect(x().target(name)).toMatchObject({
          Arn: { 'Fn::GetAtt': [x().id(x().j.fn), 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [x().id(x().j.deadLetters), 'Arn'] } },
        });
        // At the minute it names, not somewhere in a flexible window.
        expect(x().byName()[name]!.FlexibleTimeWindow).toEqual({ Mode: 'OFF' });
      },
    );

    it('are on or off as the stage settings say', () => {
      const state = s().config.jobs.enabled ? 'ENABLED' : 'DISABLED';
      for (const props of Object.values(x().byName())) expect(props.State).toBe(state);
    });

    it("live in the stage's own group, and are created after it", () => {
      const groupId = x().id(x().j.scheduleGroup);
      expect(x().resource(x().j.scheduleGroup).Properties.Name).toBe(`pantau-${stage}-jobs`);
      for (const schedule of Object.values(x().schedules())) {
        expect(schedule.Properties.GroupName).toBe(`pantau-${stage}-jobs`);
        expect(schedule.DependsOn).toContain(groupId);
      }
    });

    it('the dead-letter queue is encrypted, reachable over TLS only, and keeps failed runs for two weeks', () => {
      const props = x().resource(x().j.deadLetters).Properties;
      expect(props).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
      const policy = Object.values(resourcesOf(x().template, 'AWS::SQS::QueuePolicy')).find((p) =>
        (p.Properties.Queues as Ref[]).some((q) => q.Ref === x().id(x().j.deadLetters)),
      );
      expect((policy?.Properties.PolicyDocument as { Statement: unknown[] }).Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    });
  });

  describe('the scheduler role', () => {
    const roleId = () => x().id(x().j.schedulerRole);

    it('every schedule starts its run with it', () => {
      for (const name of Object.keys(x().byName())) expect(x().target(name).RoleArn).toEqual({ 'Fn::GetAtt': [roleId(), 'Arn'] });
    });

    it("only EventBridge Scheduler may assume it, and only for this account's job group", () => {
      const trust = (x().resource(x().j.schedulerRole).Properties.AssumeRolePolicyDocument as { Statement: Statement[] }).Statement;
      expect(trust).toEqual([
        {
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Principal: { Service: 'scheduler.amazonaws.com' },
          Condition: {
            StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' }, 'aws:SourceArn': { 'Fn::GetAtt': [x().id(x().j.scheduleGroup), 'Arn'] } },
          },
        },
      ]);
    });

    it('may invoke the job function and nothing else, and send only to the dead-letter queue', () => {
      const fnArn = { 'Fn::GetAtt': [x().id(x().j.fn), 'Arn'] };
      const statements = x().statementsOfRole(roleId());
      expect(statements.every((st) => st.Effect === 'Allow')).toBe(true);
      expect(statements.flatMap(x().actions).sort()).toEqual(['lambda:InvokeFunction', 'sqs:SendMessage']);
      // The function and its versions; no other function.
      expect(x().allowed(roleId(), 'lambda:InvokeFunction')[0]!.Resource).toEqual([fnArn, { 'Fn::Join': ['', [fnArn, ':*']] }]);
      expect(x().allowed(roleId(), 'sqs:SendMessage')[0]!.Resource).toEqual({ 'Fn::GetAtt': [x().id(x().j.deadLetters), 'Arn'] });
    });

    it('no other role is left for the scheduler to assume', () => {
      const trusting = Object.entries(resourcesOf(x().template, 'AWS::IAM::Role')).filter(([, role]) =>
        JSON.stringify(role.Properties.AssumeRolePolicyDocument).includes('scheduler.amazonaws.com'),
      );
      expect(trusting.map(([logical]) => logical)).toEqual([roleId()]);
    });
  });

  describe('alarms', () => {
    const alarmTopic = () => ({ Ref: x().id(s().stack.monitoring.alarmTopic) });
    const tellsTheAlarmTopic = () => ({ AlarmActions: [alarmTopic()], OKActions: [alarmTopic()], TreatMissingData: 'notBreaching', Threshold: 0 });
    const onFunction = () => [{ Name: 'FunctionName', Value: { Ref: x().id(x().j.fn) } }];

    it('a run left in the dead-letter queue alarms', () => {
      expect(x().alarmOn('ApproximateNumberOfMessagesVisible')).toContainEqual(
        expect.objectContaining({
          ...tellsTheAlarmTopic(),
          Namespace: 'AWS/SQS',
          Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [x().id(x().j.deadLetters), 'QueueName'] } }],
          Statistic: 'Maximum',
          ComparisonOperator: 'GreaterThanThreshold',
        }),
      );
    });

    it('the job function failing or being throttled alarms', () => {
      for (const metric of ['Errors', 'Throttles']) {
        expect(x().alarmOn(metric), metric).toContainEqual(expect.objectContaining({ ...tellsTheAlarmTopic(), Dimensions: onFunction(), Statistic: 'Sum' }));
      }
    });

    it('a run lost on its way to the dead-letter queue alarms, from the scheduler or from Lambda', () => {
      expect(x().alarmOn('InvocationsFailedToBeSentToDeadLetterCount')).toContainEqual(
        expect.objectContaining({ ...tellsTheAlarmTopic(), Namespace: 'AWS/Scheduler', Dimensions: [{ Name: 'ScheduleGroup', Value: `pantau-${stage}-jobs` }] }),
      );
      expect(x().alarmOn('DestinationDeliveryFailures')).toContainEqual(expect.objectContaining({ ...tellsTheAlarmTopic(), Dimensions: onFunction() }));
    });
  });
});

describe('a stage that changes its job settings', () => {
  let variant: SynthesizedStage;
  let outdir: string;

  beforeAll(() => {
    // dev as cdk.json has it, with its schedules off and its times moved; no bundling, only resources are read.
    const changed = structuredClone(cdkJsonStages) as Record<string, Record<string, unknown>>;
    changed.dev = { ...changed.dev, jobs: { enabled: false, digestAt: '08:00', windowsAt: '09:30', retirementAt: '10:05', timersEpoch: '2026-07-01' } };
    outdir = mkdtempSync(join(tmpdir(), 'pantau-jobs-'));
    variant = synthStage('dev', outdir, { stages: changed, bundle: false });
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('dev may switch its schedules off: all of them are deployed DISABLED', () => {
    const states = Object.values(jobsOf(variant).byName()).map((props) => props.State);
    expect(states).toHaveLength(6);
    expect(new Set(states)).toEqual(new Set(['DISABLED']));
  });

  it('with its schedules off, the job function and its dead-letter alarm stay, so a job can still be run by hand', () => {
    const x = jobsOf(variant);
    expect(x.resource(x.j.fn).Properties.Runtime).toBe('nodejs22.x');
    expect(x.alarmOn('ApproximateNumberOfMessagesVisible').length).toBeGreaterThan(0);
  });

  it('the digest and the daily jobs run at the times the stage sets', () => {
    const byName = jobsOf(variant).byName();
    for (const name of ['digest-wib', 'digest-wita', 'digest-wit']) expect(byName[name]!.ScheduleExpression).toBe('cron(0 8 ? * MON-FRI *)');
    expect(byName.windows!.ScheduleExpression).toBe('cron(30 9 * * ? *)');
    expect(byName.retirement!.ScheduleExpression).toBe('cron(5 10 * * ? *)');
    expect(byName.reminders!.ScheduleExpression).toBe('cron(0,30 * * * ? *)');
  });

  it('the job function reads its day buckets from the epoch the stage sets', () => {
    const x = jobsOf(variant);
    expect((x.resource(x.j.fn).Properties.Environment as { Variables: Record<string, unknown> }).Variables.JOBS_EPOCH).toBe('2026-07-01');
  });

  it('the stages in cdk.json run their schedules, and name a timers epoch no later than any timer of theirs can fall due', () => {
    for (const stage of STAGES) expect(stages[stage].config.jobs.timersEpoch, stage).toBe('2026-01-01');
    for (const stage of STAGES) expect(stages[stage].config.jobs.enabled, stage).toBe(true);
  });
});
