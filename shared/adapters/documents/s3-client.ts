import { S3Client } from '@aws-sdk/client-s3';
import { awsClientConfig, type AwsCallBudget } from '../aws/client-config';
import { S3DocumentStore } from './s3-document-store';

export interface DocumentBucketConfig {
  bucket: string;
  /** Set only for the local S3 emulator; in Lambda the SDK finds the regional endpoint. */
  endpoint?: string;
  region?: string;
  budget?: AwsCallBudget;
}

/** Reads DOCUMENTS_BUCKET (and S3_ENDPOINT for the local emulator) from the environment. */
export function documentBucketFromEnv(env: NodeJS.ProcessEnv = process.env): DocumentBucketConfig {
  const bucket = env.DOCUMENTS_BUCKET;
  if (!bucket) throw new Error('DOCUMENTS_BUCKET is not set');
  return { bucket, endpoint: env.S3_ENDPOINT || undefined, region: env.AWS_REGION || 'ap-southeast-3' };
}

/**
 * An S3 client for the documents bucket. Checksums only when an operation requires them: the
 * SDK's default (a CRC32 on every upload) would be signed into presigned PUTs as the checksum of
 * an empty body. The emulator is addressed by path (no bucket subdomains on localhost).
 */
export function createS3Client(config: Omit<DocumentBucketConfig, 'bucket'>): S3Client {
  return new S3Client({
    ...awsClientConfig(config.budget ?? 'request'),
    region: config.region ?? 'ap-southeast-3',
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(config.endpoint ? { endpoint: config.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } } : {}),
  });
}

export const documentStoreFor = (config: DocumentBucketConfig): S3DocumentStore => new S3DocumentStore(createS3Client(config), config.bucket);
