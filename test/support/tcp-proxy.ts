import { connect, createServer, type Server, type Socket } from 'node:net';
import { freePort } from './free-port';

/**
 * A TCP pass-through on its own loopback port, for a client that must lose its server part way
 * (a real refused connection, not a mock): `cut()` drops every open connection and stops
 * listening, so the next request gets ECONNREFUSED; `mend()` listens on the same port again.
 *
 *   const proxy = await startTcpProxy(new URL(dynamoEndpoint));
 *   const doc = createDocumentClient({ endpoint: proxy.url });
 */
export interface TcpProxy {
  url: string;
  /** Connections accepted so far. */
  readonly connections: number;
  cut(): Promise<void>;
  mend(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: URL): Promise<TcpProxy> {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let connections = 0;
  let server: Server | undefined;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((client) => {
        connections++;
        const upstream = connect(Number(target.port), target.hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.once('close', () => sockets.delete(socket));
          // A cut connection errors on both ends; the client sees it, the proxy need not.
          socket.on('error', () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        server = s;
        resolve();
      });
    });

  const cut = async () => {
    const s = server;
    server = undefined;
    for (const socket of sockets) socket.destroy();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };

  await listen();
  return {
    url: `http://127.0.0.1:${port}`,
    get connections() {
      return connections;
    },
    cut,
    mend: () => (server ? Promise.resolve() : listen()),
    close: cut,
  };
}
