import { readFileSync } from 'node:fs';
import { frontEndLinks, noticeLinks, trackedProposalOf, type NoticeLinks } from '../../shared/domain/notifications/links';
import type { NotificationEvent, Recipient } from '../../shared/domain/notifications/types';
import { signTrackingToken, trackingPath, type KeyRing } from '../../shared/domain/tracking/link-token';

/** Where a stage's notices link: the API's public tracking page and the agencies' front end. */
export interface LinkBases {
  publicBaseUrl: string;
  webBaseUrl: string;
}

/** A stage's bases as cdk.json sets them. */
export function cdkJsonBases(stage: string): LinkBases {
  const cdk = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: { stages: Record<string, LinkBases> } };
  const { publicBaseUrl, webBaseUrl } = cdk.context.stages[stage]!;
  return { publicBaseUrl, webBaseUrl };
}

/** A fixed ring, so rendered notices (golden files) are the same on every run. */
export const FIXED_KEY_RING: KeyRing = { current: 'a', keys: { a: Buffer.alloc(32, 7).toString('base64') } };

/** The signed tracking link of a proposal, as the senders sign it. */
export const signedLink = (bases: LinkBases, proposalId: string, ring: KeyRing = FIXED_KEY_RING): string =>
  bases.publicBaseUrl + trackingPath(proposalId, signTrackingToken(ring, proposalId));

/** A notice's links to one recipient, chosen as the senders choose them (shared/app/notification-sender.ts). */
export function linksFor(event: NotificationEvent, recipient: Recipient, bases: LinkBases, ring: KeyRing = FIXED_KEY_RING): NoticeLinks {
  const tracked = trackedProposalOf(event, recipient);
  return noticeLinks(event, frontEndLinks(bases.webBaseUrl), tracked === undefined ? undefined : signedLink(bases, tracked, ring));
}
