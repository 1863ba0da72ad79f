import { hasRole, type Actor, type Organisation } from '../actors';
import { DomainError } from '../errors';
import { isStaff } from '../policy';
import { ROLE_RANK, ROLES_OF_KIND, adminRoleOf, memberRoles, staffRolesOf, type StaffAction, type StaffMember, type StaffRole, type StaffState, type StaffStatus } from './staff';

/**
 * Who may grant what: the one policy every staff change passes (test/unit/staff-grants.property.test.ts
 * runs random sequences of changes through it).
 *
 * - An agency admin (ADMIN_INSTANSI) manages their own agency's staff, admins included.
 * - A BKN admin (ADMIN_BKN) manages the BKN offices in their reach (headquarters: every office; a
 *   Kanreg: itself), and of the agencies in that reach only the admins: BKN sets up an agency's
 *   first admin, and can step in when an agency has lost its own.
 * - Nobody grants a role above their own, touches a role they cannot grant, or changes themselves.
 * - An organisation never loses its last active admin.
 */

/** Whether the actor's organisation reaches this organisation (headquarters: all; a Kanreg: itself and its agencies). */
export function reachesOrganisation(actor: Actor, org: Organisation): boolean {
  if (actor.org.kind === 'BKN_PUSAT') return true;
  if (actor.org.kind === 'KANREG') return org.id === actor.org.id || org.kanregId === actor.org.id;
  return org.id === actor.org.id;
}

const rankOf = (actor: Actor): number => Math.max(0, ...staffRolesOf(actor.roles).map((role) => ROLE_RANK[role]));

/** The roles this actor may grant or take away in this organisation; none for anyone who manages no one there. */
export function manageableRoles(actor: Actor, org: Organisation): StaffRole[] {
  let roles: readonly StaffRole[] = [];
  if (hasRole(actor, 'ADMIN_INSTANSI') && actor.org.kind === 'INSTANSI' && actor.org.id === org.id) roles = ROLES_OF_KIND.INSTANSI;
  if (hasRole(actor, 'ADMIN_BKN') && actor.org.kind !== 'INSTANSI' && reachesOrganisation(actor, org)) {
    roles = org.kind === 'INSTANSI' ? ['ADMIN_INSTANSI'] : ROLES_OF_KIND[org.kind];
  }
  // The ranks already follow from the lists above; the filter keeps it so if a list ever changes.
  const ceiling = rankOf(actor);
  return roles.filter((role) => ROLE_RANK[role] <= ceiling);
}

/** Who may read an organisation's staff and the log of their changes: those who manage it, and its auditors. */
export function canReadStaff(actor: Actor, org: Organisation): boolean {
  if (manageableRoles(actor, org).length > 0) return true;
  return hasRole(actor, 'AUDITOR') && isStaff(actor) && reachesOrganisation(actor, org);
}

/** A change the policy allows, as the use case records it. */
export interface StaffDecision {
  action: StaffAction;
  before: StaffState | null;
  after: StaffState;
  /** How the organisation's count of active admins moves: the write holds only if at least one is left. */
  adminDelta: -1 | 0 | 1;
}

const isActiveAdmin = (state: StaffState | null, org: Organisation): boolean => state !== null && state.status === 'ACTIVE' && state.roles.includes(adminRoleOf(org.kind));

function adminDelta(before: StaffState | null, after: StaffState, org: Organisation): -1 | 0 | 1 {
  const was = isActiveAdmin(before, org);
  const is = isActiveAdmin(after, org);
  return was === is ? 0 : is ? 1 : -1;
}

function assertManages(actor: Actor, org: Organisation): StaffRole[] {
  const manageable = manageableRoles(actor, org);
  if (manageable.length === 0) throw new DomainError('FORBIDDEN', { action: 'manage the staff of this organisation' });
  return manageable;
}

function assertGrantable(manageable: readonly StaffRole[], roles: readonly StaffRole[]): void {
  const refused = roles.filter((role) => !manageable.includes(role));
  if (refused.length > 0) throw new DomainError('ROLE_NOT_GRANTABLE', { roles: refused, grantable: [...manageable] });
}

function assertNotSelf(actor: Actor, member: Pick<StaffMember, 'userId'>): void {
  if (member.userId === actor.userId) throw new DomainError('STAFF_SELF_CHANGE');
}

/**
 * An organisation keeps at least one active admin: a decision that takes one away holds only if
 * another stays. Asked only of such decisions (the count is read for them alone); the write's
 * own condition on the count settles two changes at once.
 */
export function assertAdminLeft(decision: StaffDecision, activeAdmins: number): StaffDecision {
  if (decision.adminDelta < 0 && activeAdmins + decision.adminDelta < 1) throw new DomainError('LAST_ADMIN');
  return decision;
}

function assertSomeRole(roles: readonly StaffRole[]): void {
  if (roles.length === 0) throw new DomainError('VALIDATION_FAILED', {}, [{ path: 'roles', message: 'at least one role; to take every role away, suspend the account' }]);
}

/** Inviting a new staff member with these roles into the organisation. */
export function decideInvite(actor: Actor, org: Organisation, input: { roles: readonly StaffRole[]; nip?: string | undefined }): StaffDecision {
  const manageable = assertManages(actor, org);
  const roles = staffRolesOf(input.roles);
  assertSomeRole(roles);
  assertGrantable(manageable, roles);
  const after: StaffState = { roles: memberRoles(roles, input.nip), status: 'ACTIVE' };
  return { action: 'invite', before: null, after, adminDelta: adminDelta(null, after, org) };
}

/** Setting a member's staff roles: only the roles that change need be grantable by the actor. Undefined when nothing changes. A decision taking an admin away then passes assertAdminLeft. */
export function decideRoles(actor: Actor, org: Organisation, member: StaffMember, roles: readonly StaffRole[]): StaffDecision | undefined {
  const manageable = assertManages(actor, org);
  assertNotSelf(actor, member);
  const wanted = staffRolesOf(roles);
  assertSomeRole(wanted);
  const held = staffRolesOf(member.roles);
  const touched = [...wanted.filter((role) => !held.includes(role)), ...held.filter((role) => !wanted.includes(role))];
  if (touched.length === 0) return undefined;
  assertGrantable(manageable, touched);
  const before: StaffState = { roles: member.roles, status: member.status };
  const after: StaffState = { roles: memberRoles(wanted, member.nip), status: member.status };
  return { action: 'roles', before, after, adminDelta: adminDelta(before, after, org) };
}

/** Suspending or restoring a member: the actor must be able to grant every role the member holds. Undefined when nothing changes. A decision taking an admin away then passes assertAdminLeft. */
export function decideStatus(actor: Actor, org: Organisation, member: StaffMember, status: StaffStatus): StaffDecision | undefined {
  const manageable = assertManages(actor, org);
  assertNotSelf(actor, member);
  if (member.status === status) return undefined;
  assertGrantable(manageable, staffRolesOf(member.roles));
  const before: StaffState = { roles: member.roles, status: member.status };
  const after: StaffState = { roles: member.roles, status };
  return { action: 'status', before, after, adminDelta: adminDelta(before, after, org) };
}
