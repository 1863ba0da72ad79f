import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { claimsOf } from '../../infra/local/auth';
import { findUser } from '../../infra/local/seed-data';
import { apiEvent } from '../../test/support/api';

/** A request to the API as one of the seeded users (infra/local/seed-data.ts) would make it through API Gateway. */
export interface BenchRequest {
  method?: string;
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** Sent as is instead of `body` (a page's form, url-encoded). */
  rawBody?: string;
  /** A seeded username; none for a public route. */
  as?: string;
  headers?: Record<string, string>;
}

export type ApiHandler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

export const lambdaContext = { functionName: 'bench', awsRequestId: 'bench', getRemainingTimeInMillis: () => 30_000 } as unknown as Context;

/** The event API Gateway's JWT authorizer would hand over: the user's claims as the local stack's tokens carry them. */
export function eventFor(request: BenchRequest): APIGatewayProxyEventV2WithJWTAuthorizer {
  const user = request.as === undefined ? undefined : findUser(request.as);
  if (request.as !== undefined && !user) throw new Error(`no seeded user ${request.as}`);
  return apiEvent({
    method: request.method ?? 'GET',
    path: request.path,
    ...(request.query ? { query: request.query } : {}),
    ...(request.body !== undefined ? { body: request.body } : {}),
    ...(request.rawBody !== undefined ? { rawBody: request.rawBody } : {}),
    ...(request.headers ? { headers: request.headers } : {}),
    ...(user ? { claims: claimsOf(user) } : {}),
  });
}

export interface BenchResponse {
  status: number;
  headers: Record<string, string>;
  /** The body as sent (a page's HTML is not parsed). */
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the benchmark reads answers freely
  body: any;
}

export async function call(handler: ApiHandler, request: BenchRequest): Promise<BenchResponse> {
  const result = await handler(eventFor(request), lambdaContext);
  const text = result.body ?? '';
  const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
  // A page (the tracking page, the receipt) is read as its text; every other answer is JSON.
  const page = /^text\/html/.test(headers['content-type'] ?? '');
  const json = text !== '' && !result.isBase64Encoded && !page;
  return { status: result.statusCode ?? 200, headers, text, body: json ? JSON.parse(text) : page ? text : undefined };
}

/** As `call`, but anything other than the expected status stops the benchmark with the answer. */
export async function expectStatus(handler: ApiHandler, request: BenchRequest, status: number): Promise<BenchResponse> {
  const response = await call(handler, request);
  if (response.status !== status) throw new Error(`${request.method ?? 'GET'} ${request.path} as ${request.as ?? 'the public'} answered ${response.status}, not ${status}: ${JSON.stringify(response.body).slice(0, 500)}`);
  return response;
}
