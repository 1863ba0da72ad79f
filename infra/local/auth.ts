import { createHash } from 'node:crypto';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { CLAIM } from '../../shared/http/claims';
import type { LocalUser } from './seed-data';

/**
 * Local sign-in: the seeded users' stable subjects, and the gateway's check of a bearer token as
 * API Gateway's JWT authorizer makes it. Tokens come from cognito-local (cognito-local.ts), signed
 * RS256 with its key; `npm run token` signs in for one.
 *
 * Tokens use the real clock, never PANTAU_NOW: signing in is not business time, and a token must
 * stay valid whatever instant the local stack pretends it is.
 */

/** Cognito's `sub` is a UUID that never changes; the seeded accounts get one derived from the username, so it survives restarts. */
export function subjectOf(username: string): string {
  const hex = createHash('sha256').update(`pantau-local:${username}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The claims an ID token for `user` carries that Pantau reads, named as shared/http/claims.ts reads them (for in-process tests). */
export function claimsOf(user: LocalUser): Record<string, string> {
  return {
    [CLAIM.subject]: subjectOf(user.username),
    [CLAIM.username]: user.username,
    [CLAIM.name]: user.name,
    [CLAIM.roles]: user.roles.join(','),
    [CLAIM.org]: user.orgId,
    ...(user.nip ? { [CLAIM.nip]: user.nip } : {}),
  };
}

export interface JwtAuthorizerConfig {
  /** `<endpoint>/<poolId>`: cognito-local's issuer, as `https://cognito-idp.<region>.amazonaws.com/<poolId>` is Cognito's. */
  issuer: string;
  /** The app client id: an ID token's `aud`. */
  audience: string;
  /** The pool's JWKS (`<issuer>/.well-known/jwks.json`), or the keys themselves (tests). */
  jwks: string | JWTVerifyGetKey;
  /** The instant tokens are checked at; tests move it. */
  now?: () => Date;
}

/**
 * A bearer token's claims if it is an ID token of this pool and client: RS256 by the pool's key
 * its `kid` names, issuer, audience, `exp` in the future. Only ID tokens: the API reads the custom
 * claims (roles, organisation, NIP), which access tokens do not carry. Otherwise it throws.
 */
export function jwtAuthorizer(config: JwtAuthorizerConfig): (token: string) => Promise<JWTPayload> {
  const jwks = typeof config.jwks === 'string' ? createRemoteJWKSet(new URL(config.jwks)) : config.jwks;
  // A token names its key, as Cognito's do: without a kid jose would try the pool's only key.
  const keys: JWTVerifyGetKey = (header, token) => {
    if (typeof header.kid !== 'string') throw new errors.JWKSNoMatchingKey('the token names no key (kid)');
    return jwks(header, token);
  };
  return async (token) => {
    const { payload } = await jwtVerify(token, keys, {
      algorithms: ['RS256'],
      issuer: config.issuer,
      audience: config.audience,
      requiredClaims: ['sub', 'exp', 'token_use'],
      ...(config.now ? { currentDate: config.now() } : {}),
    });
    if (payload.token_use !== 'id') throw new errors.JWTClaimValidationFailed('only ID tokens are accepted', payload, 'token_use', 'check_failed');
    return payload;
  };
}
