import type { OrgKind, Role } from '../actors';
import type { UserProfile } from '../users';

/**
 * Staff of an organisation as its admins manage them. The directory is the source of truth for
 * who holds which role: a token's roles count only where the directory holds them too
 * (./access.ts), so a role taken away stops working at the next request, whatever a token says.
 */

/** A role an admin grants. PEGAWAI is not granted: it comes with a NIP (being an employee). */
export type StaffRole = Exclude<Role, 'PEGAWAI'>;
export const STAFF_ROLES = ['OPERATOR', 'VERIFIKATOR', 'APPROVER', 'AUDITOR', 'ADMIN_INSTANSI', 'ADMIN_BKN'] as const satisfies readonly StaffRole[];

export const isStaffRole = (role: Role): role is StaffRole => role !== 'PEGAWAI';

/**
 * How far each role reaches, for "nobody grants a role above their own". An auditor reads all
 * in scope, as an approver decides all in scope: the same height, neither manages anyone.
 */
export const ROLE_RANK: Readonly<Record<StaffRole, number>> = {
  OPERATOR: 1,
  VERIFIKATOR: 2,
  APPROVER: 3,
  AUDITOR: 3,
  ADMIN_INSTANSI: 4,
  ADMIN_BKN: 5,
};

/** The roles an organisation of each kind has: agencies their own admin, BKN offices BKN's. */
export const ROLES_OF_KIND: Readonly<Record<OrgKind, readonly StaffRole[]>> = {
  INSTANSI: ['OPERATOR', 'VERIFIKATOR', 'APPROVER', 'AUDITOR', 'ADMIN_INSTANSI'],
  KANREG: ['OPERATOR', 'VERIFIKATOR', 'APPROVER', 'AUDITOR', 'ADMIN_BKN'],
  BKN_PUSAT: ['OPERATOR', 'VERIFIKATOR', 'APPROVER', 'AUDITOR', 'ADMIN_BKN'],
};

/** The role that manages an organisation's staff, of which it must always keep one. */
export const adminRoleOf = (kind: OrgKind): StaffRole => (kind === 'INSTANSI' ? 'ADMIN_INSTANSI' : 'ADMIN_BKN');

export const STAFF_STATUSES = ['ACTIVE', 'SUSPENDED'] as const;
export type StaffStatus = (typeof STAFF_STATUSES)[number];

/**
 * A staff member: the profile their notices go to (users.ts) from the invitation on, with the
 * state the admins set. `roles` are what the directory grants (PEGAWAI too when `nip` is set).
 */
export interface StaffMember extends UserProfile {
  status: StaffStatus;
  /** Set when the staff member is also an employee (their own record and proposals). */
  nip?: string;
  /** Moves with every change an admin makes (invitation, roles, status): the number of the newest change event. Profile edits (PUT /me) leave it. */
  version: number;
  createdAt: string;
  updatedAt: string;
  /** The hash of the member's newest change event: the changes form a chain, as a proposal's history does. */
  headHash?: string;
}

/** What a change is about: the part of a member an admin sets. */
export interface StaffState {
  roles: Role[];
  status: StaffStatus;
}

export const STAFF_ACTIONS = ['invite', 'roles', 'status'] as const;
export type StaffAction = (typeof STAFF_ACTIONS)[number];

/** Who made a change, as the log shows them (no subject ids: the username names them). */
export interface StaffChangeActor {
  username: string;
  name: string;
  roles: Role[];
  orgId: string;
}

/** One change of a staff member, as recorded: append-only, chained per member. */
export interface StaffChangeEvent {
  /** The member's version this change made (1 for the invitation). */
  seq: number;
  orgId: string;
  username: string;
  action: StaffAction;
  actor: StaffChangeActor;
  at: string;
  before: StaffState | null;
  after: StaffState;
  reason?: string;
  prevHash: string;
  hash: string;
}

/** The staff roles among a set of roles, in a stable order (the catalog's, not the caller's). */
export const staffRolesOf = (roles: readonly Role[]): StaffRole[] => STAFF_ROLES.filter((role) => roles.includes(role));

/** A member's roles as stored: the granted staff roles, and PEGAWAI when they are an employee. */
export const memberRoles = (staffRoles: readonly StaffRole[], nip: string | undefined): Role[] => [...(nip ? (['PEGAWAI'] as const) : []), ...staffRolesOf(staffRoles)];
