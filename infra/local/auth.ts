import { createHash } from 'node:crypto';
import { SignJWT, createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { CLAIM } from '../../shared/http/claims';
import { LocalStackError } from './dynamodb-local';
import type { LocalUser } from './seed-data';

/**
 * The local stand-in for Cognito and API Gateway's JWT authorizer: it issues tokens for the seeded
 * users and verifies them. HS256 with a secret known to every checkout is fine for one machine and
 * nothing else, which is why the gateway listens on loopback only.
 *
 * Tokens use the real clock, never PANTAU_NOW: signing in is not business time, and a token must
 * stay valid whatever instant the local stack pretends it is.
 */
export const LOCAL_ISSUER = 'pantau-local';
export const LOCAL_AUDIENCE = 'pantau';
export const TOKEN_LIFETIME_SECONDS = 12 * 60 * 60;

const DEFAULT_SECRET = 'pantau-local-development-secret: known to everyone, good for one machine only';
const MIN_SECRET_LENGTH = 32;

export interface AuthOptions {
  /** Defaults to env LOCAL_JWT_SECRET, then the embedded development secret. */
  secret?: string;
  /** The instant tokens are issued or checked at; tests move it. */
  now?: Date;
}

function signingKey(secret = process.env.LOCAL_JWT_SECRET || DEFAULT_SECRET): Uint8Array {
  if (secret.length < MIN_SECRET_LENGTH) throw new LocalStackError(`LOCAL_JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters.`);
  return new TextEncoder().encode(secret);
}

/** Cognito's `sub` is a UUID that never changes; derive one from the username so it survives restarts. */
export function subjectOf(username: string): string {
  const hex = createHash('sha256').update(`pantau-local:${username}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The claims a token for `user` carries, named as shared/http/claims.ts reads them. */
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

export async function issueToken(user: LocalUser, options: AuthOptions = {}): Promise<string> {
  const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return new SignJWT(claimsOf(user))
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + TOKEN_LIFETIME_SECONDS)
    .sign(signingKey(options.secret));
}

/** The token's claims if its signature, issuer, audience and lifetime hold; otherwise it throws. */
export async function verifyToken(token: string, options: AuthOptions = {}): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, signingKey(options.secret), {
    algorithms: ['HS256'],
    issuer: LOCAL_ISSUER,
    audience: LOCAL_AUDIENCE,
    requiredClaims: ['sub', 'exp'],
    ...(options.now ? { currentDate: options.now } : {}),
  });
  return payload;
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
 * A bearer token's claims if it is an ID token of this pool and client: RS256 by one of the
 * pool's keys, issuer, audience, `exp` in the future. Only ID tokens: the API reads the custom
 * claims (roles, organisation, NIP), which access tokens do not carry. Otherwise it throws.
 */
export function jwtAuthorizer(config: JwtAuthorizerConfig): (token: string) => Promise<JWTPayload> {
  const keys = typeof config.jwks === 'string' ? createRemoteJWKSet(new URL(config.jwks)) : config.jwks;
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
