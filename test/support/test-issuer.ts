import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { claimsOf, jwtAuthorizer } from '../../infra/local/auth';
import type { LocalUser } from '../../infra/local/seed-data';
import { CLAIM } from '../../shared/http/claims';

/**
 * A user pool's signing key in the test process, for unit tests of what checks tokens (the
 * gateway, auth.ts): ID tokens shaped as cognito-local's (and Cognito's) are, RS256 under a key
 * id, and the verifier the local stack builds for them, on this key's JWKS. Integration and e2e
 * tests sign in to the real emulator instead (test/support/identity.ts, test/support/tokens.ts).
 */
export const TEST_ISSUER = 'http://127.0.0.1:9229/local_TestPool';
export const TEST_AUDIENCE = 'test-app-client';
const HOUR = 3600;

export interface TestIssuer {
  jwks: { keys: JWK[] };
  /** An ID token for `user` issued at `now` (the real clock by default), valid an hour, signed by `key` (the pool's by default). */
  idToken(user: LocalUser, options?: { now?: Date; key?: CryptoKey; claims?: Record<string, unknown>; header?: { alg: string; kid?: string } }): Promise<string>;
  /** The gateway's verifier for this pool. */
  verify: ReturnType<typeof jwtAuthorizer>;
}

export async function testIssuer(): Promise<TestIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' }] };
  return {
    jwks,
    async idToken(user, { now = new Date(), key = privateKey, claims = {}, header = { alg: 'RS256', kid: 'test-key' } } = {}) {
      const iat = Math.floor(now.getTime() / 1000);
      const { [CLAIM.username]: username, ...rest } = claimsOf(user);
      // `claims` last: a test may replace any of them, iss and aud included.
      const payload = { iss: TEST_ISSUER, aud: TEST_AUDIENCE, iat, exp: iat + HOUR, ...rest, 'cognito:username': username, token_use: 'id', email: `${user.username}@example.com`, ...claims };
      return new SignJWT(payload).setProtectedHeader(header).sign(key);
    },
    verify: jwtAuthorizer({ issuer: TEST_ISSUER, audience: TEST_AUDIENCE, jwks: createLocalJWKSet(jwks) }),
  };
}
