import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import type { Actor } from '../domain/actors';
import { DomainError } from '../domain/errors';
import type { DirectoryRepository } from '../adapters/dynamo/directory-repository';
import { CLAIM, claimsSchema } from './claims';

/**
 * The actor behind a request, from the claims the JWT authorizer verified. A token whose claims
 * do not make a Pantau actor (no roles, an unknown organisation, an employee without NIP) is
 * refused, not guessed at.
 */
export function actorResolver(directory: DirectoryRepository) {
  return async (event: APIGatewayProxyEventV2WithJWTAuthorizer): Promise<Actor> => {
    const claims = event.requestContext?.authorizer?.jwt?.claims;
    if (!claims) throw new DomainError('UNAUTHENTICATED');
    const parsed = claimsSchema.safeParse(claims);
    if (!parsed.success) throw new DomainError('UNAUTHENTICATED', { reason: 'token claims are incomplete' });
    const c = parsed.data;
    const roles = c[CLAIM.roles];
    if (roles.includes('PEGAWAI') && !c[CLAIM.nip]) throw new DomainError('UNAUTHENTICATED', { reason: 'an employee token needs a NIP' });
    const org = await directory.getOrganisation(c[CLAIM.org]);
    if (!org) throw new DomainError('FORBIDDEN', { reason: 'unknown organisation' });
    return {
      userId: c[CLAIM.subject],
      username: c[CLAIM.username] ?? c[CLAIM.subject],
      name: c[CLAIM.name] ?? c[CLAIM.username] ?? c[CLAIM.subject],
      roles,
      org,
      ...(c[CLAIM.nip] ? { nip: c[CLAIM.nip] } : {}),
      ...(c[CLAIM.onBehalfOf] ? { onBehalfOf: c[CLAIM.onBehalfOf] } : {}),
    };
  };
}
