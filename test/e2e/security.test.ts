import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUser } from '../../infra/local/seed-data';
import { createDocumentClient } from '../../shared/adapters/dynamo/client';
import { keys } from '../../shared/adapters/dynamo/keys';
import { CORS_POLICY } from '../../shared/http/cors';
import { SECURITY_HEADERS } from '../../shared/http/middleware';
import { MAX_BODY_BYTES } from '../../shared/http/request';
import { checkedFetch } from '../support/contract';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { stackToken } from '../support/tokens';

/** The local stack over HTTP: what a browser and an auditor meet, gateway and handler together. */
const WEB_CLIENT = 'http://localhost:4200';
let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ PANTAU_NOW: '2026-11-02T09:00:00+07:00', CORS_ORIGINS: WEB_CLIENT, LOCAL_SCHEDULER: 'off' });
});
afterAll(() => stack?.stop());

/** Answers are checked against the OpenAPI document (test/support/contract.ts), but for `raw` ones: a preflight, an unknown path. */
async function http(method: string, path: string, as?: string, init: { body?: string; headers?: Record<string, string>; raw?: boolean } = {}) {
  const user = as === undefined ? undefined : findUser(as);
  if (as !== undefined && !user) throw new Error(`no seeded user ${as}`);
  const request: RequestInit = {
    method,
    headers: { ...(user ? { authorization: `Bearer ${await stackToken(stack, user.username)}` } : {}), ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
    ...(init.body !== undefined ? { body: init.body } : {}),
  };
  if (!init.raw) {
    const { status, headers, body } = await checkedFetch(`${stack.api}${path}`, request);
    return { status, headers, body: body as Record<string, unknown> | undefined };
  }
  const response = await fetch(`${stack.api}${path}`, request);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

const expectSecurityHeaders = (headers: Headers, what: string) => {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(headers.get(name), `${name} on ${what}`).toBe(value);
};

describe('every answer of the local stack carries the security headers', () => {
  it.each([
    ['a public answer', 'GET', '/health', undefined, 200],
    ['the gateway’s own 401', 'GET', '/me', undefined, 401],
    ['the handler’s 404 for a path it does not know', 'GET', '/nowhere', 'sri', 404],
    ['a signed-in answer', 'GET', '/me', 'sri', 200],
  ] as const)('%s', async (what, method, path, as, status) => {
    const response = await http(method, path, as, { raw: path === '/nowhere' });
    expect(response.status).toBe(status);
    expectSecurityHeaders(response.headers, what);
  });

  it('a body over 64 KB is refused by the gateway with 413, before the handler', async () => {
    const response = await http('POST', '/proposals', 'sri', { body: JSON.stringify({ padding: 'x'.repeat(MAX_BODY_BYTES) }) });
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expectSecurityHeaders(response.headers, '413');
  });
});

describe('a web client', () => {
  const preflight = (origin: string) =>
    http('OPTIONS', '/proposals', undefined, { raw: true, headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });

  it('on CORS_ORIGINS gets its preflight answered and may read answers', async () => {
    const answered = await preflight(WEB_CLIENT);
    expect(answered.status).toBe(204);
    expect(answered.headers.get('access-control-allow-origin')).toBe(WEB_CLIENT);
    expect(answered.headers.get('access-control-allow-headers')).toBe(CORS_POLICY.allowHeaders.join(', '));
    const read = await http('GET', '/me', 'sri', { headers: { origin: WEB_CLIENT } });
    expect(read.headers.get('access-control-allow-origin')).toBe(WEB_CLIENT);
    expect(read.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('from anywhere else gets nothing, not even cdk.json’s dev origin, which CORS_ORIGINS replaced', async () => {
    for (const origin of ['https://evil.example', 'http://localhost:5173']) {
      expect((await preflight(origin)).headers.get('access-control-allow-origin'), origin).toBeNull();
      expect((await http('GET', '/health', undefined, { headers: { origin } })).headers.get('access-control-allow-origin'), origin).toBeNull();
    }
  });
});

describe('an auditor verifies a proposal on the local stack', () => {
  let id: string;
  beforeAll(async () => {
    const service = (await http('GET', '/service-types/CUTI', 'sri')).body!;
    const created = await http('POST', '/proposals', 'sri', {
      body: JSON.stringify({ serviceType: 'CUTI', payload: service.examplePayload, documents: [{ code: 'FORMULIR_CUTI', reference: 'dms://cuti/sri.pdf' }] }),
    });
    expect(created.status).toBe(201);
    id = created.body!.id as string;
    expect((await http('POST', `/proposals/${id}/transitions`, 'sri', { body: JSON.stringify({ action: 'submit', expectedVersion: 1 }) })).status).toBe(200);
  });

  it('finds the chain intact; the agency’s verifier is refused; another agency’s admin learns nothing', async () => {
    const report = await http('GET', `/proposals/${id}/audit`, 'auditor.bkn');
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ proposalId: id, valid: true, events: 2 });
    expectSecurityHeaders(report.headers, 'the audit report');
    expect((await http('GET', `/proposals/${id}/audit`, 'admin.sleman')).status).toBe(200);
    expect((await http('GET', `/proposals/${id}/audit`, 'ver.sleman')).status).toBe(403);
    expect((await http('GET', `/proposals/${id}/audit`, 'admin.jogja')).status).toBe(404);
  });

  it('reports an event edited behind the API’s back, in DynamoDB Local itself', async () => {
    const doc = createDocumentClient({ endpoint: `http://127.0.0.1:${stack.ports.DYNAMODB_PORT}` });
    await doc.send(
      new UpdateCommand({ TableName: 'pantau-local', Key: keys.event(id, 1), UpdateExpression: 'SET #at = :at', ExpressionAttributeNames: { '#at': 'at' }, ExpressionAttributeValues: { ':at': '2026-01-01T00:00:00.000Z' } }),
    );
    const report = await http('GET', `/proposals/${id}/audit`, 'auditor.bkn', { headers: { 'accept-language': 'en' } });
    expect(report.body).toMatchObject({ valid: false, break: { seq: 1, kind: 'hash' }, message: 'Event 1 was altered: its content no longer matches its hash' });
  });
});
