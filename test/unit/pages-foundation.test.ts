import { createHash } from 'node:crypto';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import middy from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { DomainError } from '../../shared/domain/errors';
import { html, trustedHtml } from '../../shared/http/html';
import { problemErrors, securityHeaders } from '../../shared/http/middleware';
import { openApiDocument } from '../../shared/http/openapi';
import { PAGE_CSS, PAGE_HEADERS, pageDocument } from '../../shared/http/pages/document';
import { createRouter, defineRoute } from '../../shared/http/router';

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;
type Result = APIGatewayProxyStructuredResultV2;

const routes = [
  defineRoute({ method: 'GET', path: '/things/{id}', params: { id: z.string() }, access: 'public', summary: 'one thing', response: 'Health', handle: async () => ({ status: 200, body: { status: 'ok', service: 'pantau' } }) }),
  defineRoute({
    method: 'GET', path: '/things/{id}', params: { id: z.string() }, produces: 'text/html', access: 'public', summary: 'its page', response: 'Page', errors: ['NOT_FOUND'],
    handle: async (request) => {
      if (request.params.id === 'missing') throw new DomainError('NOT_FOUND');
      if (request.params.id === 'busy') throw new DomainError('TOO_MANY_REQUESTS', { retryAfterSeconds: 1380 });
      if (request.params.id === 'bug') throw new Error('a bug with a secret in it');
      return { status: 200, body: pageDocument({ lang: request.lang, title: 'T', main: html`<p>${request.params.id}</p>` }) };
    },
  }),
  defineRoute({
    method: 'POST', path: '/things', produces: 'text/html', access: 'public', summary: 'a form', response: 'Page',
    body: z.strictObject({ name: z.string().min(1).max(20) }), bodyType: 'application/x-www-form-urlencoded',
    handle: async (request) => ({ status: 200, body: html`<p>${(request.body as { name: string }).name}</p>` }),
  }),
  defineRoute({ method: 'GET', path: '/wrong', produces: 'text/html', access: 'public', summary: 'JSON from a page route', response: 'Page', handle: async () => ({ status: 200, body: { oops: true } as never }) }),
];
const quiet = new Logger({ logLevel: 'SILENT' });
const handler = middy<Event, Result>().use(securityHeaders()).use(problemErrors(quiet)).handler(createRouter(routes, async () => Promise.reject(new Error('no actor'))));
const ask = (method: string, rawPath: string, headers: Record<string, string> = {}, body?: string) =>
  handler({ rawPath, requestContext: { http: { method } }, headers, ...(body !== undefined ? { body } : {}) } as unknown as Event, {} as never) as Promise<Result>;
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('the html tag', () => {
  it('escapes every interpolated value, joins arrays, drops null, undefined and false', () => {
    const evil = `<script>alert("x")</script>&'`;
    expect(html`<p title="${evil}">${evil}</p>`.text).toBe('<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;</p>');
    expect(html`<ul>${['a', '<b>'].map((x) => html`<li>${x}</li>`)}</ul>`.text).toBe('<ul><li>a</li><li>&lt;b&gt;</li></ul>');
    expect(html`${null}${undefined}${false}${0}`.text).toBe('0');
    expect(html`${trustedHtml('<b>ours</b>')}`.text).toBe('<b>ours</b>');
  });
});

describe('pages beside JSON routes', () => {
  it('gives a browser the page and curl or an app the JSON, on one path, varying by Accept', async () => {
    const page = await ask('GET', '/things/7', { accept: BROWSER });
    expect(page.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<p>7</p>');
    expect(page.headers?.vary).toBe('accept');
    for (const accept of [undefined, '*/*', 'application/json', 'application/json, text/html']) {
      const json = await ask('GET', '/things/7', accept ? { accept } : {});
      expect(json.headers?.['content-type'], accept).toMatch(/^application\/json/);
      expect(json.headers?.vary).toBe('accept');
    }
  });

  it('carry their own CSP, which allows exactly the inline stylesheet, and stay out of search engines', async () => {
    const page = await ask('GET', '/things/7', { accept: BROWSER });
    const hash = createHash('sha256').update(PAGE_CSS).digest('base64');
    expect(page.headers?.['content-security-policy']).toBe(`default-src 'none'; style-src 'sha256-${hash}'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`);
    expect(page.body).toContain(`<style>${PAGE_CSS}</style>`);
    expect(page.body).not.toMatch(/<script|\son\w+=/i);
    expect(page.headers).toMatchObject({ 'x-robots-tag': 'noindex, nofollow', 'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff', 'cache-control': 'no-store', 'x-frame-options': 'DENY' });
  });

  it('answer their errors as pages with the problem\'s status, code and Retry-After, a bug as a bare 500 page', async () => {
    const missing = await ask('GET', '/things/missing', { accept: BROWSER });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers?.['content-type']).toBe(PAGE_HEADERS['content-type']);
    expect(missing.body).toContain('Data tidak ditemukan');
    const busy = await ask('GET', '/things/busy', { accept: BROWSER, 'accept-language': 'en' });
    expect(busy.statusCode).toBe(429);
    expect(busy.headers?.['retry-after']).toBe('1380');
    expect(busy.body).toContain('try again in 23 minutes');
    expect(busy.headers?.['content-language']).toBe('en');
    const bug = await ask('GET', '/things/bug', { accept: BROWSER });
    expect(bug.statusCode).toBe(500);
    expect(bug.body).not.toContain('secret');
    // The JSON route on the same path keeps problem+json for its own errors.
    expect((await ask('GET', '/nowhere')).headers?.['content-type']).toBe('application/problem+json');
  });

  it('answer a browser that reached no route with a page, and anyone else with problem+json', async () => {
    const page = await ask('GET', '/t/USL-XXXX', { accept: BROWSER });
    expect(page.statusCode).toBe(404);
    expect(page.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect((await ask('GET', '/t/USL-XXXX')).headers?.['content-type']).toBe('application/problem+json');
  });

  it('read form bodies, refusing another media type, a repeated field and a field too long, as 4xx pages', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded', accept: BROWSER };
    expect((await ask('POST', '/things', form, 'name=Sri+W%3Cahyuni%3E')).body).toBe('<p>Sri W&lt;ahyuni&gt;</p>');
    expect((await ask('POST', '/things', { ...form, 'content-type': 'application/json' }, '{"name":"x"}')).statusCode).toBe(415);
    expect((await ask('POST', '/things', form, 'name=a&name=b')).statusCode).toBe(422);
    const long = await ask('POST', '/things', form, `name=${'x'.repeat(21)}`);
    expect(long.statusCode).toBe(422);
    expect(long.headers?.['content-type']).toBe('text/html; charset=utf-8');
  });

  it('refuse to send JSON from a page route (a bug, a 500)', async () => {
    expect((await ask('GET', '/wrong', { accept: BROWSER })).statusCode).toBe(500);
  });
});

describe('the document', () => {
  it('lists a page and a JSON route on one path as one operation with both media types', () => {
    const document = openApiDocument(routes);
    const operation = document.paths['/things/{id}']!.get as { responses: Record<string, { content: Record<string, unknown> }> };
    expect(Object.keys(operation.responses['200']!.content).sort()).toEqual(['application/json', 'text/html']);
    expect(Object.keys(operation.responses['404']!.content)).toContain('text/html');
    const post = document.paths['/things']!.post as { requestBody: { content: Record<string, unknown> } };
    expect(Object.keys(post.requestBody.content)).toEqual(['application/x-www-form-urlencoded']);
  });
});

describe('a page-shaped path whose parameter does not decode', () => {
  it('is answered as a page even to a client that did not ask for one, where only a page lives', async () => {
    const onlyPages = createRouter(
      [defineRoute({ method: 'GET', path: '/p/{id}', params: { id: z.string() }, produces: 'text/html', access: 'public', summary: 'page', response: 'Page', handle: async () => ({ status: 200, body: html`<p>x</p>` }) })],
      async () => Promise.reject(new Error('no actor')),
    );
    const wrapped = middy<Event, Result>().use(securityHeaders()).use(problemErrors(quiet)).handler(onlyPages);
    const answer = (await wrapped({ rawPath: '/p/%', requestContext: { http: { method: 'GET' } }, headers: { accept: '' } } as unknown as Event, {} as never)) as Result;
    expect(answer.statusCode).toBe(404);
    expect(answer.headers?.['content-type']).toBe('text/html; charset=utf-8');
    // Where a JSON route shares the shape, a client that did not ask for a page keeps problem+json.
    expect((await ask('GET', '/things/%')).headers?.['content-type']).toBe('application/problem+json');
  });
});
