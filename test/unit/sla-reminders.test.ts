import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TimeZone } from '../../shared/domain/actors';
import { CALENDAR_2026, Calendars, addWorkingDays, isWorkingDay, localDate, type HolidayCalendar } from '../../shared/domain/calendar';
import { dueReminder, firstReminder, nextReminder, reminderPlan, type Reminder, type SlaTimer } from '../../shared/domain/sla/reminders';

const with2026 = new Calendars([CALENDAR_2026]);
const WIB = 'Asia/Jakarta';
/** 'YYYY-MM-DD HH:MM[:SS.mmm]' in WIB, as UTC ISO-8601, written out by hand. */
const wib = (dateTime: string): string => new Date(`${dateTime.replace(' ', 'T')}+07:00`).toISOString();

function stageTimer(since: string, workingDays: number, kind: SlaTimer['kind'] = 'stage', zone: TimeZone = WIB): SlaTimer {
  return { kind, since, dueAt: addWorkingDays(since, workingDays, zone, with2026).value, workingDays, zone };
}

/** The whole chase, by asking for the next step until there is none. */
function chase(timer: SlaTimer, calendars: Calendars = with2026): Reminder[] {
  const sent: Reminder[] = [];
  for (let next = firstReminder(timer, calendars); next; next = nextReminder(timer, next, calendars)) sent.push(next);
  return sent;
}

const brief = (r: Reminder): string => `${r.step}${r.overdueWorkingDays ? ` ${r.overdueWorkingDays}` : ''} ${r.at}${r.escalation ? ' escalation' : ''}`;

describe('a stage entered in the week of 9 March 2026, the week before Nyepi', () => {
  it('of one working day entered Monday 09:00 warns Tuesday at noon and 18:00, breaches at Tuesday midnight, then chases ten working days', () => {
    const plan = chase(stageTimer(wib('2026-03-09 09:00'), 1));
    expect(plan.slice(0, 5).map(brief)).toEqual([
      `HALF ${wib('2026-03-10 12:00')}`,
      `THREE_QUARTERS ${wib('2026-03-10 18:00')}`,
      `BREACH ${wib('2026-03-10 23:59:59.999')}`,
      `OVERDUE 1 ${wib('2026-03-11 23:59:59.999')} escalation`,
      `OVERDUE 2 ${wib('2026-03-12 23:59:59.999')} escalation`,
    ]);
    // Fri 13, Mon 16, Tue 17, then Nyepi and the Idul Fitri leave up to Wed 25: OVERDUE 10 on Tue 31.
    expect(plan.slice(5).map((r) => localDate(r.at, WIB))).toEqual(['2026-03-13', '2026-03-16', '2026-03-17', '2026-03-25', '2026-03-26', '2026-03-27', '2026-03-30', '2026-03-31']);
    expect(plan.at(-1)).toMatchObject({ step: 'OVERDUE', overdueWorkingDays: 10 });
    expect(plan).toHaveLength(13);
  });

  it('of two working days warns at the end of the first day and at noon of the second', () => {
    expect(chase(stageTimer(wib('2026-03-09 09:00'), 2)).slice(0, 3).map(brief)).toEqual([
      `HALF ${wib('2026-03-10 23:59:59.999')}`,
      `THREE_QUARTERS ${wib('2026-03-11 12:00')}`,
      `BREACH ${wib('2026-03-11 23:59:59.999')}`,
    ]);
  });

  it('of three working days warns Wednesday noon and Thursday 06:00, and breaches at the end of Thursday', () => {
    expect(chase(stageTimer(wib('2026-03-09 09:00'), 3)).slice(0, 3).map(brief)).toEqual([
      `HALF ${wib('2026-03-11 12:00')}`,
      `THREE_QUARTERS ${wib('2026-03-12 06:00')}`,
      `BREACH ${wib('2026-03-12 23:59:59.999')}`,
    ]);
  });

  it('of five working days warns Thursday noon and Friday 18:00, and breaches at the end of the next Monday', () => {
    expect(chase(stageTimer(wib('2026-03-09 09:00'), 5)).slice(0, 3).map(brief)).toEqual([
      `HALF ${wib('2026-03-12 12:00')}`,
      `THREE_QUARTERS ${wib('2026-03-13 18:00')}`,
      `BREACH ${wib('2026-03-16 23:59:59.999')}`,
    ]);
  });

  it('of three working days entered Friday evening starts counting on Monday', () => {
    expect(chase(stageTimer(wib('2026-03-06 20:00'), 3)).slice(0, 3).map(brief)).toEqual([
      `HALF ${wib('2026-03-10 12:00')}`,
      `THREE_QUARTERS ${wib('2026-03-11 06:00')}`,
      `BREACH ${wib('2026-03-11 23:59:59.999')}`,
    ]);
  });
});

describe('across Nyepi and Idul Fitri 2026 (18 to 24 March off)', () => {
  it('a three-day stage entered Friday 13 March evening warns Tuesday 17 at noon, then not until Wednesday 25 at 06:00', () => {
    expect(chase(stageTimer(wib('2026-03-13 20:00'), 3)).slice(0, 3).map(brief)).toEqual([
      `HALF ${wib('2026-03-17 12:00')}`,
      `THREE_QUARTERS ${wib('2026-03-25 06:00')}`,
      `BREACH ${wib('2026-03-25 23:59:59.999')}`,
    ]);
  });

  it('a five-day verification entered Monday 16 March is due Monday 30 March, and the chase skips Good Friday', () => {
    const plan = chase(stageTimer(wib('2026-03-16 09:00'), 5));
    expect(plan.slice(0, 3).map(brief)).toEqual([
      `HALF ${wib('2026-03-26 12:00')}`,
      `THREE_QUARTERS ${wib('2026-03-27 18:00')}`,
      `BREACH ${wib('2026-03-30 23:59:59.999')}`,
    ]);
    expect(plan.slice(3).map((r) => localDate(r.at, WIB))).toEqual([
      '2026-03-31', '2026-04-01', '2026-04-02', '2026-04-06', '2026-04-07',
      '2026-04-08', '2026-04-09', '2026-04-10', '2026-04-13', '2026-04-14',
    ]);
  });

  it('an office in WIT counts the same days in its own zone', () => {
    const plan = chase(stageTimer('2026-03-16T09:00:00+09:00', 5, 'stage', 'Asia/Jayapura'));
    expect(plan[2]).toMatchObject({ step: 'BREACH', at: '2026-03-30T14:59:59.999Z' });
  });
});

describe('escalation', () => {
  it('goes to the admin from the second miss: the breach is the first, OVERDUE 1 the second', () => {
    const plan = chase(stageTimer(wib('2026-03-09 09:00'), 3));
    expect(plan.map((r) => [r.step, r.escalation])).toEqual([
      ['HALF', false],
      ['THREE_QUARTERS', false],
      ['BREACH', false],
      ...Array.from({ length: 10 }, () => ['OVERDUE', true]),
    ]);
  });

  it('stops after ten working days overdue', () => {
    const timer = stageTimer(wib('2026-03-09 09:00'), 3);
    expect(nextReminder(timer, { step: 'OVERDUE', overdueWorkingDays: 9 }, with2026)).toMatchObject({ step: 'OVERDUE', overdueWorkingDays: 10 });
    expect(nextReminder(timer, { step: 'OVERDUE', overdueWorkingDays: 10 }, with2026)).toBeNull();
    expect(nextReminder(timer, { step: 'OVERDUE', overdueWorkingDays: 12 }, with2026)).toBeNull();
  });
});

describe('a proposal returned to the applicant', () => {
  const timer = stageTimer(wib('2026-03-09 09:00'), 10, 'returned');

  it('is reminded at its deadline and on each of the five working days after it, never escalated', () => {
    const plan = chase(timer);
    expect(plan.map((r) => `${r.step}${r.overdueWorkingDays ?? ''}`)).toEqual(['BREACH', 'OVERDUE1', 'OVERDUE2', 'OVERDUE3', 'OVERDUE4', 'OVERDUE5']);
    expect(plan.every((r) => !r.escalation)).toBe(true);
    expect(plan[0]?.at).toBe(timer.dueAt);
  });

  it('has no half-time warnings: after one of those, the next step is the deadline', () => {
    expect(nextReminder(timer, { step: 'HALF' }, with2026)).toMatchObject({ step: 'BREACH' });
  });
});

describe('the stored deadline is the one people were shown', () => {
  it('when a holiday decreed later put the 75% mark past it, that warning is left out rather than sent after the deadline', () => {
    // Due at the end of Thursday 12 March as first computed; now 11 and 12 March are days off.
    const late = new Calendars([{ ...CALENDAR_2026, holidays: [...CALENDAR_2026.holidays, { date: '2026-03-11', name: 'x' }, { date: '2026-03-12', name: 'y' }] }]);
    const timer: SlaTimer = { kind: 'stage', since: wib('2026-03-09 09:00'), dueAt: wib('2026-03-12 23:59:59.999'), workingDays: 3, zone: WIB };
    expect(chase(timer, late).slice(0, 2).map(brief)).toEqual([`BREACH ${wib('2026-03-12 23:59:59.999')}`, `OVERDUE 1 ${wib('2026-03-13 23:59:59.999')} escalation`]);
  });

  it('an OVERDUE step without its count is a bug and is refused', () => {
    expect(() => nextReminder(stageTimer(wib('2026-03-09 09:00'), 3), { step: 'OVERDUE' }, with2026)).toThrow(RangeError);
    expect(() => nextReminder(stageTimer(wib('2026-03-09 09:00'), 3), { step: 'OVERDUE', overdueWorkingDays: 0 }, with2026)).toThrow(RangeError);
  });
});

describe('a job run that finds several steps past', () => {
  const timer = stageTimer(wib('2026-03-09 09:00'), 1);

  it('sends only the latest and waits for the one after it', () => {
    const { send, next } = dueReminder(timer, null, wib('2026-03-10 19:00'), with2026);
    expect(send).toMatchObject({ step: 'THREE_QUARTERS' });
    expect(next).toMatchObject({ step: 'BREACH' });
  });

  it('sends nothing before the first step, and nothing again for a step already sent', () => {
    expect(dueReminder(timer, null, wib('2026-03-10 11:59'), with2026)).toMatchObject({ send: null, next: { step: 'HALF' } });
    expect(dueReminder(timer, { step: 'THREE_QUARTERS' }, wib('2026-03-10 19:00'), with2026)).toMatchObject({ send: null, next: { step: 'BREACH' } });
  });

  it('late by days, sends the current overdue count with its escalation', () => {
    const { send, next } = dueReminder(timer, { step: 'HALF' }, wib('2026-03-13 08:00'), with2026);
    expect(send).toMatchObject({ step: 'OVERDUE', overdueWorkingDays: 2, escalation: true });
    expect(next).toMatchObject({ step: 'OVERDUE', overdueWorkingDays: 3 });
  });

  it('after the last step has nothing to send and nothing to wait for', () => {
    expect(dueReminder(timer, { step: 'OVERDUE', overdueWorkingDays: 10 }, wib('2026-12-31 08:00'), with2026)).toEqual({ send: null, next: null });
  });
});

const DAY = 86_400_000;
const zones = fc.constantFrom<TimeZone>('Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura');
const instants = fc.integer({ min: Date.UTC(2025, 6, 1), max: Date.UTC(2027, 5, 30) }).map((ms) => new Date(ms).toISOString());
const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const calendars = fc
  .uniqueArray(fc.integer({ min: 0, max: 364 }), { maxLength: 30 })
  .map((offsets): HolidayCalendar => ({
    year: 2027,
    holidays: [],
    collectiveLeave: offsets.map((offset, i) => ({ date: isoDay(Date.UTC(2027, 0, 1) + offset * DAY), name: `Cuti bersama ${i}` })),
  }))
  .map((calendar2027) => new Calendars([CALENDAR_2026, calendar2027]));
const kinds = fc.constantFrom<SlaTimer['kind']>('stage', 'returned');

describe('reminders, for any start, SLA, zone and calendar', () => {
  it('come strictly one after another, each on a working day, and stop', () => {
    fc.assert(
      fc.property(calendars, instants, fc.integer({ min: 1, max: 20 }), zones, kinds, (cals, since, workingDays, zone, kind) => {
        const timer: SlaTimer = { kind, since, dueAt: addWorkingDays(since, workingDays, zone, cals).value, workingDays, zone };
        const plan = chase(timer, cals);
        expect(plan).toHaveLength(kind === 'stage' ? 13 : 6);
        let previous = Date.parse(since);
        for (const reminder of plan) {
          expect(Date.parse(reminder.at)).toBeGreaterThan(previous);
          expect(isWorkingDay(localDate(reminder.at, zone), cals).value).toBe(true);
          previous = Date.parse(reminder.at);
        }
        expect(plan).toEqual(reminderPlan(timer, cals));
      }),
      { numRuns: 300 },
    );
  });

  it('stay strictly increasing even when the stored deadline disagrees with the calendar', () => {
    fc.assert(
      fc.property(calendars, instants, fc.integer({ min: -10 * DAY, max: 40 * DAY }), fc.double({ min: 0.1, max: 20, noNaN: true }), zones, kinds, (cals, since, dueOffset, workingDays, zone, kind) => {
        const timer: SlaTimer = { kind, since, dueAt: new Date(Date.parse(since) + dueOffset).toISOString(), workingDays, zone };
        const times = chase(timer, cals).map((r) => Date.parse(r.at));
        for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1] as number);
      }),
    );
  });

  it('a job run at any instant sends at most the latest step due, and what it waits for next is later than now', () => {
    fc.assert(
      fc.property(calendars, instants, fc.integer({ min: 1, max: 10 }), zones, fc.integer({ min: 0, max: 60 * DAY }), (cals, since, workingDays, zone, elapsed) => {
        const timer: SlaTimer = { kind: 'stage', since, dueAt: addWorkingDays(since, workingDays, zone, cals).value, workingDays, zone };
        const now = Date.parse(since) + elapsed;
        const { send, next } = dueReminder(timer, null, new Date(now).toISOString(), cals);
        if (send) expect(Date.parse(send.at)).toBeLessThanOrEqual(now);
        if (next) expect(Date.parse(next.at)).toBeGreaterThan(now);
        const past = reminderPlan(timer, cals).filter((r) => Date.parse(r.at) <= now);
        expect(send).toEqual(past.at(-1) ?? null);
      }),
    );
  });
});
