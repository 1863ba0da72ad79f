import { Duration, Stack, type CfnElement } from 'aws-cdk-lib';
import type { IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Bucket, type IBucket } from 'aws-cdk-lib/aws-s3';
import {
  Choice,
  Condition,
  CsvHeaders,
  DefinitionBody,
  DistributedMap,
  Fail,
  ItemBatcher,
  JsonPath,
  LogLevel,
  Pass,
  ResultWriterV2,
  S3CsvItemReader,
  S3JsonLItemReader,
  StateMachine,
  StateMachineType,
  type IItemReader,
  type S3CsvItemReaderProps,
  type S3FileItemReaderProps,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { acknowledge, arnFinding } from '../nag';
import type { StageConfig } from '../stage-config';
import { BundledFunction } from './bundled-function';
import { accessLogsBucket, PRIVATE_BUCKET } from './private-bucket';
import { IMPORT_FORMATS, IMPORT_PREFIXES, type ImportFormat } from '../../../shared/domain/records/run';
import { alarmAbove, type Monitoring } from './monitoring';

// The bucket's layout and the formats are the batch Lambda's contract too: they live beside its code.
export { IMPORT_FORMATS, IMPORT_PREFIXES, type ImportFormat } from '../../../shared/domain/records/run';

/**
 * How the map cuts the file into batches and how many run at once. The figures are worked out in
 * docs/records-import-at-scale.md: 500 rows of ~0.3–0.5 KB of JSON each stay far under Step
 * Functions' 256 KiB payload limit, and four batches at once keep one agency's rows (all in one
 * byEmployee partition, EMPLOYEES#<agency>) under the ~1,000 writes/s that one partition takes,
 * while leaving the table's first 4,000 write units a second mostly to the API.
 */
export const IMPORT_MAP = {
  maxItemsPerBatch: 500,
  /** Under the 256 KiB state payload, leaving room for BatchInput and the envelope. */
  maxInputBytesPerBatch: 224 * 1024,
  maxConcurrency: 4,
  /** Batches that may still fail after their retries before the whole run is called failed: a re-run of the file fills them in. */
  toleratedFailurePercentage: 1,
} as const;

/**
 * Errors a batch is retried on, with backoff: Lambda's own (throttled, service errors) and
 * DynamoDB's throttling and transaction conflicts as the handler lets them surface (the SDK's
 * error name is the function error's type). A batch re-run rewrites nothing it already wrote:
 * unchanged rows are skipped, so the retry only finishes the rest.
 */
export const RETRIED_BATCH_ERRORS = {
  lambda: ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'],
  dynamodb: ['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded', 'TransactionConflictException', 'InternalServerError'],
} as const;

// A batch is 5 BatchGetItem calls and at most 500 writes; a minute is generous, two covers the SDK's own throttling retries.
const BATCH_TIMEOUT = Duration.minutes(2);
// Validation of 500 rows and a few dozen writes in flight: CPU, not memory, is what 1 GB buys (about 0.6 vCPU on Graviton).
const BATCH_MEMORY_MB = 1024;
// A national first load at the bounded rate takes about an hour (the docs); a day is the ceiling.
const RUN_TIMEOUT = Duration.hours(24);
// The operator's upload is copied into the table; keeping the national file longer is only exposure.
const INCOMING_DAYS = 30;
// Rejects and results are what the agencies correct from and what a re-run is checked against.
const REPORT_DAYS = 90;

/** The item reader of the file the execution names: this bucket, `$.key`, GetObject on `incoming/*` only. */
function incomingOnly<T extends IItemReader>(reader: T, bucket: IBucket): T {
  reader.providePolicyStatements = () => [new PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects(`${IMPORT_PREFIXES.incoming}*`)] })];
  return reader;
}

/** The map's results under `results/` only (CDK's writer would grant the whole bucket). */
function resultsOnly(writer: ResultWriterV2, bucket: IBucket): ResultWriterV2 {
  writer.providePolicyStatements = () => [
    new PolicyStatement({
      actions: ['s3:PutObject', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:AbortMultipartUpload'],
      resources: [bucket.arnForObjects(`${IMPORT_PREFIXES.results}*`)],
    }),
  ];
  return writer;
}

export interface RecordsImportProps {
  config: StageConfig;
  table: ITableV2;
  monitoring: Monitoring;
}

/**
 * Employee records imported at national size (issue 16): an operator uploads a SIASN file (CSV or
 * JSON Lines) to the import bucket under `incoming/` and starts an execution with
 * `{ bucket, key, format, runId, scope }`. A Step Functions distributed map reads the file from S3,
 * cuts it into batches of rows and runs the batch Lambda (functions/import-records) on each: the
 * same row handler as `npm run import`, which writes new and changed records, skips unchanged ones,
 * and writes the batch's rejects to `rejects/<runId>/`. The map writes its results to
 * `results/<runId>/`. docs/records-import-at-scale.md has the arithmetic.
 */
export class RecordsImport extends Construct {
  readonly bucket: Bucket;
  /** S3 server access logs of `bucket`: who fetched which file of personal records. */
  readonly accessLogs: Bucket;
  readonly fn: IFunction;
  readonly stateMachine: StateMachine;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, { config, table, monitoring }: RecordsImportProps) {
    super(scope, id);
    // Access logs under a bucket policy, not the LogDeliveryWrite ACL, as every bucket of the stack.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    // The map's ResultWriter as ResultWriterV2 renders it (without the flag CDK renders the deprecated one, and ignores this).
    this.node.setContext('@aws-cdk/aws-stepfunctions:useDistributedMapResultWriterV2', true);
    const stack = Stack.of(this);

    // ---- the bucket --------------------------------------------------------------------------------
    this.accessLogs = accessLogsBucket(this, 'AccessLogs', config);
    this.bucket = new Bucket(this, 'Bucket', {
      ...PRIVATE_BUCKET,
      // Not versioned: nothing here is the record (the table is, with point-in-time recovery). An
      // upload can be made again, rejects and results come back with a re-run, and old versions would
      // keep copies of personal data past the expirations below.
      versioned: false,
      serverAccessLogsBucket: this.accessLogs,
      lifecycleRules: [
        { id: 'incoming', prefix: IMPORT_PREFIXES.incoming, expiration: Duration.days(INCOMING_DAYS) },
        { id: 'rejects', prefix: IMPORT_PREFIXES.rejects, expiration: Duration.days(REPORT_DAYS) },
        { id: 'results', prefix: IMPORT_PREFIXES.results, expiration: Duration.days(REPORT_DAYS) },
        // A national file (~1.5 GB) is a multipart upload, and so are large result files; a broken one is nobody's.
        { id: 'abandoned-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy: config.removalPolicy,
      // A dev stack goes without leaving a bucket behind; elsewhere the reports outlive the stack.
      autoDeleteObjects: !config.deletionProtection,
    });

    // ---- the batch Lambda ----------------------------------------------------------------------------
    const fn = new BundledFunction(this, 'Batch', {
      config,
      name: 'import-records',
      memorySize: BATCH_MEMORY_MB,
      timeout: BATCH_TIMEOUT,
      environment: { TABLE_NAME: table.tableName, IMPORT_BUCKET: this.bucket.bucketName },
    }).fn;
    // Exactly what a batch does to the table: BatchGetItem of the rows' current records (and
    // GetItem of the organisations it checks the agencies against), PutItem of new records and
    // UpdateItem/ConditionCheckItem in the transactions that version changed ones (a transaction
    // has no IAM action of its own: each of its parts is authorized as its single-item action). The
    // table only: no index, no Query, no Scan, no Delete.
    fn.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:BatchGetItem', 'dynamodb:GetItem'], resources: [table.tableArn] }));
    fn.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem'], resources: [table.tableArn] }));
    fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [this.bucket.arnForObjects(`${IMPORT_PREFIXES.rejects}*`)] }));
    acknowledge(fn.role!, 'AwsSolutions-IAM5', 'each batch names its rejects object (rejects/<runId>/<first line>.csv): PutObject only, under rejects/ of the import bucket only', arnFinding(this.bucket, `/${IMPORT_PREFIXES.rejects}*`));
    this.fn = fn;

    // ---- the state machine -----------------------------------------------------------------------------
    // One map per format: a reader's InputType is fixed in the definition (ASL has no path for it),
    // so a Choice on `format` picks the map. Before it, Validate refuses an execution whose file is
    // not an upload in this bucket (the state machine may read nothing else) or whose input is not whole.
    const invalid = new Fail(this, 'InvalidInput', {
      error: 'ImportInputInvalid',
      cause: `The input must be { bucket, key, format, runId, scope } with bucket the import bucket, key under ${IMPORT_PREFIXES.incoming}, and format one of ${IMPORT_FORMATS.join(', ')}`,
    });
    // The ResultWriter's Prefix is read from a path: computed once here, beside the input.
    const prepare = new Pass(this, 'Prepare', {
      parameters: {
        'bucket.$': '$.bucket',
        'key.$': '$.key',
        'format.$': '$.format',
        'runId.$': '$.runId',
        'scope.$': '$.scope',
        'resultsPrefix.$': `States.Format('${IMPORT_PREFIXES.results}{}', $.runId)`,
      },
    });

    const batchMap = (format: ImportFormat, reader: IItemReader) => {
      const map = new DistributedMap(this, `${format === 'CSV' ? 'Csv' : 'JsonL'}Map`, {
        stateName: `Import${format}`,
        comment: `Runs the batch Lambda over the ${format} file's rows, ${IMPORT_MAP.maxItemsPerBatch} at a time`,
        itemReader: reader,
        // What a row becomes in the batch: its 0-based index in the file (the handler makes it a
        // line number) and its fields (a CSV row by its header, or a JSON Lines line parsed).
        itemSelector: { index: JsonPath.numberAt('$$.Map.Item.Index'), fields: JsonPath.stringAt('$$.Map.Item.Value') },
        itemBatcher: new ItemBatcher({
          maxItemsPerBatch: IMPORT_MAP.maxItemsPerBatch,
          maxInputBytesPerBatch: IMPORT_MAP.maxInputBytesPerBatch,
          // ItemBatcher renders BatchInput as written: the paths are spelled out.
          batchInput: { 'bucket.$': '$.bucket', 'key.$': '$.key', 'format.$': '$.format', 'runId.$': '$.runId', 'scope.$': '$.scope' },
        }),
        maxConcurrency: IMPORT_MAP.maxConcurrency,
        toleratedFailurePercentage: IMPORT_MAP.toleratedFailurePercentage,
        // Standard children: each batch runs once, its retries are in its own history, and a
        // batch lasts seconds, far from any limit. Their cost is a few transitions per batch (the docs).
        mapExecutionType: StateMachineType.STANDARD,
        resultWriterV2: resultsOnly(new ResultWriterV2({ bucket: this.bucket, prefix: JsonPath.stringAt('$.resultsPrefix') }), this.bucket),
        label: `Import${format}`,
      });
      const invoke = new LambdaInvoke(this, `${format === 'CSV' ? 'Csv' : 'JsonL'}Batch`, {
        stateName: `ImportBatch${format}`,
        lambdaFunction: fn,
        // The handler's own answer ({ created, updated, unchanged, rejected }) is the batch's result.
        payloadResponseOnly: true,
        // The retries below are the only ones, with backoff chosen here.
        retryOnServiceExceptions: false,
      });
      invoke.addRetry({ errors: [...RETRIED_BATCH_ERRORS.lambda], interval: Duration.seconds(2), backoffRate: 2, maxAttempts: 6, maxDelay: Duration.minutes(1) });
      invoke.addRetry({ errors: [...RETRIED_BATCH_ERRORS.dynamodb], interval: Duration.seconds(5), backoffRate: 2, maxAttempts: 8, maxDelay: Duration.minutes(2) });
      map.itemProcessor(invoke);
      return map;
    };

    const csv = batchMap(
      'CSV',
      incomingOnly(new S3CsvItemReader({ bucket: this.bucket, key: JsonPath.stringAt('$.key'), csvHeaders: CsvHeaders.useFirstRow() } satisfies S3CsvItemReaderProps), this.bucket),
    );
    const jsonl = batchMap('JSONL', incomingOnly(new S3JsonLItemReader({ bucket: this.bucket, key: JsonPath.stringAt('$.key') } satisfies S3FileItemReaderProps), this.bucket));

    // Checked before anything reads the input: Prepare's States.Format needs a string runId.
    const validate = new Choice(this, 'Validate', { stateName: 'Validate' })
      .when(
        Condition.and(
          Condition.isString('$.bucket'),
          Condition.stringEquals('$.bucket', this.bucket.bucketName),
          Condition.isString('$.key'),
          Condition.stringMatches('$.key', `${IMPORT_PREFIXES.incoming}*`),
          Condition.isString('$.runId'),
          Condition.isPresent('$.scope'),
          Condition.isString('$.format'),
        ),
        prepare,
      )
      .otherwise(invalid);
    prepare.next(
      new Choice(this, 'ByFormat', { stateName: 'ByFormat' })
        .when(Condition.stringEquals('$.format', 'CSV'), csv)
        .when(Condition.stringEquals('$.format', 'JSONL'), jsonl)
        .otherwise(invalid),
    );

    this.logGroup = new LogGroup(this, 'StateMachineLogs', { retention: config.logRetention, removalPolicy: config.removalPolicy });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      comment: `Pantau ${config.stage}: imports a SIASN file of employee records from the import bucket, in batches`,
      // A national run lasts over an hour and starts thousands of batches: beyond Express's five minutes.
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(validate),
      timeout: RUN_TIMEOUT,
      // Every event, without the data: the executions carry employees' records.
      logs: { destination: this.logGroup, level: LogLevel.ALL, includeExecutionData: false },
    });
    acknowledge(this.stateMachine, 'AwsSolutions-SF2', 'no function of the stack is traced with X-Ray; a run is followed in its map run (per batch status, retries, errors) and its log group');
    const role = this.stateMachine.role;
    acknowledge(role, 'AwsSolutions-IAM5', 'the map reads the file an execution names, whatever its key under incoming/: GetObject only, under incoming/ of the import bucket only', arnFinding(this.bucket, `/${IMPORT_PREFIXES.incoming}*`));
    acknowledge(role, 'AwsSolutions-IAM5', 'the map writes its results under results/<runId>/, objects Step Functions names itself: under results/ of the import bucket only', arnFinding(this.bucket, `/${IMPORT_PREFIXES.results}*`));
    acknowledge(role, 'AwsSolutions-IAM5', 'LambdaInvoke grants the batch function and its versions (:*); one function', arnFinding(fn, ':*'));
    acknowledge(role, 'AwsSolutions-IAM5', 'CloudWatch Logs\' log-delivery actions (CreateLogDelivery and the rest) take no resource: the policy CDK writes for every logged state machine', 'Resource::*');
    // A distributed map starts, watches and redrives child executions of this state machine; their
    // names are Step Functions' own, so CDK grants this state machine's executions (:*) and those of each map run.
    const stateMachineName = `{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${stack.getLogicalId(this.stateMachine.node.defaultChild as CfnElement)}"}]}]}`;
    const executions = (suffix: string) => `Resource::arn:<AWS::Partition>:states:${config.region}:<AWS::AccountId>:execution:${stateMachineName}${suffix}`;
    for (const suffix of [':*', ...IMPORT_FORMATS.map((format) => `/Import${format}:*`)]) {
      acknowledge(this.stateMachine, 'AwsSolutions-IAM5', 'the distributed map describes, stops and redrives the child executions it starts, named by Step Functions: this state machine\'s executions only', executions(suffix));
    }

    // ---- alarms -------------------------------------------------------------------------------------
    // A run is started by hand and watched; these say when one ended badly while nobody was looking.
    const alarm = (alarmId: string, description: string, metric: IMetric) => alarmAbove(this, alarmId, description, metric);
    const fiveMinutes = { period: Duration.minutes(5), statistic: 'Sum' };
    monitoring.notify(
      alarm('RunFailedAlarm', 'A records import run failed: more than 1% of its batches failed, or its input was refused (results/<runId>/ lists the failed batches)', this.stateMachine.metricFailed(fiveMinutes)),
      alarm('RunTimedOutAlarm', 'A records import run passed its 24 hours and was stopped: re-run the file, the rows already written are skipped', this.stateMachine.metricTimedOut(fiveMinutes)),
    );
  }
}
