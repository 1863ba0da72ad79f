import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BUP_TABLE,
  JABATAN_KINDS,
  birthDateFromNip,
  bupAge,
  bupAgeOf,
  jabatanKindOf,
  nextRetirementReminder,
  retirementDate,
  retirementReminders,
} from '../../shared/domain/sla/retirement';

describe('the birth date in an NIP', () => {
  it('is its first eight digits', () => {
    expect(birthDateFromNip('196803152000031001')).toBe('1968-03-15');
    expect(birthDateFromNip('199012312019032002')).toBe('1990-12-31');
  });

  it('is 29 February only in a leap year', () => {
    expect(birthDateFromNip('196802292000031001')).toBe('1968-02-29');
    expect(birthDateFromNip('196702292000031001')).toBeUndefined();
    expect(birthDateFromNip('190002292000031001')).toBeUndefined();
    expect(birthDateFromNip('200002292022031001')).toBe('2000-02-29');
  });

  it('is no date when the digits are none, or the number is not an NIP', () => {
    for (const nip of ['196813012000031001', '196804312000031001', '196803002000031001', '19680315200003100', '1968031520000310011', '1968-03-15-2000031', ' 196803152000031001', '１９６８０３１５２０００３１００１']) {
      expect(birthDateFromNip(nip), nip).toBeUndefined();
    }
  });
});

describe('the retirement age (BUP) by position, PP 11/2017 art. 239', () => {
  it('is 58 for administration and junior functional positions, 60 for leadership and ahli madya, 65 for ahli utama', () => {
    expect(bupAge('ADMINISTRASI')).toBe(58);
    expect(bupAge('FUNGSIONAL_KETERAMPILAN')).toBe(58);
    expect(bupAge('FUNGSIONAL_AHLI_PERTAMA')).toBe(58);
    expect(bupAge('FUNGSIONAL_AHLI_MUDA')).toBe(58);
    expect(bupAge('PIMPINAN_TINGGI')).toBe(60);
    expect(bupAge('FUNGSIONAL_AHLI_MADYA')).toBe(60);
    expect(bupAge('FUNGSIONAL_AHLI_UTAMA')).toBe(65);
  });

  it('is 58 for a position not on record or not known, including names Object carries', () => {
    for (const kind of [undefined, '', 'GURU_HONORER', 'constructor', 'toString', '__proto__']) expect(bupAge(kind), String(kind)).toBe(58);
  });

  it('reads the kind from the record, or else from a functional title, which carries its level', () => {
    expect(bupAgeOf({ jabatan: 'Analis Kebijakan Ahli Madya' })).toBe(60);
    expect(bupAgeOf({ jabatan: 'Widyaiswara Ahli Utama' })).toBe(65);
    expect(bupAgeOf({ jabatan: 'Perencana Ahli Muda' })).toBe(58);
    expect(bupAgeOf({ jabatan: 'Pranata Komputer Penyelia' })).toBe(58);
    expect(jabatanKindOf({ jabatan: 'Pranata Komputer Terampil' })).toBe('FUNGSIONAL_KETERAMPILAN');
    // A leadership title does not say it is one: the recorded kind does.
    expect(bupAgeOf({ jabatan: 'Kepala Dinas Pendidikan' })).toBe(58);
    expect(bupAgeOf({ jabatan: 'Kepala Dinas Pendidikan', jabatanKind: 'PIMPINAN_TINGGI' })).toBe(60);
    // The record wins over the title; no title at all is the default.
    expect(bupAgeOf({ jabatan: 'Analis Kebijakan Ahli Madya', jabatanKind: 'ADMINISTRASI' })).toBe(58);
    expect(bupAgeOf({})).toBe(58);
    // "Ahli Madya" in the middle of a unit's name is no level.
    expect(jabatanKindOf({ jabatan: 'Sekretaris Tim Penilai Ahli Madya Provinsi' })).toBeUndefined();
  });

  it('is data that names its source and covers every kind', () => {
    expect(BUP_TABLE.source).toMatch(/PP 11\/2017.*239/);
    expect(Object.keys(BUP_TABLE.ages).sort()).toEqual([...JABATAN_KINDS].sort());
  });
});

describe('the retirement date: the first of the month after the month BUP is reached', () => {
  it.each([
    ['born on the 1st of a month', '1968-03-01', 58, '2026-04-01'],
    ['born mid-month', '1968-03-15', 58, '2026-04-01'],
    ['born on the last day of a month', '1968-03-31', 58, '2026-04-01'],
    ['born on 29 February, reaching BUP in a common year', '1968-02-29', 58, '2026-03-01'],
    ['born on 29 February, reaching BUP in a leap year', '1968-02-29', 60, '2028-03-01'],
    ['born on 28 February', '1967-02-28', 58, '2025-03-01'],
    ['born in December, retiring into the next year', '1968-12-15', 58, '2027-01-01'],
    ['born on 31 December', '1968-12-31', 60, '2029-01-01'],
    ['born on 1 January', '1969-01-01', 58, '2027-02-01'],
    ['an ahli utama born in November', '1961-11-30', 65, '2026-12-01'],
  ])('%s: %s at %i → %s', (_case, birth, age, expected) => {
    expect(retirementDate(birth, age)).toBe(expected);
  });

  it('follows from the NIP and the position together', () => {
    const birth = birthDateFromNip('196812152000031001');
    expect(birth && retirementDate(birth, bupAge('FUNGSIONAL_AHLI_MADYA'))).toBe('2029-01-01');
  });

  it('refuses an age that is no whole number of years, and a birth date that is no date', () => {
    for (const age of [0, -58, 58.5, Number.NaN, 101]) expect(() => retirementDate('1968-03-15', age), String(age)).toThrow(RangeError);
    expect(() => retirementDate('1967-02-29', 58)).toThrow(RangeError);
  });

  it('is always the 1st of a month, after the BUP birthday and at most a month after it', () => {
    const births = fc.integer({ min: Date.UTC(1950, 0, 1), max: Date.UTC(2005, 11, 31) }).map((ms) => new Date(ms).toISOString().slice(0, 10));
    fc.assert(
      fc.property(births, fc.constantFrom(58, 60, 65), (birth, age) => {
        const retirement = retirementDate(birth, age);
        expect(retirement.endsWith('-01')).toBe(true);
        const [y, m, d] = birth.split('-').map(Number) as [number, number, number];
        // The birthday in the BUP year; 29 February falls back to the 28th in a common year.
        const birthday = Date.UTC(y + age, m - 1, Math.min(d, new Date(Date.UTC(y + age, m, 0)).getUTCDate()));
        const on = Date.parse(`${retirement}T00:00:00Z`);
        expect(on).toBeGreaterThan(birthday);
        expect(on - birthday).toBeLessThanOrEqual(31 * 86_400_000);
      }),
    );
  });
});

describe('retirement reminders', () => {
  it('fall 12 and 6 months before the retirement date', () => {
    expect(retirementReminders('2027-04-01')).toEqual([
      { monthsBefore: 12, on: '2026-04-01' },
      { monthsBefore: 6, on: '2026-10-01' },
    ]);
  });

  it('for a January retirement fall in the January and July of the year before', () => {
    expect(retirementReminders('2027-01-01')).toEqual([
      { monthsBefore: 12, on: '2026-01-01' },
      { monthsBefore: 6, on: '2026-07-01' },
    ]);
  });

  it('for a date without its day six months earlier fall on that month\'s last day', () => {
    expect(retirementReminders('2026-08-31')).toEqual([
      { monthsBefore: 12, on: '2025-08-31' },
      { monthsBefore: 6, on: '2026-02-28' },
    ]);
    expect(retirementReminders('2029-02-28')[0]).toEqual({ monthsBefore: 12, on: '2028-02-28' });
  });

  it('come one after the other: 12 months, then 6, then none', () => {
    expect(nextRetirementReminder('2027-04-01', null)).toEqual({ monthsBefore: 12, on: '2026-04-01' });
    expect(nextRetirementReminder('2027-04-01', 12)).toEqual({ monthsBefore: 6, on: '2026-10-01' });
    expect(nextRetirementReminder('2027-04-01', 6)).toBeNull();
  });
});
