import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_FILE } from '../../infra/cloud/bundling';
import { RESULT_MARK } from '../cold-start/protocol';
import { eventFor } from '../support/api-calls';
import { FAKE_CREDENTIALS, REGION, startAwsStub } from '../support/aws-stub';
import { sesBounce, sqsEvent, streamInsert } from '../support/lambda-events';
import { BENCH_OUT, REPO_ROOT } from '../support/paths';
import { median, ratio, round } from '../support/stats';
import { BENCH_NOW, BENCH_TABLE, memoryWorld } from '../support/world';
import { bundle, FUNCTIONS, type FunctionName } from './bundles';

export interface ColdStartRun {
  importMs: number;
  invokeMs: number;
  totalMs: number;
  sinceProcessStartMs: number;
  outcome: string;
}

export interface ColdStartFigures {
  /** What the first invocation was. */
  invocation: string;
  runs: number;
  /** Medians, in ms: import of the bundle, its first invocation, both. */
  importMs: number;
  invokeMs: number;
  totalMs: number;
  /** From the process's start (Node's own boot included) to the end of the first invocation. */
  sinceProcessStartMs: number;
  outcome: string;
  /** AWS requests its first invocation made (the stub's count over the runs, per run); the bare handlers make none. */
  awsRequests: number;
  bare: { importMs: number; invokeMs: number; totalMs: number; sinceProcessStartMs: number };
  /** totalMs over the bare handler's. */
  ratio: number | undefined;
}

/** The API's bare handler making the one Query a first GET /proposals/{id} needs: the SDK's first request alone. */
export interface FirstRequestFloor {
  what: string;
  totalMs: number;
  /** Its import + invocation over the API's bare handler's: the least × bare of a handler that reads a table. */
  ratio: number | undefined;
}

export interface ColdStartResults {
  method: string;
  functions: Record<FunctionName, ColdStartFigures>;
  /** Absent from results written before it was measured. */
  floor?: FirstRequestFloor;
  /** Requests the stub answered over all runs, by service and action; `unknown` ones would make a figure suspect. */
  stubRequests: Record<string, number>;
  unknownRequests: string[];
}

const FLOOR_BUNDLE = 'bare-api-one-request';

/** Compiles the runner each measured process starts with (Node built-ins only). */
async function buildChild(): Promise<string> {
  const outfile = join(BENCH_OUT, 'cold-start', 'child.mjs');
  await build({ entryPoints: [join(REPO_ROOT, 'bench/cold-start/child.ts')], outfile, bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'error' });
  return outfile;
}

function runChild(child: string, bundle: string, eventFile: string, env: NodeJS.ProcessEnv): Promise<ColdStartRun> {
  return new Promise((resolve, reject) => {
    // As Lambda runs it: the CDK sets NODE_OPTIONS=--enable-source-maps on every function.
    const proc = spawn(process.execPath, ['--enable-source-maps', child, bundle, eventFile], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    proc.once('error', reject);
    proc.once('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(RESULT_MARK));
      if (code !== 0 || !line) return reject(new Error(`cold start of ${bundle} failed (exit ${code}): ${(err || out).slice(-1500)}`));
      resolve(JSON.parse(line.slice(RESULT_MARK.length)) as ColdStartRun);
    });
  });
}

/**
 * Each bundle imported and invoked once in a fresh Node process, `runs` times, beside a bare
 * handler bundled the same way that makes the same AWS SDK clients and nothing else. Every AWS
 * call goes to a stub on 127.0.0.1 holding the local stack's demo data in memory.
 */
export async function measureColdStarts(runs: number, log: (line: string) => void): Promise<ColdStartResults> {
  const world = await memoryWorld();
  world.doc.destroy();
  const stub = await startAwsStub(world.memory);
  try {
    const child = await buildChild();
    const eventsDir = join(BENCH_OUT, 'cold-start', 'events');
    mkdirSync(eventsDir, { recursive: true });
    const invocations: Record<FunctionName, { what: string; event: unknown }> = {
      api: { what: 'GET /proposals/{id} as its applicant', event: eventFor({ path: `/proposals/${world.proposalId}`, as: 'sri' }) },
      jobs: { what: 'reminders, three days after the submit (one reminder due)', event: { job: 'reminders', now: '2026-11-05T03:00:00.000Z' } },
      'on-change': { what: 'a stream batch of one submit event', event: streamInsert(world.submitItem) },
      'send-email': { what: 'one status change to one employee', event: sqsEvent([world.statusChanged]) },
      // Urgent, so quiet hours never defer it whatever the time of the run.
      'send-sms': { what: 'one urgent status change to one employee', event: sqsEvent([{ ...world.statusChanged, urgent: true }]) },
      'ses-feedback': { what: 'one permanent bounce', event: sesBounce('bounced@example.com') },
    };
    const env: NodeJS.ProcessEnv = {
      // Nothing of this process's environment but PATH: no profile, no real credentials.
      PATH: process.env.PATH,
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL: stub.url,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      STAGE: 'bench',
      POWERTOOLS_SERVICE_NAME: 'pantau',
      TABLE_NAME: BENCH_TABLE,
      DYNAMODB_ENDPOINT: stub.url,
      // The API builds its documents store at import; reading a proposal asks S3 nothing.
      DOCUMENTS_BUCKET: 'pantau-bench-documents',
      // The API builds its Cognito client at import too; reading a proposal asks Cognito nothing.
      USER_POOL_ID: `${REGION}_bench`,
      TOPIC_ARN: `arn:aws:sns:${REGION}:000000000000:bench`,
      // SQS sends to its queue URL's host: the stub.
      QUEUE_URL: `${stub.url}/000000000000/bench`,
      EMAIL_FROM: 'Pantau <no-reply@pantau.example>',
      PUBLIC_BASE_URL: 'https://pantau.example',
      WEB_BASE_URL: 'https://app.pantau.example',
      // The stub answers GetSecretValue with BENCH_KEY_RING: the API and the senders read it on first use.
      TRACKING_KEYS_SECRET: `arn:aws:secretsmanager:${REGION}:000000000000:secret:pantau-bench-tracking-keys`,
      // The world's first day: the jobs' first run reads every day's buckets since.
      JOBS_EPOCH: BENCH_NOW.slice(0, 10),
    };

    // The bundles section built the others; this one only the cold start needs.
    await bundle(FLOOR_BUNDLE, 'bench/cold-start/bare/api-one-request.ts');
    const floorRuns: ColdStartRun[] = [];
    const requestsOf = Object.fromEntries(FUNCTIONS.map((name) => [name, 0])) as Record<FunctionName, number>;
    const answered = () => [...stub.counts.values()].reduce((sum, count) => sum + count, 0);
    const samples = Object.fromEntries(FUNCTIONS.map((name) => [name, { real: [] as ColdStartRun[], bare: [] as ColdStartRun[] }])) as Record<FunctionName, { real: ColdStartRun[]; bare: ColdStartRun[] }>;
    for (const name of FUNCTIONS) writeFileSync(join(eventsDir, `${name}.json`), JSON.stringify(invocations[name].event));
    const data = world.memory.dump();
    const measure = (bundleDir: string, eventFile: string) => {
      // Each run starts from the same data: a reminder sent in one run is due again in the next.
      world.memory.restore(data);
      return runChild(child, join(BENCH_OUT, 'bundles', bundleDir, BUNDLE_FILE), eventFile, env);
    };
    // Interleaved, so a noisy neighbour on the machine costs the real and the bare handler alike.
    for (let run = 0; run < runs; run++) {
      for (const name of FUNCTIONS) {
        const eventFile = join(eventsDir, `${name}.json`);
        const before = answered();
        samples[name].real.push(await measure(name, eventFile));
        requestsOf[name] += answered() - before;
        samples[name].bare.push(await measure(`bare-${name}`, eventFile));
      }
      floorRuns.push(await measure(FLOOR_BUNDLE, join(eventsDir, 'api.json')));
    }

    const functions = {} as Record<FunctionName, ColdStartFigures>;
    for (const name of FUNCTIONS) {
      const { real, bare } = samples[name];
      const med = (list: ColdStartRun[], field: keyof Omit<ColdStartRun, 'outcome'>) => round(median(list.map((r) => r[field])), 1);
      const outcomes = [...new Set(real.map((r) => r.outcome))];
      functions[name] = {
        invocation: invocations[name].what,
        runs,
        importMs: med(real, 'importMs'),
        invokeMs: med(real, 'invokeMs'),
        totalMs: med(real, 'totalMs'),
        sinceProcessStartMs: med(real, 'sinceProcessStartMs'),
        outcome: outcomes.join(' / '),
        awsRequests: round(requestsOf[name] / runs, 1),
        bare: { importMs: med(bare, 'importMs'), invokeMs: med(bare, 'invokeMs'), totalMs: med(bare, 'totalMs'), sinceProcessStartMs: med(bare, 'sinceProcessStartMs') },
        ratio: ratio(median(real.map((r) => r.totalMs)), median(bare.map((r) => r.totalMs))),
      };
      log(`  ${name}: ${functions[name].totalMs} ms (import ${functions[name].importMs}, first invocation ${functions[name].invokeMs} with ${functions[name].awsRequests} AWS requests; ${functions[name].outcome}); bare ${functions[name].bare.totalMs} ms; ×${functions[name].ratio}`);
    }
    const floorMs = median(floorRuns.map((r) => r.totalMs));
    const floor: FirstRequestFloor = { what: 'the API\'s bare handler making one Query', totalMs: round(floorMs, 1), ratio: ratio(floorMs, median(samples.api.bare.map((r) => r.totalMs))) };
    log(`  the API's bare handler with one Query: ${floor.totalMs} ms; ×${floor.ratio} its bare handler`);
    return {
      floor,
      method: `median of ${runs} fresh \`node --enable-source-maps\` processes per bundle; each imports the bundle and invokes its handler once; AWS answered by a stub on 127.0.0.1`,
      functions,
      stubRequests: Object.fromEntries([...stub.counts].sort()),
      unknownRequests: [...new Set(stub.unknown)],
    };
  } finally {
    await stub.close();
  }
}
