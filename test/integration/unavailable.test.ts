import { testDocumentStore } from '../support/documents';
import { createHash } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApiHandler } from '../../functions/api/app';
import { worstCallMs } from '../../shared/adapters/aws/client-config';
import { createDocumentClient } from '../../shared/adapters/dynamo/client';
import { CalendarRepository } from '../../shared/adapters/dynamo/calendar-repository';
import { DirectoryRepository } from '../../shared/adapters/dynamo/directory-repository';
import { CALENDAR_2026 } from '../../shared/domain/calendar';
import { cuti } from '../../shared/domain/catalog/cuti';
import { PROBLEMS } from '../../shared/domain/messages';
import { call, type Handler, type TestRequest } from '../support/api';
import { SERVER_ERROR, startFaultyEndpoint, THROTTLED, type Fault, type FaultyEndpoint } from '../support/faulty-endpoint';
import { ACTORS, EMPLOYEES, ORGS } from '../support/fixtures';
import { freshTable } from '../support/table';
import { testTrackingLinks } from '../support/tracking-links';
import { noIdentity } from '../support/staff';

/**
 * DynamoDB on a bad day, met by the real API handler through its real client: each fault comes
 * from an endpoint on loopback in front of DynamoDB Local. The answer must be a 503 problem with
 * Retry-After within 5 s, the table must hold exactly what it held, and once the fault clears the
 * same request must succeed: nothing was half done.
 */
let faulty: FaultyEndpoint;
let api: (request: TestRequest) => ReturnType<typeof call>;
let tableHash: () => Promise<string>;
const leave = { serviceType: 'CUTI', payload: cuti.examplePayload, documents: [{ code: 'FORMULIR_CUTI', reference: 'dms://cuti/formulir.pdf' }] };

beforeAll(async () => {
  const { doc, tableName, endpoint } = await freshTable();
  const directory = new DirectoryRepository(doc, tableName);
  for (const org of Object.values(ORGS)) await directory.putOrganisation(org);
  for (const employee of Object.values(EMPLOYEES)) await directory.putEmployee(employee);
  await new CalendarRepository(doc, tableName).put(CALENDAR_2026);
  faulty = await startFaultyEndpoint(endpoint);
  // The API's own client, budget and all, pointed at the faulty endpoint.
  const handler = createApiHandler({ trackingLinks: testTrackingLinks(), identity: noIdentity, documentStore: testDocumentStore(), doc: createDocumentClient({ endpoint: faulty.url }), tableName, clock: { now: () => new Date('2026-11-02T02:00:00.000Z') }, logger: new Logger({ logLevel: 'SILENT' }) }) as unknown as Handler;
  api = (request) => call(handler, request);
  tableHash = async () => {
    const { Items = [] } = await doc.send(new ScanCommand({ TableName: tableName, ConsistentRead: true }));
    return createHash('sha256').update(JSON.stringify(Items.map((item) => JSON.stringify(item)).sort())).digest('hex');
  };
});
afterAll(() => faulty?.close());
beforeEach(() => faulty.heal());

async function timed(request: TestRequest) {
  const started = performance.now();
  const response = await api(request);
  return { ...response, ms: performance.now() - started };
}

function expectUnavailable(response: Awaited<ReturnType<typeof timed>>, reason: string) {
  expect(response.status).toBe(503);
  expect(response.headers['content-type']).toBe('application/problem+json');
  expect(response.body).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE', details: { reason } });
  expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
  expect(response.body.details.retryAfterSeconds).toBe(Number(response.headers['retry-after']));
  expect(response.ms).toBeLessThan(5_000);
}

const FAULTS: [string, Fault, string][] = [
  ['accepts and never answers', { kind: 'hang' }, 'timeout'],
  ['resets the connection', { kind: 'reset' }, 'unreachable'],
  ['answers 500', { kind: 'error', ...SERVER_ERROR }, 'dependency-error'],
  ['throttles: ProvisionedThroughputExceededException', { kind: 'error', ...THROTTLED.ProvisionedThroughputExceededException }, 'throttled'],
  ['throttles: ThrottlingException', { kind: 'error', ...THROTTLED.ThrottlingException }, 'throttled'],
  ['throttles: RequestLimitExceeded', { kind: 'error', ...THROTTLED.RequestLimitExceeded }, 'throttled'],
];

describe('a dependency that fails is a 503 within 5 s, never a hang or a 500', () => {
  it('the budget itself promises under 5 s for one call', () => {
    expect(worstCallMs('request')).toBeLessThan(5_000);
  });

  it.each(FAULTS)('GET /me when DynamoDB %s', async (_what, fault, reason) => {
    faulty.fail(fault);
    expectUnavailable(await timed({ path: '/me', as: ACTORS.sari }), reason);
    faulty.heal();
    expect((await api({ path: '/me', as: ACTORS.sari })).status).toBe(200);
  });

  it.each(FAULTS)('filing, when DynamoDB %s on the write, writes nothing; the same request then files once', async (_what, fault, reason) => {
    const before = await tableHash();
    faulty.fail(fault, ['TransactWriteItems']);
    const key = `unavailable-${reason}-${Math.random().toString(36).slice(2)}`;
    const request = { method: 'POST', path: '/proposals', as: ACTORS.sari, headers: { 'idempotency-key': key }, body: leave };
    expectUnavailable(await timed(request), reason);
    expect(await tableHash()).toBe(before);
    faulty.heal();
    const filed = await api(request);
    expect(filed.status).toBe(201);
    expect(filed.headers).not.toHaveProperty('idempotent-replayed');
  });

  it('a transaction cancelled for throttling is a 503, not a version conflict, and the version stays', async () => {
    const { body: created } = await api({ method: 'POST', path: '/proposals', as: ACTORS.sari, body: leave });
    const before = await tableHash();
    faulty.fail({ kind: 'error', ...THROTTLED.TransactionCanceledThrottled }, ['TransactWriteItems']);
    const submit = { method: 'POST', path: `/proposals/${created.id}/transitions`, as: ACTORS.sari, body: { action: 'submit', expectedVersion: 1 } };
    expectUnavailable(await timed(submit), 'throttled');
    expect(await tableHash()).toBe(before);
    faulty.heal();
    expect((await api(submit)).body).toMatchObject({ status: 'IN_PROGRESS', version: 2 });
  });

  it('a filing whose answer was lost on the way is found by its Idempotency-Key: one proposal, answered as the first', async () => {
    faulty.fail({ kind: 'swallow' }, ['TransactWriteItems']);
    const request = { method: 'POST', path: '/proposals', as: ACTORS.sari, headers: { 'idempotency-key': 'answer-lost-on-the-way' }, body: leave };
    expectUnavailable(await timed(request), 'timeout');
    faulty.heal();
    const retried = await api(request);
    expect(retried.status).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBe('true');
    const mine = await api({ path: '/proposals', as: ACTORS.sari, query: { limit: '100' } });
    expect(mine.body.items.filter((p: { id: string }) => p.id === retried.body.id)).toHaveLength(1);
  });

  it('says so in Indonesian, or in English when asked', async () => {
    faulty.fail({ kind: 'error', ...THROTTLED.ThrottlingException });
    expect((await api({ path: '/me', as: ACTORS.sari })).body.title).toBe(PROBLEMS.SERVICE_UNAVAILABLE.title.id);
    expect((await api({ path: '/me', as: ACTORS.sari, headers: { 'accept-language': 'en' } })).body.title).toBe(PROBLEMS.SERVICE_UNAVAILABLE.title.en);
  });

  it('a bug stays a 500: DynamoDB refusing what we sent is no outage', async () => {
    faulty.fail({ kind: 'error', status: 400, type: 'com.amazon.coral.validate#ValidationException', message: 'One or more parameter values were invalid' });
    const response = await api({ path: '/me', as: ACTORS.sari });
    expect(response.status).toBe(500);
    expect(response.body.code).toBe('INTERNAL');
    expect(response.headers).not.toHaveProperty('retry-after');
  });
});
