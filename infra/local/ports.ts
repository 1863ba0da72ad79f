import { createServer } from 'node:net';
import { LocalStackError } from './dynamodb-local';

/**
 * True when nothing listens on `port`. It tries to listen on every interface, which fails when
 * anything holds the port on any of them (loopback included).
 */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') resolve(false);
      else reject(new LocalStackError(`Cannot use port ${port}: ${error.message}`));
    });
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

/** Checks every port before anything starts, so a busy one never leaves half a stack running. */
export async function assertPortsFree(ports: Record<string, number>): Promise<void> {
  for (const [name, port] of Object.entries(ports)) {
    if (!(await isPortFree(port))) throw portInUse(name, port);
  }
}

export function portInUse(name: string, port: number): LocalStackError {
  return new LocalStackError(`Port ${port} is in use: stop what uses it or set ${name}=...`);
}
