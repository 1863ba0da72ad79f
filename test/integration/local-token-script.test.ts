import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { AdminCreateUserCommand, AdminDisableUserCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jwtAuthorizer, subjectOf } from '../../infra/local/auth';
import { emulatorClient, sesEmailSender, startCognitoLocal, type CognitoLocal } from '../../infra/local/cognito-local';
import { findUser } from '../../infra/local/seed-data';
import { startSesLocal, type SesLocal } from '../../infra/local/ses-local';
import { freePort } from '../support/free-port';
import { emailsTo } from '../support/local-outboxes';

/**
 * `npm run -s token` against a user pool as npm start runs it (cognito-local, its seeded
 * accounts, invitations in a local SES), found on COGNITO_PORT: a seeded user's ID token and
 * nothing else on stdout, an invited user's first sign-in with the temporary password from the
 * email, and one line on stderr for each way it can go wrong.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const exec = promisify(execFile);
let ses: SesLocal;
let cognito: CognitoLocal;
let admin: CognitoIdentityProviderClient;
let port: number;

beforeAll(async () => {
  ses = await startSesLocal({ port: await freePort() });
  port = await freePort();
  cognito = await startCognitoLocal({ port, users: [findUser('budi')!, findUser('op.sleman')!], sendEmail: sesEmailSender(ses.url) });
  admin = emulatorClient(cognito.endpoint);
});
afterAll(async () => {
  admin?.destroy();
  await cognito?.stop();
  await ses?.close();
});

async function token(args: string[], cognitoPort = port): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec('npx', ['tsx', 'infra/local/token.ts', ...args], { cwd: root, env: { ...process.env, COGNITO_PORT: String(cognitoPort) } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const verify = () => jwtAuthorizer({ issuer: cognito.issuer, audience: cognito.clientId, jwks: cognito.jwksUrl });

describe('npm run -s token', () => {
  it('prints a seeded user\'s ID token, one line, nothing else', async () => {
    const { code, stdout, stderr } = await token(['budi']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(await verify()(stdout.trim())).toMatchObject({ sub: subjectOf('budi'), 'custom:nip': findUser('budi')!.nip });
  });

  it('signs an invited user in with the temporary password from the email, once; then as any other', async () => {
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: cognito.userPoolId,
        Username: 'op.baru',
        DesiredDeliveryMediums: ['EMAIL'],
        UserAttributes: [{ Name: 'email', Value: 'op.baru@example.com' }, { Name: 'custom:roles', Value: 'OPERATOR' }, { Name: 'custom:org', Value: 'PEMKAB-SLEMAN' }],
      }),
    );
    const [mail] = await emailsTo({ sesStore: ses.storeUrl }, 'op.baru@example.com');
    const temporary = /Kata sandi sementara: (\S+)/.exec(mail!.body.text!)![1]!;

    const early = await token(['op.baru']);
    expect(early.code).toBe(1);
    expect(early.stderr.trim()).toBe('"op.baru" was invited and has not chosen a password yet: npm run -s token -- op.baru --temporary-password <from the invitation email>.');
    const wrong = await token(['op.baru', '--temporary-password', 'salah']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^Wrong temporary password for "op.baru"/);

    const first = await token(['op.baru', '--temporary-password', temporary]);
    expect(first.code).toBe(0);
    expect(await verify()(first.stdout.trim())).toMatchObject({ 'cognito:username': 'op.baru', 'custom:roles': 'OPERATOR' });
    const again = await token(['op.baru']);
    expect(again.code).toBe(0);
    expect(await verify()(again.stdout.trim())).toMatchObject({ 'cognito:username': 'op.baru' });
    const twice = await token(['op.baru', '--temporary-password', temporary]);
    expect(twice.stderr.trim()).toBe('"op.baru" has chosen a password already: npm run -s token -- op.baru, without --temporary-password.');
  });

  it('says in one line what is wrong: an unknown user (2), a disabled one (1), bad arguments (2), no stack on COGNITO_PORT (1)', async () => {
    const unknown = await token(['tidak.ada']);
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toMatch(/^Unknown user "tidak.ada": `npm run -s token -- --list` shows the seeded users/);

    await admin.send(new AdminDisableUserCommand({ UserPoolId: cognito.userPoolId, Username: 'op.sleman' }));
    const disabled = await token(['op.sleman']);
    expect(disabled).toMatchObject({ code: 1, stderr: '"op.sleman" is disabled: an admin must enable the account first.\n' });

    const usage = await token(['budi', '--temporary']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^Usage: npm run -s token -- <username>/);

    const nobody = await freePort();
    const away = await token(['budi'], nobody);
    expect(away).toMatchObject({ code: 1, stdout: '' });
    expect(away.stderr.trim()).toBe(`No local stack answers on COGNITO_PORT=${nobody} (http://127.0.0.1:${nobody}): start it with npm start, or set COGNITO_PORT to the port it runs on.`);
  });

  it('--list still lists the seeded users, with no stack at all', async () => {
    const { code, stdout } = await token(['--list'], await freePort());
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toContainEqual(expect.objectContaining({ username: 'budi', roles: ['PEGAWAI'] }));
  });
});
