import { testDocumentStore } from '../support/documents';
import { SESClient } from '@aws-sdk/client-ses';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHandler } from '../../functions/api/app';
import { createJobRunner, type JobSummary } from '../../functions/jobs/app';
import { createEmailSender } from '../../functions/send-email/app';
import { LocalBus } from '../../infra/local/bus';
import { startSesLocal, type SesLocal } from '../../infra/local/ses-local';
import { CalendarRepository } from '../../shared/adapters/dynamo/calendar-repository';
import { createDocumentClient } from '../../shared/adapters/dynamo/client';
import { DirectoryRepository } from '../../shared/adapters/dynamo/directory-repository';
import { JobRepository } from '../../shared/adapters/dynamo/job-repository';
import { retirementTimerFor } from '../../shared/app/jobs';
import type { EventPublisher } from '../../shared/adapters/notifications/ports';
import type { Actor, Role } from '../../shared/domain/actors';
import { CALENDAR_2026 } from '../../shared/domain/calendar';
import { cuti } from '../../shared/domain/catalog/cuti';
import type { NotificationEvent } from '../../shared/domain/notifications/types';
import { call, type Handler } from '../support/api';
import { ACTORS, EMPLOYEES, ORGS, employee } from '../support/fixtures';
import { freePort } from '../support/free-port';
import { freshTable } from '../support/table';
import { startFaultyEndpoint, type FaultyEndpoint } from '../support/faulty-endpoint';
import { TEST_WEB_BASE_URL, testTrackingLinks } from '../support/tracking-links';
import { noIdentity } from '../support/staff';

/**
 * Issue 12: no due timer is ever skipped, and a failed run leaves its mark where it was. Leaves
 * filed through the API against DynamoDB Local; the reminder job run as the scheduler would (its
 * clock at the run's instant); its events through the local topic and email queue to the real
 * email sender and aws-ses-v2-local, so "sent" is what reached the inbox. The failures are real: a
 * publisher that throws, and DynamoDB's connection cut under the job (a refused port).
 */
const VERIFIER = 'ver.sleman@example.com';
const ADMIN = 'admin.sleman@example.com';
let ses: SesLocal;

beforeAll(async () => {
  ses = await startSesLocal({ port: await freePort() });
});
afterAll(() => ses?.close());

interface World {
  doc: DynamoDBDocumentClient;
  tableName: string;
  endpoint: string;
  jobs: JobRepository;
  clock: { now: () => Date };
  setClock(at: string): void;
  /** Files a leave as `who` and submits it, at `at` on the clock. */
  fileAndSubmit(who: Actor, at: string): Promise<string>;
  bus: LocalBus;
  stop(): Promise<void>;
}

async function world(): Promise<World> {
  const { doc, tableName, endpoint } = await freshTable();
  const directory = new DirectoryRepository(doc, tableName);
  for (const org of Object.values(ORGS)) await directory.putOrganisation(org);
  for (const e of Object.values(EMPLOYEES)) await directory.putEmployee(e);
  const staff: [string, Role][] = [['ver.sleman', 'VERIFIKATOR'], ['admin.sleman', 'ADMIN_INSTANSI']];
  for (const [username, role] of staff) {
    await directory.saveUser({ userId: `user-${username}`, username, name: username, orgId: 'PEMKAB-SLEMAN', roles: [role], timeZone: 'Asia/Jakarta', contact: { email: `${username}@example.com` }, preferences: { language: 'id', channels: { email: true, sms: false } } });
  }
  await new CalendarRepository(doc, tableName).put(CALENDAR_2026);
  let now = '2026-01-01T00:00:00.000Z';
  const clock = { now: () => new Date(now) };
  // One ring for the API and the sender, as a stage has.
  const trackingLinks = testTrackingLinks();
  const api = createApiHandler({ trackingLinks, identity: noIdentity, documentStore: testDocumentStore(), doc, tableName, clock }) as unknown as Handler;
  const bus = new LocalBus({ log: null, namePrefix: tableName });
  const email = createEmailSender({
    doc, tableName, clock, queue: bus.queues.email, trackingLinks,
    ses: new SESClient({ endpoint: ses.url, region: 'ap-southeast-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
    config: { from: 'Pantau <no-reply@pantau.local>', webBaseUrl: TEST_WEB_BASE_URL },
  });
  bus.start({ email });
  return {
    doc, tableName, endpoint, clock, bus,
    jobs: new JobRepository(doc, tableName),
    setClock: (at) => void (now = new Date(at).toISOString()),
    async fileAndSubmit(who, at) {
      now = new Date(at).toISOString();
      const created = await call(api, { method: 'POST', path: '/proposals', as: who, body: { serviceType: 'CUTI', payload: cuti.examplePayload, documents: [{ code: 'FORMULIR_CUTI', reference: 'dms://cuti/1' }] } });
      expect(created.status).toBe(201);
      const submitted = await call(api, { method: 'POST', path: `/proposals/${created.body.id}/transitions`, as: who, body: { action: 'submit', expectedVersion: 1 } });
      expect(submitted.status).toBe(200);
      return created.body.id as string;
    },
    stop: () => bus.stop(),
  };
}

/** A publisher that keeps what it was handed (and hands it on), and can be told to fail. */
function recording(inner: EventPublisher) {
  const runs: NotificationEvent[][] = [[]];
  let before: ((count: number) => Promise<void> | void) | undefined;
  let after: ((count: number) => Promise<void> | void) | undefined;
  return {
    runs,
    /** Everything handed over in the current run, by event id. */
    ids: (run = runs.length - 1) => runs[run]!.map((e) => e.eventId),
    nextRun: () => void runs.push([]),
    /** Called with the run's publish count (1 for the first) before it is handed on, or after. */
    failBefore: (fn: typeof before) => void (before = fn),
    afterPublish: (fn: typeof after) => void (after = fn),
    publisher: {
      async publish(event: NotificationEvent) {
        const count = runs.at(-1)!.length + 1;
        await before?.(count);
        await inner.publish(event);
        runs.at(-1)!.push(event);
        await after?.(count);
      },
    } satisfies EventPublisher,
  };
}

/** Every email in the inbox about `proposalId`, once the queue has let go of every message. */
async function emailsAbout(bus: LocalBus, proposalId: string) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const q = bus.snapshot().queues.email!;
    if (q.depth === 0 && q.inFlight === 0) break;
    if (Date.now() > deadline) throw new Error(`the email queue did not settle: ${JSON.stringify(q)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const { emails } = (await (await fetch(ses.storeUrl)).json()) as { emails: { subject: string; destination: { to: string[] }; body: { text?: string } }[] };
  return emails.filter((m) => m.subject.includes(proposalId) || m.body.text?.includes(proposalId)).map((m) => m.destination.to.join(','));
}

const stepOf = (e: NotificationEvent | undefined) => (e && e.kind === 'sla-reminder' ? `${e.step}${e.overdueWorkingDays ? `-${e.overdueWorkingDays}` : ''}${e.escalation ? ' escalated' : ''}` : undefined);

describe('a first run, weeks after the timers fell due', () => {
  let w: World;
  let rec: ReturnType<typeof recording>;
  let ids: { early: string[]; late: string; fresh: string };
  let first: JobSummary;
  let second: JobSummary;

  beforeAll(async () => {
    w = await world();
    rec = recording(w.bus);
    // Monday 6 April 2026, 09:00 WIB: the stage's first leaves; the chase of each (two working days, then ten overdue) is over on 22 April.
    ids = {
      early: [await w.fileAndSubmit(ACTORS.sari, '2026-04-06T02:00:00Z'), await w.fileAndSubmit(ACTORS.budi, '2026-04-06T02:05:00Z')],
      // Monday 27 April: due the end of Wednesday 29, two working days overdue by the run (1 May is Labour Day).
      late: await w.fileAndSubmit(ACTORS.sari, '2026-04-27T02:00:00Z'),
      // Thursday 30 April: half its time gone at the end of Monday 4 May; three quarters at noon on Tuesday 5.
      fresh: await w.fileAndSubmit(ACTORS.budi, '2026-04-30T02:00:00Z'),
    };
    // The stage launched on 6 April; the scheduler never ran. Tuesday 5 May, 10:00 WIB.
    const runner = createJobRunner({ doc: w.doc, tableName: w.tableName, publisher: rec.publisher, clock: w.clock, epoch: '2026-04-06' });
    w.setClock('2026-05-05T03:00:00Z');
    first = await runner({ job: 'reminders' });
    rec.nextRun();
    w.setClock('2026-05-05T03:30:00Z');
    second = await runner({ job: 'reminders' });
  }, 120_000);
  afterAll(() => w?.stop());

  it('reads every day since the epoch, and reminds every timer with its latest step only', () => {
    expect(first.days).toEqual({ from: '2026-04-06', count: 30 });
    expect(first).toMatchObject({ published: 4, escalated: 3, reminded: 1, skipped: 0 });
    const byProposal = new Map(rec.runs[0]!.map((e) => [(e as { proposalId: string }).proposalId, e]));
    expect([...byProposal.keys()].sort()).toEqual([...ids.early, ids.late, ids.fresh].sort());
    for (const id of ids.early) expect(stepOf(byProposal.get(id)), id).toBe('OVERDUE-10 escalated');
    expect(stepOf(byProposal.get(ids.late))).toBe('OVERDUE-2 escalated');
    expect(stepOf(byProposal.get(ids.fresh))).toBe('HALF');
  });

  it('reaches the inbox once per recipient, the escalations the admin too', async () => {
    for (const id of [...ids.early, ids.late]) expect((await emailsAbout(w.bus, id)).sort(), id).toEqual([ADMIN, VERIFIER]);
    expect(await emailsAbout(w.bus, ids.fresh)).toEqual([VERIFIER]);
  });

  it('the next run, thirty minutes on, reads from the first one’s day and sends nothing again', () => {
    expect(second.days).toEqual({ from: '2026-05-05', count: 1 });
    expect(second.published).toBe(0);
  });
});

describe('a run after the scheduler was off for forty days', () => {
  let w: World;
  let rec: ReturnType<typeof recording>;
  let id: string;
  let before: JobSummary;
  let after: JobSummary;

  beforeAll(async () => {
    w = await world();
    rec = recording(w.bus);
    const runner = createJobRunner({ doc: w.doc, tableName: w.tableName, publisher: rec.publisher, clock: w.clock, epoch: '2026-06-01' });
    // A run on Monday 1 June, then the scheduler goes off; a leave is submitted the next day.
    w.setClock('2026-06-01T03:00:00Z');
    before = await runner({ job: 'reminders' });
    id = await w.fileAndSubmit(ACTORS.sari, '2026-06-02T02:00:00Z');
    rec.nextRun();
    // Forty days later, the scheduler is back.
    w.setClock('2026-07-11T03:00:00Z');
    after = await runner({ job: 'reminders' });
  }, 120_000);
  afterAll(() => w?.stop());

  it('reads every day since the last run’s mark and sends the chase’s last step, escalated', async () => {
    expect(before.published).toBe(0);
    expect(after.days).toEqual({ from: '2026-06-01', count: 41 });
    expect(after).toMatchObject({ published: 1, escalated: 1 });
    expect(rec.runs[1]!.map(stepOf)).toEqual(['OVERDUE-10 escalated']);
    expect(rec.runs[1]![0]).toMatchObject({ proposalId: id });
    expect((await emailsAbout(w.bus, id)).sort()).toEqual([ADMIN, VERIFIER]);
    expect(await w.jobs.lastRun('reminders')).toBe('2026-07-11T03:00:00.000Z');
  });
});

/**
 * Five leaves submitted on Monday 6 April, due the end of Wednesday 8, one working day overdue at
 * the end of Thursday 9: a run on Friday 10 at 10:00 WIB, or half an hour later, sends each its
 * OVERDUE 1, escalated (the second miss), to the verifier and the admin.
 */
async function fiveOverdue(w: World): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) ids.push(await w.fileAndSubmit(i % 2 ? ACTORS.budi : ACTORS.sari, `2026-04-06T02:0${i}:00Z`));
  return ids;
}
const MARK = '2026-04-06T03:00:00.000Z';
const RUN = '2026-04-10T03:00:00Z';
const RETRY = '2026-04-10T03:30:00Z';

describe('a run whose publish fails on the third reminder', () => {
  let w: World;
  let rec: ReturnType<typeof recording>;
  let ids: string[];
  let failure: unknown;
  let markAfterFailure: string | undefined;
  let retry: JobSummary;

  beforeAll(async () => {
    w = await world();
    rec = recording(w.bus);
    ids = await fiveOverdue(w);
    const runner = createJobRunner({ doc: w.doc, tableName: w.tableName, publisher: rec.publisher, clock: w.clock, epoch: '2026-04-06' });
    w.setClock(MARK);
    await runner({ job: 'reminders' });
    rec.nextRun();
    rec.failBefore((count) => {
      if (count === 3) throw new Error('topic unreachable');
    });
    w.setClock(RUN);
    failure = await runner({ job: 'reminders' }).catch((error: unknown) => error);
    markAfterFailure = await w.jobs.lastRun('reminders');
    rec.failBefore(undefined);
    rec.nextRun();
    w.setClock(RETRY);
    retry = await runner({ job: 'reminders' });
  }, 120_000);
  afterAll(() => w?.stop());

  it('fails, and leaves the mark where the run before it put it', () => {
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toBe('topic unreachable');
    expect(rec.runs[1]).toHaveLength(2);
    expect(markAfterFailure).toBe(MARK);
  });

  it('the next run reads from that mark and sends exactly the three that were missing', () => {
    expect(retry.days).toEqual({ from: '2026-04-06', count: 5 });
    const sentBefore = rec.ids(1);
    expect(rec.ids(2)).toHaveLength(3);
    expect(rec.ids(2).filter((eventId) => sentBefore.includes(eventId))).toEqual([]);
    expect(new Set([...sentBefore, ...rec.ids(2)])).toEqual(new Set(ids.map((id) => `${id}#T2#OVERDUE-1`)));
    expect(retry).toMatchObject({ published: 3, escalated: 3, skipped: 0 });
  });

  it('every leave’s reminder reaches each recipient once', async () => {
    for (const id of ids) expect((await emailsAbout(w.bus, id)).sort(), id).toEqual([ADMIN, VERIFIER]);
  });
});

describe('a run that loses DynamoDB after its second publish', () => {
  let w: World;
  let rec: ReturnType<typeof recording>;
  let faulty: FaultyEndpoint;
  let ids: string[];
  let failure: unknown;
  let markAfterFailure: string | undefined;
  let retry: JobSummary;

  beforeAll(async () => {
    w = await world();
    rec = recording(w.bus);
    ids = await fiveOverdue(w);
    // The job's own client reaches DynamoDB Local through an endpoint that can fail on demand.
    faulty = await startFaultyEndpoint(w.endpoint);
    const jobDoc = createDocumentClient({ endpoint: faulty.url, budget: 'background' });
    const runner = createJobRunner({ doc: jobDoc, tableName: w.tableName, publisher: rec.publisher, clock: w.clock, epoch: '2026-04-06' });
    w.setClock(MARK);
    await runner({ job: 'reminders' });
    rec.nextRun();
    // Published, and then the timer cannot be moved on: every connection is reset.
    rec.afterPublish(async (count) => {
      if (count === 2) faulty.fail({ kind: 'reset' });
    });
    w.setClock(RUN);
    failure = await runner({ job: 'reminders' }).catch((error: unknown) => error);
    markAfterFailure = await w.jobs.lastRun('reminders');
    rec.afterPublish(undefined);
    faulty.heal();
    rec.nextRun();
    w.setClock(RETRY);
    retry = await runner({ job: 'reminders' });
    jobDoc.destroy();
  }, 120_000);
  afterAll(async () => {
    await faulty?.close();
    await w?.stop();
  });

  it('fails on the reset connection, and leaves the mark where it was', () => {
    expect(failure).toBeInstanceOf(Error);
    expect(String((failure as Error & { code?: string }).code ?? (failure as Error).message)).toMatch(/ECONNREFUSED|ECONNRESET|socket hang up/);
    expect(rec.runs[1]).toHaveLength(2);
    expect(markAfterFailure).toBe(MARK);
  });

  it('the next run publishes the second reminder again, under its same event id, and the three never sent', () => {
    const [one, two] = rec.ids(1);
    expect(rec.ids(2)).toHaveLength(4);
    expect(rec.ids(2)).toContain(two);
    expect(rec.ids(2)).not.toContain(one);
    expect(new Set([...rec.ids(1), ...rec.ids(2)])).toEqual(new Set(ids.map((id) => `${id}#T2#OVERDUE-1`)));
    // All four moved on now; the one that was published twice counts once.
    expect(retry).toMatchObject({ published: 4, escalated: 4, skipped: 0 });
  });

  it('the senders drop the repeat: every leave’s reminder reaches each recipient once', async () => {
    for (const id of ids) expect((await emailsAbout(w.bus, id)).sort(), id).toEqual([ADMIN, VERIFIER]);
  });
});

describe('a run by hand as of a later day than the clock', () => {
  let w: World;
  let rec: ReturnType<typeof recording>;
  let ahead: JobSummary;
  let id: string;
  let later: JobSummary;

  beforeAll(async () => {
    w = await world();
    rec = recording(w.bus);
    const runner = createJobRunner({ doc: w.doc, tableName: w.tableName, publisher: rec.publisher, clock: w.clock, epoch: '2026-06-01' });
    // The clock says Monday 1 June; someone runs the job as of 30 June, then a leave is submitted.
    w.setClock('2026-06-01T03:00:00Z');
    ahead = await runner({ job: 'reminders', now: '2026-06-30T03:00:00Z' });
    id = await w.fileAndSubmit(ACTORS.sari, '2026-06-02T02:00:00Z');
    rec.nextRun();
    w.setClock('2026-06-05T03:00:00Z');
    later = await runner({ job: 'reminders' });
  }, 120_000);
  afterAll(() => w?.stop());

  it('marks the clock, not its own instant: a timer written after it may fall due before that instant', async () => {
    expect(ahead.now).toBe('2026-06-30T03:00:00.000Z');
    expect(later.days).toEqual({ from: '2026-06-01', count: 5 });
    // Submitted Tuesday 2 June: due the end of Thursday 4, the breach by Friday morning.
    expect(rec.runs[1]!.map(stepOf)).toEqual(['BREACH']);
    expect(rec.runs[1]![0]).toMatchObject({ proposalId: id });
    expect(await w.jobs.lastRun('reminders')).toBe('2026-06-05T03:00:00.000Z');
  });
});

describe('a retirement timer both of whose reminders fell due while the job did not run', () => {
  it('sends the six-month one only, once, and the timer leaves the index', async () => {
    const w = await world();
    const rec = recording({ publish: async () => {} });
    // BUP 1 October 2026: reminded 1 October 2025 and 1 April 2026; the timer waits for the first.
    const retiring = employee('196809171993031001', ORGS.sleman!, { name: 'Hartono Wibisono' });
    await new DirectoryRepository(w.doc, w.tableName).putEmployee(retiring);
    const timer = retirementTimerFor(retiring, '2025-09-01')!;
    expect(timer.next).toEqual({ monthsBefore: 12, on: '2025-10-01' });
    await w.jobs.putRetirementTimer(timer);
    const runner = createJobRunner({ doc: w.doc, tableName: w.tableName, publisher: rec.publisher, clock: w.clock, epoch: '2025-09-30' });
    // The job last ran the day before the first reminder, and not again until the second's day.
    w.setClock('2025-09-30T01:15:00Z');
    expect(await runner({ job: 'retirement' })).toMatchObject({ published: 0 });
    w.setClock('2026-04-01T01:15:00Z');
    const caughtUp = await runner({ job: 'retirement' });
    expect(caughtUp).toMatchObject({ published: 1, reminded: 1, days: { from: '2025-09-30', count: 184 } });
    expect(rec.runs[0]).toEqual([expect.objectContaining({ kind: 'retirement-reminder', eventId: 'RETIREMENT#196809171993031001#6', monthsBefore: 6 })]);
    // Done: the six-month day's bucket, read again, no longer holds it.
    expect(await runner({ job: 'retirement' })).toMatchObject({ days: { from: '2026-04-01', count: 1 }, read: 0, published: 0 });
    await w.stop();
  }, 120_000);
});
