import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import type * as z from 'zod';
import { DomainError, type FieldIssue } from '../domain/errors';

/** Bodies past this size are refused before parsing; no Pantau request needs more. */
export const MAX_BODY_BYTES = 64 * 1024;

export function issuesOf(error: z.ZodError, prefix?: string): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter((p) => p !== undefined && p !== '').join('.') || '(root)',
    message: issue.message,
  }));
}

export function header(event: APIGatewayProxyEventV2WithJWTAuthorizer, name: string): string | undefined {
  const headers = event.headers ?? {};
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/** The raw text of the body, size-checked; JSON requests only. */
export function rawJsonBody(event: APIGatewayProxyEventV2WithJWTAuthorizer): string {
  const contentType = header(event, 'content-type') ?? '';
  if (!/^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i.test(contentType.trim())) throw new DomainError('UNSUPPORTED_MEDIA_TYPE');
  const body = event.body ?? '';
  const bytes = event.isBase64Encoded ? Math.floor((body.length * 3) / 4) : Buffer.byteLength(body, 'utf8');
  if (bytes > MAX_BODY_BYTES) throw new DomainError('PAYLOAD_TOO_LARGE', { maxBytes: MAX_BODY_BYTES });
  return event.isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
}

/** Parses and validates a JSON body; the schemas are strict, so unknown fields are refused too. */
export function parseBody<S extends z.ZodType>(event: APIGatewayProxyEventV2WithJWTAuthorizer, schema: S): z.output<S> {
  const text = rawJsonBody(event);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new DomainError('MALFORMED_JSON');
  }
  const result = schema.safeParse(json);
  if (!result.success) throw new DomainError('VALIDATION_FAILED', {}, issuesOf(result.error));
  return result.data;
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown, prefix: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new DomainError('VALIDATION_FAILED', {}, issuesOf(result.error, prefix));
  return result.data;
}
