import { randomUUID } from 'node:crypto';
import { CreateUserPoolClientCommand, CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { createApiHandler } from '../../functions/api/app';
import { emulatorClient, startCognitoEmulator, userPoolClientInput, userPoolInput } from '../../infra/local/cognito-local';
import { ensureTable } from '../../infra/local/dynamodb-local';
import { seed } from '../../infra/local/seed-data';
import { createDocumentClient } from '../../shared/adapters/dynamo/client';
import { CognitoIdentityProvider, createCognitoClient } from '../../shared/adapters/identity/cognito-identity-provider';
import { testDocumentStore } from '../../test/support/documents';
import { freePort } from '../../test/support/free-port';
import { testTrackingLinks } from '../../test/support/tracking-links';
import { checkIdentityMinimum, checkMinimum, type IdentityCheck, type MinimumCheck } from '../minimums';
import { expectStatus, type ApiHandler, type BenchRequest } from '../support/api-calls';
import { CapacityMeter, totals, type DynamoCall, type DynamoTotals } from '../support/capacity-meter';
import { round } from '../support/stats';
import { BENCH_NOW } from '../support/world';

export interface StaffOperation {
  name: string;
  route: string;
  calls: DynamoCall[];
  totals: DynamoTotals;
  minimum: MinimumCheck;
  /** Pantau's calls to Cognito (the admin API), in order. */
  identity: string[];
  identityMinimum: IdentityCheck;
  ms: number;
}

export interface StaffResults {
  method: string;
  operations: StaffOperation[];
}

const SLEMAN = '/organisations/PEMKAB-SLEMAN';

/**
 * Staff management (issue 15) against DynamoDB Local and cognito-local: each operation through the
 * real API handler, as Sleman's seeded admin, its DynamoDB requests (capacity meter) and its
 * Cognito requests (a middleware on the SDK client) beside their minimums.
 */
export async function measureStaff(endpoint: string, log: (line: string) => void): Promise<StaffResults> {
  const cognito = await startCognitoEmulator({ port: await freePort() });
  try {
    const admin = emulatorClient(cognito.endpoint);
    const { UserPool } = await admin.send(new CreateUserPoolCommand(userPoolInput(`bench-${randomUUID().slice(0, 8)}`)));
    await admin.send(new CreateUserPoolClientCommand(userPoolClientInput(UserPool!.Id!)));
    const client = createCognitoClient({ endpoint: cognito.endpoint, budget: 'local' });
    const identityCalls: string[] = [];
    client.middlewareStack.add(
      (next, context) => async (args) => {
        identityCalls.push((context as { commandName?: string }).commandName?.replace(/Command$/, '') ?? '?');
        return next(args);
      },
      { step: 'initialize', name: 'benchIdentityMeter' },
    );
    const tableName = `bench-staff-${randomUUID().slice(0, 8)}`;
    await ensureTable(endpoint, tableName);
    const doc = createDocumentClient({ endpoint });
    const meter = CapacityMeter.attach(doc);
    const clock = { now: () => new Date(BENCH_NOW) };
    await seed(doc, tableName, BENCH_NOW.slice(0, 10));
    const identity = new CognitoIdentityProvider(client, UserPool!.Id!);
    // The seeded admins' accounts, as the local stack seeds them: only accounts an admin changes are called for.
    const api = createApiHandler({ trackingLinks: testTrackingLinks(), identity, documentStore: testDocumentStore(), doc, tableName, clock }) as unknown as ApiHandler;

    const operations: StaffOperation[] = [];
    const measure = async (name: string, request: BenchRequest, status: number) => {
      meter.take();
      identityCalls.length = 0;
      const started = performance.now();
      const answer = await expectStatus(api, { as: 'admin.sleman', ...request }, status);
      const ms = round(performance.now() - started, 1);
      const calls = meter.take();
      const made = [...identityCalls];
      operations.push({ name, route: name.split(' · ')[0]!, calls, totals: totals(calls), minimum: checkMinimum(name, calls), identity: made, identityMinimum: checkIdentityMinimum(name, made), ms });
      return answer;
    };
    const invite = (username: string, roles: string[], key: string) => ({ method: 'POST', path: `${SLEMAN}/staff`, headers: { 'idempotency-key': key }, body: { username, name: username, email: `${username}@example.com`, roles } });
    const change = (username: string, what: 'roles' | 'status', body: Record<string, unknown>, version: number) =>
      ({ method: 'PUT', path: `${SLEMAN}/staff/${username}/${what}`, headers: { 'idempotency-key': `bench-${what}-${username}-${version}`, 'if-match': `"${version}"` }, body });

    // Warm: the organisations cached, as in a container that has served a request.
    await expectStatus(api, { as: 'admin.sleman', path: '/me' }, 200);
    await measure('POST /organisations/{orgId}/staff', invite('op.bench', ['OPERATOR'], 'bench-invite-op'), 201);
    await measure('POST /organisations/{orgId}/staff · replayed key', invite('op.bench', ['OPERATOR'], 'bench-invite-op'), 201);
    await measure('GET /organisations/{orgId}/staff', { path: `${SLEMAN}/staff` }, 200);
    await measure('GET /organisations/{orgId}/staff/{username}', { path: `${SLEMAN}/staff/op.bench` }, 200);
    await measure('PUT /organisations/{orgId}/staff/{username}/roles', change('op.bench', 'roles', { roles: ['VERIFIKATOR'] }, 1), 200);
    await measure('PUT /organisations/{orgId}/staff/{username}/status', change('op.bench', 'status', { status: 'SUSPENDED', reason: 'Pindah tugas' }, 2), 200);
    await expectStatus(api, { as: 'admin.sleman', ...invite('admin2.bench', ['ADMIN_INSTANSI'], 'bench-invite-admin') }, 201);
    await measure('PUT /organisations/{orgId}/staff/{username}/roles · taking an admin away', change('admin2.bench', 'roles', { roles: ['OPERATOR'] }, 1), 200);
    await measure('GET /organisations/{orgId}/staff-changes', { path: `${SLEMAN}/staff-changes` }, 200);
    for (const o of operations) log(`   ${o.name}: ${o.totals.requests} DynamoDB requests (${o.totals.billedRru} RRU, ${o.totals.billedWru} WRU), Cognito ${o.identity.join(' + ') || 'none'}${o.minimum.above || o.identityMinimum.above ? '  ⚠ above its minimum' : ''}`);
    doc.destroy();
    client.destroy();
    admin.destroy();
    return { method: 'DynamoDB Local and cognito-local on this machine, the real API handler, a warm container (organisations cached); Sleman’s seeded admin (admin.sleman) acts', operations };
  } finally {
    await cognito.stop();
  }
}
