import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Metric, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { CfnMalwareProtectionPlan } from 'aws-cdk-lib/aws-guardduty';
import { AnyPrincipal, Effect, PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Bucket, HttpMethods } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeIndexAccess, arnFinding } from '../nag';
import type { StageConfig } from '../stage-config';
import { BundledFunction } from './bundled-function';
import { accessLogsBucket, PRIVATE_BUCKET } from './private-bucket';
import { alarmAbove, type Monitoring } from './monitoring';

/** The event GuardDuty Malware Protection for S3 puts on the default bus for each scanned object. */
export const SCAN_RESULT_EVENT = { source: 'aws.guardduty', detailType: 'GuardDuty Malware Protection Object Scan Result' } as const;

/** The object tag GuardDuty writes after a scan (tagging ENABLED), and the value of a clean file. */
export const SCAN_STATUS_TAG = 'GuardDutyMalwareScanStatus';
export const CLEAN_SCAN_STATUS = 'NO_THREATS_FOUND';

/** The headers a presigned upload signs (shared/adapters/documents/s3-document-store.ts): the browser sends them on its PUT. */
const UPLOAD_HEADERS = ['content-type', 'content-length', 'x-amz-checksum-sha256'];

// ---- the verdict function ----------------------------------------------------------------------
const VERDICT_TIMEOUT = Duration.seconds(30);
// EventBridge invokes the function asynchronously. Its retry policy covers the Invoke call
// (throttled, Lambda failing); a verdict that fails inside the function is retried by Lambda's
// own asynchronous retries. Both end in the same dead-letter queue. Recording a verdict twice
// changes nothing (DocumentService.applyVerdict), so retries are safe.
const EVENTBRIDGE_RETRIES = 8;
const LAMBDA_RETRIES = 2;
// A late verdict is still the verdict: until it is recorded the document stays "scan pending" and
// its proposal cannot be submitted. Six hours is Lambda's maximum for asynchronous events.
const MAX_EVENT_AGE = Duration.hours(6);
// SQS's maximum: a verdict given up on over a long weekend still waits when someone looks.
const DEAD_LETTER_RETENTION = Duration.days(14);

/** The origins the agencies' front end runs on: the stage's CORS origins and the origin of its webBaseUrl, once each. */
export function documentOrigins(config: Pick<StageConfig, 'corsOrigins' | 'webBaseUrl'>): string[] {
  return [...new Set([...config.corsOrigins, new URL(config.webBaseUrl).origin])];
}

export interface DocumentsProps {
  config: StageConfig;
  table: ITableV2;
  monitoring: Monitoring;
}

/**
 * The proposals' documents (issue 14): one private bucket per stage that browsers upload to and
 * read from with presigned URLs only; GuardDuty Malware Protection for S3 scans every new object
 * and tags it; its verdict comes back on EventBridge to the scan-result function, which records it
 * on the document (functions/scan-result). The API's rights on the bucket are granted by
 * `grantApi`, nothing more.
 */
export class Documents extends Construct {
  readonly bucket: Bucket;
  /** S3 server access logs of `bucket`: who fetched which object, beside the openings Pantau records. */
  readonly accessLogs: Bucket;
  /** The role GuardDuty assumes to scan and tag this bucket's objects, and nothing else. */
  readonly scanRole: Role;
  readonly malwareProtectionPlan: CfnMalwareProtectionPlan;
  /** GuardDuty's scan results for this bucket → the verdict function. */
  readonly scanResultRule: Rule;
  readonly scanResult: IFunction;
  /** Verdicts given up on: EventBridge could not invoke the function, or the function kept failing. */
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, { config, table, monitoring }: DocumentsProps) {
    super(scope, id);
    // Access logs are delivered under a bucket policy, not the legacy LogDeliveryWrite ACL (as in
    // Notifications): ACLs stay disabled on every bucket.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    const stack = Stack.of(this);

    // ---- the bucket ------------------------------------------------------------------------------
    // Who fetched which file (personal documents: SK, ijazah, KTP scans) is kept beside the openings
    // Pantau records itself: a presigned URL can be used by whoever holds it for its minute, and
    // only S3's own log says who did. Kept as long as the stage's logs.
    this.accessLogs = accessLogsBucket(this, 'AccessLogs', config);

    const { retentionDays, noncurrentVersionDays } = config.documents;
    this.bucket = new Bucket(this, 'Bucket', {
      ...PRIVATE_BUCKET,
      // A key is <proposal>/<code>/<sha256>, so an overwrite is the same bytes; versions keep a
      // deleted or overwritten file recoverable for noncurrentVersionDays.
      versioned: true,
      serverAccessLogsBucket: this.accessLogs,
      lifecycleRules: [
        {
          id: 'retention',
          // Stage settings (documents.*); the archive schedule (JRA) sets the real figures.
          expiration: Duration.days(retentionDays),
          noncurrentVersionExpiration: Duration.days(noncurrentVersionDays),
          // Uploads are single presigned PUTs; a multipart upload left behind is nobody's.
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
        // Once its versions are gone, a delete marker is only clutter.
        { id: 'expired-delete-markers', expiredObjectDeleteMarker: true },
      ],
      // Browsers PUT to and GET from presigned URLs, from the agencies' front end only.
      cors: [
        {
          allowedOrigins: documentOrigins(config),
          allowedMethods: [HttpMethods.PUT, HttpMethods.GET],
          allowedHeaders: UPLOAD_HEADERS,
          maxAge: 3000,
        },
      ],
      removalPolicy: config.removalPolicy,
      // A dev stack goes without leaving a bucket behind (its versions too); elsewhere the files outlive the stack.
      autoDeleteObjects: !config.deletionProtection,
      // No bucket notifications from the stack: GuardDuty turns on the bucket's EventBridge
      // notifications itself (its role may PutBucketNotification), and CDK's notifications
      // handler would rewrite that configuration.
    });
    // A presigned download serves only a file GuardDuty tagged clean, whatever the API signs: S3
    // refuses presigned (query-string) GETs of anything untagged, harmful, or not scanned. Reads
    // signed in headers (the API checking a file's first bytes before its scan, GuardDuty itself)
    // are not affected.
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'PresignedDownloadsOnlyOfCleanFiles',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [this.bucket.arnForObjects('*')],
        conditions: {
          StringEquals: { 's3:authType': 'REST-QUERY-STRING' },
          StringNotEquals: { [`s3:ExistingObjectTag/${SCAN_STATUS_TAG}`]: CLEAN_SCAN_STATUS },
        },
      }),
    );

    // ---- GuardDuty Malware Protection for S3 ------------------------------------------------------
    // The permissions AWS lists for a protected bucket ("IAM policy permissions for Malware
    // Protection for S3"), on this bucket only; no KMS statement, the bucket is SSE-S3. Inline in
    // the role, so they exist before CloudFormation creates the plan that uses them.
    const managedRules = stack.formatArn({ service: 'events', resource: 'rule', resourceName: 'DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*' });
    this.scanRole = new Role(this, 'ScanRole', {
      description: `Pantau ${config.stage}: GuardDuty Malware Protection scans and tags the documents bucket`,
      assumedBy: new ServicePrincipal('malware-protection-plan.guardduty.amazonaws.com'),
      inlinePolicies: {
        scan: new PolicyDocument({
          statements: [
            // The EventBridge managed rule GuardDuty keeps for the bucket's object-created events.
            new PolicyStatement({
              sid: 'AllowManagedRuleToSendS3EventsToGuardDuty',
              actions: ['events:PutRule', 'events:DeleteRule', 'events:PutTargets', 'events:RemoveTargets'],
              resources: [managedRules],
              conditions: { StringLike: { 'events:ManagedBy': 'malware-protection-plan.guardduty.amazonaws.com' } },
            }),
            new PolicyStatement({
              sid: 'AllowGuardDutyToMonitorEventBridgeManagedRule',
              actions: ['events:DescribeRule', 'events:ListTargetsByRule'],
              resources: [managedRules],
            }),
            new PolicyStatement({
              sid: 'AllowPostScanTag',
              actions: ['s3:PutObjectTagging', 's3:GetObjectTagging', 's3:PutObjectVersionTagging', 's3:GetObjectVersionTagging'],
              resources: [this.bucket.arnForObjects('*')],
            }),
            new PolicyStatement({
              sid: 'AllowEnableS3EventBridgeEvents',
              actions: ['s3:PutBucketNotification', 's3:GetBucketNotification'],
              resources: [this.bucket.bucketArn],
            }),
            new PolicyStatement({
              sid: 'AllowPutValidationObject',
              actions: ['s3:PutObject'],
              resources: [this.bucket.arnForObjects('malware-protection-resource-validation-object')],
            }),
            new PolicyStatement({
              sid: 'AllowCheckBucketOwnership',
              actions: ['s3:ListBucket'],
              resources: [this.bucket.bucketArn],
            }),
            new PolicyStatement({
              sid: 'AllowMalwareScan',
              actions: ['s3:GetObject', 's3:GetObjectVersion'],
              resources: [this.bucket.arnForObjects('*')],
            }),
          ],
        }),
      },
    });
    acknowledge(this.scanRole, 'AwsSolutions-IAM5', 'GuardDuty names its managed EventBridge rule itself; AWS\'s policy allows that prefix only, and PutRule only when the rule is managed by GuardDuty', `Resource::arn:<AWS::Partition>:events:${stack.region}:<AWS::AccountId>:rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*`);
    acknowledge(this.scanRole, 'AwsSolutions-IAM5', 'GuardDuty scans and tags every new object of the documents bucket, whatever its key: this bucket\'s objects only', arnFinding(this.bucket, '/*'));

    this.malwareProtectionPlan = new CfnMalwareProtectionPlan(this, 'MalwareProtectionPlan', {
      role: this.scanRole.roleArn,
      // The whole bucket: every key is a document (<proposal>/<code>/<sha256>).
      protectedResource: { s3Bucket: { bucketName: this.bucket.bucketName } },
      // The tag the bucket policy above reads before a presigned download.
      actions: { tagging: { status: 'ENABLED' } },
    });
    // The plan holds no data; left behind, it would scan a retained bucket with a deleted role.
    this.malwareProtectionPlan.applyRemovalPolicy(RemovalPolicy.DESTROY);

    // ---- the verdict: EventBridge → scan-result ------------------------------------------------------
    this.deadLetters = new Queue(this, 'ScanResultDeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: DEAD_LETTER_RETENTION,
    });
    acknowledge(this.deadLetters, 'AwsSolutions-SQS3', 'this is the dead-letter queue of the scan-result rule\'s target and the function\'s async invocations, alarmed on depth');

    const fn = new BundledFunction(this, 'ScanResult', {
      config,
      name: 'scan-result',
      memorySize: 256,
      timeout: VERDICT_TIMEOUT,
      environment: { TABLE_NAME: table.tableName, DOCUMENTS_BUCKET: this.bucket.bucketName },
    }).fn;
    // The verdict is kept on the document's item and, once registered, on the proposal and its chain.
    table.grantReadWriteData(fn);
    acknowledgeIndexAccess(fn, table);
    // Read only, and objects only: the handler builds the same document store as the API.
    fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [this.bucket.arnForObjects('*')] }));
    acknowledge(fn.role!, 'AwsSolutions-IAM5', 'a verdict names any document of the bucket: GetObject only, on this bucket\'s objects only', arnFinding(this.bucket, '/*'));
    fn.configureAsyncInvoke({ retryAttempts: LAMBDA_RETRIES, maxEventAge: MAX_EVENT_AGE, onFailure: new SqsDestination(this.deadLetters) });
    this.scanResult = fn;

    // The default bus, where GuardDuty puts its results; only this bucket's.
    this.scanResultRule = new Rule(this, 'ScanResultRule', {
      description: `Pantau ${config.stage}: GuardDuty's malware verdicts on the documents bucket, to the scan-result function`,
      eventPattern: {
        source: [SCAN_RESULT_EVENT.source],
        detailType: [SCAN_RESULT_EVENT.detailType],
        detail: { s3ObjectDetails: { bucketName: [this.bucket.bucketName] } },
      },
      targets: [new LambdaFunction(fn, { retryAttempts: EVENTBRIDGE_RETRIES, maxEventAge: MAX_EVENT_AGE, deadLetterQueue: this.deadLetters })],
    });

    // ---- alarms -------------------------------------------------------------------------------------
    const alarm = (alarmId: string, description: string, metric: IMetric) => alarmAbove(this, alarmId, description, metric);
    const fiveMinutes = { period: Duration.minutes(5) };

    monitoring.notify(
      alarm(
        'ScanResultDeadLettersAlarm',
        'Malware verdicts could not be recorded and wait in the dead-letter queue: those documents stay "scan pending"',
        this.deadLetters.metricApproximateNumberOfMessagesVisible({ ...fiveMinutes, statistic: 'Maximum' }),
      ),
      alarm('ScanResultErrorsAlarm', 'Recording a malware verdict failed (it is retried; the dead-letter alarm says when it gave up)', fn.metricErrors({ ...fiveMinutes, statistic: 'Sum' })),
      // The queue itself refused them: those verdicts are lost, and nothing above would show it.
      alarm(
        'ScanResultDeadLetterFailuresAlarm',
        'EventBridge could neither deliver malware verdicts nor put them in the dead-letter queue: they are lost',
        new Metric({ namespace: 'AWS/Events', metricName: 'InvocationsFailedToBeSentToDlq', dimensionsMap: { RuleName: this.scanResultRule.ruleName }, ...fiveMinutes, statistic: 'Sum' }),
      ),
      alarm(
        'ScanResultDestinationFailuresAlarm',
        'Failed malware verdicts could not be put in the dead-letter queue: they are lost',
        fn.metric('DestinationDeliveryFailures', { ...fiveMinutes, statistic: 'Sum' }),
      ),
    );
  }

  /**
   * What the API needs of the bucket, exactly: PutObject (a presigned upload is signed with the
   * API's role, so the upload is allowed only if the role may put), GetObject (HeadObject, the
   * ranged read of a file's first bytes, the hash of a file S3 kept no checksum for, presigned
   * downloads), and ListBucket on the bucket itself. Without ListBucket, S3 answers HeadObject of
   * a key not uploaded yet with 403 instead of 404; the store reads only 404 as "not there", so a
   * registration before the upload would be a 500, and telling a real AccessDenied from a missing
   * file would be guesswork. ListBucket shows keys (proposal ids and hashes), no contents.
   */
  grantApi(fn: IFunction): void {
    fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject', 's3:GetObject'], resources: [this.bucket.arnForObjects('*')] }));
    fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }));
    acknowledge(fn.role!, 'AwsSolutions-IAM5', 'the API grants uploads and opens documents under keys it makes per proposal: PutObject and GetObject, on this bucket\'s objects only', arnFinding(this.bucket, '/*'));
  }
}
