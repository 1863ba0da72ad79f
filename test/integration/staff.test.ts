import { createHash, randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApiHandler } from '../../functions/api/app';
import { createDocumentClient } from '../../shared/adapters/dynamo/client';
import { CalendarRepository } from '../../shared/adapters/dynamo/calendar-repository';
import { DirectoryRepository } from '../../shared/adapters/dynamo/directory-repository';
import { StaffRepository } from '../../shared/adapters/dynamo/staff-repository';
import { CognitoIdentityProvider, createCognitoClient } from '../../shared/adapters/identity/cognito-identity-provider';
import { CALENDAR_2026 } from '../../shared/domain/calendar';
import type { Actor } from '../../shared/domain/actors';
import { call, type Handler, type TestRequest, type TestResponse } from '../support/api';
import { testDocumentStore } from '../support/documents';
import { startFaultyEndpoint, type FaultyEndpoint } from '../support/faulty-endpoint';
import { ACTORS, EMPLOYEES, ORGS } from '../support/fixtures';
import { createTestUserPool, type TestUserPool } from '../support/identity';
import { seedStaff } from '../support/staff';
import { freshTable } from '../support/table';
import { testTrackingLinks } from '../support/tracking-links';

/**
 * Staff management against DynamoDB Local and cognito-local, each behind a faulty endpoint so
 * either side can fail in the middle of a change. The person invited here signs in with the
 * temporary password from their invitation email, acts, is demoted and suspended, and the token
 * they already hold stops working at once.
 */
let api: (request: TestRequest) => Promise<TestResponse>;
let pool: TestUserPool;
let faultyDynamo: FaultyEndpoint;
let faultyCognito: FaultyEndpoint;
let directory: DirectoryRepository;
let staff: StaffRepository;
let tableHash: () => Promise<string>;

const SLEMAN = ORGS.sleman!.id;
const key = () => `staff-${randomUUID()}`;
const asAdmin = (actor: Actor, request: Omit<TestRequest, 'as'>, idempotencyKey: string | null = key()) =>
  api({ ...request, as: actor, headers: { ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}), ...request.headers } });
const invite = (body: Record<string, unknown>, as: Actor = ACTORS.adminSleman, idempotencyKey = key(), orgId = SLEMAN) =>
  asAdmin(as, { method: 'POST', path: `/organisations/${orgId}/staff`, body }, idempotencyKey);
const setRoles = (username: string, roles: string[], version: number, as: Actor = ACTORS.adminSleman, idempotencyKey = key(), orgId = SLEMAN) =>
  asAdmin(as, { method: 'PUT', path: `/organisations/${orgId}/staff/${username}/roles`, body: { roles }, headers: { 'if-match': `"${version}"` } }, idempotencyKey);
const setStatus = (username: string, status: 'ACTIVE' | 'SUSPENDED', version: number, as: Actor = ACTORS.adminSleman, idempotencyKey = key(), orgId = SLEMAN) =>
  asAdmin(as, { method: 'PUT', path: `/organisations/${orgId}/staff/${username}/status`, body: { status, ...(status === 'SUSPENDED' ? { reason: 'Pindah tugas ke OPD lain' } : {}) }, headers: { 'if-match': `"${version}"` } }, idempotencyKey);

/** The claims API Gateway's authorizer passes on for a verified token: every value a string. */
async function claimsOfToken(idToken: string): Promise<Record<string, string>> {
  const payload = await pool.verify(idToken);
  return Object.fromEntries(Object.entries(payload).map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value)]));
}
const budiContact = (claims: Record<string, string>, email: string) =>
  api({ method: 'PUT', path: `/employees/${EMPLOYEES.budi.nip}`, claims, body: { contact: { email } }, headers: { 'if-match': String(EMPLOYEES.budi.version) } });

beforeAll(async () => {
  const { doc, tableName, endpoint } = await freshTable();
  directory = new DirectoryRepository(doc, tableName, 0);
  staff = new StaffRepository(doc, tableName);
  for (const org of Object.values(ORGS)) await directory.putOrganisation(org);
  await seedStaff(doc, tableName);
  for (const employee of Object.values(EMPLOYEES)) await directory.putEmployee(employee);
  await new CalendarRepository(doc, tableName).put(CALENDAR_2026);
  pool = await createTestUserPool();
  faultyDynamo = await startFaultyEndpoint(endpoint);
  faultyCognito = await startFaultyEndpoint(inject('cognitoEndpoint'));
  // The API's own clients on the API's budgets, each through its faulty endpoint.
  const identity = new CognitoIdentityProvider(createCognitoClient({ endpoint: faultyCognito.url, budget: 'request' }), pool.userPoolId);
  const handler = createApiHandler({
    trackingLinks: testTrackingLinks(),
    identity,
    documentStore: testDocumentStore(),
    doc: createDocumentClient({ endpoint: faultyDynamo.url }),
    tableName,
    clock: { now: () => new Date() },
    logger: new Logger({ logLevel: 'SILENT' }),
  }) as unknown as Handler;
  api = (request) => call(handler, request);
  tableHash = async () => {
    const { Items = [] } = await doc.send(new ScanCommand({ TableName: tableName, ConsistentRead: true }));
    return createHash('sha256').update(JSON.stringify(Items.map((item) => JSON.stringify(item)).sort())).digest('hex');
  };
});

afterAll(async () => {
  await Promise.all([faultyDynamo?.close(), faultyCognito?.close(), pool?.destroy()]);
});

const operator = { username: 'op.baru', name: 'Operator Baru', email: 'op.baru@slemankab.go.id', phone: '+6281234567001', roles: ['OPERATOR'] };
let operatorClaims: Record<string, string>;
const operatorPassword = 'Sandi-Baru-2026!';

describe('an agency admin invites, demotes, suspends and restores a staff member', () => {
  it('invites: the Cognito account with its claims, the invitation email, and the profile that notices need, at once', async () => {
    const idempotencyKey = key();
    const invited = await invite(operator, ACTORS.adminSleman, idempotencyKey);
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    expect(invited.headers.location).toBe(`/organisations/${SLEMAN}/staff/op.baru`);
    expect(invited.headers.etag).toMatch(/^"1-/);
    expect(invited.body).toMatchObject({ username: 'op.baru', name: 'Operator Baru', orgId: SLEMAN, roles: ['OPERATOR'], status: 'ACTIVE', version: 1, contact: { email: operator.email, phone: operator.phone } });
    expect(invited.body.userId).toBeUndefined();

    const account = await pool.identity.getAccount('op.baru');
    expect(account).toMatchObject({ username: 'op.baru', roles: ['OPERATOR'], orgId: SLEMAN, enabled: true });
    // Reminders and digests of the operators' queue reach them from now on, at the address given.
    expect((await directory.staffOf(SLEMAN, 'OPERATOR')).items.map((m) => m.userId)).toContain(account!.userId);
    expect(await directory.getUser(account!.userId)).toMatchObject({ contact: { email: operator.email }, preferences: { language: 'id' } });

    const invitation = await pool.invitationTo(operator.email);
    expect(invitation).toMatchObject({ username: 'op.baru' });

    // The same request again (its answer was lost): the same answer, no second account or email.
    const replay = await invite(operator, ACTORS.adminSleman, idempotencyKey);
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(invited.body);
    expect((await pool.invitationTo(operator.email))!.temporaryPassword).toBe(invitation!.temporaryPassword);
    // The key again for something else; no key at all.
    expect((await invite({ ...operator, name: 'Lain' }, ACTORS.adminSleman, idempotencyKey)).body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const keyless = await asAdmin(ACTORS.adminSleman, { method: 'POST', path: `/organisations/${SLEMAN}/staff`, body: { ...operator, username: 'op.tanpa.kunci' } }, null);
    expect(keyless.status).toBe(428);
    expect(keyless.body.code).toBe('IDEMPOTENCY_KEY_REQUIRED');

    const tokens = await pool.completeInvitation('op.baru', invitation!.temporaryPassword, operatorPassword);
    operatorClaims = await claimsOfToken(tokens.IdToken!);
    const me = await api({ path: '/me', claims: operatorClaims });
    expect(me.status, JSON.stringify(me.body)).toBe(200);
    expect(me.body).toMatchObject({ username: 'op.baru', name: 'Operator Baru', roles: ['OPERATOR'], organisation: { id: SLEMAN } });
  });

  it('demotes: the token they already hold stops acting as an operator at the next request; a new one carries the new role', async () => {
    const acted = await budiContact(operatorClaims, 'budi.1@example.com');
    expect(acted.status, JSON.stringify(acted.body)).toBe(200);
    const demoted = await setRoles('op.baru', ['VERIFIKATOR'], 1);
    expect(demoted.status, JSON.stringify(demoted.body)).toBe(200);
    expect(demoted.body).toMatchObject({ roles: ['VERIFIKATOR'], version: 2 });
    expect(demoted.headers.etag).toMatch(/^"2-/);

    const refused = await budiContact(operatorClaims, 'budi.2@example.com');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('NO_ACTIVE_ROLE');
    expect(await pool.identity.getAccount('op.baru')).toMatchObject({ roles: ['VERIFIKATOR'] });
    expect((await directory.staffOf(SLEMAN, 'OPERATOR')).items.map((m) => m.userId)).not.toContain(operatorClaims.sub);
    expect((await directory.staffOf(SLEMAN, 'VERIFIKATOR')).items.map((m) => m.userId)).toContain(operatorClaims.sub);

    const fresh = await claimsOfToken((await pool.signIn('op.baru', operatorPassword)).IdToken!);
    expect((await api({ path: '/me', claims: fresh })).body.roles).toEqual(['VERIFIKATOR']);
    expect((await budiContact(fresh, 'budi.3@example.com')).status).toBe(403);
  });

  it('suspends: refused at once whatever the token, Cognito refuses the sign-in, the queues no longer reach them; restoring undoes it', async () => {
    const suspended = await setStatus('op.baru', 'SUSPENDED', 2);
    expect(suspended.status, JSON.stringify(suspended.body)).toBe(200);
    expect(suspended.body).toMatchObject({ status: 'SUSPENDED', version: 3 });
    const refused = await api({ path: '/me', claims: operatorClaims });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('ACCOUNT_SUSPENDED');
    expect(await pool.identity.getAccount('op.baru')).toMatchObject({ enabled: false });
    await expect(pool.signIn('op.baru', operatorPassword)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    expect((await directory.staffOf(SLEMAN, 'VERIFIKATOR')).items.map((m) => m.userId)).not.toContain(operatorClaims.sub);

    const restored = await setStatus('op.baru', 'ACTIVE', 3);
    expect(restored.body).toMatchObject({ status: 'ACTIVE', roles: ['VERIFIKATOR'], version: 4 });
    const fresh = await claimsOfToken((await pool.signIn('op.baru', operatorPassword)).IdToken!);
    expect((await api({ path: '/me', claims: fresh })).status).toBe(200);
    expect((await directory.staffOf(SLEMAN, 'VERIFIKATOR')).items.map((m) => m.userId)).toContain(operatorClaims.sub);
  });

  it('records every change: who, when, before and after, chained per member; its admins and auditors read it, others do not', async () => {
    const log = await api({ path: `/organisations/${SLEMAN}/staff-changes`, as: ACTORS.adminSleman });
    expect(log.status).toBe(200);
    const mine = log.body.items.filter((event: { username: string }) => event.username === 'op.baru');
    expect(mine.map((event: { action: string; seq: number }) => `${event.seq}:${event.action}`)).toEqual(['4:status', '3:status', '2:roles', '1:invite']);
    expect(mine[2]).toMatchObject({ actor: { username: 'admin.sleman', orgId: SLEMAN }, before: { roles: ['OPERATOR'], status: 'ACTIVE' }, after: { roles: ['VERIFIKATOR'], status: 'ACTIVE' } });
    expect(mine[1]).toMatchObject({ reason: 'Pindah tugas ke OPD lain', after: { status: 'SUSPENDED' } });
    for (let i = 0; i < mine.length - 1; i++) expect(mine[i].prevHash).toBe(mine[i + 1].hash);
    expect(mine[3].prevHash).toBe('0'.repeat(64));

    expect((await api({ path: `/organisations/${SLEMAN}/staff-changes`, as: ACTORS.auditor })).status).toBe(200);
    for (const outsider of [ACTORS.verSleman, ACTORS.opSleman, ACTORS.adminYogya, ACTORS.sari]) {
      expect((await api({ path: `/organisations/${SLEMAN}/staff-changes`, as: outsider })).status, outsider.username).toBe(403);
      expect((await api({ path: `/organisations/${SLEMAN}/staff`, as: outsider })).status, outsider.username).toBe(403);
    }
  });

  it('lists the staff by username, filtered by role or status, a page at a time', async () => {
    const verifiers = await api({ path: `/organisations/${SLEMAN}/staff`, query: { role: 'VERIFIKATOR' }, as: ACTORS.adminSleman });
    expect(verifiers.status).toBe(200);
    expect(verifiers.body.items.map((m: { username: string }) => m.username).sort()).toEqual(['op.baru', 'sari', 'ver.sleman']);
    const all: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await api({ path: `/organisations/${SLEMAN}/staff`, query: { limit: '2', ...(cursor ? { cursor } : {}) }, as: ACTORS.adminSleman });
      expect(page.status).toBe(200);
      all.push(...page.body.items.map((m: { username: string }) => m.username));
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    expect(all).toEqual([...all].sort());
    expect(all).toEqual(expect.arrayContaining(['admin.sleman', 'appr.sleman', 'op.baru', 'op.sleman', 'sari', 'ver.sleman']));
    expect((await api({ path: `/organisations/${SLEMAN}/staff/op.baru`, as: ACTORS.adminSleman })).headers.etag).toMatch(/^"4-/);
    expect((await api({ path: `/organisations/${ORGS.yogya!.id}/staff/op.baru`, as: ACTORS.adminYogya })).status).toBe(404);
  });
});

describe('who may grant what, and nothing written when refused', () => {
  it('refuses outside one’s reach, above one’s role, oneself, a taken username, a stranger’s NIP and a stale version', async () => {
    const before = await tableHash();
    const cases: [string, () => Promise<TestResponse>, number, string][] = [
      ['a verifier invites', () => invite({ ...operator, username: 'x.1' }, ACTORS.verSleman), 403, 'FORBIDDEN'],
      ['an agency admin grants a BKN role', () => invite({ ...operator, username: 'x.2', roles: ['ADMIN_BKN'] }), 403, 'ROLE_NOT_GRANTABLE'],
      ['an agency admin invites into another agency', () => invite({ ...operator, username: 'x.3' }, ACTORS.adminYogya), 403, 'FORBIDDEN'],
      ['a BKN admin grants an operator at an agency', () => invite({ ...operator, username: 'x.4' }, ACTORS.adminBkn), 403, 'ROLE_NOT_GRANTABLE'],
      ['a Kanreg admin invites into an agency it does not cover', () => invite({ ...operator, username: 'x.5', roles: ['ADMIN_INSTANSI'] }, ACTORS.adminKanreg8), 403, 'FORBIDDEN'],
      ['an admin changes their own roles', () => setRoles('admin.sleman', ['ADMIN_INSTANSI', 'OPERATOR'], 1), 403, 'STAFF_SELF_CHANGE'],
      ['an admin suspends themselves', () => setStatus('admin.sleman', 'SUSPENDED', 1), 403, 'STAFF_SELF_CHANGE'],
      ['a username already taken', () => invite(operator), 409, 'USERNAME_TAKEN'],
      ['a NIP of another agency’s employee', () => invite({ ...operator, username: 'x.6', nip: EMPLOYEES.dewi.nip }), 422, 'VALIDATION_FAILED'],
      ['a stale version', () => setRoles('op.baru', ['OPERATOR'], 1), 409, 'VERSION_CONFLICT'],
      ['the only admin of Yogyakarta suspended by BKN', () => setStatus('admin.yogya', 'SUSPENDED', 1, ACTORS.adminBkn, key(), ORGS.yogya!.id), 409, 'LAST_ADMIN'],
      ['PEGAWAI granted', () => invite({ ...operator, username: 'x.7', roles: ['PEGAWAI'] }), 422, 'VALIDATION_FAILED'],
      ['no role at all', () => setRoles('op.baru', [], 4), 422, 'VALIDATION_FAILED'],
      ['a suspension without its reason', () => asAdmin(ACTORS.adminSleman, { method: 'PUT', path: `/organisations/${SLEMAN}/staff/op.baru/status`, body: { status: 'SUSPENDED', expectedVersion: 4 } }), 422, 'VALIDATION_FAILED'],
      ['an unknown member', () => setRoles('tidak.ada', ['OPERATOR'], 1), 404, 'NOT_FOUND'],
    ];
    for (const [what, attempt, status, code] of cases) {
      const refused = await attempt();
      expect(refused.status, `${what}: ${JSON.stringify(refused.body)}`).toBe(status);
      expect(refused.body.code, what).toBe(code);
    }
    expect(await tableHash()).toBe(before);
    for (const username of ['x.1', 'x.2', 'x.3', 'x.4', 'x.5', 'x.6', 'x.7']) expect(await pool.identity.getAccount(username), username).toBeUndefined();
  });
});

describe('a change half done is finished by the next attempt of the same request', () => {
  it('Cognito fails: 503 with Retry-After, the directory unchanged; the retry finishes both', async () => {
    const idempotencyKey = key();
    faultyCognito.fail({ kind: 'reset' }, ['AdminUpdateUserAttributes']);
    const failed = await setRoles('op.baru', ['OPERATOR', 'VERIFIKATOR'], 4, ACTORS.adminSleman, idempotencyKey);
    faultyCognito.heal();
    expect(failed.status, JSON.stringify(failed.body)).toBe(503);
    expect(Number(failed.headers['retry-after'])).toBeGreaterThan(0);
    expect(await staff.getMemberByUsername('op.baru')).toMatchObject({ version: 4, roles: ['VERIFIKATOR'] });
    expect(await pool.identity.getAccount('op.baru')).toMatchObject({ roles: ['VERIFIKATOR'] });

    const retried = await setRoles('op.baru', ['OPERATOR', 'VERIFIKATOR'], 4, ACTORS.adminSleman, idempotencyKey);
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect(retried.body).toMatchObject({ version: 5, roles: ['OPERATOR', 'VERIFIKATOR'] });
    expect((await pool.identity.getAccount('op.baru'))!.roles.sort()).toEqual(['OPERATOR', 'VERIFIKATOR']);
  });

  it('the directory fails after Cognito changed: Cognito ahead, the directory as it was; the retry finishes it', async () => {
    const idempotencyKey = key();
    // The intent's write (a Put) passes; the commit's transaction is cut off.
    faultyDynamo.fail({ kind: 'reset' }, ['TransactWriteItems']);
    const failed = await setRoles('op.baru', ['VERIFIKATOR'], 5, ACTORS.adminSleman, idempotencyKey);
    faultyDynamo.heal();
    expect(failed.status, JSON.stringify(failed.body)).toBe(503);
    expect(await pool.identity.getAccount('op.baru')).toMatchObject({ roles: ['VERIFIKATOR'] });
    expect(await staff.getMemberByUsername('op.baru')).toMatchObject({ version: 5, roles: ['OPERATOR', 'VERIFIKATOR'] });

    const retried = await setRoles('op.baru', ['VERIFIKATOR'], 5, ACTORS.adminSleman, idempotencyKey);
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect(await staff.getMemberByUsername('op.baru')).toMatchObject({ version: 6, roles: ['VERIFIKATOR'] });
    const log = await api({ path: `/organisations/${SLEMAN}/staff-changes`, query: { limit: '100' }, as: ACTORS.adminSleman });
    expect(log.body.items.filter((event: { username: string }) => event.username === 'op.baru')).toHaveLength(6);
  });

  it('an invitation whose directory write failed after Cognito made the account: the retry adopts the account, sends no second email', async () => {
    const idempotencyKey = key();
    const verifier = { username: 'ver.baru', name: 'Verifikator Baru', email: 'ver.baru@slemankab.go.id', roles: ['VERIFIKATOR'] };
    // The intent's write (a transaction with the username's reservation) passes; the commit's is cut off.
    faultyDynamo.fail({ kind: 'reset' }, ['TransactWriteItems'], { passFirst: 1 });
    const failed = await invite(verifier, ACTORS.adminSleman, idempotencyKey);
    faultyDynamo.heal();
    expect(failed.status, JSON.stringify(failed.body)).toBe(503);
    const account = await pool.identity.getAccount('ver.baru');
    expect(account).toMatchObject({ roles: ['VERIFIKATOR'], orgId: SLEMAN });
    expect(await staff.getMemberByUsername('ver.baru')).toBeUndefined();
    const emailed = (await pool.invitationTo(verifier.email))!;

    const retried = await invite(verifier, ACTORS.adminSleman, idempotencyKey);
    expect(retried.status, JSON.stringify(retried.body)).toBe(201);
    expect(await staff.getMemberByUsername('ver.baru')).toMatchObject({ userId: account!.userId, status: 'ACTIVE' });
    expect((await pool.invitationTo(verifier.email))!.temporaryPassword).toBe(emailed.temporaryPassword);
  });

  it('a pending change overtaken by another admin’s is undone: 409, and Cognito says what the directory says', async () => {
    const idempotencyKey = key();
    faultyCognito.fail({ kind: 'reset' }, ['AdminUpdateUserAttributes']);
    expect((await setRoles('op.baru', ['APPROVER'], 6, ACTORS.adminSleman, idempotencyKey)).status).toBe(503);
    faultyCognito.heal();
    // Meanwhile another request (here the same admin, under another key) changes the member.
    const other = await setRoles('op.baru', ['OPERATOR'], 6, ACTORS.adminSleman);
    expect(other.status, JSON.stringify(other.body)).toBe(200);
    const stale = await setRoles('op.baru', ['APPROVER'], 6, ACTORS.adminSleman, idempotencyKey);
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    expect(await pool.identity.getAccount('op.baru')).toMatchObject({ roles: ['OPERATOR'] });
    expect(await staff.getMemberByUsername('op.baru')).toMatchObject({ roles: ['OPERATOR'], version: 7 });
    // Asked again, the undone request answers as it did.
    expect((await setRoles('op.baru', ['APPROVER'], 6, ACTORS.adminSleman, idempotencyKey)).body.code).toBe('VERSION_CONFLICT');
  });
});

describe('two admins at once', () => {
  it('two admins taking each other’s admin role at once: one wins, and the agency keeps an admin', async () => {
    const sari = (await staff.getMemberByUsername('sari'))!;
    const admin = (await staff.getMemberByUsername('admin.sleman'))!;
    for (const member of [sari, admin]) await pool.identity.createAccount({ username: member.username, name: member.name, email: `${member.username}@example.com`, roles: member.roles, orgId: member.orgId, ...(member.nip ? { nip: member.nip } : {}) });
    expect(await staff.activeAdmins(SLEMAN)).toBe(2);
    const [first, second] = await Promise.all([
      setRoles('sari', ['OPERATOR', 'VERIFIKATOR', 'APPROVER'], sari.version, ACTORS.adminSleman),
      setRoles('admin.sleman', ['OPERATOR'], admin.version, ACTORS.sariAsAdmin),
    ]);
    expect([first.status, second.status].sort(), JSON.stringify([first.body, second.body])).toEqual([200, 409]);
    expect([first, second].find((answer) => answer.status === 409)!.body.code).toBe('LAST_ADMIN');
    expect(await staff.activeAdmins(SLEMAN)).toBe(1);
    // The loser's Cognito account says what the directory says: its half was undone.
    for (const username of ['sari', 'admin.sleman']) {
      const member = (await staff.getMemberByUsername(username))!;
      expect((await pool.identity.getAccount(username))!.roles.sort(), username).toEqual([...member.roles].sort());
    }
  });
});
