import { describe, expect, it } from 'vitest';
import { cuti } from '../../shared/domain/catalog/cuti';
import { canonicalJson, verifyChain } from '../../shared/domain/proposal/history';
import { applyTransition, createProposal } from '../../shared/domain/proposal/lifecycle';
import { ACTORS, EMPLOYEES, context } from '../support/fixtures';

function threeEvents() {
  const first = createProposal({ id: 'USL-0000-0000-0100', pinHash: 'x', subject: { employee: EMPLOYEES.sari }, payload: cuti.examplePayload, documents: [{ code: 'FORMULIR_CUTI', reference: 'r' }] }, context(ACTORS.sari, cuti));
  const second = applyTransition(first.proposal, { action: 'submit', expectedVersion: 1 }, context(ACTORS.sari, cuti));
  const third = applyTransition(second.proposal, { action: 'forward', expectedVersion: 2 }, context(ACTORS.verSleman, cuti));
  return [first.event, second.event, third.event];
}

describe('the history hash chain', () => {
  it('verifies an untouched history', () => {
    expect(verifyChain(threeEvents())).toEqual({ valid: true, events: 3 });
  });

  it('detects an edited event and says which', () => {
    const events = threeEvents();
    events[1] = { ...events[1]!, actor: { ...events[1]!.actor, name: 'someone else' } };
    expect(verifyChain(events)).toMatchObject({ valid: false, brokenAtSeq: 2, why: 'hash' });
  });

  it('detects a removed event', () => {
    const events = threeEvents();
    expect(verifyChain([events[0]!, events[2]!])).toMatchObject({ valid: false, brokenAtSeq: 2, why: 'gap' });
  });

  it('hashes the same content the same whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
  });
});
