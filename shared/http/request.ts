import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import type * as z from 'zod';
import { DomainError, type FieldIssue } from '../domain/errors';

/** Bodies past this size are refused before parsing; no Pantau request needs more. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Nesting past this is refused before anything walks the body: recursive code downstream (the
 * canonical JSON of the idempotency hash, marshalling) overflows the stack on a 64 KiB body of
 * brackets, and DynamoDB keeps 32 levels at most. No Pantau request comes close.
 */
export const MAX_JSON_DEPTH = 32;

/** How deep arrays and objects nest in JSON text, counted without recursion. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

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
  return sizedBody(event);
}

function sizedBody(event: APIGatewayProxyEventV2WithJWTAuthorizer): string {
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
  if (jsonDepth(text) > MAX_JSON_DEPTH) {
    throw new DomainError('VALIDATION_FAILED', {}, [{ path: '(root)', message: `JSON may nest at most ${MAX_JSON_DEPTH} levels deep` }]);
  }
  const result = schema.safeParse(json);
  if (!result.success) throw new DomainError('VALIDATION_FAILED', {}, issuesOf(result.error));
  return result.data;
}

/**
 * Parses and validates an HTML form's body (application/x-www-form-urlencoded, what a browser
 * sends without JavaScript). A field sent twice is refused: a form of ours never does that.
 */
export function parseFormBody<S extends z.ZodType>(event: APIGatewayProxyEventV2WithJWTAuthorizer, schema: S): z.output<S> {
  const contentType = header(event, 'content-type') ?? '';
  if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(contentType.trim())) throw new DomainError('UNSUPPORTED_MEDIA_TYPE');
  const fields: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(sizedBody(event))) {
    if (Object.hasOwn(fields, name)) throw new DomainError('VALIDATION_FAILED', {}, [{ path: name, message: 'sent more than once' }]);
    fields[name] = value;
  }
  const result = schema.safeParse(fields);
  if (!result.success) throw new DomainError('VALIDATION_FAILED', {}, issuesOf(result.error));
  return result.data;
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown, prefix: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new DomainError('VALIDATION_FAILED', {}, issuesOf(result.error, prefix));
  return result.data;
}
