import type { Actor } from '../actors';
import { REJECTION_REASONS, RETURN_REASONS } from '../catalog/reasons';
import type { Names, ServiceType } from '../catalog/types';
import { EVENT_LABELS, STATUS_LABELS } from '../messages';
import { allowedActions } from './lifecycle';
import { CHANNELS, type Channel, type Delivery } from '../notifications/types';
import { isPublicEvent, type HistoryEvent, type Proposal } from './types';
import { checklist } from '../documents/rules';
import type { DocumentVersion } from '../documents/types';
import { checklistView } from '../documents/views';

function stageNames(type: ServiceType, code: string | null): { code: string; names: Names } | null {
  if (code === null) return null;
  if (code === 'COMPLETION') return { code, names: type.completion.names };
  const stage = type.stages.find((s) => s.code === code);
  return stage ? { code, names: stage.names } : { code, names: { id: code, en: code } };
}

function reasonLabel(type: HistoryEvent['type'], code: string): Names | undefined {
  const list: Record<string, Names> = type === 'reject' ? REJECTION_REASONS : RETURN_REASONS;
  return list[code];
}

const currentStageCode = (proposal: Proposal, type: ServiceType): string | null =>
  proposal.status === 'DRAFT' || proposal.status === 'WITHDRAWN' ? null
  : proposal.status === 'APPROVED' || proposal.status === 'COMPLETED' ? 'COMPLETION'
  : type.stages[proposal.stageIndex]?.code ?? null;

function deliveryView(delivery: Delivery) {
  return {
    eventId: delivery.eventId,
    ...(delivery.eventSeq !== undefined ? { eventSeq: delivery.eventSeq } : {}),
    channel: delivery.channel,
    recipient: delivery.recipient.kind === 'employee' ? { kind: 'employee' as const, nip: delivery.recipient.nip } : { kind: 'staff' as const },
    state: delivery.state,
    ...(delivery.to ? { to: delivery.to } : {}),
    ...(delivery.messageId ? { messageId: delivery.messageId } : {}),
    ...(delivery.reason ? { reason: delivery.reason } : {}),
    ...(delivery.deferredUntil ? { deferredUntil: delivery.deferredUntil } : {}),
    attempts: delivery.attempts,
    createdAt: delivery.createdAt,
    updatedAt: delivery.updatedAt,
  };
}

/** Channels that carried news of an event to someone: what the public timeline may say. */
function notifiedBy(deliveries: readonly Delivery[], seq: number): Channel[] {
  return CHANNELS.filter((channel) => deliveries.some((d) => d.eventSeq === seq && d.channel === channel && d.state === 'SENT'));
}

/** Where the proposal is now and who is expected to act by when: the part of a view that moves. */
function whereItIs(proposal: Proposal, type: ServiceType, now: string) {
  return {
    status: proposal.status,
    statusLabel: STATUS_LABELS[proposal.status],
    stage: stageNames(type, currentStageCode(proposal, type)),
    assignment: proposal.assignment
      ? { orgId: proposal.assignment.orgId, role: proposal.assignment.role, since: proposal.assignment.since, dueAt: proposal.assignment.dueAt, workingDays: proposal.assignment.workingDays, overdue: proposal.assignment.dueAt < now }
      : null,
    dueAt: proposal.assignment?.dueAt ?? null,
    overdue: proposal.assignment ? proposal.assignment.dueAt < now : false,
    // A deadline counted over a year with no holiday calendar loaded counted weekends only.
    ...(proposal.assignment?.yearsWithoutCalendar ? { dueAtCountsWeekendsOnly: proposal.assignment.yearsWithoutCalendar } : {}),
  };
}

/** What a reader in scope sees: everything about the proposal, and what they may do next. */
export function proposalView(proposal: Proposal, history: readonly HistoryEvent[], actor: Actor, type: ServiceType, now: string, deliveries: readonly Delivery[] = [], documents: readonly DocumentVersion[] = []) {
  return {
    id: proposal.id,
    serviceType: { code: type.code, names: type.names },
    nip: proposal.nip,
    agencyId: proposal.agencyId,
    filedBy: { role: proposal.filedBy.role },
    ...whereItIs(proposal, type, now),
    payload: proposal.payload,
    documents: proposal.documents,
    requiredDocuments: type.requiredDocuments.map(({ code, names }) => ({ code, names })),
    checklist: checklistView(type, checklist(type, documents, proposal.documents)),
    lastReason: proposal.lastReason ?? null,
    missingItems: proposal.missingItems ?? [],
    output: proposal.output ?? null,
    version: proposal.version,
    createdAt: proposal.createdAt,
    updatedAt: proposal.updatedAt,
    allowedActions: allowedActions(proposal, actor, type),
    history: history.map((event) => ({
      seq: event.seq,
      type: event.type,
      label: EVENT_LABELS[event.type],
      at: event.at,
      actor: { name: event.actor.name, role: event.actor.role, orgId: event.actor.orgId, ...(event.actor.onBehalfOf ? { onBehalfOf: event.actor.onBehalfOf } : {}) },
      fromStatus: event.fromStatus,
      toStatus: event.toStatus,
      fromStage: event.fromStage,
      toStage: event.toStage,
      ...(event.reason ? { reason: { ...event.reason, label: reasonLabel(event.type, event.reason.code) } } : {}),
      ...(event.missingItems ? { missingItems: event.missingItems } : {}),
      ...(event.output !== undefined ? { output: event.output } : {}),
      ...(event.note ? { note: event.note } : {}),
      ...(event.changed ? { changed: event.changed } : {}),
      ...(event.document ? { document: event.document } : {}),
      hash: event.hash,
    })),
    deliveries: [...deliveries].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.eventId.localeCompare(b.eventId) || a.channel.localeCompare(b.channel)).map(deliveryView),
  };
}

/**
 * The lean status a client polls on a slow link (GET /proposals/{id}/status): where the proposal
 * is, who acts by when, what came back to fix, and what the caller may do, each as the full view
 * says it; no payload, documents, history or deliveries. Built from the proposal item alone, so it
 * needs neither the history nor the deliveries beside it.
 */
export function proposalStatus(proposal: Proposal, actor: Actor, type: ServiceType, now: string) {
  return {
    id: proposal.id,
    serviceType: { code: type.code, names: type.names },
    ...whereItIs(proposal, type, now),
    lastReason: proposal.lastReason ?? null,
    missingItems: proposal.missingItems ?? [],
    version: proposal.version,
    updatedAt: proposal.updatedAt,
    allowedActions: allowedActions(proposal, actor, type),
  };
}

/**
 * What anyone with the number and PIN sees: where the proposal is and how it got there, with no
 * name, NIP, payload, free text or actor: reason codes and stage names only.
 */
export function trackingView(proposal: Proposal, history: readonly HistoryEvent[], type: ServiceType, deliveries: readonly Delivery[] = []) {
  return {
    id: proposal.id,
    serviceType: { code: type.code, names: type.names },
    status: proposal.status,
    statusLabel: STATUS_LABELS[proposal.status],
    stage: stageNames(type, currentStageCode(proposal, type)),
    dueAt: proposal.assignment?.dueAt ?? null,
    updatedAt: proposal.updatedAt,
    timeline: history.filter(isPublicEvent).map((event) => ({
      at: event.at,
      type: event.type,
      label: EVENT_LABELS[event.type],
      status: event.toStatus,
      statusLabel: STATUS_LABELS[event.toStatus],
      stage: stageNames(type, event.toStage),
      ...(event.reason ? { reasonCode: event.reason.code, reasonLabel: reasonLabel(event.type, event.reason.code) } : {}),
      notifiedBy: notifiedBy(deliveries, event.seq),
    })),
  };
}

/** A row of a list (inbox, an employee's proposals): enough to choose, not the whole file. */
export function proposalSummary(proposal: Proposal, type: ServiceType | undefined, now: string) {
  return {
    id: proposal.id,
    serviceType: { code: proposal.serviceType, names: type?.names ?? { id: proposal.serviceType, en: proposal.serviceType } },
    nip: proposal.nip,
    agencyId: proposal.agencyId,
    status: proposal.status,
    statusLabel: STATUS_LABELS[proposal.status],
    stage: type ? stageNames(type, currentStageCode(proposal, type)) : null,
    dueAt: proposal.assignment?.dueAt ?? null,
    overdue: proposal.assignment ? proposal.assignment.dueAt < now : false,
    version: proposal.version,
    createdAt: proposal.createdAt,
    updatedAt: proposal.updatedAt,
  };
}
