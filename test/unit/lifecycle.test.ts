import { describe, expect, it } from 'vitest';
import { cuti } from '../../shared/domain/catalog/cuti';
import { kenaikanPangkat } from '../../shared/domain/catalog/kenaikan-pangkat';
import { DomainError } from '../../shared/domain/errors';
import { verifyChain } from '../../shared/domain/proposal/history';
import { allowedActions, applyTransition, createProposal, updateProposal, type Change } from '../../shared/domain/proposal/lifecycle';
import type { HistoryEvent, Proposal } from '../../shared/domain/proposal/types';
import { ACTORS, EMPLOYEES, context } from '../support/fixtures';

const leaveDocs = [{ code: 'FORMULIR_CUTI', reference: 'dms://cuti/1' }];

function fileLeave(): Change {
  return createProposal({ id: 'USL-0000-0000-0001', pinHash: 'x', subject: { employee: EMPLOYEES.sari }, payload: cuti.examplePayload, documents: leaveDocs }, context(ACTORS.sari, cuti));
}

function expectCode(fn: () => unknown, code: string) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(code);
    return error as DomainError;
  }
  throw new Error(`expected ${code}, nothing was thrown`);
}

describe('filing a proposal', () => {
  it('an employee files their own leave as a draft, with a first history event', () => {
    const { proposal, event } = fileLeave();
    expect(proposal.status).toBe('DRAFT');
    expect(proposal.version).toBe(1);
    expect(proposal.scope).toEqual({ agencyIds: ['PEMKAB-SLEMAN'], kanregIds: ['KANREG-I'] });
    expect(event).toMatchObject({ seq: 1, type: 'create', toStatus: 'DRAFT', actor: { role: 'PEGAWAI', orgId: 'PEMKAB-SLEMAN' } });
  });

  it('an employee cannot file a leave for a colleague', () => {
    expectCode(() => createProposal({ id: 'USL-0000-0000-0002', pinHash: 'x', subject: { employee: EMPLOYEES.budi }, payload: cuti.examplePayload, documents: [] }, context(ACTORS.sari, cuti)), 'SERVICE_NOT_INITIATED_BY_ROLE');
  });

  it('an operator of another agency cannot file a promotion for this agency’s employee', () => {
    expectCode(() => createProposal({ id: 'USL-0000-0000-0003', pinHash: 'x', subject: { employee: EMPLOYEES.sari }, payload: kenaikanPangkat.examplePayload, documents: [] }, context(ACTORS.opYogya, kenaikanPangkat)), 'SERVICE_NOT_INITIATED_BY_ROLE');
  });

  it('a payload that breaks the service’s schema is refused with the fields named', () => {
    const error = expectCode(
      () => createProposal({ id: 'USL-0000-0000-0004', pinHash: 'x', subject: { employee: EMPLOYEES.sari }, payload: { ...cuti.examplePayload, tanggalSelesai: '2026-12-01' }, documents: [] }, context(ACTORS.sari, cuti)),
      'VALIDATION_FAILED',
    );
    expect(error.issues.map((i) => i.path)).toContain('payload.tanggalSelesai');
  });

  it('a promotion must go up exactly one golongan', () => {
    const error = expectCode(
      () => createProposal({ id: 'USL-0000-0000-0005', pinHash: 'x', subject: { employee: EMPLOYEES.sari }, payload: { ...kenaikanPangkat.examplePayload, golonganUsulan: 'III/d' }, documents: [] }, context(ACTORS.opSleman, kenaikanPangkat)),
      'VALIDATION_FAILED',
    );
    expect(error.issues[0]?.path).toBe('payload.golonganUsulan');
  });
});

describe('moving a leave through its stages', () => {
  it('walks submit → forward → approve → complete, each by the role the stage names', () => {
    let { proposal } = fileLeave();
    const events: HistoryEvent[] = [fileLeave().event];
    const step = (who: typeof ACTORS.sari, request: Parameters<typeof applyTransition>[1]) => {
      const change = applyTransition(proposal, request, context(who, cuti));
      proposal = change.proposal;
      events.push(change.event);
      return change;
    };
    step(ACTORS.sari, { action: 'submit', expectedVersion: 1 });
    expect(proposal.assignment).toMatchObject({ orgId: 'PEMKAB-SLEMAN', role: 'VERIFIKATOR' });
    expect(allowedActions(proposal, ACTORS.verSleman, cuti).sort()).toEqual(['forward', 'reject', 'return']);
    expect(allowedActions(proposal, ACTORS.sari, cuti)).toEqual(['withdraw']);
    step(ACTORS.verSleman, { action: 'forward', expectedVersion: 2 });
    expect(proposal.assignment?.role).toBe('APPROVER');
    step(ACTORS.apprSleman, { action: 'approve', expectedVersion: 3 });
    expect(proposal.status).toBe('APPROVED');
    expect(proposal.assignment?.role).toBe('OPERATOR');
    step(ACTORS.opSleman, { action: 'complete', expectedVersion: 4, output: cuti.exampleOutput });
    expect(proposal.status).toBe('COMPLETED');
    expect(proposal.assignment).toBeUndefined();
    expect(proposal.output).toEqual(cuti.exampleOutput);
    expect(verifyChain(events)).toEqual({ valid: true, events: 5 });
  });

  it('a draft without its required documents cannot be submitted, and says which are missing', () => {
    const draft = createProposal({ id: 'USL-0000-0000-0006', pinHash: 'x', subject: { employee: EMPLOYEES.sari }, payload: cuti.examplePayload, documents: [] }, context(ACTORS.sari, cuti)).proposal;
    const error = expectCode(() => applyTransition(draft, { action: 'submit', expectedVersion: 1 }, context(ACTORS.sari, cuti)), 'DOCUMENTS_MISSING');
    expect(error.details.missing).toEqual(['FORMULIR_CUTI']);
  });

  it('a return needs a reason code and the missing items; the applicant then runs the clock', () => {
    const submitted = applyTransition(fileLeave().proposal, { action: 'submit', expectedVersion: 1 }, context(ACTORS.sari, cuti)).proposal;
    expectCode(() => applyTransition(submitted, { action: 'return', expectedVersion: 2 }, context(ACTORS.verSleman, cuti)), 'REQUIREMENT_MISSING');
    expectCode(() => applyTransition(submitted, { action: 'return', expectedVersion: 2, reason: { code: 'NOT_A_CODE' }, missingItems: ['x'] }, context(ACTORS.verSleman, cuti)), 'REQUIREMENT_MISSING');
    expectCode(() => applyTransition(submitted, { action: 'return', expectedVersion: 2, reason: { code: 'LAINNYA' }, missingItems: ['x'] }, context(ACTORS.verSleman, cuti)), 'REQUIREMENT_MISSING');
    const returned = applyTransition(submitted, { action: 'return', expectedVersion: 2, reason: { code: 'DOKUMEN_TIDAK_TERBACA' }, missingItems: ['Formulir cuti bertanda tangan'] }, context(ACTORS.verSleman, cuti)).proposal;
    expect(returned.status).toBe('RETURNED');
    expect(returned.assignment).toMatchObject({ role: 'PEGAWAI', nip: EMPLOYEES.sari.nip });
    const fixed = updateProposal(returned, { expectedVersion: 3, documents: [{ code: 'FORMULIR_CUTI', reference: 'dms://cuti/2' }] }, context(ACTORS.sari, cuti)).proposal;
    const resubmitted = applyTransition(fixed, { action: 'resubmit', expectedVersion: 4 }, context(ACTORS.sari, cuti)).proposal;
    expect(resubmitted).toMatchObject({ status: 'IN_PROGRESS', stageIndex: 0, missingItems: undefined });
    expect(resubmitted.assignment?.role).toBe('VERIFIKATOR');
  });

  it('approve is only for the final stage, and forward only before it', () => {
    const submitted = applyTransition(fileLeave().proposal, { action: 'submit', expectedVersion: 1 }, context(ACTORS.sari, cuti)).proposal;
    expectCode(() => applyTransition(submitted, { action: 'approve', expectedVersion: 2 }, context(ACTORS.verSleman, cuti)), 'TRANSITION_NOT_ALLOWED');
    const atFinal = applyTransition(submitted, { action: 'forward', expectedVersion: 2 }, context(ACTORS.verSleman, cuti)).proposal;
    expectCode(() => applyTransition(atFinal, { action: 'forward', expectedVersion: 3 }, context(ACTORS.apprSleman, cuti)), 'TRANSITION_NOT_ALLOWED');
  });

  it('a verifier of another agency cannot act on it', () => {
    const submitted = applyTransition(fileLeave().proposal, { action: 'submit', expectedVersion: 1 }, context(ACTORS.sari, cuti)).proposal;
    expectCode(() => applyTransition(submitted, { action: 'forward', expectedVersion: 2 }, context(ACTORS.verYogya, cuti)), 'FORBIDDEN');
  });

  it('a stale version is refused with the current one', () => {
    const submitted = applyTransition(fileLeave().proposal, { action: 'submit', expectedVersion: 1 }, context(ACTORS.sari, cuti)).proposal;
    const error = expectCode(() => applyTransition(submitted, { action: 'forward', expectedVersion: 1 }, context(ACTORS.verSleman, cuti)), 'VERSION_CONFLICT');
    expect(error.details).toMatchObject({ currentVersion: 2 });
  });

  it('nobody decides on their own proposal, even holding the stage’s role', () => {
    const verifierSari = { ...ACTORS.sari, roles: ['PEGAWAI', 'VERIFIKATOR'] as ('PEGAWAI' | 'VERIFIKATOR')[] };
    const submitted: Proposal = applyTransition(fileLeave().proposal, { action: 'submit', expectedVersion: 1 }, context(ACTORS.sari, cuti)).proposal;
    expect(allowedActions(submitted, verifierSari, cuti)).toEqual(['withdraw']);
  });
});

describe('a promotion crosses to BKN', () => {
  it('goes from the agency’s PyB to the covering Kanreg’s verifier and approver, then back to the agency for the SK', () => {
    const docs = kenaikanPangkat.requiredDocuments.map((d) => ({ code: d.code, reference: `dms://${d.code}` }));
    let p = createProposal({ id: 'USL-0000-0000-0010', pinHash: 'x', subject: { employee: EMPLOYEES.sari }, payload: kenaikanPangkat.examplePayload, documents: docs }, context(ACTORS.opSleman, kenaikanPangkat)).proposal;
    p = applyTransition(p, { action: 'submit', expectedVersion: 1 }, context(ACTORS.opSleman, kenaikanPangkat)).proposal;
    expect(p.assignment).toMatchObject({ orgId: 'PEMKAB-SLEMAN', role: 'APPROVER' });
    p = applyTransition(p, { action: 'forward', expectedVersion: 2 }, context(ACTORS.apprSleman, kenaikanPangkat)).proposal;
    expect(p.assignment).toMatchObject({ orgId: 'KANREG-I', role: 'VERIFIKATOR' });
    expectCode(() => applyTransition(p, { action: 'forward', expectedVersion: 3 }, context(ACTORS.verKanreg8, kenaikanPangkat)), 'FORBIDDEN');
    p = applyTransition(p, { action: 'forward', expectedVersion: 3 }, context(ACTORS.verKanreg1, kenaikanPangkat)).proposal;
    p = applyTransition(p, { action: 'approve', expectedVersion: 4 }, context(ACTORS.apprKanreg1, kenaikanPangkat)).proposal;
    expect(p.assignment).toMatchObject({ orgId: 'PEMKAB-SLEMAN', role: 'OPERATOR' });
    expectCode(() => applyTransition(p, { action: 'complete', expectedVersion: 5, output: { nomorSk: 'x' } }, context(ACTORS.opSleman, kenaikanPangkat)), 'REQUIREMENT_MISSING');
    p = applyTransition(p, { action: 'complete', expectedVersion: 5, output: kenaikanPangkat.exampleOutput }, context(ACTORS.opSleman, kenaikanPangkat)).proposal;
    expect(p.status).toBe('COMPLETED');
  });
});
