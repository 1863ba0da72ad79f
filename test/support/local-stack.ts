import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port';

/**
 * `npm start` for an e2e test: its own ports, its own process group (so stop() takes npx, tsx,
 * node and Java down together, as Ctrl-C does), and every address the banner prints.
 *
 *   const stack = await startLocalStack({ PANTAU_NOW: '2026-11-02T09:00:00+07:00' });
 *   ... stack.api, stack.sesStore, stack.smsOutbox (see local-outboxes.ts to read them) ...
 *   await stack.stop();
 */
export interface LocalStack {
  /** The API, e.g. http://127.0.0.1:41234 */
  api: string;
  /** aws-ses-v2-local: its web inbox, and /store with every email as JSON. */
  sesInbox: string;
  sesStore: string;
  /** GET: the SMS outbox as JSON ({ messages }). */
  smsOutbox: string;
  /** GET: the in-process topic and queues (depth, in flight, dead letters). */
  queues: string;
  /** GET: the stream poller (shards, counts, caughtUpAt, records set aside). */
  stream: string;
  /** GET: the job schedules and last runs; POST `${jobs}/{job}?now=<ISO>` runs one now. */
  jobs: string;
  ports: { PORT: number; DYNAMODB_PORT: number; SES_PORT: number };
  child: ChildProcess;
  /** Everything the stack printed so far (banner, request log, sender logs). */
  output(): string;
  stop(): Promise<void>;
}

const root = fileURLToPath(new URL('../..', import.meta.url));

export async function startLocalStack(env: Record<string, string> = {}, args: string[] = ['--in-memory'], timeoutMs = 90_000): Promise<LocalStack> {
  const ports = await distinctFreePorts();
  const child = spawn('npx', ['tsx', 'infra/local/start.ts', ...args], {
    cwd: root,
    env: { ...process.env, PORT: String(ports.PORT), DYNAMODB_PORT: String(ports.DYNAMODB_PORT), SES_PORT: String(ports.SES_PORT), ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    signalGroup(child.pid!, 'SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    signalGroup(child.pid!, 'SIGKILL');
  };

  // The banner's last line is printed once everything, notifications included, is up.
  const deadline = Date.now() + timeoutMs;
  while (!output.includes('Ctrl-C stops everything.')) {
    if (child.exitCode !== null) throw new Error(`the local stack exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the local stack did not start in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  const api = `http://127.0.0.1:${ports.PORT}`;
  const sesInbox = `http://127.0.0.1:${ports.SES_PORT}`;
  return {
    api,
    sesInbox,
    sesStore: `${sesInbox}/store`,
    smsOutbox: `${api}/_local/sms`,
    queues: `${api}/_local/queues`,
    stream: `${api}/_local/stream`,
    jobs: `${api}/_local/jobs`,
    ports,
    child,
    output: () => output,
    stop,
  };
}

async function distinctFreePorts(): Promise<LocalStack['ports']> {
  const ports = new Set<number>();
  while (ports.size < 3) ports.add(await freePort());
  const [PORT, DYNAMODB_PORT, SES_PORT] = [...ports] as [number, number, number];
  return { PORT, DYNAMODB_PORT, SES_PORT };
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // the group is gone already
  }
}
