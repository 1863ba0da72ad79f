import { describe, expect, it } from 'vitest';
import { inboxQuery, listProposalsQuery, yearSchema } from '../../shared/http/schemas';

// Numbers arrive in paths and query strings as text: only plain decimal digits in range are numbers.
describe('numbers in paths and queries', () => {
  it.each(['2000', '2026', '2100'])('year %s is taken', (year) => {
    expect(yearSchema.parse(year)).toBe(Number(year));
  });

  it.each(['0x7EA', '2e3', '2026.0', ' 2026', '2026 ', '+2026', '', '02026', '1999', '2101', '２０２６', '2026\n'])('year %j is refused', (year) => {
    expect(yearSchema.safeParse(year).success).toBe(false);
  });

  it('a page size is 1 to 100, 20 when left out', () => {
    for (const schema of [listProposalsQuery, inboxQuery]) {
      expect(schema.parse({}).limit).toBe(20);
      expect(schema.parse({ limit: '1' }).limit).toBe(1);
      expect(schema.parse({ limit: '100' }).limit).toBe(100);
      for (const limit of ['0', '101', '0x10', '1e1', '', ' 5', '05', '-1', '5.0']) expect(schema.safeParse({ limit }).success, limit).toBe(false);
    }
  });
});
