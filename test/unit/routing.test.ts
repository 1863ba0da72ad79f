import { describe, expect, it } from 'vitest';
import { matchesFilterPolicy, matchesPattern, QUEUE_FILTER_POLICIES, STREAM_FILTER_PATTERNS } from '../../shared/adapters/notifications/routing';

const insertOf = (image: Record<string, unknown>, eventName = 'INSERT') => ({ eventName, dynamodb: { NewImage: image } });

describe('the stream filter wakes the on-change handler only for notifying history events', () => {
  const pattern = STREAM_FILTER_PATTERNS[0];
  it('a new submit event passes', () => {
    expect(matchesPattern(pattern, insertOf({ entity: { S: 'EVENT' }, type: { S: 'submit' } }))).toBe(true);
  });
  it('a draft being created or edited does not', () => {
    expect(matchesPattern(pattern, insertOf({ entity: { S: 'EVENT' }, type: { S: 'create' } }))).toBe(false);
    expect(matchesPattern(pattern, insertOf({ entity: { S: 'EVENT' }, type: { S: 'update' } }))).toBe(false);
  });
  it('the proposal item, deliveries and modifications do not', () => {
    expect(matchesPattern(pattern, insertOf({ entity: { S: 'PROPOSAL' }, type: { S: 'submit' } }))).toBe(false);
    expect(matchesPattern(pattern, insertOf({ entity: { S: 'EVENT' }, type: { S: 'submit' } }, 'MODIFY'))).toBe(false);
    expect(matchesPattern(pattern, { eventName: 'REMOVE', dynamodb: {} })).toBe(false);
  });
});

describe('the queue filter policies route each event to its channels', () => {
  it('an event for both channels reaches both queues', () => {
    const attributes = { kind: 'status-changed', channels: ['email', 'sms'], urgent: 'false' };
    expect(matchesFilterPolicy(QUEUE_FILTER_POLICIES.email, attributes)).toBe(true);
    expect(matchesFilterPolicy(QUEUE_FILTER_POLICIES.sms, attributes)).toBe(true);
  });
  it('an email-only event does not reach the SMS queue', () => {
    const attributes = { kind: 'status-changed', channels: ['email'], urgent: 'false' };
    expect(matchesFilterPolicy(QUEUE_FILTER_POLICIES.sms, attributes)).toBe(false);
  });
  it('prefix, exists and anything-but behave as AWS documents them', () => {
    expect(matchesPattern({ a: [{ prefix: 'PRO' }] }, { a: 'PROPOSAL#1' })).toBe(true);
    expect(matchesPattern({ a: [{ exists: false }] }, {})).toBe(true);
    expect(matchesPattern({ a: [{ exists: true }] }, {})).toBe(false);
    expect(matchesPattern({ a: [{ 'anything-but': ['x'] }] }, { a: 'y' })).toBe(true);
    expect(matchesPattern({ a: [{ 'anything-but': ['x'] }] }, { a: 'x' })).toBe(false);
  });
});
