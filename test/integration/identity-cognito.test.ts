import { AdminGetUserCommand, CreateUserPoolClientCommand, CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatorClient, scratchPoolName, startCognitoEmulator, userPoolClientInput, userPoolInput } from '../../infra/local/cognito-local';
import { worstCallMs } from '../../shared/adapters/aws/client-config';
import { dependencyFault } from '../../shared/adapters/aws/faults';
import { CognitoIdentityProvider, createCognitoClient, identityProviderFromEnv } from '../../shared/adapters/identity/cognito-identity-provider';
import type { NewAccount } from '../../shared/adapters/identity/ports';
import { startFaultyEndpoint, type FaultyEndpoint } from '../support/faulty-endpoint';
import { freePort } from '../support/free-port';
import { createTestUserPool, type TestUserPool } from '../support/identity';

/**
 * The identity provider the staff use cases call, on Cognito's admin API, against cognito-local
 * (test/support/cognito-global-setup.ts): each call sets a state, an existing username is handed
 * back rather than created twice, and a Cognito that is away fails within the API's budget as
 * something faults.ts calls unavailable (503).
 */
let pool: TestUserPool;
beforeAll(async () => {
  pool = await createTestUserPool();
});
afterAll(() => pool?.destroy());

const operator = (username: string, overrides: Partial<NewAccount> = {}): NewAccount => ({
  username,
  name: 'Yuliana Puspitasari',
  email: `${username}@example.com`,
  phone: '+6281227330415',
  roles: ['OPERATOR'],
  orgId: 'PEMKAB-SLEMAN',
  ...overrides,
});

describe('CognitoIdentityProvider', () => {
  it('creates an account with its claims and sends the invitation, which signs the newcomer in once they choose a password', async () => {
    const { account, created } = await pool.identity.createAccount(operator('op.baru'));
    expect(created).toBe(true);
    expect(account).toEqual({ userId: expect.stringMatching(/^[0-9a-f-]{36}$/), username: 'op.baru', enabled: true, roles: ['OPERATOR'], orgId: 'PEMKAB-SLEMAN' });

    const { UserAttributes = [] } = await pool.admin.send(new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: 'op.baru' }));
    const attributes = Object.fromEntries(UserAttributes.map((a) => [a.Name, a.Value]));
    expect(attributes).toMatchObject({ email: 'op.baru@example.com', email_verified: 'true', name: 'Yuliana Puspitasari', phone_number: '+6281227330415', 'custom:roles': 'OPERATOR', 'custom:org': 'PEMKAB-SLEMAN' });
    expect(attributes).not.toHaveProperty('custom:nip');

    const invitation = await pool.invitationTo('op.baru@example.com');
    expect(invitation).toMatchObject({ username: 'op.baru', subject: 'Undangan akun Pantau / Your Pantau account' });
    // Indonesian first, English after.
    expect(invitation!.text.indexOf('Kata sandi sementara')).toBeLessThan(invitation!.text.indexOf('Temporary password'));

    const tokens = await pool.completeInvitation('op.baru', invitation!.temporaryPassword, 'Sandi-baru-2026!');
    const claims = await pool.verify(tokens.IdToken!);
    expect(claims).toMatchObject({ sub: account.userId, 'cognito:username': 'op.baru', 'custom:roles': 'OPERATOR', 'custom:org': 'PEMKAB-SLEMAN', token_use: 'id' });
    await expect(pool.signIn('op.baru', 'Sandi-baru-2026!')).resolves.toHaveProperty('IdToken');
  });

  it('an existing username is handed back with created: false, as it is, and no second invitation goes out', async () => {
    const first = await pool.identity.createAccount(operator('ver.ulang', { roles: ['VERIFIKATOR'] }));
    const before = (await (await fetch(pool.sesStore)).json()) as { emails: unknown[] };
    const again = await pool.identity.createAccount(operator('ver.ulang', { roles: ['APPROVER'], orgId: 'PEMKOT-YOGYAKARTA' }));
    expect(again).toEqual({ account: first.account, created: false });
    const after = (await (await fetch(pool.sesStore)).json()) as { emails: unknown[] };
    expect(after.emails.length).toBe(before.emails.length);
  });

  it('setClaims sets roles, organisation and a NIP given, in one call, and leaves the NIP when none is given', async () => {
    await pool.identity.createAccount(operator('pindah', { roles: ['PEGAWAI'], nip: '198503142010031004' }));
    expect(await pool.identity.getAccount('pindah')).toMatchObject({ roles: ['PEGAWAI'], orgId: 'PEMKAB-SLEMAN', nip: '198503142010031004' });

    await pool.identity.setClaims('pindah', { roles: ['PEGAWAI', 'OPERATOR'], orgId: 'PEMKOT-YOGYAKARTA', nip: '199007222015012001' });
    expect(await pool.identity.getAccount('pindah')).toMatchObject({ roles: ['PEGAWAI', 'OPERATOR'], orgId: 'PEMKOT-YOGYAKARTA', nip: '199007222015012001' });

    await pool.identity.setClaims('pindah', { roles: ['PEGAWAI', 'VERIFIKATOR'], orgId: 'PEMKOT-YOGYAKARTA' });
    expect(await pool.identity.getAccount('pindah')).toMatchObject({ roles: ['PEGAWAI', 'VERIFIKATOR'], orgId: 'PEMKOT-YOGYAKARTA', nip: '199007222015012001' });
  });

  it('disable stops sign-in; enable lets it in again; each may be repeated', async () => {
    const { account } = await pool.identity.createAccount(operator('cuti.panjang'));
    const invitation = (await pool.invitationTo('cuti.panjang@example.com'))!;
    await pool.completeInvitation('cuti.panjang', invitation.temporaryPassword, 'Sandi-baru-2026!');

    await pool.identity.disable('cuti.panjang');
    await pool.identity.disable('cuti.panjang');
    expect(await pool.identity.getAccount('cuti.panjang')).toEqual({ ...account, enabled: false });
    await expect(pool.signIn('cuti.panjang', 'Sandi-baru-2026!')).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'User is disabled.' });

    await pool.identity.enable('cuti.panjang');
    await pool.identity.enable('cuti.panjang');
    expect(await pool.identity.getAccount('cuti.panjang')).toEqual(account);
    await expect(pool.signIn('cuti.panjang', 'Sandi-baru-2026!')).resolves.toHaveProperty('IdToken');
  });

  it('getAccount of an unknown username is undefined', async () => {
    expect(await pool.identity.getAccount('tidak.ada')).toBeUndefined();
  });

  it('identityProviderFromEnv reads USER_POOL_ID and COGNITO_ENDPOINT, and wants the pool', async () => {
    const fromEnv = identityProviderFromEnv({ USER_POOL_ID: pool.userPoolId, COGNITO_ENDPOINT: pool.endpoint, AWS_REGION: 'ap-southeast-3' });
    await pool.identity.createAccount(operator('dari.env'));
    expect(await fromEnv.getAccount('dari.env')).toMatchObject({ username: 'dari.env', roles: ['OPERATOR'] });
    expect(() => identityProviderFromEnv({})).toThrow('USER_POOL_ID is not set');
  });
});

describe('a Cognito that is away', () => {
  let faulty: FaultyEndpoint;
  let behindFaulty: CognitoIdentityProvider;
  beforeAll(async () => {
    faulty = await startFaultyEndpoint(pool.endpoint);
    behindFaulty = new CognitoIdentityProvider(createCognitoClient({ endpoint: faulty.url, budget: 'request' }), pool.userPoolId);
  });
  afterAll(() => faulty?.close());

  async function failure(call: () => Promise<unknown>) {
    const started = performance.now();
    const error = await call().then(() => undefined, (e: unknown) => e);
    return { error, ms: performance.now() - started };
  }

  it('stopped: every call fails within the API budget as unreachable', async () => {
    const emulator = await startCognitoEmulator({ port: await freePort() });
    const admin = emulatorClient(emulator.endpoint);
    const { UserPool } = await admin.send(new CreateUserPoolCommand(userPoolInput(scratchPoolName())));
    await admin.send(new CreateUserPoolClientCommand(userPoolClientInput(UserPool!.Id!)));
    admin.destroy();
    const identity = new CognitoIdentityProvider(createCognitoClient({ endpoint: emulator.endpoint, budget: 'request' }), UserPool!.Id!);
    expect(await identity.getAccount('siapa')).toBeUndefined();
    await emulator.stop();

    for (const call of [() => identity.getAccount('siapa'), () => identity.createAccount(operator('siapa')), () => identity.disable('siapa')]) {
      const { error, ms } = await failure(call);
      expect(error).toBeInstanceOf(Error);
      expect(dependencyFault(error)).toMatchObject({ kind: 'unreachable' });
      expect(ms).toBeLessThan(worstCallMs('request'));
    }
  });

  it('throttled (TooManyRequestsException) is unavailable for a moment', async () => {
    faulty.fail({ kind: 'error', status: 400, type: 'TooManyRequestsException', message: 'Too many requests' });
    const { error, ms } = await failure(() => behindFaulty.getAccount('siapa'));
    expect(error).toMatchObject({ name: 'TooManyRequestsException' });
    expect(dependencyFault(error)).toEqual({ kind: 'throttled', retryAfterSeconds: 2 });
    expect(ms).toBeLessThan(worstCallMs('request'));
    // The SDK retried it once, as the budget says.
    expect(faulty.seen.get('AdminGetUser')).toBe(2);
  });

  it('hanging: the call gives up within the budget as a timeout', async () => {
    faulty.fail({ kind: 'hang' });
    const { error, ms } = await failure(() => behindFaulty.setClaims('siapa', { roles: ['OPERATOR'], orgId: 'PEMKAB-SLEMAN' }));
    expect(dependencyFault(error)).toMatchObject({ kind: 'timeout' });
    expect(ms).toBeLessThan(worstCallMs('request'));
  });

  it('an internal error on its side is a dependency error', async () => {
    faulty.fail({ kind: 'error', status: 500, type: 'InternalErrorException', message: 'Internal error' });
    const { error } = await failure(() => behindFaulty.enable('siapa'));
    expect(error).toMatchObject({ name: 'InternalErrorException' });
    expect(dependencyFault(error)).toMatchObject({ kind: 'dependency-error' });
  });

  it('an answer that is ours to fix (an unknown user to disable) is no outage', async () => {
    faulty.heal();
    const { error } = await failure(() => behindFaulty.disable('tidak.ada'));
    expect(error).toMatchObject({ name: 'UserNotFoundException' });
    expect(dependencyFault(error)).toBeUndefined();
  });
});
