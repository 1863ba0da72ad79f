import * as z from 'zod';

/**
 * The API's CORS policy, written once: the CDK stack gives it to API Gateway's corsPreflight, the
 * local gateway answers with it. Only the origins differ by stage (cdk.json `corsOrigins`).
 *
 * No credentials: the token travels in the Authorization header, which CORS lets a page send
 * without credentials mode, and the API sets no cookies. So never `*`, never
 * Access-Control-Allow-Credentials: an origin is allowed by name or not at all.
 */
export const CORS_POLICY = {
  /** What a web client sends beyond the CORS-safelisted headers. */
  allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'if-match', 'accept-language'],
  /** The methods the API's routes use. */
  allowMethods: ['GET', 'POST', 'PUT', 'PATCH'],
  // ETag for the next If-Match; Location for what a POST created; Retry-After when throttled;
  // Idempotent-Replayed on a retried create; apigw-requestid to quote to support.
  exposeHeaders: ['etag', 'location', 'retry-after', 'idempotent-replayed', 'apigw-requestid'],
  /** How long a browser may reuse a preflight answer. */
  maxAgeSeconds: 3600,
} as const;

/** An origin is scheme://host[:port] exactly: no path, no trailing slash, no wildcard. Plain http only for a developer's own machine. */
export const corsOriginSchema = z.string().refine((value) => {
  try {
    const url = new URL(value);
    const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
    return url.origin === value && (url.protocol === 'https:' || (local && url.protocol === 'http:'));
  } catch {
    return false;
  }
}, 'must be an origin like https://host[:port] (http only for localhost)');

export const corsOriginsSchema = z
  .array(corsOriginSchema)
  .min(1)
  .refine((origins) => new Set(origins).size === origins.length, 'lists an origin twice');

/** The CORS headers of an answer to `origin`: none unless it is on the list, exactly as sent. */
export function corsResponseHeaders(origin: string | undefined, allowed: readonly string[]): Record<string, string> {
  if (origin === undefined || !allowed.includes(origin)) return {};
  return { 'access-control-allow-origin': origin, 'access-control-expose-headers': CORS_POLICY.exposeHeaders.join(', ') };
}

/** The answer to a preflight from `origin`: the policy for a listed origin, nothing for another. */
export function corsPreflightHeaders(origin: string | undefined, allowed: readonly string[]): Record<string, string> {
  const base = corsResponseHeaders(origin, allowed);
  if (!('access-control-allow-origin' in base)) return {};
  return {
    'access-control-allow-origin': base['access-control-allow-origin']!,
    'access-control-allow-methods': CORS_POLICY.allowMethods.join(', '),
    'access-control-allow-headers': CORS_POLICY.allowHeaders.join(', '),
    'access-control-max-age': String(CORS_POLICY.maxAgeSeconds),
  };
}
