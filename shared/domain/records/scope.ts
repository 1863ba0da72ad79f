import { hasRole, type Actor, type Organisation } from '../actors';
import { reachesOrganisation } from '../directory/grants';

/**
 * Whose rows an import may write: an agency admin their own agency's, a BKN admin those of the
 * agencies their office reaches (headquarters: every agency, written `ALL`; a Kanreg: the agencies
 * it covers). The row handler enforces it on every row, locally and in the distributed map.
 */
export interface ImportScope {
  /** The importer's username, kept on every change the import writes. */
  importer: string;
  agencyIds: 'ALL' | readonly string[];
}

export const inScope = (scope: ImportScope, agencyId: string): boolean => scope.agencyIds === 'ALL' || scope.agencyIds.includes(agencyId);

/**
 * The scope of an actor who asks to import, given the agencies the directory knows; undefined when
 * they may not import at all (only admins import: the register's data replaces what operators see).
 */
export function importScopeOf(actor: Actor, agencies: readonly Organisation[]): ImportScope | undefined {
  if (hasRole(actor, 'ADMIN_INSTANSI') && actor.org.kind === 'INSTANSI') return { importer: actor.username, agencyIds: [actor.org.id] };
  if (!hasRole(actor, 'ADMIN_BKN') || actor.org.kind === 'INSTANSI') return undefined;
  if (actor.org.kind === 'BKN_PUSAT') return { importer: actor.username, agencyIds: 'ALL' };
  return { importer: actor.username, agencyIds: agencies.filter((org) => org.kind === 'INSTANSI' && reachesOrganisation(actor, org)).map((org) => org.id) };
}
