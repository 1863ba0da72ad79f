import type { Organisation, TimeZone } from '../actors';
import { REJECTION_REASONS, RETURN_REASONS } from '../catalog/reasons';
import type { Names, ServiceType } from '../catalog/types';
import { EVENT_LABELS } from '../messages';
import { CHANNELS, type Channel, type Delivery } from '../notifications/types';
import { isPublicEvent, type HistoryEvent, type HistoryEventType, type Proposal, type Status } from '../proposal/types';

/**
 * What the public tracking page says, decided once and in no language: keys, instants with the
 * zone they are read in, and the catalog's Names. The renderer (shared/http/pages/tracking-page.ts)
 * only words it. Like the JSON tracking view it carries no name, NIP, payload, free text or actor:
 * reason codes become their catalog labels, missing items only the catalog documents they name.
 */

/** How a status reads at a glance; the tag's colour follows it, its words never depend on colour. */
export type StatusTone = 'ok' | 'wait' | 'act' | 'stop' | 'off';

export const STATUS_TONES: Readonly<Record<Status, StatusTone>> = {
  DRAFT: 'off',
  IN_PROGRESS: 'wait',
  RETURNED: 'act',
  APPROVED: 'ok',
  COMPLETED: 'ok',
  REJECTED: 'stop',
  WITHDRAWN: 'off',
};

/** An instant and the zone a person reads it in (WIB, WITA, WIT). */
export interface LocalInstant {
  at: string;
  zone: TimeZone;
}

/** Who has the proposal now: an office at a stage, or the applicant (or the filing operator) fixing it. */
export interface Holder {
  /** `office`: the organisation's staff; `applicant`: the employee who filed it; `operator`: the agency's operator who filed it; `supervisor`: the direct supervisor. */
  who: 'office' | 'applicant' | 'operator' | 'supervisor';
  /** The organisation's name as the directory has it (an agency, a Kanreg, BKN). */
  organisation: string;
  stage: Names;
}

/** What happens next, by status and stage. */
export type NextStep =
  | { kind: 'submit' }
  | { kind: 'next-stage'; stage: Names }
  | { kind: 'decision'; completion: Names }
  | { kind: 'fix'; by: 'applicant' | 'operator'; before?: LocalInstant }
  | { kind: 'issue'; completion: Names }
  | { kind: 'done' }
  | { kind: 'rejected' }
  | { kind: 'withdrawn' };

export interface ToFix {
  /** Catalog documents of the service that the return named, by their catalog names. */
  documents: Names[];
  /** Whether the return named things that are not catalog documents (shown only as a sentence). */
  more: boolean;
}

export interface TimelineEntry {
  type: HistoryEventType;
  label: Names;
  at: string;
  stage?: Names;
  reason?: Names;
  notifiedBy: Channel[];
}

export interface TrackingPage {
  id: string;
  service: Names;
  status: Status;
  tone: StatusTone;
  /** Absent once nobody holds it (completed, rejected, withdrawn) or before filing is done. */
  holder?: Holder;
  /** The working-day deadline of whoever holds it, in the handling organisation's zone. */
  due?: LocalInstant & { overdue: boolean };
  next: NextStep;
  /** The return's reason, by its label (never the text beside it). */
  reason?: Names;
  toFix?: ToFix;
  /** Newest first. */
  timeline: TimelineEntry[];
  /** The zone the timeline is read in: the proposal's agency's. */
  zone: TimeZone;
}

export interface TrackingPageInput {
  proposal: Proposal;
  history: readonly HistoryEvent[];
  deliveries: readonly Delivery[];
  type: ServiceType;
  /** The proposal's agency and whoever holds it now, as the directory has them (others may be absent). */
  organisations: ReadonlyMap<string, Pick<Organisation, 'id' | 'name' | 'timeZone'>>;
  now: string;
}

function stageNames(type: ServiceType, code: string | null | undefined): Names | undefined {
  if (code === null || code === undefined) return undefined;
  if (code === 'COMPLETION') return type.completion.names;
  return type.stages.find((stage) => stage.code === code)?.names;
}

function reasonNames(eventType: HistoryEventType | 'RETURNED' | 'REJECTED', code: string | undefined): Names | undefined {
  if (code === undefined) return undefined;
  const list: Record<string, Names> = eventType === 'reject' || eventType === 'REJECTED' ? REJECTION_REASONS : RETURN_REASONS;
  return Object.hasOwn(list, code) ? list[code] : undefined;
}

const fold = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * The documents a return named, as catalog documents: a missing item is a reviewer's text, so
 * only an item that is a document's code or one of its names (case and spacing aside) is shown,
 * by the catalog's names; the rest is never echoed, only counted.
 */
export function documentsToFix(type: ServiceType, missingItems: readonly string[]): ToFix {
  const documents: Names[] = [];
  let more = false;
  for (const item of missingItems) {
    const wanted = fold(item);
    const found = type.requiredDocuments.find((d) => fold(d.code) === wanted || fold(d.names.id) === wanted || fold(d.names.en) === wanted);
    if (!found) more = true;
    else if (!documents.includes(found.names)) documents.push(found.names);
  }
  return { documents, more };
}

/** Channels that carried news of an event to someone (a delivery SENT for its seq). */
function notifiedBy(deliveries: readonly Delivery[], seq: number): Channel[] {
  return CHANNELS.filter((channel) => deliveries.some((d) => d.eventSeq === seq && d.channel === channel && d.state === 'SENT'));
}

function holderOf(proposal: Proposal, type: ServiceType, organisations: TrackingPageInput['organisations']): Holder | undefined {
  const assignment = proposal.assignment;
  if (!assignment) return undefined;
  const organisation = organisations.get(assignment.orgId)?.name;
  const stage = proposal.status === 'APPROVED' ? type.completion.names : type.stages[proposal.stageIndex]?.names;
  // A directory without the organisation or a catalog without the stage is a setup error; the page then says less rather than guess.
  if (organisation === undefined || stage === undefined) return undefined;
  const who: Holder['who'] =
    proposal.status === 'RETURNED' ? (proposal.filedBy.role === 'PEGAWAI' ? 'applicant' : 'operator')
    : assignment.nip !== undefined ? 'supervisor'
    : 'office';
  return { who, organisation, stage };
}

function nextStep(proposal: Proposal, type: ServiceType, due: LocalInstant | undefined): NextStep {
  switch (proposal.status) {
    case 'DRAFT':
      return { kind: 'submit' };
    case 'IN_PROGRESS': {
      const following = type.stages[proposal.stageIndex + 1];
      return following ? { kind: 'next-stage', stage: following.names } : { kind: 'decision', completion: type.completion.names };
    }
    case 'RETURNED':
      return { kind: 'fix', by: proposal.filedBy.role === 'PEGAWAI' ? 'applicant' : 'operator', ...(due ? { before: due } : {}) };
    case 'APPROVED':
      return { kind: 'issue', completion: type.completion.names };
    case 'COMPLETED':
      return { kind: 'done' };
    case 'REJECTED':
      return { kind: 'rejected' };
    case 'WITHDRAWN':
      return { kind: 'withdrawn' };
  }
}

/** The page for a proposal: pure, from what one read of its partition and the directory give. */
export function trackingPage({ proposal, history, deliveries, type, organisations, now }: TrackingPageInput): TrackingPage {
  const assignment = proposal.assignment;
  // The deadline is counted in the handling organisation's zone; the assignment keeps that zone too.
  const dueZone = assignment ? (organisations.get(assignment.orgId)?.timeZone ?? assignment.zone) : undefined;
  const due = assignment && dueZone ? { at: assignment.dueAt, zone: dueZone, overdue: assignment.dueAt < now } : undefined;
  const zone = organisations.get(proposal.agencyId)?.timeZone ?? assignment?.zone ?? 'Asia/Jakarta';
  const holder = holderOf(proposal, type, organisations);
  const closedReason = proposal.status === 'RETURNED' || proposal.status === 'REJECTED' ? reasonNames(proposal.status, proposal.lastReason?.code) : undefined;
  return {
    id: proposal.id,
    service: type.names,
    status: proposal.status,
    tone: STATUS_TONES[proposal.status],
    ...(holder ? { holder } : {}),
    ...(due ? { due } : {}),
    next: nextStep(proposal, type, due && { at: due.at, zone: due.zone }),
    ...(closedReason ? { reason: closedReason } : {}),
    ...(proposal.status === 'RETURNED' ? { toFix: documentsToFix(type, proposal.missingItems ?? []) } : {}),
    timeline: history
      .filter(isPublicEvent)
      .sort((a, b) => b.seq - a.seq)
      .map((event) => {
        const stage = stageNames(type, event.toStage);
        const reason = reasonNames(event.type, event.reason?.code);
        return { type: event.type, label: EVENT_LABELS[event.type], at: event.at, ...(stage ? { stage } : {}), ...(reason ? { reason } : {}), notifiedBy: notifiedBy(deliveries, event.seq) };
      }),
    zone,
  };
}
