import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_NAMES } from '../../functions/jobs/app';
import { checkedFetch } from '../support/contract';
import { startLocalStack, type LocalStack } from '../support/local-stack';

/**
 * The scheduled jobs on `npm start`: the schedules listed with their next firings on the local
 * clock, and a job run by hand as of an instant. The timers are off (LOCAL_SCHEDULER=off), so
 * nothing fires on its own while the test reads.
 */
let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ PANTAU_NOW: '2026-03-16T09:00:00+07:00', LOCAL_SCHEDULER: 'off' });
});
afterAll(() => stack?.stop());

/** Through the contract checker like every e2e call; /_local/ is not in the document, so it passes unchecked. */
async function call(method: string, url: string) {
  const { status, type, body } = await checkedFetch(url, { method });
  return { status, type, body };
}

describe('scheduled jobs on the local stack', () => {
  it('prints one line for the jobs, with their address and the scheduler off', () => {
    const line = stack.output().split('\n').find((l) => l.trimStart().startsWith('Jobs'));
    expect(line).toContain(stack.jobs);
    // Either the runner is there and the timers are off, or it is not built yet and says so.
    expect(line).toMatch(/scheduler off \(LOCAL_SCHEDULER=off\)|job runner not available yet/);
  });

  it('lists the four jobs, their schedules and next firings on the local clock', async () => {
    const { status, body } = await call('GET', stack.jobs);
    expect(status).toBe(200);
    expect(Object.keys(body.jobs)).toEqual([...JOB_NAMES]);
    expect(body.scheduler).toBe('not running: LOCAL_SCHEDULER=off');
    // The clock started at 09:00 WIB and runs on; the test takes well under half an hour.
    expect(body.jobs.reminders.schedules).toEqual([expect.objectContaining({ expression: 'cron(0,30 * * * ? *)', next: '2026-03-16T02:30:00.000Z', nextLocal: '2026-03-16 09:30 WIB' })]);
    expect(body.jobs.digest.schedules.map((s: { input: unknown }) => s.input)).toEqual([
      { job: 'digest', zone: 'Asia/Jakarta' },
      { job: 'digest', zone: 'Asia/Makassar' },
      { job: 'digest', zone: 'Asia/Jayapura' },
    ]);
    expect(body.jobs.windows.schedules[0].nextLocal).toBe('2026-03-17 08:00 WIB');
    expect(body.jobs.retirement.schedules[0].nextLocal).toBe('2026-03-17 08:15 WIB');
  });

  it('runs reminders as of an instant and answers the summary', async () => {
    const answer = await call('POST', `${stack.jobs}/reminders?now=2026-03-17T08:30:00%2B07:00`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      job: 'reminders',
      now: '2026-03-17T01:30:00.000Z',
      read: expect.any(Number),
      reminded: expect.any(Number),
      escalated: expect.any(Number),
    });
    expect((await call('GET', stack.jobs)).body.jobs.reminders.last).toMatchObject({ outcome: 'ok', trigger: 'request', summary: answer.body });
  });

  it('refuses a job that does not exist and an instant without its zone', async () => {
    expect(await call('POST', `${stack.jobs}/payroll`)).toMatchObject({ status: 404, type: 'application/problem+json', body: { code: 'NOT_FOUND' } });
    expect(await call('POST', `${stack.jobs}/reminders?now=2026-03-17T08:30`)).toMatchObject({ status: 422, type: 'application/problem+json', body: { code: 'VALIDATION_FAILED' } });
  });
});
