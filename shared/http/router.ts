import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Actor } from '../domain/actors';
import { DomainError, type ErrorCode } from '../domain/errors';
import type { Lang } from '../domain/messages';
import Negotiator from 'negotiator';
import { SafeHtml } from './html';
import { PAGE_HEADERS } from './pages/document';
import { pageLanguage } from './pages/language';
import { negotiateLanguage } from './problem';
import * as z from 'zod';
import { header, parseBody, parseFormBody, parseWith } from './request';
import type { ResponseBody, ResponseName } from './responses';
import type { RequestHeader } from './schemas';

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

/** Marks a body that is already JSON text of `T` (an idempotent replay keeps the first answer's text). */
declare const jsonOf: unique symbol;
export type JsonText<T> = string & { readonly [jsonOf]: T };
export const jsonText = <T>(text: string): JsonText<T> => text as JsonText<T>;

export interface Reply<T = unknown> {
  status: number;
  /** An object is sent as JSON; JsonText as is (already serialised); SafeHtml, on a page route, as the page. */
  body?: T | JsonText<T> | SafeHtml;
  headers?: Record<string, string>;
}

/** Response headers a route sets on success, for the document. */
export type ResponseHeader = 'ETag' | 'Location' | 'Idempotent-Replayed';

/**
 * A route declares its schemas; the router validates with them before the handler runs, and the
 * OpenAPI document is generated from the same objects, so the contract cannot drift.
 */
export interface RouteSpec<B, Q, R extends ResponseName> {
  method: Method;
  /** API Gateway style: /proposals/{id}/transitions */
  path: string;
  /**
   * `text/html` for a page (response 'Page', body SafeHtml): its answers, errors included, are
   * pages with their own CSP. A page may share its method and path with a JSON route; Accept
   * chooses (a browser's asks for HTML first; curl's and an app's for anything, which is JSON).
   */
  produces?: 'text/html';
  /** `public` routes need no token (the CDK stack leaves them without the authorizer). */
  access: 'public' | 'signed-in';
  /**
   * Who may call the route at all (a domain policy), checked before the request is parsed: others
   * get 403 and learn nothing from validation errors. `action` names what they may not do.
   */
  permits?: { actor: (actor: Actor) => boolean; action: string };
  summary: string;
  /** The operation's name in the document (and so in generated clients); derived from method and path when left out. */
  operationId?: string;
  /**
   * The schema of each {parameter} in the path, for the document. The handlers parse with the same
   * schemas, each answering as fits the parameter (a malformed proposal number is a 404, a NIP a 422).
   */
  params?: Record<string, z.ZodType>;
  body?: z.ZodType<B>;
  /** A page's form posts `application/x-www-form-urlencoded`; every other body is JSON. */
  bodyType?: 'application/x-www-form-urlencoded';
  query?: z.ZodType<Q>;
  /** Request headers the route reads (schemas in shared/http/schemas.ts), for the document. */
  headers?: readonly RequestHeader[];
  /** Success status, for the document. */
  success?: number;
  /**
   * The success answer, by its name in shared/http/responses.ts. Only the name travels with the
   * route: the schemas stay out of the Lambda's start-up, and the type checker holds `handle` to them.
   */
  response: R;
  responseHeaders?: readonly ResponseHeader[];
  /**
   * For answers the same for every caller and rarely changed (the catalog, calendars, windows, the
   * document): how long a client may keep one without asking again, privately (never a shared
   * cache). Unset, the answer is `no-store`: personal data is never kept by a browser.
   */
  maxAgeSeconds?: number;
  /**
   * Problems the route answers beyond those every route of its shape does (validation, sign-in,
   * body parsing, If-Match: see shared/http/openapi.ts), for the document.
   */
  errors?: readonly ErrorCode[];
  handle(request: RouteRequest<B, Q>): Promise<Reply<ResponseBody<R>>>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a list of routes of different shapes
export type Route = RouteSpec<any, any, ResponseName>;

/** Declares a route with its body, query and answer types inferred from its schemas. */
export const defineRoute = <B = undefined, Q = Record<string, never>, R extends ResponseName = ResponseName>(spec: RouteSpec<B, Q, R>): Route => spec;

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

/** The path has the route's literal segments where the route has them, whatever its parameters hold. */
const shapedLike = (route: CompiledRoute, segments: string[]): boolean =>
  route.segments.length === segments.length && route.segments.every((part, i) => part.startsWith('{') || part === segments[i]);

export function toResult(reply: Reply, lang: Lang, maxAgeSeconds?: number): APIGatewayProxyStructuredResultV2 {
  if (reply.body instanceof SafeHtml) {
    return { statusCode: reply.status, headers: { ...PAGE_HEADERS, 'content-language': lang, ...reply.headers }, body: reply.body.text };
  }
  const isText = typeof reply.body === 'string';
  return {
    statusCode: reply.status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-language': lang,
      ...(maxAgeSeconds !== undefined ? { 'cache-control': `private, max-age=${maxAgeSeconds}` } : {}),
      ...reply.headers,
    },
    body: reply.body === undefined ? '' : isText ? (reply.body as string) : JSON.stringify(reply.body),
  };
}

const MEDIA_TYPES = ['application/json', 'text/html'] as const;

/** Whether the client prefers a page to JSON; on equal terms (curl's and fetch's `*\/*`), JSON. */
export function prefersPage(event: APIGatewayProxyEventV2WithJWTAuthorizer): boolean {
  const accept = header(event, 'accept');
  if (!accept) return false;
  return new Negotiator({ headers: { accept: accept.slice(0, 512) } }).mediaType(MEDIA_TYPES) === 'text/html';
}

/** Events answered by a page route: their errors are pages too (problemErrors asks). */
const pageEvents = new WeakSet<object>();

/**
 * Whether an error on this request is answered as a page: its route is a page, or no route took it
 * and the client asked for HTML first (a mangled link opened in a browser).
 */
export function answersWithPage(event: APIGatewayProxyEventV2WithJWTAuthorizer): boolean {
  return pageEvents.has(event);
}

/** A small router over API Gateway v2 events: one Lambda serves every route. */
export function createRouter(routes: readonly Route[], resolveActor: (event: APIGatewayProxyEventV2WithJWTAuthorizer) => Promise<Actor>) {
  const compiled: CompiledRoute[] = routes.map((route) => ({ ...route, segments: splitPath(route.path) }));

  return async (event: APIGatewayProxyEventV2WithJWTAuthorizer): Promise<APIGatewayProxyStructuredResultV2> => {
    const method = (event.requestContext?.http?.method ?? 'GET').toUpperCase();
    const segments = splitPath(event.rawPath ?? '/');
    // The first route of the method whose path matches; the other methods only for the 405's Allow.
    let hit: { route: CompiledRoute; params: Record<string, string> } | undefined;
    const allow: Method[] = [];
    // A page and a JSON route may share a method and path: their client's Accept chooses.
    const wantsPage = prefersPage(event);
    let negotiated = false;
    // A path shaped like a page's whose parameter does not decode (`/t/%/…`) reaches no route, but
    // its answer is still that page's kind: the document promises pages there, and a phone gets one.
    let pageShaped = false;
    for (const route of compiled) {
      if (route.segments.length !== segments.length) continue;
      const params = matchSegments(route.segments, segments);
      if (!params) {
        if (route.produces === 'text/html' && shapedLike(route, segments)) pageShaped = true;
        continue;
      }
      if (!allow.includes(route.method)) allow.push(route.method);
      if (route.method !== method) continue;
      if (!hit) hit = { route, params };
      else if (route.path === hit.route.path && route.produces !== hit.route.produces) {
        negotiated = true;
        if ((route.produces === 'text/html') === wantsPage) hit = { route, params };
      }
    }
    if (!hit && (wantsPage || (pageShaped && !compiled.some((route) => route.produces !== 'text/html' && shapedLike(route, segments))))) pageEvents.add(event);
    if (!hit && !allow.length) throw new DomainError('ROUTE_NOT_FOUND');
    if (!hit) throw new DomainError('METHOD_NOT_ALLOWED', { allow });
    if (hit.route.produces === 'text/html') pageEvents.add(event);
    // A page's reader may choose its language (?lang=, a form's lang); an API client sends Accept-Language.
    const lang = hit.route.produces === 'text/html' ? pageLanguage(event) : negotiateLanguage(header(event, 'accept-language'));

    let actor: Promise<Actor> | undefined;
    const resolve = () => (actor ??= resolveActor(event));
    // Who you are is checked before what you sent: a stranger learns nothing from validation errors.
    if (hit.route.access === 'signed-in') await resolve();
    if (hit.route.permits && !hit.route.permits.actor(await resolve())) throw new DomainError('FORBIDDEN', { action: hit.route.permits.action });
    const query = parseWith(hit.route.query ?? NO_QUERY, event.queryStringParameters ?? {}, 'query');
    const body = !hit.route.body ? undefined : hit.route.bodyType ? parseFormBody(event, hit.route.body) : parseBody(event, hit.route.body);
    const request: RouteRequest<unknown, unknown> = { event, params: hit.params, query, body, lang, actor: resolve };
    const reply = await hit.route.handle(request);
    if ((reply.body instanceof SafeHtml) !== (hit.route.produces === 'text/html')) throw new Error(`${hit.route.method} ${hit.route.path} answered ${reply.body instanceof SafeHtml ? 'a page' : 'JSON'} against its route`);
    const result = toResult(reply, lang, hit.route.maxAgeSeconds);
    // One URL, two representations: caches must key them by Accept.
    if (negotiated) result.headers = { ...result.headers, vary: 'accept' };
    return result;
  };
}
