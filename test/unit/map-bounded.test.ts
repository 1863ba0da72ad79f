import { describe, expect, it } from 'vitest';
import { mapBounded } from '../../shared/adapters/dynamo/query-all';

describe('mapBounded, for the reminders job’s day buckets', () => {
  it('answers in the order of its items, whatever order they finish in', async () => {
    const delays = [30, 0, 20, 5, 10, 0, 25];
    const answers = await mapBounded(delays, 3, (ms) => new Promise<number>((resolve) => setTimeout(() => resolve(ms), ms)));
    expect(answers).toEqual(delays);
  });

  it('never has more than its limit in flight, and uses all of it', async () => {
    let inFlight = 0;
    let most = 0;
    await mapBounded(Array.from({ length: 40 }, (_, i) => i), 16, async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      inFlight--;
    });
    expect(most).toBe(16);
  });

  it('fails with the first failure, and starts nothing after it', async () => {
    const started: number[] = [];
    const run = mapBounded([1, 2, 3, 4, 5, 6], 2, async (n) => {
      started.push(n);
      await new Promise((resolve) => setTimeout(resolve, n === 2 ? 1 : 20));
      if (n === 2) throw new Error('throttled');
      return n;
    });
    await expect(run).rejects.toThrow('throttled');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(started).toEqual([1, 2]);
  });

  it('does nothing for no items', async () => {
    expect(await mapBounded([], 16, async () => { throw new Error('never called'); })).toEqual([]);
  });
});
