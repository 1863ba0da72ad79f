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

export type ChainVerdict = { valid: true; events: number } | { valid: false; brokenAtSeq: number; why: 'hash' | 'link' | 'sequence' };

/** Recomputes the chain from the first event; says where it breaks, if it does. */
export function verifyChain(events: readonly HistoryEvent[]): ChainVerdict {
  let prevHash = GENESIS_HASH;
  for (const [index, event] of events.entries()) {
    if (event.seq !== index + 1) return { valid: false, brokenAtSeq: event.seq, why: 'sequence' };
    if (event.prevHash !== prevHash) return { valid: false, brokenAtSeq: event.seq, why: 'link' };
    if (hashEvent(event) !== event.hash) return { valid: false, brokenAtSeq: event.seq, why: 'hash' };
    prevHash = event.hash;
  }
  return { valid: true, events: events.length };
}
