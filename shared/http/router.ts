import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Actor } from '../domain/actors';
import { DomainError } from '../domain/errors';
import type { Lang } from '../domain/messages';
import { negotiateLanguage } from './problem';
import { header } from './request';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteRequest {
  event: APIGatewayProxyEventV2WithJWTAuthorizer;
  params: Record<string, string>;
  query: Record<string, string>;
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

export interface Route {
  method: Method;
  /** API Gateway style: /proposals/{id}/transitions */
  path: string;
  /** `public` routes need no token (the CDK stack leaves them without the authorizer). */
  access: 'public' | 'signed-in';
  handle(request: RouteRequest): Promise<Reply>;
}

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
    const request: RouteRequest = {
      event,
      params: hit.params,
      query: Object.fromEntries(Object.entries(event.queryStringParameters ?? {}).filter((e): e is [string, string] => e[1] !== undefined)),
      lang,
      actor: () => (actor ??= resolveActor(event)),
    };
    if (hit.route.access === 'signed-in') await request.actor();
    return toResult(await hit.route.handle(request), lang);
  };
}
