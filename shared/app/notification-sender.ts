import { randomInt } from 'node:crypto';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Role, TimeZone } from '../domain/actors';
import { findServiceType } from '../domain/catalog';
import { REJECTION_REASONS, RETURN_REASONS } from '../domain/catalog/reasons';
import type { Names } from '../domain/catalog/types';
import type { NotificationPreferences } from '../domain/employees';
import { ROLE_LABELS, STATUS_LABELS } from '../domain/messages';
import { smsSendableAt } from '../domain/notifications/quiet-hours';
import { retryDelaySeconds } from '../domain/notifications/retry';
import { notificationEventSchema } from '../domain/notifications/schema';
import { renderStatusChange } from '../domain/notifications/templates';
import { renderQuarantine } from '../domain/notifications/document-templates';
import { quarantineAddressees, replacingVersion } from '../domain/notifications/quarantine';
import { renderJobEvent, type JobRenderContext } from '../domain/notifications/job-templates';
import { frontEndLinks, noticeLinks, trackedProposalOf, type NoticeLinks } from '../domain/notifications/links';
import {
  maskAddress,
  recipientKey,
  type Channel,
  type DocumentQuarantinedEvent,
  type JobEvent,
  type NotificationEvent,
  type QuarantineAudience,
  type QuarantineMessage,
  type Recipient,
  type RenderedMessage,
  type StatusChangedEvent,
  type StatusChangeMessage,
} from '../domain/notifications/types';
import type { Clock } from '../adapters/clock';
import { DeliveryRepository, type DeliveryKey } from '../adapters/dynamo/delivery-repository';
import { DirectoryRepository } from '../adapters/dynamo/directory-repository';
import { ProposalRepository } from '../adapters/dynamo/proposal-repository';
import type { QueueControl } from '../adapters/notifications/ports';
import type { TrackingLinks } from './tracking-links';

/** How a provider failed: throttled and transient ones are retried with backoff; permanent ones are recorded. */
export type FailureKind = 'throttled' | 'transient' | 'permanent' | 'opted-out';

/** One channel's provider (SES for email, SNS for SMS). */
export interface Transport {
  channel: Channel;
  send(to: string, message: RenderedMessage, event: NotificationEvent): Promise<{ messageId: string }>;
  classify(error: unknown): FailureKind;
}

/** A message that must stay on the queue for now (deferred, backing off, or claimed elsewhere). */
export class KeepOnQueue extends Error {
  override name = 'KeepOnQueue';
}

interface Reachable {
  recipient: Recipient;
  name: string;
  timeZone: TimeZone;
  contact: { email?: string; phone?: string };
  preferences: NotificationPreferences;
}

export interface SenderDeps {
  transport: Transport;
  deliveries: DeliveryRepository;
  directory: DirectoryRepository;
  /** The proposal's record, read for a quarantine: whom it is with (its assignment), its document versions. */
  proposals: Pick<ProposalRepository, 'getWithHistory'>;
  queue: QueueControl;
  clock: Clock;
  /** Signs the applicant's tracking links (publicBaseUrl + /t/<number>/<token>) with the stage's keys. */
  trackingLinks: Pick<TrackingLinks, 'linkFor'>;
  /** The agencies' front end, where staff links lead (shared/domain/notifications/links.ts). */
  webBaseUrl: string;
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** How long a claim protects a send in flight; shorter than the queue's visibility timeout. */
  leaseSeconds?: number;
  /** Jitter source for backoff, replaceable in tests. */
  jitter?: () => number;
}

/** One recipient of a message, and, for a quarantine, as whom they read it and whether the file was replaced since. */
interface Addressed {
  recipient: Recipient;
  quarantine?: Quarantine;
}

interface Quarantine {
  audience: QuarantineAudience;
  replacedBy?: number;
}

/**
 * Sends one channel's notifications of one queue message: a status change to the employee, and to
 * the operator who filed the proposal when that is someone else; a quarantined document to its
 * applicant and its handler; a job event to those it names. Each (event, channel, recipient) is
 * claimed before it is sent and recorded after, so redeliveries send nothing twice.
 */
export class NotificationSender {
  constructor(private readonly deps: SenderDeps) {}

  async handle(record: SQSRecord): Promise<void> {
    const event = notificationEventSchema.parse(JSON.parse(record.body));
    let keep: KeepOnQueue | undefined;
    for (const { recipient, quarantine } of await this.recipientsOf(event)) {
      try {
        await this.deliver(event, recipient, record, quarantine);
      } catch (error) {
        if (!(error instanceof KeepOnQueue)) throw error;
        keep = error; // the others still go out now
      }
    }
    if (keep) throw keep;
  }

  /** Status changes go to the employee and the filing operator; job events name their recipients; a quarantine's are looked up. */
  private async recipientsOf(event: NotificationEvent): Promise<Addressed[]> {
    if (event.kind === 'document-quarantined') return this.quarantineRecipients(event);
    if (event.kind !== 'status-changed') return event.recipients.map((recipient) => ({ recipient }));
    return [
      ...(event.nip !== undefined ? [{ recipient: { kind: 'employee' as const, nip: event.nip } }] : []),
      ...(event.filedBy.role === 'OPERATOR' ? [{ recipient: { kind: 'user' as const, userId: event.filedBy.userId } }] : []),
    ];
  }

  /**
   * The applicant and the handler of a quarantined document, staff lists looked up (one Query per
   * role), each person once, as the first audience they belong to. Each channel's sender looks
   * them up for itself: a message redelivered later reaches who holds the role then, and the
   * claims keep anyone from hearing twice. The proposal's partition is read whole, strongly
   * consistent, once per message: a quarantine is rare, and its assignment must be the latest.
   */
  private async quarantineRecipients(event: DocumentQuarantinedEvent): Promise<Addressed[]> {
    const record = await this.deps.proposals.getWithHistory(event.proposalId);
    const replacedBy = record ? replacingVersion(event, record.documents) : undefined;
    const seen = new Map<string, Addressed>();
    for (const addressee of quarantineAddressees(event, record?.proposal.assignment)) {
      const recipients = 'recipient' in addressee
        ? [addressee.recipient]
        : (await this.deps.directory.staffOf(addressee.staffOf.orgId, addressee.staffOf.role)).items.map(({ userId }): Recipient => ({ kind: 'user', userId }));
      for (const recipient of recipients) {
        const key = recipientKey(recipient);
        if (!seen.has(key)) seen.set(key, { recipient, quarantine: { audience: addressee.audience, ...(replacedBy !== undefined ? { replacedBy } : {}) } });
      }
    }
    if (!seen.size) this.deps.logger?.warn('a quarantined document has nobody to tell', { eventId: event.eventId });
    return [...seen.values()];
  }

  private async reach(recipient: Recipient): Promise<Reachable | undefined> {
    if (recipient.kind === 'employee') {
      const employee = await this.deps.directory.getEmployee(recipient.nip);
      return employee && { recipient, name: employee.name, timeZone: employee.timeZone, contact: employee.contact, preferences: employee.preferences };
    }
    const user = await this.deps.directory.getUser(recipient.userId);
    // A suspended member works no queue and reads none of its news: the copies stop with the suspension.
    if (!user || (user as { status?: string }).status === 'SUSPENDED') return undefined;
    return { recipient, name: user.name, timeZone: user.timeZone, contact: user.contact, preferences: user.preferences };
  }

  private async deliver(event: NotificationEvent, recipient: Recipient, record: SQSRecord, quarantine: Quarantine | undefined): Promise<void> {
    const { deliveries, transport, clock } = this.deps;
    const channel = transport.channel;
    const key: DeliveryKey = {
      ...('proposalId' in event ? { proposalId: event.proposalId } : {}),
      eventId: event.eventId,
      // Beside the proposal under the history event's number, as a status change's.
      ...(event.kind === 'status-changed' || event.kind === 'document-quarantined' ? { eventSeq: event.seq } : {}),
      channel,
      recipient,
    };
    const now = clock.now().toISOString();

    // The claim comes first: a redelivery of what went out is refused here, before any other read.
    const claim = await deliveries.claim(key, now, this.deps.leaseSeconds ?? 60);
    if (!claim.claimed) {
      const { state, deferredUntil } = claim.delivery;
      if (state === 'DEFERRED' && deferredUntil) {
        await this.hide(record, (new Date(deferredUntil).getTime() - clock.now().getTime()) / 1000);
        throw new KeepOnQueue(`deferred until ${deferredUntil}`);
      }
      if (state === 'SENDING') throw new KeepOnQueue('another sender holds the claim');
      return; // SENT, FAILED or SUPPRESSED: already done, whatever the redelivery
    }

    const target = await this.reach(recipient);
    if (!target) return deliveries.finish(key, 'FAILED', { reason: 'recipient not found' }, now);
    const address = channel === 'email' ? target.contact.email : target.contact.phone;
    if (!address) return deliveries.finish(key, 'SUPPRESSED', { reason: `no ${channel === 'email' ? 'email address' : 'phone number'} on record` }, now);
    if (!target.preferences.channels[channel]) return deliveries.finish(key, 'SUPPRESSED', { reason: 'opted out' }, now);
    const suppressed = await deliveries.suppression(channel, address);
    if (suppressed) return deliveries.finish(key, 'SUPPRESSED', { reason: suppressed.reason }, now);

    if (channel === 'sms') {
      const when = smsSendableAt(now, target.timeZone, event.urgent);
      if (!when.sendNow) {
        await deliveries.finish(key, 'DEFERRED', { deferredUntil: when.at, reason: 'quiet hours (21:00-07:00 local)' }, now);
        await this.hide(record, (new Date(when.at).getTime() - clock.now().getTime()) / 1000);
        throw new KeepOnQueue(`quiet hours until ${when.at}`);
      }
    }

    let links: NoticeLinks;
    try {
      links = await this.linksFor(event, recipient);
    } catch (error) {
      // Never a message with a bare or unsigned link instead: the claim goes back and the message
      // waits on the queue, retried with backoff, and after its last receive in the dead letters (alarmed).
      const receives = await this.retryLater(key, record, `tracking-link keys unavailable: ${error instanceof Error ? error.name : 'unknown error'}`);
      this.deps.logger?.error('the tracking-link keys could not be loaded; the message stays on the queue', { eventId: event.eventId, channel, receives, error: error as Error });
      throw new KeepOnQueue('tracking-link keys unavailable');
    }

    let message: RenderedMessage;
    try {
      message =
        event.kind === 'status-changed' ? renderStatusChange(this.message(event, target, links))
        : event.kind === 'document-quarantined' ? renderQuarantine(this.quarantineMessage(event, target, links, quarantine ?? { audience: 'applicant' }))
        : renderJobEvent(event, await this.jobContext(event, target, links));
    } catch (error) {
      // Only a misconfigured link makes an SMS impossible to fit; no retry changes that.
      if (!(error instanceof RangeError)) throw error;
      return deliveries.finish(key, 'FAILED', { reason: `cannot render: ${error.message}`.slice(0, 300) }, now);
    }
    let messageId: string;
    try {
      ({ messageId } = await transport.send(address, message, event));
    } catch (error) {
      const kind = transport.classify(error);
      const reason = error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : String(error).slice(0, 300);
      if (kind === 'permanent' || kind === 'opted-out') {
        this.deps.logger?.warn('delivery refused for good', { eventId: event.eventId, channel, kind, reason });
        return deliveries.finish(key, kind === 'opted-out' ? 'SUPPRESSED' : 'FAILED', { reason: kind === 'opted-out' ? 'opted out at the provider' : reason, to: maskAddress(address) }, clock.now().toISOString());
      }
      const receives = await this.retryLater(key, record, reason);
      this.deps.logger?.warn('delivery will be retried', { eventId: event.eventId, channel, kind, receives });
      throw new KeepOnQueue(`${kind}: ${reason}`);
    }
    // Sent. If recording fails now, the claim is not released: its lease runs out and a retry may
    // send again, the one duplicate a provider without idempotency keys cannot prevent.
    await deliveries.finish(key, 'SENT', { messageId, to: maskAddress(address) }, clock.now().toISOString());
  }

  private async hide(record: SQSRecord, seconds: number): Promise<void> {
    await this.deps.queue.changeVisibility(record.receiptHandle, Math.max(1, Math.ceil(seconds)));
  }

  /** Gives the claim back and hides the message for the backoff of its receive count; returns that count. */
  private async retryLater(key: DeliveryKey, record: SQSRecord, reason: string): Promise<number> {
    await this.deps.deliveries.release(key, this.deps.clock.now().toISOString(), reason);
    const receives = Number(record.attributes?.ApproximateReceiveCount ?? 1);
    await this.hide(record, retryDelaySeconds(receives, (this.deps.jitter ?? (() => randomInt(1000) / 1000))()));
    return receives;
  }

  /** The notice's links for this recipient, the applicant's tracking link signed (which may need the keys loaded). */
  private async linksFor(event: NotificationEvent, recipient: Recipient): Promise<NoticeLinks> {
    const tracked = trackedProposalOf(event, recipient);
    const trackUrl = tracked === undefined ? undefined : await this.deps.trackingLinks.linkFor(tracked);
    return noticeLinks(event, frontEndLinks(this.deps.webBaseUrl), trackUrl);
  }

  private async jobContext(event: JobEvent, target: Reachable, links: NoticeLinks): Promise<JobRenderContext> {
    const type = 'serviceType' in event ? findServiceType(event.serviceType) : undefined;
    const orgId = event.kind === 'sla-reminder' || event.kind === 'digest' ? event.orgId : undefined;
    const org = orgId ? await this.deps.directory.getOrganisation(orgId) : undefined;
    const stage = event.kind === 'sla-reminder' ? (event.stage === 'COMPLETION' ? type?.completion.names : type?.stages.find((s) => s.code === event.stage)?.names) : undefined;
    return {
      lang: target.preferences.language,
      recipientName: target.name,
      timeZone: target.timeZone,
      ...(type ? { service: type.names } : {}),
      ...(stage ? { stage } : {}),
      ...(org ? { orgName: org.name } : {}),
      ...(event.kind === 'digest' && event.role in ROLE_LABELS ? { role: ROLE_LABELS[event.role as Role] } : {}),
      ...(type ? { documents: type.requiredDocuments } : {}),
      ...links,
    };
  }

  private quarantineMessage(event: DocumentQuarantinedEvent, target: Reachable, links: NoticeLinks, { audience, replacedBy }: Quarantine): QuarantineMessage {
    const type = findServiceType(event.serviceType);
    const { code, version, finding } = event.document;
    const names = type?.requiredDocuments.find((d) => d.code === code)?.names ?? { id: code, en: code };
    return {
      lang: target.preferences.language,
      audience,
      recipientName: target.name,
      proposalId: event.proposalId,
      service: type?.names ?? { id: event.serviceType, en: event.serviceType },
      document: { names, version, ...(replacedBy !== undefined ? { replacedBy } : {}) },
      // The scanner's words are for staff: the applicant's message is built without them.
      ...(audience !== 'applicant' && finding ? { finding } : {}),
      status: event.toStatus,
      statusLabel: STATUS_LABELS[event.toStatus],
      // noticeLinks gives a quarantine one or the other.
      url: links.trackUrl ?? links.proposalUrl!,
      preferencesUrl: links.preferencesUrl,
    };
  }

  private message(event: StatusChangedEvent, target: Reachable, links: NoticeLinks): StatusChangeMessage {
    const lang = target.preferences.language;
    const type = findServiceType(event.serviceType);
    const stage = event.toStage === 'COMPLETION' ? type?.completion.names : type?.stages.find((s) => s.code === event.toStage)?.names;
    const reasons: Record<string, Names> = event.action === 'reject' ? REJECTION_REASONS : RETURN_REASONS;
    return {
      lang,
      // A status change's only other recipient is the operator who filed it.
      audience: target.recipient.kind === 'employee' ? 'applicant' : 'filer',
      recipientName: target.name,
      proposalId: event.proposalId,
      service: type?.names ?? { id: event.serviceType, en: event.serviceType },
      action: event.action,
      status: event.toStatus,
      statusLabel: STATUS_LABELS[event.toStatus],
      stage: stage ?? null,
      ...(event.reason ? { reason: { code: event.reason.code, label: reasons[event.reason.code], ...(event.reason.text ? { text: event.reason.text } : {}) } } : {}),
      ...(event.missingItems ? { missingItems: event.missingItems } : {}),
      ...(type ? { documents: type.requiredDocuments } : {}),
      // noticeLinks gives a status change one or the other.
      trackUrl: links.trackUrl ?? links.proposalUrl!,
      preferencesUrl: links.preferencesUrl,
    };
  }
}

export interface QueueSenderDeps {
  doc: DynamoDBDocumentClient;
  tableName: string;
  queue: QueueControl;
  clock: Clock;
  trackingLinks: Pick<TrackingLinks, 'linkFor'>;
  webBaseUrl: string;
  logger?: Logger;
  jitter?: () => number;
}

/**
 * A sender Lambda: Powertools' batch processor reports the records that must stay on the queue
 * (partial batch response), so one poison message never holds back the rest of its batch.
 */
export function queueSenderHandler(transport: Transport, deps: QueueSenderDeps): (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse> {
  const sender = new NotificationSender({
    transport,
    deliveries: new DeliveryRepository(deps.doc, deps.tableName),
    directory: new DirectoryRepository(deps.doc, deps.tableName),
    proposals: new ProposalRepository(deps.doc, deps.tableName),
    queue: deps.queue,
    clock: deps.clock,
    trackingLinks: deps.trackingLinks,
    webBaseUrl: deps.webBaseUrl,
    ...(deps.logger ? { logger: deps.logger } : {}),
    ...(deps.jitter ? { jitter: deps.jitter } : {}),
  });
  const processor = new BatchProcessor(EventType.SQS);
  // One record at a time, so a sender's rate is what its concurrency says (infra/cloud sets the
  // concurrency from the SES and SMS quotas). A batch whose every record stays on the queue is
  // still an answer, not a crash: deferred and backing-off messages keep the visibility given.
  return (event, context) =>
    processPartialResponse(event, (record: SQSRecord) => sender.handle(record).catch((error: unknown) => {
      if (!(error instanceof KeepOnQueue)) deps.logger?.error('a message failed and stays on the queue', { messageId: record.messageId, error: error as Error });
      throw error;
    }), processor, { ...(context ? { context } : {}), processInParallel: false, throwOnFullBatchFailure: false });
}
