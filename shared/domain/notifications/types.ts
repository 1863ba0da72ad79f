import type { Names } from '../catalog/types';
import type { Action, Reason, Status } from '../proposal/types';

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
export type NotificationEvent = StatusChangedEvent | JobEvent;

/** Every kind of event the senders handle: the queues' filter policies let exactly these through. */
export const NOTIFICATION_KINDS = ['status-changed', 'sla-reminder', 'returned-reminder', 'digest', 'window-reminder', 'retirement-reminder'] as const satisfies readonly NotificationEvent['kind'][];

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
  /** For status changes: the history event's sequence number. */
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

/** What a template needs to say about a status change, in one language. */
/** Who a status change is told to: the employee whose proposal it is, or the operator who filed it for them. */
export type Audience = 'applicant' | 'filer';

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
  missingItems?: string[];
  /**
   * Where the recipient follows the proposal: the signed public tracking link for the applicant
   * (no PIN in it, none needed), the proposal in the front end for the operator who filed it.
   */
  trackUrl: string;
  /** Where the recipient changes channels and language, and turns SMS off (the front end). */
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
}
