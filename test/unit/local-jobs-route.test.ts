import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { JOB_NAMES, type JobEventInput, type JobSummary } from '../../functions/jobs/app';
import { startGateway, type ApiHandler, type Gateway } from '../../infra/local/gateway';
import { JobRuns, type JobInput, type JobRunner } from '../../infra/local/jobs';
import { localRoutes, withLocalRoutes, type LocalJobsDeps } from '../../infra/local/local-routes';
import { LocalScheduler } from '../../infra/local/scheduler';
import { SmsOutbox } from '../../infra/local/sms-outbox';

// The routes behind the real local gateway, with a fake job runner in place of functions/jobs.
let gateway: Gateway;
let handler: ApiHandler;
let received: JobInput[];
// The local clock: PANTAU_NOW=2026-03-16T09:00:00+07:00, standing still for the test.
const localNow = () => new Date('2026-03-16T02:00:00.000Z');

const summaryOf = (event: JobInput): JobSummary => ({
  job: event.job,
  now: event.now ?? '',
  read: 52,
  consumedReadCapacity: 6.5,
  published: 3,
  reminded: 2,
  escalated: 1,
  skipped: 0,
  ...(event.zone ? { zone: event.zone } : {}),
});

const fakeRunner: JobRunner = async (event: JobEventInput) => {
  received.push(event);
  return summaryOf(event);
};

function serve(runner: JobRunner | { unavailable: string } | undefined): LocalJobsDeps | undefined {
  const jobs = runner === undefined ? undefined : jobsWith(runner);
  const routes = localRoutes({ outbox: new SmsOutbox({ now: localNow }), bus: () => undefined, stream: () => undefined, ...(jobs ? { jobs } : {}) });
  handler = withLocalRoutes(routes, async () => ({ statusCode: 404, body: 'the API' }));
  return jobs;
}

function jobsWith(runner: JobRunner | { unavailable: string }): LocalJobsDeps {
  const runs = new JobRuns({ runner, now: localNow, log: null });
  return { runs, scheduler: new LocalScheduler({ runs, now: localNow, log: null }), now: localNow, schedulerOff: 'LOCAL_SCHEDULER=off' };
}

beforeAll(async () => {
  gateway = await startGateway({ port: 0, log: null, handler: (event, context) => handler(event, context) });
});
afterAll(() => gateway?.close());
beforeEach(() => {
  received = [];
  serve(fakeRunner);
});

async function call(method: string, path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${gateway.url}${path}`, { method, headers });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers freely
  return { status: response.status, type: response.headers.get('content-type') ?? '', headers: response.headers, body: (await response.json()) as any };
}

describe('POST /_local/jobs/{job}: run one job now, as of an instant', () => {
  it('answers the job’s summary as it is, run as of the instant asked for', async () => {
    const answer = await call('POST', '/_local/jobs/reminders?now=2026-04-15T08:00:00%2B07:00');
    expect(answer.status).toBe(200);
    expect(answer.type).toBe('application/json');
    expect(answer.body).toEqual(summaryOf({ job: 'reminders', now: '2026-04-15T01:00:00.000Z' }));
    expect(received).toEqual([{ job: 'reminders', now: '2026-04-15T01:00:00.000Z' }]);
  });

  it('runs as of the local clock’s now when no instant is given', async () => {
    await call('POST', '/_local/jobs/retirement');
    expect(received).toEqual([{ job: 'retirement', now: '2026-03-16T02:00:00.000Z' }]);
  });

  it('takes back a "+" that the URL turned into a space', async () => {
    const answer = await call('POST', '/_local/jobs/windows?now=2026-04-15T08:00:00+07:00');
    expect(answer.status).toBe(200);
    expect(received).toEqual([{ job: 'windows', now: '2026-04-15T01:00:00.000Z' }]);
  });

  it('hands the digest the zone asked for', async () => {
    const answer = await call('POST', '/_local/jobs/digest?now=2026-04-15T07:30:00%2B08:00&zone=Asia/Makassar');
    expect(answer.status).toBe(200);
    expect(answer.body.zone).toBe('Asia/Makassar');
    expect(received).toEqual([{ job: 'digest', now: '2026-04-14T23:30:00.000Z', zone: 'Asia/Makassar' }]);
  });

  it('answers 404 problem+json for a job that does not exist, naming those that do', async () => {
    const answer = await call('POST', '/_local/jobs/payroll?now=2026-04-15T01:00:00Z');
    expect(answer.status).toBe(404);
    expect(answer.type).toBe('application/problem+json');
    expect(answer.body).toMatchObject({ status: 404, code: 'NOT_FOUND', details: { resource: 'job', job: 'payroll', jobs: [...JOB_NAMES] } });
    expect(received).toEqual([]);
  });

  it.each(['2026-04-15', '2026-04-15T08:00', '2026-04-15T08:00:00', 'besok', '2026-02-30T08:00:00Z', '2026-04-15T25:00:00Z', ''])(
    'answers 422 problem+json for now=%s, which is not an instant with its zone',
    async (now) => {
      const answer = await call('POST', `/_local/jobs/reminders?now=${encodeURIComponent(now)}`);
      expect(answer.status).toBe(422);
      expect(answer.type).toBe('application/problem+json');
      expect(answer.body).toMatchObject({ status: 422, code: 'VALIDATION_FAILED', errors: [{ path: 'query.now', message: expect.stringContaining('ISO-8601') }] });
      expect(received).toEqual([]);
    },
  );

  it('answers 422 for a zone the digest does not know, or a zone for another job', async () => {
    expect((await call('POST', '/_local/jobs/digest?zone=Asia/Singapore')).body.errors).toEqual([{ path: 'query.zone', message: expect.stringContaining('Asia/Jayapura') }]);
    expect((await call('POST', '/_local/jobs/reminders?zone=Asia/Jakarta')).body.errors).toEqual([{ path: 'query.zone', message: 'only the digest takes a zone' }]);
    expect(received).toEqual([]);
  });

  it('answers 503 problem+json while the job runner cannot be built, with the reason', async () => {
    serve({ unavailable: 'not yet' });
    const answer = await call('POST', '/_local/jobs/reminders?now=2026-04-15T01:00:00Z', { 'accept-language': 'en' });
    expect(answer.status).toBe(503);
    expect(answer.type).toBe('application/problem+json');
    expect(answer.headers.get('content-language')).toBe('en');
    expect(answer.body).toEqual({
      type: 'https://pantau.bkn.go.id/problems/service-unavailable',
      title: 'The service is unavailable; try again later',
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      details: { job: 'reminders', reason: 'job-runner-not-available', cause: 'not yet' },
    });
  });

  it('answers 503 when the stack runs no jobs at all, and once it is stopping', async () => {
    serve(undefined);
    expect((await call('POST', '/_local/jobs/reminders')).body.details.reason).toBe('job-runner-not-available');
    const jobs = serve(fakeRunner)!;
    await jobs.runs.close();
    const answer = await call('POST', '/_local/jobs/reminders');
    expect(answer.status).toBe(503);
    expect(answer.body.details).toMatchObject({ reason: 'job-runner-not-available', cause: 'the local stack is stopping' });
  });

  it('answers 500 problem+json with the error when a run fails, and keeps it as the job’s last run', async () => {
    serve(async () => {
      throw new Error('Requested resource not found');
    });
    const answer = await call('POST', '/_local/jobs/windows?now=2026-04-15T01:00:00Z');
    expect(answer.status).toBe(500);
    expect(answer.body).toMatchObject({ code: 'INTERNAL', details: { job: 'windows', reason: 'job-failed', message: 'Requested resource not found' } });
    expect((await call('GET', '/_local/jobs')).body.jobs.windows.last).toMatchObject({ outcome: 'failed', trigger: 'request', attempts: 1, error: 'Requested resource not found' });
  });

  it('runs two requests for the same job one after the other, never at once', async () => {
    const log: string[] = [];
    let running = 0;
    serve(async (event) => {
      running++;
      log.push(`start ${event.now} (${running} running)`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      log.push(`end ${event.now}`);
      running--;
      return summaryOf(event);
    });
    const [first, second] = await Promise.all([
      call('POST', '/_local/jobs/reminders?now=2026-04-15T01:00:00Z'),
      call('POST', '/_local/jobs/reminders?now=2026-04-16T01:00:00Z'),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect([first.body.now, second.body.now].sort()).toEqual(['2026-04-15T01:00:00.000Z', '2026-04-16T01:00:00.000Z']);
    expect(log).toHaveLength(4);
    expect(log.filter((line) => line.startsWith('start')).every((line) => line.endsWith('(1 running)'))).toBe(true);
    expect(log.map((line) => line.split(' ')[0])).toEqual(['start', 'end', 'start', 'end']);
  });

  it('lets different jobs run at the same time', async () => {
    let running = 0;
    let most = 0;
    serve(async (event) => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, 50));
      running--;
      return summaryOf(event);
    });
    await Promise.all([call('POST', '/_local/jobs/reminders'), call('POST', '/_local/jobs/windows')]);
    expect(most).toBe(2);
  });

  it('is POST only', async () => {
    const answer = await call('GET', '/_local/jobs/reminders');
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe('POST');
    expect(answer.body.code).toBe('METHOD_NOT_ALLOWED');
  });
});

describe('GET /_local/jobs: the schedules, their next firings, each job’s last run', () => {
  it('lists the four jobs with their schedules in the cloud’s cron and the next firing on the local clock', async () => {
    const { status, body } = await call('GET', '/_local/jobs');
    expect(status).toBe(200);
    expect(body).toMatchObject({ now: '2026-03-16T02:00:00.000Z', scheduler: 'not running: LOCAL_SCHEDULER=off', runner: 'available' });
    expect(Object.keys(body.jobs)).toEqual([...JOB_NAMES]);
    expect(body.jobs.reminders.schedules).toEqual([
      { name: 'reminders', job: 'reminders', zone: 'Asia/Jakarta', expression: 'cron(0,30 * * * ? *)', input: { job: 'reminders' }, next: '2026-03-16T02:30:00.000Z', nextLocal: '2026-03-16 09:30 WIB' },
    ]);
    expect(body.jobs.digest.schedules.map((s: { name: string; nextLocal: string }) => [s.name, s.nextLocal])).toEqual([
      ['digest-wib', '2026-03-17 07:30 WIB'],
      ['digest-wita', '2026-03-17 07:30 WITA'],
      ['digest-wit', '2026-03-17 07:30 WIT'],
    ]);
    expect(body.jobs.windows.schedules[0].next).toBe('2026-03-17T01:00:00.000Z');
    expect(body.jobs.retirement.schedules[0].next).toBe('2026-03-17T01:15:00.000Z');
    expect(body.jobs.reminders.last).toBeNull();
  });

  it('shows the last run of a job with its summary', async () => {
    await call('POST', '/_local/jobs/reminders?now=2026-04-15T01:00:00Z');
    const { body } = await call('GET', '/_local/jobs');
    expect(body.jobs.reminders).toMatchObject({
      running: false,
      last: { job: 'reminders', trigger: 'request', outcome: 'ok', attempts: 1, startedAt: '2026-03-16T02:00:00.000Z', summary: summaryOf({ job: 'reminders', now: '2026-04-15T01:00:00.000Z' }) },
    });
  });

  it('says when the runner is not available', async () => {
    serve({ unavailable: 'not yet' });
    expect((await call('GET', '/_local/jobs')).body.runner).toBe('not available: not yet');
  });
});
