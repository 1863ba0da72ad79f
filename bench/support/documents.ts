import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { Socket } from 'node:net';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createScanResultHandler } from '../../functions/scan-result/app';
import { standInScanner, type StandInScanner } from '../../infra/local/malware-scanner';
import type { Clock } from '../../shared/adapters/clock';
import { createS3Client } from '../../shared/adapters/documents/s3-client';
import { S3DocumentStore } from '../../shared/adapters/documents/s3-document-store';
import { DirectoryRepository } from '../../shared/adapters/dynamo/directory-repository';
import { DocumentRepository } from '../../shared/adapters/dynamo/document-repository';
import { DocumentService } from '../../shared/app/documents';
import { pdfBytes } from '../../test/support/documents';
import { expectStatus, type ApiHandler } from './api-calls';
import { StorageMeter } from './storage-meter';

/** The documents bucket the benchmark's S3 emulator serves. */
export const BENCH_BUCKET = 'pantau-bench-documents';

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** A small JPEG (a passport photo's first bytes and an end marker): what a kind that takes images only is given. */
export function jpegBytes(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]), Buffer.from(text), Buffer.from([0xff, 0xd9])]);
}

/** A file of a type the kind accepts (a PDF where it may, a JPEG otherwise), saying `text`. */
export function fileFor(contentTypes: readonly string[], text: string): { bytes: Buffer; contentType: string } {
  return contentTypes.includes('application/pdf') ? { bytes: pdfBytes(text), contentType: 'application/pdf' } : { bytes: jpegBytes(text), contentType: 'image/jpeg' };
}

/** One HTTP exchange with S3 (the presigned PUT or GET), counted at the socket as the wire section counts the API. */
export interface Transfer {
  status: number;
  bytesUp: number;
  bytesDown: number;
  /** The body that came back (the file, for a GET). */
  body: Buffer;
}

/** A request on a fresh connection (S3 is another host than the API), its bytes counted at the socket. */
export function transfer(url: string, method: 'PUT' | 'GET', headers: Record<string, string> = {}, body?: Buffer): Promise<Transfer> {
  return new Promise((resolve, reject) => {
    let socket: Socket | undefined;
    const req = httpRequest(url, { method, headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        if (!socket) return reject(new Error(`${method} ${url}: answered without a socket`));
        resolve({ status: response.statusCode ?? 0, bytesUp: socket.bytesWritten, bytesDown: socket.bytesRead, body: Buffer.concat(chunks) });
      });
    });
    req.on('socket', (s: Socket) => {
      socket = s;
    });
    req.on('error', reject);
    req.end(body);
  });
}

export interface BenchDocuments {
  /** The store the API is given: Pantau's own S3 client, its requests counted by `storage`. */
  store: S3DocumentStore;
  storage: StorageMeter;
  /** The verdict function (functions/scan-result) on the same table and store. */
  verdicts: (event: unknown) => Promise<void>;
  /** Scans one stored object with the local stand-in and hands its verdict to the verdict function; resolves when recorded. */
  scan(key: string): Promise<void>;
}

/** The documents side of a benchmark world: the store on the emulator, the stand-in scanner (its own S3 client, not counted) and the verdict function. */
export function benchDocuments({ s3Endpoint, doc, tableName, clock }: { s3Endpoint: string; doc: DynamoDBDocumentClient; tableName: string; clock: Clock }): BenchDocuments {
  const s3 = createS3Client({ endpoint: s3Endpoint, budget: 'local' });
  const storage = StorageMeter.attach(s3);
  const store = new S3DocumentStore(s3, BENCH_BUCKET);
  const documents = new DocumentService({ documents: new DocumentRepository(doc, tableName), store, directory: new DirectoryRepository(doc, tableName), clock });
  const verdicts = createScanResultHandler({ documents, bucket: BENCH_BUCKET, clock });
  // What GuardDuty reads is GuardDuty's cost, not Pantau's: the scanner reads with a client of its own.
  const scanner: StandInScanner = standInScanner({
    s3: createS3Client({ endpoint: s3Endpoint, budget: 'local' }),
    bucket: BENCH_BUCKET,
    verdictFunction: verdicts,
    onError: (error, key) => {
      throw new Error(`scanning ${key}: ${error instanceof Error ? error.message : String(error)}`);
    },
  });
  return {
    store,
    storage,
    verdicts,
    async scan(key) {
      scanner.onObjectCreated({ eventName: 'ObjectCreated:Put', s3: { bucket: { name: BENCH_BUCKET }, object: { key } } });
      await scanner.idle();
    },
  };
}

/**
 * One document given as a client gives it, through the API handler in process: the grant, the
 * bytes PUT to the presigned URL with the headers it names, the registration; then the stand-in's
 * scan and verdict, as S3's notification would start it. Answers the registration and the key.
 */
export async function giveDocument(api: ApiHandler, docs: BenchDocuments, as: string, proposalId: string, code: string, file: { bytes: Buffer; contentType: string }) {
  const grant = await expectStatus(api, { method: 'POST', path: `/proposals/${proposalId}/documents/${code}/uploads`, as, body: { contentType: file.contentType, size: file.bytes.length, sha256: sha256Hex(file.bytes) } }, 201);
  const upload = grant.body.upload as { url: string; headers: Record<string, string> };
  const put = await transfer(upload.url, 'PUT', upload.headers, file.bytes);
  if (put.status !== 200) throw new Error(`the upload of ${code} answered ${put.status}: ${put.body.toString('utf8').slice(0, 300)}`);
  const registered = await expectStatus(api, { method: 'POST', path: `/proposals/${proposalId}/documents/${code}/versions`, as, body: { grantId: grant.body.grantId } }, 201);
  const key = `${proposalId}/${code}/${sha256Hex(file.bytes)}`;
  await docs.scan(key);
  return { registered, key };
}
