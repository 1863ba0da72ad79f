import { describe, expect, it } from 'vitest';
import { penetapanNiPppk, penetapanNiPppkPayloadSchema, type PenetapanNiPppkPayload } from '../../shared/domain/catalog/penetapan-ni-pppk';
import { penetapanNip, penetapanNipPayloadSchema, type PenetapanNipPayload } from '../../shared/domain/catalog/penetapan-nip';
import type { ServiceType } from '../../shared/domain/catalog/types';
import type { DomainError } from '../../shared/domain/errors';
import { parseNip, parseNiPppk } from '../../shared/domain/nip';
import { applyTransition, createProposal, MAX_SEQUENCE, type Change, type LifecycleContext } from '../../shared/domain/proposal/lifecycle';
import { ACTORS, ORGS, plainDeadline, readyDocuments } from '../support/fixtures';

const nipPayload = (overrides: Partial<PenetapanNipPayload> = {}) => penetapanNipPayloadSchema.parse({ ...penetapanNip.examplePayload, ...overrides });
const pppkPayload = (overrides: Partial<PenetapanNiPppkPayload> = {}) => penetapanNiPppkPayloadSchema.parse({ ...penetapanNiPppk.examplePayload, ...overrides });
const checkNip = (overrides: Partial<PenetapanNipPayload>, today = '2026-11-02') => penetapanNip.candidate!.check(nipPayload(overrides), today);
const checkPppk = (overrides: Partial<PenetapanNiPppkPayload>, today = '2026-11-02') => penetapanNiPppk.candidate!.check(pppkPayload(overrides), today);

describe('PENETAPAN_NIP: a candidate’s data must be able to make a valid NIP', () => {
  it('accepts the example and keys its counter on birth date, TMT CPNS and sex', () => {
    expect(checkNip({})).toEqual([]);
    expect(penetapanNip.candidate!.numberPrefix(nipPayload())).toBe('199909052026032');
  });

  it('refuses a birth date in the future, counted on the agency’s today', () => {
    expect(checkNip({ tanggalLahir: '2026-11-03' }, '2026-11-02').map((i) => i.path)).toContain('payload.tanggalLahir');
    expect(checkNip({ tanggalLahir: '2026-11-03' }, '2026-11-02')[0]!.message).toContain('future');
  });

  it('refuses a TMT CPNS before the 18th birthday, to the day, and counts 29 February to 1 March in a common year', () => {
    expect(checkNip({ tanggalLahir: '2008-03-01', tmtCpns: '2026-03-01' })).toEqual([]);
    expect(checkNip({ tanggalLahir: '2008-03-02', tmtCpns: '2026-03-01' }).map((i) => i.path)).toEqual(['payload.tmtCpns']);
    // Born on a leap day: 18 on 1 March 2026 (no 29 February), so March is the first TMT allowed.
    expect(checkNip({ tanggalLahir: '2008-02-29', tmtCpns: '2026-03-01' })).toEqual([]);
    expect(checkNip({ tanggalLahir: '2008-02-29', tmtCpns: '2026-02-01' })[0]!.message).toContain('18th birthday');
  });

  it('refuses a TMT more than a year ahead, and dates that do not exist never pass the schema', () => {
    expect(checkNip({ tmtCpns: '2027-12-01' }).map((i) => i.path)).toEqual(['payload.tmtCpns']);
    expect(checkNip({ tmtCpns: '2027-11-01' })).toEqual([]);
    expect(penetapanNipPayloadSchema.safeParse({ ...penetapanNip.examplePayload, tanggalLahir: '1999-02-29' }).success).toBe(false);
    expect(penetapanNipPayloadSchema.safeParse({ ...penetapanNip.examplePayload, tanggalLahir: '2000-02-29' }).success).toBe(true);
    expect(penetapanNipPayloadSchema.safeParse({ ...penetapanNip.examplePayload, tmtCpns: '2026-03-02' }).success).toBe(false);
  });
});

describe('PENETAPAN_NI_PPPK: the appointment year and the intake digits', () => {
  it('keys its counter on birth date, appointment year, the intake’s two digits and sex', () => {
    expect(checkPppk({})).toEqual([]);
    expect(penetapanNiPppk.candidate!.numberPrefix(pppkPayload())).toBe('199304122026211');
  });

  it('refuses an appointment before the year of the 20th birthday (PP 49/2018 art. 16 a)', () => {
    expect(checkPppk({ tanggalLahir: '2006-12-31', tmtPppk: '2026-01-01' })).toEqual([]);
    expect(checkPppk({ tanggalLahir: '2007-01-01', tmtPppk: '2026-04-01' }).map((i) => i.path)).toEqual(['payload.tmtPppk']);
  });
});

/** A candidate's proposal at APPROVED, as the Kanreg's approver leaves it. */
function approved(type: ServiceType, payload: unknown): { change: Change; ctx: (actor: LifecycleContext['actor'], draw?: { previous: number; sequence: number }) => LifecycleContext } {
  const ctx = (actor: LifecycleContext['actor'], draw?: { previous: number; sequence: number }): LifecycleContext => ({
    now: '2026-11-02T02:00:00.000Z',
    actor,
    serviceType: type,
    organisations: new Map(Object.values(ORGS).map((o) => [o.id, o])),
    deadline: plainDeadline,
    candidate: { today: '2026-11-02', ...(draw ? { draw } : {}) },
    documents: ready.uploaded,
  });
  const ready = readyDocuments(type, 'USL-2026-0000-0001');
  let change = createProposal({ id: 'USL-2026-0000-0001', pinHash: 'x', subject: { candidateOf: 'PEMKAB-SLEMAN' }, payload, documents: ready.references }, ctx(ACTORS.opSleman));
  const steps: [LifecycleContext['actor'], 'submit' | 'forward' | 'approve'][] = [
    [ACTORS.opSleman, 'submit'],
    [ACTORS.apprSleman, 'forward'],
    [ACTORS.verKanreg1, 'forward'],
    [ACTORS.apprKanreg1, 'approve'],
  ];
  for (const [actor, action] of steps) change = applyTransition(change.proposal, { action, expectedVersion: change.proposal.version }, ctx(actor));
  return { change, ctx };
}

describe('completing a candidate’s proposal', () => {
  const complete = (type: ServiceType, output: unknown, draw?: { previous: number; sequence: number }) => {
    const { change, ctx } = approved(type, type.examplePayload);
    return applyTransition(change.proposal, { action: 'complete', expectedVersion: change.proposal.version, output }, ctx(ACTORS.opSleman, draw));
  };

  it('files without a number: nobody’s own, in the agency’s and its Kanreg’s scope', () => {
    const { change } = approved(penetapanNip, penetapanNip.examplePayload);
    expect(change.proposal.nip).toBeUndefined();
    expect(change.proposal.scope).toEqual({ agencyIds: ['PEMKAB-SLEMAN'], kanregIds: ['KANREG-I'] });
    expect(change.event.subject.nip).toBeUndefined();
  });

  it('composes the NIP from the prefix and the sequence drawn, creates the record and gives the proposal its number', () => {
    const done = complete(penetapanNip, penetapanNip.exampleOutput, { previous: 41, sequence: 42 });
    expect(done.proposal.output).toEqual({ ...penetapanNip.exampleOutput, nip: '199909052026032042' });
    expect(done.event.output).toEqual(done.proposal.output);
    expect(done.proposal.nip).toBe('199909052026032042');
    expect(done.event.subject.nip).toBe('199909052026032042');
    expect(done.numberDrawn).toEqual({ prefix: '199909052026032', previous: 41, sequence: 42 });
    expect(parseNip('199909052026032042')).toMatchObject({ ok: true, birthDate: '1999-09-05', tmt: '2026-03', sex: 'F', sequence: 42 });
    expect(done.employee).toMatchObject({
      nip: '199909052026032042', kind: 'CPNS', name: 'Nadia Putri Ramadhani', agencyId: 'PEMKAB-SLEMAN', birthDate: '1999-09-05', sex: 'F',
      tmtCpns: '2026-03-01', pangkat: { golongan: 'III/a', tmt: '2026-03-01' }, timeZone: 'Asia/Jakarta', version: 1,
      contact: { email: 'nadia.ramadhani@example.com', phone: '+6281227554310' },
      positionHistory: [{ jabatan: 'Pranata Komputer Ahli Pertama', unitKerja: 'Dinas Komunikasi dan Informatika', tmt: '2026-03-01' }],
    });
  });

  it('composes the NI PPPK likewise, a valid NI PPPK', () => {
    const done = complete(penetapanNiPppk, penetapanNiPppk.exampleOutput, { previous: 0, sequence: 1 });
    expect(done.proposal.output).toMatchObject({ niPppk: '199304122026211001' });
    expect(parseNiPppk('199304122026211001')).toMatchObject({ ok: true, appointmentYear: 2026, middleDigits: '21', sex: 'M' });
    expect(done.employee).toMatchObject({ kind: 'PPPK', pangkat: { golongan: 'IX', tmt: '2026-04-01' } });
  });

  it(`refuses a sequence past ${MAX_SEQUENCE}: three digits are all there are`, () => {
    expect(complete(penetapanNip, penetapanNip.exampleOutput, { previous: 998, sequence: 999 }).proposal.nip).toBe('199909052026032999');
    expect(() => complete(penetapanNip, penetapanNip.exampleOutput, { previous: 999, sequence: 1000 })).toThrow(
      expect.objectContaining({ code: 'NUMBER_SEQUENCE_EXHAUSTED' }) as unknown as DomainError,
    );
  });

  it('never takes the number from the completing operator', () => {
    expect(() => complete(penetapanNip, { ...penetapanNip.exampleOutput, nip: '199909052026032001' }, { previous: 0, sequence: 1 })).toThrow(
      expect.objectContaining({ code: 'REQUIREMENT_MISSING' }) as unknown as DomainError,
    );
  });
});
