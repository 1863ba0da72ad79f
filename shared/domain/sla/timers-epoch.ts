import * as z from 'zod';

/**
 * A stage's timers epoch: the first UTC day any timer can fall due in it, its launch. The jobs that
 * chase timers (reminders, retirement) read the day buckets from their last run's mark to now; a
 * run with no mark (the first, or one whose mark was lost) reads from the epoch instead. Too early
 * costs that one run 16 Queries a day more; too late would skip timers, so when in doubt, earlier.
 */
export const timersEpochSchema = z.iso.date({ message: 'must be a date like 2026-01-05' });

/** No stage ran before 2026, the first year whose holiday calendar Pantau ships: the earliest sensible epoch, and the default. */
export const EARLIEST_TIMERS_EPOCH = '2026-01-01';

/**
 * The first UTC day whose buckets a run reads: its mark's day (a mark is the `now` of the last run
 * that finished, so that day's buckets are read again, whole), or the epoch when there is no mark
 * or the mark lies before it.
 */
export function firstDayToRead(mark: string | undefined, epoch: string): string {
  const markDay = mark?.slice(0, 10);
  return markDay !== undefined && markDay > epoch ? markDay : epoch;
}
