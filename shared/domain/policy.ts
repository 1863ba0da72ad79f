import { hasRole, type Actor, type Organisation, type Role } from './actors';
import type { Employee } from './employees';
import type { ProposalScope } from './proposal/types';

/**
 * Who may see what. Checked in the domain on every read and write, never only in routing:
 * an employee sees their own; an agency's staff their agency's; a Kanreg's staff the agencies it
 * covers; BKN headquarters everything. Reach follows the organisation, never the role alone: a
 * Kanreg's admin holds ADMIN_BKN too (the jobs escalate its overdue stages to them), and sees
 * only what the Kanreg covers.
 */
const STAFF_ROLES: readonly Role[] = ['OPERATOR', 'VERIFIKATOR', 'APPROVER', 'ADMIN_INSTANSI', 'ADMIN_BKN', 'AUDITOR'];

export const isStaff = (actor: Actor): boolean => actor.roles.some((role) => STAFF_ROLES.includes(role));

/** Whether the actor's organisation covers this scope (agency, covering Kanreg, or nationwide). */
export function orgCovers(actor: Actor, scope: ProposalScope): boolean {
  if (!isStaff(actor)) return false;
  if (actor.org.kind === 'BKN_PUSAT') return true;
  if (actor.org.kind === 'KANREG') return scope.kanregIds.includes(actor.org.id);
  return scope.agencyIds.includes(actor.org.id);
}

/** National settings (the holiday calendar, submission windows): a BKN admin at headquarters, the one organisation whose scope is the nation. */
export const setsNationalSettings = (actor: Actor): boolean => hasRole(actor, 'ADMIN_BKN') && actor.org.kind === 'BKN_PUSAT';

export function canReadProposal(actor: Actor, proposal: { nip?: string | undefined; scope: ProposalScope }): boolean {
  return isOwn(actor, proposal.nip) || orgCovers(actor, proposal.scope) || (actor.nip !== undefined && (proposal.scope.people ?? []).includes(actor.nip));
}

/** Whether this is the actor's own record or proposal; a candidate's proposal (no NIP yet) is nobody's own. */
export const isOwn = (actor: Actor, nip: string | undefined): boolean => nip !== undefined && hasRole(actor, 'PEGAWAI') && actor.nip === nip;

export function employeeScope(employee: Pick<Employee, 'agencyId'>, kanregId: string | undefined): ProposalScope {
  return { agencyIds: [employee.agencyId], kanregIds: kanregId ? [kanregId] : [] };
}

export function canReadEmployee(actor: Actor, employee: Employee, kanregId: string | undefined): boolean {
  return isOwn(actor, employee.nip) || orgCovers(actor, employeeScope(employee, kanregId));
}

/**
 * Whether the actor may read the records of an agency's employees all together (its eligibility
 * lists): staff whose organisation covers the agency, the very ones canReadEmployee lets read
 * each record. An employee reads their own record only, never their colleagues' as a list.
 */
export const canReadAgencyRecords = (actor: Actor, agency: Pick<Organisation, 'id' | 'kanregId'>): boolean =>
  orgCovers(actor, employeeScope({ agencyId: agency.id }, agency.kanregId));

/**
 * Who may have a proposal's audit trail verified: an auditor whose organisation covers it, and an
 * admin of an agency the proposal belongs to (the employee's; for a transfer, the destination
 * too, which handles a stage of it). Not a Kanreg, not BKN admins: verifying is an audit duty,
 * not a national view. The caller checks canReadProposal first, so others get 404, not 403.
 */
export function canAuditProposal(actor: Actor, proposal: { scope: ProposalScope }): boolean {
  if (hasRole(actor, 'AUDITOR') && orgCovers(actor, proposal.scope)) return true;
  return hasRole(actor, 'ADMIN_INSTANSI') && actor.org.kind === 'INSTANSI' && proposal.scope.agencyIds.includes(actor.org.id);
}
