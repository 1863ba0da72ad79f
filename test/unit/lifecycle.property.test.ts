import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cuti } from '../../shared/domain/catalog/cuti';
import { kenaikanPangkat } from '../../shared/domain/catalog/kenaikan-pangkat';
import { mutasi } from '../../shared/domain/catalog/mutasi';
import type { ServiceType } from '../../shared/domain/catalog/types';
import { DomainError } from '../../shared/domain/errors';
import { verifyChain } from '../../shared/domain/proposal/history';
import { allowedActions, applyTransition, createProposal, type TransitionRequest } from '../../shared/domain/proposal/lifecycle';
import { TRANSITIONS } from '../../shared/domain/proposal/transitions';
import { ACTIONS, TERMINAL_STATUSES, type Action, type HistoryEvent, type Proposal } from '../../shared/domain/proposal/types';
import { ACTORS, EMPLOYEES, context } from '../support/fixtures';

const actorKeys = Object.keys(ACTORS) as (keyof typeof ACTORS)[];
const PROGRESS: readonly Action[] = ['submit', 'resubmit', 'forward', 'approve', 'complete'];

/** What a careful client sends for an action: exactly the fields the table requires. */
function wellFormed(action: Action, type: ServiceType, version: number): TransitionRequest {
  return {
    action,
    expectedVersion: version,
    ...(action === 'return' ? { reason: { code: 'DOKUMEN_TIDAK_LENGKAP' }, missingItems: ['SK terakhir'] } : {}),
    ...(action === 'reject' ? { reason: { code: 'LAINNYA', text: 'alasan' } } : {}),
    ...(action === 'complete' ? { output: type.exampleOutput } : {}),
  };
}

// Most steps pick among the moves someone may make now, so walks get deep into the lifecycle;
// the rest are arbitrary (actor, action) pairs, mostly refusals.
const step = fc.record({
  offered: fc.integer({ min: 0, max: 4 }).map((n) => n > 0),
  pick: fc.nat(),
  actor: fc.constantFrom(...actorKeys),
  action: fc.constantFrom(...ACTIONS),
  stale: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
});

function draftOf(type: ServiceType): { proposal: Proposal; event: HistoryEvent } {
  const filer = type.initiators.includes('PEGAWAI') ? ACTORS.sari : ACTORS.opSleman;
  const documents = type.requiredDocuments.map((d) => ({ code: d.code, reference: `dms://${d.code}` }));
  return createProposal({ id: 'USL-PROP-TEST-0001', pinHash: 'x', subject: { employee: EMPLOYEES.sari }, payload: type.examplePayload, documents }, context(filer, type));
}

describe.each([cuti, kenaikanPangkat, mutasi])('the state machine of $code', (type) => {
  it('allows exactly what allowedActions lists, moves as the table says, and keeps an unbroken chain', () => {
    const reached = new Set<string>();
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const draft = draftOf(type);
        let proposal = draft.proposal;
        const events = [draft.event];
        for (const raw of steps) {
          // Moves that carry the proposal forward count six times: walks through MUTASI's four stages reach completion
          // in about 10 of 500 walks this way (2-3 at thrice, so a run with none failed now and then).
          const moves = actorKeys.flatMap((key) =>
            allowedActions(proposal, ACTORS[key], type).flatMap((action) => Array<{ actor: typeof key; action: Action }>(PROGRESS.includes(action) ? 6 : 1).fill({ actor: key, action })),
          );
          const s = raw.offered && moves.length ? { ...raw, ...moves[raw.pick % moves.length]! } : raw;
          const who = ACTORS[s.actor];
          const offered = allowedActions(proposal, who, type);
          const request = wellFormed(s.action, type, s.stale ? proposal.version - 1 : proposal.version);
          let outcome: { proposal: Proposal; event: HistoryEvent } | DomainError;
          try {
            outcome = applyTransition(proposal, request, context(who, type));
          } catch (error) {
            // Refusals are always domain errors with a code, never crashes.
            expect(error).toBeInstanceOf(DomainError);
            outcome = error as DomainError;
          }
          const expectedToSucceed = !s.stale && offered.includes(s.action);
          expect(!(outcome instanceof DomainError)).toBe(expectedToSucceed);
          if (outcome instanceof DomainError) {
            if (s.stale) expect(outcome.code).toBe('VERSION_CONFLICT');
            continue;
          }
          const rule = TRANSITIONS.find((r) => r.from === proposal.status && r.action === s.action);
          expect(outcome.proposal.status).toBe(rule?.to);
          expect(outcome.proposal.version).toBe(proposal.version + 1);
          expect(outcome.event.prevHash).toBe(proposal.lastHash);
          proposal = outcome.proposal;
          reached.add(proposal.status);
          events.push(outcome.event);
        }
        expect(verifyChain(events).valid).toBe(true);
        const open = ['IN_PROGRESS', 'RETURNED', 'APPROVED'].includes(proposal.status);
        expect(proposal.assignment !== undefined).toBe(open);
        expect(proposal.stageIndex).toBeGreaterThanOrEqual(0);
        expect(proposal.stageIndex).toBeLessThan(type.stages.length);
        if (TERMINAL_STATUSES.includes(proposal.status)) {
          for (const key of actorKeys) expect(allowedActions(proposal, ACTORS[key], type)).toEqual([]);
        }
      }),
      { numRuns: 500 },
    );
    // The walks must have explored the lifecycle, or the property says little.
    expect([...reached].sort()).toEqual(['APPROVED', 'COMPLETED', 'IN_PROGRESS', 'REJECTED', 'RETURNED', 'WITHDRAWN']);
  });

  it('reaches completion on some path: the table has no dead ends for this catalog entry', () => {
    // Greedy walk: whoever may act takes the first forward-moving action offered.
    const preference: Action[] = ['submit', 'resubmit', 'forward', 'approve', 'complete'];
    let { proposal } = draftOf(type);
    for (let guard = 0; guard < 20 && proposal.status !== 'COMPLETED'; guard++) {
      const move = actorKeys
        .flatMap((key) => allowedActions(proposal, ACTORS[key], type).filter((a) => preference.includes(a)).map((a) => ({ key, a })))
        .sort((x, y) => preference.indexOf(x.a) - preference.indexOf(y.a))[0];
      if (!move) break;
      proposal = applyTransition(proposal, wellFormed(move.a, type, proposal.version), context(ACTORS[move.key], type)).proposal;
    }
    expect(proposal.status).toBe('COMPLETED');
  });
});
