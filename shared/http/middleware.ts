import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Logger } from '@aws-lambda-powertools/logger';
import { DomainError } from '../domain/errors';
import { dependencyFault } from '../adapters/aws/faults';
import { errorPageResponse } from './pages/error-page';
import { negotiateLanguage, problemResponse } from './problem';
import { answersWithPage, pageLanguage } from './router';
import { header } from './request';

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;
type Result = APIGatewayProxyStructuredResultV2;

/**
 * The one place errors become answers: a DomainError is a problem+json with its code; a dependency
 * that is unavailable for now (throttled, timed out, unreachable, failing on its side) is a 503
 * SERVICE_UNAVAILABLE with Retry-After, so clients on weak links wait and retry rather than give
 * up; anything else is logged in full and answered as a bare 500, never with its message or stack.
 * On a page route (and for a browser that reached no route) the same problem is an HTML page.
 */
export function problemErrors(logger: Pick<Logger, 'error' | 'warn'>): MiddlewareObj<Event, Result> {
  return {
    onError: async (request) => {
      const lang = answersWithPage(request.event) ? pageLanguage(request.event) : negotiateLanguage(header(request.event, 'accept-language'));
      const instance = request.event.rawPath;
      const fault = request.error instanceof DomainError ? undefined : dependencyFault(request.error);
      if (fault) logger.warn('dependency unavailable', { error: request.error as Error, path: instance, fault: fault.kind });
      const error = fault ? new DomainError('SERVICE_UNAVAILABLE', { reason: fault.kind, retryAfterSeconds: fault.retryAfterSeconds }) : request.error;
      if (error instanceof DomainError) {
        const headers: Record<string, string> = {};
        if (error.code === 'METHOD_NOT_ALLOWED') headers.allow = (error.details.allow as string[]).join(', ');
        if (typeof error.details.retryAfterSeconds === 'number') headers['retry-after'] = String(error.details.retryAfterSeconds);
        request.response = answersWithPage(request.event) ? errorPageResponse(error, lang, headers) : problemResponse(error, lang, instance, headers);
        return;
      }
      logger.error('unhandled error', { error: error as Error, path: instance });
      const internal = new DomainError('INTERNAL');
      request.response = answersWithPage(request.event) ? errorPageResponse(internal, lang) : problemResponse(internal, lang, instance);
    },
  };
}

/**
 * Sent with every answer of the API, errors included (OWASP REST Security Cheat Sheet: security
 * headers). The answers are JSON about people, never a page: nothing may frame, sniff, cache or
 * refer them onward, and a browser must treat them as inert data.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  // Two years, the whole domain: the API is never served over plain http.
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  // Personal data, behind a token: no browser, proxy or CDN keeps a copy.
  'cache-control': 'no-store',
  // Nothing in a JSON answer may load, run, submit or be framed, if a browser ever renders one.
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  // For browsers that predate frame-ancestors.
  'x-frame-options': 'DENY',
  // Links in answers (tracking numbers) must not leak the URL they were read from.
  'referrer-policy': 'no-referrer',
  // Other sites may read answers only through CORS (the allow-list), never as a no-cors embed.
  'cross-origin-resource-policy': 'same-origin',
});

const SECURITY_HEADER_NAMES = Object.keys(SECURITY_HEADERS);

/** Adds SECURITY_HEADERS to an answer; a header the answer sets itself (any case) is kept as it is. */
export function withSecurityHeaders<V extends string | number | boolean = string>(headers: Record<string, V> = {}): Record<string, V | string> {
  // Run on every answer: the answers' own names are lower case, so a set of lowered names is made
  // only for one that is not.
  const names = Object.keys(headers);
  const lowered = names.some((name) => name !== name.toLowerCase()) ? new Set(names.map((name) => name.toLowerCase())) : undefined;
  const out: Record<string, V | string> = {};
  for (const name of SECURITY_HEADER_NAMES) {
    if (!(lowered ? lowered.has(name) : Object.hasOwn(headers, name))) out[name] = SECURITY_HEADERS[name]!;
  }
  return Object.assign(out, headers);
}

/**
 * Every answer carries SECURITY_HEADERS: successes (after) and problems (onError, after
 * problemErrors has made one). A route that must differ, e.g. an HTML page with its own CSP, sets
 * that header itself and keeps it.
 */
export function securityHeaders(): MiddlewareObj<Event, Result> {
  const apply = async (request: { response: Result | null | undefined }) => {
    if (!request.response) return;
    request.response.headers = withSecurityHeaders(request.response.headers);
  };
  return { after: apply, onError: apply };
}
