import type { Names } from '../catalog/types';
import type { Action, HistoryEventType, Reason, Status } from '../proposal/types';

export const CHANNELS = ['email', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];

/** The status changes that reach the employee (and the filing operator): not drafts or edits. */
export const NOTIFIED_ACTIONS: readonly Action[] = ['submit', 'forward', 'return', 'resubmit', 'approve', 'reject', 'complete', 'withdraw'];

/**
 * A proposal's status changed. Built from the history event alone (it carries its subject), so
 * the stream handler needs no reads.
 */
export interface StatusChangedEvent {
  kind: 'status-changed';
  /** `<proposalId>#<seq>`: with channel and recipient, the key that makes a delivery happen once. */
  eventId: string;
  proposalId: string;
  seq: number;
  action: Action;
  at: string;
  serviceType: string;
  toStatus: Status;
  toStage: string | null;
  reason?: Reason;
  missingItems?: string[];
  /** Absent while a candidate has no number yet: only the filing operator hears of it then. */
  nip?: string;
  agencyId: string;
  filedBy: { userId: string; role: 'PEGAWAI' | 'OPERATOR' };
  /** Urgent messages go out at any hour; others wait for 07:00–21:00 in the recipient's zone. */
  urgent: boolean;
}

/** History events beside status changes that reach people: a document the malware scanner quarantined. */
export const NOTIFIED_DOCUMENT_EVENTS: readonly HistoryEventType[] = ['quarantine'];

/**
 * A file uploaded as one of a proposal's documents was found harmful and quarantined. Built from
 * the history event alone, like a status change; the senders look up who hears of it (the
 * applicant, and whoever the proposal is with), since the stream handler reads nothing.
 */
export interface DocumentQuarantinedEvent {
  kind: 'document-quarantined';
  /** `<proposalId>#<seq>`, as a status change's: the delivery records sit beside the proposal under that number. */
  eventId: string;
  proposalId: string;
  seq: number;
  at: string;
  serviceType: string;
  /** The proposal's status then: whether the applicant holds it (a draft, a returned one) and can upload at once. */
  toStatus: Status;
  toStage: string | null;
  nip?: string;
  agencyId: string;
  filedBy: { userId: string; role: 'PEGAWAI' | 'OPERATOR' };
  /** The catalog's document kind and the version quarantined; the scanner's finding is for staff only. */
  document: { code: string; version: number; finding?: string };
  urgent: boolean;
}

export type Recipient = { kind: 'employee'; nip: string } | { kind: 'user'; userId: string };

/** Where a stage's SLA clock stands when a reminder goes out. */
export const REMINDER_STEPS = ['HALF', 'THREE_QUARTERS', 'BREACH', 'OVERDUE'] as const;
export type ReminderStep = (typeof REMINDER_STEPS)[number];

/** What the scheduled jobs publish: each names its recipients, so senders need no queries. */
interface JobEventBase {
  /** Deterministic per item and step, so a job run twice, or a redelivery, sends nothing twice. */
  eventId: string;
  at: string;
  recipients: Recipient[];
  urgent: boolean;
}

/** A stage's SLA is half gone, three quarters gone, breached, or n working days overdue. */
export interface SlaReminderEvent extends JobEventBase {
  kind: 'sla-reminder';
  proposalId: string;
  serviceType: string;
  stage: string;
  orgId: string;
  step: ReminderStep;
  /** For OVERDUE: working days past the due date. */
  overdueWorkingDays?: number;
  dueAt: string;
  /** True when this goes to the organisation's admin after repeated misses. */
  escalation: boolean;
}

/** A returned proposal has not been fixed by the applicant's deadline. */
export interface ReturnedReminderEvent extends JobEventBase {
  kind: 'returned-reminder';
  proposalId: string;
  serviceType: string;
  step: ReminderStep;
  overdueWorkingDays?: number;
  dueAt: string;
  missingItems?: string[];
}

/** A queue's day: how many wait, how many are overdue, the oldest. One message instead of one per item. */
export interface DigestEvent extends JobEventBase {
  kind: 'digest';
  orgId: string;
  role: string;
  day: string;
  waiting: number;
  overdue: number;
  oldest?: { proposalId: string; serviceType: string; since: string; dueAt: string };
}

/** A submission window (promotion period) closes soon. */
export interface WindowReminderEvent extends JobEventBase {
  kind: 'window-reminder';
  serviceType: string;
  agencyId: string;
  period: string;
  opensOn: string;
  closesOn: string;
  daysLeft: number;
}

/** An employee reaches the retirement age (BUP) in 12 or 6 months. */
export interface RetirementReminderEvent extends JobEventBase {
  kind: 'retirement-reminder';
  nip: string;
  employeeName: string;
  agencyId: string;
  bupDate: string;
  monthsBefore: 12 | 6;
}

export type JobEvent = SlaReminderEvent | ReturnedReminderEvent | DigestEvent | WindowReminderEvent | RetirementReminderEvent;

/** Everything the pipeline carries. */
export type NotificationEvent = StatusChangedEvent | DocumentQuarantinedEvent | JobEvent;

/** Every kind of event the senders handle: the queues' filter policies let exactly these through. */
export const NOTIFICATION_KINDS = ['status-changed', 'document-quarantined', 'sla-reminder', 'returned-reminder', 'digest', 'window-reminder', 'retirement-reminder'] as const satisfies readonly NotificationEvent['kind'][];

export const recipientKey = (recipient: Recipient): string =>
  recipient.kind === 'employee' ? `EMP#${recipient.nip}` : `USER#${recipient.userId}`;

/**
 * SENDING: claimed by a sender (with a lease); SENT: the provider took it (messageId);
 * DEFERRED: held for quiet hours until `deferredUntil`; FAILED: permanently refused (reason);
 * SUPPRESSED: not sent because of an opt-out, a bounce or a complaint (reason).
 */
export type DeliveryState = 'SENDING' | 'SENT' | 'DEFERRED' | 'FAILED' | 'SUPPRESSED';

export interface Delivery {
  /** The proposal the news is about; absent for digests, windows and retirement notices. */
  proposalId?: string;
  eventId: string;
  /** For status changes and quarantined documents: the history event's sequence number. */
  eventSeq?: number;
  channel: Channel;
  recipient: Recipient;
  state: DeliveryState;
  /** The address or number, masked: enough to recognise, not to harvest. */
  to?: string;
  messageId?: string;
  reason?: string;
  deferredUntil?: string;
  attempts: number;
  createdAt: string;
  updatedAt: string;
}

/** Who a status change is told to: the employee whose proposal it is, or the operator who filed it for them. */
export type Audience = 'applicant' | 'filer';

/** A catalog document kind by its code and names: how a notice names a document code (a return's missing items). */
export interface DocumentName {
  code: string;
  names: Names;
}

/** What a template needs to say about a status change, in one language. */
export interface StatusChangeMessage {
  lang: 'id' | 'en';
  audience: Audience;
  recipientName: string;
  proposalId: string;
  service: Names;
  action: Action;
  status: Status;
  statusLabel: Names;
  stage: Names | null;
  reason?: { code: string; label?: Names; text?: string };
  /** What to fix: catalog document codes (shown by their names in `documents`) and free text. */
  missingItems?: string[];
  /** The service type's required documents, so a document code among the missing items is named. */
  documents?: readonly DocumentName[];
  /**
   * Where the recipient follows the proposal: the signed public tracking link for the applicant
   * (no PIN in it, none needed), the proposal in the front end for the operator who filed it.
   */
  trackUrl: string;
  /** Where the recipient changes channels and language, and turns SMS off (the front end). */
  preferencesUrl: string;
}

/**
 * Who hears of a quarantined document: the employee who filed it for themselves, or, for one an
 * operator filed, the agency's operators; and the handler the proposal was with (staff of a role
 * at an organisation, or the person named for the step).
 */
export type QuarantineAudience = 'applicant' | 'operator' | 'handler';

/** What a template needs to say about a quarantined document, in one language. */
export interface QuarantineMessage {
  lang: 'id' | 'en';
  audience: QuarantineAudience;
  recipientName: string;
  proposalId: string;
  service: Names;
  /**
   * The document kind's catalog names (its code when the catalog has none), the version
   * quarantined, and the newer version that has replaced it since, if one has.
   */
  document: { names: Names; version: number; replacedBy?: number };
  /** The scanner's finding (a threat's name): staff only; an applicant's message never carries it. */
  finding?: string;
  /** The status when the file was quarantined: a draft or a returned proposal can take a new upload at once. */
  status: Status;
  statusLabel: Names;
  /** The applicant's signed tracking link; the proposal in the front end for staff. */
  url: string;
  preferencesUrl: string;
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  /** One GSM-7 segment: at most 160 characters of the GSM 03.38 basic set. */
  sms: string;
}

/** Masks an email address or phone number for display: b***@example.com, +6281****890. */
export function maskAddress(address: string): string {
  const at = address.indexOf('@');
  if (at > 0) return `${address[0]}***${address.slice(at)}`;
  return address.length > 8 ? `${address.slice(0, 6)}****${address.slice(-3)}` : '****';
}

/** What a job event's template needs beside the event: names resolved from the catalog and directory. */
export interface JobMessageContext {
  lang: 'id' | 'en';
  recipientName: string;
  /** The service type's names (sla, returned, window reminders). */
  service?: Names;
  /** The stage's names (sla reminders). */
  stage?: Names;
  /** The organisation's name (digests, escalations). */
  orgName?: string;
  /** The role's names (digests). */
  role?: Names;
  /** The signed public tracking link of the proposal, for its applicant (returned reminders). */
  trackUrl?: string;
  /** The proposal in the front end, for staff (sla reminders; returned reminders to operators). */
  proposalUrl?: string;
  /** Where staff open their queue in the front end (digests, window and retirement reminders). */
  inboxUrl?: string;
  /** Notice settings in the front end. */
  preferencesUrl: string;
  /** The service type's required documents, so a document code among a returned reminder's missing items is named. */
  documents?: readonly DocumentName[];
}
