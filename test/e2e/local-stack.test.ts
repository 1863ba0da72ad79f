import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, decodeJwt, generateKeyPair } from 'jose';
import { isPortFree } from '../../infra/local/ports';
import { findUser } from '../../infra/local/seed-data';
import { DirectoryRepository } from '../../shared/adapters/dynamo/directory-repository';
import { createDocumentClient } from '../../shared/adapters/dynamo/client';
import { checkedFetch, ContractViolation } from '../support/contract';
import { freePort } from '../support/free-port';
import { stackToken } from '../support/tokens';

// `npm start --in-memory` as a developer runs it, over HTTP, on ports nobody else uses.
const root = fileURLToPath(new URL('../..', import.meta.url));

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startStack(env: Record<string, string>): Started {
  // Its own process group, so the whole tree (npx, tsx, node, Java) can be signalled at once.
  const child = spawn('npx', ['tsx', 'infra/local/start.ts', '--in-memory'], {
    cwd: root,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

let stack: Started;
let api: string;
let ports: { PORT: string; DYNAMODB_PORT: string; SES_PORT: string; S3_PORT: string; COGNITO_PORT: string };
let cognito: { cognito: string };

beforeAll(async () => {
  const [port, dynamoDbPort, sesPort, s3Port, cognitoPort] = await distinctFreePorts(5);
  ports = { PORT: String(port), DYNAMODB_PORT: String(dynamoDbPort), SES_PORT: String(sesPort), S3_PORT: String(s3Port), COGNITO_PORT: String(cognitoPort) };
  cognito = { cognito: `http://127.0.0.1:${cognitoPort}` };
  api = `http://127.0.0.1:${port}`;
  stack = startStack(ports);
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (stack.child.exitCode !== null) throw new Error(`the local stack exited (${stack.child.exitCode}):\n${stack.output()}`);
    try {
      if ((await checkedFetch(`${api}/health`)).status === 200) break;
    } catch (error) {
      if (error instanceof ContractViolation) throw error;
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the local stack did not answer /health in time:\n${stack.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
});

afterAll(async () => {
  if (!stack) return;
  const pid = stack.child.pid!;
  // What Ctrl-C does: signal the whole group, then see that nothing of it, Java included, is left.
  // (Other suites may run their own DynamoDB Local, so look only at this stack's group and port.)
  signalGroup(pid, 'SIGTERM');
  const deadline = Date.now() + 20_000;
  const settled = async () => left(pid).length === 0 && (await isPortFree(Number(ports.DYNAMODB_PORT))) && (await isPortFree(Number(ports.S3_PORT))) && (await isPortFree(Number(ports.COGNITO_PORT)));
  while (!(await settled()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  const leftovers = left(pid);
  signalGroup(pid, 'SIGKILL');
  expect(leftovers).toEqual([]);
  expect(await isPortFree(Number(ports.DYNAMODB_PORT))).toBe(true);
  // s3rver runs in the stack's own process: its port is free once that process is gone, and its scratch directory with it.
  expect(await isPortFree(Number(ports.S3_PORT))).toBe(true);
  expect(await isPortFree(Number(ports.COGNITO_PORT))).toBe(true);
  expect(existsSync(scratchDirectory()!)).toBe(false);
  expect(existsSync(accountsDirectory()!)).toBe(false);
});

/** The documents' scratch directory of an --in-memory stack, as its banner names it. */
function scratchDirectory(): string | undefined {
  return /objects in (\S+) \(removed at exit\)/.exec(stack.output())?.[1];
}

/** The user pool's scratch directory, likewise. */
function accountsDirectory(): string | undefined {
  return /accounts in (\S+) \(removed at exit\)/.exec(stack.output())?.[1];
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // the group is gone already
  }
}

/** Processes still in the stack's process group (npx, tsx, node, Java), or a Java on its port. */
function left(pgid: number | undefined): string[] {
  const processes = execFileSync('ps', ['-eo', 'pgid=,pid=,args='], { encoding: 'utf8' }).split('\n');
  return processes.filter((line) => {
    const [group] = line.trim().split(/\s+/, 1);
    return (pgid !== undefined && Number(group) === pgid) || (line.includes('DynamoDBLocal.jar') && line.includes(`-port ${ports.DYNAMODB_PORT} `));
  });
}

describe('the local stack, started with npm start', () => {
  it('answers GET /health without a token', async () => {
    const response = await checkedFetch(`${api}/health`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'ok' });
  });

  it('tells the user how to get a token, and keeps nothing with --in-memory', () => {
    expect(stack.output()).toContain(`${api}`);
    expect(stack.output()).toContain('npm run -s token -- ');
    expect(stack.output()).toContain('in memory');
    expect(stack.output()).toMatch(new RegExp(`S3 \\(documents\\)  http://localhost:${ports.S3_PORT}   bucket pantau-local-documents \\(s3rver\\), objects in \\S+ \\(removed at exit\\)`));
    expect(existsSync(scratchDirectory()!)).toBe(true);
    expect(stack.output()).toMatch(new RegExp(`User pool       http://127.0.0.1:${ports.COGNITO_PORT}   cognito-local, pool local_\\w+, app client \\w+; accounts in \\S+ \\(removed at exit\\)`));
    expect(existsSync(accountsDirectory()!)).toBe(true);
  });

  it('refuses an authenticated route without a token, as problem+json', async () => {
    const response = await checkedFetch(`${api}/me`);
    expect(response.status).toBe(401);
    expect(response.type).toBe('application/problem+json');
    expect(response.body).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
  });

  it('refuses a token its user pool did not sign, with the claims of a real one', async () => {
    const claims = decodeJwt(await stackToken(cognito, 'admin.bkn'));
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'CognitoLocal' }).sign(privateKey);
    const response = await checkedFetch(`${api}/me`, { headers: { authorization: `Bearer ${forged}` } });
    expect(response.status).toBe(401);
  });

  it('lets a seeded user signed in to its user pool through to the handler', async () => {
    const token = await stackToken(cognito, 'budi');
    const response = await checkedFetch(`${api}/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ roles: ['PEGAWAI'], nip: findUser('budi')!.nip });
  });

  it('has seeded the demo organisations and employees into DynamoDB Local', async () => {
    const doc = createDocumentClient({ endpoint: `http://127.0.0.1:${ports.DYNAMODB_PORT}` });
    try {
      const directory = new DirectoryRepository(doc, 'pantau-local');
      expect(await directory.getOrganisation('KANREG-I')).toMatchObject({ kind: 'KANREG', timeZone: 'Asia/Jakarta' });
      expect(await directory.getEmployee(findUser('budi')!.nip!)).toMatchObject({ name: 'Budi Santoso', agencyId: 'PEMKAB-SLEMAN' });
    } finally {
      doc.destroy();
    }
  });

  it('refuses to start a second time on the same PORT, in one line, exit code 1', async () => {
    const [dynamoDbPort, sesPort, s3Port, cognitoPort] = await distinctFreePorts(4);
    const second = startStack({ PORT: ports.PORT, DYNAMODB_PORT: String(dynamoDbPort), SES_PORT: String(sesPort), S3_PORT: String(s3Port), COGNITO_PORT: String(cognitoPort) });
    expect(await second.exited).toBe(1);
    expect(second.output().trim()).toBe(`Port ${ports.PORT} is in use: stop what uses it or set PORT=...`);
    // The first one is unharmed.
    expect((await checkedFetch(`${api}/health`)).status).toBe(200);
  });

  it('refuses to start on a busy S3_PORT, naming it, before anything starts', async () => {
    const [port, dynamoDbPort, sesPort, cognitoPort] = await distinctFreePorts(4);
    const second = startStack({ PORT: String(port), DYNAMODB_PORT: String(dynamoDbPort), SES_PORT: String(sesPort), S3_PORT: ports.S3_PORT, COGNITO_PORT: String(cognitoPort) });
    expect(await second.exited).toBe(1);
    expect(second.output().trim()).toBe(`Port ${ports.S3_PORT} is in use: stop what uses it or set S3_PORT=...`);
  });

  it('refuses to start on a busy COGNITO_PORT, naming it, before anything starts', async () => {
    const [port, dynamoDbPort, sesPort, s3Port] = await distinctFreePorts(4);
    const second = startStack({ PORT: String(port), DYNAMODB_PORT: String(dynamoDbPort), SES_PORT: String(sesPort), S3_PORT: String(s3Port), COGNITO_PORT: ports.COGNITO_PORT });
    expect(await second.exited).toBe(1);
    expect(second.output().trim()).toBe(`Port ${ports.COGNITO_PORT} is in use: stop what uses it or set COGNITO_PORT=...`);
  });
});
