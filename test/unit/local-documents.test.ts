import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalDocuments } from '../../infra/local/documents';
import { isPortFree } from '../../infra/local/ports';
import { freePort } from '../support/free-port';

/**
 * The documents bucket as npm start wires it (infra/local/documents.ts): s3rver on its port, its
 * object-created events into the stand-in scanner and the verdict function. Here the verdict
 * function's table is unreachable, so every scan of a Pantau document fails: it is logged once,
 * after its retries, and the bucket keeps serving.
 */
const BUCKET = 'pantau-local-documents';
// Nothing listens on port 9 (discard): DynamoDB refuses at once.
const NO_DYNAMODB = 'http://127.0.0.1:9';
const KEY = `USL-AAAA-BBBB-CCCC/SKP_DUA_TAHUN/${'ab'.repeat(32)}`;
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

const start = async (options: { directory?: string; log?: (line: string) => void } = {}) =>
  startLocalDocuments({ port: await freePort(), bucket: BUCKET, dynamoEndpoint: NO_DYNAMODB, tableName: 'pantau-local', clock: { now: () => new Date() }, retryDelaysMs: [10], log: () => undefined, ...options });

describe('the local documents bucket', () => {
  it('logs a scan it could not record, once, after its retries, and keeps serving', async () => {
    const lines: string[] = [];
    const documents = await start({ log: (line) => lines.push(line) });
    try {
      expect(documents.endpoint).toMatch(/^http:\/\/localhost:\d+$/);
      // s3rver verifies no signature: an unsigned PUT stands in for the client's presigned one.
      const put = (key: string, body: string) => fetch(`${documents.endpoint}/${BUCKET}/${key}`, { method: 'PUT', body });
      expect((await put(KEY, '%PDF-1.4 a file')).status).toBe(200);
      await documents.scanner.idle();
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^Scan of ${BUCKET}/${KEY} failed \\(2 attempts\\): .+; the document stays SCANNING\\.$`));

      // A key that is not Pantau's is dropped by the verdict function with a warning: no failure.
      expect((await put('not-a-pantau-key.txt', 'hello')).status).toBe(200);
      await documents.scanner.idle();
      expect(lines).toHaveLength(1);
      const got = await fetch(`${documents.endpoint}/${BUCKET}/${KEY}`);
      expect(await got.text()).toBe('%PDF-1.4 a file');
    } finally {
      await documents.stop();
    }
  });

  it('without a directory keeps its objects in a scratch directory that stop removes, and frees its port', async () => {
    const documents = await start();
    const port = Number(new URL(documents.endpoint).port);
    expect(existsSync(documents.directory)).toBe(true);
    expect(await isPortFree(port)).toBe(false);
    await documents.stop();
    expect(existsSync(documents.directory)).toBe(false);
    expect(await isPortFree(port)).toBe(true);
  });

  it('in a directory keeps its objects across a restart', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'pantau-s3-kept-'));
    dirs.push(directory);
    const first = await start({ directory });
    expect((await fetch(`${first.endpoint}/${BUCKET}/kept.txt`, { method: 'PUT', body: 'still here' })).status).toBe(200);
    await first.stop();
    const second = await start({ directory });
    try {
      expect(second.directory).toBe(directory);
      expect(await (await fetch(`${second.endpoint}/${BUCKET}/kept.txt`)).text()).toBe('still here');
    } finally {
      await second.stop();
    }
  });
});
