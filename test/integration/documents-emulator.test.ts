import { randomUUID } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createApiHandler } from '../../functions/api/app';
import { createS3Client } from '../../shared/adapters/documents/s3-client';
import type { S3DocumentStore } from '../../shared/adapters/documents/s3-document-store';
import { CalendarRepository } from '../../shared/adapters/dynamo/calendar-repository';
import { DirectoryRepository } from '../../shared/adapters/dynamo/directory-repository';
import { keys } from '../../shared/adapters/dynamo/keys';
import { CALENDAR_2026 } from '../../shared/domain/calendar';
import { kenaikanPangkat } from '../../shared/domain/catalog/kenaikan-pangkat';
import { DEFAULT_MAX_BYTES } from '../../shared/domain/documents/types';
import type { Actor } from '../../shared/domain/actors';
import { call, type Handler, type TestResponse } from '../support/api';
import { checkAnswer } from '../support/contract';
import { pdfBytes, sha256Hex, TEST_BUCKET, testDocumentStore, type Api } from '../support/documents';
import { ACTORS, EMPLOYEES, ORGS } from '../support/fixtures';
import { freshTable } from '../support/table';
import { testTrackingLinks } from '../support/tracking-links';
import { noIdentity, seedStaff } from '../support/staff';

/**
 * What the local S3 emulator (s3rver 3.7.1) checks and what it does not, and that Pantau's
 * registration holds the line where it does not: every upload S3 would refuse but s3rver stores is
 * refused at registration, with nothing written. Then the other ways a grant or a registration
 * goes wrong, each a clear 4xx that leaves the proposal as it was.
 */

let api: Api;
let endpoint: string;
let store: S3DocumentStore;
let doc: DynamoDBDocumentClient;
let tableName: string;
const s3 = () => createS3Client({ endpoint, budget: 'local' });
const NOW = '2026-11-02T02:00:00.000Z'; // Monday 09:00 WIB, inside the February 2027 window

// A real 1×1 PNG.
const PNG_BYTES = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

beforeAll(async () => {
  ({ doc, tableName } = await freshTable());
  const directory = new DirectoryRepository(doc, tableName);
  for (const org of Object.values(ORGS)) await directory.putOrganisation(org);
  await seedStaff(doc, tableName);
  for (const employee of Object.values(EMPLOYEES)) await directory.putEmployee(employee);
  await new CalendarRepository(doc, tableName).put(CALENDAR_2026);
  endpoint = inject('s3Endpoint');
  store = testDocumentStore(endpoint);
  const handler = createApiHandler({ trackingLinks: testTrackingLinks(), identity: noIdentity, documentStore: store, doc, tableName, clock: { now: () => new Date(NOW) } }) as unknown as Handler;
  api = async (request) => {
    const answer = await call(handler, request);
    checkAnswer({ method: request.method ?? 'GET', path: request.path, status: answer.status, headers: answer.headers, text: answer.text });
    return answer;
  };
});

async function promotionDraft(): Promise<string> {
  const created = await api({ method: 'POST', path: '/proposals', as: ACTORS.opSleman, body: { serviceType: 'KENAIKAN_PANGKAT', nip: EMPLOYEES.sari.nip, payload: kenaikanPangkat.examplePayload } });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

interface Grant {
  grantId: string;
  upload: { url: string; headers: Record<string, string> };
}

async function grantFor(id: string, code: string, declared: { contentType: string; bytes: Buffer }, as: Actor = ACTORS.opSleman): Promise<Grant> {
  const answer = await api({ method: 'POST', path: `/proposals/${id}/documents/${code}/uploads`, as, body: { contentType: declared.contentType, size: declared.bytes.length, sha256: sha256Hex(declared.bytes) } });
  expect(answer.status, answer.text).toBe(201);
  return answer.body as Grant;
}

/** A PUT to the grant's URL with its headers, except where the test sends others; fetch sets the length from the body. */
async function put(grant: Grant, body: Buffer, headers: Record<string, string> = {}) {
  const { 'content-length': _length, ...signed } = grant.upload.headers;
  return fetch(grant.upload.url, { method: 'PUT', headers: { ...signed, ...headers }, body });
}

const register = (id: string, code: string, grantId: string, as: Actor = ACTORS.opSleman) =>
  api({ method: 'POST', path: `/proposals/${id}/documents/${code}/versions`, as, body: { grantId } });

/** Every item of the proposal's partition (proposal, history, documents, grants, openings), as stored. */
async function stored(id: string): Promise<Record<string, unknown>[]> {
  const { Items } = await doc.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.proposal(id).pk }, ConsistentRead: true }));
  return Items ?? [];
}

/** What the client sees of the proposal: its version, history and checklist. */
async function seen(id: string) {
  const view = await api({ path: `/proposals/${id}`, as: ACTORS.opSleman });
  const list = await api({ path: `/proposals/${id}/documents`, as: ACTORS.opSleman });
  return { version: view.body.version, history: view.body.history, documents: list.body.documents };
}

/** Runs `act`, expects a 4xx problem with `code`, and that nothing of the proposal changed. */
async function refusedUnchanged(id: string, act: () => Promise<TestResponse>, code: string, status: number): Promise<Record<string, unknown>> {
  const [itemsBefore, before] = [await stored(id), await seen(id)];
  // The comparison below means something only if it sees the proposal's items.
  expect(itemsBefore.map((item) => item.sk)).toContain('META');
  const answer = await act();
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.headers['content-type']).toBe('application/problem+json');
  expect(answer.body.code).toBe(code);
  expect(await seen(id)).toEqual(before);
  expect(await stored(id)).toEqual(itemsBefore);
  return answer.body;
}

const fieldsOf = (problem: Record<string, unknown>) => (problem.errors as { path: string }[]).map((e) => e.path);

describe('s3rver, the local S3', () => {
  it('serves the presigned PUT and GET, and HeadObject with the size but no SHA-256', async () => {
    const id = await promotionDraft();
    const bytes = pdfBytes('SK pangkat terakhir');
    const grant = await grantFor(id, 'SK_PANGKAT_TERAKHIR', { contentType: 'application/pdf', bytes });
    const key = `${id}/SK_PANGKAT_TERAKHIR/${sha256Hex(bytes)}`;
    expect(new URL(grant.upload.url).pathname).toBe(`/${TEST_BUCKET}/${key}`);
    expect(grant.upload.headers).toEqual({ 'content-type': 'application/pdf', 'content-length': String(bytes.length), 'x-amz-checksum-sha256': Buffer.from(sha256Hex(bytes), 'hex').toString('base64') });
    expect((await put(grant, bytes)).status).toBe(200);

    // It keeps no checksum: registration hashes the bytes itself.
    expect(await store.head(key)).toEqual({ size: bytes.length });
    const head = await s3().send(new HeadObjectCommand({ Bucket: TEST_BUCKET, Key: key, ChecksumMode: 'ENABLED' }));
    expect(head.ChecksumSHA256).toBeUndefined();
    expect(head.ContentType).toBe('application/pdf');

    const url = await store.presignDownload({ key, contentType: 'application/pdf', filename: `${id}-SK_PANGKAT_TERAKHIR-v1.pdf`, expiresInSeconds: 60 });
    const got = await fetch(url);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/pdf');
    expect(got.headers.get('content-disposition')).toBe(`inline; filename="${id}-SK_PANGKAT_TERAKHIR-v1.pdf"`);
    expect(Buffer.from(await got.arrayBuffer()).equals(bytes)).toBe(true);
    // A ranged GET (registration reads a file's first bytes so).
    expect(Buffer.from(await store.firstBytes(key, 5)).toString('latin1')).toBe('%PDF-');

    const registered = await register(id, 'SK_PANGKAT_TERAKHIR', grant.grantId);
    expect(registered.status).toBe(201);
    expect(registered.body.document).toMatchObject({ version: 1, sha256: sha256Hex(bytes), size: bytes.length, contentType: 'application/pdf', state: 'SCANNING' });
  });

  it('does not check the signature: an unsigned PUT and a forged signature are stored; only an expired URL is refused', async () => {
    const probe = `emulator-probe/${randomUUID()}`;
    const unsigned = await fetch(`${endpoint}/${TEST_BUCKET}/${probe}`, { method: 'PUT', body: 'no signature at all' });
    expect(unsigned.status).toBe(200);
    const client = s3();
    const signed = new URL(await getSignedUrl(client, new PutObjectCommand({ Bucket: TEST_BUCKET, Key: probe }), { expiresIn: 60 }));
    signed.searchParams.set('X-Amz-Signature', '0'.repeat(64));
    expect((await fetch(signed, { method: 'PUT', body: 'forged signature' })).status).toBe(200);
    const object = await client.send(new GetObjectCommand({ Bucket: TEST_BUCKET, Key: probe }));
    expect(await object.Body!.transformToString()).toBe('forged signature');

    const expired = await getSignedUrl(client, new PutObjectCommand({ Bucket: TEST_BUCKET, Key: probe }), { expiresIn: 60, signingDate: new Date(Date.now() - 10 * 60_000) });
    const refused = await fetch(expired, { method: 'PUT', body: 'too late' });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('<Code>AccessDenied</Code>');
  });

  it('stores a body whose SHA-256 is not the signed checksum; registration refuses it (sha256) and writes nothing, and the right file then registers', async () => {
    const id = await promotionDraft();
    const granted = pdfBytes('SKP dua tahun, asli');
    const other = pdfBytes('SKP dua tahun, lain');
    expect(other.length).toBe(granted.length);
    const grant = await grantFor(id, 'SKP_DUA_TAHUN', { contentType: 'application/pdf', bytes: granted });
    // S3 answers 400 BadDigest here; s3rver stores it.
    const put1 = await put(grant, other);
    expect(put1.status).toBe(200);
    const key = `${id}/SKP_DUA_TAHUN/${sha256Hex(granted)}`;
    expect(Buffer.from(await (await s3().send(new GetObjectCommand({ Bucket: TEST_BUCKET, Key: key }))).Body!.transformToByteArray()).equals(other)).toBe(true);

    const problem = await refusedUnchanged(id, () => register(id, 'SKP_DUA_TAHUN', grant.grantId), 'DOCUMENT_MISMATCH', 422);
    expect(fieldsOf(problem)).toEqual(['sha256']);

    // The grant is not used up by a refusal: the right file, to the same URL, registers.
    expect((await put(grant, granted)).status).toBe(200);
    const registered = await register(id, 'SKP_DUA_TAHUN', grant.grantId);
    expect(registered.status).toBe(201);
    expect(registered.body.document).toMatchObject({ version: 1, sha256: sha256Hex(granted) });
  });

  it('stores a longer body than the signed content-length; registration refuses it (size) and writes nothing', async () => {
    const id = await promotionDraft();
    const granted = pdfBytes('SK jabatan');
    const grant = await grantFor(id, 'SK_JABATAN', { contentType: 'application/pdf', bytes: granted });
    const longer = Buffer.concat([granted, Buffer.from('% a page more than was granted\n')]);
    // S3 refuses a body of another length than the signed one; s3rver stores the whole of it.
    expect((await put(grant, longer)).status).toBe(200);
    expect(await store.head(`${id}/SK_JABATAN/${sha256Hex(granted)}`)).toEqual({ size: longer.length });

    const problem = await refusedUnchanged(id, () => register(id, 'SK_JABATAN', grant.grantId), 'DOCUMENT_MISMATCH', 422);
    expect(fieldsOf(problem)).toEqual(['size', 'sha256']);
    expect((problem.errors as { message: string }[])[0]!.message).toBe(`the stored file has ${longer.length} bytes; the grant was for ${granted.length}`);
  });

  it('stores a body sent as another content type than the signed one: a PNG sent as a PNG for a PDF grant is refused (contentType) and nothing is written', async () => {
    const id = await promotionDraft();
    const grant = await grantFor(id, 'SK_JABATAN', { contentType: 'application/pdf', bytes: PNG_BYTES });
    // S3 refuses a content-type other than the signed one (the signature fails); s3rver keeps the client's.
    expect((await put(grant, PNG_BYTES, { 'content-type': 'image/png' })).status).toBe(200);
    const head = await s3().send(new HeadObjectCommand({ Bucket: TEST_BUCKET, Key: `${id}/SK_JABATAN/${sha256Hex(PNG_BYTES)}` }));
    expect(head.ContentType).toBe('image/png');

    const problem = await refusedUnchanged(id, () => register(id, 'SK_JABATAN', grant.grantId), 'DOCUMENT_MISMATCH', 422);
    expect(fieldsOf(problem)).toEqual(['contentType']);
    expect((problem.errors as { message: string }[])[0]!.message).toBe('the file is image/png, not application/pdf');
  });

  it('keeps the client’s content type for the granted bytes themselves: registration takes the file (it is the one declared) and downloads are served as the registered type', async () => {
    const id = await promotionDraft();
    const bytes = pdfBytes('SK jabatan, dikirim sebagai teks');
    const grant = await grantFor(id, 'SK_JABATAN', { contentType: 'application/pdf', bytes });
    expect((await put(grant, bytes, { 'content-type': 'text/plain' })).status).toBe(200);
    const key = `${id}/SK_JABATAN/${sha256Hex(bytes)}`;
    expect((await s3().send(new HeadObjectCommand({ Bucket: TEST_BUCKET, Key: key }))).ContentType).toBe('text/plain');

    // Pantau judges the bytes, not the stored header (S3 would have refused this PUT).
    const registered = await register(id, 'SK_JABATAN', grant.grantId);
    expect(registered.status).toBe(201);
    expect(registered.body.document).toMatchObject({ contentType: 'application/pdf', sha256: sha256Hex(bytes) });
    const got = await fetch(await store.presignDownload({ key, contentType: 'application/pdf', filename: 'x.pdf', expiresInSeconds: 60 }));
    expect(got.headers.get('content-type')).toBe('application/pdf');
  });
});

describe('registration and grants that go wrong: a clear 4xx, nothing written', () => {
  it('refuses to register a file that was never uploaded (DOCUMENT_NOT_UPLOADED)', async () => {
    const id = await promotionDraft();
    const grant = await grantFor(id, 'SK_JABATAN', { contentType: 'application/pdf', bytes: pdfBytes('belum diunggah') });
    const problem = await refusedUnchanged(id, () => register(id, 'SK_JABATAN', grant.grantId), 'DOCUMENT_NOT_UPLOADED', 422);
    expect(problem.details).toMatchObject({ grantId: grant.grantId, code: 'SK_JABATAN' });
  });

  it('refuses a grant of one proposal used on another, or on another document (UPLOAD_GRANT_NOT_FOUND)', async () => {
    const first = await promotionDraft();
    const second = await promotionDraft();
    const bytes = pdfBytes('SK pangkat, usul pertama');
    const grant = await grantFor(first, 'SK_PANGKAT_TERAKHIR', { contentType: 'application/pdf', bytes });
    expect((await put(grant, bytes)).status).toBe(200);
    await refusedUnchanged(second, () => register(second, 'SK_PANGKAT_TERAKHIR', grant.grantId), 'UPLOAD_GRANT_NOT_FOUND', 404);
    await refusedUnchanged(first, () => register(first, 'SK_JABATAN', grant.grantId), 'UPLOAD_GRANT_NOT_FOUND', 404);
    await refusedUnchanged(first, () => register(first, 'SK_PANGKAT_TERAKHIR', randomUUID()), 'UPLOAD_GRANT_NOT_FOUND', 404);
  });

  it('refuses a renamed file: PNG bytes declared and uploaded as a PDF (DOCUMENT_MISMATCH contentType)', async () => {
    const id = await promotionDraft();
    const grant = await grantFor(id, 'SKP_DUA_TAHUN', { contentType: 'application/pdf', bytes: PNG_BYTES });
    expect((await put(grant, PNG_BYTES)).status).toBe(200);
    const problem = await refusedUnchanged(id, () => register(id, 'SKP_DUA_TAHUN', grant.grantId), 'DOCUMENT_MISMATCH', 422);
    expect(fieldsOf(problem)).toEqual(['contentType']);
  });

  it('refuses a grant for a document the service does not require (DOCUMENT_NOT_REQUIRED)', async () => {
    const id = await promotionDraft();
    const bytes = pdfBytes('formulir cuti');
    const problem = await refusedUnchanged(id, () => api({ method: 'POST', path: `/proposals/${id}/documents/FORMULIR_CUTI/uploads`, as: ACTORS.opSleman, body: { contentType: 'application/pdf', size: bytes.length, sha256: sha256Hex(bytes) } }), 'DOCUMENT_NOT_REQUIRED', 422);
    expect(problem.details).toMatchObject({ code: 'FORMULIR_CUTI', required: kenaikanPangkat.requiredDocuments.map((d) => d.code) });
  });

  it.each([
    ['a type the document does not take', { contentType: 'application/zip', size: 1_000 }, ['contentType']],
    ['a file over the size limit', { contentType: 'application/pdf', size: DEFAULT_MAX_BYTES + 1 }, ['size']],
    ['both', { contentType: 'text/plain', size: DEFAULT_MAX_BYTES * 10 }, ['contentType', 'size']],
  ])('refuses a grant for %s (VALIDATION_FAILED, the field named)', async (_what, declared, fields) => {
    const id = await promotionDraft();
    const body = { ...declared, sha256: sha256Hex(Buffer.from('whatever')) };
    const problem = await refusedUnchanged(id, () => api({ method: 'POST', path: `/proposals/${id}/documents/SK_JABATAN/uploads`, as: ACTORS.opSleman, body }), 'VALIDATION_FAILED', 422);
    expect(fieldsOf(problem)).toEqual(fields);
  });

  it('answers 404 to a reader out of scope, for the checklist, a grant and a registration alike', async () => {
    const id = await promotionDraft();
    const bytes = pdfBytes('SK pangkat, Sleman');
    const grant = await grantFor(id, 'SK_PANGKAT_TERAKHIR', { contentType: 'application/pdf', bytes });
    expect((await put(grant, bytes)).status).toBe(200);
    for (const outsider of [ACTORS.opYogya, ACTORS.verKanreg8]) {
      await refusedUnchanged(id, () => api({ path: `/proposals/${id}/documents`, as: outsider }), 'NOT_FOUND', 404);
      await refusedUnchanged(id, () => api({ method: 'POST', path: `/proposals/${id}/documents/SK_PANGKAT_TERAKHIR/uploads`, as: outsider, body: { contentType: 'application/pdf', size: bytes.length, sha256: sha256Hex(bytes) } }), 'NOT_FOUND', 404);
      await refusedUnchanged(id, () => register(id, 'SK_PANGKAT_TERAKHIR', grant.grantId, outsider), 'NOT_FOUND', 404);
    }
    // The rightful operator's registration still goes through.
    expect((await register(id, 'SK_PANGKAT_TERAKHIR', grant.grantId)).status).toBe(201);
  });
});
