import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, hashEvent, sealEvent, verifyChain } from '../../shared/domain/proposal/history';
import type { HistoryEvent, HistoryEventType, Status } from '../../shared/domain/proposal/types';

// Built by hand, not through the lifecycle: these tests are about the chain, whatever the services do.
const STEPS: [HistoryEventType, Status | null, Status][] = [
  ['create', null, 'DRAFT'],
  ['submit', 'DRAFT', 'IN_PROGRESS'],
  ['forward', 'IN_PROGRESS', 'IN_PROGRESS'],
  ['approve', 'IN_PROGRESS', 'APPROVED'],
  ['complete', 'APPROVED', 'COMPLETED'],
];

function chain(length = STEPS.length): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  for (let seq = 1; seq <= length; seq++) {
    const [type, fromStatus, toStatus] = STEPS[(seq - 1) % STEPS.length]!;
    events.push(
      sealEvent({
        proposalId: 'USL-2026-0000-0100',
        seq,
        subject: { serviceType: 'CUTI', nip: '199001012015032001', agencyId: 'PEMKAB-SLEMAN', filedBy: { userId: 'user-sari', role: 'PEGAWAI' } },
        type,
        at: new Date(Date.UTC(2026, 10, 2, 2, seq)).toISOString(),
        actor: { userId: `user-${seq}`, name: `Petugas ${seq}`, role: seq === 1 ? 'PEGAWAI' : 'VERIFIKATOR', orgId: 'PEMKAB-SLEMAN' },
        fromStatus,
        toStatus,
        fromStage: null,
        toStage: null,
        ...(seq === 2 ? { note: 'Mohon diproses' } : {}),
        prevHash: events.at(-1)?.hash ?? GENESIS_HASH,
      }),
    );
  }
  return events;
}

const headOf = (events: HistoryEvent[]) => ({ lastSeq: events.at(-1)?.seq ?? 0, lastHash: events.at(-1)?.hash ?? GENESIS_HASH });
const edit = (events: HistoryEvent[], index: number, change: Partial<HistoryEvent> & Record<string, unknown>) =>
  events.map((event, i) => (i === index ? ({ ...event, ...change } as HistoryEvent) : event));

describe('verifying a history chain', () => {
  it('an untouched history is valid, with or without the proposal head', () => {
    const events = chain();
    expect(verifyChain(events)).toEqual({ valid: true, events: 5 });
    expect(verifyChain(events, headOf(events))).toEqual({ valid: true, events: 5 });
  });

  it('an edited event breaks at its own seq as a hash mismatch, with both hashes', () => {
    const events = edit(chain(), 2, { actor: { userId: 'user-x', name: 'Orang lain', role: 'APPROVER', orgId: 'PEMKAB-SLEMAN' } });
    expect(verifyChain(events, headOf(events))).toEqual({
      valid: false,
      why: 'hash',
      brokenAtSeq: 3,
      storedHash: events[2]!.hash,
      computedHash: hashEvent(events[2]!),
    });
  });

  it('a field added to an event, or one taken away, is an edit too', () => {
    expect(verifyChain(edit(chain(), 1, { extra: 'injected' }))).toMatchObject({ valid: false, why: 'hash', brokenAtSeq: 2 });
    expect(verifyChain(edit(chain(), 1, { note: undefined }))).toMatchObject({ valid: false, why: 'hash', brokenAtSeq: 2 });
  });

  it('an event edited and re-hashed breaks the link of the next one', () => {
    const events = chain();
    events[1] = sealEvent({ ...events[1]!, note: 'Diubah diam-diam' });
    expect(verifyChain(events)).toEqual({ valid: false, why: 'link', brokenAtSeq: 3, prevHash: chain()[1]!.hash, expectedPrevHash: events[1]!.hash });
  });

  it('a first event that does not start from the genesis hash breaks at seq 1', () => {
    const events = edit(chain(), 0, { prevHash: 'f'.repeat(64) });
    expect(verifyChain(events)).toMatchObject({ valid: false, why: 'link', brokenAtSeq: 1, expectedPrevHash: GENESIS_HASH });
  });

  it('a deleted event is a gap at the missing seq, naming the next seq found', () => {
    const events = chain();
    expect(verifyChain([events[0]!, events[1]!, events[3]!, events[4]!], headOf(events))).toEqual({ valid: false, why: 'gap', brokenAtSeq: 3, nextSeq: 4 });
    expect(verifyChain(events.slice(1), headOf(events))).toEqual({ valid: false, why: 'gap', brokenAtSeq: 1, nextSeq: 2 });
  });

  it('several deleted events are one gap that starts at the first of them', () => {
    const events = chain();
    expect(verifyChain([events[0]!, events[4]!])).toEqual({ valid: false, why: 'gap', brokenAtSeq: 2, nextSeq: 5 });
  });

  it('a duplicate, an event out of order or a seq that is not a whole number breaks the sequence', () => {
    const events = chain();
    expect(verifyChain([events[0]!, events[1]!, events[1]!, events[2]!])).toEqual({ valid: false, why: 'sequence', brokenAtSeq: 3, foundSeq: 2 });
    expect(verifyChain(edit(events, 1, { seq: '2' as unknown as number }))).toEqual({ valid: false, why: 'sequence', brokenAtSeq: 2, foundSeq: '2' });
    expect(verifyChain(edit(events, 0, { seq: 0 }))).toMatchObject({ valid: false, why: 'sequence', brokenAtSeq: 1 });
  });

  describe('against the proposal head', () => {
    it('the last event deleted: the events agree with each other, not with the head', () => {
      const events = chain();
      expect(verifyChain(events.slice(0, 4), headOf(events))).toEqual({
        valid: false,
        why: 'head',
        brokenAtSeq: 5,
        head: headOf(events),
        chainEnd: headOf(events.slice(0, 4)),
      });
    });

    it('an event appended behind the proposal’s back breaks at the first seq the head does not know', () => {
      const events = chain();
      expect(verifyChain(events, headOf(events.slice(0, 3)))).toMatchObject({ valid: false, why: 'head', brokenAtSeq: 4 });
    });

    it('a head whose hash was changed breaks at the last event', () => {
      const events = chain();
      expect(verifyChain(events, { lastSeq: 5, lastHash: 'a'.repeat(64) })).toMatchObject({ valid: false, why: 'head', brokenAtSeq: 5 });
    });

    it('a head that names no number still breaks, at the last event', () => {
      const events = chain();
      expect(verifyChain(events, { lastSeq: undefined as unknown as number, lastHash: headOf(events).lastHash })).toMatchObject({ valid: false, why: 'head', brokenAtSeq: 5 });
    });

    it('a history with every event deleted breaks at seq 1', () => {
      expect(verifyChain([], headOf(chain()))).toMatchObject({ valid: false, why: 'head', brokenAtSeq: 1, chainEnd: { lastSeq: 0, lastHash: GENESIS_HASH } });
    });
  });

  it('any change to any field of any event is found, at that event or the one after it', () => {
    const events = chain();
    const fields = Object.keys(events[0]!).filter((key) => key !== 'hash');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: events.length - 1 }), fc.constantFrom(...fields), fc.jsonValue(), fc.boolean(), (index, field, value, rehash) => {
        const original = events[index]! as unknown as Record<string, unknown>;
        fc.pre(JSON.stringify(original[field]) !== JSON.stringify(value));
        const changed = { ...original, [field]: value } as unknown as HistoryEvent;
        const tampered = events.map((event, i) => (i === index ? (rehash ? sealEvent(changed) : changed) : event));
        const verdict = verifyChain(tampered, headOf(events));
        expect(verdict.valid).toBe(false);
        if (!verdict.valid) expect(verdict.brokenAtSeq).toBeGreaterThanOrEqual(index + 1);
        if (!verdict.valid) expect(verdict.brokenAtSeq).toBeLessThanOrEqual(index + 2);
      }),
      { numRuns: 500 },
    );
  });
});
