import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createApiHandler } from '../../functions/api/app';
import { CalendarRepository } from '../../shared/adapters/dynamo/calendar-repository';
import { DirectoryRepository } from '../../shared/adapters/dynamo/directory-repository';
import { CALENDAR_2026 } from '../../shared/domain/calendar';
import { kenaikanPangkat } from '../../shared/domain/catalog/kenaikan-pangkat';
import { call, type Handler } from '../support/api';
import { checkAnswer } from '../support/contract';
import { documentsWorld, EICAR_BYTES, pdfBytes, sha256Hex, TEST_BUCKET, type Api, type DocumentsWorld } from '../support/documents';
import { ACTORS, EMPLOYEES, ORGS } from '../support/fixtures';
import { freshTable } from '../support/table';
import { testTrackingLinks } from '../support/tracking-links';
import { noIdentity, seedStaff } from '../support/staff';

/**
 * A promotion's documents through the real handler, DynamoDB Local and the S3 emulator: grant,
 * upload to the presigned URL, registration, the stand-in scan and its verdict, review, a return
 * that lists the rejected file, a new version, opening (recorded), and the chain naming both files.
 */

let api: Api;
let world: DocumentsWorld;
let links: ReturnType<typeof testTrackingLinks>;
const NOW = '2026-11-02T02:00:00.000Z'; // Monday 09:00 WIB, inside the February 2027 window

beforeAll(async () => {
  const { doc, tableName } = await freshTable();
  const directory = new DirectoryRepository(doc, tableName);
  for (const org of Object.values(ORGS)) await directory.putOrganisation(org);
  await seedStaff(doc, tableName);
  for (const employee of Object.values(EMPLOYEES)) await directory.putEmployee(employee);
  await new CalendarRepository(doc, tableName).put(CALENDAR_2026);
  const clock = { now: () => new Date(NOW) };
  world = documentsWorld({ doc, tableName, clock, endpoint: inject('s3Endpoint') });
  links = testTrackingLinks();
  const handler = createApiHandler({ trackingLinks: links, identity: noIdentity, documentStore: world.store, doc, tableName, clock }) as unknown as Handler;
  api = async (request) => {
    const answer = await call(handler, request);
    checkAnswer({ method: request.method ?? 'GET', path: request.path, status: answer.status, headers: answer.headers, text: answer.text });
    return answer;
  };
});

const give = (id: string, code: string, bytes: Buffer, as = ACTORS.opSleman) => world.give(api, as, id, code, bytes);
const scanAll = () => world.scanAll();

async function promotionDraft(): Promise<string> {
  const created = await api({ method: 'POST', path: '/proposals', as: ACTORS.opSleman, body: { serviceType: 'KENAIKAN_PANGKAT', nip: EMPLOYEES.sari.nip, payload: kenaikanPangkat.examplePayload } });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

describe('a promotion filed with real PDFs', () => {
  it('is uploaded, scanned, reviewed, returned for the unreadable one, replaced, accepted, and the chain names both files', async () => {
    const id = await promotionDraft();
    const files = Object.fromEntries(kenaikanPangkat.requiredDocuments.map((d) => [d.code, pdfBytes(`${d.code} Sari`)]));
    for (const [code, bytes] of Object.entries(files)) {
      const { grant, registered } = await give(id, code, bytes);
      expect(grant.body.upload.url).toContain(`/${TEST_BUCKET}/${id}/${code}/${sha256Hex(bytes)}`);
      expect(registered.status).toBe(201);
      expect(registered.body.document).toMatchObject({ code, version: 1, sha256: sha256Hex(bytes), size: bytes.length, state: 'SCANNING' });
    }
    // Not scanned yet: submit waits for every verdict.
    const early = await api({ method: 'POST', path: `/proposals/${id}/transitions`, as: ACTORS.opSleman, body: { action: 'submit' }, headers: { 'if-match': '"4"' } });
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('DOCUMENTS_MISSING');
    await scanAll();
    const list = await api({ path: `/proposals/${id}/documents`, as: ACTORS.opSleman });
    expect(list.body.documents.map((d: { state: string }) => d.state)).toEqual(['CLEAN', 'CLEAN', 'CLEAN']);

    const walk = async (as: typeof ACTORS.opSleman, body: Record<string, unknown>) => {
      const version = (await api({ path: `/proposals/${id}/status`, as })).body.version as number;
      const answer = await api({ method: 'POST', path: `/proposals/${id}/transitions`, as, body: { ...body, expectedVersion: version } });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      return answer.body;
    };
    await walk(ACTORS.opSleman, { action: 'submit' });
    await walk(ACTORS.apprSleman, { action: 'forward' });

    // The Kanreg verifier opens one (recorded), rejects it as unreadable, and cannot forward.
    const opened = await api({ method: 'POST', path: `/proposals/${id}/documents/SKP_DUA_TAHUN/versions/1/openings`, as: ACTORS.verKanreg1 });
    expect(opened.status).toBe(201);
    const fetched = await fetch(opened.body.url);
    expect(Buffer.from(await fetched.arrayBuffer()).equals(files.SKP_DUA_TAHUN!)).toBe(true);
    const rejected = await api({ method: 'PUT', path: `/proposals/${id}/documents/SKP_DUA_TAHUN/review`, as: ACTORS.verKanreg1, body: { version: 1, decision: 'REJECTED', reason: { code: 'DOKUMEN_TIDAK_TERBACA', text: 'halaman 2 buram' } } });
    expect(rejected.status).toBe(200);
    expect(rejected.body.document).toMatchObject({ state: 'REJECTED', review: { decision: 'REJECTED', reason: { code: 'DOKUMEN_TIDAK_TERBACA' } } });
    for (const code of ['SK_PANGKAT_TERAKHIR', 'SK_JABATAN']) {
      expect((await api({ method: 'PUT', path: `/proposals/${id}/documents/${code}/review`, as: ACTORS.verKanreg1, body: { version: 1, decision: 'ACCEPTED' } })).status).toBe(200);
    }
    const version = (await api({ path: `/proposals/${id}/status`, as: ACTORS.verKanreg1 })).body.version as number;
    const forward = await api({ method: 'POST', path: `/proposals/${id}/transitions`, as: ACTORS.verKanreg1, body: { action: 'forward', expectedVersion: version } });
    expect(forward.status).toBe(409);
    expect(forward.body.code).toBe('DOCUMENTS_REJECTED');

    // The return lists the rejected document by itself.
    const returned = await walk(ACTORS.verKanreg1, { action: 'return', reason: { code: 'DOKUMEN_TIDAK_TERBACA' } });
    expect(returned.missingItems).toEqual(['SKP_DUA_TAHUN']);
    // The tracking page the employee opens from her SMS names it by its catalog name.
    const page = await api({ path: new URL(await links.linkFor(id)).pathname, headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.text).toContain('SKP dua tahun terakhir');

    // The operator uploads a new version; the old one stays.
    const fixed = pdfBytes('SKP_DUA_TAHUN Sari, scan ulang');
    const { registered } = await give(id, 'SKP_DUA_TAHUN', fixed);
    expect(registered.body.document).toMatchObject({ version: 2, state: 'SCANNING' });
    await scanAll();
    await walk(ACTORS.opSleman, { action: 'resubmit' });
    expect((await api({ method: 'PUT', path: `/proposals/${id}/documents/SKP_DUA_TAHUN/review`, as: ACTORS.verKanreg1, body: { version: 2, decision: 'ACCEPTED' } })).status).toBe(200);
    await walk(ACTORS.verKanreg1, { action: 'forward' });

    const view = await api({ path: `/proposals/${id}`, as: ACTORS.auditor });
    const skp = view.body.checklist.find((d: { code: string }) => d.code === 'SKP_DUA_TAHUN');
    expect(skp.versions.map((v: { version: number; state: string }) => [v.version, v.state])).toEqual([[1, 'REJECTED'], [2, 'ACCEPTED']]);
    const attached = view.body.history.filter((e: { type: string }) => e.type === 'attach').map((e: { document: { code: string; sha256: string } }) => e.document);
    expect(attached.filter((d: { code: string }) => d.code === 'SKP_DUA_TAHUN').map((d: { sha256: string }) => d.sha256)).toEqual([sha256Hex(files.SKP_DUA_TAHUN!), sha256Hex(fixed)]);
    const audit = await api({ path: `/proposals/${id}/audit`, as: ACTORS.auditor });
    expect(audit.body.valid).toBe(true);

    const openings = await api({ path: `/proposals/${id}/document-openings`, as: ACTORS.adminSleman });
    expect(openings.status).toBe(200);
    expect(openings.body.items).toEqual([expect.objectContaining({ code: 'SKP_DUA_TAHUN', version: 1, by: expect.objectContaining({ userId: ACTORS.verKanreg1.userId }) })]);
    expect((await api({ path: `/proposals/${id}/document-openings`, as: ACTORS.verKanreg1 })).status).toBe(403);
  }, 90_000); // some forty requests and three scans: minutes on a loaded CI machine, not the default 30 s

  it('answers a retried registration with the version the first one made, and writes nothing more', async () => {
    const id = await promotionDraft();
    const { grant, registered } = await give(id, 'SK_JABATAN', pdfBytes('SK jabatan Sari'));
    expect(registered.status).toBe(201);
    const again = await api({ method: 'POST', path: `/proposals/${id}/documents/SK_JABATAN/versions`, as: ACTORS.opSleman, body: { grantId: grant.body.grantId } });
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(registered.body);
    const view = await api({ path: `/proposals/${id}`, as: ACTORS.opSleman });
    expect(view.body.history.filter((e: { type: string }) => e.type === 'attach')).toHaveLength(1);
    await scanAll();
  });

  it('quarantines the EICAR test file: never served, never submitted, and the chain says so', async () => {
    const id = await promotionDraft();
    await give(id, 'SKP_DUA_TAHUN', Buffer.concat([Buffer.from('%PDF-1.4\n'), EICAR_BYTES]));
    await scanAll();
    const list = await api({ path: `/proposals/${id}/documents`, as: ACTORS.opSleman });
    const skp = list.body.documents.find((d: { code: string }) => d.code === 'SKP_DUA_TAHUN');
    expect(skp.state).toBe('QUARANTINED');
    const open = await api({ method: 'POST', path: `/proposals/${id}/documents/SKP_DUA_TAHUN/versions/1/openings`, as: ACTORS.opSleman });
    expect(open.status).toBe(409);
    expect(open.body.code).toBe('DOCUMENT_NOT_SERVABLE');
    const view = await api({ path: `/proposals/${id}`, as: ACTORS.opSleman });
    expect(view.body.history.at(-1)).toMatchObject({ type: 'quarantine', actor: { role: 'SYSTEM' }, document: { code: 'SKP_DUA_TAHUN', version: 1 } });
  });
});
