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
  nip: string;
  agencyId: string;
  filedBy: { userId: string; role: 'PEGAWAI' | 'OPERATOR' };
  /** Urgent messages go out at any hour; others wait for 07:00–21:00 in the recipient's zone. */
  urgent: boolean;
}

/** Everything the pipeline carries; reminders (issue 4) join this union. */
export type NotificationEvent = StatusChangedEvent;

export type Recipient = { kind: 'employee'; nip: string } | { kind: 'user'; userId: string };

export const recipientKey = (recipient: Recipient): string =>
  recipient.kind === 'employee' ? `EMP#${recipient.nip}` : `USER#${recipient.userId}`;

/**
 * SENDING: claimed by a sender (with a lease); SENT: the provider took it (messageId);
 * DEFERRED: held for quiet hours until `deferredUntil`; FAILED: permanently refused (reason);
 * SUPPRESSED: not sent because of an opt-out, a bounce or a complaint (reason).
 */
export type DeliveryState = 'SENDING' | 'SENT' | 'DEFERRED' | 'FAILED' | 'SUPPRESSED';

export interface Delivery {
  proposalId: string;
  eventId: string;
  eventSeq: number;
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
export interface StatusChangeMessage {
  lang: 'id' | 'en';
  recipientName: string;
  proposalId: string;
  service: Names;
  action: Action;
  status: Status;
  statusLabel: Names;
  stage: Names | null;
  reason?: { code: string; label?: Names; text?: string };
  missingItems?: string[];
  /** The public tracking link (the PIN is not in it). */
  trackUrl: string;
  /** Where the recipient changes channels and language, and turns SMS off. */
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
