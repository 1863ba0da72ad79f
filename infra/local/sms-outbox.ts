import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Where SMS go on one machine. The senders use the real SNS client with its endpoint pointed here,
 * so this speaks SNS's own protocol (AWS Query: a form-encoded POST, an XML answer, SNS's XML
 * errors), and it keeps every message it takes for a person to read at GET /_local/sms.
 */

export interface SmsRecord {
  messageId: string;
  /** E.164, as published. */
  to: string;
  message: string;
  /** AWS.SNS.SMS.SMSType: Transactional or Promotional. */
  smsType?: string;
  /** AWS.SNS.SMS.SenderID. */
  senderId?: string;
  /** Every message attribute as published (the SMS ones above included). */
  attributes: Record<string, string>;
  /** When it was taken, on the local clock (PANTAU_NOW), like the senders' own times. */
  at: string;
}

export interface SmsOutboxOptions {
  /** A JSON-lines file that keeps the messages across restarts; none keeps them in memory only. */
  file?: string;
  now?: () => Date;
}

export interface HttpAnswer {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

const SNS_NAMESPACE = 'http://sns.amazonaws.com/doc/2010-03-31/';
// ITU-T E.164: a plus, a country code that does not start with 0, at most 15 digits in all.
const E164 = /^\+[1-9]\d{1,14}$/;
const SMS_TYPES = ['Transactional', 'Promotional'];
// AWS: a sender ID is 1 to 11 letters and digits, at least one of them a letter, no spaces.
const SENDER_ID = /^(?=.*[A-Za-z])[A-Za-z0-9]{1,11}$/;
// SNS Publish reference: one SMS publish takes at most 1,600 characters (it splits them into parts).
const MAX_MESSAGE_LENGTH = 1600;

class SnsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export class SmsOutbox {
  private readonly messages: SmsRecord[] = [];
  private readonly now: () => Date;

  constructor(private readonly options: SmsOutboxOptions = {}) {
    this.now = options.now ?? (() => new Date());
    if (options.file && existsSync(options.file)) {
      for (const line of readFileSync(options.file, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        try {
          this.messages.push(JSON.parse(line) as SmsRecord);
        } catch {
          // A line cut short by a crash: skip it rather than refuse to start.
        }
      }
    }
  }

  /** Newest last; `to` keeps one recipient's messages. */
  list(filter: { to?: string } = {}): SmsRecord[] {
    return this.messages.filter((sms) => filter.to === undefined || sms.to === filter.to);
  }

  /** SNS Publish to a phone number; throws SnsError on what SNS would refuse. */
  publish(input: { phoneNumber?: string; message?: string; attributes?: Record<string, string>; topicArn?: string }): SmsRecord {
    if (input.topicArn) throw new SnsError('InvalidParameter', 'Invalid parameter: TopicArn Reason: the local SMS outbox only takes SMS to a PhoneNumber');
    const to = input.phoneNumber ?? '';
    if (!E164.test(to)) throw new SnsError('InvalidParameter', `Invalid parameter: PhoneNumber Reason: ${to || '(none)'} is not valid to publish to`);
    const message = input.message ?? '';
    if (message.length === 0) throw new SnsError('InvalidParameter', 'Invalid parameter: Empty message');
    if (message.length > MAX_MESSAGE_LENGTH) throw new SnsError('InvalidParameter', `Invalid parameter: Message too long (${message.length} characters; SMS allows ${MAX_MESSAGE_LENGTH})`);
    const attributes = input.attributes ?? {};
    const smsType = attributes['AWS.SNS.SMS.SMSType'];
    if (smsType !== undefined && !SMS_TYPES.includes(smsType)) {
      throw new SnsError('ParameterValueInvalid', `Invalid parameter: AWS.SNS.SMS.SMSType must be Transactional or Promotional (got ${smsType})`);
    }
    const senderId = attributes['AWS.SNS.SMS.SenderID'];
    if (senderId !== undefined && !SENDER_ID.test(senderId)) {
      throw new SnsError('ParameterValueInvalid', `Invalid parameter: AWS.SNS.SMS.SenderID must be 1 to 11 letters and digits with at least one letter (got ${senderId})`);
    }
    const sms: SmsRecord = {
      messageId: randomUUID(),
      to,
      message,
      ...(smsType !== undefined ? { smsType } : {}),
      ...(senderId !== undefined ? { senderId } : {}),
      attributes,
      at: this.now().toISOString(),
    };
    this.messages.push(sms);
    if (this.options.file) {
      mkdirSync(dirname(this.options.file), { recursive: true });
      appendFileSync(this.options.file, `${JSON.stringify(sms)}\n`);
    }
    return sms;
  }

  /** The SNS endpoint: a form-encoded AWS Query request in, SNS's XML out. */
  answerSnsRequest(formBody: string): HttpAnswer {
    const requestId = randomUUID();
    const params = new URLSearchParams(formBody);
    const action = params.get('Action');
    try {
      if (action === 'Publish') {
        const sms = this.publish({
          phoneNumber: params.get('PhoneNumber') ?? undefined,
          message: params.get('Message') ?? undefined,
          attributes: messageAttributes(params),
          topicArn: params.get('TopicArn') ?? params.get('TargetArn') ?? undefined,
        });
        return xml(200, requestId, `<PublishResponse xmlns="${SNS_NAMESPACE}"><PublishResult><MessageId>${escapeXml(sms.messageId)}</MessageId></PublishResult>${metadata(requestId)}</PublishResponse>`);
      }
      if (action === 'CheckIfPhoneNumberIsOptedOut') {
        // Nobody opts out of the local outbox; Pantau's own preferences are where SMS is turned off.
        return xml(200, requestId, `<CheckIfPhoneNumberIsOptedOutResponse xmlns="${SNS_NAMESPACE}"><CheckIfPhoneNumberIsOptedOutResult><isOptedOut>false</isOptedOut></CheckIfPhoneNumberIsOptedOutResult>${metadata(requestId)}</CheckIfPhoneNumberIsOptedOutResponse>`);
      }
      throw new SnsError('InvalidAction', `The local SMS outbox does not implement ${action ?? 'a request without an Action'}; it takes Publish to a PhoneNumber.`);
    } catch (error) {
      if (!(error instanceof SnsError)) throw error;
      return xml(
        error.status,
        requestId,
        `<ErrorResponse xmlns="${SNS_NAMESPACE}"><Error><Type>Sender</Type><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      );
    }
  }

  /** GET /_local/sms: JSON, or a page when a browser asks for HTML. `to` filters by number. */
  answerListRequest(accept: string | undefined, query: { to?: string }): HttpAnswer {
    // In a query string a "+" reads as a space: take "?to=+62..." as the number it was meant to be.
    const to = query.to?.trim().replace(/^(?=\d)/, '+');
    const messages = this.list(to ? { to } : {});
    if (/\btext\/html\b/i.test(accept ?? '')) {
      return { statusCode: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }, body: page(messages, to) };
    }
    return { statusCode: 200, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }, body: JSON.stringify({ messages }) };
  }
}

/** MessageAttributes.entry.N.Name / .Value.DataType / .Value.StringValue, as the SDK sends them. */
function messageAttributes(params: URLSearchParams): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (let n = 1; params.has(`MessageAttributes.entry.${n}.Name`); n++) {
    const name = params.get(`MessageAttributes.entry.${n}.Name`)!;
    const value = params.get(`MessageAttributes.entry.${n}.Value.StringValue`);
    if (value !== null) attributes[name] = value;
  }
  return attributes;
}

function xml(statusCode: number, requestId: string, body: string): HttpAnswer {
  // The SDK takes the request id from this header.
  return { statusCode, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body: `<?xml version="1.0"?>\n${body}` };
}

const metadata = (requestId: string) => `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>`;

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

const escapeHtml = escapeXml;

function page(messages: SmsRecord[], to: string | undefined): string {
  const rows = [...messages]
    .reverse()
    .map(
      (sms) => `<tr>
<td><time>${escapeHtml(sms.at)}</time></td>
<td>${escapeHtml(sms.to)}</td>
<td>${escapeHtml(sms.senderId ?? '')}<br><small>${escapeHtml(sms.smsType ?? '')}</small></td>
<td><pre>${escapeHtml(sms.message)}</pre><small${sms.message.length > 160 ? ' class="long"' : ''}>${sms.message.length} characters</small></td>
<td><small>${escapeHtml(sms.messageId)}</small></td>
</tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="5">
<title>Pantau: local SMS outbox</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 2rem; color: #222; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .4rem .6rem; border-bottom: 1px solid #ddd; }
pre { margin: 0; white-space: pre-wrap; font: inherit; max-width: 40rem; }
small { color: #666; } .long { color: #b00; font-weight: bold; }
</style>
</head>
<body>
<h1>Local SMS outbox</h1>
<p>${messages.length} message(s)${to ? ` to ${escapeHtml(to)}` : ''}, newest first. Nothing here left this machine. JSON: <code>GET /_local/sms</code> (<code>?to=+62…</code>).</p>
<table>
<thead><tr><th>time (local clock)</th><th>to</th><th>sender</th><th>message</th><th>message id</th></tr></thead>
<tbody>
${rows || '<tr><td colspan="5">No SMS yet.</td></tr>'}
</tbody>
</table>
</body>
</html>
`;
}
