import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port';

/**
 * `npm start` for an e2e test: its own ports, its own process group (so stop() takes npx, tsx,
 * node and Java down together, as Ctrl-C does), and every address the banner prints.
 *
 *   const stack = await startLocalStack({ PANTAU_NOW: '2026-11-02T09:00:00+07:00' });
 *   ... stack.api, stack.sesStore, stack.smsOutbox (see local-outboxes.ts to read them), stack.s3 ...
 *   const token = await stackToken(stack, 'budi');     // signs in to its user pool (test/support/tokens.ts)
 *   await stack.stop();
 *
 * In memory unless told otherwise: `startLocalStack({ LOCAL_DATA_DIR: dir }, [])` keeps the data in
 * `dir`, and a second stack started on the same `dir` finds it there.
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
  /** s3rver, the documents bucket: the address presigned URLs name (http://localhost:S3_PORT). */
  s3: string;
  /** cognito-local, the user pool: where tokens come from (stackToken, or infra/local/token.ts with COGNITO_PORT). */
  cognito: string;
  ports: { PORT: number; DYNAMODB_PORT: number; SES_PORT: number; S3_PORT: number; COGNITO_PORT: number };
  child: ChildProcess;
  /** Everything the stack printed so far (banner, request log, sender logs). */
  output(): string;
  stop(): Promise<void>;
  /**
   * SIGKILL to the whole process group at once (npx, tsx, node, Java), as a power cut would: no
   * handler runs, nothing is flushed. Resolves once no process of the group is left running.
   */
  kill(): Promise<void>;
}

const root = fileURLToPath(new URL('../..', import.meta.url));

export async function startLocalStack(env: Record<string, string> = {}, args: string[] = ['--in-memory'], timeoutMs = 90_000): Promise<LocalStack> {
  const ports = await distinctFreePorts();
  const child = spawn('npx', ['tsx', 'infra/local/start.ts', ...args], {
    cwd: root,
    // AWS_CALL_BUDGET=local unless a test asks for the real budgets (test/e2e/unavailable.test.ts):
    // DynamoDB Local under the whole suite's load may pause longer than the API's 1.5 s.
    env: { ...process.env, AWS_CALL_BUDGET: 'local', PORT: String(ports.PORT), DYNAMODB_PORT: String(ports.DYNAMODB_PORT), SES_PORT: String(ports.SES_PORT), S3_PORT: String(ports.S3_PORT), COGNITO_PORT: String(ports.COGNITO_PORT), ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const deadline = Date.now() + 15_000;
    signalGroup(child.pid!, 'SIGTERM');
    // Unref'd: a stack that stopped at once must not hold a test runner's process open for 15 s.
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000).unref())]);
    // npx, the leader, exits on the signal before npm start has stopped: killing the group then
    // would cut its stop short (s3rver's scratch directory was left behind so).
    while (groupRunning(child.pid!) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    signalGroup(child.pid!, 'SIGKILL');
  };

  const kill = async () => {
    signalGroup(child.pid!, 'SIGKILL');
    await exited;
    // The group outlives its leader until its last member (Java, usually) is gone.
    const deadline = Date.now() + 15_000;
    while (groupRunning(child.pid!)) {
      if (Date.now() > deadline) throw new Error(`processes of the local stack's group ${child.pid} survived SIGKILL`);
      await new Promise((r) => setTimeout(r, 50));
    }
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
    s3: `http://localhost:${ports.S3_PORT}`,
    cognito: `http://127.0.0.1:${ports.COGNITO_PORT}`,
    ports,
    child,
    output: () => output,
    stop,
    kill,
  };
}

async function distinctFreePorts(): Promise<LocalStack['ports']> {
  const ports = new Set<number>();
  while (ports.size < 5) ports.add(await freePort());
  const [PORT, DYNAMODB_PORT, SES_PORT, S3_PORT, COGNITO_PORT] = [...ports] as [number, number, number, number, number];
  return { PORT, DYNAMODB_PORT, SES_PORT, S3_PORT, COGNITO_PORT };
}

/**
 * The names of the group's running processes, from /proc (Linux); undefined where there is none.
 * A killed process lingers as a zombie until its parent reaps it (in a container PID 1 may never
 * do so), so zombies do not count.
 */
export function groupProcesses(pgid: number): string[] | undefined {
  return groupMembers(pgid)?.map((member) => member.name);
}

/** The group's running processes with their pids, from /proc (Linux); undefined where there is none. */
export function groupMembers(pgid: number): { pid: number; name: string }[] | undefined {
  if (!existsSync('/proc/self/stat')) return undefined;
  const members: { pid: number; name: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so read around the last ")".
    const close = stat.lastIndexOf(')');
    const [state, , pgrp] = stat.slice(close + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') members.push({ pid: Number(entry), name: stat.slice(stat.indexOf('(') + 1, close) });
  }
  return members;
}

function groupRunning(pgid: number): boolean {
  const names = groupProcesses(pgid);
  if (names) return names.length > 0;
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // the group is gone already
  }
}
