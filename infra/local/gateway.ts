import { randomUUID } from 'node:crypto';
import { createServer, validateHeaderName, validateHeaderValue, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyResultV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import type { JWTPayload } from 'jose';
import { DomainError } from '../../shared/domain/errors';
import { PROBLEMS, type Lang } from '../../shared/domain/messages';
import { corsPreflightHeaders, corsResponseHeaders } from '../../shared/http/cors';
import { withSecurityHeaders } from '../../shared/http/middleware';
import { negotiateLanguage, problemBody } from '../../shared/http/problem';
import { MAX_BODY_BYTES } from '../../shared/http/request';

/**
 * API Gateway (HTTP API, payload 2.0, JWT authorizer) on one machine: each request becomes the
 * event the API Lambda gets in the cloud, and the Lambda's result becomes the response.
 *
 * Routes mirror the cloud's shape: the public routes are declared one by one and carry no
 * authorizer; everything else goes to `$default` behind the JWT authorizer, which answers 401
 * itself, before any Lambda runs.
 */
export type ApiHandler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
) => Promise<APIGatewayProxyResultV2 | undefined | void>;

export interface GatewayOptions {
  port: number;
  handler: ApiHandler;
  /** Loopback by default: the local accounts share one password every checkout knows. */
  host?: string;
  /**
   * Checks a bearer token and returns its claims, or throws: auth.ts's jwtAuthorizer against
   * cognito-local's JWKS. Without one every token is refused (a gateway for public routes only).
   */
  verify?: (token: string) => Promise<JWTPayload>;
  /** Request bodies above this are refused with 413 without being read further (default: the handler's own limit). */
  maxBodyBytes?: number;
  /** The instant put in requestContext.time: the local clock, so event time and handler time agree. */
  now?: () => Date;
  /** Where access and error lines go; `null` for silence. */
  log?: ((line: string) => void) | null;
  /** Browser origins allowed to call the API (CORS_ORIGINS, or cdk.json's dev corsOrigins); none by default. */
  corsOrigins?: readonly string[];
}

export interface Gateway {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

// The handler refuses more with 413 anyway; refusing here keeps a large body from ever being held in memory.
export const DEFAULT_MAX_BODY_BYTES = MAX_BODY_BYTES;
const FUNCTION_NAME = 'pantau-local-api';
// API Gateway gives an integration 30 s; handlers that plan around their remaining time see that.
const INTEGRATION_TIMEOUT_MS = 30_000;

interface PublicRoute {
  method: string;
  routeKey: string;
  pattern: RegExp;
}

const PUBLIC_ROUTES: readonly PublicRoute[] = [
  { method: 'GET', routeKey: 'GET /health', pattern: /^\/health$/ },
  { method: 'GET', routeKey: 'GET /openapi.json', pattern: /^\/openapi\.json$/ },
  { method: 'GET', routeKey: 'GET /docs', pattern: /^\/docs$/ },
  { method: 'GET', routeKey: 'GET /docs/{proxy+}', pattern: /^\/docs\/(?<proxy>.+)$/ },
  { method: 'GET', routeKey: 'GET /track/{id}', pattern: /^\/track\/(?<id>[^/]+)$/ },
  { method: 'GET', routeKey: 'GET /t/{id}/{token}', pattern: /^\/t\/(?<id>[^/]+)\/(?<token>[^/]+)$/ },
  { method: 'GET', routeKey: 'GET /track', pattern: /^\/track$/ },
  { method: 'POST', routeKey: 'POST /track', pattern: /^\/track$/ },
  // Local-only helpers (outboxes, inboxes); they exist on no cloud stage.
  { method: 'ANY', routeKey: 'ANY /_local/{proxy+}', pattern: /^\/_local\/(?<proxy>.+)$/ },
];

export function matchPublicRoute(method: string, path: string): { routeKey: string; pathParameters?: Record<string, string> } | undefined {
  for (const route of PUBLIC_ROUTES) {
    if (route.method !== 'ANY' && route.method !== method) continue;
    const match = route.pattern.exec(path);
    if (!match) continue;
    const groups = match.groups ? Object.entries(match.groups).map(([name, value]) => [name, safeDecode(value)] as const) : [];
    return { routeKey: route.routeKey, ...(groups.length ? { pathParameters: Object.fromEntries(groups) } : {}) };
  }
  return undefined;
}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    serve(req, res, options).catch((error: unknown) => {
      // serve answers every failure itself; this is the last guard against a crashed process.
      logLine(options, `gateway error: ${describe(error)}`);
      if (!res.headersSent) res.writeHead(500, withSecurityHeaders()).end();
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function serve(req: IncomingMessage, res: ServerResponse, options: GatewayOptions): Promise<void> {
  const started = Date.now();
  const requestId = randomUUID();
  res.setHeader('apigw-requestid', requestId);
  const method = (req.method ?? 'GET').toUpperCase();
  // WHATWG URL parsing also resolves dot segments, so "/docs/../proposals" cannot pass as public.
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname;
  const language = negotiateLanguage(req.headers['accept-language']);
  const done = (status: number, who = '-') => logLine(options, `${method} ${path} ${status} ${Date.now() - started}ms ${who}`);

  // Like API Gateway's CORS configuration (the same policy, shared/http/cors.ts): it answers
  // preflights itself, before any authorizer, and sets the CORS headers on every answer.
  const origin = req.headers.origin;
  const corsOrigins = options.corsOrigins ?? [];
  if (origin !== undefined) res.setHeader('vary', 'origin');
  if (method === 'OPTIONS' && req.headers['access-control-request-method']) {
    res.writeHead(204, withSecurityHeaders(corsPreflightHeaders(origin, corsOrigins))).end();
    return done(204);
  }
  for (const [name, value] of Object.entries(corsResponseHeaders(origin, corsOrigins))) res.setHeader(name, value);

  const route = matchPublicRoute(method, path);
  let authorizer: APIGatewayProxyEventV2WithJWTAuthorizer['requestContext']['authorizer'] | undefined;
  let who = '-';
  if (!route) {
    const token = bearerToken(req.headers.authorization);
    if (!token) {
      sendProblem(res, language, new DomainError('UNAUTHENTICATED', { reason: 'missing-token' }), { 'www-authenticate': 'Bearer realm="pantau"' });
      return done(401);
    }
    let claims: JWTPayload;
    try {
      claims = await (options.verify ?? refuseEveryToken)(token);
    } catch (error) {
      const expired = (error as { code?: unknown }).code === 'ERR_JWT_EXPIRED';
      sendProblem(res, language, new DomainError('UNAUTHENTICATED', { reason: expired ? 'expired-token' : 'invalid-token' }), {
        'www-authenticate': `Bearer realm="pantau", error="invalid_token"`,
      });
      return done(401);
    }
    authorizer = { principalId: '', integrationLatency: 0, jwt: { claims: stringifyClaims(claims), scopes: scopesOf(claims) } };
    const username = claims['cognito:username'] ?? claims.username;
    who = typeof username === 'string' ? username : String(claims.sub);
  }

  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const body = await readBody(req, maxBodyBytes);
  if (body === 'too-large') {
    res.setHeader('connection', 'close');
    sendProblem(res, language, new DomainError('PAYLOAD_TOO_LARGE', { maxBytes: maxBodyBytes }));
    // The rest of the body is never read: once the answer is out, drop the connection.
    res.once('finish', () => req.destroy());
    return done(413, who);
  }
  if (body === 'aborted') return done(499, who);

  const event = toEvent(req, url, method, requestId, body, route, authorizer, options.now?.() ?? new Date());
  let result: APIGatewayProxyResultV2 | undefined | void;
  try {
    result = await options.handler(event, lambdaContext(requestId));
  } catch (error) {
    logLine(options, `handler threw on ${method} ${path} (request ${requestId}): ${describe(error)}`);
    sendProblem(res, language, new DomainError('INTERNAL', { requestId }));
    return done(500, who);
  }
  const written = writeResult(res, result);
  if ('invalid' in written) {
    logLine(options, `handler returned an invalid response on ${method} ${path} (request ${requestId}): ${written.invalid}`);
    sendProblem(res, language, new DomainError('INTERNAL', { requestId }));
    return done(500, who);
  }
  done(written.status, who);
}

function toEvent(
  req: IncomingMessage,
  url: URL,
  method: string,
  requestId: string,
  body: Buffer,
  route: ReturnType<typeof matchPublicRoute>,
  authorizer: APIGatewayProxyEventV2WithJWTAuthorizer['requestContext']['authorizer'] | undefined,
  now: Date,
): APIGatewayProxyEventV2WithJWTAuthorizer {
  const headers: Record<string, string> = {};
  // headersDistinct keeps repeats apart; API Gateway joins them with commas.
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    if (name === 'cookie' || !values) continue;
    headers[name] = values.join(',');
  }
  const cookies = (req.headersDistinct.cookie ?? [])
    .flatMap((line) => line.split(';'))
    .map((cookie) => cookie.trim())
    .filter(Boolean);
  const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${sourceIp}` : sourceIp;
  headers['x-forwarded-proto'] = 'http';
  headers['x-forwarded-port'] = String(req.socket.localPort ?? '');

  const rawQueryString = url.search.replace(/^\?/, '');
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;

  const contentType = headers['content-type'] ?? '';
  const text = body.length > 0 && isTextual(contentType);
  const routeKey = route?.routeKey ?? '$default';
  const requestContext = {
    accountId: '000000000000',
    apiId: 'local',
    domainName: headers.host ?? 'localhost',
    domainPrefix: (headers.host ?? 'localhost').split('.')[0] ?? 'localhost',
    http: { method, path: url.pathname, protocol: `HTTP/${req.httpVersion}`, sourceIp, userAgent: headers['user-agent'] ?? '' },
    requestId,
    routeKey,
    stage: '$default',
    time: apiGatewayTime(now),
    timeEpoch: now.getTime(),
    // Public routes have no authorizer in the cloud either; the handler must not expect claims there.
    ...(authorizer ? { authorizer } : {}),
  } as APIGatewayProxyEventV2WithJWTAuthorizer['requestContext'];

  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString,
    ...(cookies.length ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    requestContext,
    ...(route?.pathParameters ? { pathParameters: route.pathParameters } : {}),
    ...(body.length > 0 ? { body: text ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && !text,
  };
}

/**
 * Writes the Lambda's answer and returns its status, or, when the answer is not one API Gateway
 * could send, writes nothing and says what is wrong with it.
 */
function writeResult(res: ServerResponse, result: APIGatewayProxyResultV2 | undefined | void): { status: number } | { invalid: string } {
  // Like API Gateway: an answer without a statusCode is itself the JSON body of a 200.
  const structured: APIGatewayProxyStructuredResultV2 =
    typeof result === 'object' && result !== null && 'statusCode' in result
      ? result
      : { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(result ?? null) };
  const status = structured.statusCode;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) return { invalid: `statusCode ${JSON.stringify(status)}` };
  if (structured.body !== undefined && typeof structured.body !== 'string') return { invalid: 'a body that is not a string' };
  const headers: Record<string, string | string[]> = {};
  try {
    for (const [name, value] of Object.entries(structured.headers ?? {})) {
      // With CORS configured, API Gateway sends its own CORS headers and drops the integration's.
      if (name.toLowerCase().startsWith('access-control-')) continue;
      validateHeaderName(name);
      validateHeaderValue(name, String(value));
      headers[name.toLowerCase()] = String(value);
    }
    // writeHead's headers replace those set before: the gateway's own `Vary: Origin` joins the answer's.
    const gatewayVary = res.getHeader('vary');
    if (gatewayVary !== undefined && headers.vary !== undefined) headers.vary = `${String(gatewayVary)}, ${String(headers.vary)}`;
    for (const cookie of structured.cookies ?? []) validateHeaderValue('set-cookie', cookie);
  } catch (error) {
    return { invalid: (error as Error).message };
  }
  if (structured.cookies?.length) headers['set-cookie'] = structured.cookies;

  const body = structured.body === undefined ? Buffer.alloc(0) : Buffer.from(structured.body, structured.isBase64Encoded ? 'base64' : 'utf8');
  res.writeHead(status, { ...headers, 'content-length': body.length });
  res.end(body);
  return { status };
}

type BodyResult = Buffer | 'too-large' | 'aborted';

/** Reads the body up to `max` bytes; past that it stops reading and keeps nothing. */
function readBody(req: IncomingMessage, max: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > max) return Promise.resolve('too-large');
  return new Promise<BodyResult>((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: BodyResult) => {
      req.off('data', onData).off('end', onEnd).off('error', onAbort).off('aborted', onAbort);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        chunks.length = 0;
        req.pause();
        finish('too-large');
      } else chunks.push(chunk);
    };
    const onEnd = () => finish(Buffer.concat(chunks));
    const onAbort = () => finish('aborted');
    req.on('data', onData).on('end', onEnd).on('error', onAbort).on('aborted', onAbort);
  });
}

const TEXT_TYPE = /^(?:text\/|application\/(?:json|[\w.+-]+\+json|xml|[\w.+-]+\+xml|x-www-form-urlencoded|javascript|graphql|x-ndjson|yaml|x-yaml)\b)/i;

function isTextual(contentType: string): boolean {
  return TEXT_TYPE.test(contentType.trim());
}

function refuseEveryToken(): Promise<JWTPayload> {
  return Promise.reject(new Error('this gateway verifies no tokens'));
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+([A-Za-z0-9\-_.~+/]+=*)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/**
 * API Gateway hands claims to the Lambda as strings; lists appear as "[a b]". What is not a string
 * inside a list is written as JSON: Array#join would call its toString, which a token's JSON can
 * replace by a number (`[{"toString":1}]`) and so crash the request (found by fuzz-tokens.test.ts).
 */
function stringifyClaims(claims: JWTPayload): Record<string, string> {
  const out: Record<string, string> = {};
  const item = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
  for (const [name, value] of Object.entries(claims)) {
    if (value === undefined || value === null) continue;
    out[name] = typeof value === 'string' ? value : Array.isArray(value) ? `[${value.map(item).join(' ')}]` : typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return out;
}

function scopesOf(claims: JWTPayload): string[] | null {
  if (typeof claims.scope === 'string') return claims.scope.split(' ').filter(Boolean);
  if (Array.isArray(claims.scp)) return claims.scp.map(String);
  return null;
}

function lambdaContext(requestId: string): Context {
  const deadline = Date.now() + INTEGRATION_TIMEOUT_MS;
  const unsupported = () => {
    throw new Error('Callback-style Lambda completion is not supported: return a promise.');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: FUNCTION_NAME,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:ap-southeast-3:000000000000:function:${FUNCTION_NAME}`,
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${FUNCTION_NAME}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** API Gateway's own format: "12/Mar/2026:19:03:58 +0000". */
function apiGatewayTime(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}

// --- problems the gateway answers itself ---------------------------------------------------


/** The gateway's own answers are the API's problems too: one catalog of codes and words. */
function sendProblem(res: ServerResponse, language: Lang, error: DomainError, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(problemBody(error, language));
  // The handler's security headers, on the answers the handler never sees too.
  res.writeHead(PROBLEMS[error.code].status, withSecurityHeaders({
    ...headers,
    'content-type': 'application/problem+json',
    'content-language': language,
    'content-length': Buffer.byteLength(body),
  }));
  res.end(body);
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return (error.stack ?? `${error.name}: ${error.message}`).replace(/\n\s*/g, ' | ');
  return String(error);
}

function logLine(options: GatewayOptions, line: string): void {
  if (options.log === null) return;
  (options.log ?? console.log)(line);
}
