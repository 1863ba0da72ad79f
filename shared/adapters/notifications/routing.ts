import { NOTIFICATION_KINDS, NOTIFIED_ACTIONS, NOTIFIED_DOCUMENT_EVENTS, type Channel, type NotificationEvent } from '../../domain/notifications/types';

/**
 * The routing of the notification pipeline, written once: the CDK stack turns these into the
 * event-source filter and the subscription filter policies, and the local stack evaluates the
 * very same objects with the matchers below.
 */

/**
 * Lambda event-source filter: wake the on-change handler only for new history events that notify,
 * the status changes and the documents quarantined.
 */
export const STREAM_FILTER_PATTERNS = [
  {
    eventName: ['INSERT'],
    dynamodb: { NewImage: { entity: { S: ['EVENT'] }, type: { S: [...NOTIFIED_ACTIONS, ...NOTIFIED_DOCUMENT_EVENTS] } } },
  },
] as const;

/** SNS message attributes every published event carries. */
export interface EventAttributes {
  kind: string;
  channels: Channel[];
  urgent: 'true' | 'false';
}

export function eventAttributes(event: NotificationEvent): EventAttributes {
  return { kind: event.kind, channels: ['email', 'sms'], urgent: event.urgent ? 'true' : 'false' };
}

/** Subscription filter policies (on message attributes): one queue per channel. */
export const QUEUE_FILTER_POLICIES: Record<Channel, Record<string, string[]>> = {
  email: { kind: [...NOTIFICATION_KINDS], channels: ['email'] },
  sms: { kind: [...NOTIFICATION_KINDS], channels: ['sms'] },
};

// ---- matching, for the local stack (AWS evaluates these in the cloud) ---------------------------

type Scalar = string | number | boolean | null;
type Condition = Scalar | { prefix: string } | { exists: boolean } | { 'anything-but': Scalar[] };

function conditionMatches(condition: Condition, value: unknown, present: boolean): boolean {
  if (condition !== null && typeof condition === 'object') {
    if ('exists' in condition) return condition.exists === present;
    if (!present) return false;
    if ('prefix' in condition) return typeof value === 'string' && value.startsWith(condition.prefix);
    if ('anything-but' in condition) return !condition['anything-but'].includes(value as Scalar);
  }
  return present && value === condition;
}

/**
 * Lambda/EventBridge filter pattern semantics (the subset Pantau uses): every key of the pattern
 * must match; a leaf is a list of alternatives; an array value matches if any element does.
 */
export function matchesPattern(pattern: unknown, value: unknown): boolean {
  if (Array.isArray(pattern)) {
    const values = Array.isArray(value) ? value : [value];
    const present = value !== undefined;
    return (pattern as Condition[]).some((condition) => (present ? values.some((v) => conditionMatches(condition, v, true)) : conditionMatches(condition, undefined, false)));
  }
  if (pattern !== null && typeof pattern === 'object') {
    if (value === null || typeof value !== 'object') {
      // A nested pattern against a missing value: only `exists: false` leaves could match.
      return Object.values(pattern as Record<string, unknown>).every((sub) => matchesPattern(sub, undefined));
    }
    return Object.entries(pattern as Record<string, unknown>).every(([key, sub]) => matchesPattern(sub, (value as Record<string, unknown>)[key]));
  }
  return false;
}

/** SNS filter policy on message attributes: every key must match one of its alternatives. */
export function matchesFilterPolicy(policy: Record<string, unknown>, attributes: Record<string, unknown>): boolean {
  return matchesPattern(policy, attributes);
}
