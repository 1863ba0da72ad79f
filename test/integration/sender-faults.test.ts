import { SESClient } from '@aws-sdk/client-ses';
import type { SQSEvent } from 'aws-lambda';
import { Logger } from '@aws-lambda-powertools/logger';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEmailSender } from '../../functions/send-email/app';
import { startSesLocal, type SesLocal } from '../../infra/local/ses-local';
import { awsClientConfig, worstCallMs } from '../../shared/adapters/aws/client-config';
import { createDocumentClient } from '../../shared/adapters/dynamo/client';
import { DirectoryRepository } from '../../shared/adapters/dynamo/directory-repository';
import type { StatusChangedEvent } from '../../shared/domain/notifications/types';
import { freePort } from '../support/free-port';
import { SERVER_ERROR, startFaultyEndpoint, THROTTLED, type FaultyEndpoint } from '../support/faulty-endpoint';
import { EMPLOYEES, ORGS } from '../support/fixtures';
import { freshTable } from '../support/table';
import { TEST_WEB_BASE_URL, testTrackingLinks } from '../support/tracking-links';

/**
 * The email sender with its real clients, DynamoDB Local and aws-ses-v2-local, each behind an
 * endpoint that fails on demand: whatever fails, the message stays on the queue (nothing lost), and
 * once the fault clears it is sent exactly once, however often it is handed over again.
 */
let dynamo: FaultyEndpoint;
let ses: FaultyEndpoint;
let sesLocal: SesLocal;
let send: ReturnType<typeof createEmailSender>;
let now = new Date('2026-11-02T03:00:00.000Z');
let seq = 0;
const hidden: number[] = [];

beforeAll(async () => {
  const { doc, tableName, endpoint } = await freshTable();
  const directory = new DirectoryRepository(doc, tableName);
  for (const org of Object.values(ORGS)) await directory.putOrganisation(org);
  for (const employee of Object.values(EMPLOYEES)) await directory.putEmployee(employee);
  sesLocal = await startSesLocal({ port: await freePort() });
  dynamo = await startFaultyEndpoint(endpoint);
  ses = await startFaultyEndpoint(sesLocal.url);
  send = createEmailSender({
    doc: createDocumentClient({ endpoint: dynamo.url, budget: 'background' }),
    tableName,
    ses: new SESClient({ ...awsClientConfig('background'), endpoint: ses.url, region: 'ap-southeast-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
    queue: { changeVisibility: async (_handle: string, seconds: number) => void hidden.push(seconds) },
    clock: { now: () => now },
    trackingLinks: testTrackingLinks(),
    config: { from: 'Pantau <no-reply@pantau.local>', webBaseUrl: TEST_WEB_BASE_URL },
    jitter: () => 0.5,
    logger: new Logger({ logLevel: 'SILENT' }),
  });
});
afterAll(async () => {
  await dynamo?.close();
  await ses?.close();
  await sesLocal?.close();
});
beforeEach(() => {
  dynamo.heal();
  ses.heal();
  hidden.length = 0;
});

/** A status change of Sari's leave, as the email queue hands it over (the n-th time). */
function handed(event: StatusChangedEvent, receiveCount: number): SQSEvent {
  return {
    Records: [{
      messageId: `${event.eventId}-${receiveCount}`, receiptHandle: `rh-${event.eventId}-${receiveCount}`, body: JSON.stringify(event), md5OfBody: '',
      eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:ap-southeast-3:000000000000:email', awsRegion: 'ap-southeast-3',
      attributes: { ApproximateReceiveCount: String(receiveCount), SentTimestamp: '0', SenderId: 'x', ApproximateFirstReceiveTimestamp: '0' },
      messageAttributes: {},
    }],
  };
}

function statusChange(): StatusChangedEvent {
  const proposalId = `USL-FALT-${String(++seq).padStart(4, '0')}-0000`;
  return {
    kind: 'status-changed', eventId: `${proposalId}#2`, proposalId, seq: 2, action: 'submit', at: now.toISOString(), serviceType: 'CUTI',
    toStatus: 'IN_PROGRESS', toStage: 'ATASAN_LANGSUNG', nip: EMPLOYEES.sari.nip, agencyId: ORGS.sleman!.id, filedBy: { userId: 'u-sari', role: 'PEGAWAI' }, urgent: true,
  };
}

async function emailsAbout(proposalId: string): Promise<number> {
  const { emails } = (await (await fetch(sesLocal.storeUrl)).json()) as { emails: { subject: string; body: { text: string } }[] };
  return emails.filter((email) => email.body.text.includes(proposalId)).length;
}

async function handOver(event: StatusChangedEvent, receiveCount: number): Promise<{ failed: number; ms: number }> {
  const started = performance.now();
  const { batchItemFailures } = await send(handed(event, receiveCount));
  return { failed: batchItemFailures.length, ms: performance.now() - started };
}

describe('the email sender when its dependencies fail', () => {
  it.each([
    ['DynamoDB hangs', () => dynamo.fail({ kind: 'hang' })],
    ['DynamoDB throttles', () => dynamo.fail({ kind: 'error', ...THROTTLED.ProvisionedThroughputExceededException })],
    ['DynamoDB resets connections', () => dynamo.fail({ kind: 'reset' })],
    ['SES answers 500', () => ses.fail({ kind: 'error', ...SERVER_ERROR })],
    ['SES hangs', () => ses.fail({ kind: 'hang' })],
  ])('%s: the message stays on the queue, then goes out once', async (_what, fault) => {
    const event = statusChange();
    fault();
    const first = await handOver(event, 1);
    expect(first.failed).toBe(1);
    // One call's budget for DynamoDB, or a claim, a few reads and one SES call's budget.
    expect(first.ms).toBeLessThan(worstCallMs('background') + 2_000);
    expect(await emailsAbout(event.proposalId)).toBe(0);
    dynamo.heal();
    ses.heal();
    // A failed send gave its claim back, so the next hand-over sends at once; an unfinished claim waits out its lease.
    now = new Date(now.getTime() + 61_000);
    expect((await handOver(event, 2)).failed).toBe(0);
    expect(await emailsAbout(event.proposalId)).toBe(1);
    expect((await handOver(event, 3)).failed).toBe(0);
    expect(await emailsAbout(event.proposalId)).toBe(1);
  });

  it('a claim whose answer was lost waits out its lease, then sends once', async () => {
    const event = statusChange();
    dynamo.fail({ kind: 'swallow' }, ['UpdateItem']);
    expect((await handOver(event, 1)).failed).toBe(1);
    dynamo.heal();
    // The claim did land: within its lease another hand-over leaves it be.
    expect((await handOver(event, 2)).failed).toBe(1);
    expect(await emailsAbout(event.proposalId)).toBe(0);
    now = new Date(now.getTime() + 61_000);
    expect((await handOver(event, 3)).failed).toBe(0);
    expect((await handOver(event, 4)).failed).toBe(0);
    expect(await emailsAbout(event.proposalId)).toBe(1);
  });
});
