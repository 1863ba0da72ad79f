import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentOrigins } from '../../infra/cloud/constructs/documents';
import { scanResultEventSchema } from '../../shared/domain/documents/scan';
import { cdkJsonStages, logicalId, resourcesOf, STAGES, synthStage, type CfnResource, type Stage, type SynthesizedStage } from './stacks';

const ALARM = 'AWS::CloudWatch::Alarm';

type Ref = { Ref: string };
type GetAtt = { 'Fn::GetAtt': [string, string] };
interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

const stages = {} as Record<Stage, SynthesizedStage>;
let outdir: string | undefined;

// Resources are read in every stage; the function's code only in dev (bundling is the slow part,
// and every stage bundles the same handler the same way).
const BUNDLED: Stage = 'dev';
beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'pantau-documents-'));
  for (const stage of STAGES) stages[stage] = synthStage(stage, outdir, { bundle: stage === BUNDLED });
});
afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

/** The template's view of a stage's documents: the helpers every test below reads through. */
const documentsOf = (s: SynthesizedStage) => {
  const d = s.stack.documents;
  const template = s.template;
  const id = (construct: IConstruct) => logicalId(s.stack, construct);
  const resource = (construct: IConstruct): CfnResource & { UpdateReplacePolicy?: string } => template.toJSON().Resources[id(construct)] as CfnResource;
  const bucketArn = { 'Fn::GetAtt': [id(d.bucket), 'Arn'] };
  const objectsArn = { 'Fn::Join': ['', [bucketArn, '/*']] };
  const actions = (statement: Statement) => [statement.Action].flat();
  const bucketPolicy = (bucket: IConstruct) =>
    (Object.values(resourcesOf(template, 'AWS::S3::BucketPolicy')).find((p) => (p.Properties.Bucket as Ref).Ref === id(bucket))?.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
  const statementsOfRole = (roleId: string): Statement[] =>
    Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
      .filter((policy) => (policy.Properties.Roles as Ref[]).some((r) => r.Ref === roleId))
      .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
  const roleOf = (fn: IFunction) => (resource(fn).Properties.Role as GetAtt)['Fn::GetAtt'][0];
  /** A function's statements that name the documents bucket or its objects. */
  const onBucket = (fn: IFunction) =>
    statementsOfRole(roleOf(fn))
      .filter((st) => JSON.stringify(st.Resource).includes(id(d.bucket)))
      .map((st) => ({ effect: st.Effect, actions: actions(st), resource: st.Resource }));
  const alarms = () => Object.values(resourcesOf(template, ALARM)).map((a) => a.Properties);
  return { d, template, id, resource, bucketArn, objectsArn, actions, bucketPolicy, statementsOfRole, roleOf, onBucket, alarms };
};

describe.each(STAGES)('documents in %s', (stage) => {
  const s = () => stages[stage];
  const x = () => documentsOf(s());
  const bucket = () => x().resource(x().d.bucket).Properties;

  describe('the bucket', () => {
    it('is private, encrypted at rest with S3-managed keys, versioned, and has ACLs disabled', () => {
      expect(bucket().PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
      expect(bucket().BucketEncryption).toEqual({ ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] });
      expect(bucket().VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(bucket().OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
      expect(bucket().AccessControl).toBeUndefined();
    });

    it('refuses every request that is not over TLS, on the bucket and its objects', () => {
      expect(x().bucketPolicy(x().d.bucket)).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } }, Resource: [x().bucketArn, x().objectsArn] }),
      );
    });

    it('serves a presigned download only of a file GuardDuty tagged clean', () => {
      const deny = x().bucketPolicy(x().d.bucket).find((st) => st.Sid === 'PresignedDownloadsOnlyOfCleanFiles');
      expect(deny).toEqual({
        Sid: 'PresignedDownloadsOnlyOfCleanFiles',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: ['s3:GetObject', 's3:GetObjectVersion'],
        Resource: x().objectsArn,
        Condition: {
          StringEquals: { 's3:authType': 'REST-QUERY-STRING' },
          StringNotEquals: { 's3:ExistingObjectTag/GuardDutyMalwareScanStatus': 'NO_THREATS_FOUND' },
        },
      });
      // Nothing in the bucket policy allows anyone: access is the roles' grants below.
      expect(x().bucketPolicy(x().d.bucket).filter((st) => st.Effect === 'Allow' && !JSON.stringify(st.Principal).includes('AutoDeleteObjects'))).toEqual([]);
    });

    it('expires documents and their old versions as the stage says, and clears what uploads leave behind', () => {
      const { retentionDays, noncurrentVersionDays } = s().config.documents;
      expect(bucket().LifecycleConfiguration).toEqual({
        Rules: [
          {
            Id: 'retention',
            Status: 'Enabled',
            ExpirationInDays: retentionDays,
            NoncurrentVersionExpiration: { NoncurrentDays: noncurrentVersionDays },
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          },
          { Id: 'expired-delete-markers', Status: 'Enabled', ExpiredObjectDeleteMarker: true },
        ],
      });
    });

    it('lets browsers PUT and GET from the agencies\' front-end origins only, with the headers a presigned upload signs', () => {
      const { corsOrigins, webBaseUrl } = s().config;
      const expected = [...new Set([...corsOrigins, new URL(webBaseUrl).origin])];
      expect(bucket().CorsConfiguration).toEqual({
        CorsRules: [{ AllowedOrigins: expected, AllowedMethods: ['PUT', 'GET'], AllowedHeaders: ['content-type', 'content-length', 'x-amz-checksum-sha256'], MaxAge: 3000 }],
      });
      expect(JSON.stringify(bucket().CorsConfiguration)).not.toContain('*');
    });

    it('logs every access to a private, TLS-only bucket of its own, delivered by bucket policy, kept as long as the stage\'s logs', () => {
      const logs = x().d.accessLogs;
      expect(bucket().LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: x().id(logs) } });
      const props = x().resource(logs).Properties;
      expect(props.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
      expect(props.BucketEncryption).toEqual({ ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] });
      expect(props.LifecycleConfiguration).toEqual({ Rules: [{ ExpirationInDays: s().config.logRetentionDays, Status: 'Enabled' }] });
      expect(props.AccessControl).toBeUndefined();
      const policy = x().bucketPolicy(logs);
      expect(policy).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
      expect(policy).toContainEqual(
        expect.objectContaining({
          Effect: 'Allow',
          Principal: { Service: 'logging.s3.amazonaws.com' },
          Action: 's3:PutObject',
          Condition: expect.objectContaining({ ArnLike: { 'aws:SourceArn': x().bucketArn } }),
        }),
      );
    });

    it('has no bucket notifications of the stack\'s: GuardDuty manages the bucket\'s EventBridge setting', () => {
      expect(bucket().NotificationConfiguration).toBeUndefined();
      const notifications = Object.values(resourcesOf(x().template, 'Custom::S3BucketNotifications'));
      expect(notifications.filter((n) => (n.Properties.BucketName as Ref).Ref === x().id(x().d.bucket))).toEqual([]);
    });
  });

  describe('GuardDuty Malware Protection', () => {
    const plan = () => Object.values(resourcesOf(x().template, 'AWS::GuardDuty::MalwareProtectionPlan'));
    const scanRole = () => x().resource(x().d.scanRole).Properties;
    const scanStatements = () => (scanRole().Policies as { PolicyDocument: { Statement: Statement[] } }[]).flatMap((p) => p.PolicyDocument.Statement);

    it('one plan protects the whole bucket, with the scan role, and tags each object with its result', () => {
      expect(plan()).toHaveLength(1);
      expect(plan()[0]!.Properties).toMatchObject({
        ProtectedResource: { S3Bucket: { BucketName: { Ref: x().id(x().d.bucket) } } },
        Role: { 'Fn::GetAtt': [x().id(x().d.scanRole), 'Arn'] },
        Actions: { Tagging: { Status: 'ENABLED' } },
      });
      expect((plan()[0]!.Properties.ProtectedResource as { S3Bucket: Record<string, unknown> }).S3Bucket.ObjectPrefixes).toBeUndefined();
      // Holds no data: it goes with the stack, even where the bucket stays.
      expect(plan()[0]).toMatchObject({ DeletionPolicy: 'Delete' });
    });

    it('the scan role is assumed by Malware Protection for S3 only, and holds its permissions inline (they exist before the plan)', () => {
      expect(scanRole().AssumeRolePolicyDocument).toEqual({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'malware-protection-plan.guardduty.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      });
      expect(scanRole().ManagedPolicyArns).toBeUndefined();
      expect(x().statementsOfRole(x().id(x().d.scanRole))).toEqual([]);
    });

    it('may read, tag and validate objects of this bucket only, and set its EventBridge notifications', () => {
      const onS3 = scanStatements()
        .filter((st) => x().actions(st).some((a) => a.startsWith('s3:')))
        .map((st) => ({ actions: x().actions(st), resource: st.Resource }));
      expect(onS3).toEqual([
        { actions: ['s3:PutObjectTagging', 's3:GetObjectTagging', 's3:PutObjectVersionTagging', 's3:GetObjectVersionTagging'], resource: x().objectsArn },
        { actions: ['s3:PutBucketNotification', 's3:GetBucketNotification'], resource: x().bucketArn },
        { actions: ['s3:PutObject'], resource: { 'Fn::Join': ['', [x().bucketArn, '/malware-protection-resource-validation-object']] } },
        { actions: ['s3:ListBucket'], resource: x().bucketArn },
        { actions: ['s3:GetObject', 's3:GetObjectVersion'], resource: x().objectsArn },
      ]);
    });

    it('may manage only its own EventBridge rule, and create or change it only as managed by GuardDuty', () => {
      const onEvents = scanStatements().filter((st) => x().actions(st).some((a) => a.startsWith('events:')));
      expect(onEvents.map((st) => x().actions(st))).toEqual([
        ['events:PutRule', 'events:DeleteRule', 'events:PutTargets', 'events:RemoveTargets'],
        ['events:DescribeRule', 'events:ListTargetsByRule'],
      ]);
      for (const st of onEvents) expect(JSON.stringify(st.Resource)).toMatch(/:events:ap-southeast-3:.*:rule\/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3\*"/);
      expect(onEvents[0]!.Condition).toEqual({ StringLike: { 'events:ManagedBy': 'malware-protection-plan.guardduty.amazonaws.com' } });
    });

    it('has nothing else: no KMS (the bucket is SSE-S3), no "*" resource', () => {
      expect(scanStatements().flatMap((st) => x().actions(st)).filter((a) => !/^(?:s3|events):/.test(a))).toEqual([]);
      expect(scanStatements().filter((st) => st.Resource === '*')).toEqual([]);
      expect(scanStatements().every((st) => st.Effect === 'Allow')).toBe(true);
    });
  });

  describe('the verdict: EventBridge rule, scan-result function, dead letters', () => {
    const rule = () => x().resource(x().d.scanResultRule).Properties;
    const fn = () => x().resource(x().d.scanResult).Properties;
    const deadLettersArn = () => ({ 'Fn::GetAtt': [x().id(x().d.deadLetters), 'Arn'] });

    it('the rule takes GuardDuty\'s scan results for this bucket only, from the default bus', () => {
      expect(rule().EventBusName).toBeUndefined();
      expect(rule().EventPattern).toEqual({
        source: ['aws.guardduty'],
        'detail-type': ['GuardDuty Malware Protection Object Scan Result'],
        detail: { s3ObjectDetails: { bucketName: [{ Ref: x().id(x().d.bucket) }] } },
      });
    });

    it('the pattern matches the event the function reads (its source and detail type are the schema\'s)', () => {
      const { shape } = scanResultEventSchema;
      expect((rule().EventPattern as { source: string[] }).source).toEqual([shape.source.value]);
      expect((rule().EventPattern as { 'detail-type': string[] })['detail-type']).toEqual([shape['detail-type'].value]);
    });

    it('its one target is the scan-result function, with bounded retries, a maximum age and the dead-letter queue', () => {
      expect(rule().Targets).toEqual([
        expect.objectContaining({
          Arn: { 'Fn::GetAtt': [x().id(x().d.scanResult), 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 6 * 3600 },
          DeadLetterConfig: { Arn: deadLettersArn() },
        }),
      ]);
      const permissions = Object.values(resourcesOf(x().template, 'AWS::Lambda::Permission')).filter(
        (p) => JSON.stringify(p.Properties.FunctionName).includes(x().id(x().d.scanResult)),
      );
      expect(permissions.map((p) => p.Properties)).toEqual([
        expect.objectContaining({ Action: 'lambda:InvokeFunction', Principal: 'events.amazonaws.com', SourceArn: { 'Fn::GetAtt': [x().id(x().d.scanResultRule), 'Arn'] } }),
      ]);
    });

    it('a verdict that keeps failing inside the function ends in the same queue, after two retries and at most six hours', () => {
      const configs = Object.values(resourcesOf(x().template, 'AWS::Lambda::EventInvokeConfig')).filter((c) => (c.Properties.FunctionName as Ref).Ref === x().id(x().d.scanResult));
      expect(configs.map((c) => c.Properties)).toEqual([
        { FunctionName: { Ref: x().id(x().d.scanResult) }, Qualifier: '$LATEST', MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 6 * 3600, DestinationConfig: { OnFailure: { Destination: deadLettersArn() } } },
      ]);
    });

    it('the dead-letter queue is encrypted, TLS-only, keeps 14 days, and takes messages from this rule only', () => {
      expect(x().resource(x().d.deadLetters).Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
      const policy = Object.values(resourcesOf(x().template, 'AWS::SQS::QueuePolicy')).find((p) => (p.Properties.Queues as Ref[]).some((q) => q.Ref === x().id(x().d.deadLetters)));
      const statements = (policy?.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
      expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
      expect(statements.filter((st) => st.Effect === 'Allow')).toEqual([
        expect.objectContaining({ Principal: { Service: 'events.amazonaws.com' }, Action: 'sqs:SendMessage', Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [x().id(x().d.scanResultRule), 'Arn'] } } } }),
      ]);
    });

    it('the function is built like the others: Node.js 22 on arm64, its own log group kept as the stage says', () => {
      expect(fn()).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: 'index.handler', MemorySize: 256, Timeout: 30 });
      const logGroupId = (fn().LoggingConfig as { LogGroup: Ref }).LogGroup.Ref;
      expect(resourcesOf(x().template, 'AWS::Logs::LogGroup')[logGroupId]?.Properties.RetentionInDays).toBe(s().config.logRetentionDays);
    });

    it('the function knows its table and bucket, may read and write the table, and may only read the bucket\'s objects', () => {
      expect(fn().Environment).toEqual({
        Variables: {
          TABLE_NAME: { Ref: x().id(s().stack.data.table) },
          DOCUMENTS_BUCKET: { Ref: x().id(x().d.bucket) },
          STAGE: stage,
          NODE_OPTIONS: '--enable-source-maps',
          POWERTOOLS_SERVICE_NAME: 'pantau',
        },
      });
      const statements = x().statementsOfRole(x().roleOf(x().d.scanResult));
      const onTable = statements.find((st) => x().actions(st).includes('dynamodb:PutItem'));
      expect(onTable?.Action).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem']));
      expect(onTable?.Resource).toContainEqual({ 'Fn::GetAtt': [x().id(s().stack.data.table), 'Arn'] });
      expect(x().onBucket(x().d.scanResult)).toEqual([{ effect: 'Allow', actions: ['s3:GetObject'], resource: x().objectsArn }]);
    });
  });

  describe('the API function', () => {
    const api = () => s().stack.apiFunction.fn;

    it('is told the bucket', () => {
      expect(x().resource(api()).Properties.Environment).toMatchObject({ Variables: { DOCUMENTS_BUCKET: { Ref: x().id(x().d.bucket) } } });
    });

    it('may put and get the bucket\'s objects (presigned uploads and downloads, the checks at registration) and list the bucket (a 404 for a file not there yet), nothing more', () => {
      expect(x().onBucket(api())).toEqual([
        { effect: 'Allow', actions: ['s3:PutObject', 's3:GetObject'], resource: x().objectsArn },
        { effect: 'Allow', actions: ['s3:ListBucket'], resource: x().bucketArn },
      ]);
    });

    it('no function may delete a document or rewrite its tags', () => {
      const fns = [api(), x().d.scanResult, s().stack.jobs.fn, s().stack.notifications.onChange, ...Object.values(s().stack.notifications.senders), s().stack.notifications.sesFeedback];
      for (const f of fns) {
        const onDocuments = x().onBucket(f).flatMap((st) => st.actions);
        expect(onDocuments.filter((a) => /Delete|Tagging|PutBucket|\*/.test(a)), f.node.path).toEqual([]);
      }
    });
  });

  describe('alarms', () => {
    const alarmTopic = () => ({ Ref: x().id(s().stack.monitoring.alarmTopic) });
    const tellsTheAlarmTopic = () => ({ AlarmActions: [alarmTopic()], OKActions: [alarmTopic()], TreatMissingData: 'notBreaching', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    const alarmOn = (metric: string) => x().alarms().filter((a) => a.MetricName === metric);
    const onFunction = () => [{ Name: 'FunctionName', Value: { Ref: x().id(x().d.scanResult) } }];

    it('a verdict left in the dead-letter queue alarms', () => {
      expect(alarmOn('ApproximateNumberOfMessagesVisible')).toContainEqual(
        expect.objectContaining({
          ...tellsTheAlarmTopic(),
          Namespace: 'AWS/SQS',
          Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [x().id(x().d.deadLetters), 'QueueName'] } }],
          Statistic: 'Maximum',
        }),
      );
    });

    it('the function failing alarms', () => {
      expect(alarmOn('Errors')).toContainEqual(expect.objectContaining({ ...tellsTheAlarmTopic(), Namespace: 'AWS/Lambda', Dimensions: onFunction(), Statistic: 'Sum' }));
    });

    it('a verdict lost on its way to the dead-letter queue alarms, from EventBridge or from Lambda', () => {
      expect(alarmOn('InvocationsFailedToBeSentToDlq')).toContainEqual(
        expect.objectContaining({ ...tellsTheAlarmTopic(), Namespace: 'AWS/Events', Dimensions: [{ Name: 'RuleName', Value: { Ref: x().id(x().d.scanResultRule) } }] }),
      );
      expect(alarmOn('DestinationDeliveryFailures')).toContainEqual(expect.objectContaining({ ...tellsTheAlarmTopic(), Dimensions: onFunction() }));
    });
  });
});

describe('the scan-result bundle', () => {
  it(`ships an ESM bundle of functions/scan-result/handler.ts (read in ${BUNDLED})`, () => {
    const s = stages[BUNDLED];
    const code = documentsOf(s).resource(s.stack.documents.scanResult).Properties.Code as { S3Key: string };
    const assetDir = join(s.outdir, `asset.${code.S3Key.replace(/\.zip$/, '')}`);
    const bundle = readFileSync(join(assetDir, 'index.mjs'), 'utf8');
    expect(bundle.split('\n')[0]).toMatch(/createRequire.*import\.meta\.url/);
    expect(bundle).toMatch(/export\s*\{[^}]*as handler/);
    // The handler's own message, so this is the scan-result code and not another function's.
    expect(bundle).toContain('not a GuardDuty S3 scan result');
  });
});

describe('keeping the documents', () => {
  it.each(['staging', 'prod'] as const)('%s keeps the bucket and its access logs when the stack is deleted, and never empties them', (stage) => {
    const x = documentsOf(stages[stage]);
    for (const bucket of [x.d.bucket, x.d.accessLogs]) expect(x.resource(bucket)).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    stages[stage].template.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
  });

  it('dev empties (every version) and deletes both buckets with the stack, so experiments leave nothing behind', () => {
    const x = documentsOf(stages.dev);
    const emptied = Object.values(resourcesOf(x.template, 'Custom::S3AutoDeleteObjects')).map((r) => (r.Properties.BucketName as Ref).Ref);
    for (const bucket of [x.d.bucket, x.d.accessLogs]) {
      expect(x.resource(bucket)).toMatchObject({ DeletionPolicy: 'Delete' });
      expect(emptied).toContain(x.id(bucket));
    }
  });

  it('dev keeps documents for less time than prod', () => {
    expect(stages.dev.config.documents.retentionDays).toBeLessThan(stages.prod.config.documents.retentionDays);
  });
});

describe('a stage that changes its documents settings', () => {
  let variant: SynthesizedStage;
  let variantOut: string;

  beforeAll(() => {
    // dev as cdk.json has it, with other retention figures and its front end on an origin also listed in corsOrigins.
    const changed = structuredClone(cdkJsonStages) as Record<string, Record<string, unknown>>;
    changed.dev = {
      ...changed.dev,
      documents: { retentionDays: 45, noncurrentVersionDays: 3 },
      corsOrigins: ['http://localhost:5173', 'https://app.dev.pantau.example.go.id'],
    };
    variantOut = mkdtempSync(join(tmpdir(), 'pantau-documents-variant-'));
    variant = synthStage('dev', variantOut, { stages: changed, bundle: false });
  });
  afterAll(() => rmSync(variantOut, { recursive: true, force: true }));

  it('gets the lifecycle it asks for', () => {
    const rules = (documentsOf(variant).resource(variant.stack.documents.bucket).Properties.LifecycleConfiguration as { Rules: Record<string, unknown>[] }).Rules;
    expect(rules[0]).toMatchObject({ ExpirationInDays: 45, NoncurrentVersionExpiration: { NoncurrentDays: 3 } });
  });

  it('lists each origin once in CORS', () => {
    const cors = documentsOf(variant).resource(variant.stack.documents.bucket).Properties.CorsConfiguration as { CorsRules: { AllowedOrigins: string[] }[] };
    expect(cors.CorsRules[0]!.AllowedOrigins).toEqual(['http://localhost:5173', 'https://app.dev.pantau.example.go.id']);
  });
});

describe('the front-end origins', () => {
  it('are the CORS origins and the origin of webBaseUrl (without its path), once each', () => {
    expect(documentOrigins({ corsOrigins: ['https://a.example.go.id'], webBaseUrl: 'https://app.example.go.id/pantau' })).toEqual(['https://a.example.go.id', 'https://app.example.go.id']);
    expect(documentOrigins({ corsOrigins: ['https://app.example.go.id'], webBaseUrl: 'https://app.example.go.id' })).toEqual(['https://app.example.go.id']);
  });
});
