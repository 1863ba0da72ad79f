import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import type { Actor } from '../../shared/domain/actors';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import type { DomainError } from '../../shared/domain/errors';
import { createRouter, defineRoute } from '../../shared/http/router';

const answer = (what: string) => async () => ({ status: 200, body: { what } as never });
const route = createRouter(
  [
    defineRoute({ method: 'GET', path: '/things', access: 'public', summary: 'list', response: 'Health', handle: answer('list') }),
    defineRoute({ method: 'POST', path: '/things', access: 'public', summary: 'add', response: 'Health', handle: answer('add') }),
    defineRoute({ method: 'GET', path: '/things/{id}', access: 'public', summary: 'one', response: 'Health', handle: answer('one') }),
    defineRoute({ method: 'GET', path: '/things/special', access: 'public', summary: 'shadowed', response: 'Health', handle: answer('special') }),
    defineRoute({ method: 'PUT', path: '/things/{id}', access: 'public', summary: 'set', response: 'Health', handle: answer('set') }),
  ],
  async () => Promise.reject(new Error('no actor here')),
);
const ask = (method: string, rawPath: string) => route({ rawPath, requestContext: { http: { method } }, headers: {} } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer);
const refusal = (method: string, rawPath: string) => ask(method, rawPath).then(() => undefined, (error: DomainError) => ({ code: error.code, details: error.details }));

describe('the router', () => {
  it('answers with the first route of the method whose path matches, in the order they are listed', async () => {
    expect(JSON.parse((await ask('GET', '/things/special')).body ?? '')).toEqual({ what: 'one' });
    expect(JSON.parse((await ask('POST', '/things')).body ?? '')).toEqual({ what: 'add' });
    expect(JSON.parse((await ask('put', '/things/7')).body ?? '')).toEqual({ what: 'set' });
  });

  it('refuses a method the path does not have, naming every one it has', async () => {
    expect(await refusal('DELETE', '/things/7')).toEqual({ code: 'METHOD_NOT_ALLOWED', details: { allow: ['GET', 'PUT'] } });
    expect(await refusal('DELETE', '/things')).toEqual({ code: 'METHOD_NOT_ALLOWED', details: { allow: ['GET', 'POST'] } });
  });

  it('knows no path of another length, nor one whose parameter does not decode', async () => {
    expect(await refusal('GET', '/things/7/parts')).toEqual({ code: 'ROUTE_NOT_FOUND', details: {} });
    expect(await refusal('GET', '/things/%E0%A4%A')).toEqual({ code: 'ROUTE_NOT_FOUND', details: {} });
  });
});

describe('a route only some may call', () => {
  const body = z.strictObject({ name: z.string().min(1) });
  const admin = { roles: ['ADMIN_BKN'] } as unknown as Actor;
  const clerk = { roles: ['OPERATOR'] } as unknown as Actor;
  const guarded = (actor: Actor) =>
    createRouter(
      [defineRoute({ method: 'PUT', path: '/settings', access: 'signed-in', permits: { actor: (a) => a.roles.includes('ADMIN_BKN'), action: 'set the settings' }, body, summary: 'set', response: 'Health', handle: answer('set') })],
      async () => actor,
    );
  const put = (actor: Actor, json: string) =>
    guarded(actor)({ rawPath: '/settings', body: json, requestContext: { http: { method: 'PUT' } }, headers: { 'content-type': 'application/json' } } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer).then(
      (reply) => ({ code: 'OK', status: reply.statusCode }),
      (error: DomainError) => ({ code: error.code }),
    );

  it('refuses anyone else before reading what they sent: a stranger learns nothing from validation errors', async () => {
    expect(await put(clerk, '{"name": ""}')).toEqual({ code: 'FORBIDDEN' });
    expect(await put(clerk, 'not json')).toEqual({ code: 'FORBIDDEN' });
    expect(await put(clerk, '{"name": "x"}')).toEqual({ code: 'FORBIDDEN' });
  });

  it('validates what those it permits send', async () => {
    expect(await put(admin, '{"name": ""}')).toEqual({ code: 'VALIDATION_FAILED' });
    expect(await put(admin, '{"name": "x"}')).toEqual({ code: 'OK', status: 200 });
  });
});
