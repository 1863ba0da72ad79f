import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

/**
 * s3rver, the S3 emulator from npm, in this process: the documents bucket on one machine. It
 * serves what Pantau calls (presigned PUT and GET, HeadObject, ranged GetObject) and keeps objects
 * as files. It does NOT verify what S3 does on upload: it accepts any V4 signature (its V4 check
 * is unimplemented), any x-amz-checksum-sha256, any body length and content type. Pantau's
 * registration catches each of those (size, SHA-256 computed from the bytes when storage keeps no
 * checksum, the file's first bytes), as test/integration/documents-emulator.test.ts shows.
 */
export interface S3Local {
  endpoint: string;
  /** Where the objects are: the given directory, or the scratch one removed on stop. */
  directory: string;
  stop(): Promise<void>;
}

/** One S3 record of the object-created notifications s3rver emits (the shape S3 sends to SNS/SQS/Lambda). */
export interface S3CreatedRecord {
  eventName: string;
  s3: { bucket: { name: string }; object: { key: string; size?: number } };
}

export interface S3LocalOptions {
  port: number;
  host?: string;
  /** Where objects are kept; a scratch directory, removed on stop, when absent (--in-memory). */
  directory?: string;
  buckets: readonly string[];
  /** Called for each object stored: the local stand-in for S3's event notifications. */
  onObjectCreated?: (record: S3CreatedRecord) => void;
}

export async function startS3Local({ port, host = '127.0.0.1', directory, buckets, onObjectCreated }: S3LocalOptions): Promise<S3Local> {
  const scratch = directory ? undefined : await mkdtemp(join(tmpdir(), 'pantau-s3-'));
  // A process that exits without stop() (npm start's second Ctrl-C, a stop that timed out) takes
  // its scratch directory with it all the same; only a SIGKILL leaves one behind.
  const removeScratch = () => rmSync(scratch!, { recursive: true, force: true });
  if (scratch) process.once('exit', removeScratch);
  const server = new S3rver({
    port,
    address: host,
    silent: true,
    directory: directory ?? scratch!,
    // Path-style only: bucket subdomains of localhost do not resolve everywhere.
    vhostBuckets: false,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  if (onObjectCreated) {
    server.on('event', (event: { Records?: S3CreatedRecord[] }) => {
      for (const record of event.Records ?? []) if (record.eventName.startsWith('ObjectCreated')) onObjectCreated(record);
    });
  }
  await server.run();
  return {
    endpoint: `http://${host}:${port}`,
    directory: directory ?? scratch!,
    async stop() {
      await server.close();
      if (scratch) {
        process.off('exit', removeScratch);
        await rm(scratch, { recursive: true, force: true });
      }
    },
  };
}
