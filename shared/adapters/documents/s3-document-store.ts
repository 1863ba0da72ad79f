import { createHash } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { DocumentStore, PresignedUpload, StoredObjectHead } from './ports';

const hexToBase64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');
const base64ToHex = (b64: string) => Buffer.from(b64, 'base64').toString('hex');

/** Headers a presigned upload signs and the client must send: S3 refuses a body of another type, length or hash. */
const SIGNED_UPLOAD_HEADERS = new Set(['content-type', 'content-length', 'x-amz-checksum-sha256']);

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
}

/**
 * The documents bucket on S3 (or an S3 emulator at an endpoint). The client must be built with
 * `requestChecksumCalculation: 'WHEN_REQUIRED'`: otherwise SDK v3 adds a CRC32 of an empty body to
 * every presigned PUT, which S3 then holds the real upload to and refuses.
 */
export class S3DocumentStore implements DocumentStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async presignUpload({ key, contentType, size, sha256, expiresInSeconds }: { key: string; contentType: PresignedUpload['headers'][string]; size: number; sha256: string; expiresInSeconds: number }): Promise<PresignedUpload> {
    const checksum = hexToBase64(sha256);
    const command = new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentType: contentType, ContentLength: size, ChecksumSHA256: checksum });
    // The checksum stays a header (not hoisted into the query), so S3 checks the body against it.
    const url = await getSignedUrl(this.s3, command, { expiresIn: expiresInSeconds, signableHeaders: SIGNED_UPLOAD_HEADERS, unhoistableHeaders: new Set(['x-amz-checksum-sha256']) });
    return { method: 'PUT', url, headers: { 'content-type': contentType, 'content-length': String(size), 'x-amz-checksum-sha256': checksum } };
  }

  async head(key: string): Promise<StoredObjectHead | undefined> {
    try {
      const head = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key, ChecksumMode: 'ENABLED' }));
      return { size: Number(head.ContentLength ?? 0), ...(head.ChecksumSHA256 && !head.ChecksumSHA256.includes('-') ? { sha256: base64ToHex(head.ChecksumSHA256) } : {}) };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async firstBytes(key: string, count: number): Promise<Uint8Array> {
    const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: `bytes=0-${count - 1}` }));
    const bytes = await object.Body!.transformToByteArray();
    // An emulator that ignores Range sends the whole object: keep only what was asked for.
    return bytes.subarray(0, count);
  }

  async sha256Of(key: string): Promise<string> {
    const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    return createHash('sha256').update(await object.Body!.transformToByteArray()).digest('hex');
  }

  presignDownload({ key, contentType, filename, expiresInSeconds }: { key: string; contentType: string; filename: string; expiresInSeconds: number }): Promise<string> {
    const command = new GetObjectCommand({ Bucket: this.bucket, Key: key, ResponseContentType: contentType, ResponseContentDisposition: `inline; filename="${filename}"` });
    return getSignedUrl(this.s3, command, { expiresIn: expiresInSeconds });
  }
}
