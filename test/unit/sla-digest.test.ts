import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { digestOf, type QueueItem } from '../../shared/domain/sla/digest';

const item = (proposalId: string, since: string, dueAt: string, serviceType = 'KENAIKAN_PANGKAT'): QueueItem => ({ proposalId, serviceType, since, dueAt });

describe("a queue's daily digest", () => {
  const items = [
    item('USL-AAAA-AAAA-AAA2', '2026-03-16T02:00:00Z', '2026-03-26T16:59:59.999Z'),
    item('USL-AAAA-AAAA-AAA1', '2026-03-09T09:00:00+07:00', '2026-03-12T16:59:59.999Z', 'CUTI'),
    item('USL-AAAA-AAAA-AAA3', '2026-03-25T01:00:00Z', '2026-04-01T16:59:59.999Z'),
  ];

  it('counts what waits, what is past its deadline, and names the item waiting longest', () => {
    expect(digestOf(items, '2026-03-27T01:00:00Z')).toEqual({
      waiting: 3,
      overdue: 2,
      oldest: { proposalId: 'USL-AAAA-AAAA-AAA1', serviceType: 'CUTI', since: '2026-03-09T09:00:00+07:00', dueAt: '2026-03-12T16:59:59.999Z' },
    });
  });

  it('does not count an item overdue in the last millisecond of its deadline', () => {
    expect(digestOf(items, '2026-03-26T16:59:59.999Z').overdue).toBe(1);
    expect(digestOf(items, '2026-03-26T17:00:00.000Z').overdue).toBe(2);
  });

  it('of an empty queue says nothing waits and names no item', () => {
    expect(digestOf([], '2026-03-27T01:00:00Z')).toEqual({ waiting: 0, overdue: 0 });
  });

  it('compares instants, not their spelling: 09:00 WIB is before 03:00 UTC', () => {
    const wib = item('USL-B', '2026-03-16T09:00:00+07:00', '2026-03-20T16:59:59.999Z');
    const utc = item('USL-A', '2026-03-16T03:00:00Z', '2026-03-20T16:59:59.999Z');
    expect(digestOf([utc, wib], '2026-03-16T04:00:00Z').oldest?.proposalId).toBe('USL-B');
  });

  it('names the same oldest item whatever order the queue was read in', () => {
    const arrivals = fc.constantFrom('2026-03-16T02:00:00Z', '2026-03-17T02:00:00Z');
    const queue = fc.uniqueArray(
      fc.record({ proposalId: fc.stringMatching(/^USL-[A-Z]{4}$/), serviceType: fc.constant('CUTI'), since: arrivals, dueAt: fc.constantFrom('2026-03-20T16:59:59.999Z', '2026-03-19T16:59:59.999Z') }),
      { selector: (i) => i.proposalId, minLength: 1, maxLength: 20 },
    );
    fc.assert(
      fc.property(queue.chain((list) => fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length }))), ([list, shuffled]) => {
        expect(digestOf(shuffled, '2026-03-20T00:00:00Z')).toEqual(digestOf(list, '2026-03-20T00:00:00Z'));
      }),
    );
  });
});
