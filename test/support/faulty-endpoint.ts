import { createServer, request as forward, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * An AWS endpoint that fails on demand, in front of a real one (DynamoDB Local): the faults a
 * region shows on a bad day, made on loopback so the SDK meets them on its own socket.
 *
 *   const faulty = await startFaultyEndpoint(dynamoEndpoint);
 *   faulty.fail({ kind: 'hang' });                                   // every call
 *   faulty.fail({ kind: 'error', ...THROTTLED.ProvisionedThroughputExceededException }, ['TransactWriteItems']);
 *   faulty.fail({ kind: 'reset' }, ['TransactWriteItems'], { passFirst: 1 }); // the second one fails
 *   faulty.heal();                                                  // everything passes again
 *
 * Operations are told apart by X-Amz-Target (DynamoDB_20120810.GetItem, ...); a fault limited to
 * some passes the others through.
 */
export type Fault =
  /** Accepts the request and never answers, as a paused or overloaded server does. */
  | { kind: 'hang' }
  /** Hands the request on, so it takes effect, and withholds the answer: the client never learns. */
  | { kind: 'swallow' }
  /** Resets the connection (TCP RST) on receipt. */
  | { kind: 'reset' }
  /** Answers with an AWS JSON error. */
  | { kind: 'error'; status: number; type: string; message?: string; extra?: Record<string, unknown> };

/** The throttling answers DynamoDB gives, as it gives them. */
export const THROTTLED = {
  ProvisionedThroughputExceededException: { status: 400, type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException', message: 'The level of configured provisioned throughput for the table was exceeded.' },
  ThrottlingException: { status: 400, type: 'com.amazon.coral.availability#ThrottlingException', message: 'Rate of requests exceeds the allowed throughput.' },
  RequestLimitExceeded: { status: 400, type: 'com.amazonaws.dynamodb.v20120810#RequestLimitExceeded', message: 'Throughput exceeds the current throughput limit for your account.' },
  TransactionCanceledThrottled: {
    status: 400,
    type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
    message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [ThrottlingError, None]',
    extra: { CancellationReasons: [{ Code: 'ThrottlingError', Message: 'Throughput exceeds the current capacity for one or more global secondary indexes.' }, { Code: 'None' }] },
  },
} as const;

export const SERVER_ERROR = { status: 500, type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'Internal server error' } as const;

export interface FaultyEndpoint {
  url: string;
  /** From now on, `operations` (every one if left out) meet the fault; `passFirst` lets that many of them through first. */
  fail(fault: Fault, operations?: readonly string[], options?: { passFirst?: number }): void;
  heal(): void;
  /** Requests seen, by operation, faulted or not. */
  seen: Map<string, number>;
  close(): Promise<void>;
}

export async function startFaultyEndpoint(upstream: string): Promise<FaultyEndpoint> {
  const target = new URL(upstream);
  let current: { fault: Fault; operations?: readonly string[]; passes: number } | undefined;
  const seen = new Map<string, number>();
  const sockets = new Set<Socket>();

  const pass = (req: IncomingMessage, body: Buffer, res: ServerResponse | undefined) => {
    const out = forward({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      if (!res) return void answer.resume();
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on('error', () => res?.destroy());
    out.end(body);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const operation = String(req.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
      seen.set(operation, (seen.get(operation) ?? 0) + 1);
      const matches = current !== undefined && (!current.operations || current.operations.includes(operation));
      if (matches && current!.passes > 0) current!.passes--;
      else if (matches) return void faulted(current!.fault, req, body, res);
      return pass(req, body, res);
    });
  });
  const faulted = (fault: Fault, req: IncomingMessage, body: Buffer, res: ServerResponse) => {
    switch (fault.kind) {
      case 'hang':
        return; // the socket stays open, unanswered, until the client gives up
      case 'swallow':
        return pass(req, body, undefined);
      case 'reset':
        return void req.socket.resetAndDestroy();
      case 'error': {
        const text = JSON.stringify({ __type: fault.type, message: fault.message ?? fault.type, ...fault.extra });
        res.writeHead(fault.status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': fault.type.split('#').pop()!, 'content-length': Buffer.byteLength(text) });
        return void res.end(text);
      }
    }
  };
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    fail: (fault, operations, options) => void (current = { fault, ...(operations ? { operations } : {}), passes: options?.passFirst ?? 0 }),
    heal: () => void (current = undefined),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
