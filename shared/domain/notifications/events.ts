import type { HistoryEvent } from '../proposal/types';
import { NOTIFIED_ACTIONS, type StatusChangedEvent } from './types';

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
