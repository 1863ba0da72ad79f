import { Calendars, KNOWN_CALENDARS } from '../../shared/domain/calendar';
import { describe, expect, it } from 'vitest';
import { kenaikanPangkat, kenaikanPangkatPayloadSchema, type KenaikanPangkatPayload } from '../../shared/domain/catalog/kenaikan-pangkat';
import type { FilingContext } from '../../shared/domain/catalog/types';
import type { Employee } from '../../shared/domain/employees';
import { defaultWindows, type SubmissionWindow } from '../../shared/domain/sla/windows';
import { employee, ORGS } from '../support/fixtures';

const windows = [...defaultWindows(2026), ...defaultWindows(2027)];

function ctx(today: string, overrides: Partial<Employee> = {}, ws: readonly SubmissionWindow[] = windows): FilingContext {
  return {
    employee: employee('199001012015032001', ORGS.sleman!, overrides),
    today,
    now: `${today}T02:00:00.000Z`,
    calendars: new Calendars([]),
    windows: ws,
  };
}

const payload = (overrides: Partial<KenaikanPangkatPayload> = {}): KenaikanPangkatPayload =>
  kenaikanPangkatPayloadSchema.parse({ ...kenaikanPangkat.examplePayload, ...overrides });
const check = (p: KenaikanPangkatPayload, c: FilingContext) => kenaikanPangkat.checkFiling!(p, c);
const paths = (issues: { path: string }[]) => issues.map((i) => i.path);

describe('KENAIKAN_PANGKAT filing rules', () => {
  it('accepts the example for an eligible PNS inside the open window', () => {
    expect(check(payload(), ctx('2026-11-02'))).toEqual([]);
  });

  it('refuses a period on or after the retirement date (BUP), and takes the last period before it', () => {
    // An administrative post retires at 58: born December 1968, discharged from 1 January 2027.
    const retiring = { birthDate: '1968-12-10', jabatan: 'Pengadministrasi Perkantoran', jabatanKind: 'ADMINISTRASI' as const };
    const issues = check(payload(), ctx('2026-11-02', retiring));
    expect(issues).toEqual([{ path: 'payload.periode', message: expect.stringContaining('retires on 2027-01-01, not after the period 2027-02-01') }]);
    // Born March 1969: discharged from 1 April 2027, after the February period.
    expect(check(payload(), ctx('2026-11-02', { ...retiring, birthDate: '1969-03-10' }))).toEqual([]);
  });

  it('accepts a regular promotion with exactly four years in rank on the period date', () => {
    expect(check(payload(), ctx('2026-11-02', { pangkat: { golongan: 'III/b', tmt: '2023-02-01' } }))).toEqual([]);
  });

  it('refuses a regular promotion one day short of four years and says how much is missing', () => {
    const issues = check(payload(), ctx('2026-11-02', { pangkat: { golongan: 'III/b', tmt: '2023-02-02' } }));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe('payload.periode');
    expect(issues[0]!.message).toContain('1 day short');
    expect(issues[0]!.message).toContain('eligible from 2027-02-02');
  });

  it('names the missing years and months when the rank is recent', () => {
    const [issue] = check(payload(), ctx('2026-11-02', { pangkat: { golongan: 'III/b', tmt: '2024-10-01' } }));
    expect(issue!.message).toContain('1 year 8 months short');
  });

  it('counts the four years from the record, not from the payload', () => {
    const issues = check(payload({ tmtGolonganSaatIni: '2010-04-01' }), ctx('2026-11-02', { pangkat: { golongan: 'III/b', tmt: '2024-10-01' } }));
    expect(paths(issues)).toEqual(['payload.periode']);
  });

  it('does not apply the four-year rule to a promotion by position', () => {
    const issues = check(payload({ jenisKenaikanPangkat: 'PILIHAN_JABATAN_STRUKTURAL' }), ctx('2026-11-02', { pangkat: { golongan: 'III/b', tmt: '2025-04-01' } }));
    expect(issues).toEqual([]);
  });

  it('refuses a current rank that is not the one on record and names both', () => {
    const issues = check(payload(), ctx('2026-11-02', { pangkat: { golongan: 'III/c', tmt: '2020-04-01' } }));
    expect(paths(issues)).toContain('payload.golonganSaatIni');
    const message = issues.find((i) => i.path === 'payload.golonganSaatIni')!.message;
    expect(message).toContain('III/b');
    expect(message).toContain('III/c');
  });

  it('refuses a regular promotion with a rating below BAIK in either of the two years (PP 99/2000 art. 7)', () => {
    const rated = (predikat: KenaikanPangkatPayload['predikatSkp'][number]['predikat']) => payload({ predikatSkp: [{ tahun: 2025, predikat }, { tahun: 2026, predikat: 'BAIK' }] });
    expect(check(rated('SANGAT_BAIK'), ctx('2026-11-02'))).toEqual([]);
    for (const predikat of ['BUTUH_PERBAIKAN', 'KURANG', 'SANGAT_KURANG'] as const) {
      const issues = check(rated(predikat), ctx('2026-11-02'));
      expect(paths(issues)).toEqual(['payload.predikatSkp']);
      expect(issues[0]!.message).toContain(`2025 is rated ${predikat}`);
    }
    // A promotion by position is not held to the regular rule here.
    expect(check(payload({ jenisKenaikanPangkat: 'PILIHAN_JABATAN_FUNGSIONAL', predikatSkp: [{ tahun: 2025, predikat: 'KURANG' }, { tahun: 2026, predikat: 'BAIK' }] }), ctx('2026-11-02'))).toEqual([]);
  });

  it('refuses two ratings of the same year for a regular promotion', () => {
    const issues = check(payload({ predikatSkp: [{ tahun: 2026, predikat: 'BAIK' }, { tahun: 2026, predikat: 'BAIK' }] }), ctx('2026-11-02'));
    expect(issues.map((i) => i.message)).toEqual(['a regular promotion needs the SKP ratings of two different years; both given are for 2026']);
  });

  it('refuses a rating that is not the one on record for that year, and takes a year the record lacks as given', () => {
    const onRecord = { skp: [{ tahun: 2025, predikat: 'KURANG' }] };
    const issues = check(payload(), ctx('2026-11-02', onRecord));
    expect(issues).toEqual([{ path: 'payload.predikatSkp', message: "predikatSkp for 2025 is BAIK but the employee's SKP rating on record for 2025 is KURANG" }]);
    expect(check(payload(), ctx('2026-11-02', { skp: [{ tahun: 2025, predikat: 'BAIK' }] }))).toEqual([]);
  });

  it('refuses a CPNS and a PPPK', () => {
    expect(paths(check(payload(), ctx('2026-11-02', { kind: 'CPNS' })))).toEqual(['employee.kind']);
    expect(paths(check(payload(), ctx('2026-11-02', { kind: 'PPPK' })))).toEqual(['employee.kind']);
  });

  it("accepts a filing on the window's last day", () => {
    expect(check(payload(), ctx('2026-12-31'))).toEqual([]);
  });

  it('refuses a filing the day after the window closes and names the window open then', () => {
    const issues = check(payload(), ctx('2027-01-01'));
    expect(paths(issues)).toEqual(['payload.periode']);
    expect(issues[0]!.message).toContain('2026-11-01 to 2026-12-31');
    expect(issues[0]!.message).toContain('the open window is for the period 2027-04-01, until 2027-02-28');
  });

  it('names the next window with its dates when none is open', () => {
    const set: SubmissionWindow[] = [
      { serviceType: 'KENAIKAN_PANGKAT', period: '2027-02-01', opensOn: '2026-11-01', closesOn: '2026-11-30' },
      { serviceType: 'KENAIKAN_PANGKAT', period: '2027-04-01', opensOn: '2027-01-15', closesOn: '2027-02-15' },
    ];
    expect(check(payload(), ctx('2026-11-30', {}, set))).toEqual([]);
    const [issue] = check(payload(), ctx('2026-12-01', {}, set));
    expect(issue!.message).toContain('the next window is for the period 2027-04-01, open from 2027-01-15 to 2027-02-15');
  });

  it('says so when no window is set for the period or after it', () => {
    const [issue] = check(payload(), ctx('2026-11-02', {}, []));
    expect(issue!.message).toContain('no submission window is set for the period 2027-02-01');
    expect(issue!.message).toContain('no later window is set yet');
  });
});

describe('KENAIKAN_PANGKAT completion', () => {
  it("changes only the employee's rank, to the proposed one from the decree's TMT", () => {
    const before = employee('199001012015032001', ORGS.sleman!);
    const effect = kenaikanPangkat.onComplete!({ employee: before, organisations: new Map(), proposalId: 'USL-TEST-0000-0001', calendars: new Calendars(KNOWN_CALENDARS), payload: kenaikanPangkat.examplePayload, output: kenaikanPangkat.exampleOutput, now: '2027-01-20T03:00:00.000Z' });
    expect(effect.employee).toEqual({ ...before, pangkat: { golongan: 'III/c', tmt: '2027-02-01' } });
    expect(before.pangkat).toEqual({ golongan: 'III/b', tmt: '2022-04-01' });
  });
});
