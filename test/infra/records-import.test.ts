import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_MAP, IMPORT_PREFIXES, RETRIED_BATCH_ERRORS } from '../../infra/cloud/constructs/records-import';
import { IMPORT_OUTPUTS } from '../../infra/cloud/stack-outputs';
import { logicalId, resourcesOf, STAGES, synthStage, type CfnResource, type Stage, type SynthesizedStage } from './stacks';

/**
 * The national records import (issue 16): the import bucket, the batch Lambda and the state machine
 * whose distributed map runs it over an uploaded file, as each stage's template has them.
 */
let outdir: string;
const stages = {} as Record<Stage, SynthesizedStage>;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'pantau-import-'));
  // Resources only: what is asserted here does not depend on the functions' code.
  for (const stage of STAGES) stages[stage] = synthStage(stage, outdir, { bundle: false });
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

type Ref = { Ref: string };
type GetAtt = { 'Fn::GetAtt': [string, string] };
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}
interface State {
  Type: string;
  Next?: string;
  End?: boolean;
  [field: string]: unknown;
}
interface Definition {
  StartAt: string;
  States: Record<string, State>;
  TimeoutSeconds?: number;
}

/**
 * The state machine's definition as JSON: CloudFormation's Fn::Join of text and references, with
 * each reference written as `<Ref:Id>` or `<Id.Attr>` so the test can name what it points to.
 */
function definitionOf(resource: CfnResource): Definition {
  const body = resource.Properties.DefinitionString as { 'Fn::Join': [string, (string | Ref | GetAtt)[]] };
  const text = body['Fn::Join'][1]
    .map((part) => {
      if (typeof part === 'string') return part;
      if ('Ref' in part) return `<Ref:${part.Ref}>`;
      return `<${part['Fn::GetAtt'][0]}.${part['Fn::GetAtt'][1]}>`;
    })
    .join('');
  return JSON.parse(text) as Definition;
}

const importOf = (s: SynthesizedStage) => {
  const r = s.stack.recordsImport;
  const json = s.template.toJSON() as { Resources: Record<string, CfnResource>; Outputs: Record<string, { Value: unknown }> };
  const id = (construct: IConstruct) => logicalId(s.stack, construct);
  const resource = (construct: IConstruct): CfnResource => json.Resources[id(construct)]!;
  const statementsOfRole = (roleId: string): Statement[] =>
    Object.values(resourcesOf(s.template, 'AWS::IAM::Policy'))
      .filter((policy) => (policy.Properties.Roles as Ref[]).some((ref) => ref.Ref === roleId))
      .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
  const roleOf = (construct: IConstruct) => (resource(construct).Properties.Role ?? resource(construct).Properties.RoleArn) as GetAtt;
  const roleId = (construct: IConstruct) => roleOf(construct)['Fn::GetAtt'][0];
  const bucketArn = { 'Fn::GetAtt': [id(r.bucket), 'Arn'] };
  const objectsUnder = (prefix: string) => ({ 'Fn::Join': ['', [bucketArn, `/${prefix}*`]] });
  const definition = () => definitionOf(resource(r.stateMachine));
  return { r, json, id, resource, statementsOfRole, roleId, bucketArn, objectsUnder, definition };
};

/** Each statement as its actions (sorted) and resources, for comparing whole policies. */
const normalized = (statements: Statement[]) =>
  statements.map((st) => ({ effect: st.Effect, actions: [st.Action].flat().sort(), resources: [st.Resource].flat(), condition: st.Condition }));

describe.each(STAGES)('the records import in %s', (stage) => {
  const s = () => stages[stage];
  const x = () => importOf(s());

  describe('the import bucket', () => {
    it('is encrypted (SSE-S3), blocks every kind of public access, refuses plain HTTP and disables ACLs', () => {
      const props = x().resource(x().r.bucket).Properties;
      expect(props.BucketEncryption).toEqual({ ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] });
      expect(props.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
      expect(props.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
      const policy = Object.values(resourcesOf(s().template, 'AWS::S3::BucketPolicy')).find((p) => (p.Properties.Bucket as Ref).Ref === x().id(x().r.bucket))!;
      const statements = (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
      expect(statements).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } }, Resource: [x().bucketArn, { 'Fn::Join': ['', [x().bucketArn, '/*']] }] }),
      );
    });

    it('is not versioned: a file can be uploaded again and reports come back with a re-run, so old versions would only keep personal data longer', () => {
      expect(x().resource(x().r.bucket).Properties.VersioningConfiguration).toBeUndefined();
    });

    it('logs who read what to its own access-log bucket, kept as long as the stage\'s logs', () => {
      expect(x().resource(x().r.bucket).Properties.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: x().id(x().r.accessLogs) } });
      const logs = x().resource(x().r.accessLogs).Properties;
      expect(logs.LifecycleConfiguration).toEqual({ Rules: [{ ExpirationInDays: s().config.logRetentionDays, Status: 'Enabled' }] });
      expect(logs.BucketEncryption).toEqual({ ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] });
    });

    it('expires uploads after 30 days, rejects and results after 90, and abandoned multipart uploads after a day', () => {
      const rules = (x().resource(x().r.bucket).Properties.LifecycleConfiguration as { Rules: Record<string, unknown>[] }).Rules;
      expect(rules).toEqual([
        { Id: 'incoming', Prefix: IMPORT_PREFIXES.incoming, ExpirationInDays: 30, Status: 'Enabled' },
        { Id: 'rejects', Prefix: IMPORT_PREFIXES.rejects, ExpirationInDays: 90, Status: 'Enabled' },
        { Id: 'results', Prefix: IMPORT_PREFIXES.results, ExpirationInDays: 90, Status: 'Enabled' },
        { Id: 'abandoned-uploads', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' },
      ]);
    });

    it('is kept when the stack goes where the stage keeps its data, and emptied and deleted in a throwaway stage', () => {
      const expected = s().config.deletionProtection ? 'Retain' : 'Delete';
      expect(x().resource(x().r.bucket).DeletionPolicy).toBe(expected);
      expect(x().resource(x().r.accessLogs).DeletionPolicy).toBe(expected);
    });
  });

  describe('the batch Lambda', () => {
    it('runs functions/import-records on Node.js 22 and Graviton, with 1 GB and two minutes for a batch of 500 rows', () => {
      expect(x().resource(x().r.fn).Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: 'index.handler', MemorySize: 1024, Timeout: 120 });
    });

    it('knows its table and the import bucket, and nothing else', () => {
      expect(x().resource(x().r.fn).Properties.Environment).toEqual({
        Variables: {
          TABLE_NAME: { Ref: x().id(s().stack.data.table) },
          IMPORT_BUCKET: { Ref: x().id(x().r.bucket) },
          STAGE: stage,
          NODE_OPTIONS: '--enable-source-maps',
          POWERTOOLS_SERVICE_NAME: 'pantau',
        },
      });
    });

    it('may read and write records in the table, never its indexes, and put objects under rejects/ only', () => {
      const table = { 'Fn::GetAtt': [x().id(s().stack.data.table), 'Arn'] };
      const logGroup = { 'Fn::GetAtt': [expect.stringMatching(/^RecordsImportBatchLogs/), 'Arn'] };
      expect(normalized(x().statementsOfRole(x().roleId(x().r.fn)))).toEqual([
        { effect: 'Allow', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup], condition: undefined },
        { effect: 'Allow', actions: ['dynamodb:BatchGetItem', 'dynamodb:GetItem'], resources: [table], condition: undefined },
        { effect: 'Allow', actions: ['dynamodb:ConditionCheckItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], resources: [table], condition: undefined },
        { effect: 'Allow', actions: ['s3:PutObject'], resources: [x().objectsUnder(IMPORT_PREFIXES.rejects)], condition: undefined },
      ]);
    });

    it('is not triggered by anything but the state machine: no event source, no bucket notification', () => {
      const fnId = x().id(x().r.fn);
      const mappings = Object.values(resourcesOf(s().template, 'AWS::Lambda::EventSourceMapping')).filter((m) => (m.Properties.FunctionName as Ref).Ref === fnId);
      expect(mappings).toEqual([]);
      expect(JSON.stringify(x().resource(x().r.bucket).Properties.NotificationConfiguration ?? null)).toBe('null');
    });
  });

  describe('the state machine', () => {
    it('is a STANDARD state machine (a national run outlasts Express\'s five minutes), with a day as its ceiling', () => {
      const props = x().resource(x().r.stateMachine).Properties;
      expect(props.StateMachineType).toBe('STANDARD');
      expect(x().definition().TimeoutSeconds).toBe(86_400);
    });

    it('logs every event to its own log group, without execution data (rows are personal records), kept as long as the stage\'s logs', () => {
      const props = x().resource(x().r.stateMachine).Properties;
      expect(props.LoggingConfiguration).toEqual({
        Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [x().id(x().r.logGroup), 'Arn'] } } }],
        IncludeExecutionData: false,
        Level: 'ALL',
      });
      expect(x().resource(x().r.logGroup).Properties.RetentionInDays).toBe(s().config.logRetentionDays);
    });

    it('refuses any input that is not a whole run on an upload in this bucket, before reading it, as ImportInputInvalid', () => {
      const { StartAt, States } = x().definition();
      expect(StartAt).toBe('Validate');
      const validate = States.Validate!;
      expect(validate.Type).toBe('Choice');
      expect(validate.Default).toBe('InvalidInput');
      expect(States.InvalidInput).toMatchObject({ Type: 'Fail', Error: 'ImportInputInvalid' });
      const [only, ...others] = validate.Choices as { And: unknown[]; Next: string }[];
      expect(others).toEqual([]);
      expect(only!.Next).toBe('Prepare');
      // Only a file uploaded to this bucket under incoming/: the map may read nothing else.
      expect(only!.And).toEqual(
        expect.arrayContaining([
          { Variable: '$.bucket', StringEquals: `<Ref:${x().id(x().r.bucket)}>` },
          { Variable: '$.key', StringMatches: `${IMPORT_PREFIXES.incoming}*` },
          { Variable: '$.runId', IsString: true },
          { Variable: '$.scope', IsPresent: true },
          { Variable: '$.format', IsString: true },
        ]),
      );
    });

    it('computes the results prefix from the run id, then picks the map by format; another format fails as ImportInputInvalid', () => {
      const { States } = x().definition();
      expect(States.Prepare).toMatchObject({ Type: 'Pass', Next: 'ByFormat' });
      expect((States.Prepare!.Parameters as Record<string, string>)['resultsPrefix.$']).toBe(`States.Format('${IMPORT_PREFIXES.results}{}', $.runId)`);
      expect(States.ByFormat).toMatchObject({
        Type: 'Choice',
        Choices: [
          { Variable: '$.format', StringEquals: 'CSV', Next: 'ImportCSV' },
          { Variable: '$.format', StringEquals: 'JSONL', Next: 'ImportJSONL' },
        ],
        Default: 'InvalidInput',
      });
    });

    it.each([
      ['ImportCSV', { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' }],
      ['ImportJSONL', { InputType: 'JSONL' }],
    ] as const)('%s is a distributed map reading the input\'s key from the import bucket', (name, readerConfig) => {
      const map = x().definition().States[name]!;
      expect(map.Type).toBe('Map');
      expect(map.End).toBe(true);
      expect(map.ItemReader).toEqual({
        Resource: 'arn:<Ref:AWS::Partition>:states:::s3:getObject',
        ReaderConfig: readerConfig,
        Parameters: { Bucket: `<Ref:${x().id(x().r.bucket)}>`, 'Key.$': '$.key' },
      });
      expect((map.ItemProcessor as { ProcessorConfig: unknown }).ProcessorConfig).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' });
    });

    it.each(['ImportCSV', 'ImportJSONL'])('%s hands each row over as its index in the file and its fields', (name) => {
      expect(x().definition().States[name]!.ItemSelector).toEqual({ 'index.$': '$$.Map.Item.Index', 'fields.$': '$$.Map.Item.Value' });
    });

    it.each(['ImportCSV', 'ImportJSONL'])('%s batches 500 rows under the 256 KiB payload limit, with the run\'s bucket, key, format, id and scope beside them', (name) => {
      const batcher = x().definition().States[name]!.ItemBatcher as { MaxItemsPerBatch: number; MaxInputBytesPerBatch: number; BatchInput: unknown };
      expect(batcher.MaxItemsPerBatch).toBe(500);
      expect(batcher.MaxInputBytesPerBatch).toBeGreaterThan(500 * 300);
      expect(batcher.MaxInputBytesPerBatch).toBeLessThan(256 * 1024);
      expect(batcher.BatchInput).toEqual({ 'bucket.$': '$.bucket', 'key.$': '$.key', 'format.$': '$.format', 'runId.$': '$.runId', 'scope.$': '$.scope' });
    });

    it.each(['ImportCSV', 'ImportJSONL'])('%s runs few batches at once (one agency\'s byEmployee partition bounds the write rate) and tolerates 1%% failed batches', (name) => {
      const map = x().definition().States[name]!;
      expect(map.MaxConcurrency).toBe(IMPORT_MAP.maxConcurrency);
      // 4 batches of 500 rows, each written in ~1–2 s, stay near one GSI partition's 1,000 writes/s (docs/records-import-at-scale.md).
      expect(map.MaxConcurrency).toBeLessThanOrEqual(8);
      expect(map.ToleratedFailurePercentage).toBe(1);
    });

    it.each(['ImportCSV', 'ImportJSONL'])('%s writes its results to results/<runId>/ in the import bucket', (name) => {
      expect(x().definition().States[name]!.ResultWriter).toEqual({
        Resource: 'arn:<Ref:AWS::Partition>:states:::s3:putObject',
        Parameters: { Bucket: `<Ref:${x().id(x().r.bucket)}>`, 'Prefix.$': '$.resultsPrefix' },
      });
    });

    it.each([
      ['ImportCSV', 'ImportBatchCSV'],
      ['ImportJSONL', 'ImportBatchJSONL'],
    ])('%s invokes the batch Lambda and retries throttling and service errors with backoff', (name, task) => {
      const processor = x().definition().States[name]!.ItemProcessor as { StartAt: string; States: Record<string, State> };
      expect(processor.StartAt).toBe(task);
      const invoke = processor.States[task]!;
      expect(invoke).toMatchObject({ Type: 'Task', End: true, Resource: `<${x().id(x().r.fn)}.Arn>` });
      const retries = invoke.Retry as { ErrorEquals: string[]; IntervalSeconds: number; BackoffRate: number; MaxAttempts: number }[];
      expect(retries.map((r) => r.ErrorEquals)).toEqual([[...RETRIED_BATCH_ERRORS.lambda], [...RETRIED_BATCH_ERRORS.dynamodb]]);
      expect(retries.flatMap((r) => r.ErrorEquals)).toEqual(expect.arrayContaining(['Lambda.TooManyRequestsException', 'Lambda.ServiceException', 'ProvisionedThroughputExceededException', 'ThrottlingException']));
      for (const retry of retries) {
        expect(retry.BackoffRate).toBeGreaterThan(1);
        expect(retry.MaxAttempts).toBeGreaterThanOrEqual(3);
      }
      // Never States.ALL: a bug in a batch fails that batch, it is not run again and again.
      expect(retries.flatMap((r) => r.ErrorEquals)).not.toContain('States.ALL');
    });

    it('may read uploads under incoming/, write results under results/, invoke the batch Lambda, and no more of the bucket', () => {
      const statements = normalized(x().statementsOfRole(x().roleId(x().r.stateMachine)));
      const s3 = statements.filter((st) => st.actions.some((action) => action.startsWith('s3:')));
      expect(s3).toEqual([
        { effect: 'Allow', actions: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:PutObject'], resources: [x().objectsUnder(IMPORT_PREFIXES.results)], condition: undefined },
        { effect: 'Allow', actions: ['s3:GetObject'], resources: [x().objectsUnder(IMPORT_PREFIXES.incoming)], condition: undefined },
      ]);
      const fnArn = { 'Fn::GetAtt': [x().id(x().r.fn), 'Arn'] };
      const invoke = statements.filter((st) => st.actions.includes('lambda:InvokeFunction'));
      expect(invoke).toEqual([{ effect: 'Allow', actions: ['lambda:InvokeFunction'], resources: [fnArn, { 'Fn::Join': ['', [fnArn, ':*']] }], condition: undefined }]);
      expect(statements.flatMap((st) => st.actions).filter((action) => action.startsWith('dynamodb:'))).toEqual([]);
    });
  });

  it('tells the on-call when a run fails or times out', () => {
    const alarms = Object.values(resourcesOf(s().template, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    const onStateMachine = (metricName: string) =>
      alarms.filter((a) => a.MetricName === metricName && (a.Dimensions as { Name: string; Value: unknown }[]).some((d) => d.Name === 'StateMachineArn' && JSON.stringify(d.Value) === JSON.stringify({ Ref: x().id(x().r.stateMachine) })));
    const topic = { Ref: x().id(s().stack.monitoring.alarmTopic) };
    for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut']) {
      const [alarm, ...more] = onStateMachine(metric);
      expect(more, metric).toEqual([]);
      expect(alarm, metric).toMatchObject({ Namespace: 'AWS/States', Statistic: 'Sum', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [topic], OKActions: [topic] });
    }
  });

  it('publishes the bucket and the state machine as outputs, for the command that starts a run', () => {
    expect(x().json.Outputs[IMPORT_OUTPUTS.bucket]?.Value).toEqual({ Ref: x().id(x().r.bucket) });
    expect(x().json.Outputs[IMPORT_OUTPUTS.stateMachine]?.Value).toEqual({ Ref: x().id(x().r.stateMachine) });
  });
});
