import type { BusSnapshot } from '../../infra/local/bus';
import type { SmsRecord } from '../../infra/local/sms-outbox';
import type { StreamPollerStatus } from '../../infra/local/stream-poller';
import type { LocalStack } from './local-stack';

/**
 * Reading what the local stack sent, for e2e tests: the emails in aws-ses-v2-local, the SMS in the
 * outbox, and the state of the pipeline in between.
 *
 *   await notificationsSettled(stack);                    // everything written so far is through
 *   const mail = await emailsTo(stack, 'budi.santoso@example.com');
 *   const sms = await smsTo(stack, '+6281227140031');
 *   // or, while senders retry: await waitFor(() => emailsTo(stack, to), (list) => list.length === 5)
 */

/** An email as aws-ses-v2-local keeps it (GET /store). `at` is in epoch seconds. */
export interface LocalEmail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  at: number;
}

type Addresses = Pick<LocalStack, 'sesStore' | 'smsOutbox' | 'queues' | 'stream'>;

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return (await response.json()) as T;
}

/** Every email, oldest first; with `to`, those addressed to it (To, Cc or Bcc). */
export async function emailsTo(stack: Pick<Addresses, 'sesStore'>, to?: string): Promise<LocalEmail[]> {
  const { emails } = await getJson<{ emails: LocalEmail[] }>(stack.sesStore);
  if (to === undefined) return emails;
  const wanted = to.toLowerCase();
  return emails.filter((email) => [...email.destination.to, ...email.destination.cc, ...email.destination.bcc].some((address) => address.toLowerCase().includes(wanted)));
}

/** Every SMS, oldest first; with `to` (E.164), those to that number. */
export async function smsTo(stack: Pick<Addresses, 'smsOutbox'>, to?: string): Promise<SmsRecord[]> {
  const url = to === undefined ? stack.smsOutbox : `${stack.smsOutbox}?to=${encodeURIComponent(to)}`;
  return (await getJson<{ messages: SmsRecord[] }>(url)).messages;
}

export const queues = (stack: Pick<Addresses, 'queues'>) => getJson<BusSnapshot>(stack.queues);
export const streamStatus = (stack: Pick<Addresses, 'stream'>) => getJson<StreamPollerStatus>(stack.stream);

/** Polls `read` until `done` holds for its value, which it returns; the last value is in the timeout error. */
export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, { timeoutMs = 20_000, intervalMs = 200 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`waitFor timed out; last value: ${JSON.stringify(value).slice(0, 2_000)}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * Resolves once everything written to the table before the call has gone through: the poller has
 * read past it, and no queue holds a message or has one in hand. A message deferred for quiet
 * hours stays in flight; pass `deferred` as the number of those to expect.
 */
export async function notificationsSettled(stack: Pick<Addresses, 'queues' | 'stream'>, { deferred = 0, timeoutMs = 30_000 } = {}): Promise<BusSnapshot> {
  const since = Date.now();
  await waitFor(() => streamStatus(stack), (status) => (status.caughtUpAt ?? 0) > since, { timeoutMs });
  return waitFor(
    () => queues(stack),
    (bus) => {
      const all = Object.values(bus.queues);
      const inFlight = all.reduce((sum, queue) => sum + queue.inFlight, 0);
      return all.every((queue) => queue.depth === 0) && inFlight === deferred;
    },
    { timeoutMs },
  );
}
