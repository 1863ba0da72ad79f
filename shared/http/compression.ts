import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import Negotiator from 'negotiator';
import { header } from './request';

type Result = APIGatewayProxyStructuredResultV2;

/**
 * Below this a compressed answer saves about what its `content-encoding` header (22-24 B) costs:
 * measured on Pantau's JSON, a 169-byte 404 problem is 142 B in br, 164 B in gzip; a 255-byte 422
 * problem 184 B and 219 B. Above it every answer gains, a proposal's status (~630 B) most: ~360 B
 * in br, ~390 B in gzip, some 250 B saved on each read of it on a slow link, for ~0.1 ms.
 */
export const COMPRESS_MIN_BYTES = 256;

export type ContentCoding = 'br' | 'gzip';

/** Brotli first where the client rates both alike: ~13% smaller than gzip on Pantau's JSON. */
const CODINGS: readonly ContentCoding[] = ['br', 'gzip'];

/**
 * The coding to send, by the client's Accept-Encoding (q-values honoured; `identity`, `*;q=0`,
 * unknown codings and garbage give none, so the body goes plain). Parsing is negotiator's
 * (jshttp, the one Express uses), not ours.
 */
export function negotiateEncoding(acceptEncoding: string | undefined): ContentCoding | undefined {
  if (!acceptEncoding) return undefined;
  const chosen = new Negotiator({ headers: { 'accept-encoding': acceptEncoding.slice(0, 512) } }).encoding(CODINGS, { preferred: CODINGS });
  return chosen === 'br' || chosen === 'gzip' ? chosen : undefined;
}

/**
 * Brotli quality 6 compresses /openapi.json (101 KB) to 8.1 KB in ~1.3 ms; quality 11 reaches
 * 7.2 KB but takes ~75 ms of the Lambda's time on every ask.
 */
export function compress(body: Buffer, coding: ContentCoding): Buffer {
  return coding === 'br'
    ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 6, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
    : gzipSync(body, { level: 6 });
}

/** Already compressed, or nothing to gain: documents and images go as they are. */
const INCOMPRESSIBLE = /^(?:image\/(?!svg)|application\/(?:pdf|zip|gzip|octet-stream)|video\/|audio\/)/i;

/** Adds `Accept-Encoding` to a Vary header the answer may already have (e.g. Origin). */
export function varyOnEncoding(vary: string | undefined): string {
  if (!vary) return 'accept-encoding';
  return vary.split(',').some((name) => name.trim().toLowerCase() === 'accept-encoding') ? vary : `${vary}, accept-encoding`;
}

/**
 * Compresses an answer in place when it is worth it and the client takes it. HTTP API never
 * compresses, so the handler does: the body goes base64 with isBase64Encoded, which API Gateway
 * (and the local gateway) turn back into bytes on the wire. Every answer says it varies by
 * Accept-Encoding, compressed or not, so no cache hands a br body to a client that asked for none.
 */
export function compressResult(result: Result, acceptEncoding: string | undefined): void {
  const headers = (result.headers ??= {});
  headers.vary = varyOnEncoding(headers.vary === undefined ? undefined : String(headers.vary));
  if (typeof result.body !== 'string' || result.body === '' || headers['content-encoding'] !== undefined) return;
  if (INCOMPRESSIBLE.test(String(headers['content-type'] ?? ''))) return;
  const coding = negotiateEncoding(acceptEncoding);
  if (!coding) return;
  const plain = Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  if (plain.length < COMPRESS_MIN_BYTES) return;
  result.body = compress(plain, coding).toString('base64');
  result.isBase64Encoded = true;
  headers['content-encoding'] = coding;
}

/** The API's answers, successes and problems alike, compressed as the client accepts; runs last. */
export function compression(): MiddlewareObj<APIGatewayProxyEventV2WithJWTAuthorizer, Result> {
  const apply = async (request: { event: APIGatewayProxyEventV2WithJWTAuthorizer; response: Result | null | undefined }) => {
    if (request.response) compressResult(request.response, header(request.event, 'accept-encoding'));
  };
  return { after: apply, onError: apply };
}
