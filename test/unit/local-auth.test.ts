import { SignJWT, decodeJwt, generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { claimsOf, subjectOf } from '../../infra/local/auth';
import { findUser } from '../../infra/local/seed-data';
import { claimsSchema } from '../../shared/http/claims';
import { TEST_AUDIENCE, TEST_ISSUER, testIssuer, type TestIssuer } from '../support/test-issuer';

const budi = findUser('budi')!;
const verifier = findUser('ver.kanreg1')!;
let pool: TestIssuer;
beforeAll(async () => {
  pool = await testIssuer();
});

describe('the seeded users\' subjects and claims', () => {
  it('a subject is a stable UUID per username, the same on every machine', () => {
    expect(subjectOf('budi')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(subjectOf('budi')).toBe(subjectOf('budi'));
    expect(subjectOf('ver.kanreg1')).not.toBe(subjectOf('budi'));
    // Pinned: the seeded staff profiles in DynamoDB are keyed by it.
    expect(subjectOf('budi')).toBe('83f0a5ad-422d-122c-53c5-ba503fa4dd9f');
  });

  it('claimsOf gives what the API reads, and the API\'s schema accepts it', () => {
    expect(claimsOf(budi)).toEqual({ sub: subjectOf('budi'), username: 'budi', name: 'Budi Santoso', 'custom:roles': 'PEGAWAI', 'custom:org': 'PEMKAB-SLEMAN', 'custom:nip': budi.nip });
    expect(claimsSchema.safeParse(claimsOf(verifier)).success).toBe(true);
    expect(claimsOf(verifier)).not.toHaveProperty('custom:nip');
  });
});

describe('the JWT authorizer (jwtAuthorizer)', () => {
  it('accepts an ID token of the pool and client, and hands back its claims', async () => {
    const claims = await pool.verify(await pool.idToken(budi));
    expect(claims).toMatchObject({ sub: subjectOf('budi'), 'cognito:username': 'budi', 'custom:roles': 'PEGAWAI', token_use: 'id', iss: TEST_ISSUER, aud: TEST_AUDIENCE });
    expect(claims.exp! - claims.iat!).toBe(3600);
  });

  it('refuses a token that names no key, even signed by the pool\'s', async () => {
    await expect(pool.verify(await pool.idToken(budi, { header: { alg: 'RS256' } }))).rejects.toThrow('names no key');
  });

  it('refuses a token signed by another key, even under the pool\'s key id', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    await expect(pool.verify(await pool.idToken(budi, { key: privateKey }))).rejects.toThrow();
  });

  it('refuses an expired token, saying so', async () => {
    const yesterday = new Date(Date.now() - 24 * 3_600_000);
    await expect(pool.verify(await pool.idToken(budi, { now: yesterday }))).rejects.toMatchObject({ code: 'ERR_JWT_EXPIRED' });
  });

  it('refuses access tokens and tokens without token_use: only ID tokens carry the custom claims', async () => {
    await expect(pool.verify(await pool.idToken(budi, { claims: { token_use: 'access' } }))).rejects.toThrow('only ID tokens');
    await expect(pool.verify(await pool.idToken(budi, { claims: { token_use: undefined } }))).rejects.toThrow();
  });

  it('refuses garbage, alg none, HS256 keyed with the public key, another issuer or audience', async () => {
    await expect(pool.verify('not-a-jwt')).rejects.toThrow();
    await expect(pool.verify('')).rejects.toThrow();
    await expect(pool.verify('a.b.c')).rejects.toThrow();
    const valid = decodeJwt(await pool.idToken(budi));
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    await expect(pool.verify(`${b64({ alg: 'none' })}.${b64(valid)}.`)).rejects.toThrow();
    const hmac = await new SignJWT(valid).setProtectedHeader({ alg: 'HS256', kid: 'test-key' }).sign(new TextEncoder().encode(JSON.stringify(pool.jwks.keys[0])));
    await expect(pool.verify(hmac)).rejects.toThrow();
    await expect(pool.verify(await pool.idToken(budi, { claims: { iss: 'http://127.0.0.1:9229/local_Other' } }))).rejects.toThrow();
    await expect(pool.verify(await pool.idToken(budi, { claims: { aud: 'another-client' } }))).rejects.toThrow();
  });
});
