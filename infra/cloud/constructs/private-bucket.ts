import { Duration } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { StageConfig } from '../stage-config';

/**
 * What every bucket of personal data is: SSE-S3 (readers are decided by the bucket policy and
 * their roles, and GuardDuty reads it with no key policy of ours), no public access, TLS only, and
 * ACLs disabled.
 */
export const PRIVATE_BUCKET = {
  encryption: BucketEncryption.S3_MANAGED,
  blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
  enforceSSL: true,
  objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
} as const;

/**
 * The S3 server access logs of a bucket of personal data: who fetched which object, which only S3's
 * own log can say of a presigned URL. Kept as long as the stage's logs; emptied with a dev stack.
 */
export function accessLogsBucket(scope: Construct, id: string, config: StageConfig): Bucket {
  return new Bucket(scope, id, {
    ...PRIVATE_BUCKET,
    lifecycleRules: [{ expiration: Duration.days(config.logRetentionDays) }],
    removalPolicy: config.removalPolicy,
    autoDeleteObjects: !config.deletionProtection,
  });
}
