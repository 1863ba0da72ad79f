import { Calendars, KNOWN_CALENDARS } from '../../shared/domain/calendar';
import { describe, expect, it } from 'vitest';
import { firstPnsEligibleDate, pengangkatanPns, pengangkatanPnsPayloadSchema, type PengangkatanPnsPayload } from '../../shared/domain/catalog/pengangkatan-pns';
import type { FilingContext } from '../../shared/domain/catalog/types';
import type { Employee } from '../../shared/domain/employees';
import { employee, ORGS } from '../support/fixtures';

// Like the seeded CPNS: NIP with TMT CPNS January 2025, golongan III/a from then.
const cpns = (overrides: Partial<Employee> = {}): Employee =>
  employee('199811052025011002', ORGS.sleman!, { kind: 'CPNS', pangkat: { golongan: 'III/a', tmt: '2025-01-01' }, ...overrides });

const ctx = (today: string, who: Employee = cpns()): FilingContext => ({ employee: who, today, now: `${today}T02:00:00.000Z`, calendars: new Calendars([]), windows: [] });
const payload = (overrides: Partial<PengangkatanPnsPayload> = {}): PengangkatanPnsPayload =>
  pengangkatanPnsPayloadSchema.parse({ ...pengangkatanPns.examplePayload, ...overrides });
const check = (p: PengangkatanPnsPayload, c: FilingContext) => pengangkatanPns.checkFiling!(p, c);

describe('PENGANGKATAN_PNS filing rules', () => {
  it('accepts the example for the seeded-like CPNS on the first anniversary of TMT CPNS', () => {
    expect(check(payload(), ctx('2026-01-01'))).toEqual([]);
  });

  it('refuses it the day before the first anniversary and names the first eligible date', () => {
    const issues = check(payload(), ctx('2025-12-31'));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe('payload.tmtCpns');
    expect(issues[0]!.message).toContain('first eligible date is 2026-01-01');
  });

  it('counts a TMT CPNS of 29 February to 1 March of the next year', () => {
    expect(firstPnsEligibleDate('2024-02-29')).toBe('2025-03-01');
    const leap = payload({ tmtCpns: '2024-02-29', tanggalSertifikatLatsar: '2024-10-01' });
    expect(check(leap, ctx('2025-02-28'))[0]!.message).toContain('2025-03-01');
    expect(check(leap, ctx('2025-03-01'))).toEqual([]);
  });

  it('refuses an employee who is not a CPNS', () => {
    expect(check(payload(), ctx('2026-02-01', cpns({ kind: 'PNS' }))).map((i) => i.path)).toEqual(['employee.kind']);
    expect(check(payload(), ctx('2026-02-01', cpns({ kind: 'PPPK' }))).map((i) => i.path)).toEqual(['employee.kind']);
  });

  it('refuses a TMT CPNS that is not the one on record and counts from the record', () => {
    const issues = check(payload({ tmtCpns: '2024-01-01', tanggalSertifikatLatsar: '2024-09-01' }), ctx('2025-06-01', cpns({ tmtCpns: '2025-01-01' })));
    expect(issues.map((i) => i.path)).toEqual(['payload.tmtCpns', 'payload.tmtCpns']);
    expect(issues[1]!.message).toContain('first eligible date is 2026-01-01');
  });

  it('refuses a basic training certificate dated before the TMT CPNS', () => {
    expect(pengangkatanPnsPayloadSchema.safeParse({ ...pengangkatanPns.examplePayload, tanggalSertifikatLatsar: '2024-12-31' }).success).toBe(false);
  });
});

describe('PENGANGKATAN_PNS completion', () => {
  it('makes the employee a PNS from the TMT PNS and changes nothing else', () => {
    const before = cpns();
    const effect = pengangkatanPns.onComplete!({ employee: before, organisations: new Map(), proposalId: 'USL-TEST-0000-0001', calendars: new Calendars(KNOWN_CALENDARS), payload: pengangkatanPns.examplePayload, output: pengangkatanPns.exampleOutput, now: '2026-01-20T03:00:00.000Z' });
    expect(effect.employee).toEqual({ ...before, kind: 'PNS', tmtPns: '2026-02-01' });
    expect(before.kind).toBe('CPNS');
  });
});
