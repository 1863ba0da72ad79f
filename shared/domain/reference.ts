import { ROLES, type Role } from './actors';
import { CATALOG } from './catalog';
import { GOLONGAN, PANGKAT_NAMES } from './catalog/kenaikan-pangkat';
import { DOCUMENT_REJECTION_REASONS, REJECTION_REASONS, RETURN_REASONS } from './catalog/reasons';
import type { Names } from './catalog/types';
import { STAFF_ROLES } from './directory/staff';
import { EMPLOYEE_KINDS, EMPLOYEE_KIND_NAMES, JABATAN_KINDS, JABATAN_KIND_NAMES } from './employees';
import { ACTION_LABELS, ROLE_LABELS, STATUS_LABELS } from './messages';
import { ACTIONS, STATUSES, TERMINAL_STATUSES } from './proposal/types';
import { bupAge } from './sla/retirement';

/**
 * The fixed lists a front end builds its choosers and labels from (GET /reference), each entry a
 * code with its names, Indonesian first. Every list is read from the domain's own constants, in
 * their order: a code added there is listed here, with nothing to copy.
 */

export interface Entry<C extends string = string> {
  code: C;
  names: Names;
}

const entries = <C extends string>(names: Readonly<Record<C, Names>>): Entry<C>[] =>
  (Object.entries(names) as [C, Names][]).map(([code, label]) => ({ code, names: label }));
const named = <C extends string>(codes: readonly C[], names: Readonly<Record<C, Names>>): Entry<C>[] => codes.map((code) => ({ code, names: names[code] }));

/** A document kind as one service asks for it: the same code may be worded for each service (PENGUMUMAN_KELULUSAN). */
export interface DocumentKind extends Entry {
  serviceType: string;
  externalIn?: Names;
}

export function referenceLists() {
  const types = [...CATALOG.values()];
  const staffRoles: readonly Role[] = STAFF_ROLES;
  return {
    returnReasons: entries(RETURN_REASONS),
    rejectionReasons: entries(REJECTION_REASONS),
    documentRejectionReasons: entries(DOCUMENT_REJECTION_REASONS),
    serviceTypes: types.map(({ code, names }) => ({ code, names })),
    documentKinds: types.flatMap((type) =>
      type.requiredDocuments.map(({ code, names, externalIn }): DocumentKind => ({ code, names, serviceType: type.code, ...(externalIn ? { externalIn } : {}) })),
    ),
    golongan: named(GOLONGAN, PANGKAT_NAMES),
    employeeKinds: named(EMPLOYEE_KINDS, EMPLOYEE_KIND_NAMES),
    // With the retirement age each kind of position sets (PP 11/2017 art. 239 (2)).
    jabatanKinds: named(JABATAN_KINDS, JABATAN_KIND_NAMES).map((entry) => ({ ...entry, bupAge: bupAge(entry.code) })),
    statuses: named(STATUSES, STATUS_LABELS).map((entry) => ({ ...entry, terminal: TERMINAL_STATUSES.includes(entry.code) })),
    actions: named(ACTIONS, ACTION_LABELS),
    // PEGAWAI comes with a NIP; the others an organisation's admin grants.
    roles: named(ROLES, ROLE_LABELS).map((entry) => ({ ...entry, grantable: staffRoles.includes(entry.code) })),
  };
}

export type ReferenceLists = ReturnType<typeof referenceLists>;
