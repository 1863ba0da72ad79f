import { Logger } from '@aws-lambda-powertools/logger';
import { createScanResultHandler } from '../../functions/scan-result/app';
import type { Clock } from '../../shared/adapters/clock';
import { createDocumentClient } from '../../shared/adapters/dynamo/client';
import { DirectoryRepository } from '../../shared/adapters/dynamo/directory-repository';
import { DocumentRepository } from '../../shared/adapters/dynamo/document-repository';
import { createS3Client } from '../../shared/adapters/documents/s3-client';
import { S3DocumentStore } from '../../shared/adapters/documents/s3-document-store';
import { DocumentService } from '../../shared/app/documents';
import type { ScanResultEvent } from '../../shared/domain/documents/scan';
import { standInScanner, type StandInScanner } from './malware-scanner';
import { startS3Local, type S3Local } from './s3-local';

/**
 * The documents bucket on one machine: s3rver on S3_PORT, and the path the cloud takes after an
 * upload (S3 → GuardDuty Malware Protection → EventBridge → functions/scan-result) as s3rver's
 * object-created event → the stand-in scanner → the real verdict function, built on the local
 * table as its Lambda entry builds it on the stage's.
 */
export interface LocalDocuments {
  /** Where the API presigns uploads and downloads: the address a client on this machine reaches. */
  endpoint: string;
  bucket: string;
  /** Where s3rver keeps the objects (with --in-memory, a scratch directory removed on stop). */
  directory: string;
  scanner: StandInScanner;
  /** Waits for the scans in hand, then stops s3rver (a scratch directory goes with it). */
  stop(): Promise<void>;
}

export interface LocalDocumentsOptions {
  port: number;
  /** Where objects are kept; a scratch directory removed on stop when absent (--in-memory). */
  directory?: string;
  bucket: string;
  dynamoEndpoint: string;
  tableName: string;
  clock: Clock;
  /** Where a scan that failed for good is told (stderr in npm start). */
  log?: (line: string) => void;
  /** Pause before the verdict's second and third attempt; EventBridge retries a failed target too. */
  retryDelaysMs?: readonly number[];
}

// Bound to loopback as the API is; URLs name it `localhost`, as the README's curl walk names the
// API, so the presigned URLs a client is handed point where that client reaches.
const HOST = '127.0.0.1';
const URL_HOST = 'localhost';

export async function startLocalDocuments(options: LocalDocumentsOptions): Promise<LocalDocuments> {
  const endpoint = `http://${URL_HOST}:${options.port}`;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const retryDelaysMs = options.retryDelaysMs ?? [1_000, 2_000];
  const doc = createDocumentClient({ endpoint: options.dynamoEndpoint, budget: 'background' });
  const s3 = createS3Client({ endpoint, budget: 'background' });
  const directory = new DirectoryRepository(doc, options.tableName);
  const documents = new DocumentService({ documents: new DocumentRepository(doc, options.tableName), store: new S3DocumentStore(s3, options.bucket), directory, clock: options.clock });
  const logger = new Logger({ serviceName: 'pantau-scan-result' });
  const verdicts = createScanResultHandler({ documents, bucket: options.bucket, clock: options.clock, logger });
  const verdictFunction = async (event: ScanResultEvent) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await verdicts(event);
      } catch (error) {
        const delay = retryDelaysMs[attempt];
        if (delay === undefined) throw error;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  };
  const scanner = standInScanner({
    s3,
    bucket: options.bucket,
    verdictFunction,
    // A scan that fails is the document's problem, not the stack's: it stays SCANNING, as a
    // verdict EventBridge gave up on would leave it.
    onError: (error, key) => log(`Scan of ${options.bucket}/${key} failed (${retryDelaysMs.length + 1} attempts): ${error instanceof Error ? error.message : String(error)}; the document stays SCANNING.`),
  });

  let server: S3Local;
  try {
    server = await startS3Local({ port: options.port, host: HOST, ...(options.directory ? { directory: options.directory } : {}), buckets: [options.bucket], onObjectCreated: scanner.onObjectCreated });
  } catch (error) {
    doc.destroy();
    s3.destroy();
    throw error;
  }
  return {
    endpoint,
    bucket: options.bucket,
    directory: server.directory,
    scanner,
    async stop() {
      // The scans read from s3rver and write to the table: they finish before either goes.
      await scanner.idle();
      await server.stop();
      doc.destroy();
      s3.destroy();
    },
  };
}
