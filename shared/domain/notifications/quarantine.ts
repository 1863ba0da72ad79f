import type { Role } from '../actors';
import type { Assignment } from '../proposal/types';
import type { DocumentQuarantinedEvent, QuarantineAudience, Recipient } from './types';

/** Someone a quarantine notice goes to: a recipient by name, or a role's staff at an organisation (looked up by the sender). */
export type Addressee =
  | { audience: QuarantineAudience; recipient: Recipient }
  | { audience: QuarantineAudience; staffOf: { orgId: string; role: Role } };

/**
 * Who hears of a quarantined document, in order (a recipient who is both hears as the first):
 * the employee who filed it for themselves, or the agency's operators for one an operator filed
 * (as staff notices go: the operator who filed it may be away, any of them can upload); then the
 * handler the proposal was with when the file was quarantined. That is the proposal's assignment
 * as read now only if no transition has happened since (it started before the event); once the
 * proposal has moved on, the handler then has no more to do with it, and the one now sees the
 * quarantine in its history and checklist. A draft is with nobody.
 */
export function quarantineAddressees(event: DocumentQuarantinedEvent, assignment: Assignment | undefined): Addressee[] {
  const applicant: Addressee =
    event.filedBy.role === 'PEGAWAI' && event.nip !== undefined
      ? { audience: 'applicant', recipient: { kind: 'employee', nip: event.nip } }
      : { audience: 'operator', staffOf: { orgId: event.agencyId, role: 'OPERATOR' } };
  if (!assignment || assignment.startedBySeq >= event.seq) return [applicant];
  const handler: Addressee =
    assignment.nip !== undefined
      ? { audience: 'handler', recipient: { kind: 'employee', nip: assignment.nip } }
      : { audience: 'handler', staffOf: { orgId: assignment.orgId, role: assignment.role } };
  return [applicant, handler];
}

/**
 * The version that has since replaced the quarantined one, if any: a verdict can come in after the
 * applicant uploaded the document again (a slow scan, a file replaced at once). Then nothing needs
 * uploading; the notice still goes, since the file came from someone's device.
 */
export function replacingVersion(event: DocumentQuarantinedEvent, versions: readonly { code: string; version: number }[]): number | undefined {
  const newest = Math.max(0, ...versions.filter((v) => v.code === event.document.code).map((v) => v.version));
  return newest > event.document.version ? newest : undefined;
}

/** Statuses in which the applicant holds the proposal and can upload a document again at once. */
export const APPLICANT_HOLDS: ReadonlySet<string> = new Set(['DRAFT', 'RETURNED']);
