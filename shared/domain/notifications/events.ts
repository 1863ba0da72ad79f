import type { HistoryEvent } from '../proposal/types';
import { NOTIFIED_ACTIONS, type DocumentQuarantinedEvent, type NotificationEvent, type StatusChangedEvent } from './types';

/** The domain event of a history event that changes a status; undefined for drafts and edits. */
export function statusChangedEvent(event: HistoryEvent): StatusChangedEvent | undefined {
  if (!NOTIFIED_ACTIONS.includes(event.type as never)) return undefined;
  return {
    kind: 'status-changed',
    eventId: `${event.proposalId}#${event.seq}`,
    proposalId: event.proposalId,
    seq: event.seq,
    action: event.type as StatusChangedEvent['action'],
    at: event.at,
    serviceType: event.subject.serviceType,
    toStatus: event.toStatus,
    toStage: event.toStage,
    ...(event.reason ? { reason: event.reason } : {}),
    ...(event.missingItems ? { missingItems: event.missingItems } : {}),
    ...(event.subject.nip !== undefined ? { nip: event.subject.nip } : {}),
    agencyId: event.subject.agencyId,
    filedBy: event.subject.filedBy,
    // A status change is news, not an alarm: SMS waits for daytime in the recipient's zone.
    urgent: false,
  };
}

/** The domain event of a 'quarantine' history event; undefined for any other, or one without its document. */
export function documentQuarantinedEvent(event: HistoryEvent): DocumentQuarantinedEvent | undefined {
  if (event.type !== 'quarantine' || !event.document) return undefined;
  const { code, version, finding } = event.document;
  return {
    kind: 'document-quarantined',
    // The history event's number, as a status change's: one delivery per event, channel and recipient.
    eventId: `${event.proposalId}#${event.seq}`,
    proposalId: event.proposalId,
    seq: event.seq,
    at: event.at,
    serviceType: event.subject.serviceType,
    toStatus: event.toStatus,
    toStage: event.toStage,
    ...(event.subject.nip !== undefined ? { nip: event.subject.nip } : {}),
    agencyId: event.subject.agencyId,
    filedBy: event.subject.filedBy,
    // Never the file's bytes or hash: the code, the version, and the finding for staff.
    document: { code, version, ...(finding ? { finding } : {}) },
    // Not an alarm either: the file is already never served or forwarded, so nothing gets worse
    // overnight, and a re-upload at 02:00 gains no working time. Email goes at once; SMS at 07:00.
    urgent: false,
  };
}

/** What a new history event tells people, if anything: a status change, or a quarantined document. */
export const notificationEventOf = (event: HistoryEvent): NotificationEvent | undefined => statusChangedEvent(event) ?? documentQuarantinedEvent(event);
