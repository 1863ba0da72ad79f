import { CfnOutput, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import { AwsCustomResource } from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';
import { Api } from './constructs/api';
import { ApiFunction } from './constructs/api-function';
import { TrackingKeys } from './constructs/tracking-keys';
import { Auth } from './constructs/auth';
import { Data } from './constructs/data';
import { Documents } from './constructs/documents';
import { Jobs } from './constructs/jobs';
import { Monitoring } from './constructs/monitoring';
import { Notifications } from './constructs/notifications';
import { RecordsImport } from './constructs/records-import';
import { acknowledge, BASIC_EXECUTION_ROLE_FINDING } from './nag';
import { IMPORT_OUTPUTS, REPLAY_OUTPUTS, stackName } from './stack-outputs';
import type { StageConfig } from './stage-config';

export interface PantauStackProps extends Omit<StackProps, 'env'> {
  config: StageConfig;
}

export { stackName };

/** One stage of Pantau: its table, its documents, its users, its API, its notifications, its scheduled jobs. Every stage differs only by its config. */
export class PantauStack extends Stack {
  readonly data: Data;
  readonly documents: Documents;
  readonly auth: Auth;
  readonly apiFunction: ApiFunction;
  readonly trackingKeys: TrackingKeys;
  readonly api: Api;
  readonly monitoring: Monitoring;
  readonly notifications: Notifications;
  readonly jobs: Jobs;
  readonly recordsImport: RecordsImport;

  constructor(scope: Construct, id: string, { config, ...props }: PantauStackProps) {
    super(scope, id, {
      ...props,
      // Account left unresolved unless cdk.json names one: synth needs no credentials or lookups.
      env: { region: config.region, ...(config.account ? { account: config.account } : {}) },
      description: `Pantau (${config.stage}): proposals API, table, documents, user pool, notifications and scheduled jobs`,
      // Refuse `cdk destroy` on stages whose data we keep.
      terminationProtection: config.deletionProtection,
    });
    Tags.of(this).add('project', 'pantau');
    Tags.of(this).add('stage', config.stage);

    this.data = new Data(this, 'Data', { config });
    this.monitoring = new Monitoring(this, 'Monitoring', { config });
    this.documents = new Documents(this, 'Documents', { config, table: this.data.table, monitoring: this.monitoring });
    this.auth = new Auth(this, 'Auth', { config });
    this.trackingKeys = new TrackingKeys(this, 'TrackingKeys', { config });
    this.apiFunction = new ApiFunction(this, 'ApiFunction', { config, table: this.data.table, trackingKeys: this.trackingKeys, documents: this.documents, auth: this.auth });
    this.api = new Api(this, 'Api', {
      config,
      handler: this.apiFunction.fn,
      issuerUrl: this.auth.issuerUrl,
      audience: [this.auth.client.userPoolClientId],
    });

    this.notifications = new Notifications(this, 'Notifications', { config, table: this.data.table, monitoring: this.monitoring, trackingKeys: this.trackingKeys });
    this.jobs = new Jobs(this, 'Jobs', { config, table: this.data.table, topic: this.notifications.topic, monitoring: this.monitoring });
    this.recordsImport = new RecordsImport(this, 'RecordsImport', { config, table: this.data.table, monitoring: this.monitoring });

    // CDK's own singleton Lambdas, created at the stack's root: the bucket notifications handler
    // and the AwsCustomResource provider. They are CDK's code and role, not ours to reshape.
    const awsCustomResourceProvider = `AWS${AwsCustomResource.PROVIDER_FUNCTION_UUID.replaceAll('-', '')}`;
    for (const child of this.node.children) {
      if (child.node.id.startsWith('BucketNotificationsHandler') || child.node.id === awsCustomResourceProvider) {
        acknowledge(child, 'AwsSolutions-IAM4', 'a CDK-provided singleton Lambda (bucket notifications, SMS settings custom resource), deploy-time only, on the basic execution policy CDK gives it', BASIC_EXECUTION_ROLE_FINDING);
      }
    }

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.auth.client.userPoolClientId });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'DocumentsBucketName', { value: this.documents.bucket.bucketName, description: 'Uploaded documents (presigned URLs only), scanned by GuardDuty' });
    new CfnOutput(this, 'ScanResultDeadLettersUrl', { value: this.documents.deadLetters.queueUrl, description: 'Malware verdicts given up on (EventBridge target, async invocations)' });
    new CfnOutput(this, 'NotificationsTopicArn', { value: this.notifications.topic.topicArn, description: 'Domain events; other subscribers attach here' });
    new CfnOutput(this, 'EmailQueueUrl', { value: this.notifications.queues.email.queue.queueUrl });
    new CfnOutput(this, 'SmsQueueUrl', { value: this.notifications.queues.sms.queue.queueUrl });
    new CfnOutput(this, REPLAY_OUTPUTS.jobsFunction, {
      value: this.jobs.fn.functionName,
      description: 'Runs a job by hand: aws lambda invoke --payload \'{"job":"reminders","now":"<ISO>"}\'',
    });

    // What `npm run replay -- --stage <stage>` looks up (scripts/replay.ts): the failed stream
    // records, the dead-letter queues with the queues they redrive to, and the functions it invokes.
    const { queues } = this.notifications;
    const outputs: Record<Exclude<keyof typeof REPLAY_OUTPUTS, 'jobsFunction'>, [string, string]> = {
      failedRecordsBucket: [this.notifications.failedRecords.bucketName, 'Failed stream records (Lambda\'s S3 on-failure destination)'],
      failedRecordsQueueUrl: [this.notifications.failedRecordsQueue.queueUrl, 'One message per object put in the failed-records bucket'],
      onChangeFunction: [this.notifications.onChange.functionName, 'The stream handler; replays of failed stream records go through it'],
      emailQueueArn: [queues.email.queue.queueArn, 'Where the email dead letters are redriven to'],
      emailDeadLettersUrl: [queues.email.deadLetters.queueUrl, 'Emails given up on'],
      emailDeadLettersArn: [queues.email.deadLetters.queueArn, 'Emails given up on'],
      smsQueueArn: [queues.sms.queue.queueArn, 'Where the SMS dead letters are redriven to'],
      smsDeadLettersUrl: [queues.sms.deadLetters.queueUrl, 'SMS given up on'],
      smsDeadLettersArn: [queues.sms.deadLetters.queueArn, 'SMS given up on'],
      jobsDeadLettersUrl: [this.jobs.deadLetters.queueUrl, 'Scheduled job runs given up on (scheduler targets, async invocations)'],
    };
    for (const [key, [value, description]] of Object.entries(outputs) as [keyof typeof outputs, [string, string]][]) {
      new CfnOutput(this, REPLAY_OUTPUTS[key], { value, description });
    }

    // What starts a national records import: upload the file under incoming/ of this bucket, then
    // `aws stepfunctions start-execution --state-machine-arn <arn> --input '{"bucket":…,"key":"incoming/…","format":"CSV","runId":…,"scope":…}'`.
    new CfnOutput(this, IMPORT_OUTPUTS.bucket, { value: this.recordsImport.bucket.bucketName, description: 'SIASN files to import (incoming/), their rejects (rejects/<runId>/) and map results (results/<runId>/)' });
    new CfnOutput(this, IMPORT_OUTPUTS.stateMachine, { value: this.recordsImport.stateMachine.stateMachineArn, description: 'Imports one uploaded file of employee records in batches (distributed map)' });
  }
}
