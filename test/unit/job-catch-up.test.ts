import { describe, expect, it } from 'vitest';
import { localTimersEpoch } from '../../infra/local/clock';
import { daysBetween } from '../../shared/app/jobs';
import { dueRetirementReminder } from '../../shared/domain/sla/retirement';
import { EARLIEST_TIMERS_EPOCH, firstDayToRead, timersEpochSchema } from '../../shared/domain/sla/timers-epoch';

/** Where a run of the reminder and retirement jobs starts reading, and what it sends after a gap. */
describe('the first day a run reads', () => {
  it('is the mark’s day, read again whole: a timer indexed late is still on or after it', () => {
    expect(firstDayToRead('2026-04-30T01:00:00.000Z', '2026-03-17')).toBe('2026-04-30');
  });

  it('is the epoch on a first run, however long ago it was', () => {
    expect(firstDayToRead(undefined, '2026-03-17')).toBe('2026-03-17');
    expect(daysBetween(firstDayToRead(undefined, '2026-03-17'), '2026-04-30T01:00:00.000Z')).toHaveLength(45);
  });

  it('is every day since the mark after a gap: a year off is 365 days of 16 buckets', () => {
    expect(daysBetween(firstDayToRead('2026-01-05T08:00:00.000Z', '2026-01-01'), '2027-01-04T08:00:00.000Z')).toHaveLength(365);
  });

  it('never precedes the epoch: a mark from before it is not read from', () => {
    expect(firstDayToRead('2025-12-30T00:00:00.000Z', '2026-01-01')).toBe('2026-01-01');
  });

  it('reads nothing when the run is as of an instant before it', () => {
    expect(daysBetween(firstDayToRead(undefined, '2026-05-01'), '2026-04-30T01:00:00.000Z')).toEqual([]);
  });

  it('takes an epoch only as a calendar date', () => {
    expect(timersEpochSchema.parse('2026-03-17')).toBe('2026-03-17');
    for (const bad of ['2026-02-29', '2026-3-17', '2026-03-17T00:00:00Z', 'today']) expect(timersEpochSchema.safeParse(bad).success, bad).toBe(false);
  });
});

describe('the local stack’s timers epoch', () => {
  it('is the clock’s first day for a table made at this start: nothing in it is older', () => {
    expect(localTimersEpoch(new Date('2026-03-17T02:00:00Z'), true)).toBe('2026-03-17');
    expect(localTimersEpoch(new Date('2026-12-03T09:00:00Z'), true)).toBe('2026-12-03');
  });

  it('reaches back to the first day any stage can have for a kept table, whose timers an earlier PANTAU_NOW may have written', () => {
    expect(localTimersEpoch(new Date('2026-12-03T09:00:00Z'), false)).toBe(EARLIEST_TIMERS_EPOCH);
    // A clock started before that: its own day.
    expect(localTimersEpoch(new Date('2025-06-01T00:00:00Z'), false)).toBe('2025-06-01');
  });
});

describe('a retirement timer after a gap', () => {
  // BUP 1 October 2026: reminded 1 October 2025 (12 months) and 1 April 2026 (6 months), 08:00 WIB.
  it('sends the reminder due and waits for the next', () => {
    expect(dueRetirementReminder('2026-10-01', 12, '2025-10-01T01:15:00.000Z')).toEqual({ send: { monthsBefore: 12, on: '2025-10-01' }, next: { monthsBefore: 6, on: '2026-04-01' } });
  });

  it('sends nothing before 08:00 WIB on the day', () => {
    expect(dueRetirementReminder('2026-10-01', 12, '2025-10-01T00:59:59.999Z')).toEqual({ send: null, next: { monthsBefore: 12, on: '2025-10-01' } });
  });

  it('sends only the six-month one when both fell due in the gap, and is done', () => {
    expect(dueRetirementReminder('2026-10-01', 12, '2026-05-01T01:15:00.000Z')).toEqual({ send: { monthsBefore: 6, on: '2026-04-01' }, next: null });
    expect(dueRetirementReminder('2026-10-01', 6, '2026-05-01T01:15:00.000Z')).toEqual({ send: { monthsBefore: 6, on: '2026-04-01' }, next: null });
  });
});
