import { request } from 'node:http';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2 } from 'aws-lambda';
import { generateKeyPair } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGateway, type Gateway } from '../../infra/local/gateway';
import { CORS_POLICY } from '../../shared/http/cors';
import { SECURITY_HEADERS } from '../../shared/http/middleware';
import { negotiateLanguage } from '../../shared/http/problem';
import { MAX_BODY_BYTES } from '../../shared/http/request';
import { findUser } from '../../infra/local/seed-data';
import { TEST_ISSUER, testIssuer, type TestIssuer } from '../support/test-issuer';

let gateway: Gateway;
let events: APIGatewayProxyEventV2WithJWTAuthorizer[] = [];
let answer: (event: APIGatewayProxyEventV2WithJWTAuthorizer) => Promise<APIGatewayProxyResultV2> = async () => ({ statusCode: 204 });
const logs: string[] = [];
let budiToken: string;
let pool: TestIssuer;

beforeAll(async () => {
  pool = await testIssuer();
  budiToken = await pool.idToken(findUser('budi')!);
  gateway = await startGateway({
    port: 0,
    verify: pool.verify,
    maxBodyBytes: 1024,
    log: (line) => logs.push(line),
    handler: async (event) => {
      events.push(event);
      return answer(event);
    },
  });
});
afterAll(() => gateway.close());
beforeEach(() => {
  events = [];
  logs.length = 0;
  answer = async () => ({ statusCode: 204 });
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  json(): Record<string, unknown>;
}

/** A raw request, so repeated headers and odd bodies go out exactly as written. */
function send(method: string, path: string, headers: Record<string, string | string[]> = {}, body?: Buffer | string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(`${gateway.url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const buffer = Buffer.concat(chunks);
        resolve({ status: res.statusCode!, headers: res.headers, body: buffer, json: () => JSON.parse(buffer.toString()) });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}
const auth = () => ({ authorization: `Bearer ${budiToken}` });

describe('the local gateway, like API Gateway with a JWT authorizer', () => {
  it('lets anyone reach the public routes, without an authorizer in the event', async () => {
    for (const path of ['/health', '/openapi.json', '/docs', '/docs/index.html', '/track/USL-2026-000123', '/_local/outbox']) {
      expect((await send('GET', path)).status, path).toBe(204);
    }
    expect(events.map((e) => e.routeKey)).toEqual(['GET /health', 'GET /openapi.json', 'GET /docs', 'GET /docs/{proxy+}', 'GET /track/{id}', 'ANY /_local/{proxy+}']);
    expect(events[4]!.pathParameters).toEqual({ id: 'USL-2026-000123' });
    expect(events.every((e) => e.requestContext.authorizer === undefined)).toBe(true);
  });

  it('answers 401 itself, in Indonesian, when a private route has no token', async () => {
    const reply = await send('GET', '/me');
    expect(reply.status).toBe(401);
    expect(reply.headers['content-type']).toBe('application/problem+json');
    expect(reply.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(reply.json()).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', title: 'Silakan masuk terlebih dahulu', details: { reason: 'missing-token' } });
    expect(reply.json().type).toEqual(expect.any(String));
    expect(events).toHaveLength(0);
  });

  it('speaks English to a client that prefers it', async () => {
    const reply = await send('POST', '/proposals', { 'accept-language': 'en-US,en;q=0.9,id;q=0.8' });
    expect(reply.json()).toMatchObject({ code: 'UNAUTHENTICATED', title: 'Please sign in' });
    expect(reply.headers['content-language']).toBe('en');
  });

  it('refuses a forged, an expired or a mangled token before the handler runs', async () => {
    const forged = await pool.idToken(findUser('admin.bkn')!, { key: (await generateKeyPair('RS256')).privateKey });
    const expired = await pool.idToken(findUser('budi')!, { now: new Date(Date.now() - 2 * 3_600_000) });
    for (const authorization of [`Bearer ${forged}`, `Bearer ${expired}`, 'Bearer abc', `Basic ${budiToken}`, budiToken]) {
      const reply = await send('GET', '/me', { authorization });
      expect(reply.status, authorization.slice(0, 12)).toBe(401);
      expect(reply.json().code).toBe('UNAUTHENTICATED');
    }
    expect((await send('GET', '/me', { authorization: `Bearer ${expired}` })).json().details).toEqual({ reason: 'expired-token' });
    expect(events).toHaveLength(0);
  });

  it('does not take "/docs/../" as a way around the authorizer', async () => {
    expect((await send('GET', '/docs/../proposals')).status).toBe(401);
    expect((await send('GET', '/docs/%2e%2e/proposals')).status).toBe(401);
  });

  it('hands the verified claims over as strings, on the $default route', async () => {
    expect((await send('GET', '/me', auth())).status).toBe(204);
    const { requestContext, routeKey } = events[0]!;
    expect(routeKey).toBe('$default');
    expect(requestContext.authorizer.jwt.claims).toMatchObject({
      'cognito:username': 'budi',
      'custom:roles': 'PEGAWAI',
      'custom:org': 'PEMKAB-SLEMAN',
      'custom:nip': '198503142010031004',
      iss: TEST_ISSUER,
      // Numbers too, as API Gateway hands them over.
      exp: expect.stringMatching(/^\d+$/),
    });
    for (const value of Object.values(requestContext.authorizer.jwt.claims)) expect(typeof value).toBe('string');
  });

  it('builds a payload 2.0 event: lowercase headers, cookies apart, repeated parameters comma-joined', async () => {
    await send('GET', '/proposals?status=DRAFT&status=RETURNED&q=a%20b&empty=', {
      ...auth(),
      'X-Trace': ['one', 'two'],
      Cookie: 'a=1; b=2',
      'User-Agent': 'pantau-test',
    });
    const event = events[0]!;
    expect(event.version).toBe('2.0');
    expect(event.rawPath).toBe('/proposals');
    expect(event.rawQueryString).toBe('status=DRAFT&status=RETURNED&q=a%20b&empty=');
    expect(event.queryStringParameters).toEqual({ status: 'DRAFT,RETURNED', q: 'a b', empty: '' });
    expect(event.headers['x-trace']).toBe('one,two');
    expect(event.headers.authorization).toMatch(/^Bearer /);
    expect(event.headers.cookie).toBeUndefined();
    expect(event.cookies).toEqual(['a=1', 'b=2']);
    expect(event.requestContext.http).toMatchObject({ method: 'GET', path: '/proposals', protocol: 'HTTP/1.1', userAgent: 'pantau-test' });
    expect(event.requestContext.http.sourceIp).toMatch(/^(127\.0\.0\.1|::1)$/);
    expect(event.requestContext.requestId).toEqual(expect.any(String));
    expect(event.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(Math.abs(event.requestContext.timeEpoch - Date.now())).toBeLessThan(5_000);
    expect(event.isBase64Encoded).toBe(false);
    expect(event.body).toBeUndefined();
  });

  it('passes a JSON body as text and a binary one as base64', async () => {
    await send('POST', '/proposals', { ...auth(), 'content-type': 'application/json; charset=utf-8' }, '{"serviceType":"CUTI","catatan":"cuti tahunan ✓"}');
    const pdf = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0xfe]);
    await send('PUT', '/proposals/P1/documents/sk', { ...auth(), 'content-type': 'application/pdf' }, pdf);
    expect(events[0]).toMatchObject({ body: '{"serviceType":"CUTI","catatan":"cuti tahunan ✓"}', isBase64Encoded: false });
    expect(events[1]!.isBase64Encoded).toBe(true);
    expect(Buffer.from(events[1]!.body!, 'base64')).toEqual(pdf);
  });

  it('refuses a body over the limit with 413, whether announced or streamed, without calling the handler', async () => {
    const big = 'x'.repeat(2048);
    const announced = await send('POST', '/proposals', { ...auth(), 'content-type': 'text/plain' }, big);
    expect(announced.status).toBe(413);
    expect(announced.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413 });
    const streamed = await send('POST', '/proposals', { ...auth(), 'content-type': 'text/plain', 'transfer-encoding': 'chunked' }, big);
    expect(streamed.status).toBe(413);
    expect(events).toHaveLength(0);
  });

  it('writes the handler result back: status, headers, cookies, base64 bodies', async () => {
    answer = async () => ({
      statusCode: 201,
      headers: { 'Content-Type': 'application/pdf', ETag: '"3"' },
      cookies: ['session=abc; HttpOnly', 'theme=dark'],
      body: Buffer.from('%PDF-1.7 bytes').toString('base64'),
      isBase64Encoded: true,
    });
    const reply = await send('GET', '/proposals/P1/receipt', auth());
    expect(reply.status).toBe(201);
    expect(reply.headers['content-type']).toBe('application/pdf');
    expect(reply.headers.etag).toBe('"3"');
    expect(reply.headers['set-cookie']).toEqual(['session=abc; HttpOnly', 'theme=dark']);
    expect(reply.body.toString()).toBe('%PDF-1.7 bytes');
  });

  it('treats a result without a statusCode as the JSON body of a 200, as API Gateway does', async () => {
    answer = async () => ({ items: [] }) as unknown as APIGatewayProxyResultV2;
    const reply = await send('GET', '/inbox', auth());
    expect(reply.status).toBe(200);
    expect(reply.json()).toEqual({ items: [] });
  });

  it('answers 500 problem+json without the stack when the handler throws, and logs it', async () => {
    answer = async () => {
      throw new Error('table pantau-local not found at secretPlace.ts:42');
    };
    const reply = await send('GET', '/me', auth());
    expect(reply.status).toBe(500);
    expect(reply.headers['content-type']).toBe('application/problem+json');
    expect(reply.json()).toMatchObject({ status: 500, code: 'INTERNAL' });
    expect(reply.body.toString()).not.toMatch(/secretPlace|at /);
    expect(logs.some((line) => line.includes('handler threw') && line.includes('secretPlace'))).toBe(true);
  });

  it('answers 500 when the handler returns what API Gateway could not send', async () => {
    const invalid = [{ statusCode: 42 }, { statusCode: 200, headers: { 'x-note': 'line\nbreak' } }, { statusCode: 200, body: { not: 'a string' } }];
    for (const result of invalid) {
      answer = async () => result as APIGatewayProxyResultV2;
      const reply = await send('GET', '/me', auth());
      expect(reply.status, JSON.stringify(result)).toBe(500);
      expect(reply.json().code).toBe('INTERNAL');
      expect(reply.headers['x-note']).toBeUndefined();
    }
    expect(logs.filter((line) => line.includes('invalid response'))).toHaveLength(3);
  });
});

describe('choosing the language of the gateway answers', () => {
  it.each([
    [undefined, 'id'],
    ['', 'id'],
    ['en', 'en'],
    ['id-ID,id;q=0.9,en;q=0.8', 'id'],
    ['en-GB,en;q=0.9,id;q=0.8', 'en'],
    ['fr, en;q=0.5', 'en'],
    ['en;q=0.2, id;q=0.7', 'id'],
    ['in', 'id'],
    ['en;q=0', 'id'],
  ] as const)('%s → %s', (header, language) => {
    expect(negotiateLanguage(header)).toBe(language);
  });
});

describe('the local gateway and a web client on another origin', () => {
  let cors: Gateway;
  beforeAll(async () => {
    // The handler tries its own CORS headers; with CORS configured the gateway's win, as in API Gateway.
    cors = await startGateway({
      port: 0,
      verify: pool.verify,
      log: null,
      corsOrigins: ['http://localhost:5173'],
      handler: async (event) => ({
        statusCode: 200,
        headers: { 'Access-Control-Allow-Origin': '*', 'access-control-allow-credentials': 'true', ...(event.rawPath === '/varies' ? { vary: 'accept-encoding' } : {}) },
        body: '{}',
      }),
    });
  });
  afterAll(() => cors.close());

  it('keeps its own Vary: Origin beside the answer’s Vary: Accept-Encoding', async () => {
    const response = await fetch(`${cors.url}/varies`, { headers: { origin: 'http://localhost:5173', authorization: `Bearer ${budiToken}` } });
    expect(response.headers.get('vary')).toBe('origin, accept-encoding');
  });

  const preflight = (origin: string) =>
    fetch(`${cors.url}/proposals`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });

  it('answers the preflight of an allowed origin itself, without a token', async () => {
    const response = await preflight('http://localhost:5173');
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(response.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('lets an allowed origin read answers, the 401 included', async () => {
    const response = await fetch(`${cors.url}/me`, { headers: { origin: 'http://localhost:5173' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });

  it('grants nothing to another origin', async () => {
    const response = await preflight('https://evil.example');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-methods')).toBeNull();
  });

  it('answers a preflight with the policy the cloud API has, and the security headers', async () => {
    const response = await preflight('http://localhost:5173');
    expect(Object.fromEntries([...response.headers].filter(([name]) => name.startsWith('access-control-')))).toEqual({
      'access-control-allow-origin': 'http://localhost:5173',
      'access-control-allow-methods': CORS_POLICY.allowMethods.join(', '),
      'access-control-allow-headers': CORS_POLICY.allowHeaders.join(', '),
      'access-control-max-age': String(CORS_POLICY.maxAgeSeconds),
    });
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(response.headers.get(name), name).toBe(value);
  });

  it('never answers with a wildcard or with credentials, whatever the handler says', async () => {
    for (const origin of ['http://localhost:5173', 'https://evil.example', 'null']) {
      const response = await fetch(`${cors.url}/health`, { headers: { origin } });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin'), origin).toBe(origin === 'http://localhost:5173' ? origin : null);
      expect(response.headers.get('access-control-allow-credentials'), origin).toBeNull();
      expect(response.headers.get('vary')).toBe('origin');
    }
    const allowed = await fetch(`${cors.url}/health`, { headers: { origin: 'http://localhost:5173' } });
    expect(allowed.headers.get('access-control-expose-headers')).toBe(CORS_POLICY.exposeHeaders.join(', '));
  });

  it('a gateway told of no origin allows none', async () => {
    const closed = await startGateway({ port: 0, log: null, handler: async () => ({ statusCode: 200, body: '{}' }) });
    try {
      const response = await fetch(`${closed.url}/proposals`, { method: 'OPTIONS', headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' } });
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await closed.close();
    }
  });
});

describe('the local gateway with its defaults', () => {
  let plain: Gateway;
  let calls = 0;
  beforeAll(async () => {
    plain = await startGateway({
      port: 0,
      log: null,
      handler: async () => {
        calls++;
        return { statusCode: 204 };
      },
    });
  });
  afterAll(() => plain.close());
  beforeEach(() => {
    calls = 0;
  });

  // A public route (no token needed), so only the size decides.
  const post = (body: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; headers: Record<string, string | string[] | undefined> }>((resolve, reject) => {
      const req = request(`${plain.url}/_local/sns`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers }));
      });
      // The gateway may answer and close before the whole body is out: that is the point.
      req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
      req.end(body);
    });

  it('refuses what the handler would refuse (its 64 KB), before holding it, announced or streamed', async () => {
    const tooBig = 'x'.repeat(MAX_BODY_BYTES + 1);
    const announced = await post(tooBig);
    expect(announced.status).toBe(413);
    expect(announced.headers).toMatchObject(SECURITY_HEADERS);
    expect((await post(tooBig, { 'transfer-encoding': 'chunked' })).status).toBe(413);
    expect(calls).toBe(0);
  });

  it('lets a body of exactly the limit through to the handler', async () => {
    expect((await post('x'.repeat(MAX_BODY_BYTES))).status).toBe(204);
    expect(calls).toBe(1);
  });

  it('sends the security headers with its own 401 too', async () => {
    const response = await fetch(`${plain.url}/me`);
    expect(response.status).toBe(401);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(response.headers.get(name), name).toBe(value);
  });
});
