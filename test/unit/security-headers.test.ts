import { testDocumentStore } from '../support/documents';
import fc from 'fast-check';
import middy from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createApiHandler } from '../../functions/api/app';
import { fixedClock } from '../../shared/adapters/clock';
import { DomainError } from '../../shared/domain/errors';
import { problemErrors, SECURITY_HEADERS, securityHeaders } from '../../shared/http/middleware';
import { MAX_BODY_BYTES } from '../../shared/http/request';
import { call, type Handler, type TestRequest } from '../support/api';
import { ACTORS } from '../support/fixtures';
import { organisationsOnly } from '../support/organisations-only';
import { testTrackingLinks } from '../support/tracking-links';
import { noIdentity } from '../support/staff';

const silent = new Logger({ logLevel: 'SILENT' });

const handler = createApiHandler({ trackingLinks: testTrackingLinks(), identity: noIdentity, documentStore: testDocumentStore(), doc: organisationsOnly, tableName: 'none', clock: fixedClock('2026-11-02T02:00:00.000Z'), logger: silent }) as unknown as Handler;

describe('every answer of the API carries the security headers', () => {
  it.each<[string, TestRequest, number]>([
    ['a public success', { path: '/health' }, 200],
    ['an unknown route', { path: '/nowhere' }, 404],
    ['a method the route does not have', { method: 'DELETE', path: '/health' }, 405],
    ['a signed-in route without claims', { path: '/me' }, 401],
    ['a failure inside (500)', { path: '/me', as: ACTORS.sari }, 500],
    ['a token whose claims make no actor', { path: '/me', claims: { sub: 'someone' } }, 401],
    ['a body over the limit', { method: 'POST', path: '/proposals', as: ACTORS.opSleman, rawBody: 'x'.repeat(MAX_BODY_BYTES + 1) }, 413],
    ['a body that is not JSON', { method: 'POST', path: '/proposals', as: ACTORS.opSleman, rawBody: '{' }, 400],
    ['a public route with a bad query', { path: '/track/USL-2026-0000-0001', query: { pin: 'abc' } }, 422],
  ])('%s', async (_what, request, status) => {
    const response = await call(handler, request);
    expect(response.status).toBe(status);
    expect(response.headers).toMatchObject(SECURITY_HEADERS);
  });

  it('whatever is asked, of whatever route, as whoever', async () => {
    const path = fc.oneof(
      fc.constantFrom('/health', '/me', '/proposals', '/proposals/USL-2026-0000-0001', '/proposals/USL-2026-0000-0001/audit', '/track/x', '/inbox'),
      fc.webPath(),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
        path,
        fc.option(fc.constantFrom(ACTORS.sari, ACTORS.auditor, ACTORS.opSleman), { nil: undefined }),
        fc.option(fc.string({ maxLength: 200 }), { nil: undefined }),
        async (method, rawPath, as, rawBody) => {
          const response = await call(handler, { method, path: rawPath || '/', ...(as ? { as } : {}), ...(rawBody !== undefined ? { rawBody } : {}) });
          expect(response.headers).toMatchObject(SECURITY_HEADERS);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('the set is what a JSON API about people needs', () => {
    expect(SECURITY_HEADERS).toEqual({
      'strict-transport-security': expect.stringMatching(/^max-age=(\d+); includeSubDomains$/),
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
      'content-security-policy': expect.stringContaining("default-src 'none'"),
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cross-origin-resource-policy': 'same-origin',
    });
    expect(SECURITY_HEADERS['content-security-policy']).toContain("frame-ancestors 'none'");
    // At least a year, or browsers' preload lists refuse the domain.
    expect(Number(/max-age=(\d+)/.exec(SECURITY_HEADERS['strict-transport-security']!)![1])).toBeGreaterThanOrEqual(31_536_000);
  });
});

describe('the security headers middleware', () => {
  type Event = APIGatewayProxyEventV2WithJWTAuthorizer;
  type Result = APIGatewayProxyStructuredResultV2;
  const event = { rawPath: '/x', headers: {} } as unknown as Event;
  const wrap = (inner: () => Promise<Result>) => middy<Event, Result>().use(securityHeaders()).use(problemErrors(silent)).handler(inner);

  it('keeps a header the answer sets itself, whatever its case, and adds the rest', async () => {
    const result = await wrap(async () => ({ statusCode: 200, headers: { 'Cache-Control': 'public, max-age=60' }, body: '{}' }))(event, {} as never);
    expect(result.headers?.['Cache-Control']).toBe('public, max-age=60');
    expect(result.headers).not.toHaveProperty('cache-control');
    expect(result.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' });
  });

  it('adds them to problems made from domain errors and from crashes alike, keeping the problem headers', async () => {
    const refused = await wrap(async () => Promise.reject(new DomainError('METHOD_NOT_ALLOWED', { allow: ['GET'] })))(event, {} as never);
    expect(refused.headers).toMatchObject({ ...SECURITY_HEADERS, allow: 'GET', 'content-type': 'application/problem+json' });
    const crashed = await wrap(async () => Promise.reject(new TypeError('boom')))(event, {} as never);
    expect(crashed.statusCode).toBe(500);
    expect(crashed.headers).toMatchObject(SECURITY_HEADERS);
  });
});
