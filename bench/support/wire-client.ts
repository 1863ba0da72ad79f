import { Agent, request as httpRequest, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

/**
 * An HTTP client that counts what its socket carries, for the wire section (issue 12). One
 * keep-alive connection (node:http, an Agent of one socket); each request's bytes are the socket's
 * bytesWritten and bytesRead since the previous request on it ended: the request line, headers and
 * body up; the status line, headers and body as sent down. Requests go one at a time, so nothing
 * else shares the counts.
 *
 * How a client behaves is the difference between "before" and "after": what it asks the server to
 * do (Accept-Encoding), whether it revalidates what it holds (If-None-Match with the ETag it kept)
 * and whether it believes Cache-Control's max-age (a fresh answer it holds costs no request).
 */
export interface ClientBehaviour {
  name: 'before' | 'after' | 'app';
  acceptEncoding?: string;
  revalidate: boolean;
  honourMaxAge: boolean;
}

/** Today's client: asks for nothing, keeps nothing (no Accept-Encoding, no If-None-Match, no cache). */
export const BEFORE: ClientBehaviour = { name: 'before', revalidate: false, honourMaxAge: false };
/** A phone app: brotli or gzip, re-reads revalidated with the ETag it kept, max-age honoured. */
export const AFTER: ClientBehaviour = { name: 'after', acceptEncoding: 'br, gzip', revalidate: true, honourMaxAge: true };
/**
 * The phone app with its lean reads: the same HTTP as AFTER. What differs is which routes it asks
 * for (the catalog's summaries, a proposal's status), which the scenario decides.
 */
export const APP: ClientBehaviour = { ...AFTER, name: 'app' };

export interface Exchange {
  step: string;
  /** A further request of the step before (a step the app takes in two requests), not a step of its own. */
  continuesStep?: true;
  method: string;
  path: string;
  /** The answer's status, or 'cache' when a fresh stored answer served it without a request. */
  status: number | 'cache';
  /** It went on the network (not served from the cache). */
  network: boolean;
  /** It opened a connection (the agent had none to reuse). */
  newConnection: boolean;
  /** It carried If-None-Match. */
  conditional: boolean;
  bytesUp: number;
  /** Status line, headers and body, as the socket read them. */
  bytesDown: number;
  /** The body as sent (compressed or not). */
  bodySent: number;
  /** The body decoded: what the client reads. */
  bodyPlain: number;
  contentEncoding?: string;
  cacheControl?: string;
  /** Each response header line's size on the wire (name: value CRLF), for the answers the report takes apart. */
  headerLines: [string, number][];
}

interface Stored {
  etag?: string;
  body: Buffer;
  /** On the client's clock; undefined when Cache-Control lets nothing be reused without asking. */
  freshUntilMs: number | undefined;
}

/** max-age in seconds when Cache-Control lets a private cache reuse the answer without asking, else undefined. */
export function reusableFor(cacheControl: string | undefined): number | undefined {
  if (!cacheControl) return undefined;
  const directives = cacheControl.split(',').map((d) => d.trim().toLowerCase());
  if (directives.some((d) => d === 'no-store' || d === 'no-cache' || d.startsWith('no-cache='))) return undefined;
  const maxAge = directives.find((d) => d.startsWith('max-age='));
  const seconds = maxAge === undefined ? NaN : Number(maxAge.slice('max-age='.length));
  return Number.isInteger(seconds) && seconds > 0 ? seconds : undefined;
}

/** The body decoded; an encoding the client did not ask for is the server's mistake, and stops the run. */
function decode(body: Buffer, encoding: string | undefined, accepted: string | undefined): Buffer {
  const name = (encoding ?? 'identity').trim().toLowerCase();
  if (name === 'identity') return body;
  const asked = (accepted ?? '').split(',').map((e) => e.trim().toLowerCase());
  if (!asked.includes(name)) throw new Error(`an answer in content-encoding ${encoding}, which the client did not ask for (accept-encoding: ${accepted ?? 'none'})`);
  if (name === 'br') return brotliDecompressSync(body);
  if (name === 'gzip') return gunzipSync(body);
  throw new Error(`content-encoding ${encoding}: this client decodes br and gzip`);
}

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(', ') : value);

export interface WireAnswer {
  status: number | 'cache';
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the benchmark reads answers freely
  body: any;
}

export class WireClient {
  readonly exchanges: Exchange[] = [];
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });
  private readonly counted = new WeakMap<Socket, { read: number; written: number }>();
  private readonly cache = new Map<string, Stored>();
  private clockMs = 0;
  private readonly base: URL;

  constructor(base: string, readonly behaviour: ClientBehaviour, private readonly authorization?: string) {
    this.base = new URL(base);
  }

  /** Moves the client's clock (minutes into the scenario): what decides whether a stored answer is still fresh. */
  at(minutes: number): void {
    this.clockMs = minutes * 60_000;
  }

  /** `continuesStep`: the request is a further part of the step before, of the same name. */
  get(step: string, path: string, options: { public?: boolean; continuesStep?: boolean } = {}): Promise<WireAnswer> {
    return this.request(step, 'GET', path, undefined, {}, options.public ?? false, options.continuesStep ?? false);
  }

  send(step: string, method: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<WireAnswer> {
    return this.request(step, method, path, body, headers, false, false);
  }

  close(): void {
    this.agent.destroy();
  }

  private async request(step: string, method: string, path: string, body: unknown, extra: Record<string, string>, isPublic: boolean, continuesStep: boolean): Promise<WireAnswer> {
    if (continuesStep && this.exchanges.at(-1)?.step !== step) throw new Error(`${method} ${path}: continues step "${step}", but the step before is "${this.exchanges.at(-1)?.step ?? 'none'}"`);
    const part = continuesStep ? { continuesStep: true as const } : {};
    const stored = method === 'GET' ? this.cache.get(path) : undefined;
    if (stored && this.behaviour.honourMaxAge && stored.freshUntilMs !== undefined && this.clockMs < stored.freshUntilMs) {
      this.exchanges.push({ step, ...part, method, path, status: 'cache', network: false, newConnection: false, conditional: false, bytesUp: 0, bytesDown: 0, bodySent: 0, bodyPlain: 0, headerLines: [] });
      return { status: 'cache', body: JSON.parse(stored.body.toString('utf8')) };
    }
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const conditional = Boolean(stored?.etag && this.behaviour.revalidate);
    const headers: Record<string, string> = {
      ...(this.authorization && !isPublic ? { authorization: this.authorization } : {}),
      ...(this.behaviour.acceptEncoding ? { 'accept-encoding': this.behaviour.acceptEncoding } : {}),
      ...(conditional ? { 'if-none-match': stored!.etag! } : {}),
      ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
      ...extra,
    };

    const { response, raw, socket, newConnection } = await this.exchange(method, path, headers, payload);
    const before = this.counted.get(socket) ?? { read: 0, written: 0 };
    const now = { read: socket.bytesRead, written: socket.bytesWritten };
    this.counted.set(socket, now);

    const status = response.statusCode ?? 0;
    const encoding = single(response.headers['content-encoding']);
    const cacheControl = single(response.headers['cache-control']);
    const plain = decode(raw, encoding, this.behaviour.acceptEncoding);
    const headerLines: [string, number][] = [];
    for (let i = 0; i < response.rawHeaders.length; i += 2) {
      const line = `${response.rawHeaders[i]}: ${response.rawHeaders[i + 1]}\r\n`;
      headerLines.push([response.rawHeaders[i]!.toLowerCase(), Buffer.byteLength(line)]);
    }
    this.exchanges.push({
      step, ...part, method, path, status, network: true, newConnection, conditional,
      bytesUp: now.written - before.written,
      bytesDown: now.read - before.read,
      bodySent: raw.length,
      bodyPlain: plain.length,
      ...(encoding ? { contentEncoding: encoding } : {}),
      ...(cacheControl ? { cacheControl } : {}),
      headerLines,
    });

    if (status >= 400) throw new Error(`${method} ${path} (${this.behaviour.name}, ${step}) answered ${status}: ${plain.toString('utf8').slice(0, 300)}`);
    const fresh = (ms: number) => {
      const seconds = reusableFor(cacheControl);
      return seconds === undefined ? undefined : ms + seconds * 1000;
    };
    if (status === 304) {
      if (!stored) throw new Error(`${method} ${path}: a 304 to a request that held nothing`);
      // A 304 renews what is stored (RFC 9111 §4.3.4): its ETag and freshness, not its body.
      const etag = single(response.headers.etag) ?? stored.etag;
      this.cache.set(path, { body: stored.body, ...(etag ? { etag } : {}), freshUntilMs: fresh(this.clockMs) });
      return { status, body: JSON.parse(stored.body.toString('utf8')) };
    }
    if (method === 'GET' && status === 200) {
      // The app keeps what it shows, and the ETag to revalidate it with, whatever Cache-Control says;
      // Cache-Control decides only whether it may show it again without asking.
      const etag = single(response.headers.etag);
      this.cache.set(path, { body: plain, ...(etag ? { etag } : {}), freshUntilMs: fresh(this.clockMs) });
    }
    return { status, body: plain.length ? JSON.parse(plain.toString('utf8')) : undefined };
  }

  private exchange(method: string, path: string, headers: Record<string, string>, payload: Buffer | undefined) {
    return new Promise<{ response: IncomingMessage; raw: Buffer; socket: Socket; newConnection: boolean }>((resolve, reject) => {
      let socket: Socket | undefined;
      let newConnection = false;
      const req = httpRequest({ agent: this.agent, hostname: this.base.hostname, port: this.base.port, method, path, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          if (!socket) return reject(new Error(`${method} ${path}: answered without a socket`));
          resolve({ response, raw: Buffer.concat(chunks), socket, newConnection });
        });
      });
      req.on('socket', (s: Socket) => {
        socket = s;
        newConnection = !this.counted.has(s);
      });
      req.on('error', reject);
      req.end(payload);
    });
  }
}
