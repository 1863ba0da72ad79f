import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { createDocumentClient } from '../../shared/adapters/dynamo/client';
import { CLOCK_OFFSET_ENV, parseInstant } from './clock';
import { HELP, readConfig, type LocalStackConfig } from './config';
import { LocalStackError, assertJavaAvailable, ensureTable, startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local';
import { startGateway, type ApiHandler, type Gateway } from './gateway';
import { assertPortsFree, portInUse } from './ports';
import { seed, users } from './seed-data';

/**
 * `npm start`: Pantau on one machine. Checks everything it can before starting anything (ports,
 * Java), then DynamoDB Local, the table, the demo data, and the API behind the local gateway.
 * Ctrl-C or SIGTERM stops it all; the Java child never outlives this process.
 */

let dynamo: DynamoDbLocal | undefined;
let gateway: Gateway | undefined;
let stopping = false;

async function main(): Promise<void> {
  const config = readConfig(process.argv.slice(2), process.env);
  if (config.help) {
    process.stdout.write(HELP);
    return;
  }
  // DESIGN.md knows the SDK's Node 20 notice; on every start it would only bury the banner.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  await assertPortsFree({ PORT: config.port, DYNAMODB_PORT: config.dynamoDbPort, SES_PORT: config.sesPort });
  assertJavaAvailable();

  dynamo = await startDynamoDbLocal({ port: config.dynamoDbPort, ...(config.inMemory ? {} : { dataDir: config.dataDir }) });
  dynamo.process.once('exit', (code, signal) => {
    if (!stopping) void stop(1, `DynamoDB Local stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping the stack.`);
  });
  await ensureTable(dynamo.endpoint, config.tableName);
  const doc = createDocumentClient({ endpoint: dynamo.endpoint });
  const seeded = await seed(doc, config.tableName).finally(() => doc.destroy());

  // The handler reads its configuration at module load: set it first, then import.
  Object.assign(process.env, {
    STAGE: 'local',
    TABLE_NAME: config.tableName,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    SES_ENDPOINT: `http://127.0.0.1:${config.sesPort}`,
    [CLOCK_OFFSET_ENV]: String(config.clock.offsetMs),
    AWS_REGION: process.env.AWS_REGION || 'ap-southeast-3',
    // The SDK wants credentials even for local endpoints; a real account's must never be used here.
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  });
  delete process.env.AWS_SESSION_TOKEN;
  const { handler } = (await import('../../functions/api/handler')) as { handler: ApiHandler };

  try {
    gateway = await startGateway({ port: config.port, handler, now: config.clock.now, corsOrigins: devCorsOrigins() });
  } catch (error) {
    // Someone took the port between the check and now.
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw portInUse('PORT', config.port);
    throw error;
  }
  printBanner(config, gateway, dynamo, seeded);
}

/** The dev stage's allowed origins, from cdk.json, so a local web client works as against dev. */
function devCorsOrigins(): string[] {
  try {
    const cdk = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
      context?: { stages?: { dev?: { corsOrigins?: unknown } } };
    };
    const origins = cdk.context?.stages?.dev?.corsOrigins;
    return Array.isArray(origins) ? origins.filter((o): o is string => typeof o === 'string') : [];
  } catch {
    return [];
  }
}

function printBanner(config: LocalStackConfig, api: Gateway, db: DynamoDbLocal, seeded: Awaited<ReturnType<typeof seed>>): void {
  const storage = config.inMemory ? 'in memory (--in-memory): nothing is kept' : `data in ${relative(process.cwd(), config.dataDir) || config.dataDir}`;
  const created = seeded.organisations.created + seeded.employees.created;
  const kept = seeded.organisations.kept + seeded.employees.kept;
  const lines = [
    '',
    'Pantau is running locally.',
    `  API             ${api.url}   (GET /health is public; the rest needs a token)`,
    `  DynamoDB Local  ${db.endpoint}   table ${config.tableName}, ${storage}`,
    `  SES             port ${config.sesPort} reserved (SES_ENDPOINT); no emulator runs there yet`,
    ...(config.pantauNow ? [`  Clock           PANTAU_NOW=${config.pantauNow}: started at ${parseInstant(config.pantauNow).toISOString()} and running on`] : []),
    `  Demo data       ${seeded.organisations.created + seeded.organisations.kept} organisations, ${seeded.employees.created + seeded.employees.kept} employees (${created} written, ${kept} already there), ${users.length} users`,
    `  Token           TOKEN=$(npm run -s token -- budi)      npm run -s token -- --list shows the users`,
    `                  curl -H "Authorization: Bearer $TOKEN" ${api.url}/me`,
    'Ctrl-C stops everything.',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Stops the gateway, then DynamoDB Local, then the process. A second signal does not wait. */
async function stop(code: number, message?: string): Promise<void> {
  if (message) process.stderr.write(`${message}\n`);
  if (stopping) {
    process.exit(code);
  }
  stopping = true;
  try {
    await gateway?.close();
    await dynamo?.stop();
  } finally {
    // Anything still running (a DynamoDB Local mid-start) is killed by the launcher's exit hook.
    process.exit(code);
  }
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
