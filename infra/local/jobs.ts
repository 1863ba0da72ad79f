import type { JobEventInput, JobName, JobSummary } from '../../functions/jobs/app';
import type { TimeZone } from '../../shared/domain/actors';
import { parseInstant as parseZonedInstant } from '../../shared/domain/calendar/zones';
import { parseInstant as parseCalendarInstant } from './clock';

/**
 * Runs of the scheduled jobs on one machine, whoever asks for them (the local scheduler, or
 * POST /_local/jobs/{job}): one run of a job at a time, the last outcome of each job kept for
 * GET /_local/jobs, and a one-line log of each run.
 */

/** The job runner's event; the digest also takes the zone whose queues it summarises. */
export type JobInput = JobEventInput & { zone?: TimeZone };
/** functions/jobs/app.ts createJobRunner's result. */
export type JobRunner = (event: JobEventInput) => Promise<JobSummary>;

/** No run can start: the runner could not be built (yet), or the stack is stopping. */
export class JobRunnerUnavailable extends Error {
  constructor(readonly reason: string) {
    super(`job runner not available: ${reason}`);
    this.name = 'JobRunnerUnavailable';
  }
}

export interface JobRunRecord {
  job: JobName;
  input: JobInput;
  trigger: 'schedule' | 'request';
  /** The schedule that fired, for a scheduled run. */
  schedule?: string;
  /** On the local clock. */
  startedAt: string;
  durationMs: number;
  attempts: number;
  outcome: 'ok' | 'failed';
  summary?: JobSummary;
  error?: string;
}

export interface RunOptions {
  trigger: 'schedule' | 'request';
  schedule?: string;
  /** Waits before each retry of a failed attempt: [1000, 2000] means up to 2 retries. None by default. */
  retryDelaysMs?: readonly number[];
}

export interface JobRunsOptions {
  /** The runner, or why there is none (its factory threw). */
  runner: JobRunner | { unavailable: string };
  /** The local clock, for the records' timestamps. */
  now?: () => Date;
  /** Where each run's line goes; `null` for silence. */
  log?: ((line: string) => void) | null;
}

/** Builds the runner the way its Lambda entry does; a factory that throws leaves the reason instead. */
export function buildJobRunner(factory: () => JobRunner): JobRunner | { unavailable: string } {
  try {
    return factory();
  } catch (error) {
    return { unavailable: error instanceof Error ? error.message : String(error) };
  }
}

export class JobRuns {
  private readonly runner: JobRunner | undefined;
  private readonly missing: string | undefined;
  private readonly now: () => Date;
  private readonly log: ((line: string) => void) | null;
  /** Per job: the end of the last run queued, which the next one waits for. */
  private readonly tails = new Map<JobName, Promise<void>>();
  /** Per job: runs going or waiting their turn. */
  private readonly pending = new Map<JobName, number>();
  private readonly lastRuns = new Map<JobName, JobRunRecord>();
  private readonly inHand = new Set<Promise<unknown>>();
  /** Cuts a retry's wait short when the stack stops. */
  private readonly waits = new Set<() => void>();
  private closing: string | undefined;

  constructor(options: JobRunsOptions) {
    if (typeof options.runner === 'function') this.runner = options.runner;
    else this.missing = options.runner.unavailable;
    this.now = options.now ?? (() => new Date());
    this.log = options.log === undefined ? (line) => console.log(line) : options.log;
  }

  /** Why no run can start now, or undefined when one can. */
  get unavailable(): string | undefined {
    return this.closing ?? this.missing;
  }

  /** Whether a run of `job` is going or waiting. */
  busy(job: JobName): boolean {
    return (this.pending.get(job) ?? 0) > 0;
  }

  last(job: JobName): JobRunRecord | undefined {
    return this.lastRuns.get(job);
  }

  /**
   * Runs the job once the run of it in hand (if any) has finished, retrying as asked; resolves
   * with its summary, or rejects with the last attempt's error (JobRunnerUnavailable when none
   * could start).
   */
  run(input: JobInput, options: RunOptions): Promise<JobSummary> {
    const runner = this.runner;
    const reason = this.unavailable;
    if (!runner || reason !== undefined) return Promise.reject(new JobRunnerUnavailable(reason ?? 'not built'));
    const { job } = input;
    this.pending.set(job, (this.pending.get(job) ?? 0) + 1);
    const previous = this.tails.get(job) ?? Promise.resolve();
    const run = previous.then(() => this.attempt(runner, input, options));
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(job, settled);
    this.inHand.add(settled);
    void settled.then(() => {
      this.inHand.delete(settled);
      const left = (this.pending.get(job) ?? 1) - 1;
      if (left > 0) this.pending.set(job, left);
      else this.pending.delete(job);
      if (this.tails.get(job) === settled) this.tails.delete(job);
    });
    return run;
  }

  /** Refuses new runs, stops retrying, and waits for the attempts in hand. */
  async close(reason = 'the local stack is stopping'): Promise<void> {
    this.closing = reason;
    for (const wake of [...this.waits]) wake();
    await Promise.all([...this.inHand]);
  }

  private async attempt(runner: JobRunner, input: JobInput, options: RunOptions): Promise<JobSummary> {
    // A run that waited its turn while the stack began to stop does not start.
    if (this.closing !== undefined) throw new JobRunnerUnavailable(this.closing);
    const startedAt = this.now().toISOString();
    const started = Date.now();
    const delays = options.retryDelaysMs ?? [];
    const label = `job ${input.job}${input.zone ? ` (${input.zone})` : ''} as of ${input.now ?? startedAt}${options.schedule ? ` [schedule ${options.schedule}]` : ' [request]'}`;
    const record = (fields: Pick<JobRunRecord, 'attempts' | 'outcome' | 'summary' | 'error'>) =>
      this.lastRuns.set(input.job, {
        job: input.job,
        input,
        trigger: options.trigger,
        ...(options.schedule ? { schedule: options.schedule } : {}),
        startedAt,
        durationMs: Date.now() - started,
        ...definedOnly(fields),
      });

    for (let attempt = 1; ; attempt++) {
      try {
        // A runner that throws before returning its promise is a failed attempt too.
        const summary = await Promise.resolve().then(() => runner(input));
        record({ attempts: attempt, outcome: 'ok', summary });
        this.say(`${label}: ${describeSummary(summary)}; ${Date.now() - started} ms`);
        return summary;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const delay = delays[attempt - 1];
        if (delay !== undefined && this.closing === undefined) {
          this.say(`${label}: attempt ${attempt} failed (${message}); retrying in ${delay} ms`);
          await this.wait(delay);
        }
        // No retry left, or the stack began to stop while this one waited.
        if (delay === undefined || this.closing !== undefined) {
          record({ attempts: attempt, outcome: 'failed', error: message });
          this.say(`${label}: failed${attempt > 1 ? ` after ${attempt} attempts` : ''}: ${message}`);
          throw error;
        }
      }
    }
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.waits.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.waits.add(wake);
    });
  }

  private say(line: string): void {
    this.log?.(line);
  }
}

/** "read 12, published 3, reminded 3, escalated 0, skipped 0", and any other counts the job gives. */
export function describeSummary(summary: JobSummary): string {
  const counts = Object.entries(summary).filter(([key, value]) => typeof value === 'number' && key !== 'consumedReadCapacity');
  return counts.length ? counts.map(([key, value]) => `${key} ${String(value)}`).join(', ') : 'done';
}

/**
 * The instant a job runs as of: ISO-8601 with a time and an explicit offset or Z, and a real
 * date (the clock's check refuses 2026-02-30, which Date would roll into March). Undefined when
 * it is not one.
 */
export function parseJobInstant(text: string): Date | undefined {
  try {
    parseZonedInstant(text);
    return parseCalendarInstant(text);
  } catch {
    return undefined;
  }
}

function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
