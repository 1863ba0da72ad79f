import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Actor } from '../domain/actors';
import { DomainError } from '../domain/errors';
import type { Lang } from '../domain/messages';
import { negotiateLanguage } from './problem';
import * as z from 'zod';
import { header, parseBody, parseWith } from './request';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteRequest<B = unknown, Q = Record<string, string | undefined>> {
  event: APIGatewayProxyEventV2WithJWTAuthorizer;
  params: Record<string, string>;
  /** The query, validated by the route's `query` schema. */
  query: Q;
  /** The JSON body, validated by the route's `body` schema. */
  body: B;
  lang: Lang;
  /** The signed-in actor; throws UNAUTHENTICATED on a public request without claims. */
  actor(): Promise<Actor>;
}

export interface Reply {
  status: number;
  /** An object is sent as JSON; a string as is (already serialised). */
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * A route declares its schemas; the router validates with them before the handler runs, and the
 * OpenAPI document is generated from the same objects, so the contract cannot drift.
 */
export interface RouteSpec<B, Q> {
  method: Method;
  /** API Gateway style: /proposals/{id}/transitions */
  path: string;
  /** `public` routes need no token (the CDK stack leaves them without the authorizer). */
  access: 'public' | 'signed-in';
  summary: string;
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  /** Request headers the route reads, for the document. */
  headers?: readonly ('Idempotency-Key' | 'If-Match')[];
  /** Success status, for the document. */
  success?: number;
  handle(request: RouteRequest<B, Q>): Promise<Reply>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a list of routes of different shapes
export type Route = RouteSpec<any, any>;

/** Declares a route with its body and query types inferred from its schemas. */
export const defineRoute = <B = undefined, Q = Record<string, never>>(spec: RouteSpec<B, Q>): Route => spec;

const NO_QUERY = z.strictObject({});

interface CompiledRoute extends Route {
  segments: string[];
}

function splitPath(path: string): string[] {
  return path.split('/').filter(Boolean);
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of pattern.entries()) {
    const value = actual[index] ?? '';
    if (part.startsWith('{') && part.endsWith('}')) {
      let decoded: string;
      try {
        decoded = decodeURIComponent(value);
      } catch {
        return undefined;
      }
      params[part.slice(1, -1)] = decoded;
    } else if (part !== value) return undefined;
  }
  return params;
}

export function toResult(reply: Reply, lang: Lang): APIGatewayProxyStructuredResultV2 {
  const isText = typeof reply.body === 'string';
  return {
    statusCode: reply.status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-language': lang,
      ...reply.headers,
    },
    body: reply.body === undefined ? '' : isText ? (reply.body as string) : JSON.stringify(reply.body),
  };
}

/** A small router over API Gateway v2 events: one Lambda serves every route. */
export function createRouter(routes: readonly Route[], resolveActor: (event: APIGatewayProxyEventV2WithJWTAuthorizer) => Promise<Actor>) {
  const compiled: CompiledRoute[] = routes.map((route) => ({ ...route, segments: splitPath(route.path) }));

  return async (event: APIGatewayProxyEventV2WithJWTAuthorizer): Promise<APIGatewayProxyStructuredResultV2> => {
    const lang = negotiateLanguage(header(event, 'accept-language'));
    const method = (event.requestContext?.http?.method ?? 'GET').toUpperCase();
    const segments = splitPath(event.rawPath ?? '/');
    const candidates = compiled
      .map((route) => ({ route, params: matchSegments(route.segments, segments) }))
      .filter((c): c is { route: CompiledRoute; params: Record<string, string> } => c.params !== undefined);
    if (!candidates.length) throw new DomainError('ROUTE_NOT_FOUND');
    const hit = candidates.find((c) => c.route.method === method);
    if (!hit) throw new DomainError('METHOD_NOT_ALLOWED', { allow: candidates.map((c) => c.route.method) });

    let actor: Promise<Actor> | undefined;
    const resolve = () => (actor ??= resolveActor(event));
    // Who you are is checked before what you sent: a stranger learns nothing from validation errors.
    if (hit.route.access === 'signed-in') await resolve();
    const query = parseWith(hit.route.query ?? NO_QUERY, event.queryStringParameters ?? {}, 'query');
    const body = hit.route.body ? parseBody(event, hit.route.body) : undefined;
    const request: RouteRequest<unknown, unknown> = { event, params: hit.params, query, body, lang, actor: resolve };
    return toResult(await hit.route.handle(request), lang);
  };
}
