import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createApiHandler } from '../../functions/api/app';
import { createScanResultHandler } from '../../functions/scan-result/app';
import { standInScanner } from '../../infra/local/malware-scanner';
import type { DocumentStore } from '../../shared/adapters/documents/ports';
import { createS3Client } from '../../shared/adapters/documents/s3-client';
import { CalendarRepository } from '../../shared/adapters/dynamo/calendar-repository';
import { DirectoryRepository } from '../../shared/adapters/dynamo/directory-repository';
import { DocumentRepository } from '../../shared/adapters/dynamo/document-repository';
import { DocumentService } from '../../shared/app/documents';
import { CALENDAR_2026 } from '../../shared/domain/calendar';
import { kenaikanPangkat } from '../../shared/domain/catalog/kenaikan-pangkat';
import { call, type Handler } from '../support/api';
import { EICAR_BYTES, sha256Hex, TEST_BUCKET, testDocumentStore, type Api } from '../support/documents';
import { ACTORS, EMPLOYEES, ORGS } from '../support/fixtures';
import { freshTable } from '../support/table';
import { testTrackingLinks } from '../support/tracking-links';
import { noIdentity, seedStaff } from '../support/staff';

/**
 * A scan verdict that lands while the file is being registered: after registration has read the
 * proposal (no verdict yet) and before it writes. On the local stack this is the usual order for
 * a small file (the stand-in scans at the PUT, in milliseconds, and registration reads the object
 * back from storage); in the cloud it needs GuardDuty to answer within that window. The store
 * here delivers the verdict at exactly that point, through the stand-in scanner and the real
 * verdict function, so the race is the same on every run.
 *
 * What should hold: the proposal learns of the verdict, as it does when the verdict comes before
 * or after, so a harmful file’s quarantine is in the chain.
 * It did not once: the verdict's `putVerdict` found the item unregistered and left it to
 * registration, and registration's write kept the scan (`if_not_exists`) without noticing it had
 * arrived. Registration's write now holds only if the scan is still the one it read
 * (DocumentRepository.saveAttached); otherwise it reads again and applies the verdict.
 */

let api: Api;
let racing: { during?: () => Promise<void> };
let scan: (key: string) => Promise<void>;
const NOW = '2026-11-02T02:00:00.000Z';

beforeAll(async () => {
  const { doc, tableName } = await freshTable();
  const directory = new DirectoryRepository(doc, tableName);
  for (const org of Object.values(ORGS)) await directory.putOrganisation(org);
  await seedStaff(doc, tableName);
  for (const employee of Object.values(EMPLOYEES)) await directory.putEmployee(employee);
  await new CalendarRepository(doc, tableName).put(CALENDAR_2026);
  const endpoint = inject('s3Endpoint');
  const clock = { now: () => new Date(NOW) };
  const store = testDocumentStore(endpoint);
  racing = {};
  // Registration hashes the stored bytes (s3rver keeps no checksum) between its read and its write.
  const racingStore: DocumentStore = {
    presignUpload: (input) => store.presignUpload(input),
    head: (key) => store.head(key),
    firstBytes: (key, count) => store.firstBytes(key, count),
    async sha256Of(key) {
      const during = racing.during;
      racing.during = undefined;
      await during?.();
      return store.sha256Of(key);
    },
    presignDownload: (input) => store.presignDownload(input),
  };
  const handler = createApiHandler({ trackingLinks: testTrackingLinks(), identity: noIdentity, documentStore: racingStore, doc, tableName, clock }) as unknown as Handler;
  api = (request) => call(handler, request);
  const verdicts = createScanResultHandler({ documents: new DocumentService({ documents: new DocumentRepository(doc, tableName), store, directory, clock }), bucket: TEST_BUCKET, clock });
  const scanner = standInScanner({ s3: createS3Client({ endpoint, budget: 'local' }), bucket: TEST_BUCKET, verdictFunction: verdicts, onError: (error) => { throw error; } });
  scan = async (key) => {
    scanner.onObjectCreated({ eventName: 'ObjectCreated:Put', s3: { bucket: { name: TEST_BUCKET }, object: { key } } });
    await scanner.idle();
  };
});

describe('a verdict that lands during the registration', () => {
  it('still reaches the proposal: the harmful file is quarantined in the chain', async () => {
    const created = await api({ method: 'POST', path: '/proposals', as: ACTORS.opSleman, body: { serviceType: 'KENAIKAN_PANGKAT', nip: EMPLOYEES.sari.nip, payload: kenaikanPangkat.examplePayload } });
    const id = created.body.id as string;
    const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), EICAR_BYTES]);
    const grant = await api({ method: 'POST', path: `/proposals/${id}/documents/SKP_DUA_TAHUN/uploads`, as: ACTORS.opSleman, body: { contentType: 'application/pdf', size: bytes.length, sha256: sha256Hex(bytes) } });
    const { 'content-length': _length, ...headers } = grant.body.upload.headers as Record<string, string>;
    expect((await fetch(grant.body.upload.url, { method: 'PUT', headers, body: bytes })).status).toBe(200);

    let delivered = false;
    racing.during = async () => {
      await scan(`${id}/SKP_DUA_TAHUN/${sha256Hex(bytes)}`);
      delivered = true;
    };
    const registered = await api({ method: 'POST', path: `/proposals/${id}/documents/SKP_DUA_TAHUN/versions`, as: ACTORS.opSleman, body: { grantId: grant.body.grantId } });
    expect(delivered).toBe(true);
    expect(registered.status).toBe(201);

    const view = await api({ path: `/proposals/${id}`, as: ACTORS.opSleman });
    const skp = view.body.checklist.find((d: { code: string }) => d.code === 'SKP_DUA_TAHUN');
    // The item has the verdict either way: the file is never served.
    expect(skp.state).toBe('QUARANTINED');
    expect(view.body.history.map((e: { type: string }) => e.type)).toEqual(['create', 'attach', 'quarantine']);
  });
});
