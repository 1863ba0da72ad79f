import { createHash, randomUUID } from 'node:crypto';
import type { Context, SQSBatchResponse, SQSEvent, SQSMessageAttribute, SQSRecord } from 'aws-lambda';
import type { NotificationEvent } from '../../shared/domain/notifications/types';
import type { EventPublisher, QueueControl } from '../../shared/adapters/notifications/ports';
import { eventAttributes, matchesFilterPolicy, QUEUE_FILTER_POLICIES } from '../../shared/adapters/notifications/routing';
import { MAX_VISIBILITY_SECONDS } from '../../shared/adapters/notifications/sqs-queue-control';

/**
 * The notifications topic and its SQS subscriptions, in this process: publish() routes each event
 * with the very filter policies the cloud's subscriptions use, and each queue's worker hands
 * batches to its sender as Lambda's SQS event source would (partial batch responses, visibility
 * timeout, redrive to a dead-letter queue after too many receives).
 *
 * Everything lives in memory: nothing is lost while the process runs, and a restart drops what
 * was queued.
 */

export type SqsHandler = (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse | void>;

export interface QueueOptions {
  /** How long a received message stays hidden before it is handed over again (SQS default 30). */
  visibilityTimeoutSeconds?: number;
  /** Receives before the redrive policy moves a message to the dead-letter queue. */
  maxReceiveCount?: number;
  /** Records per invocation (Lambda's SQS maximum without a window is 10). */
  batchSize?: number;
  /** How long a worker waits for a batch to fill once a message is visible. */
  batchWindowMs?: number;
  /** Batches in flight at once: the sender's reserved concurrency. */
  concurrency?: number;
  /** Timestamps in records (SentTimestamp, ...): the local clock, so they agree with the handlers'. */
  now?: () => Date;
  /** Where retries and dead letters are reported; `null` for silence. */
  log?: ((line: string) => void) | null;
}

const DEFAULTS = { visibilityTimeoutSeconds: 30, maxReceiveCount: 5, batchSize: 10, batchWindowMs: 100, concurrency: 1 };
const REGION = 'ap-southeast-3';
const ACCOUNT = '000000000000';
// SNS delivers to SQS under its own principal; a record's SenderId says so.
const SNS_SENDER_ID = 'AIDALOCALSNSTOPIC';

/** Named like the SQS errors, so a sender's error handling sees what it would see in the cloud. */
export class LocalQueueError extends Error {
  constructor(code: 'ReceiptHandleIsInvalid' | 'MessageNotInflight', message: string) {
    super(message);
    this.name = code;
  }
}

interface Message {
  messageId: string;
  body: string;
  attributes: Record<string, SQSMessageAttribute>;
  sentAt: Date;
  firstReceivedAt?: Date;
  receiveCount: number;
  /** The current receipt; only it may change the message's visibility. */
  receiptHandle?: string;
  visible: boolean;
  /** While hidden: what shows it again. */
  timer?: NodeJS.Timeout;
  lastError?: string;
}

export interface DeadLetter {
  messageId: string;
  body: string;
  messageAttributes: Record<string, SQSMessageAttribute>;
  receiveCount: number;
  sentAt: string;
  movedAt: string;
  lastError?: string;
}

export interface QueueSnapshot {
  name: string;
  arn: string;
  /** Visible, waiting for a worker (SQS: ApproximateNumberOfMessages). */
  depth: number;
  /** Received and not deleted: being handled, waiting out a failure, or deferred (NotVisible). */
  inFlight: number;
  /** Whether a sender drains this queue. */
  draining: boolean;
  /** Totals since the start: messages enqueued, handed to the sender, deleted after success, moved back from the dead letters. */
  sent: number;
  received: number;
  deleted: number;
  redriven: number;
  deadLetters: DeadLetter[];
}

export class LocalQueue implements QueueControl {
  readonly arn: string;
  private readonly options: Required<Omit<QueueOptions, 'log'>> & Pick<QueueOptions, 'log'>;
  private readonly messages = new Map<string, Message>();
  private readonly deadLetters: DeadLetter[] = [];
  private readonly totals = { sent: 0, received: 0, deleted: 0, redriven: 0 };
  private readonly arrivalWaiters = new Set<() => void>();
  private readonly stopWaiters = new Set<() => void>();
  private workers: Promise<void>[] = [];
  private running = false;

  constructor(
    readonly name: string,
    options: QueueOptions = {},
  ) {
    const merged = { ...DEFAULTS, now: () => new Date(), ...definedOnly(options) };
    if (!(merged.batchSize >= 1 && merged.batchSize <= 10)) throw new RangeError(`batchSize must be 1 to 10 (got ${merged.batchSize})`);
    if (!(merged.visibilityTimeoutSeconds >= 0 && merged.visibilityTimeoutSeconds <= MAX_VISIBILITY_SECONDS)) {
      throw new RangeError(`visibilityTimeoutSeconds must be 0 to ${MAX_VISIBILITY_SECONDS}`);
    }
    this.options = merged;
    this.arn = `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`;
  }

  /** Enqueues one message (what an SNS subscription with raw delivery does). */
  send(body: string, attributes: Record<string, SQSMessageAttribute> = {}): string {
    const messageId = randomUUID();
    this.messages.set(messageId, { messageId, body, attributes, sentAt: this.options.now(), receiveCount: 0, visible: true });
    this.totals.sent++;
    this.wake();
    return messageId;
  }

  /** SQS ChangeMessageVisibility: hide a received message for `seconds` from now (0 shows it at once). */
  async changeVisibility(receiptHandle: string, seconds: number): Promise<void> {
    const message = [...this.messages.values()].find((m) => m.receiptHandle === receiptHandle);
    if (!message) throw new LocalQueueError('ReceiptHandleIsInvalid', `The receipt handle "${receiptHandle}" is not the current one of any message in ${this.name}.`);
    if (message.visible) throw new LocalQueueError('MessageNotInflight', `The message ${message.messageId} in ${this.name} is not in flight.`);
    // The same clamp as SqsQueueControl, so a deferral behaves alike here and in the cloud.
    this.hide(message, Math.max(0, Math.min(MAX_VISIBILITY_SECONDS, Math.ceil(seconds))));
  }

  /**
   * SQS's StartMessageMoveTask back to this queue: every dead letter becomes a new message (received
   * 0 times, same body and attributes), oldest first. Answers how many moved.
   */
  redriveDeadLetters(): number {
    const moved = this.deadLetters.splice(0, this.deadLetters.length);
    for (const letter of moved) {
      const messageId = randomUUID();
      this.messages.set(messageId, { messageId, body: letter.body, attributes: letter.messageAttributes, sentAt: this.options.now(), receiveCount: 0, visible: true });
    }
    this.totals.redriven += moved.length;
    if (moved.length) this.wake();
    return moved.length;
  }

  /** Starts the workers that hand batches to `handler`. */
  start(handler: SqsHandler): void {
    if (this.running) throw new Error(`${this.name} is already being drained`);
    this.running = true;
    this.workers = Array.from({ length: this.options.concurrency }, () => this.work(handler));
  }

  /** Lets the batches in hand finish, then stops; queued messages stay (in memory) until the process ends. */
  async stop(): Promise<void> {
    this.running = false;
    for (const waiter of [...this.stopWaiters]) waiter();
    await Promise.all(this.workers);
    this.workers = [];
  }

  snapshot(): QueueSnapshot {
    const messages = [...this.messages.values()];
    return {
      name: this.name,
      arn: this.arn,
      depth: messages.filter((m) => m.visible).length,
      inFlight: messages.filter((m) => !m.visible).length,
      draining: this.running,
      ...this.totals,
      deadLetters: [...this.deadLetters],
    };
  }

  private async work(handler: SqsHandler): Promise<void> {
    while (this.running) {
      if (this.visibleCount() === 0) {
        await this.sleep();
        continue;
      }
      // Like Lambda's batching window: a moment for more messages to join a batch that is not full.
      if (this.visibleCount() < this.options.batchSize && this.options.batchWindowMs > 0) await this.sleep(this.options.batchWindowMs);
      if (!this.running) break;
      const batch = this.receive();
      if (batch.length > 0) await this.deliver(batch, handler);
    }
  }

  /** Takes up to a batch of visible messages, moving those received too often to the dead letters. */
  private receive(): { message: Message; receiptHandle: string }[] {
    const batch: { message: Message; receiptHandle: string }[] = [];
    for (const message of this.messages.values()) {
      if (batch.length >= this.options.batchSize) break;
      if (!message.visible) continue;
      if (message.receiveCount >= this.options.maxReceiveCount) {
        this.deadLetter(message);
        continue;
      }
      const now = this.options.now();
      message.receiveCount++;
      message.firstReceivedAt ??= now;
      message.receiptHandle = `${message.messageId}#${randomUUID()}`;
      this.hide(message, this.options.visibilityTimeoutSeconds);
      this.totals.received++;
      batch.push({ message, receiptHandle: message.receiptHandle });
    }
    return batch;
  }

  private async deliver(batch: { message: Message; receiptHandle: string }[], handler: SqsHandler): Promise<void> {
    const event: SQSEvent = { Records: batch.map(({ message, receiptHandle }) => this.toRecord(message, receiptHandle)) };
    let failed: Set<string> | 'all';
    let error: string | undefined;
    try {
      const response = await handler(event);
      failed = failedIds(response, batch.map(({ message }) => message.messageId));
      if (failed === 'all') error = 'the handler answered batchItemFailures naming a message that is not in the batch';
    } catch (thrown) {
      // Lambda: a thrown error fails the whole batch; every message waits out its visibility timeout.
      failed = 'all';
      error = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown);
    }
    for (const { message, receiptHandle } of batch) {
      // Skip a message that another worker has received since (its visibility was set to 0).
      if (message.receiptHandle !== receiptHandle || !this.messages.has(message.messageId)) continue;
      if (failed === 'all' || failed.has(message.messageId)) {
        message.lastError = error ?? 'reported in batchItemFailures';
        continue;
      }
      clearTimeout(message.timer);
      this.messages.delete(message.messageId);
      this.totals.deleted++;
    }
    if (failed === 'all' || failed.size > 0) {
      const count = failed === 'all' ? batch.length : failed.size;
      this.logLine(`${this.name}: ${count} of ${batch.length} message(s) not done${error ? ` (${error})` : ''}; handed over again once visible`);
    }
  }

  private toRecord(message: Message, receiptHandle: string): SQSRecord {
    return {
      messageId: message.messageId,
      receiptHandle,
      body: message.body,
      attributes: {
        ApproximateReceiveCount: String(message.receiveCount),
        SentTimestamp: String(message.sentAt.getTime()),
        SenderId: SNS_SENDER_ID,
        ApproximateFirstReceiveTimestamp: String((message.firstReceivedAt ?? message.sentAt).getTime()),
      },
      messageAttributes: message.attributes,
      md5OfBody: createHash('md5').update(message.body).digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: this.arn,
      awsRegion: REGION,
    };
  }

  private hide(message: Message, seconds: number): void {
    clearTimeout(message.timer);
    message.visible = false;
    // A duration, so a real timer: a deferral "until 07:00" is computed by the sender against the local clock.
    message.timer = setTimeout(() => {
      message.visible = true;
      message.timer = undefined;
      this.wake();
    }, seconds * 1000);
    // Queued work must not keep a test process alive; npm start has its server for that.
    message.timer.unref();
  }

  private deadLetter(message: Message): void {
    clearTimeout(message.timer);
    this.messages.delete(message.messageId);
    this.deadLetters.push({
      messageId: message.messageId,
      body: message.body,
      messageAttributes: message.attributes,
      receiveCount: message.receiveCount,
      sentAt: message.sentAt.toISOString(),
      movedAt: this.options.now().toISOString(),
      ...(message.lastError ? { lastError: message.lastError } : {}),
    });
    this.logLine(`${this.name}: message ${message.messageId} moved to the dead-letter queue after ${message.receiveCount} receives (${message.lastError ?? 'no error recorded'})`);
  }

  private visibleCount(): number {
    let count = 0;
    for (const message of this.messages.values()) if (message.visible) count++;
    return count;
  }

  /**
   * Without `ms`: waits for a message to become visible (or stop). With `ms`: a batching window,
   * which only stop cuts short.
   */
  private sleep(ms?: number): Promise<void> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        clearTimeout(timer);
        this.arrivalWaiters.delete(done);
        this.stopWaiters.delete(done);
        resolve();
      };
      this.stopWaiters.add(done);
      if (ms === undefined) this.arrivalWaiters.add(done);
      else timer = setTimeout(done, ms);
      if (!this.running) done();
    });
  }

  private wake(): void {
    for (const waiter of [...this.arrivalWaiters]) waiter();
  }

  private logLine(line: string): void {
    if (this.options.log === null) return;
    (this.options.log ?? console.error)(line);
  }
}

/** Which messages Lambda keeps: those listed, or all when the answer names one it did not get. */
function failedIds(response: SQSBatchResponse | void, ids: string[]): Set<string> | 'all' {
  const failures = response?.batchItemFailures ?? [];
  const failed = new Set<string>();
  for (const failure of failures) {
    if (!failure || typeof failure.itemIdentifier !== 'string' || !ids.includes(failure.itemIdentifier)) return 'all';
    failed.add(failure.itemIdentifier);
  }
  return failed;
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}

export interface BusSnapshot {
  topic: { name: string; published: number; unrouted: number };
  queues: Record<string, QueueSnapshot>;
}

/**
 * The topic: an EventPublisher whose subscriptions are one queue per channel, each with its
 * filter policy from routing.ts.
 */
export class LocalBus implements EventPublisher {
  readonly queues: { [channel in keyof typeof QUEUE_FILTER_POLICIES]: LocalQueue };
  private published = 0;
  private unrouted = 0;

  private readonly topicName: string;

  constructor(options: QueueOptions & { namePrefix?: string } = {}) {
    const { namePrefix = 'pantau-local', ...queueOptions } = options;
    this.topicName = `${namePrefix}-notifications`;
    this.queues = {
      email: new LocalQueue(`${namePrefix}-email`, queueOptions),
      sms: new LocalQueue(`${namePrefix}-sms`, queueOptions),
    };
  }

  async publish(event: NotificationEvent): Promise<void> {
    const attributes = eventAttributes(event);
    // Raw message delivery: the body is the message itself, the SNS attributes become SQS ones.
    const body = JSON.stringify(event);
    const messageAttributes: Record<string, SQSMessageAttribute> = {
      kind: sqsAttribute(attributes.kind, 'String'),
      channels: sqsAttribute(JSON.stringify(attributes.channels), 'String.Array'),
      urgent: sqsAttribute(attributes.urgent, 'String'),
    };
    this.published++;
    let routed = false;
    for (const [channel, policy] of Object.entries(QUEUE_FILTER_POLICIES) as [keyof typeof QUEUE_FILTER_POLICIES, Record<string, string[]>][]) {
      if (!matchesFilterPolicy(policy, { ...attributes })) continue;
      this.queues[channel].send(body, messageAttributes);
      routed = true;
    }
    if (!routed) this.unrouted++;
  }

  /** Starts a worker for each channel that has a sender; a queue without one keeps its messages. */
  start(handlers: Partial<Record<keyof typeof QUEUE_FILTER_POLICIES, SqsHandler>>): void {
    for (const [channel, handler] of Object.entries(handlers) as [keyof typeof QUEUE_FILTER_POLICIES, SqsHandler | undefined][]) {
      if (handler) this.queues[channel].start(handler);
    }
  }

  async stop(): Promise<void> {
    await Promise.all(Object.values(this.queues).map((queue) => queue.stop()));
  }

  snapshot(): BusSnapshot {
    return {
      topic: { name: this.topicName, published: this.published, unrouted: this.unrouted },
      queues: Object.fromEntries(Object.entries(this.queues).map(([channel, queue]) => [channel, queue.snapshot()])),
    };
  }
}

/** A message attribute as Lambda's SQS records carry it (the list fields are always there, empty). */
function sqsAttribute(value: string, dataType: string): SQSMessageAttribute {
  return { stringValue: value, stringListValues: [], binaryListValues: [], dataType };
}
