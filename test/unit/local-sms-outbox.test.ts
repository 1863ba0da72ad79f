import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListTopicsCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGateway, type Gateway } from '../../infra/local/gateway';
import { localRoutes, withLocalRoutes } from '../../infra/local/local-routes';
import type { ApiHandler } from '../../infra/local/gateway';
import { SmsOutbox, type SmsRecord } from '../../infra/local/sms-outbox';

// The SMS sender's own client, pointed at the local gateway, as npm start wires it.
let gateway: Gateway;
let sns: SNSClient;
let outbox: SmsOutbox;
let handler: ApiHandler;
const clock = { now: new Date('2026-11-02T02:00:00.000Z') };

beforeAll(async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // Each test gets a fresh outbox behind the same gateway.
  gateway = await startGateway({ port: 0, log: null, handler: (event, context) => handler(event, context) });
  sns = new SNSClient({ endpoint: `${gateway.url}/_local/sns`, region: 'ap-southeast-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
});
afterAll(async () => {
  sns?.destroy();
  await gateway?.close();
});
beforeEach(() => {
  outbox = new SmsOutbox({ now: () => clock.now });
  const routes = localRoutes({ outbox, bus: () => undefined, stream: () => undefined });
  handler = withLocalRoutes(routes, async () => ({ statusCode: 404, body: 'the API' }));
});

const transactional = {
  'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
  'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: 'PANTAU' },
};

async function listed(query = '', accept = 'application/json'): Promise<{ status: number; type: string; text: string }> {
  const response = await fetch(`${gateway.url}/_local/sms${query}`, { headers: { accept } });
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

describe('the local SMS outbox speaks SNS to the real SNS client', () => {
  it('takes a transactional SMS and answers with its message id', async () => {
    const message = 'Usulan USL-5QBV-HD89-Z2Y0 diteruskan ke verifikasi. Lacak: http://127.0.0.1:3000/t/USL-5QBV';
    const { MessageId, $metadata } = await sns.send(new PublishCommand({ PhoneNumber: '+6281227140031', Message: message, MessageAttributes: transactional }));
    expect(MessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect($metadata.requestId).toBeDefined();

    const { messages } = JSON.parse((await listed()).text) as { messages: SmsRecord[] };
    expect(messages).toEqual([
      {
        messageId: MessageId,
        to: '+6281227140031',
        message,
        smsType: 'Transactional',
        senderId: 'PANTAU',
        attributes: { 'AWS.SNS.SMS.SMSType': 'Transactional', 'AWS.SNS.SMS.SenderID': 'PANTAU' },
        at: '2026-11-02T02:00:00.000Z',
      },
    ]);
  });

  it('keeps one number’s messages apart, even with the "+" unescaped in the query', async () => {
    await sns.send(new PublishCommand({ PhoneNumber: '+6281227140031', Message: 'untuk Budi' }));
    await sns.send(new PublishCommand({ PhoneNumber: '+6285643120087', Message: 'untuk Sri' }));
    for (const query of ['?to=+6285643120087', '?to=%2B6285643120087', '?to=6285643120087']) {
      const { messages } = JSON.parse((await listed(query)).text) as { messages: SmsRecord[] };
      expect(messages.map((m) => m.message), query).toEqual(['untuk Sri']);
    }
  });

  it.each([
    ['a number without its country code', { PhoneNumber: '081227140031', Message: 'x' }, 'InvalidParameterException', /PhoneNumber/],
    ['no number at all', { Message: 'x' }, 'InvalidParameterException', /PhoneNumber/],
    ['an empty message', { PhoneNumber: '+6281227140031', Message: '' }, 'InvalidParameterException', /Empty message/],
    ['an SMS type SNS does not know', { PhoneNumber: '+6281227140031', Message: 'x', MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'transactional' } } }, 'InvalidParameterValueException', /SMSType/],
    ['a sender ID with a space', { PhoneNumber: '+6281227140031', Message: 'x', MessageAttributes: { 'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: 'BKN RI' } } }, 'InvalidParameterValueException', /SenderID/],
    ['a topic instead of a number', { TopicArn: 'arn:aws:sns:ap-southeast-3:000000000000:pantau', Message: 'x' }, 'InvalidParameterException', /TopicArn/],
  ])('refuses %s as SNS does, with a 400 the client turns into its named error', async (_name, input, errorName, message) => {
    const error = await sns.send(new PublishCommand(input)).catch((e: unknown) => e as Error & { $metadata: { httpStatusCode?: number } });
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe(errorName);
    expect((error as Error).message).toMatch(message);
    expect((error as { $metadata: { httpStatusCode?: number } }).$metadata.httpStatusCode).toBe(400);
    expect(outbox.list()).toEqual([]);
  });

  it('says plainly which actions it does not implement', async () => {
    await expect(sns.send(new ListTopicsCommand({}))).rejects.toMatchObject({ name: 'InvalidAction', message: expect.stringMatching(/ListTopics/) });
  });
});

describe('GET /_local/sms', () => {
  it('is a readable page for a browser, newest first, with everything escaped', async () => {
    await sns.send(new PublishCommand({ PhoneNumber: '+6281227140031', Message: 'lama' }));
    await sns.send(new PublishCommand({ PhoneNumber: '+6281227140031', Message: '<script>alert("x")</script> & baru', MessageAttributes: transactional }));
    const page = await listed('', 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8');
    expect(page.status).toBe(200);
    expect(page.type).toMatch(/^text\/html/);
    expect(page.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; baru');
    expect(page.text).not.toContain('<script>');
    expect(page.text.indexOf('baru')).toBeLessThan(page.text.indexOf('lama'));
  });

  it('answers JSON to anyone else, and leaves other /_local paths and methods alone', async () => {
    expect((await listed('', '*/*')).type).toBe('application/json');
    expect((await fetch(`${gateway.url}/_local/sms`, { method: 'DELETE' })).status).toBe(405);
    const other = await fetch(`${gateway.url}/_local/nothing-here`);
    expect(await other.text()).toBe('the API');
    expect(JSON.parse(await (await fetch(`${gateway.url}/_local/queues`)).text())).toEqual({ notifications: 'not running' });
  });
});

describe('the outbox file', () => {
  it('keeps each message as a JSON line, and a restart reads them back', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pantau-sms-')), 'sms-outbox.jsonl');
    const first = new SmsOutbox({ file, now: () => clock.now });
    const sms = first.publish({ phoneNumber: '+6281227140031', message: 'tersimpan', attributes: { 'AWS.SNS.SMS.SMSType': 'Transactional' } });
    expect(JSON.parse(readFileSync(file, 'utf8').trim())).toEqual(sms);
    expect(new SmsOutbox({ file }).list()).toEqual([sms]);
  });
});
