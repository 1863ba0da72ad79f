import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalBus, LocalQueue, type SqsHandler } from '../../infra/local/bus';
import type { StatusChangedEvent } from '../../shared/domain/notifications/types';

const event: StatusChangedEvent = {
  kind: 'status-changed',
  eventId: 'USL-AAAA-BBBB-CCCC#2',
  proposalId: 'USL-AAAA-BBBB-CCCC',
  seq: 2,
  action: 'submit',
  at: '2026-11-02T02:00:00.000Z',
  serviceType: 'CUTI',
  toStatus: 'IN_PROGRESS',
  toStage: 'VERIFIKASI_INSTANSI',
  nip: '198503142010031004',
  agencyId: 'PEMKAB-SLEMAN',
  filedBy: { userId: 'user-budi', role: 'PEGAWAI' },
  urgent: false,
};

const running: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()));
});

function queue(options: ConstructorParameters<typeof LocalQueue>[1] = {}): LocalQueue {
  const q = new LocalQueue('test-queue', { batchWindowMs: 5, log: null, ...options });
  running.push(q);
  return q;
}

/** A handler that records what it got and answers with `answer`. */
function recorder(answer: (records: SQSRecord[], call: number) => Promise<SQSBatchResponse> | SQSBatchResponse = () => ({ batchItemFailures: [] })) {
  const calls: { at: number; records: SQSRecord[] }[] = [];
  const handler: SqsHandler = async (e: SQSEvent) => {
    calls.push({ at: Date.now(), records: e.Records });
    return answer(e.Records, calls.length);
  };
  return { calls, handler, bodies: () => calls.flatMap((c) => c.records.map((r) => r.body)) };
}

async function until(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('the local topic routes each event with the subscriptions’ filter policies', () => {
  it('a status change reaches the email and the SMS queue, as raw delivery puts it there', async () => {
    const bus = new LocalBus({ log: null });
    await bus.publish(event);
    const snapshot = bus.snapshot();
    expect(snapshot.topic).toMatchObject({ published: 1, unrouted: 0 });
    expect(snapshot.queues.email).toMatchObject({ depth: 1, inFlight: 0, sent: 1 });
    expect(snapshot.queues.sms).toMatchObject({ depth: 1, inFlight: 0, sent: 1 });

    const email = recorder();
    bus.start({ email: email.handler });
    running.push(bus);
    await until(() => email.calls.length === 1);
    const [record] = email.calls[0]!.records;
    expect(JSON.parse(record!.body)).toEqual(event);
    expect(record).toMatchObject({
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:ap-southeast-3:000000000000:pantau-local-email',
      attributes: { ApproximateReceiveCount: '1' },
      messageAttributes: {
        kind: { stringValue: 'status-changed', dataType: 'String' },
        channels: { stringValue: '["email","sms"]', dataType: 'String.Array' },
        urgent: { stringValue: 'false', dataType: 'String' },
      },
    });
    expect(record!.md5OfBody).toMatch(/^[0-9a-f]{32}$/);
    // The SMS queue has no sender here: its message waits.
    expect(bus.snapshot().queues.sms).toMatchObject({ depth: 1, draining: false });
  });

  it('an event no policy accepts reaches no queue', async () => {
    const bus = new LocalBus({ log: null });
    await bus.publish({ ...event, kind: 'reminder' } as unknown as StatusChangedEvent);
    const snapshot = bus.snapshot();
    expect(snapshot.topic).toMatchObject({ published: 1, unrouted: 1 });
    expect(snapshot.queues.email!.sent + snapshot.queues.sms!.sent).toBe(0);
  });
});

describe('a local queue hands its messages to the sender as Lambda’s SQS event source would', () => {
  it('in batches of at most ten', async () => {
    const q = queue({ batchSize: 10, batchWindowMs: 20 });
    for (let i = 0; i < 25; i++) q.send(`m${i}`);
    const sender = recorder();
    q.start(sender.handler);
    await until(() => sender.bodies().length === 25);
    expect(sender.calls.map((c) => c.records.length)).toEqual([10, 10, 5]);
    expect(q.snapshot()).toMatchObject({ depth: 0, inFlight: 0, sent: 25, received: 25, deleted: 25 });
  });

  it('deletes what succeeded and hands over again, after the visibility timeout, only what the batch response lists', async () => {
    const q = queue({ visibilityTimeoutSeconds: 0.2 });
    q.send('fine');
    q.send('flaky');
    const sender = recorder((records, call) => ({
      batchItemFailures: call === 1 ? records.filter((r) => r.body === 'flaky').map((r) => ({ itemIdentifier: r.messageId })) : [],
    }));
    q.start(sender.handler);
    await until(() => sender.calls.length === 2);
    const [first, second] = sender.calls;
    expect(first!.records.map((r) => r.body)).toEqual(['fine', 'flaky']);
    expect(second!.records.map((r) => [r.body, r.attributes.ApproximateReceiveCount])).toEqual([['flaky', '2']]);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(190);
    expect(second!.records[0]!.receiptHandle).not.toBe(first!.records[1]!.receiptHandle);
    await until(() => q.snapshot().deleted === 2);
    expect(q.snapshot()).toMatchObject({ depth: 0, inFlight: 0 });
  });

  it('treats a thrown error, or an answer naming a message it did not send, as a failure of the whole batch', async () => {
    const q = queue({ visibilityTimeoutSeconds: 0.05 });
    q.send('a');
    q.send('b');
    const sender = recorder((_records, call) => {
      if (call === 1) throw new Error('SES is down');
      if (call === 2) return { batchItemFailures: [{ itemIdentifier: 'not-a-message-of-this-batch' }] };
      return { batchItemFailures: [] };
    });
    q.start(sender.handler);
    await until(() => sender.calls.length === 3);
    expect(sender.calls.map((c) => c.records.map((r) => r.body).sort())).toEqual([['a', 'b'], ['a', 'b'], ['a', 'b']]);
    await until(() => q.snapshot().deleted === 2);
  });

  it('a sender hides a message with changeVisibility, and it comes back when that time is up', async () => {
    const q = queue({ visibilityTimeoutSeconds: 0.05 });
    q.send('after quiet hours');
    const sender = recorder(async (records, call) => {
      if (call > 1) return { batchItemFailures: [] };
      // Deferred: hidden for a second, and left undeleted.
      await q.changeVisibility(records[0]!.receiptHandle, 1);
      return { batchItemFailures: [{ itemIdentifier: records[0]!.messageId }] };
    });
    q.start(sender.handler);
    await until(() => sender.calls.length === 1);
    await new Promise((r) => setTimeout(r, 300));
    // The short visibility timeout would have shown it long ago; the deferral holds it back.
    expect(sender.calls).toHaveLength(1);
    expect(q.snapshot()).toMatchObject({ depth: 0, inFlight: 1 });
    await until(() => sender.calls.length === 2);
    expect(sender.calls[1]!.at - sender.calls[0]!.at).toBeGreaterThanOrEqual(990);
    await until(() => q.snapshot().deleted === 1);
  });

  it('changeVisibility with 0 shows the message at once; a stale or unknown receipt handle is refused', async () => {
    const q = queue({ visibilityTimeoutSeconds: 60 });
    q.send('retry now');
    let firstHandle = '';
    const sender = recorder(async (records, call) => {
      if (call === 1) {
        firstHandle = records[0]!.receiptHandle;
        await q.changeVisibility(firstHandle, 0);
        return { batchItemFailures: [{ itemIdentifier: records[0]!.messageId }] };
      }
      return { batchItemFailures: [] };
    });
    q.start(sender.handler);
    await until(() => sender.calls.length === 2);
    await expect(q.changeVisibility(firstHandle, 10)).rejects.toMatchObject({ name: 'ReceiptHandleIsInvalid' });
    await expect(q.changeVisibility('nonsense', 10)).rejects.toMatchObject({ name: 'ReceiptHandleIsInvalid' });
  });

  it('after the maximum number of receives a message goes to the dead-letter queue, with its last error', async () => {
    const q = queue({ visibilityTimeoutSeconds: 0.02, maxReceiveCount: 3 });
    q.send('poison');
    q.send('healthy');
    const sender = recorder((records) => ({
      batchItemFailures: records.filter((r) => r.body === 'poison').map((r) => ({ itemIdentifier: r.messageId })),
    }));
    q.start(sender.handler);
    await until(() => q.snapshot().deadLetters.length === 1);
    const received = sender.bodies().filter((b) => b === 'poison');
    expect(received).toHaveLength(3);
    expect(sender.bodies().filter((b) => b === 'healthy')).toHaveLength(1);
    expect(q.snapshot()).toMatchObject({ depth: 0, inFlight: 0, deleted: 1 });
    expect(q.snapshot().deadLetters[0]).toMatchObject({ body: 'poison', receiveCount: 3, lastError: 'reported in batchItemFailures' });
  });

  it('stop lets the batch in hand finish and ends the workers', async () => {
    const q = new LocalQueue('stopping', { batchWindowMs: 0, log: null });
    let release: () => void = () => {};
    const sender = recorder(() => new Promise<SQSBatchResponse>((resolve) => (release = () => resolve({ batchItemFailures: [] }))));
    q.start(sender.handler);
    q.send('in hand');
    await until(() => sender.calls.length === 1);
    let stopped = false;
    const stopping = q.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(q.snapshot()).toMatchObject({ deleted: 1, draining: false });
  });
});
