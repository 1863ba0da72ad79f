import type { Server } from 'node:http';
import sesLocalModule from 'aws-ses-v2-local';

/**
 * aws-ses-v2-local in this process: the SES API (v1 SendEmail and SendRawEmail, v2) that the email
 * sender's real SESClient talks to, a web inbox at / and the emails as JSON at /store. It keeps
 * emails in memory only.
 */
export interface SesLocal {
  /** The SES endpoint, and the inbox a person opens. */
  url: string;
  /** Every email as JSON: { emails: [{ messageId, from, destination: { to }, subject, body: { text, html }, at }] }. */
  storeUrl: string;
  close(): Promise<void>;
}

// The package is CommonJS with its function on `default`; Node's ESM loader hands over the whole
// module object, a bundler the function itself.
const startServer = (typeof sesLocalModule === 'function' ? sesLocalModule : (sesLocalModule as unknown as { default: typeof sesLocalModule }).default);

export async function startSesLocal(options: { port: number; host?: string }): Promise<SesLocal> {
  const host = options.host ?? '127.0.0.1';
  const server: Server = await startServer({ host, port: options.port });
  // Express hands a listen error to the library's callback, which resolves all the same.
  if (!server.listening) {
    server.close();
    throw Object.assign(new Error(`aws-ses-v2-local could not listen on ${host}:${options.port}`), { code: 'EADDRINUSE' });
  }
  const url = `http://${host}:${options.port}`;
  return {
    url,
    storeUrl: `${url}/store`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
