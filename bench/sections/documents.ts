import { randomUUID } from 'node:crypto';
import { createApiHandler } from '../../functions/api/app';
import { testIssuer } from '../../test/support/test-issuer';
import { ensureTable } from '../../infra/local/dynamodb-local';
import { startGateway } from '../../infra/local/gateway';
import { findUser, seed, users } from '../../infra/local/seed-data';
import { createDocumentClient } from '../../shared/adapters/dynamo/client';
import { kenaikanPangkat } from '../../shared/domain/catalog/kenaikan-pangkat';
import { EICAR_BYTES, pdfBytes } from '../../test/support/documents';
import { testTrackingLinks } from '../../test/support/tracking-links';
import { checkMinimum, checkStorageMinimum, type MinimumCheck, type StorageCheck } from '../minimums';
import { call, expectStatus, type ApiHandler } from '../support/api-calls';
import { CapacityMeter, totals, type DynamoCall, type DynamoTotals } from '../support/capacity-meter';
import { benchDocuments, giveDocument, sha256Hex, transfer, type BenchDocuments } from '../support/documents';
import { round, sum } from '../support/stats';
import type { StorageCall } from '../support/storage-meter';
import { WireClient, type ClientBehaviour, type Exchange } from '../support/wire-client';
import { BENCH_NOW } from '../support/world';
import { noIdentity } from '../../test/support/staff';

/** A phone on a slow link: asks for br or gzip; reads nothing from a cache (each figure is one request's). */
const PHONE: ClientBehaviour = { name: 'after', acceptEncoding: 'br, gzip', revalidate: false, honourMaxAge: false };

/** One API request as the phone sent it over the local gateway, counted at its socket. */
export interface WireCost {
  status: number | 'cache';
  /** Request line, headers (the bearer token among them) and body. */
  bytesUp: number;
  /** Status line, headers and body as sent (compressed where the answer was). */
  bytesDown: number;
  bodySent: number;
  bodyPlain: number;
  encoding?: string;
}

export interface DocumentOperation {
  /** The operation, as the minimums table names it. */
  name: string;
  /** API operations: the route in functions/api/routes.ts. */
  route?: string;
  wire?: WireCost;
  calls: DynamoCall[];
  totals: DynamoTotals;
  /** Items the reads returned. */
  itemsRead: number;
  minimum: MinimumCheck;
  storage: StorageCall[];
  storageMinimum?: StorageCheck;
  ms: number;
}

/** The file's own trip, between the client and S3 (Pantau's API carries none of it). */
export interface FileTransfer {
  step: string;
  fileBytes: number;
  bytesUp: number;
  bytesDown: number;
}

/** GET /proposals/{id} of a proposal with this many document versions. */
export interface ProposalRead {
  versions: number;
  historyEvents: number;
  calls: DynamoCall[];
  totals: DynamoTotals;
  itemsRead: number;
  wire: WireCost;
  /** Beside GET /proposals/{id}'s minimum in section 4's table: one eventually consistent Query. */
  minimum: MinimumCheck;
}

export interface DocumentsResults {
  method: string;
  operations: DocumentOperation[];
  transfers: FileTransfer[];
  reads: ProposalRead[];
}

const wireOf = (e: Exchange): WireCost => ({
  status: e.status,
  bytesUp: e.bytesUp,
  bytesDown: e.bytesDown,
  bodySent: e.bodySent,
  bodyPlain: e.bodyPlain,
  ...(e.contentEncoding ? { encoding: e.contentEncoding } : {}),
});

const itemsReadBy = (calls: readonly DynamoCall[]) => sum(calls.filter((c) => c.kind === 'read').map((c) => c.items));
const PROMOTION_CODES = kenaikanPangkat.requiredDocuments.map((d) => d.code);
const SRI = findUser('sri')!.nip!;

/**
 * Documents (issue 14) against DynamoDB Local and the S3 emulator: an upload grant, the
 * registration, a scan verdict, a review, an opening and the reads around them, each through the
 * real API handler behind the local gateway (bytes as a phone on br/gzip gets them), its DynamoDB
 * work and Pantau's requests to storage beside their minimums; then a proposal's read with more
 * and more document versions.
 */
export async function measureDocuments(endpoint: string, s3Endpoint: string, sizes: readonly number[], log: (line: string) => void): Promise<DocumentsResults> {
  const tableName = `bench-docs-${randomUUID().slice(0, 8)}`;
  await ensureTable(endpoint, tableName);
  const doc = createDocumentClient({ endpoint });
  const meter = CapacityMeter.attach(doc);
  const clock = { now: () => new Date(BENCH_NOW) };
  await seed(doc, tableName, BENCH_NOW.slice(0, 10));
  const docs: BenchDocuments = benchDocuments({ s3Endpoint, doc, tableName, clock });
  const api = createApiHandler({ trackingLinks: testTrackingLinks(), identity: noIdentity, documentStore: docs.store, doc, tableName, clock }) as unknown as ApiHandler;
  // The gateway's JWT check on a key of this process's own: what is measured is storage, not sign-in.
  const pool = await testIssuer();
  const gateway = await startGateway({ port: 0, handler: api, verify: pool.verify, log: null, now: () => new Date(BENCH_NOW) });
  const clients = new Map<string, WireClient>();
  const phone = async (username: string) => {
    let client = clients.get(username);
    if (!client) {
      client = new WireClient(gateway.url, PHONE, `Bearer ${await pool.idToken(findUser(username)!)}`);
      clients.set(username, client);
    }
    return client;
  };

  const operations: DocumentOperation[] = [];
  const transfers: FileTransfer[] = [];
  let measuring = false;
  /** Runs one operation; while measuring, keeps its DynamoDB and storage work and, for an API request, its exchange. */
  async function step<T>(name: string, route: string | undefined, run: () => Promise<T>, client?: WireClient): Promise<T> {
    meter.take();
    docs.storage.take();
    const started = performance.now();
    const result = await run();
    const ms = round(performance.now() - started, 1);
    const calls = meter.take();
    const storage = docs.storage.take();
    if (measuring) {
      const exchange = client?.exchanges.at(-1);
      operations.push({
        name,
        ...(route ? { route } : {}),
        ...(exchange ? { wire: wireOf(exchange) } : {}),
        calls,
        totals: totals(calls),
        itemsRead: itemsReadBy(calls),
        minimum: checkMinimum(name, calls),
        storage,
        ...(route ? { storageMinimum: checkStorageMinimum(route, storage.map((c) => c.command)) } : {}),
        ms,
      });
    }
    return result;
  }
  const routeOf = (name: string) => name.split(' · ')[0]!;
  /** An API request by the phone of `as`, through the gateway. */
  const request = async (name: string, as: string, method: string, path: string, body?: unknown) => {
    const client = await phone(as);
    return step(name, routeOf(name), () => (method === 'GET' ? client.get(name, path) : client.send(name, method, path, body)), client);
  };
  const act = async (id: string, as: string, action: string) => {
    const status = await expectStatus(api, { path: `/proposals/${id}/status`, as }, 200);
    return expectStatus(api, { method: 'POST', path: `/proposals/${id}/transitions`, as, body: { action, expectedVersion: status.body.version } }, 200);
  };
  const draft = async () => (await expectStatus(api, { method: 'POST', path: '/proposals', as: 'op.sleman', body: { serviceType: 'KENAIKAN_PANGKAT', nip: SRI, payload: kenaikanPangkat.examplePayload } }, 201)).body.id as string;

  /**
   * A promotion's three PDFs, from the operator's grant to the auditor's list of openings, each
   * step once; the first kind's steps through the gateway, the others as plain calls.
   */
  async function promotion(run: string) {
    const id = await draft();
    for (const [i, code] of PROMOTION_CODES.entries()) {
      const bytes = pdfBytes(`${code} Sri Wahyuni ${run}`);
      if (i > 0) {
        await giveDocument(api, docs, 'op.sleman', id, code, { bytes, contentType: 'application/pdf' });
        continue;
      }
      const grant = await request('POST /proposals/{id}/documents/{code}/uploads', 'op.sleman', 'POST', `/proposals/${id}/documents/${code}/uploads`, { contentType: 'application/pdf', size: bytes.length, sha256: sha256Hex(bytes) });
      const upload = grant.body.upload as { url: string; headers: Record<string, string> };
      const put = await transfer(upload.url, 'PUT', upload.headers, bytes);
      if (put.status !== 200) throw new Error(`the upload answered ${put.status}`);
      if (measuring) transfers.push({ step: 'the file, PUT to the presigned URL', fileBytes: bytes.length, bytesUp: put.bytesUp, bytesDown: put.bytesDown });
      await request('POST /proposals/{id}/documents/{code}/versions', 'op.sleman', 'POST', `/proposals/${id}/documents/${code}/versions`, { grantId: grant.body.grantId });
      await step('scan-result · clean, on a registered file', undefined, () => docs.scan(`${id}/${code}/${sha256Hex(bytes)}`));
    }
    await request('GET /proposals/{id}/documents', 'op.sleman', 'GET', `/proposals/${id}/documents`);
    await act(id, 'op.sleman', 'submit');
    const [first, ...others] = PROMOTION_CODES;
    await request('PUT /proposals/{id}/documents/{code}/review', 'appr.sleman', 'PUT', `/proposals/${id}/documents/${first}/review`, { version: 1, decision: 'ACCEPTED' });
    for (const code of others) await expectStatus(api, { method: 'PUT', path: `/proposals/${id}/documents/${code}/review`, as: 'appr.sleman', body: { version: 1, decision: 'ACCEPTED' } }, 200);
    const opened = await request('POST /proposals/{id}/documents/{code}/versions/{version}/openings', 'appr.sleman', 'POST', `/proposals/${id}/documents/${first}/versions/1/openings`);
    const got = await transfer(opened.body.url as string, 'GET');
    if (got.status !== 200) throw new Error(`the download answered ${got.status}`);
    if (measuring) transfers.push({ step: 'the file, GET from the presigned URL', fileBytes: got.body.length, bytesUp: got.bytesUp, bytesDown: got.bytesDown });
    await request('GET /proposals/{id}/document-openings', 'admin.sleman', 'GET', `/proposals/${id}/document-openings`);
    await request('GET /employees/{nip}/document-openings', 'admin.sleman', 'GET', `/employees/${SRI}/document-openings`);
    // The EICAR test file, registered, then found harmful.
    const harmful = await draft();
    const eicar = Buffer.concat([Buffer.from('%PDF-1.4\n'), EICAR_BYTES, Buffer.from(run)]);
    const grant = await expectStatus(api, { method: 'POST', path: `/proposals/${harmful}/documents/${first}/uploads`, as: 'op.sleman', body: { contentType: 'application/pdf', size: eicar.length, sha256: sha256Hex(eicar) } }, 201);
    await transfer(grant.body.upload.url as string, 'PUT', grant.body.upload.headers as Record<string, string>, eicar);
    await expectStatus(api, { method: 'POST', path: `/proposals/${harmful}/documents/${first}/versions`, as: 'op.sleman', body: { grantId: grant.body.grantId } }, 201);
    await step('scan-result · harmful (quarantined)', undefined, () => docs.scan(`${harmful}/${first}/${sha256Hex(eicar)}`));
    const list = await expectStatus(api, { path: `/proposals/${harmful}/documents`, as: 'op.sleman' }, 200);
    if (list.body.documents[0].state !== 'QUARANTINED') throw new Error(`the EICAR file is ${list.body.documents[0].state}, not QUARANTINED`);
  }

  try {
    // A warm container: every organisation resolved once, windows and calendars read, every path taken once.
    for (const user of users) await call(api, { path: '/me', as: user.username });
    await promotion('warm-up');
    measuring = true;
    await promotion('measured');
    measuring = false;
    log(`  ${operations.map((o) => `${o.name}: ${o.totals.requests} requests${o.storage.length ? ` + ${o.storage.length} to S3` : ''}${o.minimum.above || o.storageMinimum?.above ? ' (ABOVE its minimum)' : ''}`).join('; ')}`);

    // ---- a proposal's read, however many document versions it holds ---------------------------------
    const reads: ProposalRead[] = [];
    const reader = await phone('op.sleman');
    for (const versions of sizes) {
      const id = await draft();
      for (let i = 0; i < versions; i++) {
        const code = PROMOTION_CODES[i % PROMOTION_CODES.length]!;
        await giveDocument(api, docs, 'op.sleman', id, code, { bytes: pdfBytes(`${code} Sri Wahyuni, pindaian ${Math.floor(i / PROMOTION_CODES.length) + 1}`), contentType: 'application/pdf' });
      }
      meter.take();
      const view = await reader.get('proposal', `/proposals/${id}`);
      const calls = meter.take();
      const held = (view.body.checklist as { versions: unknown[] }[]).reduce((n, entry) => n + entry.versions.length, 0);
      if (held !== versions) throw new Error(`the view of ${id} lists ${held} versions, not ${versions}`);
      reads.push({ versions, historyEvents: (view.body.history as unknown[]).length, calls, totals: totals(calls), itemsRead: itemsReadBy(calls), wire: wireOf(reader.exchanges.at(-1)!), minimum: checkMinimum('GET /proposals/{id}', calls) });
    }
    log(`  GET /proposals/{id}: ${reads.map((r) => `${r.versions} versions: ${r.calls.map((c) => c.command).join(' + ')}, ${r.itemsRead} items, ${r.totals.billedRru} RRU, ${r.wire.bodyPlain} B plain, ${r.wire.bytesDown} B down as sent (${r.wire.encoding ?? 'identity'})`).join('; ')}`);
    return {
      method:
        'A promotion (KENAIKAN_PANGKAT) filed by the operator, its three PDFs granted, PUT to the S3 emulator (s3rver, infra/local/s3-local.ts, on a free port), registered and scanned by the stand-in, reviewed and opened; a fourth file, carrying EICAR, quarantined. ' +
        'Each operation once, in a warm container (the same walk made once before, unmeasured), through the real API handler behind the local gateway (infra/local/gateway.ts): its bytes counted at the client\'s socket, a phone asking for br or gzip; DynamoDB work counted with ReturnConsumedCapacity as in section 4; Pantau\'s own requests to S3 counted by a middleware on its S3 client (the stand-in scanner reads with a client of its own: GuardDuty\'s cost, not Pantau\'s)',
      operations,
      transfers,
      reads,
    };
  } finally {
    for (const client of clients.values()) client.close();
    await gateway.close();
    doc.destroy();
  }
}
