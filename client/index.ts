import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, paths } from './schema';

/**
 * A typed client of the Pantau API: openapi-fetch over the types openapi-typescript generates from
 * GET /openapi.json (client/schema.d.ts, `npm run client`). Paths, parameters, bodies and answers
 * are checked by the type checker against the document, so a front end built on it breaks at
 * compile time when the API changes under it.
 *
 *   const api = createPantauClient({ baseUrl: 'https://api.pantau.example.go.id', token });
 *   const { data, error } = await api.GET('/proposals/{id}', { params: { path: { id } } });
 *   if (error) console.log(error.code); // a problem's stable code, typed per status
 */

export type { components, operations, paths } from './schema';

/** A named schema of the document: `Schema<'ProposalView'>`, `Schema<'Reference'>`. */
export type Schema<N extends keyof components['schemas']> = components['schemas'][N];

export type PantauClient = Client<paths>;

export interface PantauClientOptions {
  /** Where the API is: the stage's API URL, or the local stack's. */
  baseUrl: string;
  /** A Cognito ID token (or the local stack's): sent as `Authorization: Bearer <token>`. Public routes need none. */
  token?: string;
  /** A fetch of one's own (tests, a proxy); globalThis.fetch otherwise. */
  fetch?: ClientOptions['fetch'];
}

export function createPantauClient({ baseUrl, token, fetch }: PantauClientOptions): PantauClient {
  return createClient<paths>({
    baseUrl,
    ...(token !== undefined ? { headers: { authorization: `Bearer ${token}` } } : {}),
    ...(fetch ? { fetch } : {}),
  });
}
