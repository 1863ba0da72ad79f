import { S3Client } from '@aws-sdk/client-s3';
import { awsClientConfig, clientEndpointFromEnv, endpointSettings, type AwsCallBudget, type ClientEndpoint } from '../aws/client-config';
import { S3DocumentStore } from './s3-document-store';

export interface DocumentBucketConfig extends ClientEndpoint {
  bucket: string;
  budget?: AwsCallBudget;
}

/** Reads DOCUMENTS_BUCKET (and S3_ENDPOINT for the local emulator) from the environment. */
export function documentBucketFromEnv(env: NodeJS.ProcessEnv = process.env): DocumentBucketConfig {
  const bucket = env.DOCUMENTS_BUCKET;
  if (!bucket) throw new Error('DOCUMENTS_BUCKET is not set');
  return { bucket, ...clientEndpointFromEnv('S3_ENDPOINT', env) };
}

/**
 * An S3 client for the documents bucket. Checksums only when an operation requires them: the
 * SDK's default (a CRC32 on every upload) would be signed into presigned PUTs as the checksum of
 * an empty body. The emulator is addressed by path (no bucket subdomains on localhost).
 */
export function createS3Client(config: Omit<DocumentBucketConfig, 'bucket'>): S3Client {
  return new S3Client({
    ...awsClientConfig(config.budget ?? 'request'),
    ...endpointSettings(config, { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }),
    forcePathStyle: config.endpoint !== undefined,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

export const documentStoreFor = (config: DocumentBucketConfig): S3DocumentStore => new S3DocumentStore(createS3Client(config), config.bucket);
