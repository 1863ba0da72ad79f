import { testDocumentStore } from '../support/documents';
import fc from 'fast-check';
import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createApiHandler } from '../../functions/api/app';
import { fixedClock } from '../../shared/adapters/clock';
import { COMPRESS_MIN_BYTES, compressResult, negotiateEncoding, varyOnEncoding } from '../../shared/http/compression';
import { entityTag, noneMatchHits } from '../../shared/http/revalidation';
import { bodyText, call, type Handler } from '../support/api';
import { ACTORS } from '../support/fixtures';
import { organisationsOnly } from '../support/organisations-only';
import { testTrackingLinks } from '../support/tracking-links';
import { noIdentity } from '../support/staff';

const handler = createApiHandler({ trackingLinks: testTrackingLinks(), identity: noIdentity, documentStore: testDocumentStore(), doc: organisationsOnly, tableName: 'none', clock: fixedClock('2026-11-02T02:00:00.000Z'), logger: new Logger({ logLevel: 'SILENT' }) }) as unknown as Handler;

describe('Accept-Encoding', () => {
  it.each<[string | undefined, string | undefined]>([
    [undefined, undefined],
    ['', undefined],
    ['identity', undefined],
    ['gzip', 'gzip'],
    ['br', 'br'],
    ['gzip, deflate, br', 'br'], // alike: brotli, the smaller
    ['gzip, br;q=0.5', 'gzip'], // q-values decide
    ['br;q=0, gzip;q=0.1', 'gzip'],
    ['*', 'br'],
    ['*;q=0', undefined],
    ['br;q=0, *', 'gzip'],
    ['deflate, compress', undefined], // nothing we send
    ['GZIP', 'gzip'],
    ['gzip;q=nonsense', undefined],
    [';;,,==', undefined],
    ['x'.repeat(10_000), undefined],
  ])('%j → %j', (header, coding) => {
    expect(negotiateEncoding(header)).toBe(coding);
  });

  it('adds itself to Vary once, beside what is there', () => {
    expect(varyOnEncoding(undefined)).toBe('accept-encoding');
    expect(varyOnEncoding('origin')).toBe('origin, accept-encoding');
    expect(varyOnEncoding('Origin, Accept-Encoding')).toBe('Origin, Accept-Encoding');
  });
});

const jsonResult = (body: string, type = 'application/json; charset=utf-8'): APIGatewayProxyStructuredResultV2 => ({ statusCode: 200, headers: { 'content-type': type }, body });

describe('compression', () => {
  const big = JSON.stringify({ items: Array.from({ length: 60 }, (_, i) => ({ code: `LAYANAN_${i}`, name: 'Kenaikan pangkat reguler' })) });

  it('leaves a small answer plain, and still says it varies by encoding', () => {
    const result = jsonResult('{"status":"ok"}');
    compressResult(result, 'br');
    expect(result).toMatchObject({ body: '{"status":"ok"}', headers: { vary: 'accept-encoding' } });
    expect(result.headers).not.toHaveProperty('content-encoding');
  });

  it('leaves an answer under COMPRESS_MIN_BYTES plain, and compresses a status-sized one, which gains more than its header costs', () => {
    const small = jsonResult(JSON.stringify({ title: 'x'.repeat(COMPRESS_MIN_BYTES - 12) }).slice(0, COMPRESS_MIN_BYTES - 1));
    compressResult(small, 'br');
    expect(small.headers).not.toHaveProperty('content-encoding');
    const status = JSON.stringify({ id: 'USL-7K2M-9Q4D-H3XA', serviceType: { code: 'CUTI', names: { id: 'Cuti', en: 'Leave' } }, status: 'IN_PROGRESS', statusLabel: { id: 'Sedang diproses', en: 'In progress' }, stage: { code: 'PERTIMBANGAN_ATASAN', names: { id: 'Pertimbangan atasan langsung', en: 'Direct superior consideration' } }, dueAt: '2026-11-04T02:00:00.000Z', overdue: false, version: 2, updatedAt: '2026-11-02T02:00:00.000Z', allowedActions: ['withdraw'] });
    for (const coding of ['br', 'gzip'] as const) {
      const result = jsonResult(status);
      compressResult(result, coding);
      expect(result.headers?.['content-encoding']).toBe(coding);
      expect(bodyText(result)).toBe(status);
      expect(Buffer.from(result.body!, 'base64').length + `content-encoding: ${coding}\r\n`.length).toBeLessThan(status.length * 0.8);
    }
  });

  it('compresses a large answer as asked, and it decodes to the very same text', () => {
    for (const coding of ['br', 'gzip'] as const) {
      const result = jsonResult(big);
      compressResult(result, coding);
      expect(result).toMatchObject({ isBase64Encoded: true, headers: { 'content-encoding': coding } });
      expect(bodyText(result)).toBe(big);
      expect(Buffer.from(result.body!, 'base64').length).toBeLessThan(big.length / 4);
    }
  });

  it('sends a PDF or an image as it is', () => {
    const result = jsonResult('%PDF-'.padEnd(COMPRESS_MIN_BYTES * 2, 'x'), 'application/pdf');
    compressResult(result, 'br');
    expect(result.headers).not.toHaveProperty('content-encoding');
  });

  it('whatever a client sends as Accept-Encoding, the body reads the same', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.constantFrom('br', 'gzip', 'identity', '*', 'br;q=0', 'gzip;q=0.5, br;q=0.4')), (accept) => {
        const result = jsonResult(big);
        compressResult(result, accept);
        expect(bodyText(result)).toBe(big);
        const coding = result.headers?.['content-encoding'];
        expect(coding === undefined || coding === negotiateEncoding(accept)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('entity tags', () => {
  it('follow the text: another body, another tag; a version leads the tag', () => {
    expect(entityTag('{"a":1}')).toMatch(/^"[A-Za-z0-9_-]{16}"$/);
    expect(entityTag('{"a":1}')).toBe(entityTag('{"a":1}'));
    expect(entityTag('{"a":1}')).not.toBe(entityTag('{"a":2}'));
    expect(entityTag('{"a":1}', '"4"')).toMatch(/^"4-[A-Za-z0-9_-]{16}"$/);
  });

  it('If-None-Match: the tag, one of a list, weak or not, or *; anything else misses', () => {
    const tag = entityTag('{"a":1}', '"4"');
    expect(noneMatchHits(tag, tag)).toBe(true);
    expect(noneMatchHits(`"x", W/${tag}`, tag)).toBe(true);
    expect(noneMatchHits('*', tag)).toBe(true);
    expect(noneMatchHits(undefined, tag)).toBe(false);
    expect(noneMatchHits('"4"', tag)).toBe(false);
    expect(noneMatchHits(tag.slice(1, -1), tag)).toBe(false);
    expect(noneMatchHits('garbage, ,,', tag)).toBe(false);
  });
});

describe('the API on a weak link', () => {
  const catalog = (headers: Record<string, string> = {}) => call(handler, { path: '/service-types', as: ACTORS.sari, headers });

  it('sends the catalog brotli-compressed to a client that takes it, the same JSON as plain', async () => {
    const plain = await catalog();
    const br = await catalog({ 'accept-encoding': 'gzip, deflate, br' });
    expect(plain.headers).not.toHaveProperty('content-encoding');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.text).toBe(plain.text);
    expect(br.sentBytes).toBeLessThan(plain.sentBytes / 4);
    expect(br.headers.vary).toBe('accept-encoding');
    // The tag names the JSON, whatever coding carried it.
    expect(br.headers.etag).toBe(plain.headers.etag);
  });

  it('answers 304 with no body to the tag the client holds, and may be kept five minutes, privately', async () => {
    const first = await catalog();
    expect(first.headers['cache-control']).toBe('private, max-age=300');
    const again = await catalog({ 'if-none-match': first.headers.etag!, 'accept-encoding': 'br' });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.headers).toMatchObject({ etag: first.headers.etag, 'cache-control': 'private, max-age=300', vary: 'accept-encoding' });
    // Only what a cache needs: no body, so nothing describing one, and no security headers guarding one.
    expect(Object.keys(again.headers).sort()).toEqual(['cache-control', 'etag', 'vary']);
    expect(again.headers).not.toHaveProperty('content-encoding');
    expect((await catalog({ 'if-none-match': '"stale"' })).status).toBe(200);
  });

  it('keeps personal answers out of every cache, and compresses problems too', async () => {
    const failing = await call(handler, { path: '/me', as: ACTORS.sari });
    expect(failing.status).toBe(500);
    expect(failing.headers['cache-control']).toBe('no-store');
    const invalid = await call(handler, { path: '/service-types', as: ACTORS.sari, query: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`a-stray-query-parameter-${i}`, 'x'])), headers: { 'accept-encoding': 'gzip' } });
    expect(invalid.status).toBe(422);
    expect(invalid.headers['content-encoding']).toBe('gzip');
    expect(invalid.body.code).toBe('VALIDATION_FAILED');
    expect(invalid.headers).not.toHaveProperty('etag');
  });
});
