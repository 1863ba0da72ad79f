import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createDocumentClient } from '../../shared/adapters/dynamo/client';
import { JobRepository } from '../../shared/adapters/dynamo/job-repository';
import { TIMER_JOBS } from '../../shared/app/jobs';
import { MAX_BODY_BYTES } from '../../shared/http/request';
import { jwtAuthorizer } from './auth';
import { CLOCK_OFFSET_ENV, localTimersEpoch, parseInstant } from './clock';
import { LOCAL_PASSWORD, sesEmailSender, startCognitoLocal, type CognitoLocal } from './cognito-local';
import { DEFAULT_COGNITO_PORT, HELP, readConfig, type LocalStackConfig } from './config';
import { LocalStackError, assertJavaAvailable, ensureTable, startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local';
import { LocalBus } from './bus';
import { docsRoutes } from './docs';
import { startLocalDocuments, type LocalDocuments } from './documents';
import { startGateway, type ApiHandler, type Gateway } from './gateway';
import { JobRuns } from './jobs';
import { localRoutes, withLocalRoutes, type LocalJobsDeps } from './local-routes';
import { startNotifications, type Notifications } from './notifications';
import { LocalOutages } from './outages';
import { assertPortsFree, portInUse } from './ports';
import { LocalScheduler } from './scheduler';
import { seed, users } from './seed-data';
import { startSesLocal, type SesLocal } from './ses-local';
import { SmsOutbox } from './sms-outbox';

/**
 * `npm start`: Pantau on one machine. Checks everything it can before starting anything (ports,
 * Java), then DynamoDB Local, the table, the demo data, aws-ses-v2-local, the user pool
 * (cognito-local, its invitations to that SES), the documents bucket (s3rver and the stand-in
 * malware scanner), the API behind the local gateway, the notification pipeline (stream poller, in-process topic and queues, senders), and
 * the scheduled jobs on the local clock. Ctrl-C or SIGTERM stops it all; the Java child never
 * outlives this process.
 */

let dynamo: DynamoDbLocal | undefined;
let gateway: Gateway | undefined;
let ses: SesLocal | undefined;
let cognito: CognitoLocal | undefined;
let documents: LocalDocuments | undefined;
let notifications: Notifications | undefined;
let jobs: LocalJobsDeps | undefined;
let stopping = false;
// A sender or a job stuck on a call must not keep Ctrl-C waiting: past this, the rest stops anyway.
const STOP_TIMEOUT_MS = 5_000;

async function main(): Promise<void> {
  const config = readConfig(process.argv.slice(2), process.env);
  if (config.help) {
    process.stdout.write(HELP);
    return;
  }
  // The SDK's Node 20 notice is expected here (Lambda runs Node 22); on every start it would only bury the banner.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  await assertPortsFree({ PORT: config.port, DYNAMODB_PORT: config.dynamoDbPort, SES_PORT: config.sesPort, S3_PORT: config.s3Port, COGNITO_PORT: config.cognitoPort });
  assertJavaAvailable();

  dynamo = await startDynamoDbLocal({ port: config.dynamoDbPort, ...(config.inMemory ? {} : { dataDir: config.dataDir }) });
  dynamo.process.once('exit', (code, signal) => {
    if (!stopping) void stop(1, `DynamoDB Local stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping the stack.`);
  });
  const clockStart = config.clock.now();
  const tableIsNew = await ensureTable(dynamo.endpoint, config.tableName);
  const jobsEpoch = localTimersEpoch(clockStart, tableIsNew);
  const doc = createDocumentClient({ endpoint: dynamo.endpoint });
  let seeded: Awaited<ReturnType<typeof seed>>;
  let rewound: string[];
  try {
    seeded = await seed(doc, config.tableName, clockStart.toISOString().slice(0, 10));
    rewound = tableIsNew ? [] : await rewindJobMarks(new JobRepository(doc, config.tableName), clockStart);
  } finally {
    doc.destroy();
  }

  try {
    ses = await startSesLocal({ port: config.sesPort });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw portInUse('SES_PORT', config.sesPort);
    throw error;
  }
  // After the SES, where its invitations go; before the API, whose staff admin calls it and whose gateway checks its tokens.
  try {
    cognito = await startCognitoLocal({
      port: config.cognitoPort,
      ...(config.inMemory ? {} : { directory: config.cognitoDataDir }),
      users,
      sendEmail: sesEmailSender(ses.url),
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw portInUse('COGNITO_PORT', config.cognitoPort);
    throw error;
  }
  const outbox = new SmsOutbox({ ...(config.inMemory ? {} : { file: config.smsOutboxFile }), now: config.clock.now });
  const bus = new LocalBus({ visibilityTimeoutSeconds: config.queueVisibilitySeconds, maxReceiveCount: config.queueMaxReceives, now: config.clock.now });
  const outages = new LocalOutages(config.clock.now);

  // In memory, a ring of this run only: links in its outboxes die with it, as its data does.
  const trackingKeysFile = config.inMemory ? join(mkdtempSync(join(tmpdir(), 'pantau-keys-')), 'tracking-link-keys.json') : config.trackingKeysFile;
  // Before the API: a file uploaded to a URL it hands out is scanned from the first request on.
  try {
    documents = await startLocalDocuments({
      port: config.s3Port,
      ...(config.inMemory ? {} : { directory: config.s3DataDir }),
      bucket: config.documentsBucket,
      dynamoEndpoint: dynamo.endpoint,
      tableName: config.tableName,
      clock: config.clock,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw portInUse('S3_PORT', config.s3Port);
    throw error;
  }

  // The handler reads its configuration at module load: set it first, then import.
  Object.assign(process.env, {
    STAGE: 'local',
    TABLE_NAME: config.tableName,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    SES_ENDPOINT: ses.url,
    // Presigned URLs carry this address: the one a client on this machine reaches.
    DOCUMENTS_BUCKET: config.documentsBucket,
    S3_ENDPOINT: documents.endpoint,
    USER_POOL_ID: cognito.userPoolId,
    USER_POOL_CLIENT_ID: cognito.clientId,
    COGNITO_ENDPOINT: cognito.endpoint,
    TRACKING_KEYS_FILE: trackingKeysFile,
    PUBLIC_BASE_URL: `http://127.0.0.1:${config.port}`,
    [CLOCK_OFFSET_ENV]: String(config.clock.offsetMs),
    AWS_REGION: process.env.AWS_REGION || 'ap-southeast-3',
    // The SDK wants credentials even for local endpoints; a real account's must never be used here.
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  });
  delete process.env.AWS_SESSION_TOKEN;
  const { handler } = (await import('../../functions/api/handler')) as { handler: ApiHandler };

  // After the seed, whose writes are no news; before the gateway, so the poller holds its LATEST
  // position before the API takes a request and no status change slips past. The API's address is
  // known already: the gateway listens on loopback at PORT.
  const apiUrl = `http://127.0.0.1:${config.port}`;
  notifications = await startNotifications({
    dynamoEndpoint: dynamo.endpoint,
    tableName: config.tableName,
    apiUrl,
    trackingKeysFile,
    webBaseUrl: config.webBaseUrl,
    sesUrl: ses.url,
    bus,
    failedRecordsFile: config.inMemory ? null : config.failedStreamRecordsFile,
    outages,
    jobsEpoch,
  });
  const runner = notifications.jobRunner;
  const runs = new JobRuns({ runner, now: config.clock.now });
  const scheduler = new LocalScheduler({ runs, now: config.clock.now });
  const schedulerOff = !config.scheduler ? 'LOCAL_SCHEDULER=off' : 'unavailable' in runner ? `job runner not available yet (${runner.unavailable})` : undefined;
  jobs = { runs, scheduler, now: config.clock.now, ...(schedulerOff ? { schedulerOff } : {}) };
  const pipeline = notifications;
  const local = localRoutes({ outbox, bus: () => bus.snapshot(), stream: () => notifications?.poller.status(), jobs, replay: (source, options) => pipeline.replay(source, options), outages });
  // The API reference is the local stack's alone: the cloud API has no /docs.
  const docs = docsRoutes();
  const routes = (event: Parameters<typeof local>[0]) => docs(event) ?? local(event);

  try {
    gateway = await startGateway({
      port: config.port,
      handler: withLocalRoutes(routes, handler),
      // As API Gateway's JWT authorizer: the pool's issuer, the app client as audience, its JWKS.
      verify: jwtAuthorizer({ issuer: cognito.issuer, audience: cognito.clientId, jwks: cognito.jwksUrl }),
      now: config.clock.now,
      corsOrigins: config.corsOrigins,
    });
  } catch (error) {
    // Someone took the port between the check and now.
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw portInUse('PORT', config.port);
    throw error;
  }
  // Last: a job's SMS reach the outbox through the gateway, and the seed is long written.
  if (!schedulerOff) scheduler.start();
  printBanner(config, gateway, dynamo, ses, cognito, documents, notifications, jobs, seeded, { epoch: jobsEpoch, rewound });
}

function printBanner(
  config: LocalStackConfig,
  api: Gateway,
  db: DynamoDbLocal,
  sesLocal: SesLocal,
  pool: CognitoLocal,
  files: LocalDocuments,
  pipeline: Notifications,
  scheduled: LocalJobsDeps,
  seeded: Awaited<ReturnType<typeof seed>>,
  timers: { epoch: string; rewound: string[] },
): void {
  const storage = config.inMemory ? 'in memory (--in-memory): nothing is kept' : `data in ${shown(config.dataDir)}`;
  const accounts = config.inMemory ? `accounts in ${pool.directory} (removed at exit)` : `accounts in ${shown(pool.directory)}`;
  const objects = config.inMemory ? `objects in ${files.directory} (removed at exit)` : `objects in ${shown(files.directory)}`;
  const created = seeded.organisations.created + seeded.employees.created + seeded.users.created;
  const kept = seeded.organisations.kept + seeded.employees.kept + seeded.users.kept;
  const missing = Object.entries(pipeline.senders).flatMap(([channel, state]) => ('reason' in state ? [`${channel}: ${state.reason}`] : []));
  const lines = [
    '',
    'Pantau is running locally.',
    `  API             ${api.url}   (GET /health is public; the rest needs a token)`,
    `  API reference   ${api.url}/docs   (the OpenAPI document: ${api.url}/openapi.json)`,
    `  Front end       ${config.webBaseUrl}   (WEB_BASE_URL: where staff links in notices lead; not part of this stack)`,
    `  CORS            ${config.corsOrigins.join(', ')}   (CORS_ORIGINS to change; bodies over ${MAX_BODY_BYTES / 1024} KB get 413)`,
    `  DynamoDB Local  ${db.endpoint}   table ${config.tableName}, ${storage}`,
    `  S3 (documents)  ${files.endpoint}   bucket ${files.bucket} (s3rver), ${objects}; upload and download URLs point here`,
    `                  stand-in malware scanner: scans each upload, flags the EICAR test file, verdicts through functions/scan-result`,
    `  Email inbox     ${sesLocal.url}/   (aws-ses-v2-local; JSON: ${sesLocal.storeUrl})`,
    `  User pool       ${pool.endpoint}   cognito-local, pool ${pool.userPoolId}, app client ${pool.clientId}; ${accounts}`,
    `                  ${pool.seeded.created + pool.seeded.kept} demo accounts (${pool.seeded.created} created, ${pool.seeded.kept} already there), password ${LOCAL_PASSWORD}; invitations go to the email inbox`,
    `  SMS outbox      ${api.url}/_local/sms   (JSON; a page in a browser)`,
    `  Queues          ${api.url}/_local/queues   stream poller: ${api.url}/_local/stream`,
    `  Replay          npm run replay -- --local --source all   (POST ${api.url}/_local/replay; outages to rehearse it: ${api.url}/_local/outages)`,
    `  Notifications   stream read from now on (LATEST); topic and queues in memory; ${missing.length ? 'senders waiting' : 'email and SMS senders running'}`,
    ...(missing.length ? [`                  notifications: senders not available yet (${missing.join('; ')}); their messages wait in the queues`] : []),
    `  Jobs            ${api.url}/_local/jobs   ${describeJobs(scheduled)}`,
    `                  a first run reads the timers due since ${timers.epoch}${timers.rewound.length ? `; ${timers.rewound.join(' and ')} read again from the clock's start (their marks were later)` : ''}`,
    ...(config.pantauNow ? [`  Clock           PANTAU_NOW=${config.pantauNow}: started at ${parseInstant(config.pantauNow).toISOString()} and running on`] : []),
    `  Demo data       ${seeded.organisations.created + seeded.organisations.kept} organisations, ${seeded.employees.created + seeded.employees.kept} employees, ${seeded.users.created + seeded.users.kept} staff profiles (${created} written, ${kept} already there), ${users.length} users`,
    `  Token           TOKEN=$(npm run -s token -- budi)      npm run -s token -- --list shows the users${config.cognitoPort === DEFAULT_COGNITO_PORT ? '' : ` (with COGNITO_PORT=${config.cognitoPort})`}`,
    `                  curl -H "Authorization: Bearer $TOKEN" ${api.url}/me`,
    'Ctrl-C stops everything.',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** A path as the banner shows it: relative to where npm start runs when inside it. */
function shown(path: string): string {
  const inside = relative(process.cwd(), path);
  return inside && !inside.startsWith('..') ? inside : path;
}

/**
 * A kept table may hold job marks from a session whose clock ran later than this one starts (an
 * earlier PANTAU_NOW, or none after one): from there, runs would skip what falls due before. The
 * marks go back to this start; the jobs moved back, by name.
 */
async function rewindJobMarks(jobRepository: JobRepository, clockStart: Date): Promise<string[]> {
  const moved = await Promise.all(TIMER_JOBS.map(async (job) => ((await jobRepository.rewindMark(job, clockStart.toISOString())) ? [job] : [])));
  return moved.flat();
}

/** The banner's one line on the jobs: whether the schedules fire, and how to run one by hand. */
function describeJobs({ runs, scheduler, schedulerOff }: LocalJobsDeps): string {
  const missing = runs.unavailable;
  if (missing !== undefined) return `job runner not available yet (${missing}): the schedules wait and POST /_local/jobs/{job} answers 503`;
  const byHand = 'POST /_local/jobs/{job}?now=<ISO> runs one now';
  if (!scheduler.running) return `scheduler off (${schedulerOff ?? 'stopped'}); ${byHand}`;
  const [soonest] = scheduler.status().sort((a, b) => a.next.localeCompare(b.next));
  return `scheduler on the local clock${soonest ? `, next ${soonest.name} at ${soonest.nextLocal}` : ''}; ${byHand}`;
}

/**
 * Stops the scheduler and waits for the job runs in hand, then the notifications (poller, then the
 * queues' workers), the gateway, the user pool, the documents bucket (after the scans in hand), aws-ses-v2-local,
 * then DynamoDB Local, then the process. A second signal does not wait.
 */
async function stop(code: number, message?: string): Promise<void> {
  if (message) process.stderr.write(`${message}\n`);
  if (stopping) {
    process.exit(code);
  }
  stopping = true;
  try {
    // Jobs publish to the bus: they stop before it does.
    if (jobs) {
      jobs.scheduler.stop();
      await stopWithin(jobs.runs.close(), 'the job runs');
    }
    if (notifications) await stopWithin(notifications.stop(), 'the notification workers');
    await gateway?.close();
    await cognito?.stop();
    // Its scans write to the table: before DynamoDB Local goes.
    if (documents) await stopWithin(documents.stop(), 'the documents bucket and its scans');
    await ses?.close();
    await dynamo?.stop();
  } finally {
    // Anything still running (a DynamoDB Local mid-start) is killed by the launcher's exit hook.
    process.exit(code);
  }
}

async function stopWithin(stopped: Promise<void>, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS)));
  const done = stopped.catch((error: unknown) => {
    process.stderr.write(`Stopping ${what} failed: ${error instanceof Error ? error.message : String(error)}\n`);
  });
  const outcome = await Promise.race([done, gaveUp]);
  clearTimeout(timer);
  if (outcome === 'timeout') process.stderr.write(`${what[0]!.toUpperCase()}${what.slice(1)} did not stop in time; stopping the rest.\n`);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => void stop(0));
}
process.on('uncaughtException', (error) => void stop(1, `Unexpected error: ${error.stack ?? error.message}`));
process.on('unhandledRejection', (reason) => void stop(1, `Unexpected error: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`));

main().catch((error: unknown) => {
  // Expected failures (a busy port, no Java, a bad setting) are one line; anything else shows its stack.
  const message = error instanceof LocalStackError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
  void stop(1, message);
});
