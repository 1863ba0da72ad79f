import { createHash } from 'node:crypto';
import type { Actor } from '../../shared/domain/actors';
import type { TestRequest, TestResponse } from './api';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createScanResultHandler } from '../../functions/scan-result/app';
import { standInScanner } from '../../infra/local/malware-scanner';
import { createS3Client } from '../../shared/adapters/documents/s3-client';
import type { Clock } from '../../shared/adapters/clock';
import { DirectoryRepository } from '../../shared/adapters/dynamo/directory-repository';
import { DocumentRepository } from '../../shared/adapters/dynamo/document-repository';
import { DocumentService } from '../../shared/app/documents';
import type { ServiceType } from '../../shared/domain/catalog/types';
import { documentStoreFor } from '../../shared/adapters/documents/s3-client';
import type { S3DocumentStore } from '../../shared/adapters/documents/s3-document-store';

/** The bucket the tests' S3 emulator serves. */
export const TEST_BUCKET = 'pantau-test-documents';

/**
 * The documents store for a test's API: the S3 emulator the suite started (PANTAU_TEST_S3_ENDPOINT),
 * or, for a test that never touches documents, an endpoint where nothing listens (a document call
 * there fails as S3 being down does).
 */
export function testDocumentStore(endpoint: string = process.env.PANTAU_TEST_S3_ENDPOINT ?? 'http://127.0.0.1:9'): S3DocumentStore {
  return documentStoreFor({ bucket: TEST_BUCKET, endpoint, budget: 'local' });
}

/** A small real PDF: one A4 page saying `text`, valid enough for any viewer. */
export function pdfBytes(text: string): Buffer {
  const stream = `BT /F1 18 Tf 72 760 Td (${text.replace(/[()\\]/g, '')}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** The EICAR test file: every scanner flags it; the local stand-in does too. */
export const EICAR_BYTES = Buffer.from(String.raw`X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*`, 'latin1');

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** What a test's API call looks like: the handler behind `call`, with the contract check or not. */
export type Api = (request: TestRequest) => Promise<TestResponse>;

/**
 * Gives one document as a client does: asks for a grant, PUTs the bytes to the presigned URL with
 * the headers it names, registers the grant. Returns each answer, for tests that look closer.
 */
export async function uploadDocument(api: Api, as: Actor, proposalId: string, code: string, bytes: Buffer, contentType = 'application/pdf') {
  const grant = await api({ method: 'POST', path: `/proposals/${proposalId}/documents/${code}/uploads`, as, body: { contentType, size: bytes.length, sha256: sha256Hex(bytes) } });
  if (grant.status !== 201) throw new Error(`grant for ${code}: ${grant.status} ${grant.text}`);
  const upload = grant.body.upload as { url: string; headers: Record<string, string> };
  const { 'content-length': _length, ...headers } = upload.headers;
  const put = await fetch(upload.url, { method: 'PUT', headers, body: bytes });
  if (put.status !== 200) throw new Error(`upload of ${code}: ${put.status} ${await put.text()}`);
  const registered = await api({ method: 'POST', path: `/proposals/${proposalId}/documents/${code}/versions`, as, body: { grantId: grant.body.grantId } });
  return { grant, registered };
}

/**
 * What a test needs to give documents through the API: the store on the suite's S3 emulator, and
 * a scanner standing in for GuardDuty. The emulator runs in the suite's global setup, out of reach
 * of a test file's events, so `give` remembers each object it uploaded and `scanAll` hands the
 * stand-in what S3 would have notified, then waits for the verdicts.
 */
export function documentsWorld(options: { doc: DynamoDBDocumentClient; tableName: string; clock: Clock; endpoint: string }) {
  const store = testDocumentStore(options.endpoint);
  const directory = new DirectoryRepository(options.doc, options.tableName);
  const verdicts = createScanResultHandler({
    documents: new DocumentService({ documents: new DocumentRepository(options.doc, options.tableName), store, directory, clock: options.clock }),
    bucket: TEST_BUCKET,
    clock: options.clock,
  });
  const failures: unknown[] = [];
  const scanner = standInScanner({ s3: createS3Client({ endpoint: options.endpoint, budget: 'local' }), bucket: TEST_BUCKET, verdictFunction: verdicts, onError: (error) => failures.push(error) });
  const pending: string[] = [];
  return {
    store,
    /** Uploads and registers one file as a client does, and queues it for the scanner. */
    async give(api: Api, as: Actor, proposalId: string, code: string, bytes: Buffer, contentType = 'application/pdf') {
      const result = await uploadDocument(api, as, proposalId, code, bytes, contentType);
      pending.push(`${proposalId}/${code}/${sha256Hex(bytes)}`);
      return result;
    },
    /** Every file given so far scanned, its verdict recorded. */
    async scanAll() {
      for (const key of pending.splice(0)) scanner.onObjectCreated({ eventName: 'ObjectCreated:Put', s3: { bucket: { name: TEST_BUCKET }, object: { key } } });
      await scanner.idle();
      if (failures.length) throw failures[0];
    },
  };
}
export type DocumentsWorld = ReturnType<typeof documentsWorld>;

/**
 * Fills a draft's checklist as an applicant does for a test that is about something else: a real
 * PDF uploaded for every kind that must be uploaded, scanned clean (references for the kinds the
 * catalog lets live in a records system go in the filing itself: `referencesFor`).
 */
export async function uploadRequired(world: DocumentsWorld, api: Api, as: Actor, proposalId: string, type: ServiceType): Promise<void> {
  for (const requirement of type.requiredDocuments.filter((d) => !d.externalIn)) {
    const contentType = requirement.contentTypes?.includes('application/pdf') === false ? 'image/png' : 'application/pdf';
    const bytes = contentType === 'image/png' ? PNG_BYTES : pdfBytes(`${requirement.code} ${proposalId}`);
    const { registered } = await world.give(api, as, proposalId, requirement.code, bytes, contentType);
    if (registered.status !== 201) throw new Error(`registering ${requirement.code}: ${registered.status} ${registered.text}`);
  }
  await world.scanAll();
}

/** The references a filing gives for the kinds the catalog lets live in a records system. */
export const referencesFor = (type: ServiceType) => type.requiredDocuments.filter((d) => d.externalIn).map((d) => ({ code: d.code, reference: `dms://${d.code.toLowerCase()}` }));

/** A one-pixel PNG: a passport photo's stand-in. */
export const PNG_BYTES = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
