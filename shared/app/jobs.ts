import type { Logger } from '@aws-lambda-powertools/logger';
import { TIME_ZONES, type Organisation, type Role, type TimeZone } from '../domain/actors';
import { localDate } from '../domain/calendar';
import type { Employee } from '../domain/employees';
import type { Recipient } from '../domain/notifications/types';
import type { Timer } from '../domain/proposal/timer';
import { digestOf } from '../domain/sla/digest';
import { dueReminder } from '../domain/sla/reminders';
import { birthDateFromNip, bupAgeOf, dueRetirementReminder, retirementDate, retirementReminders } from '../domain/sla/retirement';
import { firstDayToRead } from '../domain/sla/timers-epoch';
import { windowRemindersDue } from '../domain/sla/windows';
import { CATALOG } from '../domain/catalog';
import type { DirectoryRepository } from '../adapters/dynamo/directory-repository';
import type { JobRepository, RetirementTimer } from '../adapters/dynamo/job-repository';
import type { ProposalRepository } from '../adapters/dynamo/proposal-repository';
import type { WindowsRepository } from '../adapters/dynamo/windows-repository';
import type { EventPublisher } from '../adapters/notifications/ports';
import type { SlaCalendar } from './proposal-service';

export interface JobContext {
  jobs: JobRepository;
  directory: DirectoryRepository;
  proposals: ProposalRepository;
  calendar: SlaCalendar;
  windows: WindowsRepository;
  publisher: EventPublisher;
  /** The stage's timers epoch (YYYY-MM-DD, shared/domain/sla/timers-epoch.ts): where a run with no mark starts reading. */
  epoch: string;
  logger?: Pick<Logger, 'info' | 'warn'>;
}

export interface RunTally {
  read: number;
  consumedReadCapacity: number;
  published: number;
  reminded: number;
  escalated: number;
  /** Timers published for but found moved already (by another run, or a transition): not counted as reminded. */
  skipped: number;
  /** For the jobs that read day buckets: the first UTC day read (the mark's, or the epoch) and how many days. */
  days?: { from: string; count: number };
}

const tally = (): RunTally => ({ read: 0, consumedReadCapacity: 0, published: 0, reminded: 0, escalated: 0, skipped: 0 });

/** UTC dates from `from` to `to`, inclusive: the day buckets a run must read. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from.slice(0, 10)}T00:00:00Z`), end = Date.parse(`${to.slice(0, 10)}T00:00:00Z`); t <= end; t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/** The jobs that read day buckets from their mark: a mark later than it should be would make them skip timers. */
export const TIMER_JOBS = ['reminders', 'retirement'] as const;

/**
 * The days whose buckets a run of `job` reads: from its mark (or the epoch) to now, however long
 * ago that was, so a run after days off misses no timer that fell due meanwhile. Each day is 16
 * shard Queries: a year's gap is 5,840 of them, 16 at a time (in AWS some 365 rounds of a few ms).
 */
async function daysToRead(ctx: JobContext, job: (typeof TIMER_JOBS)[number], now: string, run: RunTally): Promise<string[]> {
  const days = daysBetween(firstDayToRead(await ctx.jobs.lastRun(job), ctx.epoch), now);
  run.days = { from: days[0] ?? now.slice(0, 10), count: days.length };
  return days;
}

const ADMIN_ROLE = (org: Organisation | undefined): Role => (org?.kind === 'INSTANSI' ? 'ADMIN_INSTANSI' : 'ADMIN_BKN');

/** Looks up a role's staff once per run, however many items wait in their queue. */
class StaffCache {
  private readonly cache = new Map<string, Promise<Recipient[]>>();
  constructor(
    private readonly directory: DirectoryRepository,
    private readonly run: RunTally,
  ) {}

  of(orgId: string, role: Role): Promise<Recipient[]> {
    const key = `${orgId}#${role}`;
    let found = this.cache.get(key);
    if (!found) {
      found = this.directory.staffOf(orgId, role).then(({ items, consumed }) => {
        this.run.consumedReadCapacity += consumed;
        this.run.read += items.length;
        return items.map((m) => ({ kind: 'user' as const, userId: m.userId }));
      });
      this.cache.set(key, found);
    }
    return found;
  }
}

/**
 * `reminders`: the stage SLA reminders (50%, 75%, breach, then each working day overdue, escalated
 * to the organisation's admin from the second miss) and the reminders to applicants whose returned
 * proposal is past its deadline. Reads the day buckets from the last run (or the epoch) to now, nothing else.
 */
export async function runReminders(ctx: JobContext, now: string): Promise<RunTally> {
  const run = tally();
  const due = await ctx.jobs.dueIn<Timer & { entity?: string }>('DUE', await daysToRead(ctx, 'reminders', now, run), now);
  run.read += due.items.length;
  run.consumedReadCapacity += due.consumed;
  const calendars = await ctx.calendar.calendars(new Date(now));
  const staff = new StaffCache(ctx.directory, run);

  for (const timer of due.items) {
    // A late run sends only the latest step due (the breach, not also "half the time has gone").
    const { send: step, next } = dueReminder(timer, timer.lastSent ?? null, now, calendars);
    if (!step) continue;
    if (step.yearsWithoutCalendar.length) ctx.logger?.warn('reminder counted weekends only: no holiday calendar', { proposalId: timer.proposalId, years: step.yearsWithoutCalendar });
    let recipients: Recipient[];
    if (timer.kind === 'returned') {
      recipients = timer.filedBy.role === 'PEGAWAI' && timer.nip !== undefined ? [{ kind: 'employee', nip: timer.nip }] : await staff.of(timer.agencyId, 'OPERATOR');
    } else {
      recipients = timer.assigneeNip !== undefined ? [{ kind: 'employee', nip: timer.assigneeNip }] : await staff.of(timer.orgId, timer.role);
      if (step.escalation) {
        const org = await ctx.directory.getOrganisation(timer.orgId);
        recipients = [...recipients, ...(await staff.of(timer.orgId, ADMIN_ROLE(org)))];
      }
    }
    const stepId = `${step.step}${step.overdueWorkingDays ? `-${step.overdueWorkingDays}` : ''}`;
    const base = {
      // The same timer and step give the same id in every run: the senders send each (event, channel, recipient) once.
      eventId: `${timer.proposalId}#T${timer.startedBySeq}#${stepId}`,
      at: now,
      recipients,
      urgent: false,
      proposalId: timer.proposalId,
      serviceType: timer.serviceType,
      step: step.step,
      ...(step.overdueWorkingDays ? { overdueWorkingDays: step.overdueWorkingDays } : {}),
      dueAt: timer.dueAt,
    };
    // Publish, then move the timer on. A publish that fails leaves the timer where it was, due,
    // for the next run; a timer that fails to move after its publish is published again by the
    // next run under the same event id, which the senders drop. The other order would lose the
    // reminder whenever the publish failed (or the run died) after the move.
    await ctx.publisher.publish(
      timer.kind === 'returned'
        ? { ...base, kind: 'returned-reminder', ...(timer.missingItems ? { missingItems: timer.missingItems } : {}) }
        : { ...base, kind: 'sla-reminder', stage: timer.stage, orgId: timer.orgId, escalation: step.escalation },
    );
    run.published++;
    const sent = { step: step.step, ...(step.overdueWorkingDays ? { overdueWorkingDays: step.overdueWorkingDays } : {}) };
    // Moved already: another run published this same event (the senders keep one), or a
    // transition replaced the timer since the read and the reminder was about a stage just left.
    if (!(await ctx.jobs.advanceTimer(timer, sent, next && { ...(next.overdueWorkingDays ? { overdueWorkingDays: next.overdueWorkingDays } : {}), step: next.step, at: next.at, escalation: next.escalation }))) {
      run.skipped++;
      continue;
    }
    if (step.escalation && timer.kind === 'stage') run.escalated++;
    else run.reminded++;
  }
  return run;
}

const QUEUE_ROLES: readonly Role[] = ['VERIFIKATOR', 'APPROVER', 'OPERATOR'];

/** `digest`: one message per queue with work in it, to its staff: how many wait, how many are late, the oldest. */
export async function runDigest(ctx: JobContext, now: string, zone?: TimeZone): Promise<RunTally> {
  const run = tally();
  const staff = new StaffCache(ctx.directory, run);
  for (const z of zone ? [zone] : TIME_ZONES) {
    const orgs = await ctx.directory.organisationsIn(z);
    run.read += orgs.items.length;
    run.consumedReadCapacity += orgs.consumed;
    const day = localDate(now, z);
    for (const org of orgs.items) {
      for (const role of QUEUE_ROLES) {
        const recipients = await staff.of(org.id, role);
        if (!recipients.length) continue; // nobody to tell: the queue is not read
        const queue = await ctx.proposals.listWholeQueue(org.id, role);
        run.read += queue.items.length;
        run.consumedReadCapacity += queue.consumed;
        const digest = digestOf(
          queue.items.flatMap((p) => (p.assignment ? [{ proposalId: p.id, serviceType: p.serviceType, since: p.assignment.since, dueAt: p.assignment.dueAt }] : [])),
          now,
        );
        if (!digest.waiting) continue;
        await ctx.publisher.publish({ kind: 'digest', eventId: `DIGEST#${org.id}#${role}#${day}`, at: now, recipients, urgent: false, orgId: org.id, role, day, ...digest });
        run.published++;
        run.reminded++;
      }
    }
  }
  return run;
}

/** `windows`: agencies' operators hear that a submission window (promotion period) closes in 14 or 3 days. */
export async function runWindows(ctx: JobContext, now: string): Promise<RunTally> {
  const run = tally();
  const today = localDate(now, 'Asia/Jakarta');
  const year = Number(today.slice(0, 4));
  const windows = (await Promise.all([...CATALOG.values()].filter((type) => type.hasSubmissionWindows).map((type) => ctx.windows.around(type.code, year)))).flat();
  const due = windowRemindersDue(windows, today);
  if (!due.length) return run;
  const staff = new StaffCache(ctx.directory, run);
  for (const zone of TIME_ZONES) {
    const orgs = await ctx.directory.organisationsIn(zone);
    run.read += orgs.items.length;
    run.consumedReadCapacity += orgs.consumed;
    for (const agency of orgs.items.filter((o) => o.kind === 'INSTANSI')) {
      const recipients = await staff.of(agency.id, 'OPERATOR');
      if (!recipients.length) continue;
      for (const { window, daysLeft } of due) {
        await ctx.publisher.publish({
          kind: 'window-reminder',
          eventId: `WINDOW#${window.serviceType}#${window.period}#${daysLeft}#${agency.id}`,
          at: now,
          recipients,
          urgent: false,
          serviceType: window.serviceType,
          agencyId: agency.id,
          period: window.period,
          opensOn: window.opensOn,
          closesOn: window.closesOn,
          daysLeft,
        });
        run.published++;
        run.reminded++;
      }
    }
  }
  return run;
}

/** `retirement`: 12 and 6 months before BUP, the employee and their agency's operators hear of it. */
export async function runRetirement(ctx: JobContext, now: string): Promise<RunTally> {
  const run = tally();
  const due = await ctx.jobs.dueIn<RetirementTimer>('RET', await daysToRead(ctx, 'retirement', now, run), now);
  run.read += due.items.length;
  run.consumedReadCapacity += due.consumed;
  const staff = new StaffCache(ctx.directory, run);
  for (const timer of due.items) {
    if (!timer.next) continue;
    // After a gap that both reminders fell in, only the six-month one.
    const { send, next } = dueRetirementReminder(timer.retirementDate, timer.next.monthsBefore, now);
    if (!send) continue;
    const recipients: Recipient[] = [{ kind: 'employee', nip: timer.nip }, ...(await staff.of(timer.agencyId, 'OPERATOR'))];
    // Publish, then move the timer on, as the reminders do: a failure leaves it due, and a repeat has the same event id.
    await ctx.publisher.publish({
      kind: 'retirement-reminder',
      eventId: `RETIREMENT#${timer.nip}#${send.monthsBefore}`,
      at: now,
      recipients,
      urgent: false,
      nip: timer.nip,
      employeeName: timer.name,
      agencyId: timer.agencyId,
      bupDate: timer.retirementDate,
      monthsBefore: send.monthsBefore,
    });
    run.published++;
    if (!(await ctx.jobs.advanceRetirementTimer(timer, next))) {
      run.skipped++;
      continue;
    }
    run.reminded++;
  }
  return run;
}

/**
 * An employee's retirement timer: BUP from the NIP's birth date and the position (PP 11/2017
 * art. 239), reminders 12 and 6 months before; the first one still ahead of `today`, or none.
 */
export function retirementTimerFor(employee: Employee, today: string): RetirementTimer | undefined {
  const birthDate = birthDateFromNip(employee.nip) ?? employee.birthDate;
  const retirement = retirementDate(birthDate, bupAgeOf(employee));
  const next = retirementReminders(retirement).find((reminder) => reminder.on >= today);
  return next ? { nip: employee.nip, name: employee.name, agencyId: employee.agencyId, retirementDate: retirement, next } : undefined;
}
