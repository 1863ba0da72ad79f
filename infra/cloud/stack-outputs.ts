/**
 * The stack's name and the outputs that operations scripts read (scripts/replay.ts), written once
 * for the stack that declares them and the scripts that look them up. No CDK import: a script
 * loads this without loading the CDK.
 */

export const stackName = (stage: string) => `Pantau-${stage}`;

/** CfnOutput ids (and so output keys) of what the replay command needs, by what it is. */
export const REPLAY_OUTPUTS = {
  /** The stream's on-failure destination: one object per batch given up on. */
  failedRecordsBucket: 'FailedStreamRecordsBucketName',
  /** Announces each new object in the bucket; its depth is alarmed. */
  failedRecordsQueueUrl: 'FailedStreamRecordsQueueUrl',
  onChangeFunction: 'OnChangeFunctionName',
  emailQueueArn: 'EmailQueueArn',
  emailDeadLettersUrl: 'EmailDeadLettersUrl',
  emailDeadLettersArn: 'EmailDeadLettersArn',
  smsQueueArn: 'SmsQueueArn',
  smsDeadLettersUrl: 'SmsDeadLettersUrl',
  smsDeadLettersArn: 'SmsDeadLettersArn',
  /** Failed scheduler targets and failed async invocations of the job function. */
  jobsDeadLettersUrl: 'JobsDeadLettersUrl',
  jobsFunction: 'JobsFunctionName',
} as const;

export type ReplayOutput = keyof typeof REPLAY_OUTPUTS;

/** CfnOutput ids of what starts a national records import (docs/records-import-at-scale.md): the bucket a file is uploaded to and the state machine run over it. */
export const IMPORT_OUTPUTS = {
  bucket: 'ImportBucketName',
  stateMachine: 'ImportStateMachineArn',
} as const;

export type ImportOutput = keyof typeof IMPORT_OUTPUTS;
