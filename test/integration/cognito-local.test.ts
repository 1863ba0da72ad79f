import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { SignJWT, decodeJwt, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jwtAuthorizer, subjectOf } from '../../infra/local/auth';
import {
  LOCAL_PASSWORD,
  emulatorClient,
  htmlToText,
  passwordPolicyViolation,
  renderInvitation,
  sesEmailSender,
  startCognitoLocal,
  type CognitoLocal,
} from '../../infra/local/cognito-local';
import { findUser, users } from '../../infra/local/seed-data';
import { startSesLocal, type SesLocal } from '../../infra/local/ses-local';
import { INVITATION, PASSWORD_POLICY } from '../../shared/adapters/identity/user-pool-definition';
import { freePort } from '../support/free-port';
import { emailsTo } from '../support/local-outboxes';

/**
 * The local user pool as npm start composes it: cognito-local with the shims that put Cognito's
 * behaviour back (disabled users, temporary passwords, challenge sessions), invitations in the
 * local SES, the seeded accounts kept across restarts, and the gateway's check of its tokens.
 */
let ses: SesLocal;
let cognito: CognitoLocal;
let admin: CognitoIdentityProviderClient;
let dataDir: string;
// The emulator's clock: tests move it to age temporary passwords.
let offsetMs = 0;
const now = () => new Date(Date.now() + offsetMs);
const seeded = [findUser('budi')!, findUser('op.sleman')!, findUser('admin.bkn')!];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'pantau-cognito-test-'));
  ses = await startSesLocal({ port: await freePort() });
  cognito = await startCognitoLocal({ port: await freePort(), directory: dataDir, users: seeded, sendEmail: sesEmailSender(ses.url), now });
  admin = emulatorClient(cognito.endpoint);
});
afterAll(async () => {
  admin?.destroy();
  await cognito?.stop();
  await ses?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const signIn = (username: string, password: string) =>
  admin.send(new InitiateAuthCommand({ ClientId: cognito.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }));
const answer = (username: string, session: string | undefined, newPassword: string) =>
  admin.send(
    new RespondToAuthChallengeCommand({ ClientId: cognito.clientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: session, ChallengeResponses: { USERNAME: username, NEW_PASSWORD: newPassword } }),
  );
const refusal = (promise: Promise<unknown>) => promise.then(() => 'signed in', (error: { name?: string; message?: string }) => `${error.name}: ${error.message}`);

async function invite(username: string): Promise<string> {
  const email = `${username}@example.com`;
  await admin.send(
    new AdminCreateUserCommand({
      UserPoolId: cognito.userPoolId,
      Username: username,
      DesiredDeliveryMediums: ['EMAIL'],
      UserAttributes: [{ Name: 'email', Value: email }, { Name: 'name', Value: 'Pegawai Baru' }, { Name: 'custom:roles', Value: 'OPERATOR' }, { Name: 'custom:org', Value: 'PEMKAB-SLEMAN' }],
    }),
  );
  const [mail] = (await emailsTo({ sesStore: ses.storeUrl }, email)).slice(-1);
  const temporary = /Kata sandi sementara: (\S+)/.exec(mail?.body.text ?? '')?.[1];
  if (!temporary) throw new Error(`no invitation for ${email}`);
  return temporary;
}

describe('the seeded accounts', () => {
  it('sign in with the local password and carry subjectOf(username) and their claims in an ID token the gateway accepts', async () => {
    const { AuthenticationResult } = await signIn('budi', LOCAL_PASSWORD);
    const claims = await jwtAuthorizer({ issuer: cognito.issuer, audience: cognito.clientId, jwks: cognito.jwksUrl })(AuthenticationResult!.IdToken!);
    expect(claims).toMatchObject({
      sub: subjectOf('budi'),
      'cognito:username': 'budi',
      // Added by the shim: Cognito puts the standard attributes the client reads in the ID token.
      name: 'Budi Santoso',
      email: 'budi.santoso@example.com',
      'custom:roles': 'PEGAWAI',
      'custom:org': 'PEMKAB-SLEMAN',
      'custom:nip': '198503142010031004',
      token_use: 'id',
      iss: cognito.issuer,
      aud: cognito.clientId,
    });
    // One hour, as the shared definition says.
    expect(claims.exp! - claims.iat!).toBe(3600);
  });

  it('are kept across a restart on the same directory: same pool, same client, nothing created twice, invited accounts still there', async () => {
    await invite('tetap.ada');
    // Sign-ins at once each store a refresh token: the pool's file must still read back whole.
    await Promise.all(Array.from({ length: 20 }, (_, i) => signIn(seeded[i % seeded.length]!.username, LOCAL_PASSWORD)));
    const again = await startCognitoLocal({ port: await freePort(), directory: dataDir, users: seeded });
    try {
      expect({ pool: again.userPoolId, client: again.clientId }).toEqual({ pool: cognito.userPoolId, client: cognito.clientId });
      expect(again.seeded).toEqual({ created: 0, kept: seeded.length });
      const other = emulatorClient(again.endpoint);
      const kept = await other.send(new AdminGetUserCommand({ UserPoolId: again.userPoolId, Username: 'tetap.ada' }));
      expect(kept.UserStatus).toBe('FORCE_CHANGE_PASSWORD');
      other.destroy();
    } finally {
      await again.stop();
    }
    expect(cognito.seeded).toEqual({ created: seeded.length, kept: 0 });
  });

  it('a fresh scratch directory (--in-memory) holds every seeded user and is removed on stop', async () => {
    const scratch = await startCognitoLocal({ port: await freePort(), users });
    expect(scratch.seeded).toEqual({ created: users.length, kept: 0 });
    await scratch.stop();
    expect(() => readFileSync(join(scratch.directory, 'clients.json'))).toThrow();
  });
});

describe('the shims: Cognito\'s behaviour where cognito-local differs', () => {
  it('a wrong password, or an unknown user, is NotAuthorizedException "Incorrect username or password."', async () => {
    expect(await refusal(signIn('op.sleman', 'Salah-sandi-2026!'))).toBe('NotAuthorizedException: Incorrect username or password.');
    expect(await refusal(signIn('tidak.ada', LOCAL_PASSWORD))).toBe('NotAuthorizedException: Incorrect username or password.');
  });

  it('a disabled user cannot sign in, by password or by refresh token; enabled again, they can', async () => {
    const { AuthenticationResult } = await signIn('admin.bkn', LOCAL_PASSWORD);
    await admin.send(new AdminDisableUserCommand({ UserPoolId: cognito.userPoolId, Username: 'admin.bkn' }));
    try {
      expect(await refusal(signIn('admin.bkn', LOCAL_PASSWORD))).toBe('NotAuthorizedException: User is disabled.');
      const refresh = admin.send(new InitiateAuthCommand({ ClientId: cognito.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: AuthenticationResult!.RefreshToken! } }));
      expect(await refusal(refresh)).toBe('NotAuthorizedException: User is disabled.');
    } finally {
      await admin.send(new AdminEnableUserCommand({ UserPoolId: cognito.userPoolId, Username: 'admin.bkn' }));
    }
    expect(await refusal(signIn('admin.bkn', LOCAL_PASSWORD))).toBe('signed in');
  });

  it('an invited user: a wrong temporary password is refused; the right one gives the challenge, and a new password gives tokens', async () => {
    const temporary = await invite('op.undangan');
    expect(await refusal(signIn('op.undangan', 'bukan-itu'))).toBe('NotAuthorizedException: Incorrect username or password.');
    expect(await refusal(signIn('op.undangan', LOCAL_PASSWORD))).toBe('NotAuthorizedException: Incorrect username or password.');

    const challenge = await signIn('op.undangan', temporary);
    expect(challenge).toMatchObject({ ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: expect.any(String) });
    expect(challenge.AuthenticationResult).toBeUndefined();
    const { AuthenticationResult } = await answer('op.undangan', challenge.Session, 'Sandi-pilihan-2026!');
    expect(decodeJwt(AuthenticationResult!.IdToken!)).toMatchObject({ 'cognito:username': 'op.undangan', 'custom:roles': 'OPERATOR' });
    // The temporary password is spent; the chosen one signs in.
    expect(await refusal(signIn('op.undangan', temporary))).toBe('NotAuthorizedException: Incorrect username or password.');
    expect(await refusal(signIn('op.undangan', 'Sandi-pilihan-2026!'))).toBe('signed in');
  });

  it('the challenge wants the session its sign-in gave, once, and a password the policy accepts', async () => {
    const temporary = await invite('op.sesi');
    expect(await refusal(answer('op.sesi', 'made-up-session', 'Sandi-pilihan-2026!'))).toBe('NotAuthorizedException: Invalid session for the user.');
    const { Session } = await signIn('op.sesi', temporary);
    // Another user's name on this session is refused too.
    expect(await refusal(answer('op.sleman', Session, 'Sandi-pilihan-2026!'))).toBe('NotAuthorizedException: Invalid session for the user.');
    expect(await refusal(answer('op.sesi', Session, 'pendek'))).toMatch(/^InvalidPasswordException: Password does not conform to policy/);
    expect(await refusal(answer('op.sesi', Session, 'Sandi-pilihan-2026!'))).toBe('signed in');
    expect(await refusal(answer('op.sesi', Session, 'Sandi-lain-2026!!'))).toBe('NotAuthorizedException: Invalid session for the user.');
  });

  it(`a temporary password older than ${PASSWORD_POLICY.temporaryPasswordValidityDays} days no longer signs in`, async () => {
    const temporary = await invite('op.lama');
    offsetMs = (PASSWORD_POLICY.temporaryPasswordValidityDays + 1) * 86_400_000;
    try {
      expect(await refusal(signIn('op.lama', temporary))).toBe('NotAuthorizedException: Temporary password has expired and must be reset by an administrator.');
    } finally {
      offsetMs = 0;
    }
    expect((await signIn('op.lama', temporary)).ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
  });

  it('the policy check is the pool\'s', () => {
    expect(passwordPolicyViolation(LOCAL_PASSWORD)).toBeUndefined();
    expect(passwordPolicyViolation('Pendek-1!')).toMatch(/long enough/);
    expect(passwordPolicyViolation('tanpa-huruf-besar-1')).toMatch(/uppercase/);
    expect(passwordPolicyViolation('Tanpa-Angka-Sama-Sekali')).toMatch(/numeric/);
    expect(passwordPolicyViolation('TanpaSimbol2026x')).toMatch(/symbol/);
  });
});

describe('the invitation', () => {
  it('reaches the local SES as an email rendered from the pool\'s template, Indonesian first', async () => {
    const temporary = await invite('ver.surat');
    const [mail] = await emailsTo({ sesStore: ses.storeUrl }, 'ver.surat@example.com');
    expect(mail).toMatchObject({ from: 'Pantau <no-reply@pantau.local>', destination: { to: ['ver.surat@example.com'] }, subject: INVITATION.emailSubject });
    expect(mail!.body.html).toBe(INVITATION.emailBody.replaceAll('{username}', 'ver.surat').replaceAll('{####}', temporary.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)));
    expect(mail!.body.text).toContain('Nama pengguna: ver.surat');
    expect(mail!.body.text).toContain(`Temporary password: ${temporary}`);
    expect(mail!.body.text!.indexOf('Nama pengguna')).toBeLessThan(mail!.body.text!.indexOf('Username'));
    expect(mail!.body.text).not.toMatch(/[<>]/);
  });

  it('escapes what it fills in, and its text has no tags', () => {
    const { html, text } = renderInvitation('<b>x</b>', 'a&b', 'x@example.com');
    expect(html).toContain('&#60;b&#62;x&#60;/b&#62;');
    expect(html).toContain('a&#38;b');
    expect(text).toContain('Nama pengguna: <b>x</b>');
    expect(htmlToText('<p>a<br>b</p><hr><p>c</p>')).toBe('a\nb\n\n---\nc');
  });

  it('the templates carry both placeholders, the SMS within 140 characters', () => {
    for (const text of [INVITATION.emailBody, INVITATION.sms]) {
      expect(text).toContain('{username}');
      expect(text).toContain('{####}');
    }
    expect(INVITATION.sms.length).toBeLessThanOrEqual(140);
    expect(INVITATION.emailSubject.length).toBeLessThanOrEqual(140);
  });
});

describe('the gateway\'s check of a token (API Gateway\'s JWT authorizer)', () => {
  const HOUR = 3600;
  let verify: ReturnType<typeof jwtAuthorizer>;
  let real: { id: string; access: string };
  let emulatorKey: CryptoKey | Uint8Array;
  const epoch = () => Math.floor(Date.now() / 1000);
  const sign = (claims: Record<string, unknown>, key: CryptoKey | Uint8Array = emulatorKey, header: Record<string, unknown> = { alg: 'RS256', kid: 'CognitoLocal' }) =>
    new SignJWT(claims).setProtectedHeader(header as { alg: string }).sign(key);
  const valid = () => ({ ...decodeJwt(real.id) });

  beforeAll(async () => {
    verify = jwtAuthorizer({ issuer: cognito.issuer, audience: cognito.clientId, jwks: cognito.jwksUrl });
    const { AuthenticationResult } = await signIn('op.sleman', LOCAL_PASSWORD);
    real = { id: AuthenticationResult!.IdToken!, access: AuthenticationResult!.AccessToken! };
    // cognito-local signs with a key it ships: forging with it isolates each claim check.
    const require = createRequire(import.meta.url);
    const { jwk } = require('cognito-local/lib/keys/cognitoLocal.private.json') as { jwk: JWK };
    emulatorKey = (await importJWK(jwk, 'RS256')) as CryptoKey;
  });

  it('accepts the emulator\'s ID token, and the same claims signed again by its key', async () => {
    await expect(verify(real.id)).resolves.toMatchObject({ sub: subjectOf('op.sleman'), token_use: 'id' });
    await expect(verify(await sign(valid()))).resolves.toMatchObject({ 'cognito:username': 'op.sleman' });
  });

  it('refuses another key, alg none, HS256 keyed with the public key, a wrong issuer or audience, an access token, an expired one', async () => {
    const jwks = (await (await fetch(cognito.jwksUrl)).json()) as { keys: JWK[] };
    const publicJwk = jwks.keys[0]!;
    const other = await generateKeyPair('RS256');
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const cases: Record<string, string> = {
      'another key': await sign(valid(), other.privateKey),
      'alg none': `${b64({ alg: 'none', typ: 'JWT' })}.${b64(valid())}.`,
      'HS256 keyed with the public JWK': await sign(valid(), new TextEncoder().encode(JSON.stringify(publicJwk)), { alg: 'HS256', kid: 'CognitoLocal' }),
      'HS256 keyed with the modulus': await sign(valid(), Buffer.from(publicJwk.n!, 'base64url'), { alg: 'HS256', kid: 'CognitoLocal' }),
      'wrong issuer': await sign({ ...valid(), iss: 'http://127.0.0.1:1/local_other' }),
      'https issuer of the same pool': await sign({ ...valid(), iss: cognito.issuer.replace('http:', 'https:') }),
      'wrong audience': await sign({ ...valid(), aud: 'another-client' }),
      'the real access token': real.access,
      'token_use access with an audience': await sign({ ...valid(), token_use: 'access' }),
      'no token_use': await sign({ ...valid(), token_use: undefined }),
      'expired': await sign({ ...valid(), iat: epoch() - 2 * HOUR, exp: epoch() - HOUR }),
      'no exp': await sign({ ...valid(), exp: undefined }),
      'not a JWT': 'not-a-jwt',
    };
    const verdicts = Object.fromEntries(await Promise.all(Object.entries(cases).map(async ([name, token]) => [name, await verify(token).then(() => 'accepted', () => 'refused')])));
    expect(verdicts).toEqual(Object.fromEntries(Object.keys(cases).map((name) => [name, 'refused'])));
  });

  it('the emulator\'s own token, an hour and a minute on, is expired', async () => {
    const later = jwtAuthorizer({ issuer: cognito.issuer, audience: cognito.clientId, jwks: cognito.jwksUrl, now: () => new Date(Date.now() + 61 * 60_000) });
    await expect(later(real.id)).rejects.toMatchObject({ code: 'ERR_JWT_EXPIRED' });
  });
});
