import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Context } from 'aws-lambda';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { Actor } from '../../shared/domain/actors';
import { CLAIM } from '../../shared/http/claims';

/** The claims API Gateway's JWT authorizer would pass for this actor. */
export function claimsOf(actor: Actor): Record<string, string> {
  return {
    [CLAIM.subject]: actor.userId,
    [CLAIM.username]: actor.username,
    [CLAIM.name]: actor.name,
    [CLAIM.roles]: actor.roles.join(','),
    [CLAIM.org]: actor.org.id,
    ...(actor.nip ? { [CLAIM.nip]: actor.nip } : {}),
  };
}

export interface TestRequest {
  method?: string;
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  rawBody?: string;
  as?: Actor;
  claims?: Record<string, string>;
  headers?: Record<string, string>;
}

export function apiEvent(request: TestRequest): APIGatewayProxyEventV2WithJWTAuthorizer {
  const method = request.method ?? 'GET';
  const body = request.rawBody ?? (request.body === undefined ? undefined : JSON.stringify(request.body));
  const claims = request.claims ?? (request.as ? claimsOf(request.as) : undefined);
  const rawQueryString = new URLSearchParams(request.query ?? {}).toString();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: request.path,
    rawQueryString,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...request.headers },
    ...(request.query ? { queryStringParameters: request.query } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path: request.path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: `req-${Math.random().toString(36).slice(2)}`,
      routeKey: '$default',
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
      authorizer: claims ? { principalId: '', integrationLatency: 0, jwt: { claims, scopes: [] } } : (undefined as never),
    },
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded: false,
  } as APIGatewayProxyEventV2WithJWTAuthorizer;
}

export type Handler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

export interface TestResponse {
  status: number;
  headers: Record<string, string>;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read answers freely; undefined for a page
  /** The body's text, decoded from br or gzip when the answer came compressed. */
  text: string;
  /** Bytes of the body as sent (after compression). */
  sentBytes: number;
}

/** The text of an answer's body, as a client reads it once it has undone the content coding. */
export function bodyText(result: APIGatewayProxyStructuredResultV2): string {
  const raw = result.body ?? '';
  if (!result.isBase64Encoded) return raw;
  const bytes = Buffer.from(raw, 'base64');
  const coding = Object.entries(result.headers ?? {}).find(([name]) => name.toLowerCase() === 'content-encoding')?.[1];
  return (coding === 'br' ? brotliDecompressSync(bytes) : coding === 'gzip' ? gunzipSync(bytes) : bytes).toString('utf8');
}

export async function call(handler: Handler, request: TestRequest): Promise<TestResponse> {
  const result = await handler(apiEvent(request), { getRemainingTimeInMillis: () => 30_000 } as Context);
  const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
  const text = bodyText(result);
  const sentBytes = result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64').length : Buffer.byteLength(result.body ?? '');
  // A page (text/html) is read as text; test/support/pages.ts parses it.
  const json = text !== '' && !/^text\/html/i.test(headers['content-type'] ?? '');
  return { status: result.statusCode ?? 200, headers, body: json ? JSON.parse(text) : undefined, text, sentBytes };
}
