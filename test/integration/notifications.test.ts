import { SendEmailCommand, SESClient } from '@aws-sdk/client-ses';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent, SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOnChangeHandler } from '../../functions/on-change/app';
import { createEmailSender } from '../../functions/send-email/app';
import { createSesFeedbackHandler } from '../../functions/ses-feedback/app';
import { createSmsSender } from '../../functions/send-sms/app';
import { DirectoryRepository } from '../../shared/adapters/dynamo/directory-repository';
import { ProposalRepository } from '../../shared/adapters/dynamo/proposal-repository';
import { cuti } from '../../shared/domain/catalog/cuti';
import { kenaikanPangkat } from '../../shared/domain/catalog/kenaikan-pangkat';
import type { NotificationEvent, StatusChangedEvent } from '../../shared/domain/notifications/types';
import { applyTransition, createProposal, type Change } from '../../shared/domain/proposal/lifecycle';
import type { HistoryEvent } from '../../shared/domain/proposal/types';
import { ACTORS, EMPLOYEES, ORGS, actor, context } from '../support/fixtures';
import { staffMembersOf } from '../support/staff';
import { StaffRepository } from '../../shared/adapters/dynamo/staff-repository';
import type { Actor } from '../../shared/domain/actors';
import { freshTable } from '../support/table';
import { TEST_WEB_BASE_URL, testKeyRing, testTrackingLinks } from '../support/tracking-links';
import { TrackingLinks } from '../../shared/app/tracking-links';

/**
 * The notification pipeline against DynamoDB Local (deliveries, claims, suppressions), with SES
 * and SNS mocked: what the stream hands over, what the topic fans out, what the senders send.
 */
const ses = mockClient(SESClient);
const sns = mockClient(SNSClient);
let doc: Awaited<ReturnType<typeof freshTable>>['doc'];
let tableName: string;
let now = '2026-11-02T03:00:00.000Z'; // Monday 10:00 WIB
const clock = { now: () => new Date(now) };
const hidden: { receiptHandle: string; seconds: number }[] = [];
const queue = { changeVisibility: async (receiptHandle: string, seconds: number) => void hidden.push({ receiptHandle, seconds }) };
const config = { from: 'Pantau <no-reply@pantau.example.go.id>', configurationSet: 'pantau-test', webBaseUrl: TEST_WEB_BASE_URL };
const ring = testKeyRing();
const trackingLinks = testTrackingLinks(ring);
let proposals: ProposalRepository;
let counter = 0;

beforeAll(async () => {
  ({ doc, tableName } = await freshTable());
  const directory = new DirectoryRepository(doc, tableName);
  for (const org of Object.values(ORGS)) await directory.putOrganisation(org);
  for (const employee of Object.values(EMPLOYEES)) await directory.putEmployee(employee);
  await directory.saveUser({
    userId: ACTORS.opSleman.userId, username: 'op.sleman', name: 'Operator Sleman', orgId: ORGS.sleman!.id, roles: ['OPERATOR'],
    timeZone: 'Asia/Jakarta', contact: { email: 'op.sleman@example.com', phone: '+6281200000999' }, preferences: { language: 'id', channels: { email: true, sms: true } },
  });
  proposals = new ProposalRepository(doc, tableName);
});

beforeEach(() => {
  ses.reset();
  sns.reset();
  hidden.length = 0;
  ses.on(SendEmailCommand).callsFake(async () => ({ MessageId: `ses-${++counter}` }));
  sns.on(PublishCommand).callsFake(async () => ({ MessageId: `sns-${++counter}` }));
});

afterEach(() => {
  now = '2026-11-02T03:00:00.000Z';
});

const logged: string[] = [];
const logger = { info: () => {}, warn: () => {}, error: (message: string) => void logged.push(message) } as never;
const email = (links: TrackingLinks = trackingLinks) =>
  createEmailSender({ doc, tableName, ses: new SESClient({ region: 'ap-southeast-3' }), queue, clock, trackingLinks: links, config, jitter: () => 0.5, logger });
const sms = (links: TrackingLinks = trackingLinks) =>
  createSmsSender({ doc, tableName, sns: new SNSClient({ region: 'ap-southeast-3' }), queue, clock, trackingLinks: links, config: { webBaseUrl: config.webBaseUrl }, jitter: () => 0.5 });

/** A leave walked to `steps` actions, stored as the API would store it. */
async function storedLeave(steps: ('submit' | 'forward' | 'return')[]): Promise<HistoryEvent[]> {
  const id = `USL-TEST-${String(++counter).padStart(4, '0')}-0000`;
  let change: Change = createProposal({ id, pinHash: 'x', subject: { employee: EMPLOYEES.sari }, payload: cuti.examplePayload, documents: [{ code: 'FORMULIR_CUTI', reference: 'r' }] }, context(ACTORS.sari, cuti, now));
  await proposals.create(change);
  const events = [change.event];
  for (const action of steps) {
    const who = action === 'submit' ? ACTORS.sari : change.proposal.assignment?.role === 'APPROVER' ? ACTORS.apprSleman : ACTORS.verSleman;
    const request = action === 'return' ? { action, expectedVersion: change.proposal.version, reason: { code: 'DOKUMEN_TIDAK_LENGKAP', text: 'Formulir <belum> ditandatangani' }, missingItems: ['Formulir cuti bertanda tangan'] } : { action, expectedVersion: change.proposal.version };
    const next = applyTransition(change.proposal, request, context(who, cuti, now));
    await proposals.save(next, change.proposal.version);
    change = next;
    events.push(next.event);
  }
  return events;
}

function streamOf(events: HistoryEvent[]): DynamoDBStreamEvent {
  return {
    Records: events.map((event, index) => ({
      eventID: `${event.proposalId}-${event.seq}`,
      eventName: 'INSERT',
      eventSource: 'aws:dynamodb',
      dynamodb: {
        SequenceNumber: String(1000 + index),
        NewImage: marshall({ pk: `PROPOSAL#${event.proposalId}`, sk: `EVENT#${event.seq}`, entity: 'EVENT', ...event }, { removeUndefinedValues: true }) as never,
      },
    })),
  };
}

let handles = 0;
function queueOf(events: NotificationEvent[], receiveCount = 1): SQSEvent {
  return { Records: events.map((event) => sqsRecord(JSON.stringify(event), receiveCount)) };
}
function sqsRecord(body: string, receiveCount = 1): SQSRecord {
  const id = `m-${++handles}`;
  return {
    messageId: id, receiptHandle: `rh-${id}`, body, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:ap-southeast-3:000000000000:email', awsRegion: 'ap-southeast-3',
    attributes: { ApproximateReceiveCount: String(receiveCount), SentTimestamp: '0', SenderId: 'x', ApproximateFirstReceiveTimestamp: '0' },
    messageAttributes: {},
  };
}

async function publishedFrom(stream: DynamoDBStreamEvent): Promise<StatusChangedEvent[]> {
  const published: StatusChangedEvent[] = [];
  const onChange = createOnChangeHandler({ publisher: { publish: async (event) => void published.push(event as StatusChangedEvent) } });
  expect((await onChange(stream)).batchItemFailures).toEqual([]);
  return published;
}

async function deliveriesOf(id: string) {
  return (await proposals.getWithHistory(id))!.deliveries;
}

describe('from the stream to the topic', () => {
  it('only status changes become domain events, in order, carrying what the senders need', async () => {
    const events = await storedLeave(['submit', 'forward']);
    const published = await publishedFrom(streamOf(events));
    expect(published.map((e) => e.action)).toEqual(['submit', 'forward']);
    expect(published[1]).toMatchObject({ kind: 'status-changed', eventId: `${events[0]!.proposalId}#3`, nip: EMPLOYEES.sari.nip, toStage: 'KEPUTUSAN_PYBMC', filedBy: { role: 'PEGAWAI' } });
  });

  it('when publishing fails for one proposal, its later records fail too (retried in order) and others go on', async () => {
    const a = await storedLeave(['submit', 'forward']);
    const b = await storedLeave(['submit']);
    const stream = streamOf([a[1]!, b[1]!, a[2]!]);
    const published: string[] = [];
    const onChange = createOnChangeHandler({
      publisher: { publish: async (event) => { if (event.eventId === `${a[0]!.proposalId}#2`) throw new Error('SNS down'); published.push(event.eventId); } },
    });
    const result = await onChange(stream);
    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['1000', '1002']);
    expect(published).toEqual([`${b[0]!.proposalId}#2`]);
  });
});

describe('sending email and SMS exactly once', () => {
  it('a stream batch replayed three times sends each message once, and the proposal lists each delivery once', async () => {
    const events = await storedLeave(['submit', 'forward', 'return']);
    const stream = streamOf(events);
    for (let replay = 0; replay < 3; replay++) {
      const published = await publishedFrom(stream);
      expect((await email()(queueOf(published))).batchItemFailures).toEqual([]);
      expect((await sms()(queueOf(published))).batchItemFailures).toEqual([]);
    }
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(3);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(3);
    const deliveries = await deliveriesOf(events[0]!.proposalId);
    expect(deliveries).toHaveLength(6);
    expect(deliveries.every((d) => d.state === 'SENT' && d.attempts === 1)).toBe(true);
    const mail = ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input).find((m) => m.Message?.Subject?.Data?.includes('BTS'))!;
    expect(mail.Destination?.ToAddresses).toEqual([EMPLOYEES.sari.contact.email]);
    expect(mail.ConfigurationSetName).toBe('pantau-test');
    expect(mail.Message?.Body?.Html?.Data).toContain('&lt;belum&gt;');
    const text = sns.commandCalls(PublishCommand).map((c) => c.args[0].input).find((m) => m.Message?.includes('BTS'))!;
    expect(text.PhoneNumber).toBe(EMPLOYEES.sari.contact.phone);
    expect(text.MessageAttributes?.['AWS.SNS.SMS.SMSType']?.StringValue).toBe('Transactional');
    expect(text.Message!.length).toBeLessThanOrEqual(160);
    expect(text.Message).toContain(events[0]!.proposalId);
  });

  it('one poisoned record in a batch of fifty leaves forty-nine delivered and one reported', async () => {
    const events = await storedLeave(['submit']);
    const [submitted] = await publishedFrom(streamOf(events));
    const records: SQSRecord[] = [];
    for (let i = 0; i < 49; i++) records.push(sqsRecord(JSON.stringify({ ...submitted!, seq: 100 + i, eventId: `${submitted!.proposalId}#${100 + i}` })));
    const poison = sqsRecord('{"kind": "status-changed", "this is": "not an event"');
    records.splice(17, 0, poison);
    const result = await email()({ Records: records });
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: poison.messageId }]);
    expect(logged).toContain('a message failed and stays on the queue');
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(49);
  });

  it('SES throttling, then success, sends once: the message backs off on the queue in between', async () => {
    const events = await storedLeave(['submit']);
    const published = await publishedFrom(streamOf(events));
    ses.reset();
    const throttled = Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'Throttling', $metadata: { httpStatusCode: 400 } });
    ses.on(SendEmailCommand).rejectsOnce(throttled).resolves({ MessageId: 'ses-after-throttle' });
    const first = queueOf(published, 1);
    expect((await email()(first)).batchItemFailures).toHaveLength(1);
    expect(hidden).toEqual([{ receiptHandle: first.Records[0]!.receiptHandle, seconds: 10 }]);
    expect((await deliveriesOf(events[0]!.proposalId))[0]).toMatchObject({ state: 'SENDING', reason: expect.stringContaining('Throttling') });
    expect((await email()(queueOf(published, 2))).batchItemFailures).toEqual([]);
    expect((await email()(queueOf(published, 3))).batchItemFailures).toEqual([]);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(2);
    expect((await deliveriesOf(events[0]!.proposalId))[0]).toMatchObject({ state: 'SENT', messageId: 'ses-after-throttle', attempts: 2 });
  });

  it('a permanent refusal is recorded as failed and not retried', async () => {
    const events = await storedLeave(['submit']);
    const published = await publishedFrom(streamOf(events));
    ses.reset();
    ses.on(SendEmailCommand).rejects(Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected' }));
    expect((await email()(queueOf(published))).batchItemFailures).toEqual([]);
    expect((await email()(queueOf(published))).batchItemFailures).toEqual([]);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    expect((await deliveriesOf(events[0]!.proposalId))[0]).toMatchObject({ state: 'FAILED', reason: expect.stringContaining('MessageRejected') });
  });

  it('an SMS at 22:00 WIB waits on the queue until 07:00 WIB, then goes out once', async () => {
    now = '2026-11-02T15:00:00.000Z'; // 22:00 WIB
    const events = await storedLeave(['submit']);
    const published = await publishedFrom(streamOf(events));
    const night = queueOf(published);
    expect((await sms()(night)).batchItemFailures).toHaveLength(1);
    expect(hidden).toEqual([{ receiptHandle: night.Records[0]!.receiptHandle, seconds: 9 * 3600 }]);
    expect((await deliveriesOf(events[0]!.proposalId))[0]).toMatchObject({ state: 'DEFERRED', deferredUntil: '2026-11-03T00:00:00.000Z' });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
    now = '2026-11-03T00:00:05.000Z';
    expect((await sms()(queueOf(published, 2))).batchItemFailures).toEqual([]);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
    expect((await deliveriesOf(events[0]!.proposalId))[0]).toMatchObject({ state: 'SENT' });
  });

  it('an employee who turned SMS off gets no SMS: the delivery says suppressed', async () => {
    const directory = new DirectoryRepository(doc, tableName);
    const budi = (await directory.getEmployee(EMPLOYEES.budi.nip))!;
    await directory.putEmployee({ ...budi, preferences: { language: 'en', channels: { email: true, sms: false } } });
    const change = createProposal({ id: 'USL-BUDI-0000-0001', pinHash: 'x', subject: { employee: budi }, payload: cuti.examplePayload, documents: [{ code: 'FORMULIR_CUTI', reference: 'r' }] }, context(ACTORS.budi, cuti, now));
    await proposals.create(change);
    const submitted = applyTransition(change.proposal, { action: 'submit', expectedVersion: 1 }, context(ACTORS.budi, cuti, now));
    await proposals.save(submitted, 1);
    const published = await publishedFrom(streamOf([submitted.event]));
    await sms()(queueOf(published));
    await email()(queueOf(published));
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
    expect(ses.commandCalls(SendEmailCommand)[0]!.args[0].input.Message?.Subject?.Data).toMatch(/Proposal|proposal/);
    expect((await deliveriesOf('USL-BUDI-0000-0001')).map((d) => [d.channel, d.state, d.reason ?? null])).toEqual([
      ['email', 'SENT', null],
      ['sms', 'SUPPRESSED', 'opted out'],
    ]);
  });

  it('a bounced address is suppressed for later sends', async () => {
    const feedback = createSesFeedbackHandler({ doc, tableName, clock });
    await feedback({ Records: [{ EventSource: 'aws:sns', EventVersion: '1.0', EventSubscriptionArn: 'x', Sns: { Message: JSON.stringify({ eventType: 'Bounce', bounce: { bounceType: 'Permanent', bounceSubType: 'NoEmail', bouncedRecipients: [{ emailAddress: EMPLOYEES.dewi.contact.email!.toUpperCase() }] } }), MessageId: 'f1' } as never }] });
    const change = createProposal({ id: 'USL-DEWI-0000-0001', pinHash: 'x', subject: { employee: EMPLOYEES.dewi }, payload: cuti.examplePayload, documents: [{ code: 'FORMULIR_CUTI', reference: 'r' }] }, context(ACTORS.dewi, cuti, now));
    await proposals.create(change);
    const submitted = applyTransition(change.proposal, { action: 'submit', expectedVersion: 1 }, context(ACTORS.dewi, cuti, now));
    await proposals.save(submitted, 1);
    await email()(queueOf(await publishedFrom(streamOf([submitted.event]))));
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    expect((await deliveriesOf('USL-DEWI-0000-0001'))[0]).toMatchObject({ state: 'SUPPRESSED', reason: 'bounce' });
  });

  it('a promotion’s news reaches the employee and the operator who filed it', async () => {
    await email()(queueOf(await promotionFiledByOperator('USL-KPKP-0000-0001')));
    expect(ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input.Destination?.ToAddresses?.[0]).sort()).toEqual([EMPLOYEES.sari.contact.email, 'op.sleman@example.com'].sort());
  });

  it('an operator suspended since they filed it gets no copy; the employee still gets hers', async () => {
    const suspended = actor('op.cuti', ['OPERATOR'], ORGS.sleman!);
    const [member] = staffMembersOf([suspended]);
    await new StaffRepository(doc, tableName).seedMember({ ...member!, status: 'SUSPENDED', contact: { email: 'op.cuti@example.com' } }, 'INSTANSI');
    await email()(queueOf(await promotionFiledByOperator('USL-KPKP-0000-0099', suspended)));
    expect(ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input.Destination?.ToAddresses?.[0])).toEqual([EMPLOYEES.sari.contact.email]);
  });
});

/** A promotion of Sari's that the Sleman operator filed and submitted: its submit, as the topic carries it. */
async function promotionFiledByOperator(id: string, filer: Actor = ACTORS.opSleman): Promise<StatusChangedEvent[]> {
  const docs = kenaikanPangkat.requiredDocuments.map((d) => ({ code: d.code, reference: 'r' }));
  const change = createProposal({ id, pinHash: 'x', subject: { employee: EMPLOYEES.sari }, payload: kenaikanPangkat.examplePayload, documents: docs }, context(filer, kenaikanPangkat, now));
  await proposals.create(change);
  const submitted = applyTransition(change.proposal, { action: 'submit', expectedVersion: 1 }, context(filer, kenaikanPangkat, now));
  await proposals.save(submitted, 1);
  return publishedFrom(streamOf([submitted.event]));
}

const mailTo = (address: string) => ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input).filter((m) => m.Destination?.ToAddresses?.[0] === address);
const smsTo = (phone: string) => sns.commandCalls(PublishCommand).map((c) => c.args[0].input).filter((m) => m.PhoneNumber === phone);
/** Every tracking link in a text, with its token. */
const trackingLinksIn = (text: string, id: string) => [...text.matchAll(new RegExp(`https://pantau\\.example\\.go\\.id/t/${id}/([A-Za-z0-9_-]+)`, 'g'))].map((m) => m[1]!);

describe('the links in what is sent', () => {
  it('the employee gets the signed tracking link the page accepts; the operator who filed it gets the proposal in the front end', async () => {
    const id = 'USL-KPKP-0000-0002';
    const published = await promotionFiledByOperator(id);
    await email()(queueOf(published));
    await sms()(queueOf(published));

    const [mail] = mailTo(EMPLOYEES.sari.contact.email!);
    const [text] = smsTo(EMPLOYEES.sari.contact.phone!);
    const tokens = [mail!.Message!.Body!.Html!.Data!, mail!.Message!.Body!.Text!.Data!, text!.Message!].flatMap((part) => trackingLinksIn(part, id));
    // The HTML has it as the href and as the text of the link.
    expect(tokens).toHaveLength(4);
    for (const token of tokens) expect(await trackingLinks.verify(id, token)).toBe(true);
    expect(await trackingLinks.verify('USL-KPKP-0000-0001', tokens[0]!)).toBe(false);
    expect(mail!.Message!.Body!.Text!.Data).toContain(`${TEST_WEB_BASE_URL}/settings/notifications`);

    const [operatorMail] = mailTo('op.sleman@example.com');
    const [operatorText] = smsTo('+6281200000999');
    for (const part of [operatorMail!.Message!.Body!.Text!.Data!, operatorText!.Message!]) {
      expect(part).toContain(`${TEST_WEB_BASE_URL}/proposals/${id}`);
      expect(trackingLinksIn(part, id)).toEqual([]);
    }
    for (const part of [mail!.Message!.Body!.Text!.Data!, operatorMail!.Message!.Body!.Text!.Data!, text!.Message!, operatorText!.Message!]) {
      expect(part).not.toMatch(/\/track\/|\/me\b|pantau\.example\.go\.id\/inbox/);
    }
  });

  it('keys that cannot be loaded send nothing unsigned: the employee’s message stays on the queue, the operator’s goes out, and the retry sends it signed', async () => {
    const id = 'USL-KPKP-0000-0003';
    const published = await promotionFiledByOperator(id);
    let keysReachable = false;
    const links = new TrackingLinks({
      load: async () => {
        if (!keysReachable) throw Object.assign(new Error('User is not authorized to perform: secretsmanager:GetSecretValue'), { name: 'AccessDeniedException' });
        return ring;
      },
    }, 'https://pantau.example.go.id');

    for (const [channel, send] of [['email', email(links)], ['sms', sms(links)]] as const) {
      hidden.length = 0;
      const first = queueOf(published, 1);
      expect((await send(first)).batchItemFailures, channel).toEqual([{ itemIdentifier: first.Records[0]!.messageId }]);
      // Hidden for the backoff of a first receive, as a throttled send is.
      expect(hidden, channel).toEqual([{ receiptHandle: first.Records[0]!.receiptHandle, seconds: 10 }]);
    }
    expect(mailTo(EMPLOYEES.sari.contact.email!)).toEqual([]);
    expect(smsTo(EMPLOYEES.sari.contact.phone!)).toEqual([]);
    expect(mailTo('op.sleman@example.com')).toHaveLength(1);
    expect(smsTo('+6281200000999')).toHaveLength(1);
    expect(logged).toContain('the tracking-link keys could not be loaded; the message stays on the queue');
    const held = (await deliveriesOf(id)).filter((d) => d.recipient.kind === 'employee');
    expect(held.map((d) => [d.channel, d.state, d.reason])).toEqual([
      ['email', 'SENDING', 'tracking-link keys unavailable: AccessDeniedException'],
      ['sms', 'SENDING', 'tracking-link keys unavailable: AccessDeniedException'],
    ]);

    keysReachable = true;
    expect((await email(links)(queueOf(published, 2))).batchItemFailures).toEqual([]);
    expect((await sms(links)(queueOf(published, 2))).batchItemFailures).toEqual([]);
    const [mail] = mailTo(EMPLOYEES.sari.contact.email!);
    const [text] = smsTo(EMPLOYEES.sari.contact.phone!);
    for (const part of [mail!.Message!.Body!.Text!.Data!, text!.Message!]) {
      const [token] = trackingLinksIn(part, id);
      expect(await trackingLinks.verify(id, token!)).toBe(true);
    }
    expect(mailTo('op.sleman@example.com')).toHaveLength(1);
    expect((await deliveriesOf(id)).map((d) => [d.channel, d.recipient.kind, d.state, d.attempts]).sort()).toEqual([
      ['email', 'employee', 'SENT', 2],
      ['email', 'user', 'SENT', 1],
      ['sms', 'employee', 'SENT', 2],
      ['sms', 'user', 'SENT', 1],
    ]);
  });
});
