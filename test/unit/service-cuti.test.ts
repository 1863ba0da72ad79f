import { describe, expect, it } from 'vitest';
import { CALENDAR_2026, Calendars, KNOWN_CALENDARS } from '../../shared/domain/calendar';
import { cuti, cutiPayloadSchema, type CutiPayload } from '../../shared/domain/catalog/cuti';
import type { FilingContext } from '../../shared/domain/catalog/types';
import type { Employee } from '../../shared/domain/employees';
import { annualYear, carryInto, leaveBalances, requestedWorkingDays, type AnnualLeaveYear, type LeaveRecord } from '../../shared/domain/leave';
import { EMPLOYEES, employee, ORGS } from '../support/fixtures';

const calendars = new Calendars([CALENDAR_2026]);
const sari = EMPLOYEES.sari;
const ctx = (today: string, who: Employee = sari): FilingContext => ({ employee: who, today, now: `${today}T02:00:00.000Z`, calendars, windows: [] });
const payload = (overrides: Partial<CutiPayload> = {}): CutiPayload => cutiPayloadSchema.parse({ ...cuti.examplePayload, ...overrides });
const check = (p: CutiPayload, c: FilingContext = ctx('2026-11-02')) => cuti.checkFiling!(p, c);
const complete = (who: Employee, p: CutiPayload, letter = '800.1.11.4/200/2026') =>
  cuti.onComplete!({ employee: who, organisations: new Map(), proposalId: 'USL-TEST-0000-0001', calendars: new Calendars(KNOWN_CALENDARS), payload: p, output: { nomorSuratCuti: letter, tanggalSurat: '2026-11-10' }, now: '2026-11-10T03:00:00.000Z' }).employee!;
const withLeave = (leave: LeaveRecord, overrides: Partial<Employee> = {}): Employee => ({ ...sari, leave, ...overrides });
const year = (y: number, entitlement: number, carriedOver: number, taken: number): AnnualLeaveYear => ({ year: y, entitlement, carriedOver, taken });
const annualLeft = (who: Employee, today = '2026-11-02') => leaveBalances(who, today, calendars).find((b) => b.kind === 'TAHUNAN')!.remainingWorkingDays;

describe('counting leave in working days', () => {
  it('counts only the working days of a leave across the Nyepi and Idul Fitri 2026 week', () => {
    // 18 and 20, 23, 24 March are cuti bersama, 19 Nyepi, 21–22 Idul Fitri (a weekend anyway).
    expect(requestedWorkingDays('2026-03-16', '2026-03-27', calendars)).toBe(5);
  });

  it('counts a single working day as one and a range that ends before it starts as none', () => {
    expect(requestedWorkingDays('2026-03-16', '2026-03-16', calendars)).toBe(1);
    expect(requestedWorkingDays('2026-03-17', '2026-03-16', calendars)).toBe(0);
  });

  it('deducts only those five days from annual leave when the holiday week is taken', () => {
    const after = complete(sari, payload({ tanggalMulai: '2026-03-16', tanggalSelesai: '2026-03-27' }));
    expect(after.leave!.taken[0]!.workingDays).toBe(5);
    expect(annualYear(after, 2026).taken).toBe(5);
    expect(annualLeft(after)).toBe(7);
  });

  it('refuses a range that contains no working day', () => {
    const issues = check(payload({ tanggalMulai: '2026-03-18', tanggalSelesai: '2026-03-24' }));
    expect(issues.map((i) => i.path)).toEqual(['payload.tanggalMulai']);
    expect(issues[0]!.message).toContain('contains no working day');
  });
});

describe('the CUTI example', () => {
  it('passes checkFiling for the fixture employee, a PNS with no leave record yet', () => {
    expect(sari.leave).toBeUndefined();
    expect(check(cuti.examplePayload)).toEqual([]);
  });

  it('treats a missing record as the full 12 working days for the current year', () => {
    expect(annualLeft(sari)).toBe(12);
  });
});

describe('the annual leave balance', () => {
  it('refuses a request beyond the balance and names requested and available', () => {
    const who = withLeave({ annual: [year(2026, 12, 0, 9)], taken: [] });
    const issues = check(payload({ tanggalMulai: '2026-12-14', tanggalSelesai: '2026-12-17' }), ctx('2026-11-02', who));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toBe('requested 4 working days of annual leave in 2026, available 3 (entitlement 12 + carried over 0 − taken 9)');
  });

  it('accepts a request that uses the balance exactly', () => {
    const who = withLeave({ annual: [year(2026, 12, 0, 9)], taken: [] });
    expect(check(payload({ tanggalMulai: '2026-12-14', tanggalSelesai: '2026-12-16' }), ctx('2026-11-02', who))).toEqual([]);
  });

  it('counts cuti bersama neither as a requested day nor against the balance', () => {
    // 21–31 December 2026: 24 is cuti bersama and 25 Christmas; 21, 22, 23, 28, 29, 30, 31 remain.
    const who = withLeave({ annual: [year(2026, 12, 0, 5)], taken: [] });
    expect(check(payload({ tanggalMulai: '2026-12-21', tanggalSelesai: '2026-12-31' }), ctx('2026-11-02', who))).toEqual([]);
    expect(annualYear(complete(who, payload({ tanggalMulai: '2026-12-21', tanggalSelesai: '2026-12-31' })), 2026).taken).toBe(12);
  });
});

describe('carry-over of unused annual leave', () => {
  const record = (...rows: AnnualLeaveYear[]): LeaveRecord => ({ annual: rows, taken: [] });

  it('carries at most 6 working days from last year', () => {
    expect(carryInto(record(year(2025, 12, 0, 7)), 2026, 'PNS')).toBe(5);
    expect(carryInto(record(year(2025, 12, 0, 6)), 2026, 'PNS')).toBe(6);
    expect(carryInto(record(year(2025, 12, 0, 3)), 2026, 'PNS')).toBe(6);
  });

  it('caps the year at 18 working days when last year was unused but the one before was used', () => {
    const who = withLeave(record(year(2024, 12, 0, 1), year(2025, 12, 6, 0)));
    expect(annualLeft(who)).toBe(18);
  });

  it('allows 24 working days when annual leave was not taken two years in a row', () => {
    const who = withLeave(record(year(2024, 12, 0, 0), year(2025, 12, 6, 0)));
    expect(annualLeft(who)).toBe(24);
  });

  it('refuses the 25th working day and accepts the 24th', () => {
    const who = withLeave(record(year(2024, 12, 0, 0), year(2025, 12, 6, 0)));
    // 2–30 November 2026 has 21 working days; with 1–3 December, 24; with 4 December, 25.
    expect(requestedWorkingDays('2026-11-02', '2026-12-03', calendars)).toBe(24);
    expect(check(payload({ tanggalMulai: '2026-11-02', tanggalSelesai: '2026-12-03' }), ctx('2026-11-02', who))).toEqual([]);
    const issues = check(payload({ tanggalMulai: '2026-11-02', tanggalSelesai: '2026-12-04' }), ctx('2026-11-02', who));
    expect(issues.map((i) => i.message)).toEqual(['requested 25 working days of annual leave in 2026, available 24 (entitlement 12 + carried over 12 − taken 0)']);
  });

  it('uses carried days first, so what is left of last year\'s own entitlement carries on', () => {
    // 2025: 12 + 6 carried, 8 taken: 6 carried used, 2 of its own; 10 unused, of which 6 carry.
    expect(carryInto(record(year(2025, 12, 6, 8)), 2026, 'PNS')).toBe(6);
    expect(carryInto(record(year(2025, 12, 6, 16)), 2026, 'PNS')).toBe(2);
  });

  it('carries nothing for a PPPK', () => {
    expect(carryInto(record(year(2024, 12, 0, 0), year(2025, 12, 0, 0)), 2026, 'PPPK')).toBe(0);
  });
});

describe('overlap with an approved leave', () => {
  it('refuses a range overlapping an approved leave and names the other leave and its dates', () => {
    const first = complete(sari, payload({ tanggalMulai: '2026-12-14', tanggalSelesai: '2026-12-18' }), '800.1.11.4/123/2026');
    const issues = check(payload({ tanggalMulai: '2026-12-18', tanggalSelesai: '2026-12-22' }), ctx('2026-11-02', first));
    expect(issues.map((i) => i.message)).toEqual([expect.stringContaining('2026-12-18 to 2026-12-22 overlaps the approved TAHUNAN leave 2026-12-14 to 2026-12-18')]);
    expect(issues[0]!.message).toContain('800.1.11.4/123/2026');
  });

  it('accepts the day after an approved leave ends', () => {
    const first = complete(sari, payload({ tanggalMulai: '2026-12-14', tanggalSelesai: '2026-12-18' }));
    expect(check(payload({ tanggalMulai: '2026-12-21', tanggalSelesai: '2026-12-22' }), ctx('2026-11-02', first))).toEqual([]);
  });
});

describe('kinds of leave by kind of employee', () => {
  const pppk = employee('199001012015032001', ORGS.sleman!, { kind: 'PPPK', tmtCpns: '2020-01-01' });

  it('refuses CLTN for a PPPK', () => {
    const issues = check(payload({ jenisCuti: 'CLTN', tanggalMulai: '2026-12-01', tanggalSelesai: '2027-05-31' }), ctx('2026-11-02', pppk));
    expect(issues.map((i) => i.path)).toContain('payload.jenisCuti');
    expect(issues.find((i) => i.path === 'payload.jenisCuti')!.message).toBe('CLTN is for PNS; this employee is PPPK');
  });

  it('gives a PPPK only annual, sick and maternity leave', () => {
    const allowed = leaveBalances({ ...pppk, sex: 'F' }, '2026-11-02', calendars).filter((b) => b.allowed).map((b) => b.kind);
    expect(allowed).toEqual(['TAHUNAN', 'SAKIT', 'MELAHIRKAN']);
  });

  it('refuses annual leave before one year of service and accepts it on the day the year is complete', () => {
    const cpns = employee('199501012026012001', ORGS.sleman!, { kind: 'CPNS', tmtCpns: '2026-01-01' });
    expect(check(payload({ tanggalMulai: '2026-12-14', tanggalSelesai: '2026-12-18' }), ctx('2026-11-02', cpns)).map((i) => i.message)).toEqual([
      'TAHUNAN needs 1 year of continuous service: reached on 2027-01-01, not by 2026-12-14',
    ]);
    expect(check(payload({ tanggalMulai: '2027-01-01', tanggalSelesai: '2027-01-05' }), ctx('2026-12-20', cpns)).map((i) => i.path)).not.toContain('payload.jenisCuti');
  });

  it('refuses big leave before 5 years of service', () => {
    const junior = employee('199501012023012001', ORGS.sleman!, { tmtCpns: '2023-01-01' });
    const issues = check(payload({ jenisCuti: 'BESAR', tanggalMulai: '2026-12-01', tanggalSelesai: '2027-02-28' }), ctx('2026-11-02', junior));
    expect(issues.map((i) => i.message)).toEqual(['BESAR needs 5 years of continuous service: reached on 2028-01-01, not by 2026-12-01']);
  });

  it('limits big leave to 3 months and important reasons to 1 month', () => {
    expect(check(payload({ jenisCuti: 'BESAR', tanggalMulai: '2026-12-01', tanggalSelesai: '2027-02-28' }))).toEqual([]);
    expect(check(payload({ jenisCuti: 'BESAR', tanggalMulai: '2026-12-01', tanggalSelesai: '2027-03-01' })).map((i) => i.message)).toEqual([
      'BESAR is at most 3 months: from 2026-12-01 it ends by 2027-02-28, not 2027-03-01',
    ]);
    expect(check(payload({ jenisCuti: 'ALASAN_PENTING', tanggalMulai: '2026-12-01', tanggalSelesai: '2026-12-31' }))).toEqual([]);
    expect(check(payload({ jenisCuti: 'ALASAN_PENTING', tanggalMulai: '2026-12-01', tanggalSelesai: '2027-01-01' }))).toHaveLength(1);
  });

  it('gives maternity leave to a woman for the first three births, and refuses a man', () => {
    const p = payload({ jenisCuti: 'MELAHIRKAN', tanggalMulai: '2026-12-01', tanggalSelesai: '2027-02-28' });
    expect(check(p)).toEqual([]);
    const three: LeaveRecord = {
      annual: [],
      taken: ['2018', '2020', '2023'].map((y, i) => ({ letter: `L${i}`, kind: 'MELAHIRKAN' as const, from: `${y}-01-01`, to: `${y}-03-31`, workingDays: 60 })),
    };
    expect(check(p, ctx('2026-11-02', withLeave(three))).map((i) => i.message)).toEqual([
      'MELAHIRKAN covers the first 3 births and 3 were taken: a later birth is given as BESAR',
    ]);
    expect(check(p, ctx('2026-11-02', EMPLOYEES.budi)).map((i) => i.path)).toEqual(['payload.jenisCuti']);
  });
});

describe('completing a leave', () => {
  it('appends the leave and deducts annual leave, so the balance shows it', () => {
    const after = complete(sari, cuti.examplePayload, '800.1.11.4/123/2026');
    expect(after.leave).toEqual({
      annual: [{ year: 2026, entitlement: 12, carriedOver: 0, taken: 5 }],
      taken: [{ proposalId: 'USL-TEST-0000-0001', letter: '800.1.11.4/123/2026', kind: 'TAHUNAN', from: '2026-12-14', to: '2026-12-18', workingDays: 5 }],
    });
    expect(annualLeft(after)).toBe(7);
  });

  it('splits an annual leave across New Year between the two years', () => {
    const after = complete(sari, payload({ tanggalMulai: '2026-12-28', tanggalSelesai: '2027-01-08' }));
    // 28–31 December: 4 working days; 1–8 January 2027 (no calendar: weekends only): 6.
    expect(annualYear(after, 2026).taken).toBe(4);
    expect(annualYear(after, 2027)).toEqual({ year: 2027, entitlement: 12, carriedOver: 6, taken: 6 });
  });

  it('records big leave and takes away that year\'s annual leave', () => {
    const after = complete(sari, payload({ jenisCuti: 'BESAR', tanggalMulai: '2026-12-01', tanggalSelesai: '2027-02-26' }));
    expect(after.leave!.taken.map((t) => t.kind)).toEqual(['BESAR']);
    expect(annualLeft(after)).toBe(0);
    const issues = check(payload({ tanggalMulai: '2026-11-23', tanggalSelesai: '2026-11-24' }), ctx('2026-11-02', after));
    expect(issues.map((i) => i.message)).toEqual([
      "requested 2 working days of annual leave in 2026, available 0 (entitlement 0 + carried over 0 − taken 0): cuti besar in 2026 replaces that year's annual leave (PP 11/2017 art. 316)",
    ]);
    expect(check(payload({ jenisCuti: 'BESAR', tanggalMulai: '2029-01-01', tanggalSelesai: '2029-01-31' }), ctx('2028-12-01', after)).map((i) => i.message)).toEqual([
      'the last BESAR began on 2026-12-01; the next one is from 2031-12-01',
    ]);
  });

  it('records sick leave without touching annual leave', () => {
    const after = complete(sari, payload({ jenisCuti: 'SAKIT', tanggalMulai: '2026-11-02', tanggalSelesai: '2026-11-06' }));
    expect(after.leave!.taken[0]).toMatchObject({ kind: 'SAKIT', workingDays: 5 });
    expect(after.leave!.annual).toEqual([]);
    expect(annualLeft(after)).toBe(12);
  });
});
