import type { Role } from '../actors';
import { DomainError } from '../errors';
import type { StaffMember } from './staff';

/**
 * The roles a request acts with: those its token claims AND the directory holds now.
 *
 * Tokens live an hour and Cognito issues none shorter than five minutes, so a token cannot be what
 * takes a role away within a minute; the directory, read on every signed-in request, is. A role the
 * directory added counts once a new token carries it too: the lesser of the two always wins.
 *
 * - With a directory entry: suspended is refused; otherwise the roles both hold, in that organisation.
 * - Without one (an employee's own account): only PEGAWAI, which the NIP an admin set carries;
 *   staff roles exist only through the directory.
 */
export function effectiveRoles(claimed: readonly Role[], claimedOrgId: string, member: StaffMember | undefined): Role[] {
  if (!member) {
    const roles = claimed.filter((role) => role === 'PEGAWAI');
    if (roles.length === 0) throw new DomainError('NO_ACTIVE_ROLE');
    return roles;
  }
  if (member.status === 'SUSPENDED') throw new DomainError('ACCOUNT_SUSPENDED');
  // A token from before a move to another office speaks for an office the person no longer works at.
  if (member.orgId !== claimedOrgId) throw new DomainError('NO_ACTIVE_ROLE');
  const roles = claimed.filter((role) => member.roles.includes(role));
  if (roles.length === 0) throw new DomainError('NO_ACTIVE_ROLE');
  return roles;
}
