import { fileURLToPath } from 'node:url';
import { localClock, type LocalClock } from './clock';
import { LocalStackError } from './dynamodb-local';

/** What `npm start` was asked for: flags and environment, checked once, before anything starts. */
export interface LocalStackConfig {
  help: boolean;
  inMemory: boolean;
  port: number;
  dynamoDbPort: number;
  sesPort: number;
  tableName: string;
  /** Where DynamoDB Local keeps its files unless --in-memory: .local/dynamodb at the repository root. */
  dataDir: string;
  /** Set when PANTAU_NOW moved the clock. */
  pantauNow?: string;
  clock: LocalClock;
}

export const HELP = `Usage: npm start [-- --in-memory] [-- --help]

Runs Pantau on this machine: DynamoDB Local (Java 17+), the demo data, and the API behind a local
API Gateway with a JWT authorizer. No AWS account, no Docker.

Options:
  --in-memory   keep nothing: DynamoDB Local runs in memory (default: data kept in .local/dynamodb)
  --help        show this and exit

Environment:
  PORT=3000            the API
  DYNAMODB_PORT=8000   DynamoDB Local
  SES_PORT=8005        reserved for the local SES emulator (passed on as SES_ENDPOINT)
  TABLE_NAME=pantau-local
  PANTAU_NOW=<ISO>     start the clock at this instant and let it run, e.g. 2026-04-01T08:00:00+07:00
  LOCAL_JWT_SECRET     sign tokens with this instead of the embedded development secret

Tokens: npm run -s token -- <username>   (npm run -s token -- --list shows the users)
`;

const FLAGS = new Set(['--in-memory', '--help', '-h']);
const DEFAULT_DATA_DIR = fileURLToPath(new URL('../../.local/dynamodb', import.meta.url));

export function readConfig(argv: readonly string[], env: NodeJS.ProcessEnv): LocalStackConfig {
  for (const arg of argv) {
    if (!FLAGS.has(arg)) throw new LocalStackError(`Unknown option ${arg}: npm start -- --help lists the options.`);
  }
  const ports = {
    PORT: readPort(env, 'PORT', 3000),
    DYNAMODB_PORT: readPort(env, 'DYNAMODB_PORT', 8000),
    SES_PORT: readPort(env, 'SES_PORT', 8005),
  };
  const names = Object.keys(ports) as (keyof typeof ports)[];
  for (const [i, a] of names.entries()) {
    for (const b of names.slice(i + 1)) {
      if (ports[a] === ports[b]) throw new LocalStackError(`${a} and ${b} are both ${ports[a]}: give each its own port.`);
    }
  }
  const tableName = env.TABLE_NAME?.trim() || 'pantau-local';
  // DynamoDB's own rule for table names.
  if (!/^[A-Za-z0-9_.-]{3,255}$/.test(tableName)) {
    throw new LocalStackError(`TABLE_NAME must be 3 to 255 letters, digits, "_", "-" or "." (got "${tableName}").`);
  }
  const pantauNow = env.PANTAU_NOW?.trim() || undefined;
  return {
    help: argv.includes('--help') || argv.includes('-h'),
    inMemory: argv.includes('--in-memory'),
    port: ports.PORT,
    dynamoDbPort: ports.DYNAMODB_PORT,
    sesPort: ports.SES_PORT,
    tableName,
    dataDir: DEFAULT_DATA_DIR,
    ...(pantauNow ? { pantauNow } : {}),
    clock: localClock(pantauNow),
  };
}

function readPort(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const port = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
  if (!(port >= 1 && port <= 65_535)) throw new LocalStackError(`${name} must be a port number from 1 to 65535 (got "${raw}").`);
  return port;
}
