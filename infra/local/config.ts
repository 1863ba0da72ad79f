import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_VISIBILITY_SECONDS } from '../../shared/adapters/notifications/sqs-queue-control';
import { corsOriginsSchema } from '../../shared/http/cors';
import { localClock, type LocalClock } from './clock';
import { LocalStackError } from './dynamodb-local';

/** What `npm start` was asked for: flags and environment, checked once, before anything starts. */
export interface LocalStackConfig {
  help: boolean;
  inMemory: boolean;
  port: number;
  dynamoDbPort: number;
  sesPort: number;
  /** s3rver, the documents bucket's emulator (S3_PORT). */
  s3Port: number;
  /** cognito-local, the user pool's emulator (COGNITO_PORT). */
  cognitoPort: number;
  tableName: string;
  /** The documents bucket the emulator serves and the API presigns for (DOCUMENTS_BUCKET). */
  documentsBucket: string;
  /**
   * Where DynamoDB Local keeps its files unless --in-memory: `dynamodb` in LOCAL_DATA_DIR, which is
   * .local at the repository root unless set.
   */
  dataDir: string;
  /** Where s3rver keeps the documents' objects unless --in-memory: `s3` in LOCAL_DATA_DIR. */
  s3DataDir: string;
  /** Where cognito-local keeps the pool and its accounts unless --in-memory: `cognito` in LOCAL_DATA_DIR. */
  cognitoDataDir: string;
  /** The SMS outbox's file unless --in-memory: sms-outbox.jsonl beside it. */
  smsOutboxFile: string;
  /** Stream records that kept failing, unless --in-memory: failed-stream-records.jsonl beside it. */
  failedStreamRecordsFile: string;
  /** The tracking-link key ring, made on first start, unless --in-memory: tracking-link-keys.json beside them. */
  trackingKeysFile: string;
  /** How long a message the sender did not finish stays hidden before it is handed over again. */
  queueVisibilitySeconds: number;
  /** Receives before a local queue moves a message to its dead letters. */
  queueMaxReceives: number;
  /** Whether the job schedules fire on their own (LOCAL_SCHEDULER=off: only POST /_local/jobs/{job} runs them). */
  scheduler: boolean;
  /** Browser origins the gateway answers CORS for: CORS_ORIGINS, or cdk.json's dev stage origins. */
  corsOrigins: string[];
  /** The agencies' front end, where staff links in notices lead: WEB_BASE_URL, or a dev server on this machine. */
  webBaseUrl: string;
  /** Set when PANTAU_NOW moved the clock. */
  pantauNow?: string;
  clock: LocalClock;
}

/** A front end's dev server (Vite's port), the one cdk.json's dev corsOrigins let call the API. */
export const DEFAULT_WEB_BASE_URL = 'http://localhost:5173';

/** cognito-local's own default port: `npm run token` looks there unless COGNITO_PORT says otherwise. */
export const DEFAULT_COGNITO_PORT = 9229;

/** The local documents bucket: the cloud's is named per stage by CDK. */
export const DEFAULT_DOCUMENTS_BUCKET = 'pantau-local-documents';

export const HELP = `Usage: npm start [-- --in-memory] [-- --help]

Runs Pantau on this machine: DynamoDB Local (Java 17+), the demo data, the user pool
(cognito-local, with the demo users), the API behind a local API Gateway whose JWT authorizer
checks the pool's tokens, the documents bucket (s3rver, with a stand-in malware scanner
that flags the EICAR test file), and the notifications: a stream poller, an in-process topic and
queues, aws-ses-v2-local and an SMS outbox. No AWS account, no Docker.

Options:
  --in-memory   keep nothing: DynamoDB Local runs in memory, documents and accounts go to scratch
                directories removed at exit, the SMS outbox and failed stream records are not written
                (default: all kept under .local/)
  --help        show this and exit

Environment:
  PORT=3000            the API (and /_local/sms, /_local/queues, /_local/stream, /_local/jobs)
  DYNAMODB_PORT=8000   DynamoDB Local
  SES_PORT=8005        aws-ses-v2-local: the SES endpoint and its web inbox
  S3_PORT=8010         s3rver: the documents bucket; upload and download URLs point there
  COGNITO_PORT=9229    cognito-local: the user pool (npm run token signs in there)
  TABLE_NAME=pantau-local
  DOCUMENTS_BUCKET=${DEFAULT_DOCUMENTS_BUCKET}
  QUEUE_VISIBILITY_SECONDS=10   how long an unfinished email or SMS waits before it is retried
  QUEUE_MAX_RECEIVES=5 receives before an email or SMS goes to its queue's dead letters
  PANTAU_NOW=<ISO>     start the clock at this instant and let it run, e.g. 2026-04-01T08:00:00+07:00
  LOCAL_SCHEDULER=on   off: the jobs never fire on their own; POST /_local/jobs/{job} still runs one
  LOCAL_DATA_DIR=.local  where the data is kept: DynamoDB Local's files, the documents (s3/),
                       the accounts (cognito/), the SMS outbox, failed stream records (a scratch directory for a demo or a test)
  CORS_ORIGINS=<origin>[,<origin>]   web clients allowed to call the API (default: cdk.json's dev corsOrigins)
  WEB_BASE_URL=${DEFAULT_WEB_BASE_URL}   the agencies' front end: staff links in notices lead there
                       (inbox, a proposal, notice settings); the employees' tracking links open on this stack

Tokens: npm run -s token -- <username>   (npm run -s token -- --list shows the users; an invited
        user: npm run -s token -- <username> --temporary-password <from the invitation email>)
`;

const FLAGS = new Set(['--in-memory', '--help', '-h']);
const DEFAULT_LOCAL_DIR = fileURLToPath(new URL('../../.local', import.meta.url));
// SQS's default is 30 s; locally a retry is worth seeing sooner.
const DEFAULT_QUEUE_VISIBILITY_SECONDS = 10;
// The cloud allows 8 (quiet-hour deferrals count); locally 5 keeps a dead letter minutes away, not hours.
const DEFAULT_QUEUE_MAX_RECEIVES = 5;

/** The dev stage's origins in cdk.json: a local web client works as it does against dev. */
export function devCorsOrigins(): unknown {
  const cdk = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context?: { stages?: { dev?: { corsOrigins?: unknown } } } };
  return cdk.context?.stages?.dev?.corsOrigins;
}

function readCorsOrigins(env: NodeJS.ProcessEnv, fallback: () => unknown): string[] {
  const raw = env.CORS_ORIGINS?.trim();
  const origins = raw ? raw.split(',').map((origin) => origin.trim()) : fallback();
  const parsed = corsOriginsSchema.safeParse(origins);
  if (!parsed.success) {
    const where = raw ? 'CORS_ORIGINS' : "cdk.json's stages.dev.corsOrigins";
    throw new LocalStackError(`${where} must list origins like https://host[:port] (http only for localhost), each once, no wildcard: ${parsed.error.issues[0]?.message ?? ''}.`);
  }
  return parsed.data;
}

// Links are built by appending paths: an http(s) URL without a trailing slash, query or fragment.
function readWebBaseUrl(env: NodeJS.ProcessEnv): string {
  const raw = env.WEB_BASE_URL?.trim();
  if (!raw) return DEFAULT_WEB_BASE_URL;
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || raw.endsWith('/') || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new LocalStackError(`WEB_BASE_URL must be an http(s) URL without a trailing slash, query or fragment, like ${DEFAULT_WEB_BASE_URL} (got "${raw}").`);
  }
  return raw;
}

export function readConfig(argv: readonly string[], env: NodeJS.ProcessEnv, defaultCorsOrigins: () => unknown = devCorsOrigins): LocalStackConfig {
  for (const arg of argv) {
    if (!FLAGS.has(arg)) throw new LocalStackError(`Unknown option ${arg}: npm start -- --help lists the options.`);
  }
  const ports = {
    PORT: readPort(env, 'PORT', 3000),
    DYNAMODB_PORT: readPort(env, 'DYNAMODB_PORT', 8000),
    SES_PORT: readPort(env, 'SES_PORT', 8005),
    S3_PORT: readPort(env, 'S3_PORT', 8010),
    COGNITO_PORT: readPort(env, 'COGNITO_PORT', DEFAULT_COGNITO_PORT),
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
  const documentsBucket = env.DOCUMENTS_BUCKET?.trim() || DEFAULT_DOCUMENTS_BUCKET;
  // S3's rule for bucket names, without the dots S3 advises against (so no IP-like names either).
  if (!/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(documentsBucket)) {
    throw new LocalStackError(`DOCUMENTS_BUCKET must be 3 to 63 lowercase letters, digits or "-", beginning and ending with a letter or digit (got "${documentsBucket}").`);
  }
  // Relative to where npm start runs, like any path a user types.
  const localDir = resolve(env.LOCAL_DATA_DIR?.trim() || DEFAULT_LOCAL_DIR);
  const pantauNow = env.PANTAU_NOW?.trim() || undefined;
  const visibility = env.QUEUE_VISIBILITY_SECONDS?.trim();
  const queueVisibilitySeconds = visibility ? Number(visibility) : DEFAULT_QUEUE_VISIBILITY_SECONDS;
  if (visibility && (!/^\d{1,6}$/.test(visibility) || queueVisibilitySeconds > MAX_VISIBILITY_SECONDS)) {
    throw new LocalStackError(`QUEUE_VISIBILITY_SECONDS must be a whole number of seconds from 0 to ${MAX_VISIBILITY_SECONDS} (got "${visibility}").`);
  }
  const maxReceives = env.QUEUE_MAX_RECEIVES?.trim();
  const queueMaxReceives = maxReceives ? Number(maxReceives) : DEFAULT_QUEUE_MAX_RECEIVES;
  // SQS's redrive policy allows 1 to 1000.
  if (maxReceives && (!/^\d{1,4}$/.test(maxReceives) || queueMaxReceives < 1 || queueMaxReceives > 1000)) {
    throw new LocalStackError(`QUEUE_MAX_RECEIVES must be a whole number from 1 to 1000 (got "${maxReceives}").`);
  }
  const scheduler = (env.LOCAL_SCHEDULER?.trim() || 'on').toLowerCase();
  if (scheduler !== 'on' && scheduler !== 'off') {
    throw new LocalStackError(`LOCAL_SCHEDULER must be on or off (got "${env.LOCAL_SCHEDULER}").`);
  }
  return {
    help: argv.includes('--help') || argv.includes('-h'),
    inMemory: argv.includes('--in-memory'),
    port: ports.PORT,
    dynamoDbPort: ports.DYNAMODB_PORT,
    sesPort: ports.SES_PORT,
    s3Port: ports.S3_PORT,
    cognitoPort: ports.COGNITO_PORT,
    tableName,
    documentsBucket,
    dataDir: join(localDir, 'dynamodb'),
    s3DataDir: join(localDir, 's3'),
    cognitoDataDir: join(localDir, 'cognito'),
    smsOutboxFile: join(localDir, 'sms-outbox.jsonl'),
    failedStreamRecordsFile: join(localDir, 'failed-stream-records.jsonl'),
    trackingKeysFile: join(localDir, 'tracking-link-keys.json'),
    queueVisibilitySeconds,
    queueMaxReceives,
    scheduler: scheduler === 'on',
    corsOrigins: readCorsOrigins(env, defaultCorsOrigins),
    webBaseUrl: readWebBaseUrl(env),
    ...(pantauNow ? { pantauNow } : {}),
    clock: localClock(pantauNow),
  };
}

export function readPort(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const port = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
  if (!(port >= 1 && port <= 65_535)) throw new LocalStackError(`${name} must be a port number from 1 to 65535 (got "${raw}").`);
  return port;
}
