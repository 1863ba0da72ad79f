import { testDocumentStore } from '../support/documents';
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiHandler } from '../../functions/api/app';
import { CalendarRepository } from '../../shared/adapters/dynamo/calendar-repository';
import { DirectoryRepository } from '../../shared/adapters/dynamo/directory-repository';
import type { TrackingLinks } from '../../shared/app/tracking-links';
import { CALENDAR_2026 } from '../../shared/domain/calendar';
import { cuti } from '../../shared/domain/catalog/cuti';
import { mutasi } from '../../shared/domain/catalog/mutasi';
import { penetapanNip } from '../../shared/domain/catalog/penetapan-nip';
import type { KeyRing } from '../../shared/domain/tracking/link-token';
import { call, type Handler, type TestRequest } from '../support/api';
import { checkAnswer } from '../support/contract';
import { ACTORS, EMPLOYEES, ORGS } from '../support/fixtures';
import { freshTable } from '../support/table';
import { testKeyRing, testTrackingLinks } from '../support/tracking-links';
import { noIdentity, seedStaff } from '../support/staff';

/**
 * The receipt (GET /proposals/{id}/receipt) and the link in the filing answer, through the API
 * handler on DynamoDB Local. Every answer is also checked against the OpenAPI document.
 */

const BASE = 'https://pantau.example.go.id';
const NOW = '2026-11-02T02:00:00.000Z'; // Monday 09:00 WIB
let api: (request: TestRequest) => ReturnType<typeof call>;
let links: TrackingLinks;
let ring: KeyRing;

beforeAll(async () => {
  const { doc, tableName } = await freshTable();
  const directory = new DirectoryRepository(doc, tableName);
  for (const org of Object.values(ORGS)) await directory.putOrganisation(org);
  await seedStaff(doc, tableName);
  for (const employee of Object.values(EMPLOYEES)) await directory.putEmployee(employee);
  await new CalendarRepository(doc, tableName).put(CALENDAR_2026);
  ring = testKeyRing();
  links = testTrackingLinks(ring, BASE);
  const handler = createApiHandler({ trackingLinks: links, identity: noIdentity, documentStore: testDocumentStore(), doc, tableName, clock: { now: () => new Date(NOW) } }) as unknown as Handler;
  api = async (request) => {
    const response = await call(handler, request);
    checkAnswer({ method: request.method ?? 'GET', path: request.path, status: response.status, headers: response.headers, text: response.text });
    return response;
  };
});

const leaveDocs = [{ code: 'FORMULIR_CUTI', reference: 'dms://cuti/formulir.pdf' }];
const fileLeave = (headers: Record<string, string> = {}) => api({ method: 'POST', path: '/proposals', as: ACTORS.sari, headers, body: { serviceType: 'CUTI', payload: cuti.examplePayload, documents: leaveDocs } });
const receipt = (id: string, as: TestRequest['as'], extra: Partial<TestRequest> = {}) => api({ path: `/proposals/${id}/receipt`, ...(as ? { as } : {}), ...extra });
/** The page without its QR code: what a reader reads (the SVG's path is digits that could spell anything). */
const words = (page: string) => page.replace(/<svg class="qr"[^]*?<\/svg>/, '');

describe('the filing answer', () => {
  it('carries the signed tracking link, which verifies for this number and no other', async () => {
    const created = await fileLeave();
    expect(created.status).toBe(201);
    const { id, trackingLink } = created.body;
    const match = new RegExp(`^${BASE}/t/${id}/([A-Za-z0-9_-]{13})$`).exec(trackingLink);
    expect(match, trackingLink).not.toBeNull();
    expect(await links.verify(id, match![1]!)).toBe(true);
    expect(await links.verify('USL-0000-0000-0000', match![1]!)).toBe(false);
    // Reading the proposal again shows no link (nor PIN): the filing answer and the receipt carry it.
    const read = await api({ path: `/proposals/${id}`, as: ACTORS.sari });
    expect(read.body.trackingLink).toBeUndefined();
  });

  it('is answered byte for byte again on a replay, link included, even after the signing key changed', async () => {
    const key = { 'idempotency-key': `receipt-replay-${randomBytes(4).toString('hex')}` };
    const first = await fileLeave(key);
    expect(first.status).toBe(201);
    const again = await fileLeave(key);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.text).toBe(first.text);
    // A new key signs from now on; the stored answer keeps the link it gave, which still verifies.
    ring.keys.b = randomBytes(32).toString('base64');
    ring.current = 'b';
    try {
      const later = await fileLeave(key);
      expect(later.text).toBe(first.text);
      const token = first.body.trackingLink.split('/').pop();
      expect(token[0]).toBe('a');
      expect(await links.verify(first.body.id, token)).toBe(true);
      expect((await links.linkFor(first.body.id)).split('/').pop()![0]).toBe('b');
    } finally {
      ring.current = 'a';
    }
  });
});

describe('the receipt', () => {
  it('shows its reader the number, the service, the agency, the filing day, the next step and the link as text and QR code, in Indonesian', async () => {
    const { body: created } = await fileLeave();
    const page = await receipt(created.id, ACTORS.sari);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-language']).toBe('id');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['content-security-policy']).toMatch(/^default-src 'none'; style-src 'sha256-/);
    const text = page.text;
    expect(text).toMatch(/^<!doctype html>\n<html lang="id">/);
    for (const part of [created.id, cuti.names.id, ORGS.sleman!.name, 'Senin, 2 November 2026', 'Pegawai yang bersangkutan', 'Usul diinput (draf)', `tahap “${cuti.stages[0]!.names.id}”`, 'paling lama 2 hari kerja']) expect(text).toContain(part);
    expect(text).toContain(`<a href="${created.trackingLink}">${created.trackingLink}</a>`);
    expect(text).toMatch(/<svg class="qr" [^>]*role="img" aria-label="Kode QR[^"]*"><path fill="#fff" d="M0 0h(\d+)v\1H0z"\/><path stroke="#000" d="[Mmh0-9. ]+"\/><\/svg>/);
    // The applicant named, as on any receipt; the PIN and the payload's free text not at all.
    expect(text).toContain(EMPLOYEES.sari.name);
    expect(text).toContain(`NIP ${EMPLOYEES.sari.nip}`);
    expect(words(text)).not.toContain(created.pin);
    expect(text).not.toContain((cuti.examplePayload as { alasan: string }).alasan);
    expect(text).toContain('Simpan PIN yang ditampilkan saat pengajuan');
  });

  it('speaks English when asked by Accept-Language or ?lang=, and ?lang= wins', async () => {
    const { body: created } = await fileLeave();
    const byHeader = await receipt(created.id, ACTORS.sari, { headers: { 'accept-language': 'en-GB,en;q=0.9' } });
    expect(byHeader.headers['content-language']).toBe('en');
    for (const part of ['<html lang="en">', 'Proposal filing receipt', cuti.names.en, 'Monday, 2 November 2026', 'The employee', 'Keep the PIN shown when the proposal was filed', 'Scan the QR code']) expect(byHeader.text).toContain(part);
    const byQuery = await receipt(created.id, ACTORS.sari, { query: { lang: 'en' } });
    expect(byQuery.text).toBe(byHeader.text);
    const indonesian = await receipt(created.id, ACTORS.sari, { query: { lang: 'id' }, headers: { 'accept-language': 'en' } });
    expect(indonesian.headers['content-language']).toBe('id');
    expect(indonesian.text).toContain('Bukti pengajuan usulan');
    // Any other ?lang= is ignored, as on every page (a link may gather parameters on its way).
    const unknown = await receipt(created.id, ACTORS.sari, { query: { lang: 'fr' } });
    expect(unknown.status).toBe(200);
    expect(unknown.headers['content-language']).toBe('id');
  });

  it('says where the proposal is as it moves: the stage with its due date, a fix the applicant owes', async () => {
    const { body: created } = await fileLeave();
    const submitted = await api({ method: 'POST', path: `/proposals/${created.id}/transitions`, as: ACTORS.sari, body: { action: 'submit', expectedVersion: 1 } });
    expect(submitted.status).toBe(200);
    // Submitted Monday 09:00 WIB; two working days: the end of Wednesday 4 November.
    expect((await receipt(created.id, ACTORS.sari)).text).toContain(`Usulan sedang berada di tahap “${cuti.stages[0]!.names.id}”, yang diselesaikan paling lama 2 hari kerja, dengan batas waktu Rabu, 4 November 2026.`);
    await api({ method: 'POST', path: `/proposals/${created.id}/transitions`, as: ACTORS.verSleman, body: { action: 'return', expectedVersion: 2, reason: { code: 'DOKUMEN_TIDAK_LENGKAP' }, missingItems: ['Formulir'] } });
    const returned = await receipt(created.id, ACTORS.sari, { query: { lang: 'en' } });
    expect(returned.text).toContain('The proposal was returned for its documents to be fixed. Fix them and resubmit within');
    expect(returned.text).toContain('Returned for completion');
  });

  it('is for the proposal’s readers: its operator and verifier and BKN see it; a colleague, another agency, another Kanreg get the same 404 page as an unknown number', async () => {
    const { body: created } = await fileLeave();
    for (const reader of [ACTORS.opSleman, ACTORS.verSleman, ACTORS.verKanreg1, ACTORS.auditor]) {
      const page = await receipt(created.id, reader);
      expect(page.status, reader.username).toBe(200);
      expect(page.text).toContain(created.trackingLink);
    }
    const unknown = await receipt('USL-0000-0000-0000', ACTORS.budi);
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(unknown.text).toContain('Data tidak ditemukan');
    for (const stranger of [ACTORS.budi, ACTORS.dewi, ACTORS.opYogya, ACTORS.verKanreg8]) {
      const page = await receipt(created.id, stranger);
      expect(page.status, stranger.username).toBe(404);
      expect(page.text, stranger.username).toBe(unknown.text);
    }
    const english = await receipt(created.id, ACTORS.budi, { query: { lang: 'en' } });
    expect(english.headers['content-language']).toBe('en');
    expect(english.text).toContain('Not found');
    const anonymous = await receipt(created.id, undefined);
    expect(anonymous.status).toBe(401);
    expect(anonymous.text).toContain('Silakan masuk terlebih dahulu');
    expect(anonymous.text).not.toContain(created.id);
  });

  it('names the employee only to a reader who may read the record; a transfer’s destination gets the NIP alone, a candidate’s receipt the candidate', async () => {
    const transfer = await api({ method: 'POST', path: '/proposals', as: ACTORS.opSleman, body: { serviceType: 'MUTASI', nip: EMPLOYEES.sari.nip, payload: mutasi.examplePayload, documents: mutasi.requiredDocuments.map((d) => ({ code: d.code, reference: `dms://mutasi/${d.code}` })) } });
    expect(transfer.status).toBe(201);
    const ours = await receipt(transfer.body.id, ACTORS.opSleman);
    expect(ours.text).toContain(EMPLOYEES.sari.name);
    expect(ours.text).toContain('Operator instansi');
    const destination = await receipt(transfer.body.id, ACTORS.opYogya);
    expect(destination.status).toBe(200);
    expect(destination.text).toContain(`NIP ${EMPLOYEES.sari.nip}`);
    expect(destination.text).not.toContain(EMPLOYEES.sari.name);

    const candidate = await api({ method: 'POST', path: '/proposals', as: ACTORS.opSleman, body: { serviceType: 'PENETAPAN_NIP', payload: penetapanNip.examplePayload, documents: [] } });
    expect(candidate.status).toBe(201);
    const page = await receipt(candidate.body.id, ACTORS.opSleman);
    expect(page.text).toContain('Calon pegawai');
    expect(page.text).toContain((penetapanNip.examplePayload as { nama: string }).nama);
    expect(page.text).not.toContain((penetapanNip.examplePayload as { nik: string }).nik);
  });
});
