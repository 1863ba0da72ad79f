import { createHash } from 'node:crypto';
import type { HistoryEvent } from './types';

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with keys sorted at every level, so the same event always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** Each event's hash covers its content and the previous hash, so editing any event breaks the chain after it. */
export function hashEvent(event: Omit<HistoryEvent, 'hash'>): string {
  const { hash: _ignored, ...content } = event as HistoryEvent;
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

export function sealEvent(event: Omit<HistoryEvent, 'hash'>): HistoryEvent {
  return { ...event, hash: hashEvent(event) };
}

/** How a chain can break, in the order verifyChain looks for it. */
export const CHAIN_BREAKS = ['sequence', 'gap', 'link', 'hash', 'head'] as const;
export type ChainBreakKind = (typeof CHAIN_BREAKS)[number];

/** Where the chain first breaks, and what was found there. */
export type ChainBreak =
  /** An event stands where another seq was due: a duplicate, an event out of order, or a seq that is not a whole number. */
  | { why: 'sequence'; brokenAtSeq: number; foundSeq: unknown }
  /** Events brokenAtSeq..nextSeq-1 are missing (deleted). */
  | { why: 'gap'; brokenAtSeq: number; nextSeq: number }
  /** The event does not point at the hash of the one before it (genesis for the first). */
  | { why: 'link'; brokenAtSeq: number; prevHash: unknown; expectedPrevHash: string }
  /** The event's content no longer hashes to its stored hash: it was edited. */
  | { why: 'hash'; brokenAtSeq: number; storedHash: unknown; computedHash: string }
  /**
   * The proposal's head (lastSeq, lastHash) does not name the chain's last event: events cut off
   * the end, appended without the proposal, or the head itself edited. brokenAtSeq is the first
   * seq on which they disagree.
   */
  | { why: 'head'; brokenAtSeq: number; head: ChainHead; chainEnd: ChainHead };

export type ChainVerdict = { valid: true; events: number } | ({ valid: false } & ChainBreak);

/** What the proposal item says about the newest event of its history. */
export interface ChainHead {
  lastSeq: number;
  lastHash: string;
}

/**
 * Recomputes the chain from the first event, in the order given (storage order: by seq), and says
 * where it first breaks. With the proposal's head, a chain cut short or grown behind the
 * proposal's back breaks too; without it, only the events are checked against each other.
 * Stored items are untrusted here: any field may be missing, of another type, or added.
 */
export function verifyChain(events: readonly HistoryEvent[], head?: ChainHead): ChainVerdict {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  for (const event of events) {
    const seq: unknown = event.seq;
    if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < expectedSeq) {
      return { valid: false, why: 'sequence', brokenAtSeq: expectedSeq, foundSeq: seq };
    }
    if (seq > expectedSeq) return { valid: false, why: 'gap', brokenAtSeq: expectedSeq, nextSeq: seq };
    if (event.prevHash !== prevHash) return { valid: false, why: 'link', brokenAtSeq: seq, prevHash: event.prevHash, expectedPrevHash: prevHash };
    const computedHash = hashEvent(event);
    if (computedHash !== event.hash) return { valid: false, why: 'hash', brokenAtSeq: seq, storedHash: event.hash, computedHash };
    prevHash = computedHash;
    expectedSeq += 1;
  }
  const chainEnd: ChainHead = { lastSeq: expectedSeq - 1, lastHash: prevHash };
  if (head && (head.lastSeq !== chainEnd.lastSeq || head.lastHash !== chainEnd.lastHash)) {
    // Same length (or a head that names no seq): the last event is where they part. Otherwise the
    // first seq only one side has.
    const sameLength = head.lastSeq === chainEnd.lastSeq || !Number.isSafeInteger(head.lastSeq);
    const brokenAtSeq = sameLength ? chainEnd.lastSeq : Math.min(head.lastSeq, chainEnd.lastSeq) + 1;
    return { valid: false, why: 'head', brokenAtSeq: Math.max(brokenAtSeq, 1), head: { lastSeq: head.lastSeq, lastHash: head.lastHash }, chainEnd };
  }
  return { valid: true, events: events.length };
}
