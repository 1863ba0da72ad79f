import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import type { Actor } from '../domain/actors';
import { effectiveRoles } from '../domain/directory/access';
import type { StaffMember } from '../domain/directory/staff';
import { DomainError } from '../domain/errors';
import type { DirectoryRepository } from '../adapters/dynamo/directory-repository';
import type { StaffRepository } from '../adapters/dynamo/staff-repository';
import { CLAIM, claimsSchema } from './claims';

export interface ActorResolver {
  (event: APIGatewayProxyEventV2WithJWTAuthorizer): Promise<Actor>;
  /** The directory's entry read for this request's actor, if any (GET and PUT /me answer from it instead of reading it again). */
  memberOf(event: APIGatewayProxyEventV2WithJWTAuthorizer): StaffMember | undefined;
}

/**
 * The actor behind a request, from the claims the JWT authorizer verified and the directory as it
 * is now: a token whose claims do not make a Pantau actor (no roles, an unknown organisation, an
 * employee without NIP) is refused, not guessed at; and its roles count only where the directory
 * still holds them (shared/domain/directory/access.ts), so a role taken away, or a suspension,
 * holds from the next request on. The directory read is one eventually consistent GetItem, made
 * beside the (cached) organisation's.
 */
export function actorResolver(directory: DirectoryRepository, staff: StaffRepository): ActorResolver {
  const members = new WeakMap<object, StaffMember>();
  const resolve = async (event: APIGatewayProxyEventV2WithJWTAuthorizer): Promise<Actor> => {
    const claims = event.requestContext?.authorizer?.jwt?.claims;
    if (!claims) throw new DomainError('UNAUTHENTICATED');
    const parsed = claimsSchema.safeParse(claims);
    if (!parsed.success) throw new DomainError('UNAUTHENTICATED', { reason: 'token claims are incomplete' });
    const c = parsed.data;
    const claimed = c[CLAIM.roles];
    if (claimed.includes('PEGAWAI') && !c[CLAIM.nip]) throw new DomainError('UNAUTHENTICATED', { reason: 'an employee token needs a NIP' });
    const [org, member] = await Promise.all([directory.getOrganisation(c[CLAIM.org]), staff.getMember(c[CLAIM.subject])]);
    if (!org) throw new DomainError('FORBIDDEN', { reason: 'unknown organisation' });
    const roles = effectiveRoles(claimed, org.id, member);
    if (member) members.set(event, member);
    // The directory's NIP where it has an entry: an employee's own proposals follow who the directory says they are.
    const nip = member ? member.nip : c[CLAIM.nip];
    const username = member?.username ?? c[CLAIM.cognitoUsername] ?? c[CLAIM.username] ?? c[CLAIM.subject];
    return {
      userId: c[CLAIM.subject],
      username,
      name: member?.name ?? c[CLAIM.name] ?? username,
      roles,
      org,
      ...(nip ? { nip } : {}),
      ...(c[CLAIM.onBehalfOf] ? { onBehalfOf: c[CLAIM.onBehalfOf] } : {}),
    };
  };
  return Object.assign(resolve, { memberOf: (event: APIGatewayProxyEventV2WithJWTAuthorizer) => members.get(event) });
}
