import { describe, expect, it } from 'vitest';
import { addYears, firstOfNextMonth, formatSpan, spanBetween, tmtCpnsFromNip } from '../../shared/domain/catalog/dates';
import { CATALOG, findServiceType } from '../../shared/domain/catalog';
import { serviceTypeView } from '../../shared/domain/catalog/views';

const types = [...CATALOG.values()];

describe('the service catalog', () => {
  it('lists the nine services of docs/architecture.md in its order: numbers, appointment, promotion, transfer, pension, leave, data update, SKP', () => {
    expect([...CATALOG.keys()]).toEqual(['PENETAPAN_NIP', 'PENETAPAN_NI_PPPK', 'PENGANGKATAN_PNS', 'KENAIKAN_PANGKAT', 'MUTASI', 'PENSIUN', 'CUTI', 'PEMUTAKHIRAN_DATA', 'SKP']);
    expect(findServiceType('PENSIUN')?.code).toBe('PENSIUN');
  });

  describe.each(types.map((type) => [type.code, type] as const))('%s', (_code, type) => {
    it('has an example payload and output that pass its own schemas', () => {
      expect(type.payloadSchema.safeParse(type.examplePayload).error).toBeUndefined();
      expect(type.outputSchema.safeParse(type.exampleOutput).error).toBeUndefined();
    });

    it('names itself, its documents, stages and completion in Indonesian and English', () => {
      for (const names of [type.names, type.description, type.completion.names, ...type.requiredDocuments.map((d) => d.names), ...type.stages.map((s) => s.names)]) {
        expect(names.id.trim()).not.toBe('');
        expect(names.en.trim()).not.toBe('');
      }
      expect(new Set(type.requiredDocuments.map((d) => d.code)).size).toBe(type.requiredDocuments.length);
      expect(new Set(type.stages.map((s) => s.code)).size).toBe(type.stages.length);
    });

    it('gives every stage, the completion and a returned proposal a positive SLA in working days', () => {
      for (const sla of [...type.stages.map((s) => s.slaWorkingDays), type.completion.slaWorkingDays, type.returnedSlaWorkingDays]) {
        expect(Number.isInteger(sla) && sla > 0).toBe(true);
      }
    });

    it('publishes JSON Schemas beside its examples', () => {
      const view = serviceTypeView(type);
      expect(view.payloadSchema).toMatchObject({ type: 'object' });
      expect(view.outputSchema).toMatchObject({ type: 'object' });
      expect(view.examplePayload).toEqual(type.examplePayload);
    });
  });
});

describe('dates for the rules', () => {
  it('adds whole years, taking 29 February to 1 March in a common year', () => {
    expect(addYears('2023-02-01', 4)).toBe('2027-02-01');
    expect(addYears('2024-02-29', 1)).toBe('2025-03-01');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(addYears('2026-10-01', -1)).toBe('2025-10-01');
  });

  it('spans years, months and days and says only the parts that are not zero', () => {
    expect(formatSpan(spanBetween('2027-02-01', '2027-02-02'))).toBe('1 day');
    expect(formatSpan(spanBetween('2027-02-01', '2028-10-01'))).toBe('1 year 8 months');
    expect(spanBetween('2027-01-31', '2027-03-01')).toEqual({ years: 0, months: 1, days: 1 });
    expect(formatSpan(spanBetween('2027-02-01', '2027-02-01'))).toBe('0 days');
  });

  it('finds the 1st of the next month and the TMT CPNS an NIP encodes', () => {
    expect(firstOfNextMonth('2026-12-31')).toBe('2027-01-01');
    expect(tmtCpnsFromNip('199811052025011002')).toBe('2025-01-01');
    expect(tmtCpnsFromNip('199811052025131002')).toBeUndefined();
    expect(tmtCpnsFromNip('12345')).toBeUndefined();
  });
});
