import { createHash } from 'node:crypto';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { header } from './request';

type Result = APIGatewayProxyStructuredResultV2;

/**
 * The entity tag of an answer: a hash of the JSON the caller was sent, so it changes exactly when
 * what that caller sees changes (another caller's `allowedActions`, a delivery recorded beside the
 * proposal, a calendar set by BKN), and never otherwise. A route that versions its resource sets
 * `"<version>"` itself, for If-Match; the tag keeps that version in front (`"4-Qm9…"`), so the same
 * tag serves both If-Match and If-None-Match.
 *
 * Strong, and the same for br, gzip and plain: the tag names the JSON, the coding is only how it
 * travelled (Vary: Accept-Encoding keeps caches apart), and Pantau serves no ranges.
 */
export function entityTag(body: string, versionTag?: string): string {
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 16);
  const version = versionTag === undefined ? undefined : /^"?(\d+)/.exec(versionTag)?.[1];
  return version === undefined ? `"${hash}"` : `"${version}-${hash}"`;
}

/**
 * Whether If-None-Match names the current tag (RFC 9110 §13.1.2: weak comparison, a list, or `*`).
 * A header that is not a list of tags matches nothing, so the full answer goes out.
 */
export function noneMatchHits(ifNoneMatch: string | undefined, tag: string): boolean {
  if (!ifNoneMatch) return false;
  const value = ifNoneMatch.slice(0, 4096).trim();
  if (value === '*') return true;
  const opaque = (t: string) => t.trim().replace(/^W\//, '');
  return value.split(',').some((candidate) => opaque(candidate) === tag);
}

/**
 * What a 304 carries (RFC 9110 §15.4.5: the validators and caching fields a 200 would have sent,
 * nothing describing a body it does not have). The security headers guard a body, and there is
 * none: without them an unchanged status re-read is some 300 bytes on the wire instead of 700.
 */
const NOT_MODIFIED_HEADERS = ['etag', 'cache-control', 'vary'];

/**
 * Tags every successful GET answer, and every answer whose route versioned it, and turns a GET
 * whose tag the client already holds into a 304 with no body: an unchanged status re-read on a
 * weak link costs headers only. The handler has still done its reads; what is saved is the wire.
 */
export function revalidation(): MiddlewareObj<APIGatewayProxyEventV2WithJWTAuthorizer, Result> {
  return {
    after: async (request) => {
      const response = request.response;
      if (!response || typeof response.body !== 'string' || response.isBase64Encoded) return;
      const status = response.statusCode ?? 200;
      if (status < 200 || status >= 300) return;
      const headers = (response.headers ??= {});
      const versionTag = headers.etag === undefined ? undefined : String(headers.etag);
      const isGet = request.event.requestContext?.http?.method === 'GET';
      if (!isGet && versionTag === undefined) return;
      const tag = entityTag(response.body, versionTag);
      headers.etag = tag;
      if (!isGet || status !== 200 || !noneMatchHits(header(request.event, 'if-none-match'), tag)) return;
      request.response = {
        statusCode: 304,
        headers: Object.fromEntries(Object.entries(headers).filter(([name]) => NOT_MODIFIED_HEADERS.includes(name.toLowerCase()))),
        body: '',
      };
    },
  };
}
