/** Who acts in Pantau: roles, organisations and the signed-in actor. */

export const ROLES = [
  'PEGAWAI',
  'OPERATOR',
  'VERIFIKATOR',
  'APPROVER',
  'ADMIN_INSTANSI',
  'ADMIN_BKN',
  'AUDITOR',
] as const;
export type Role = (typeof ROLES)[number];

/** INSTANSI is an agency; KANREG a BKN regional office; BKN_PUSAT the BKN headquarters. */
export const ORG_KINDS = ['INSTANSI', 'KANREG', 'BKN_PUSAT'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/** Indonesia's three civil time zones: WIB, WITA, WIT. */
export const TIME_ZONES = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'] as const;
export type TimeZone = (typeof TIME_ZONES)[number];

/** An organisation's id as the directory keys it, e.g. PEMKAB-SLEMAN, KANREG-I. */
export const ORG_ID_PATTERN = /^[A-Z0-9][A-Z0-9-]{0,63}$/;

export interface Organisation {
  id: string;
  kind: OrgKind;
  name: string;
  timeZone: TimeZone;
  /** For an agency: the Kanreg that covers it. */
  kanregId?: string;
}

export interface Actor {
  /** Stable subject id from the identity provider. */
  userId: string;
  username: string;
  name: string;
  roles: Role[];
  org: Organisation;
  /** Set for employees (PEGAWAI): their own NIP. */
  nip?: string;
  /** Set when an acting official (Plt/Plh) signs on behalf of another. */
  onBehalfOf?: string;
}

export const hasRole = (actor: Actor, role: Role): boolean => actor.roles.includes(role);
