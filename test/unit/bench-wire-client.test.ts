import { createServer, type Server, type Socket } from 'node:net';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { AFTER, APP, BEFORE, reusableFor, WireClient } from '../../bench/support/wire-client';

/**
 * The wire section's client against a raw TCP server that writes exact bytes and counts what it
 * reads: the client's counts must be the server's, and its caching what HTTP says.
 */
interface Seen {
  head: string;
  bytes: number;
}

type Respond = (head: string) => Buffer;

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function rawServer(respond: Respond): Promise<{ url: string; seen: Seen[]; connections: () => number }> {
  const seen: Seen[] = [];
  let connections = 0;
  const server = createServer((socket: Socket) => {
    connections++;
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buffer.subarray(0, end).toString('latin1');
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        const total = end + 4 + length;
        if (buffer.length < total) return;
        buffer = buffer.subarray(total);
        seen.push({ head, bytes: total });
        socket.write(respond(head));
      }
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { url: `http://127.0.0.1:${address.port}`, seen, connections: () => connections };
}

const answer = (status: string, headers: Record<string, string>, body: Buffer = Buffer.alloc(0)) =>
  Buffer.concat([Buffer.from(`HTTP/1.1 ${status}\r\n${Object.entries({ ...headers, 'content-length': String(body.length) }).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`, 'latin1'), body]);

const view = Buffer.from(JSON.stringify({ version: 2, history: Array.from({ length: 40 }, (_, seq) => ({ seq, label: 'Usul diajukan', at: '2026-11-02T02:00:22.882Z' })) }));
const header = (head: string, name: string) => new RegExp(`\\r\\n${name}: *([^\\r]*)`, 'i').exec(head)?.[1];

describe('the wire section\'s counting client', () => {
  it('counts each request and answer as the server read and wrote them, on one keep-alive connection', async () => {
    const written: number[] = [];
    const server = await rawServer(() => {
      const out = answer('200 OK', { 'content-type': 'application/json', etag: '"2"', 'cache-control': 'no-store' }, view);
      written.push(out.length);
      return out;
    });
    const client = new WireClient(server.url, BEFORE, 'Bearer abc.def.ghi');
    try {
      await client.get('one', '/proposals/USL-1');
      await client.send('two', 'POST', '/proposals/USL-1/transitions', { action: 'submit', expectedVersion: 1 });
      await client.get('three', '/proposals/USL-1');
    } finally {
      client.close();
    }
    expect(server.connections()).toBe(1);
    expect(client.exchanges.map((e) => e.bytesUp)).toEqual(server.seen.map((s) => s.bytes));
    expect(client.exchanges.map((e) => e.bytesDown)).toEqual(written);
    expect(client.exchanges.map((e) => e.newConnection)).toEqual([true, false, false]);
    expect(client.exchanges.every((e) => e.bodySent === view.length && e.bodyPlain === view.length)).toBe(true);
    // Today's client asks for nothing and revalidates nothing, though it was given an ETag.
    for (const s of server.seen) {
      expect(header(s.head, 'accept-encoding')).toBeUndefined();
      expect(header(s.head, 'if-none-match')).toBeUndefined();
      expect(header(s.head, 'authorization')).toBe('Bearer abc.def.ghi');
    }
  });

  it('as the phone app: decodes br and gzip, reuses a fresh answer without a request, revalidates a stale one to a 304', async () => {
    const server = await rawServer((head) => {
      const path = head.split(' ')[1];
      if (path === '/catalog') {
        if (header(head, 'if-none-match') === '"c1"') return answer('304 Not Modified', { etag: '"c1"', 'cache-control': 'private, max-age=300' });
        return answer('200 OK', { 'content-type': 'application/json', 'content-encoding': 'br', vary: 'Accept-Encoding', etag: '"c1"', 'cache-control': 'private, max-age=300' }, brotliCompressSync(view));
      }
      return answer('200 OK', { 'content-type': 'application/json', 'content-encoding': 'gzip', 'cache-control': 'no-store' }, gzipSync(view));
    });
    const app = new WireClient(server.url, AFTER, 'Bearer t');
    try {
      app.at(0);
      expect((await app.get('catalog', '/catalog')).body).toEqual(JSON.parse(view.toString()));
      app.at(4);
      expect((await app.get('catalog again', '/catalog')).status).toBe('cache');
      app.at(6);
      const revalidated = await app.get('catalog later', '/catalog');
      expect(revalidated.status).toBe(304);
      expect(revalidated.body).toEqual(JSON.parse(view.toString()));
      app.at(7);
      expect((await app.get('catalog after the 304', '/catalog')).status).toBe('cache');
      await app.get('gzip', '/other');
    } finally {
      app.close();
    }
    expect(server.seen).toHaveLength(3);
    expect(server.seen.map((s) => header(s.head, 'accept-encoding'))).toEqual(['br, gzip', 'br, gzip', 'br, gzip']);
    expect(server.seen.map((s) => header(s.head, 'if-none-match'))).toEqual([undefined, '"c1"', undefined]);
    const [first, cached, notModified, cachedAgain, gzip] = app.exchanges;
    expect(first).toMatchObject({ status: 200, contentEncoding: 'br', bodyPlain: view.length, network: true });
    expect(first!.bodySent).toBeLessThan(view.length / 3);
    expect(cached).toMatchObject({ status: 'cache', network: false, bytesUp: 0, bytesDown: 0 });
    expect(notModified).toMatchObject({ status: 304, conditional: true, bodySent: 0, bodyPlain: 0 });
    expect(cachedAgain).toMatchObject({ status: 'cache', network: false });
    expect(gzip).toMatchObject({ status: 200, contentEncoding: 'gzip', bodyPlain: view.length });
  });

  it('marks a request that continues the step before, and refuses one that names another step', async () => {
    const server = await rawServer(() => answer('200 OK', { 'content-type': 'application/json', 'cache-control': 'no-store' }, view));
    const app = new WireClient(server.url, APP, 'Bearer t');
    try {
      await app.get('catalog', '/service-types?view=summary');
      await app.get('catalog', '/service-types/CUTI', { continuesStep: true });
      await app.get('catalog', '/service-types/CUTI');
      await expect(app.get('status', '/x', { continuesStep: true })).rejects.toThrow(/continues step "status", but the step before is "catalog"/);
    } finally {
      app.close();
    }
    expect(app.exchanges.map((e) => [e.step, e.continuesStep ?? false])).toEqual([['catalog', false], ['catalog', true], ['catalog', false]]);
    // The phone app speaks HTTP as the same-routes client does: only the routes it asks differ.
    expect({ ...APP, name: AFTER.name }).toEqual(AFTER);
    expect(server.seen.map((s) => header(s.head, 'accept-encoding'))).toEqual(['br, gzip', 'br, gzip', 'br, gzip']);
  });

  it('stops on an encoding the client did not ask for', async () => {
    const server = await rawServer(() => answer('200 OK', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, gzipSync(view)));
    const client = new WireClient(server.url, BEFORE);
    try {
      await expect(client.get('x', '/x')).rejects.toThrow(/did not ask for/);
    } finally {
      client.close();
    }
  });

  it('reads Cache-Control as a private cache does', () => {
    expect(reusableFor('private, max-age=300')).toBe(300);
    expect(reusableFor('max-age=60')).toBe(60);
    expect(reusableFor('no-store')).toBeUndefined();
    expect(reusableFor('private, no-cache, max-age=300')).toBeUndefined();
    expect(reusableFor('no-store, max-age=300')).toBeUndefined();
    expect(reusableFor('private, max-age=0')).toBeUndefined();
    expect(reusableFor(undefined)).toBeUndefined();
  });
});
