import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { JOB_NAMES, type JobEventInput, type JobSummary } from '../../functions/jobs/app';
import { JOB_SCHEDULES, cronExpression, type JobSchedule } from '../../infra/job-schedules';
import { JobRuns } from '../../infra/local/jobs';
import { LocalScheduler, localTime, nextFireTimes } from '../../infra/local/scheduler';

const schedule = (name: string): JobSchedule => JOB_SCHEDULES.find((s) => s.name === name)!;
const reminders = schedule('reminders');
const [digestWib, digestWita, digestWit] = [schedule('digest-wib'), schedule('digest-wita'), schedule('digest-wit')];
const windows = schedule('windows');
const retirement = schedule('retirement');

// 2026-03-16 is a Monday; 2026-03-20 a Friday.
describe('the schedules, written once for the cloud and the local stack', () => {
  it('run every job, the digest once in each zone with that zone as its input', () => {
    expect(new Set(JOB_SCHEDULES.map((s) => s.job))).toEqual(new Set(JOB_NAMES));
    expect(JOB_SCHEDULES.filter((s) => s.job === 'digest').map((s) => [s.zone, s.input.zone])).toEqual([
      ['Asia/Jakarta', 'Asia/Jakarta'],
      ['Asia/Makassar', 'Asia/Makassar'],
      ['Asia/Jayapura', 'Asia/Jayapura'],
    ]);
    expect(new Set(JOB_SCHEDULES.map((s) => s.name)).size).toBe(JOB_SCHEDULES.length);
  });

  it('read as EventBridge cron expressions', () => {
    expect(cronExpression(reminders)).toBe('cron(0,30 * * * ? *)');
    expect(cronExpression(digestWita)).toBe('cron(30 7 ? * MON-FRI *)');
    expect(cronExpression(windows)).toBe('cron(0 8 * * ? *)');
    expect(cronExpression(retirement)).toBe('cron(15 8 * * ? *)');
    expect(cronExpression({ ...windows, days: ['SAT', 'MON', 'SUN', 'WED'] })).toBe('cron(0 8 ? * SUN,MON,WED,SAT *)');
  });
});

describe('nextFireTimes', () => {
  it('fires reminders on the hour and the half hour, strictly after the instant given', () => {
    expect(nextFireTimes(reminders, '2026-03-16T09:00:00+07:00', 3)).toEqual(['2026-03-16T02:30:00.000Z', '2026-03-16T03:00:00.000Z', '2026-03-16T03:30:00.000Z']);
    expect(nextFireTimes(reminders, '2026-03-16T02:29:59.999Z')).toEqual(['2026-03-16T02:30:00.000Z']);
    expect(nextFireTimes(reminders, '2026-03-16T02:30:00Z')).toEqual(['2026-03-16T03:00:00.000Z']);
    expect(nextFireTimes(reminders, '2026-03-16T02:10:00Z')).toEqual(['2026-03-16T02:30:00.000Z']);
  });

  it('fires reminders through the night and across midnight, UTC and local alike', () => {
    // 06:45 WIB on the 17th is still the 16th in UTC.
    expect(nextFireTimes(reminders, '2026-03-16T23:45:00Z', 2)).toEqual(['2026-03-17T00:00:00.000Z', '2026-03-17T00:30:00.000Z']);
    // Local midnight (17:00 UTC) is one firing like any other.
    expect(nextFireTimes(reminders, '2026-03-16T16:45:00Z', 2)).toEqual(['2026-03-16T17:00:00.000Z', '2026-03-16T17:30:00.000Z']);
  });

  it('fires the digest at 07:30 local in each zone: WIT first, then WITA, then WIB', () => {
    const after = '2026-03-16T12:00:00Z';
    expect(nextFireTimes(digestWit, after)).toEqual(['2026-03-16T22:30:00.000Z']);
    expect(nextFireTimes(digestWita, after)).toEqual(['2026-03-16T23:30:00.000Z']);
    expect(nextFireTimes(digestWib, after)).toEqual(['2026-03-17T00:30:00.000Z']);
    expect(localTime('2026-03-16T22:30:00.000Z', 'Asia/Jayapura')).toBe('2026-03-17 07:30 WIT');
  });

  it('skips the weekend by the local day, not the UTC one', () => {
    // Monday 07:30 WIT is Sunday 22:30 UTC: it fires then, and not on Friday or Saturday evening UTC.
    expect(nextFireTimes(digestWit, '2026-03-19T22:30:00Z', 2)).toEqual(['2026-03-22T22:30:00.000Z', '2026-03-23T22:30:00.000Z']);
    expect(nextFireTimes(digestWib, '2026-03-20T00:30:00Z')).toEqual(['2026-03-23T00:30:00.000Z']);
    expect(nextFireTimes(digestWita, '2026-03-20T12:00:00Z', 5)).toEqual([
      '2026-03-22T23:30:00.000Z',
      '2026-03-23T23:30:00.000Z',
      '2026-03-24T23:30:00.000Z',
      '2026-03-25T23:30:00.000Z',
      '2026-03-26T23:30:00.000Z',
    ]);
  });

  it('fires the daily jobs every day, weekends included, at 08:00 and 08:15 WIB', () => {
    expect(nextFireTimes(windows, '2026-03-20T01:00:00Z', 3)).toEqual(['2026-03-21T01:00:00.000Z', '2026-03-22T01:00:00.000Z', '2026-03-23T01:00:00.000Z']);
    expect(nextFireTimes(retirement, '2026-03-20T01:00:00Z')).toEqual(['2026-03-20T01:15:00.000Z']);
  });

  it('crosses the year in local time', () => {
    expect(nextFireTimes(reminders, '2026-12-31T16:59:00Z')).toEqual(['2026-12-31T17:00:00.000Z']);
    expect(localTime('2026-12-31T17:00:00.000Z', 'Asia/Jakarta')).toBe('2027-01-01 00:00 WIB');
    expect(nextFireTimes(windows, '2026-12-31T01:00:00Z')).toEqual(['2027-01-01T01:00:00.000Z']);
    // 2027-01-01 is a Friday: the next digest after it is Monday the 4th.
    expect(nextFireTimes(digestWib, '2027-01-01T00:30:00Z')).toEqual(['2027-01-04T00:30:00.000Z']);
  });

  it('reads the instant given in any offset', () => {
    expect(nextFireTimes(digestWita, '2026-03-17T07:29:00+08:00')).toEqual(nextFireTimes(digestWita, '2026-03-16T23:29:00Z'));
    expect(nextFireTimes(digestWita, '2026-03-17T08:29:00+09:00')).toEqual(['2026-03-16T23:30:00.000Z']);
  });

  it('refuses an instant without an offset, a count below one and a schedule that can never fire', () => {
    expect(() => nextFireTimes(reminders, '2026-03-16T09:00:00')).toThrow(RangeError);
    expect(() => nextFireTimes(reminders, '2026-03-16T02:00:00Z', 0)).toThrow(/count/);
    expect(() => nextFireTimes({ ...reminders, minutes: [60] }, '2026-03-16T02:00:00Z')).toThrow(/minutes/);
    expect(() => nextFireTimes({ ...reminders, minutes: [] }, '2026-03-16T02:00:00Z')).toThrow(/minutes/);
    expect(() => nextFireTimes({ ...windows, hours: [24] }, '2026-03-16T02:00:00Z')).toThrow(/hours/);
    expect(() => nextFireTimes({ ...digestWib, days: [] }, '2026-03-16T02:00:00Z')).toThrow(/days/);
  });

  const instants = fc.integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2040-01-01T00:00:00Z') }).map((ms) => new Date(ms).toISOString());
  const schedules = fc.constantFrom(...JOB_SCHEDULES);

  it('always lands on a whole minute the schedule names, in its zone, on a day it names', () => {
    fc.assert(
      fc.property(schedules, instants, (s, after) => {
        const [next] = nextFireTimes(s, after) as [string];
        const local = localTime(next, s.zone);
        const [hour, minute] = local.slice(11, 16).split(':').map(Number) as [number, number];
        expect(Date.parse(next)).toBeGreaterThan(Date.parse(after));
        expect(Date.parse(next) % 60_000).toBe(0);
        expect(s.minutes).toContain(minute);
        if (s.hours) expect(s.hours).toContain(hour);
        if (s.days) expect(s.days).toContain(['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'][new Date(`${local.slice(0, 10)}T00:00:00Z`).getUTCDay()]);
      }),
    );
  });

  it('misses no firing: the second after an instant is the first after the first', () => {
    fc.assert(
      fc.property(schedules, instants, (s, after) => {
        const [first, second] = nextFireTimes(s, after, 2) as [string, string];
        expect(nextFireTimes(s, first)).toEqual([second]);
        // Nor one between the instant and the first: a minute earlier still gives the same first.
        expect(nextFireTimes(s, new Date(Date.parse(first) - 60_000).toISOString())).toEqual([first]);
      }),
    );
  });
});

describe('the local scheduler', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const summary = (event: JobEventInput): JobSummary => ({ job: event.job, now: event.now ?? '', read: 0, consumedReadCapacity: 0, published: 0, reminded: 0, escalated: 0, skipped: 0 });

  function setUp(runner: (event: JobEventInput) => Promise<JobSummary>, { schedules = [reminders], offsetMs = 0 } = {}) {
    const calls: JobEventInput[] = [];
    // The local clock: the (fake) real time plus PANTAU_NOW's offset.
    const now = () => new Date(Date.now() + offsetMs);
    const runs = new JobRuns({
      runner: (event) => {
        calls.push(event);
        return runner(event);
      },
      now,
      log: null,
    });
    const scheduler = new LocalScheduler({ runs, now, schedules, log: null });
    return { calls, runs, scheduler };
  }

  it('hands each firing to the runner with the fire instant as its now, and the digest its zone', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-03-16T22:29:00Z') });
    const { calls, scheduler } = setUp(async (event) => summary(event), { schedules: [reminders, digestWit] });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(59_999);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toEqual(expect.arrayContaining([
      { job: 'reminders', now: '2026-03-16T22:30:00.000Z' },
      { job: 'digest', zone: 'Asia/Jayapura', now: '2026-03-16T22:30:00.000Z' },
    ]));
    await vi.advanceTimersByTimeAsync(30 * 60_000);
    expect(calls.at(-1)).toEqual({ job: 'reminders', now: '2026-03-16T23:00:00.000Z' });
    expect(calls).toHaveLength(3);
    scheduler.stop();
  });

  it('runs on the local clock: with PANTAU_NOW at 09:29:50 WIB, reminders fire ten seconds later', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-11-25T03:00:00Z') });
    const offsetMs = Date.parse('2026-03-16T02:29:50Z') - Date.now();
    const { calls, scheduler } = setUp(async (event) => summary(event), { offsetMs });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toEqual([{ job: 'reminders', now: '2026-03-16T02:30:00.000Z' }]);
    expect(scheduler.status()[0]).toMatchObject({ name: 'reminders', next: '2026-03-16T03:00:00.000Z', nextLocal: '2026-03-16 10:00 WIB', lastFired: { at: '2026-03-16T02:30:00.000Z', outcome: 'started' } });
    scheduler.stop();
  });

  it('skips a firing while the previous run of that job is still going', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-03-16T02:29:00Z') });
    let release!: () => void;
    const { calls, scheduler, runs } = setUp((event) => new Promise((resolve) => (release = () => resolve(summary(event)))));
    scheduler.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(30 * 60_000);
    expect(calls).toHaveLength(1);
    expect(scheduler.status()[0]!.lastFired).toEqual({ at: '2026-03-16T03:00:00.000Z', outcome: 'skipped', reason: 'the previous run of reminders is still going' });
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(runs.busy('reminders')).toBe(false);
    await vi.advanceTimersByTimeAsync(30 * 60_000);
    expect(calls.map((c) => c.now)).toEqual(['2026-03-16T02:30:00.000Z', '2026-03-16T03:30:00.000Z']);
    release();
    scheduler.stop();
  });

  it('retries a failed run three times with backoff, as of the same instant, then gives up until the next firing', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-03-16T02:29:00Z') });
    const { calls, scheduler, runs } = setUp(async () => {
      throw new Error('DynamoDB Local went away');
    });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(calls).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(4_000);
    expect(calls).toHaveLength(4);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(4);
    expect(new Set(calls.map((c) => c.now))).toEqual(new Set(['2026-03-16T02:30:00.000Z']));
    expect(runs.last('reminders')).toMatchObject({ outcome: 'failed', attempts: 4, error: 'DynamoDB Local went away', trigger: 'schedule', schedule: 'reminders' });
    expect(runs.busy('reminders')).toBe(false);
    // The next firing is a fresh run with its own retries.
    await vi.advanceTimersByTimeAsync(30 * 60_000);
    expect(calls.slice(4).map((c) => c.now)).toEqual(Array(4).fill('2026-03-16T03:00:00.000Z'));
    scheduler.stop();
  });

  it('keeps the summary of a run that succeeds on a retry', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-03-16T02:29:00Z') });
    let failures = 1;
    const { scheduler, runs } = setUp(async (event) => {
      if (failures-- > 0) throw new Error('throttled');
      return summary(event);
    });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(61_000);
    expect(runs.last('reminders')).toMatchObject({ outcome: 'ok', attempts: 2, summary: { job: 'reminders', now: '2026-03-16T02:30:00.000Z' } });
    scheduler.stop();
  });

  it('stops cleanly: no firing after stop, and closing the runs cuts a retry short', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-03-16T02:29:00Z') });
    const { calls, scheduler, runs } = setUp(async () => {
      throw new Error('down');
    });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(1);
    scheduler.stop();
    await runs.close();
    expect(runs.busy('reminders')).toBe(false);
    expect(runs.last('reminders')).toMatchObject({ outcome: 'failed', attempts: 1 });
    await vi.advanceTimersByTimeAsync(24 * 3_600_000);
    expect(calls).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
    expect(runs.unavailable).toBe('the local stack is stopping');
  });
});
