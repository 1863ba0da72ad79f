import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { civilFromDay, dayFromCivil, toIsoDate } from '../../shared/domain/calendar/days';
import { DomainError } from '../../shared/domain/errors';
import {
  birthDateOfNumber,
  composeNiPppk,
  composeNip,
  employeeNumberSchema,
  nipPrefix,
  nipSchema,
  nipSchemaAt,
  niPppkPrefix,
  parseNiPppk,
  parseNip,
} from '../../shared/domain/nip';
import type { NiPppkParts, NipParts, Parsed } from '../../shared/domain/nip';

const messages = (result: Parsed<unknown>): string[] => (result.ok ? [] : result.issues.map((issue) => issue.message));

/** The issues a compose or prefix call refuses with, by field; [] when it does not throw. */
function refusal(call: () => unknown): { path: string; message: string }[] {
  try {
    call();
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('VALIDATION_FAILED');
    return (error as DomainError).issues;
  }
}

describe('parsing an NIP', () => {
  it('reads the birth date, the TMT CPNS, the sex and the sequence', () => {
    expect(parseNip('198609262015051001')).toEqual({ ok: true, birthDate: '1986-09-26', tmt: '2015-05', sex: 'M', sequence: 1 });
    expect(parseNip('199012312019032999')).toEqual({ ok: true, birthDate: '1990-12-31', tmt: '2019-03', sex: 'F', sequence: 999 });
  });

  it('refuses a number that is not 18 digits, saying how long it is', () => {
    expect(messages(parseNip('19860926201505100'))).toEqual(['an NIP is 18 digits; this has 17 characters']);
    expect(messages(parseNip('1986092620150510011'))).toEqual(['an NIP is 18 digits; this has 19 characters']);
    expect(messages(parseNip(''))).toEqual(['an NIP is 18 digits; this has 0 characters']);
  });

  it('refuses 18 characters that are not all ASCII digits', () => {
    for (const text of ['19860926 201505101', '1986.09.26.2015051', '19860926201505100a', '１９８６０９２６２０１５０５１００１']) {
      expect(messages(parseNip(text)), text).toEqual(['an NIP is 18 digits (0–9) only, without spaces or dots']);
    }
  });

  it('accepts 29 February in a leap year, including 2000, a century divisible by 400', () => {
    expect(parseNip('200002292022031001')).toMatchObject({ ok: true, birthDate: '2000-02-29' });
    expect(parseNip('196802292000031001')).toMatchObject({ ok: true, birthDate: '1968-02-29' });
  });

  it('refuses 29 February in a common year, including 1900, a century not divisible by 400', () => {
    expect(messages(parseNip('196702292000031001'))).toEqual(['birth date 19670229 is no date: 1967 is not a leap year, so it has no 29 February']);
    expect(messages(parseNip('190002291930031001'))).toEqual(['birth date 19000229 is no date: 1900 is not a leap year, so it has no 29 February']);
  });

  it('refuses 31 April and 30 February', () => {
    expect(messages(parseNip('199004312015031001'))).toEqual(['birth date 19900431 is no date: April has 30 days, not 31']);
    expect(messages(parseNip('199002302015031001'))).toEqual(['birth date 19900230 is no date: February has 28 days, not 30']);
  });

  it('refuses birth months 00 and 13 and birth day 00', () => {
    expect(messages(parseNip('199000152015031001'))).toEqual(['birth date 19900015 is no date: month 00 is not a month (01–12)']);
    expect(messages(parseNip('199013152015031001'))).toEqual(['birth date 19901315 is no date: month 13 is not a month (01–12)']);
    expect(messages(parseNip('199005002015031001'))).toEqual(['birth date 19900500 is no date: May has 31 days, not 00']);
  });

  it('refuses TMT months 00 and 13', () => {
    expect(messages(parseNip('199005152015001001'))).toEqual(['TMT CPNS 201500 is no month: month 00 is not a month (01–12)']);
    expect(messages(parseNip('199005152015131001'))).toEqual(['TMT CPNS 201513 is no month: month 13 is not a month (01–12)']);
  });

  it('refuses sex digits 0 and 3, and any but 1 and 2', () => {
    for (const digit of ['0', '3', '9']) {
      expect(messages(parseNip(`19900515201503${digit}001`)), digit).toEqual([`the sex digit (15th) is ${digit}: 1 for male or 2 for female`]);
    }
  });

  it('refuses sequence 000 and accepts 001 and 999', () => {
    expect(messages(parseNip('199005152015031000'))).toEqual(['the sequence (last three digits) is 000; sequences start at 001']);
    expect(parseNip('199005152015031001')).toMatchObject({ ok: true, sequence: 1 });
    expect(parseNip('199005152015031999')).toMatchObject({ ok: true, sequence: 999 });
  });

  it('refuses a TMT one month before the 18th birthday and accepts one in its month when the birthday is the 1st', () => {
    expect(messages(parseNip('199005012008041001'))).toEqual([
      'TMT CPNS 2008-04-01 is before the 18th birthday (born 1990-05-01); a CPNS is at least 18 (PP 11/2017 art. 23 (1) a)',
    ]);
    expect(parseNip('199005012008051001')).toMatchObject({ ok: true, tmt: '2008-05' });
  });

  it('takes the TMT as the 1st of its month, so a birthday later that month needs the next month', () => {
    expect(messages(parseNip('199005152008051001'))).toHaveLength(1);
    expect(parseNip('199005152008061001')).toMatchObject({ ok: true, tmt: '2008-06' });
  });

  it('lets someone born on 29 February start in March of their 18th year, not February', () => {
    expect(messages(parseNip('200002292018021001'))).toHaveLength(1);
    expect(parseNip('200002292018031001')).toMatchObject({ ok: true });
  });

  it('refuses a TMT before the birth date', () => {
    expect(messages(parseNip('199005151990041001'))).toEqual([
      'TMT CPNS 1990-04 is before the birth date 1990-05-15',
    ]);
  });

  it('reports every problem at once, all under the given path', () => {
    const result = parseNip('199013322015003000', { path: 'payload.nip' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toHaveLength(4);
    expect(new Set(result.issues.map((issue) => issue.path))).toEqual(new Set(['payload.nip']));
  });

  it('with today, refuses a birth date in the future', () => {
    expect(messages(parseNip('203001012050011001', { today: '2026-05-10' }))).toEqual([
      'birth date 2030-01-01 is in the future (today is 2026-05-10)',
      'TMT CPNS 2050-01 is more than 1 year ahead of today (2026-05-10)',
    ]);
    expect(parseNip('203001012050011001')).toMatchObject({ ok: true });
  });

  it('with today, accepts a TMT up to a year ahead and refuses one beyond', () => {
    expect(parseNip('199005152027051001', { today: '2026-05-10' })).toMatchObject({ ok: true });
    expect(messages(parseNip('199005152027061001', { today: '2026-05-10' }))).toEqual(['TMT CPNS 2027-06 is more than 1 year ahead of today (2026-05-10)']);
  });

  it('takes a birth date of today as not in the future', () => {
    expect(messages(parseNip('202605102044061001', { today: '2026-05-10' }))).toEqual(['TMT CPNS 2044-06 is more than 1 year ahead of today (2026-05-10)']);
  });

  it('throws on a malformed today, which is the caller’s bug', () => {
    expect(() => parseNip('199005152015031001', { today: '2026-02-30' })).toThrow(RangeError);
  });
});

describe('composing an NIP', () => {
  const parts: NipParts = { birthDate: '1986-09-26', tmt: '2015-05', sex: 'M', sequence: 1 };

  it('writes the digits in order, the sequence padded to three', () => {
    expect(composeNip(parts)).toBe('198609262015051001');
    expect(composeNip({ ...parts, sex: 'F', sequence: 42 })).toBe('198609262015052042');
    expect(composeNip({ ...parts, sequence: 999 })).toBe('198609262015051999');
  });

  it('has as prefix the first 15 digits, without the sequence', () => {
    expect(nipPrefix(parts)).toBe('198609262015051');
  });

  it('refuses a sequence outside 1..999 or not whole', () => {
    for (const sequence of [0, 1000, 1.5, -1, Number.NaN]) {
      expect(refusal(() => composeNip({ ...parts, sequence })), String(sequence)).toEqual([
        { path: 'sequence', message: 'the sequence is a whole number from 1 to 999' },
      ]);
    }
  });

  it('refuses the dates a parse refuses, each under its field', () => {
    expect(refusal(() => composeNip({ ...parts, birthDate: '1967-02-29', tmt: '2000-03' }))).toEqual([
      { path: 'birthDate', message: 'birth date 19670229 is no date: 1967 is not a leap year, so it has no 29 February' },
    ]);
    expect(refusal(() => composeNip({ ...parts, tmt: '2015-13' })).map((issue) => issue.path)).toEqual(['tmt']);
    expect(refusal(() => composeNip({ ...parts, tmt: '2004-09' }))[0]?.message).toContain('before the 18th birthday');
    expect(refusal(() => nipPrefix({ ...parts, tmt: '2004-09' }))).toHaveLength(1);
  });

  it('refuses malformed fields as a payload from JSON could carry them', () => {
    const bad = { birthDate: '26-09-1986', tmt: '2015-5', sex: 'X', sequence: '1' } as unknown as NipParts;
    expect(refusal(() => composeNip(bad)).map((issue) => issue.path)).toEqual(['birthDate', 'tmt', 'sex', 'sequence']);
    expect(refusal(() => composeNip({ ...parts, birthDate: '1990-04-31', tmt: 'May 2015' })).map((issue) => issue.path)).toEqual(['birthDate', 'tmt']);
    expect(refusal(() => composeNip({ ...parts, birthDate: 'yesterday', tmt: '2015-00' })).map((issue) => issue.path)).toEqual(['birthDate', 'tmt']);
  });

  it('with today, refuses a birth date in the future', () => {
    expect(refusal(() => composeNip({ ...parts, birthDate: '2030-01-01', tmt: '2027-01' }, { today: '2026-05-10' })).map((issue) => issue.message)).toEqual([
      'birth date 2030-01-01 is in the future (today is 2026-05-10)',
      'TMT CPNS 2027-01 is before the birth date 2030-01-01',
    ]);
  });
});

/** Parts that make a valid NIP: a TMT from the 18th birthday up to 40 years later. */
const validNipParts: fc.Arbitrary<NipParts> = fc
  .record({
    birth: fc.integer({ min: dayFromCivil(1900, 1, 1), max: dayFromCivil(2010, 12, 31) }),
    monthsAfter18: fc.integer({ min: 0, max: 480 }),
    sex: fc.constantFrom<'M' | 'F'>('M', 'F'),
    sequence: fc.integer({ min: 1, max: 999 }),
  })
  .map(({ birth, monthsAfter18, sex, sequence }) => {
    const { year, month, day } = civilFromDay(birth);
    // The first month whose 1st is on or after the 18th birthday (29 February: 1 March).
    const first = (year + 18) * 12 + (month - 1) + (day > 1 ? 1 : 0);
    const index = first + monthsAfter18;
    const tmt = `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
    return { birthDate: toIsoDate(birth), tmt, sex, sequence };
  });

describe('NIP properties', () => {
  it('composing then parsing gives back the parts', () => {
    fc.assert(
      fc.property(validNipParts, (parts) => {
        expect(parseNip(composeNip(parts))).toEqual({ ok: true, ...parts });
      }),
    );
  });

  it('every composed NIP is 18 digits and begins with its prefix', () => {
    fc.assert(
      fc.property(validNipParts, (parts) => {
        const nip = composeNip(parts);
        expect(nip).toMatch(/^\d{18}$/);
        expect(nip.startsWith(nipPrefix(parts))).toBe(true);
      }),
    );
  });

  it('NIPs composed from the same inputs with different sequences share their prefix and nothing else differs', () => {
    fc.assert(
      fc.property(validNipParts, fc.integer({ min: 1, max: 999 }), (parts, other) => {
        const a = composeNip(parts);
        const b = composeNip({ ...parts, sequence: other });
        expect(a.slice(0, 15)).toBe(b.slice(0, 15));
        expect(a === b).toBe(parts.sequence === other);
      }),
    );
  });

  it('a parsed NIP composes back to the same text, and parsing never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.stringMatching(/^\d{18}$/), fc.string()), (text) => {
        const parsed = parseNip(text);
        if (parsed.ok) expect(composeNip(parsed)).toBe(text);
        else expect(parsed.issues.length).toBeGreaterThan(0);
      }),
    );
  });

  it('the first month whose 1st is on or after the 18th birthday is accepted, the month before refused', () => {
    fc.assert(
      fc.property(validNipParts, (parts) => {
        const [year, month, day] = parts.birthDate.split('-').map(Number) as [number, number, number];
        const first = (year + 18) * 12 + (month - 1) + (day > 1 ? 1 : 0);
        const tmtOf = (index: number): string => `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
        expect(composeNip({ ...parts, tmt: tmtOf(first) })).toHaveLength(18);
        expect(refusal(() => composeNip({ ...parts, tmt: tmtOf(first - 1) }))[0]?.message).toContain('before the 18th birthday');
      }),
    );
  });
});

describe('the NIP zod schema', () => {
  it('passes a valid NIP through unchanged', () => {
    expect(nipSchema.parse('198609262015051001')).toBe('198609262015051001');
  });

  it('carries the parse’s issues as zod issues', () => {
    const result = nipSchema.safeParse('199004312015033000');
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([
      'birth date 19900431 is no date: April has 30 days, not 31',
      'the sex digit (15th) is 3: 1 for male or 2 for female',
      'the sequence (last three digits) is 000; sequences start at 001',
    ]);
  });

  it('says once that a wrong-length text is not 18 digits', () => {
    expect(nipSchema.safeParse('12345').error?.issues.map((issue) => issue.message)).toEqual(['an NIP is 18 digits']);
    expect(nipSchema.safeParse(12345).success).toBe(false);
  });

  it('keeps the 18-digit pattern in its JSON Schema for the OpenAPI document', () => {
    expect(z.toJSONSchema(nipSchema, { io: 'input', unrepresentable: 'any' })).toMatchObject({ type: 'string', pattern: '^\\d{18}$' });
  });

  it('with today, refuses a birth date in the future', () => {
    expect(nipSchemaAt({ today: '2026-05-10' }).safeParse('203001012050011001').success).toBe(false);
    expect(nipSchemaAt({ today: '2026-05-10' }).safeParse('198609262015051001').success).toBe(true);
  });
});

describe('parsing an NI PPPK', () => {
  it('reads the birth date, appointment year, middle digits, sex (15th digit) and sequence', () => {
    expect(parseNiPppk('199009132025242014')).toEqual({
      ok: true,
      birthDate: '1990-09-13',
      appointmentYear: 2025,
      middleDigits: '24',
      sex: 'F',
      sequence: 14,
    });
  });

  it('does not check the middle digits or the sequence, whose rules are not published', () => {
    expect(parseNiPppk('199009132025991000')).toMatchObject({ ok: true, middleDigits: '99', sequence: 0 });
  });

  it('refuses a wrong length, non-digits, impossible birth dates and sex digits other than 1 and 2', () => {
    expect(messages(parseNiPppk('1990091320252420'))).toEqual(['an NI PPPK is 18 digits; this has 16 characters']);
    expect(messages(parseNiPppk('19900913 202524201'))).toEqual(['an NI PPPK is 18 digits (0–9) only, without spaces or dots']);
    expect(messages(parseNiPppk('199102292025211001'))).toEqual(['birth date 19910229 is no date: 1991 is not a leap year, so it has no 29 February']);
    expect(parseNiPppk('199202292025211001')).toMatchObject({ ok: true, birthDate: '1992-02-29' });
    expect(messages(parseNiPppk('199004312025211001'))).toEqual(['birth date 19900431 is no date: April has 30 days, not 31']);
    expect(messages(parseNiPppk('199013012025211001'))).toEqual(['birth date 19901301 is no date: month 13 is not a month (01–12)']);
    expect(messages(parseNiPppk('199001012025210001'))).toEqual(['the sex digit (15th) is 0: 1 for male or 2 for female']);
    expect(messages(parseNiPppk('199001012025213001'))).toEqual(['the sex digit (15th) is 3: 1 for male or 2 for female']);
  });

  it('refuses an appointment year before the year of the 20th birthday, and one before birth', () => {
    expect(messages(parseNiPppk('200512312024211001'))).toEqual([
      'the appointment year 2024 is before the year of the 20th birthday (2025); a PPPK is at least 20 (PP 49/2018 art. 16 a)',
    ]);
    expect(parseNiPppk('200512312025211001')).toMatchObject({ ok: true });
    expect(messages(parseNiPppk('200512312004211001'))).toEqual(['the appointment year 2004 is before the birth year 2005']);
  });

  it('with today, refuses a birth date in the future and a year more than one ahead', () => {
    expect(messages(parseNiPppk('202701012047211001', { today: '2026-05-10' }))).toEqual([
      'birth date 2027-01-01 is in the future (today is 2026-05-10)',
      'the appointment year 2047 is more than 1 year after this year (2026)',
    ]);
    expect(parseNiPppk('199001012027211001', { today: '2026-05-10' })).toMatchObject({ ok: true });
  });
});

describe('composing an NI PPPK', () => {
  const parts: NiPppkParts = { birthDate: '1990-09-13', appointmentYear: 2025, middleDigits: '24', sex: 'F', sequence: 14 };

  it('writes the digits in order, and its prefix is the first 15', () => {
    expect(composeNiPppk(parts)).toBe('199009132025242014');
    expect(niPppkPrefix(parts)).toBe('199009132025242');
  });

  it('refuses what cannot make a valid number, each under its field', () => {
    const bad = { birthDate: '1990-02-30', appointmentYear: 20250, middleDigits: '2', sex: 'W', sequence: 0 } as unknown as NiPppkParts;
    expect(refusal(() => composeNiPppk(bad)).map((issue) => issue.path)).toEqual(['birthDate', 'appointmentYear', 'middleDigits', 'sex', 'sequence']);
    expect(refusal(() => composeNiPppk({ ...parts, appointmentYear: 2009 })).map((issue) => issue.path)).toEqual(['appointmentYear']);
  });

  const validPppkParts: fc.Arbitrary<NiPppkParts> = fc
    .record({
      birth: fc.integer({ min: dayFromCivil(1940, 1, 1), max: dayFromCivil(2006, 12, 31) }),
      yearsAfter20: fc.integer({ min: 0, max: 40 }),
      middleDigits: fc.stringMatching(/^\d{2}$/),
      sex: fc.constantFrom<'M' | 'F'>('M', 'F'),
      sequence: fc.integer({ min: 1, max: 999 }),
    })
    .map(({ birth, yearsAfter20, middleDigits, sex, sequence }) => ({
      birthDate: toIsoDate(birth),
      appointmentYear: civilFromDay(birth).year + 20 + yearsAfter20,
      middleDigits,
      sex,
      sequence,
    }));

  it('composing then parsing gives back the parts, always 18 digits, prefixes equal across sequences', () => {
    fc.assert(
      fc.property(validPppkParts, fc.integer({ min: 1, max: 999 }), (p, other) => {
        const number = composeNiPppk(p);
        expect(number).toMatch(/^\d{18}$/);
        expect(parseNiPppk(number)).toEqual({ ok: true, ...p });
        expect(composeNiPppk({ ...p, sequence: other }).slice(0, 15)).toBe(niPppkPrefix(p));
      }),
    );
  });
});

describe('the birth date of an employee number', () => {
  it('is read alike from an NIP and an NI PPPK, and only from their first eight digits', () => {
    expect(birthDateOfNumber('198609262015051001')).toBe('1986-09-26');
    expect(birthDateOfNumber('199009132025242014')).toBe('1990-09-13');
    // A number whose other parts are wrong still carries its birth date.
    expect(birthDateOfNumber('198609262015133000')).toBe('1986-09-26');
    expect(birthDateOfNumber('198602302015051001')).toBeUndefined();
    expect(birthDateOfNumber('1986092620150510')).toBeUndefined();
  });
});

describe('the employee number zod schema', () => {
  it('accepts a valid NIP and a valid NI PPPK, such as the seeds’ PPPK employee', () => {
    expect(employeeNumberSchema.parse('198609262015051001')).toBe('198609262015051001');
    expect(employeeNumberSchema.parse('199201302023211005')).toBe('199201302023211005');
    expect(nipSchema.safeParse('199201302023211005').success).toBe(false);
  });

  it('refuses a number valid as neither, giving both readings’ issues', () => {
    expect(employeeNumberSchema.safeParse('199004312015033000').error?.issues.map((issue) => issue.message)).toEqual([
      'as an NIP: birth date 19900431 is no date: April has 30 days, not 31',
      'as an NIP: the sex digit (15th) is 3: 1 for male or 2 for female',
      'as an NIP: the sequence (last three digits) is 000; sequences start at 001',
      'as an NI PPPK: birth date 19900431 is no date: April has 30 days, not 31',
      'as an NI PPPK: the sex digit (15th) is 3: 1 for male or 2 for female',
    ]);
  });
});
