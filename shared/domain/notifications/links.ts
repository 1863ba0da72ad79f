import type { NotificationEvent, Recipient } from './types';

/**
 * The paths of the agencies' front end (webBaseUrl) that staff notices link to. This is the front
 * end's contract with Pantau, not routes of this repository's API: the front end serves each of
 * them, and a reader who is not signed in is asked to sign in first, then lands there. Change one
 * only together with the front end, which keeps the old path working while notices that carry it
 * are still in people's inboxes.
 */
export const FRONT_END_PATHS = {
  /** The reader's queue: what waits for them, by deadline. */
  inbox: '/inbox',
  /** One proposal, as its staff see it. */
  proposal: (proposalId: string) => `/proposals/${encodeURIComponent(proposalId)}`,
  /** Channels, language, and SMS on or off: employees' and staff's alike. */
  noticeSettings: '/settings/notifications',
} as const;

/** The front end's pages as absolute links under one stage's webBaseUrl. */
export interface FrontEndLinks {
  inbox: string;
  proposal: (proposalId: string) => string;
  noticeSettings: string;
}

export function frontEndLinks(webBaseUrl: string): FrontEndLinks {
  const base = webBaseUrl.replace(/\/+$/, '');
  return {
    inbox: base + FRONT_END_PATHS.inbox,
    proposal: (proposalId) => base + FRONT_END_PATHS.proposal(proposalId),
    noticeSettings: base + FRONT_END_PATHS.noticeSettings,
  };
}

/**
 * The proposal whose signed tracking link (the public page, no sign-in, no PIN) this recipient
 * gets, if any: the applicant's own proposal, in a status change, a quarantined document of theirs,
 * or a reminder that it waits for their fix. Staff (the operator who filed it, the handling officers, the admins) get the
 * proposal in the front end instead, where they act on it.
 */
export function trackedProposalOf(event: NotificationEvent, recipient: Recipient): string | undefined {
  // A quarantine also reaches the handler, who may be an employee by number (the direct supervisor):
  // only the employee who filed it for themselves is its applicant.
  if (event.kind === 'document-quarantined') {
    return recipient.kind === 'employee' && event.filedBy.role === 'PEGAWAI' && recipient.nip === event.nip ? event.proposalId : undefined;
  }
  if (event.kind !== 'status-changed' && event.kind !== 'returned-reminder') return undefined;
  // Employees hear of their own proposal; users (staff profiles) of the ones they filed or handle.
  return recipient.kind === 'employee' ? event.proposalId : undefined;
}

/** The links of one notice to one recipient, every one already absolute. */
export interface NoticeLinks {
  /** The signed public tracking link (status changes, quarantined documents and returned reminders, to the applicant). */
  trackUrl?: string;
  /** The proposal in the front end (to staff). */
  proposalUrl?: string;
  /** The reader's queue in the front end (digests, window and retirement reminders). */
  inboxUrl?: string;
  /** Notice settings in the front end: every notice has it. */
  preferencesUrl: string;
}

/**
 * Which links a notice carries to one recipient. `trackUrl` is the signed link for the proposal
 * trackedProposalOf named (the caller signs it: signing needs the stage's keys); without one, a
 * notice about a proposal links to it in the front end.
 */
export function noticeLinks(event: NotificationEvent, web: FrontEndLinks, trackUrl: string | undefined): NoticeLinks {
  const preferencesUrl = web.noticeSettings;
  switch (event.kind) {
    case 'status-changed':
    case 'document-quarantined':
    case 'returned-reminder':
    case 'sla-reminder':
      return trackUrl !== undefined ? { trackUrl, preferencesUrl } : { proposalUrl: web.proposal(event.proposalId), preferencesUrl };
    case 'digest':
    case 'window-reminder':
    case 'retirement-reminder':
      return { inboxUrl: web.inbox, preferencesUrl };
  }
}
