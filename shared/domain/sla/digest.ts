import { parseInstant } from '../calendar/zones';
import type { DigestEvent } from '../notifications/types';

/** One open item of a queue, as the digest job reads it from the queue's index. */
export interface QueueItem {
  proposalId: string;
  serviceType: string;
  /** When it reached this queue (its stage). */
  since: string;
  dueAt: string;
}

export type Digest = Pick<DigestEvent, 'waiting' | 'overdue' | 'oldest'>;

/**
 * A queue's day in three figures: how many wait, how many are past their deadline at `nowIso`,
 * and the one waiting longest (earliest `since`; ties go to the earlier deadline, then the
 * proposal number, so the same queue always names the same item).
 */
export function digestOf(items: readonly QueueItem[], nowIso: string): Digest {
  const now = parseInstant(nowIso);
  let overdue = 0;
  let oldest: { item: QueueItem; since: number; due: number } | undefined;
  for (const item of items) {
    const since = parseInstant(item.since);
    const due = parseInstant(item.dueAt);
    // dueAt is the deadline's last millisecond: an item is overdue only after it.
    if (due < now) overdue++;
    if (!oldest || since < oldest.since || (since === oldest.since && (due < oldest.due || (due === oldest.due && item.proposalId < oldest.item.proposalId)))) {
      oldest = { item, since, due };
    }
  }
  const digest: Digest = { waiting: items.length, overdue };
  if (oldest) {
    const { proposalId, serviceType, since, dueAt } = oldest.item;
    digest.oldest = { proposalId, serviceType, since, dueAt };
  }
  return digest;
}
