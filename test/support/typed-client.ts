import { createPantauClient, type PantauClient, type paths } from '../../client';
import { checkAnswer } from './contract';
import type { LocalStack } from './local-stack';
import { stackToken } from './tokens';

/**
 * The typed client (client/index.ts) against a running local stack, as a front end would use it:
 * every path, parameter, body and answer is typed by client/schema.d.ts, so tsc checks the e2e
 * tests' requests against the OpenAPI document; and every answer is also checked against the
 * document at run time on the way in (test/support/contract.ts), as checkedFetch does.
 *
 *   const api = typedClient(stack, await stackToken(stack, 'budi'));   // or: await typedClientAs(stack, 'budi')
 *   const { data, error, response } = await api.GET('/proposals/{id}', { params: { path: { id } } });
 */

/** fetch, then checkAnswer on a copy of the answer: openapi-fetch reads the original. */
export async function contractFetch(request: Request): Promise<Response> {
  const response = await fetch(request);
  const text = await response.clone().text();
  checkAnswer({ method: request.method, path: new URL(request.url).pathname, status: response.status, headers: response.headers, text });
  return response;
}

/** A client of the stack's API, signed in with `token` (a Cognito ID token of its user pool), or public without one. */
export const typedClient = (stack: Pick<LocalStack, 'api'>, token?: string): PantauClient =>
  createPantauClient({ baseUrl: stack.api, ...(token !== undefined ? { token } : {}), fetch: contractFetch });

/** A client signed in as one of the stack's seeded users (infra/local/seed-data.ts), with the local password. */
export const typedClientAs = async (stack: Pick<LocalStack, 'api' | 'cognito'>, username: string): Promise<PantauClient> =>
  typedClient(stack, await stackToken(stack, username));

/** What POST /proposals/{id}/transitions takes, as the document types it. */
export type TransitionBody = paths['/proposals/{id}/transitions']['post']['requestBody']['content']['application/json'];

/** A problem's stable code, or undefined: API Gateway's own answers (`{"message": ...}`) carry none. */
export const problemCode = (error: object | undefined): string | undefined => (error && 'code' in error && typeof error.code === 'string' ? error.code : undefined);

/** A JSON answer of a route that also serves a page (GET /track/{id}): the page is text, not the JSON asked for. */
export function notPage<T>(data: T | string): T {
  if (typeof data === 'string') throw new Error(`expected JSON, got a page: ${data.slice(0, 80)}`);
  return data;
}
