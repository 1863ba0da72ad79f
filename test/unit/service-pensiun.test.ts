import { Calendars, KNOWN_CALENDARS } from '../../shared/domain/calendar';
import { describe, expect, it } from 'vitest';
import { employeeRetirementDate, pensionFilingOpensOn, pensiun, pensiunPayloadSchema, type PensiunPayload } from '../../shared/domain/catalog/pensiun';
import type { FilingContext } from '../../shared/domain/catalog/types';
import type { Employee } from '../../shared/domain/employees';
import { employee, ORGS } from '../support/fixtures';

// Like the seeded administrator: born 1968-09-17, TMT CPNS March 1993, BUP 58.
const hartono = (overrides: Partial<Employee> = {}): Employee =>
  employee('196809171993031001', ORGS.yogya!, { jabatan: 'Pengadministrasi Perkantoran', pangkat: { golongan: 'III/d', tmt: '2014-04-01' }, ...overrides });

const ctx = (today: string, who: Employee = hartono()): FilingContext => ({ employee: who, today, now: `${today}T02:00:00.000Z`, calendars: new Calendars([]), windows: [] });
const payload = (overrides: Partial<PensiunPayload> = {}): PensiunPayload => pensiunPayloadSchema.parse({ ...pensiun.examplePayload, ...overrides });
const check = (p: PensiunPayload, c: FilingContext) => pensiun.checkFiling!(p, c);
const paths = (issues: { path: string }[]) => issues.map((i) => i.path);

describe('PENSIUN at BUP', () => {
  it('accepts the example for the seeded-like employee', () => {
    expect(employeeRetirementDate(hartono())).toBe('2026-10-01');
    expect(check(payload(), ctx('2026-06-01'))).toEqual([]);
  });

  it('opens filing exactly 12 months before the TMT pensiun', () => {
    expect(pensionFilingOpensOn('2026-10-01')).toBe('2025-10-01');
    expect(check(payload(), ctx('2025-10-01'))).toEqual([]);
    const issues = check(payload(), ctx('2025-09-30'));
    expect(paths(issues)).toEqual(['payload.tmtPensiun']);
    expect(issues[0]!.message).toContain('can be filed from 2025-10-01');
  });

  it('takes the age by position: 58, 60 and 65, from the title of a functional position or the recorded kind', () => {
    const titled = (jabatan: string) => hartono({ jabatan });
    expect(employeeRetirementDate(titled('Analis Kebijakan Ahli Muda'))).toBe('2026-10-01');
    expect(employeeRetirementDate(titled('Analis Kebijakan Ahli Madya'))).toBe('2028-10-01');
    expect(employeeRetirementDate(hartono({ jabatan: 'Kepala Dinas Pendidikan', jabatanKind: 'PIMPINAN_TINGGI' }))).toBe('2028-10-01');
    expect(employeeRetirementDate(titled('Widyaiswara Ahli Utama'))).toBe('2033-10-01');
  });

  it('refuses a TMT that is not the BUP date and names the right one', () => {
    const madya = hartono({ jabatan: 'Analis Kebijakan Ahli Madya' });
    const issues = check(payload(), ctx('2026-06-01', madya));
    expect(issues).toHaveLength(2);
    expect(issues[0]!.message).toContain('tmtPensiun at BUP (60 years) is 2028-10-01, not 2026-10-01');
    expect(issues[1]!.message).toContain('can be filed from 2027-10-01');
    expect(check(payload({ tmtPensiun: '2028-10-01' }), ctx('2027-10-01', madya))).toEqual([]);
  });

  it('moves a birth on the last day of a month to the next month and a December birth to January', () => {
    expect(employeeRetirementDate(employee('196809301993031001', ORGS.yogya!, { jabatanKind: 'ADMINISTRASI' }))).toBe('2026-10-01');
    expect(employeeRetirementDate(employee('196810011993031001', ORGS.yogya!, { jabatanKind: 'ADMINISTRASI' }))).toBe('2026-11-01');
    expect(employeeRetirementDate(employee('196112311990031001', ORGS.yogya!, { jabatanKind: 'FUNGSIONAL_AHLI_UTAMA' }))).toBe('2027-01-01');
  });

  it('takes the birth date from the NIP over the record', () => {
    expect(employeeRetirementDate(hartono({ birthDate: '1970-01-01' }))).toBe('2026-10-01');
  });
});

describe('PENSIUN at own request', () => {
  // Born 1980-03-15, TMT CPNS March 2005: age 45 on 2025-03-15, 20 years' service on 2025-03-01.
  const early = employee('198003152005031001', ORGS.yogya!, { jabatanKind: 'ADMINISTRASI' });
  const aps = (tmtPensiun: string) => payload({ jenisPensiun: 'ATAS_PERMINTAAN_SENDIRI', tmtPensiun });

  it('accepts it once both age 45 and 20 years of service are reached', () => {
    expect(check(aps('2025-04-01'), ctx('2025-01-10', early))).toEqual([]);
  });

  it('refuses it before age 45 and names the date it is reached', () => {
    const issues = check(aps('2025-03-01'), ctx('2025-01-10', early));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toContain('needs age 45 by tmtPensiun: reached on 2025-03-15');
  });

  it('refuses it before 20 years of service counted from TMT CPNS', () => {
    const later = employee('197501012005041001', ORGS.yogya!, { jabatanKind: 'ADMINISTRASI' });
    expect(check(aps('2025-03-01'), ctx('2025-01-10', later))[0]!.message).toContain('20 years of service by tmtPensiun: from TMT CPNS 2005-04-01, reached on 2025-04-01');
    expect(check(aps('2025-04-01'), ctx('2025-01-10', later))).toEqual([]);
  });

  it('refuses an early retirement dated at or after the BUP date', () => {
    expect(paths(check(aps('2026-10-01'), ctx('2026-01-10')))).toEqual(['payload.jenisPensiun']);
  });
});

describe('PENSIUN by death', () => {
  const death = (tanggalMeninggal: string, tmtPensiun: string) =>
    payload({ jenisPensiun: 'MENINGGAL_DUNIA', tanggalMeninggal, tmtPensiun, ahliWaris: [{ nama: 'Sulastri', hubungan: 'ISTRI', tanggalLahir: '1971-02-11' }] });

  it('takes the 1st of the month after the death as the TMT', () => {
    expect(check(death('2026-03-10', '2026-04-01'), ctx('2026-03-20'))).toEqual([]);
    expect(check(death('2026-03-10', '2026-03-01'), ctx('2026-03-20'))[0]!.message).toContain('is 2026-04-01');
  });

  it('needs the date of death and the heirs in the payload', () => {
    expect(pensiunPayloadSchema.safeParse({ ...pensiun.examplePayload, jenisPensiun: 'TEWAS', ahliWaris: undefined }).success).toBe(false);
  });

  it('needs the health team letter for unfitness', () => {
    expect(pensiunPayloadSchema.safeParse({ ...pensiun.examplePayload, jenisPensiun: 'TIDAK_CAKAP_JASMANI_ROHANI' }).success).toBe(false);
    expect(pensiunPayloadSchema.safeParse({ ...pensiun.examplePayload, jenisPensiun: 'TIDAK_CAKAP_JASMANI_ROHANI', nomorSuratTimPengujiKesehatan: 'TPK/12/2026' }).success).toBe(true);
  });

  it('refuses a TMT pensiun that is not the 1st of a month', () => {
    expect(pensiunPayloadSchema.safeParse({ ...pensiun.examplePayload, tmtPensiun: '2026-10-02' }).success).toBe(false);
  });
});

describe('PENSIUN eligibility and completion', () => {
  it('refuses an employee already retired, a CPNS and a PPPK', () => {
    expect(paths(check(payload(), ctx('2026-06-01', hartono({ status: 'PENSIUN', retirementDate: '2026-10-01' }))))).toEqual(['employee.status']);
    expect(paths(check(payload(), ctx('2026-06-01', hartono({ kind: 'CPNS' }))))).toEqual(['employee.kind']);
    expect(paths(check(payload(), ctx('2026-06-01', hartono({ kind: 'PPPK' }))))).toEqual(['employee.kind']);
  });

  it('marks the employee retired from the TMT pensiun and changes nothing else', () => {
    const before = hartono();
    const effect = pensiun.onComplete!({ employee: before, organisations: new Map(), proposalId: 'USL-TEST-0000-0001', calendars: new Calendars(KNOWN_CALENDARS), payload: pensiun.examplePayload, output: pensiun.exampleOutput, now: '2026-08-14T03:00:00.000Z' });
    expect(effect.employee).toEqual({ ...before, status: 'PENSIUN', retirementDate: '2026-10-01' });
    expect(before.status).toBeUndefined();
  });
});
