import { Logger } from '@aws-lambda-powertools/logger';
import { SESClient } from '@aws-sdk/client-ses';
import { SNSClient } from '@aws-sdk/client-sns';
import { createJobRunner } from '../../functions/jobs/app';
import { createOnChangeHandler } from '../../functions/on-change/app';
import { createEmailSender } from '../../functions/send-email/app';
import { createSmsSender } from '../../functions/send-sms/app';
import { systemClock } from '../../shared/adapters/clock';
import { createDocumentClient } from '../../shared/adapters/dynamo/client';
import { FileKeyRingSource } from '../../shared/adapters/tracking/local-key-ring';
import { TrackingLinks } from '../../shared/app/tracking-links';
import type { LocalSource, ReplayOptions } from '../ops/replay-args';
import type { RedriveReport, StreamReport } from '../ops/replay';
import type { LocalBus, SqsHandler } from './bus';
import { buildJobRunner, type JobRunner } from './jobs';
import { LocalOutages } from './outages';
import { replayLocalSource } from './replay';
import { startStreamPoller, type StreamPoller } from './stream-poller';
import { awsClientConfig } from '../../shared/adapters/aws/client-config';

/**
 * The notification pipeline of docs/architecture.md on one machine, with the real handlers: the stream
 * poller feeds the on-change handler, which publishes to the in-process bus, whose queues feed
 * the email and SMS senders; those reach aws-ses-v2-local and the SMS outbox through the real
 * SES and SNS clients. (SES bounces and complaints do not happen locally: the ses-feedback handler
 * is not wired.) The scheduled jobs' runner is built here too: its reminders go through the same
 * bus, queues and senders as a status change's messages.
 */
export interface NotificationsOptions {
  dynamoEndpoint: string;
  tableName: string;
  /** The local API: the public base URL in messages, and the host of the SNS endpoint /_local/sns. */
  apiUrl: string;
  /** The API's tracking-link key ring (TRACKING_KEYS_FILE): links the senders sign open on this stack. */
  trackingKeysFile: string;
  /** The agencies' front end, where staff links lead (WEB_BASE_URL). */
  webBaseUrl: string;
  /** aws-ses-v2-local. */
  sesUrl: string;
  bus: LocalBus;
  /** Where stream records that keep failing are kept; null keeps them in memory (GET /_local/stream). */
  failedRecordsFile: string | null;
  /** Providers and topic taken down on request (PUT /_local/outages/{target}); none by default. */
  outages?: LocalOutages;
  /** The timers epoch for the job runner (clock.ts localTimersEpoch). */
  jobsEpoch: string;
  log?: (line: string) => void;
}

export interface Notifications {
  poller: StreamPoller;
  /** Per channel: running, or why its sender could not be built. */
  senders: Record<'email' | 'sms', { running: true } | { running: false; reason: string }>;
  /** The scheduled jobs' runner, or why it could not be built yet. Its runs must end before stop(). */
  jobRunner: JobRunner | { unavailable: string };
  /** POST /_local/replay: failed stream records back through on-change, dead letters back on their queue (infra/local/replay.ts). */
  replay(source: LocalSource, options: ReplayOptions): Promise<StreamReport | RedriveReport>;
  stop(): Promise<void>;
}

const REGION = 'ap-southeast-3';
// Fake credentials: the local endpoints want a signature, and a real account's must never be used.
const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
export const EMAIL_FROM = 'Pantau <no-reply@pantau.local>';
export const SMS_SENDER_ID = 'PANTAU';

export async function startNotifications(options: NotificationsOptions): Promise<Notifications> {
  const doc = createDocumentClient({ endpoint: options.dynamoEndpoint, budget: 'background' });
  const ses = new SESClient({ ...awsClientConfig('background'), endpoint: options.sesUrl, region: REGION, credentials: CREDENTIALS });
  const sns = new SNSClient({ ...awsClientConfig('background'), endpoint: `${options.apiUrl}/_local/sns`, region: REGION, credentials: CREDENTIALS });
  // Reads PANTAU_CLOCK_OFFSET_MS, which start.ts has set: quiet hours follow PANTAU_NOW.
  const clock = systemClock();
  const { bus } = options;
  const outages = options.outages ?? new LocalOutages();
  outages.guardClient(ses, 'ses', options.sesUrl);
  outages.guardClient(sns, 'sms', `${options.apiUrl}/_local/sns`);
  // What on-change and the jobs publish to: the bus, unless the topic is taken down.
  const topic = outages.guardTopic(bus);
  // One ring for both senders, the file the API checks links against.
  const trackingLinks = new TrackingLinks(new FileKeyRingSource(options.trackingKeysFile), options.apiUrl);

  // The senders are built the way their Lambda entries build them; one that cannot be built yet
  // leaves its queue holding its messages (GET /_local/queues) instead of stopping the stack.
  const email = build(() =>
    createEmailSender({
      doc,
      tableName: options.tableName,
      ses,
      queue: bus.queues.email,
      clock,
      trackingLinks,
      // aws-ses-v2-local ignores configuration sets; SES events do not exist locally.
      config: { from: EMAIL_FROM, configurationSet: undefined, webBaseUrl: options.webBaseUrl },
      logger: new Logger({ serviceName: 'pantau-send-email' }),
    }),
  );
  const sms = build(() =>
    createSmsSender({
      doc,
      tableName: options.tableName,
      sns,
      queue: bus.queues.sms,
      clock,
      trackingLinks,
      config: { webBaseUrl: options.webBaseUrl, senderId: SMS_SENDER_ID },
      logger: new Logger({ serviceName: 'pantau-send-sms' }),
    }),
  );
  bus.start({ ...(email.handler ? { email: email.handler } : {}), ...(sms.handler ? { sms: sms.handler } : {}) });

  // As functions/jobs/handler.ts builds it, with the bus for SNS; one that cannot be built yet
  // leaves POST /_local/jobs answering 503 and the scheduler idle.
  const jobRunner = buildJobRunner(() =>
    createJobRunner({
      doc,
      tableName: options.tableName,
      publisher: topic,
      clock,
      epoch: options.jobsEpoch,
      logger: new Logger({ serviceName: 'pantau-jobs' }),
    }),
  );

  const onChange = createOnChangeHandler({ publisher: topic, logger: new Logger({ serviceName: 'pantau-on-change' }) });
  let poller: StreamPoller;
  try {
    poller = await startStreamPoller({
      endpoint: options.dynamoEndpoint,
      tableName: options.tableName,
      handler: onChange,
      failedRecordsFile: options.failedRecordsFile,
      ...(options.log ? { log: options.log } : {}),
    });
  } catch (error) {
    await bus.stop();
    for (const client of [doc, ses, sns]) client.destroy();
    throw error;
  }

  return {
    poller,
    senders: { email: email.state, sms: sms.state },
    jobRunner,
    replay: (source, replayOptions) => replayLocalSource({ bus, poller, onChange, failedRecordsFile: options.failedRecordsFile }, source, replayOptions),
    async stop() {
      // Upstream first: no new events, then the batches in hand finish, then the clients go.
      await poller.stop();
      await bus.stop();
      for (const client of [doc, ses, sns]) client.destroy();
    },
  };
}

function build(factory: () => SqsHandler): { handler?: SqsHandler; state: Notifications['senders']['email'] } {
  try {
    return { handler: factory(), state: { running: true } };
  } catch (error) {
    return { state: { running: false, reason: error instanceof Error ? error.message : String(error) } };
  }
}
