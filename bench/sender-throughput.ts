/**
 * How many emails one sender (one Lambda invocation at a time, batches of 10) gets through in
 * process, against DynamoDB Local and an SES answering after 50 ms. Prints figures; asserts nothing.
 *
 *   npx tsx bench/sender-throughput.ts [messages=500] [batchSize=10] [latencyMs=50]
 */
import { SendEmailCommand, SESClient } from '@aws-sdk/client-ses';
import type { SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { createServer } from 'node:net';
import { createEmailSender } from '../functions/send-email/app';
import { ensureTable, startDynamoDbLocal } from '../infra/local/dynamodb-local';
import { createDocumentClient } from '../shared/adapters/dynamo/client';
import { DirectoryRepository } from '../shared/adapters/dynamo/directory-repository';
import type { StatusChangedEvent } from '../shared/domain/notifications/types';
import { TEST_WEB_BASE_URL, testTrackingLinks } from '../test/support/tracking-links';

const [messages = 500, batchSize = 10, latencyMs = 50] = process.argv.slice(2).map(Number);

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const dynamo = await startDynamoDbLocal({ port: await freePort() });
try {
  await ensureTable(dynamo.endpoint, 'bench');
  const doc = createDocumentClient({ endpoint: dynamo.endpoint });
  const directory = new DirectoryRepository(doc, 'bench');
  const nip = '199001012015032001';
  await directory.putEmployee({
    nip, name: 'Siti Bench', kind: 'PNS', agencyId: 'PEMKAB-SLEMAN', birthDate: '1990-01-01', sex: 'F', timeZone: 'Asia/Jakarta',
    contact: { email: 'siti@example.com', phone: '+6281200000000' }, preferences: { language: 'id', channels: { email: true, sms: true } }, version: 1, updatedAt: '2026-01-01T00:00:00Z',
  });

  const ses = mockClient(SESClient);
  let sent = 0;
  ses.on(SendEmailCommand).callsFake(async () => {
    await new Promise((r) => setTimeout(r, latencyMs));
    return { MessageId: `m-${++sent}` };
  });
  const handler = createEmailSender({
    doc, tableName: 'bench', ses: new SESClient({ region: 'ap-southeast-3' }), queue: { changeVisibility: async () => {} },
    clock: { now: () => new Date('2026-11-02T03:00:00Z') }, trackingLinks: testTrackingLinks(), config: { from: 'bench@example.com', webBaseUrl: TEST_WEB_BASE_URL },
  });

  const event = (i: number): StatusChangedEvent => ({
    kind: 'status-changed', eventId: `USL-BNCH-0000-0001#${i}`, proposalId: 'USL-BNCH-0000-0001', seq: i, action: 'forward', at: '2026-11-02T03:00:00Z',
    serviceType: 'CUTI', toStatus: 'IN_PROGRESS', toStage: 'KEPUTUSAN_PYBMC', nip, agencyId: 'PEMKAB-SLEMAN', filedBy: { userId: 'u', role: 'PEGAWAI' }, urgent: false,
  });
  const record = (i: number) => ({ messageId: `q-${i}`, receiptHandle: `rh-${i}`, body: JSON.stringify(event(i)), attributes: { ApproximateReceiveCount: '1' } }) as unknown as SQSRecord;

  const started = performance.now();
  let failures = 0;
  for (let i = 1; i <= messages; i += batchSize) {
    const batch = Array.from({ length: Math.min(batchSize, messages - i + 1) }, (_, k) => record(i + k));
    failures += (await handler({ Records: batch })).batchItemFailures.length;
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`sender throughput: ${messages} emails in ${seconds.toFixed(2)} s = ${(messages / seconds).toFixed(1)} emails/s per concurrent sender`);
  console.log(`  batch size ${batchSize}, provider latency ${latencyMs} ms, DynamoDB Local; failures ${failures}, provider calls ${sent}`);
  doc.destroy();
} finally {
  await dynamo.stop();
}
