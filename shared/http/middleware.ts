import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Logger } from '@aws-lambda-powertools/logger';
import { DomainError } from '../domain/errors';
import { negotiateLanguage, problemResponse } from './problem';
import { header } from './request';

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;
type Result = APIGatewayProxyStructuredResultV2;

/**
 * The one place errors become answers: a DomainError is a problem+json with its code; anything
 * else is logged in full and answered as a bare 500, never with its message or stack.
 */
export function problemErrors(logger: Pick<Logger, 'error' | 'warn'>): MiddlewareObj<Event, Result> {
  return {
    onError: async (request) => {
      const lang = negotiateLanguage(header(request.event, 'accept-language'));
      const instance = request.event.rawPath;
      const error = request.error;
      if (error instanceof DomainError) {
        const headers: Record<string, string> = {};
        if (error.code === 'METHOD_NOT_ALLOWED') headers.allow = (error.details.allow as string[]).join(', ');
        if (typeof error.details.retryAfterSeconds === 'number') headers['retry-after'] = String(error.details.retryAfterSeconds);
        request.response = problemResponse(error, lang, instance, headers);
        return;
      }
      logger.error('unhandled error', { error: error as Error, path: instance });
      request.response = problemResponse(new DomainError('INTERNAL'), lang, instance);
    },
  };
}

const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
};

/** Personal data must not be cached or sniffed; every answer carries the same headers. */
export function securityHeaders(): MiddlewareObj<Event, Result> {
  const apply = async (request: { response: Result | null | undefined }) => {
    if (!request.response) return;
    request.response.headers = { ...SECURITY_HEADERS, ...request.response.headers };
  };
  return { after: apply, onError: apply };
}
