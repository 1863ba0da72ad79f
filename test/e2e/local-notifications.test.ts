import { SendEmailCommand, SESClient } from '@aws-sdk/client-ses';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkedFetch } from '../support/contract';
import { emailsTo, queues, smsTo, streamStatus, waitFor } from '../support/local-outboxes';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { stackToken } from '../support/tokens';

/**
 * The notification plumbing of `npm start`: the inbox and outbox the senders write to, and the
 * way from a status change to the queues. (What the senders write is the lifecycle test's.)
 */
let stack: LocalStack;
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

beforeAll(async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  stack = await startLocalStack({ PANTAU_NOW: '2026-11-02T09:00:00+07:00' });
});
afterAll(() => stack?.stop());

/** Every answer is checked against the OpenAPI document on the way. */
async function api(method: string, path: string, as: string, body?: unknown) {
  return checkedFetch(`${stack.api}${path}`, {
    method,
    headers: { authorization: `Bearer ${await stackToken(stack, as)}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}

describe('notifications on the local stack', () => {
  it('prints where the emails, the SMS and the queues are', () => {
    for (const address of [`${stack.sesInbox}/`, stack.sesStore, stack.smsOutbox, stack.queues, stack.stream]) expect(stack.output()).toContain(address);
  });

  it('runs aws-ses-v2-local on SES_PORT: an email through the real SES client lands in its inbox', async () => {
    const page = await fetch(`${stack.sesInbox}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const ses = new SESClient({ endpoint: stack.sesInbox, region: 'ap-southeast-3', credentials });
    try {
      const { MessageId } = await ses.send(new SendEmailCommand({
        Source: 'Pantau <no-reply@pantau.local>',
        Destination: { ToAddresses: ['uji.coba@example.com'] },
        Message: { Subject: { Data: 'Uji coba' }, Body: { Text: { Data: 'teks' }, Html: { Data: '<p>html</p>' } } },
      }));
      expect(await emailsTo(stack, 'uji.coba@example.com')).toEqual([expect.objectContaining({ messageId: MessageId, subject: 'Uji coba', body: { text: 'teks', html: '<p>html</p>' } })]);
    } finally {
      ses.destroy();
    }
  });

  it('serves the SMS outbox: an SMS through the real SNS client is listed, and shown on a page', async () => {
    const sns = new SNSClient({ endpoint: `${stack.api}/_local/sns`, region: 'ap-southeast-3', credentials });
    try {
      const { MessageId } = await sns.send(new PublishCommand({ PhoneNumber: '+6289900001111', Message: 'Uji coba SMS' }));
      expect(await smsTo(stack, '+6289900001111')).toEqual([expect.objectContaining({ messageId: MessageId, message: 'Uji coba SMS', at: expect.stringMatching(/^2026-11-02T02:/) })]);
    } finally {
      sns.destroy();
    }
    const page = await checkedFetch(stack.smsOutbox, { headers: { accept: 'text/html' } });
    expect(page.text).toContain('Uji coba SMS');
  });

  it('reads a status change from the stream and puts it once on the email and on the SMS queue; a new draft on neither', async () => {
    const before = await queues(stack);
    const { body: service } = await api('GET', '/service-types/CUTI', 'sri');
    const created = await api('POST', '/proposals', 'sri', { serviceType: 'CUTI', payload: service.examplePayload, documents: [{ code: 'FORMULIR_CUTI', reference: 'dms://cuti/sri.pdf' }] });
    expect(created.status).toBe(201);
    expect((await api('POST', `/proposals/${created.body.id}/transitions`, 'sri', { action: 'submit', expectedVersion: 1 })).status).toBe(200);

    const after = await waitFor(() => queues(stack), (bus) => bus.topic.published > before.topic.published);
    const since = Date.now();
    await waitFor(() => streamStatus(stack), (status) => (status.caughtUpAt ?? 0) > since);
    const settled = await queues(stack);
    expect(settled.topic.published - before.topic.published).toBe(1);
    expect(settled.queues.email!.sent - before.queues.email!.sent).toBe(1);
    expect(settled.queues.sms!.sent - before.queues.sms!.sent).toBe(1);
    expect(after.topic.unrouted).toBe(0);
    expect((await streamStatus(stack)).failedRecords).toEqual([]);
  });
});
