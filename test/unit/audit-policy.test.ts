import { describe, expect, it } from 'vitest';
import { canAuditProposal, canReadProposal } from '../../shared/domain/policy';
import type { ProposalScope } from '../../shared/domain/proposal/types';
import { ACTORS, EMPLOYEES, ORGS, actor } from '../support/fixtures';

// Sari's leave: her agency only. A transfer from Sleman to Yogyakarta: both agencies.
const leave = { nip: EMPLOYEES.sari.nip, scope: { agencyIds: ['PEMKAB-SLEMAN'], kanregIds: ['KANREG-I'] } satisfies ProposalScope };
const transfer = { nip: EMPLOYEES.sari.nip, scope: { agencyIds: ['PEMKAB-SLEMAN', 'PEMKOT-YOGYAKARTA'], kanregIds: ['KANREG-I'] } satisfies ProposalScope };

const auditorKanreg1 = actor('auditor.kanreg1', ['AUDITOR'], ORGS.kanreg1!);
const auditorKanreg8 = actor('auditor.kanreg8', ['AUDITOR'], ORGS.kanreg8!);
const auditorSleman = actor('auditor.sleman', ['AUDITOR'], ORGS.sleman!);
const adminYogya = actor('admin.yogya', ['ADMIN_INSTANSI'], ORGS.yogya!);
const adminKanreg1 = actor('admin.kanreg1', ['ADMIN_INSTANSI'], ORGS.kanreg1!);

describe('who may have a proposal’s audit trail verified', () => {
  it.each([
    ['a BKN auditor', ACTORS.auditor],
    ['an auditor of the covering Kanreg', auditorKanreg1],
    ['an auditor of the proposal’s agency', auditorSleman],
    ['an admin of the proposal’s agency', ACTORS.adminSleman],
  ])('%s may', (_who, who) => {
    expect(canReadProposal(who, leave) && canAuditProposal(who, leave)).toBe(true);
  });

  it.each([
    ['the employee herself', ACTORS.sari],
    ['the agency’s verifier', ACTORS.verSleman],
    ['the agency’s operator', ACTORS.opSleman],
    ['the covering Kanreg’s verifier', ACTORS.verKanreg1],
    ['a BKN admin', ACTORS.adminBkn],
    ['an ADMIN_INSTANSI role held in a Kanreg', adminKanreg1],
  ])('%s may read it but not have it verified (403)', (_who, who) => {
    expect(canReadProposal(who, leave)).toBe(true);
    expect(canAuditProposal(who, leave)).toBe(false);
  });

  it.each([
    ['an auditor of another Kanreg', auditorKanreg8],
    ['an admin of another agency', adminYogya],
    ['an employee of the same agency', ACTORS.budi],
  ])('%s may not even read it (404)', (_who, who) => {
    expect(canReadProposal(who, leave)).toBe(false);
    expect(canAuditProposal(who, leave)).toBe(false);
  });

  it('a transfer belongs to both agencies: the destination’s admin may have it verified too', () => {
    expect(canReadProposal(adminYogya, transfer) && canAuditProposal(adminYogya, transfer)).toBe(true);
  });
});
