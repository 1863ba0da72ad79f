import { SESClient } from '@aws-sdk/client-ses';
import { SNSClient } from '@aws-sdk/client-sns';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOnChangeHandler } from '../../functions/on-change/app';
import { createEmailSender } from '../../functions/send-email/app';
import { createSmsSender } from '../../functions/send-sms/app';
import { LocalBus } from '../../infra/local/bus';
import { startGateway, type Gateway } from '../../infra/local/gateway';
import { localRoutes, withLocalRoutes } from '../../infra/local/local-routes';
import { startSesLocal, type SesLocal } from '../../infra/local/ses-local';
import { SmsOutbox } from '../../infra/local/sms-outbox';
import { DirectoryRepository } from '../../shared/adapters/dynamo/directory-repository';
import { DocumentRepository } from '../../shared/adapters/dynamo/document-repository';
import { ProposalRepository } from '../../shared/adapters/dynamo/proposal-repository';
import { matchesPattern, STREAM_FILTER_PATTERNS } from '../../shared/adapters/notifications/routing';
import { DocumentService } from '../../shared/app/documents';
import type { Role } from '../../shared/domain/actors';
import { cuti } from '../../shared/domain/catalog/cuti';
import { kenaikanPangkat } from '../../shared/domain/catalog/kenaikan-pangkat';
import type { ServiceType } from '../../shared/domain/catalog/types';
import type { DocumentVersion } from '../../shared/domain/documents/types';
import { applyTransition, createProposal } from '../../shared/domain/proposal/lifecycle';
import type { HistoryEvent, Proposal } from '../../shared/domain/proposal/types';
import { testDocumentStore } from '../support/documents';
import { ACTORS, EMPLOYEES, ORGS, context, readyDocuments } from '../support/fixtures';
import { freePort } from '../support/free-port';
import { emailsTo, waitFor, type LocalEmail } from '../support/local-outboxes';
import { EICAR_FINDING, threatsFound, uploadFile } from '../support/quarantine';
import { freshTable } from '../support/table';
import { TEST_WEB_BASE_URL, testTrackingLinks } from '../support/tracking-links';

/**
 * A document found harmful, from the scanner's verdict to what people receive: the verdict
 * recorded as the scan-result function records it (DocumentService.applyVerdict, DynamoDB Local),
 * the proposal's history as the stream hands it over (through the stream filter), the on-change
 * handler, the local topic and queues with routing.ts's filter policies, the real senders, and
 * what reached aws-ses-v2-local and the local SMS outbox.
 */
const NOW = '2026-11-02T03:00:00.000Z'; // Monday 10:00 WIB: SMS go out at once
const clock = { now: () => new Date(NOW) };
const REGION = 'ap-southeast-3';
const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

let doc: Awaited<ReturnType<typeof freshTable>>['doc'];
let tableName: string;
let ses: SesLocal;
let gateway: Gateway;
let bus: LocalBus;
let proposals: ProposalRepository;
let documents: DocumentRepository;
let service: DocumentService;
const outbox = new SmsOutbox({ now: clock.now });
const trackingLinks = testTrackingLinks();

// Each person with a number of their own, so what each received can be told apart.
const SARI = { ...EMPLOYEES.sari, contact: { email: 'sari@example.com', phone: '+6281200000101' } };
const STAFF: [string, Role[], string, string][] = [
  ['op.sleman', ['OPERATOR', 'APPROVER'], ORGS.sleman!.id, '+6281200000201'],
  ['op2.sleman', ['OPERATOR'], ORGS.sleman!.id, '+6281200000202'],
  ['appr.sleman', ['APPROVER'], ORGS.sleman!.id, '+6281200000203'],
  ['op.yogya', ['OPERATOR'], ORGS.yogya!.id, '+6281200000204'],
];
const mailOf = (username: string) => `${username}@example.com`;
const phoneOf = (username: string) => STAFF.find(([name]) => name === username)![3];

beforeAll(async () => {
  ({ doc, tableName } = await freshTable());
  const directory = new DirectoryRepository(doc, tableName);
  for (const org of Object.values(ORGS)) await directory.putOrganisation(org);
  await directory.putEmployee(SARI);
  for (const [username, roles, orgId, phone] of STAFF) {
    await directory.saveUser({
      userId: `user-${username}`, username, name: username, orgId, roles, timeZone: 'Asia/Jakarta',
      contact: { email: mailOf(username), phone }, preferences: { language: username === 'op2.sleman' ? 'en' : 'id', channels: { email: true, sms: true } },
    });
  }
  proposals = new ProposalRepository(doc, tableName);
  documents = new DocumentRepository(doc, tableName);
  // The verdict path never opens a file: the store is one nothing listens behind.
  service = new DocumentService({ documents, store: testDocumentStore(), directory, clock });

  ses = await startSesLocal({ port: await freePort() });
  gateway = await startGateway({ port: await freePort(), log: null, handler: withLocalRoutes(localRoutes({ outbox, bus: () => undefined, stream: () => undefined }), async () => ({ statusCode: 404, body: '' })) });
  bus = new LocalBus({ log: null, namePrefix: tableName, now: clock.now });
  bus.start({
    email: createEmailSender({
      doc, tableName, clock, queue: bus.queues.email, trackingLinks,
      ses: new SESClient({ endpoint: ses.url, region: REGION, credentials: CREDENTIALS }),
      config: { from: 'Pantau <no-reply@pantau.local>', webBaseUrl: TEST_WEB_BASE_URL },
    }),
    sms: createSmsSender({
      doc, tableName, clock, queue: bus.queues.sms, trackingLinks,
      sns: new SNSClient({ endpoint: `${gateway.url}/_local/sns`, region: REGION, credentials: CREDENTIALS }),
      config: { webBaseUrl: TEST_WEB_BASE_URL, senderId: 'PANTAU' },
    }),
  });
});

afterAll(async () => {
  await bus?.stop();
  await gateway?.close();
  await ses?.close();
});

/** Registers a file as the next version of a document, as the API's registration does. */
async function register(proposal: Proposal, type: ServiceType, code: string, content: string, versions: DocumentVersion[]): Promise<{ proposal: Proposal; version: DocumentVersion }> {
  const actor = proposal.filedBy.role === 'PEGAWAI' ? ACTORS.sari : ACTORS.opSleman;
  const { grant, change, version } = uploadFile(proposal, type, actor, code, content, versions, NOW, `grant-${proposal.id}-${versions.length + 1}`);
  await documents.putGrant(grant);
  await documents.saveAttached(change, proposal.version, version, grant.id);
  return { proposal: change.proposal, version };
}

/** The proposal's history as the stream hands it to on-change: every new EVENT item, through the stream filter. */
async function streamed(id: string): Promise<{ history: HistoryEvent[]; stream: DynamoDBStreamEvent }> {
  const { history } = (await proposals.getWithHistory(id))!;
  const records = history.map((event, index) => ({
    eventID: `${event.proposalId}-${event.seq}`,
    eventName: 'INSERT' as const,
    eventSource: 'aws:dynamodb',
    dynamodb: {
      SequenceNumber: String(1000 + index),
      NewImage: marshall({ pk: `PROPOSAL#${event.proposalId}`, sk: `EVENT#${String(event.seq).padStart(6, '0')}`, entity: 'EVENT', ...event }, { removeUndefinedValues: true }) as never,
    },
  }));
  return { history, stream: { Records: records.filter((record) => STREAM_FILTER_PATTERNS.some((pattern) => matchesPattern(pattern, record))) } };
}

/** Hands the stream to on-change, publishing to the local topic, and waits until both queues are drained. */
async function deliver(stream: DynamoDBStreamEvent): Promise<void> {
  const onChange = createOnChangeHandler({ publisher: bus });
  expect((await onChange(stream)).batchItemFailures).toEqual([]);
  await waitFor(async () => bus.snapshot().queues, (queues) => Object.values(queues).every((q) => q.depth === 0 && q.inFlight === 0));
}

const allMail = () => emailsTo({ sesStore: ses.storeUrl });
const mailAbout = async (id: string): Promise<LocalEmail[]> => (await allMail()).filter((mail) => mail.subject.includes(id));
const smsAbout = (id: string) => outbox.list().filter((sms) => sms.message.includes(id));
const trackingTokens = (text: string, id: string) => [...text.matchAll(new RegExp(`https://pantau\\.example\\.go\\.id/t/${id}/([A-Za-z0-9_-]+)`, 'g'))].map((m) => m[1]!);

describe('a document quarantined as harmful', () => {
  it('in an employee’s own draft: she alone is told, by email and SMS, of the document by name, with her signed link and without the finding; once', async () => {
    const id = 'USL-QRNT-0000-0101';
    const draft = createProposal({ id, pinHash: 'x', subject: { employee: SARI }, payload: cuti.examplePayload, documents: [] }, context(ACTORS.sari, cuti, NOW, SARI));
    await proposals.create(draft);
    const { version } = await register(draft.proposal, cuti, 'FORMULIR_CUTI', 'a leave form', []);
    await service.applyVerdict(id, 'FORMULIR_CUTI', version.sha256, threatsFound(NOW));

    const { history, stream } = await streamed(id);
    expect(history.map((e) => e.type)).toEqual(['create', 'attach', 'quarantine']);
    // Only the quarantine passes the stream filter: a draft's creation and an upload tell nobody.
    expect(stream.Records).toHaveLength(1);
    await deliver(stream);

    const mail = await mailAbout(id);
    expect(mail.map((m) => m.destination.to)).toEqual([[SARI.contact.email]]);
    const [email] = mail;
    expect(email!.subject).toBe(`[Pantau] Usulan ${id}: Dokumen berbahaya dikarantina`);
    expect(email!.body.text).toContain('Dokumen: Formulir permintaan cuti\n');
    expect(email!.body.text).toContain('Unggah ulang dokumen tersebut melalui Pantau.');
    const sms = smsAbout(id);
    expect(sms.map((s) => s.to)).toEqual([SARI.contact.phone]);
    expect(sms[0]!.message).toContain('berkas berbahaya, unggah ulang: Formulir permintaan cuti.');
    for (const part of [email!.body.text!, email!.body.html!, sms[0]!.message]) {
      expect(part).not.toContain('EICAR');
      expect(part).not.toContain(version.sha256);
      const tokens = trackingTokens(part, id);
      expect(tokens.length, part).toBeGreaterThan(0);
      for (const token of tokens) expect(await trackingLinks.verify(id, token)).toBe(true);
    }

    // Beside the proposal, under the quarantine's number, as a status change's deliveries are.
    const seq = history.at(-1)!.seq;
    const { deliveries } = (await proposals.getWithHistory(id))!;
    expect(deliveries.map((d) => [d.eventId, d.eventSeq, d.channel, d.recipient, d.state]).sort()).toEqual([
      [`${id}#${seq}`, seq, 'email', { kind: 'employee', nip: SARI.nip }, 'SENT'],
      [`${id}#${seq}`, seq, 'sms', { kind: 'employee', nip: SARI.nip }, 'SENT'],
    ]);

    // The stream handed over again (a retried batch): nothing is sent twice.
    await deliver((await streamed(id)).stream);
    expect(await mailAbout(id)).toHaveLength(1);
    expect(smsAbout(id)).toHaveLength(1);
    expect((await proposals.getWithHistory(id))!.deliveries.every((d) => d.attempts === 1)).toBe(true);
  });

  it('in a promotion the operator filed, now with its approver, replaced meanwhile: the agency’s operators and the stage’s approvers hear, each once, with the finding, in the front end, that nothing needs uploading; the employee does not', async () => {
    const id = 'USL-QRNT-0000-0102';
    const docs = readyDocuments(kenaikanPangkat, id);
    const filed = createProposal({ id, pinHash: 'x', subject: { employee: SARI }, payload: kenaikanPangkat.examplePayload, documents: docs.references }, context(ACTORS.opSleman, kenaikanPangkat, NOW, SARI));
    await proposals.create(filed);
    // A first file whose verdict is slow, replaced by a second that is scanned clean; then submitted.
    const first = await register(filed.proposal, kenaikanPangkat, 'SKP_DUA_TAHUN', 'ratings, first scan', []);
    const second = await register(first.proposal, kenaikanPangkat, 'SKP_DUA_TAHUN', 'ratings, second scan', [first.version]);
    await service.applyVerdict(id, 'SKP_DUA_TAHUN', second.version.sha256, { status: 'CLEAN', at: NOW });
    const record = (await documents.getRecord(id, 'strong'))!;
    const submitted = applyTransition(record.proposal, { action: 'submit', expectedVersion: record.proposal.version }, { ...context(ACTORS.opSleman, kenaikanPangkat, NOW, SARI), documents: record.documents });
    await proposals.save(submitted, record.proposal.version);
    expect(submitted.proposal.assignment).toMatchObject({ orgId: ORGS.sleman!.id, role: 'APPROVER' });
    // The first file's verdict comes in at last: harmful, while the proposal is with the agency's approvers.
    await service.applyVerdict(id, 'SKP_DUA_TAHUN', first.version.sha256, threatsFound(NOW));

    const { history, stream } = await streamed(id);
    expect(history.at(-1)).toMatchObject({ type: 'quarantine', toStatus: 'IN_PROGRESS', document: { code: 'SKP_DUA_TAHUN', version: 1, finding: EICAR_FINDING } });
    // The submit and the quarantine pass the stream filter; the submit's own notices are not this test's.
    expect(stream.Records).toHaveLength(2);
    await deliver({ Records: stream.Records.slice(-1) });

    const mail = await mailAbout(id);
    const to = (address: string) => mail.filter((m) => m.destination.to.includes(address));
    // op.sleman is an operator and an approver: one notice, as the operator.
    expect(mail.map((m) => m.destination.to[0]).sort()).toEqual([mailOf('appr.sleman'), mailOf('op.sleman'), mailOf('op2.sleman')]);
    expect(to(SARI.contact.email)).toEqual([]);
    expect(to(mailOf('op.yogya'))).toEqual([]);
    // The harmful file was replaced before its verdict came: nobody is asked to upload it again.
    expect(to(mailOf('op.sleman'))[0]!.body.text).toContain('Dokumen ini sudah diganti dengan berkas versi 2, sehingga tidak perlu diunggah ulang.');
    expect(to(mailOf('op2.sleman'))[0]!.body.text).toContain('Document: Performance ratings of the last two years\nFile version: 1\nScanner finding: EICAR-Test-File (not a virus)\n');
    expect(to(mailOf('op2.sleman'))[0]!.body.text).toContain('There is nothing more you need to do about this document.');
    expect(to(mailOf('appr.sleman'))[0]!.body.text).toContain('Periksa dokumen ini dari berkas versi 2 seperti biasa');
    for (const m of mail) {
      expect(m.body.text).toMatch(new RegExp(`(Temuan pemindai|Scanner finding): ${EICAR_FINDING.replace(/[()]/g, '\\$&')}\n`));
      expect(m.body.text).toContain(`${TEST_WEB_BASE_URL}/proposals/${id}`);
      expect(trackingTokens(m.body.text!, id)).toEqual([]);
    }
    const sms = smsAbout(id);
    expect(sms.map((s) => s.to).sort()).toEqual([phoneOf('op.sleman'), phoneOf('op2.sleman'), phoneOf('appr.sleman')].sort());
    for (const s of sms) {
      expect(s.message).toMatch(/(berkas lama berbahaya, sudah diganti|old file harmful, already replaced): /);
      expect(s.message).toContain(`${TEST_WEB_BASE_URL}/proposals/${id}`);
      expect(s.message).not.toContain('EICAR');
    }

    const seq = history.at(-1)!.seq;
    const { deliveries } = (await proposals.getWithHistory(id))!;
    const quarantine = deliveries.filter((d) => d.eventSeq === seq);
    expect(quarantine).toHaveLength(6);
    expect(quarantine.every((d) => d.eventId === `${id}#${seq}` && d.state === 'SENT' && d.recipient.kind === 'user')).toBe(true);
  });
});
