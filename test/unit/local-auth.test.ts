import { SignJWT, decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, TOKEN_LIFETIME_SECONDS, issueToken, subjectOf, verifyToken } from '../../infra/local/auth';
import { findUser } from '../../infra/local/seed-data';
import { claimsSchema } from '../../shared/http/claims';

const budi = findUser('budi')!;
const verifier = findUser('ver.kanreg1')!;

describe('the local token issuer', () => {
  it('issues a token that verifies, carrying the claims the API reads', async () => {
    const claims = await verifyToken(await issueToken(budi));
    expect(claims).toMatchObject({
      sub: subjectOf('budi'),
      username: 'budi',
      name: 'Budi Santoso',
      'custom:roles': 'PEGAWAI',
      'custom:org': 'PEMKAB-SLEMAN',
      'custom:nip': budi.nip,
      iss: LOCAL_ISSUER,
      aud: LOCAL_AUDIENCE,
    });
    expect(claimsSchema.parse(claims)['custom:roles']).toEqual(['PEGAWAI']);
  });

  it('gives staff no NIP claim and a subject that stays the same across restarts', async () => {
    const claims = await verifyToken(await issueToken(verifier));
    expect(claims['custom:nip']).toBeUndefined();
    expect(claims.sub).toBe(subjectOf('ver.kanreg1'));
    expect(subjectOf('ver.kanreg1')).not.toBe(subjectOf('budi'));
  });

  it('makes tokens last twelve hours', async () => {
    const { iat, exp } = decodeJwt(await issueToken(budi));
    expect(exp! - iat!).toBe(TOKEN_LIFETIME_SECONDS);
    expect(TOKEN_LIFETIME_SECONDS).toBe(12 * 60 * 60);
  });

  it('refuses a token signed with another secret', async () => {
    const forged = await issueToken(budi, { secret: 'someone-else-s-secret-that-is-long-enough' });
    await expect(verifyToken(forged)).rejects.toThrow();
  });

  it('refuses an expired token', async () => {
    const yesterday = new Date(Date.now() - 13 * 60 * 60 * 1000);
    await expect(verifyToken(await issueToken(budi, { now: yesterday }))).rejects.toMatchObject({ code: 'ERR_JWT_EXPIRED' });
  });

  it('refuses garbage', async () => {
    await expect(verifyToken('not-a-jwt')).rejects.toThrow();
    await expect(verifyToken('')).rejects.toThrow();
    await expect(verifyToken('a.b.c')).rejects.toThrow();
  });

  it('refuses a token for another issuer or audience, or unsigned', async () => {
    const key = new TextEncoder().encode('pantau-local-development-secret: known to everyone, good for one machine only');
    const otherIssuer = await new SignJWT({ sub: 'x' }).setProtectedHeader({ alg: 'HS256' }).setIssuer('elsewhere').setAudience(LOCAL_AUDIENCE).setExpirationTime('1h').sign(key);
    const otherAudience = await new SignJWT({ sub: 'x' }).setProtectedHeader({ alg: 'HS256' }).setIssuer(LOCAL_ISSUER).setAudience('other').setExpirationTime('1h').sign(key);
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ sub: 'x', iss: LOCAL_ISSUER, aud: LOCAL_AUDIENCE, exp: Math.floor(Date.now() / 1000) + 60 })).toString('base64url');
    await expect(verifyToken(otherIssuer)).rejects.toThrow();
    await expect(verifyToken(otherAudience)).rejects.toThrow();
    await expect(verifyToken(`${header}.${payload}.`)).rejects.toThrow();
  });
});
