import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkedFetch } from '../support/contract';
import { EICAR_BYTES, pdfBytes, sha256Hex } from '../support/documents';
import { waitFor } from '../support/local-outboxes';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { stackToken } from '../support/tokens';

/**
 * Documents on the local stack as a client meets them: `npm start` in a child process, real PDFs
 * PUT with fetch to the presigned URLs the API hands out (s3rver), the stand-in scanner's verdicts
 * arriving through s3rver's own events, and the promotion walked over HTTP by the operator, the
 * agency's PyB and the Kanreg verifier. Every API answer is checked against the OpenAPI document.
 */
let stack: LocalStack;
const tokens = new Map<string, string>();
// Sri Wahyuni, Pemkab Sleman, III/b since 2019: the catalog's example promotion (III/b to III/c) fits her record.
const SRI = '199007222015012001';
const CODES = ['SK_PANGKAT_TERAKHIR', 'SKP_DUA_TAHUN', 'SK_JABATAN'];
// The stand-in scans within a second; a loaded machine gets more, never forever.
const SCAN_DEADLINE_MS = 30_000;

async function token(username: string): Promise<string> {
  if (!tokens.has(username)) tokens.set(username, await stackToken(stack, username));
  return tokens.get(username)!;
}

async function http(method: string, path: string, as: string, body?: unknown) {
  return checkedFetch(`${stack.api}${path}`, {
    method,
    headers: { authorization: `Bearer ${await token(as)}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

/** A grant, the bytes PUT to its URL with the headers it names (fetch sets the length), the registration. */
async function give(id: string, code: string, bytes: Buffer, as = 'op.sleman') {
  const grant = await http('POST', `/proposals/${id}/documents/${code}/uploads`, as, { contentType: 'application/pdf', size: bytes.length, sha256: sha256Hex(bytes) });
  expect(grant.status, grant.text).toBe(201);
  const { url, headers } = grant.body.upload as { url: string; headers: Record<string, string> };
  // The URL points at the stack's s3rver, where this machine reaches it.
  expect(url.startsWith(`${stack.s3}/pantau-local-documents/${id}/${code}/${sha256Hex(bytes)}?`)).toBe(true);
  const { 'content-length': length, ...rest } = headers;
  expect(length).toBe(String(bytes.length));
  const put = await fetch(url, { method: 'PUT', headers: rest, body: bytes });
  expect(put.status, await put.text()).toBe(200);
  const registered = await http('POST', `/proposals/${id}/documents/${code}/versions`, as, { grantId: grant.body.grantId });
  expect(registered.status, registered.text).toBe(201);
  return registered.body.document as { version: number; sha256: string; size: number; state: string };
}

/** Polls the checklist until every listed document's state is settled, or the deadline passes. */
function checklistWhen(id: string, done: (states: Record<string, string>) => boolean) {
  return waitFor(
    async () => Object.fromEntries(((await http('GET', `/proposals/${id}/documents`, 'op.sleman')).body.documents as { code: string; state: string }[]).map((d) => [d.code, d.state])),
    done,
    { timeoutMs: SCAN_DEADLINE_MS, intervalMs: 250 },
  );
}

async function draft(): Promise<string> {
  const { body: service } = await http('GET', '/service-types/KENAIKAN_PANGKAT', 'op.sleman');
  const created = await http('POST', '/proposals', 'op.sleman', { serviceType: 'KENAIKAN_PANGKAT', nip: SRI, payload: service.examplePayload });
  expect(created.status, created.text).toBe(201);
  return created.body.id as string;
}

beforeAll(async () => {
  // Monday 2 November 2026, 09:00 WIB: inside the February 2027 promotion window. No job fires while the test reads.
  stack = await startLocalStack({ PANTAU_NOW: '2026-11-02T09:00:00+07:00', LOCAL_SCHEDULER: 'off' });
});

afterAll(() => stack?.stop());

describe('documents on the local stack', () => {
  it('a promotion with real PDFs: uploaded, scanned, returned for the unreadable one, replaced, accepted and forwarded; the chain names both files', async () => {
    const id = await draft();
    const files = Object.fromEntries(CODES.map((code) => [code, pdfBytes(`${code} Sri Wahyuni`)]));
    for (const code of CODES) {
      const document = await give(id, code, files[code]!);
      // The scan starts at the PUT: its verdict may be in before the registration.
      expect(document).toMatchObject({ version: 1, sha256: sha256Hex(files[code]!), size: files[code]!.length });
      expect(['SCANNING', 'CLEAN']).toContain(document.state);
    }
    expect(await checklistWhen(id, (states) => CODES.every((code) => states[code] === 'CLEAN'))).toEqual(Object.fromEntries(CODES.map((code) => [code, 'CLEAN'])));

    const walk = async (as: string, body: Record<string, unknown>) => {
      const version = (await http('GET', `/proposals/${id}/status`, as)).body.version as number;
      const answer = await http('POST', `/proposals/${id}/transitions`, as, { ...body, expectedVersion: version });
      expect(answer.status, answer.text).toBe(200);
      return answer.body;
    };
    await walk('op.sleman', { action: 'submit' });
    expect((await walk('appr.sleman', { action: 'forward' })).stage.code).toBe('VERIFIKASI_BKN');

    // The Kanreg verifier opens one: the URL serves the very bytes the operator uploaded.
    const opened = await http('POST', `/proposals/${id}/documents/SKP_DUA_TAHUN/versions/1/openings`, 'ver.kanreg1');
    expect(opened.status, opened.text).toBe(201);
    expect(opened.body.url.startsWith(`${stack.s3}/`)).toBe(true);
    const fetched = await fetch(opened.body.url);
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await fetched.arrayBuffer()).equals(files.SKP_DUA_TAHUN!)).toBe(true);

    const review = (code: string, body: Record<string, unknown>) => http('PUT', `/proposals/${id}/documents/${code}/review`, 'ver.kanreg1', body);
    const rejected = await review('SKP_DUA_TAHUN', { version: 1, decision: 'REJECTED', reason: { code: 'DOKUMEN_TIDAK_TERBACA', text: 'halaman 2 buram' } });
    expect(rejected.status, rejected.text).toBe(200);
    expect(rejected.body.document).toMatchObject({ state: 'REJECTED', review: { decision: 'REJECTED', reason: { code: 'DOKUMEN_TIDAK_TERBACA' } } });
    for (const code of ['SK_PANGKAT_TERAKHIR', 'SK_JABATAN']) expect((await review(code, { version: 1, decision: 'ACCEPTED' })).status).toBe(200);
    const returned = await walk('ver.kanreg1', { action: 'return', reason: { code: 'DOKUMEN_TIDAK_TERBACA' } });
    expect(returned.status).toBe('RETURNED');
    expect(returned.missingItems).toEqual(['SKP_DUA_TAHUN']);

    // The operator uploads a readable scan: version 2, scanned on its own.
    const fixed = pdfBytes('SKP_DUA_TAHUN Sri Wahyuni, scan ulang');
    expect(await give(id, 'SKP_DUA_TAHUN', fixed)).toMatchObject({ version: 2, sha256: sha256Hex(fixed) });
    await checklistWhen(id, (states) => states.SKP_DUA_TAHUN === 'CLEAN');
    await walk('op.sleman', { action: 'resubmit' });
    expect((await review('SKP_DUA_TAHUN', { version: 2, decision: 'ACCEPTED' })).status).toBe(200);
    expect((await walk('ver.kanreg1', { action: 'forward' })).stage.code).not.toBe('VERIFIKASI_BKN');

    const audit = await http('GET', `/proposals/${id}/audit`, 'auditor.bkn');
    expect(audit.status, audit.text).toBe(200);
    expect(audit.body.valid).toBe(true);
    const view = await http('GET', `/proposals/${id}`, 'auditor.bkn');
    const attached = (view.body.history as { type: string; document?: { code: string; version: number; sha256: string } }[]).filter((e) => e.type === 'attach').map((e) => e.document!);
    expect(attached.filter((d) => d.code === 'SKP_DUA_TAHUN').map((d) => [d.version, d.sha256])).toEqual([
      [1, sha256Hex(files.SKP_DUA_TAHUN!)],
      [2, sha256Hex(fixed)],
    ]);
    const skp = (view.body.checklist as { code: string; versions: { version: number; state: string }[] }[]).find((d) => d.code === 'SKP_DUA_TAHUN')!;
    expect(skp.versions.map((v) => [v.version, v.state])).toEqual([[1, 'REJECTED'], [2, 'ACCEPTED']]);
  });

  it('quarantines the EICAR test file inside a PDF-headed file: the verdict comes through s3rver’s event, and opening it is refused with 409', async () => {
    const id = await draft();
    await give(id, 'SKP_DUA_TAHUN', Buffer.concat([Buffer.from('%PDF-1.4\n'), EICAR_BYTES]));
    expect((await checklistWhen(id, (states) => states.SKP_DUA_TAHUN === 'QUARANTINED')).SKP_DUA_TAHUN).toBe('QUARANTINED');
    const open = await http('POST', `/proposals/${id}/documents/SKP_DUA_TAHUN/versions/1/openings`, 'op.sleman');
    expect(open.status).toBe(409);
    expect(open.body.code).toBe('DOCUMENT_NOT_SERVABLE');
    // The stand-in's finding, recorded by the verdict function, and the quarantine in the chain
    // whichever came first, the verdict or the registration.
    const list = await http('GET', `/proposals/${id}/documents`, 'op.sleman');
    const skp = (list.body.documents as { code: string; versions: { scan: { status: string; detail?: string } }[] }[]).find((d) => d.code === 'SKP_DUA_TAHUN')!;
    expect(skp.versions[0]!.scan).toMatchObject({ status: 'THREATS', detail: 'EICAR-Test-File (not a virus)' });
    const view = await http('GET', `/proposals/${id}`, 'op.sleman');
    const quarantines = (view.body.history as { type: string; document?: { code: string; version: number } }[]).filter((e) => e.type === 'quarantine');
    expect(quarantines).toEqual([expect.objectContaining({ document: expect.objectContaining({ code: 'SKP_DUA_TAHUN', version: 1 }) })]);
  });
});
