import * as z from 'zod';
import type { ErrorCode } from '../domain/errors';
import { PROBLEMS } from '../domain/messages';
import { answerSchemas } from './responses';
import type { ResponseHeader, Route } from './router';
import { REQUEST_HEADERS } from './schemas';

/**
 * The OpenAPI 3.1 document, generated from the routes and the zod schemas they validate with and
 * answer by (shared/http/schemas.ts, shared/http/responses.ts): nothing in it is written by hand.
 *
 * The API Lambda builds it, and the answer schemas with it, on the first GET /openapi.json only
 * (functions/api/routes.ts), so no other request and no cold start pays for them.
 */

type JsonSchema = Record<string, unknown>;

const COMPONENTS = '#/components/schemas/';
const ref = (name: string) => ({ $ref: `${COMPONENTS}${name}` });

/**
 * What zod writes that a schema inside an OpenAPI document does without: the dialect (the
 * document's own), an $id that is only a fragment (not allowed by 2020-12), and integer bounds
 * that only restate JavaScript's safe range.
 */
function tidy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(tidy);
  if (value === null || typeof value !== 'object') return value;
  const out: JsonSchema = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === '$schema' || key === '$id') continue;
    if (key === 'minimum' && inner === Number.MIN_SAFE_INTEGER) continue;
    if (key === 'maximum' && inner === Number.MAX_SAFE_INTEGER) continue;
    out[key] = tidy(inner);
  }
  return out;
}

const requestSchema = (schema: z.ZodType): JsonSchema => tidy(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })) as JsonSchema;

/** Every named answer and part, converted together so they refer to each other by $ref. */
function componentSchemas(): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  const { PARTS, RESPONSES } = answerSchemas();
  for (const [id, schema] of Object.entries({ ...PARTS, ...RESPONSES })) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { uri: (id) => `${COMPONENTS}${id}`, unrepresentable: 'any' });
  return tidy(schemas) as Record<string, JsonSchema>;
}

/**
 * The problems every route of its shape can answer, and those it names itself. Any route refuses
 * an unknown query parameter (422) and may fail (500) or find a dependency unavailable (503,
 * throttled, timed out or unreachable, with Retry-After); a signed-in one needs a token that makes an
 * actor (401, 403), whose roles the directory still holds and whose account is not suspended (403); a path parameter must decode (404); a route with a body parses it (400, 413,
 * 415, 422); If-Match may be missing (428).
 */
export function problemCodes(route: Route): ErrorCode[] {
  const codes = new Set<ErrorCode>(['VALIDATION_FAILED', 'INTERNAL', 'SERVICE_UNAVAILABLE']);
  if (route.access === 'signed-in') for (const code of ['UNAUTHENTICATED', 'FORBIDDEN', 'NO_ACTIVE_ROLE', 'ACCOUNT_SUSPENDED'] as const) codes.add(code);
  // A path parameter that does not decode (%E0%A4%A) matches no route at all.
  if (route.path.includes('{')) codes.add('ROUTE_NOT_FOUND');
  if (route.body) for (const code of ['MALFORMED_JSON', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'] as const) codes.add(code);
  if (route.headers?.includes('If-Match')) codes.add('PRECONDITION_REQUIRED');
  for (const code of route.errors ?? []) codes.add(code);
  return [...codes];
}

/**
 * What API Gateway answers itself, as `{"message": ...}` JSON, not problem+json: its JWT authorizer
 * (401, signed-in routes only), its throttling (429), a failed or timed-out integration (500, 503).
 * The local gateway answers these as problems.
 */
function gatewayStatuses(route: Route): number[] {
  return [...(route.access === 'signed-in' ? [401] : []), 429, 500, 503];
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad request', 401: 'Not signed in', 403: 'Forbidden', 404: 'Not found', 409: 'Conflict', 413: 'Too large',
  415: 'Unsupported media type', 422: 'Unprocessable', 428: 'Precondition required', 429: 'Too many requests',
  500: 'Internal error', 503: 'Unavailable',
};

const RESPONSE_HEADERS: Record<ResponseHeader, { description: string; required: boolean; schema: JsonSchema }> = {
  ETag: {
    description: 'A tag of this answer as sent to this caller, for If-None-Match on the next read (304 when unchanged); where the resource has a version it leads the tag ("4-…"), for If-Match on the next change.',
    required: true,
    schema: { type: 'string', pattern: '^"(\\d+-)?[A-Za-z0-9_-]{16}"$' },
  },
  Location: { description: 'Where the created resource is (201), or where to go on (303).', required: true, schema: { type: 'string' } },
  'Idempotent-Replayed': { description: '"true" when this is the stored answer to an earlier request with the same Idempotency-Key.', required: false, schema: { type: 'string', enum: ['true'] } },
};

function errorResponses(route: Route): Record<string, unknown> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of problemCodes(route)) byStatus.set(PROBLEMS[code].status, [...(byStatus.get(PROBLEMS[code].status) ?? []), code]);
  const gateway = gatewayStatuses(route);
  const statuses = [...new Set([...byStatus.keys(), ...gateway])].sort((a, b) => a - b);
  return Object.fromEntries(
    statuses.map((status) => {
      const codes = byStatus.get(status) ?? [];
      const fromGateway = gateway.includes(status);
      const words = [
        ...codes.map((code) => `\`${code}\`: ${PROBLEMS[code].title.en}.`),
        ...(fromGateway ? ['Or API Gateway’s own answer, `{"message": ...}` as application/json.'] : []),
      ];
      const content: Record<string, unknown> = {};
      if (codes.length && route.produces === 'text/html') content['text/html'] = { schema: ref('Page') };
      else if (codes.length) {
        content['application/problem+json'] = {
          schema: { allOf: [ref('Problem'), { type: 'object', properties: { status: { const: status }, code: { enum: codes } } }] },
        };
      }
      if (fromGateway) content['application/json'] = { schema: ref('GatewayMessage') };
      const headers = status === 429 || status === 503 ? { headers: { 'Retry-After': { description: 'Seconds until a new attempt may succeed.', schema: { type: 'string' } } } } : {};
      return [String(status), { description: `${STATUS_TEXT[status] ?? 'Problem'}. ${words.join(' ')}`, ...headers, content }];
    }),
  );
}

const IF_NONE_MATCH: JsonSchema = { type: 'string', description: 'The ETag of the copy the client holds: 304 with no body while it is still current.' };

/** Every GET answer is tagged, and answers 304 to the tag the client holds. */
const NOT_MODIFIED = {
  description: 'Not modified: the ETag in If-None-Match is still current. No body; the copy held is the answer.',
  headers: { ETag: { required: true, schema: { type: 'string' } } },
};

function parameters(route: Route): unknown[] {
  const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const declared = Object.keys(route.params ?? {});
  const undeclared = names.filter((name) => !route.params?.[name]);
  const unused = declared.filter((name) => !names.includes(name));
  if (undeclared.length || unused.length) throw new Error(`${route.method} ${route.path}: path parameters and params disagree (${[...undeclared, ...unused].join(', ')})`);
  const pathParams = names.map((name) => parameter(name, 'path', true, requestSchema(route.params![name]!)));
  const querySchema = route.query ? (requestSchema(route.query) as { properties?: Record<string, JsonSchema>; required?: string[] }) : undefined;
  const queryParams = Object.entries(querySchema?.properties ?? {}).map(([name, schema]) => parameter(name, 'query', querySchema?.required?.includes(name) ?? false, schema));
  const headerParams = (route.headers ?? []).map((name) => parameter(name, 'header', false, requestSchema(REQUEST_HEADERS[name])));
  const revalidating = route.method === 'GET' ? [parameter('If-None-Match', 'header', false, IF_NONE_MATCH)] : [];
  return [...pathParams, ...queryParams, ...headerParams, ...revalidating];
}

/** A parameter, its schema's description lifted onto it, where renderers show it. */
function parameter(name: string, where: 'path' | 'query' | 'header', required: boolean, { description, ...schema }: JsonSchema) {
  return { name, in: where, required, ...(typeof description === 'string' ? { description } : {}), schema };
}

const operationId = (route: Route) =>
  `${route.method.toLowerCase()}${route.path.replace(/[{}]/g, '').split('/').map((p) => p.charAt(0).toUpperCase() + p.slice(1).replace(/[^A-Za-z0-9]/g, '')).join('')}`;

/** Operations are grouped by the first segment of their path; the service's own two as `about`. */
const tagOf = (route: Route) => (route.path === '/health' || route.path === '/openapi.json' ? 'about' : (route.path.split('/')[1] ?? ''));

type Operation = { summary: string; responses: Record<string, { content?: Record<string, unknown> }> };

/** The JSON route's operation, with the page's media types added to each of its answers and the page's own statuses. */
function mergeRepresentations<O extends Operation>(json: O, page: O): O {
  const responses = { ...json.responses };
  for (const [status, answer] of Object.entries(page.responses)) {
    const mine = responses[status];
    responses[status] = mine ? { ...mine, content: { ...mine.content, ...answer.content } } : answer;
  }
  return { ...json, summary: `${json.summary}; a browser asking for text/html gets the page: ${page.summary}`, responses };
}

export function openApiDocument(routes: readonly Route[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const success = String(route.success ?? 200);
    const named = new Set<ResponseHeader>([...(route.responseHeaders ?? []), ...(route.method === 'GET' ? (['ETag'] as const) : [])]);
    const headers = named.size ? { headers: Object.fromEntries([...named].map((name) => [name, RESPONSE_HEADERS[name]])) } : {};
    paths[route.path] ??= {};
    const operation = {
      summary: route.summary,
      operationId: route.operationId ?? operationId(route),
      tags: [tagOf(route)],
      ...(route.access === 'public' ? { security: [] } : {}),
      parameters: parameters(route),
      ...(route.body ? { requestBody: { required: true, content: { [route.bodyType ?? 'application/json']: { schema: requestSchema(route.body) } } } } : {}),
      responses: {
        [success]: { description: 'OK', ...headers, content: { [route.produces ?? 'application/json']: { schema: ref(route.response) } } },
        ...(route.method === 'GET' ? { '304': NOT_MODIFIED } : {}),
        ...errorResponses(route),
      } as Record<string, { content?: Record<string, unknown> }>,
    };
    const existing = paths[route.path]![route.method.toLowerCase()] as typeof operation | undefined;
    // A page beside a JSON route on one path and method: one operation, its answers in both media types.
    paths[route.path]![route.method.toLowerCase()] = existing ? mergeRepresentations(existing, operation) : operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Pantau API',
      version: '0.1.0',
      description: [
        'Usulan layanan kepegawaian ASN: filing, stages, tracking.',
        '',
        'Errors are `application/problem+json` (RFC 9457) with a stable `code`, titled in Indonesian, or in English with `Accept-Language: en`.',
        'Creating requests take an `Idempotency-Key`; changes take the version seen (`If-Match` or `expectedVersion`); lists page with `cursor`.',
        'Answers of 256 bytes or more come br or gzip as `Accept-Encoding` asks. Every GET answer carries an `ETag`; send it back in `If-None-Match` and an unchanged answer is a 304 with no body.',
        'A dependency that is throttled, slow or down gives 503 `SERVICE_UNAVAILABLE` with `Retry-After`, within seconds: retry after that many seconds.',
        'Generated from the zod schemas the handlers validate with and answer by: `npm run openapi` writes it to a file.',
      ].join('\n'),
    },
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: componentSchemas(),
    },
    security: [{ bearer: [] }],
  };
}

export type OpenApiDocument = ReturnType<typeof openApiDocument>;
