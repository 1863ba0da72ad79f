/**
 * `npm run bench`: Pantau's figures on one machine, without an AWS account. Writes
 * bench/results.md and bench/results.json; prints as it goes. A benchmark, not a test: it fails
 * only when a section cannot run (exit 1), never on a figure.
 *
 *   npm run bench                     # everything, a few minutes
 *   npm run bench -- --smoke          # small sizes, few repetitions (CI); writes to bench/.out/smoke/
 *   npm run bench -- --only=bundles,cold-start   # some sections (--only=wire: the wire, issue 12; --only=documents: issue 14; --only=staff: issue 15; --only=eligibility and --only=import: issue 16)
 *   npm run bench -- --only=eligibility --eligibility=small   # the eligibility lists at a tenth of their sizes
 *   npm run bench -- --out=<dir>      # write the results elsewhere
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { startDynamoDbLocal, type DynamoDbLocal } from '../infra/local/dynamodb-local';
import { startS3Local, type S3Local } from '../infra/local/s3-local';
import { freePort } from '../test/support/free-port';
import type { LocalStack } from '../test/support/local-stack';
import { costModel } from './cost-model';
import { renderReport, type BenchResults } from './report';
import { measureBundles } from './sections/bundles';
import { measureColdStarts } from './sections/cold-start';
import { measureDynamoWork } from './sections/dynamo-work';
import { measureHandlerOverhead } from './sections/handler-overhead';
import { measureJobScaling } from './sections/job-scaling';
import { measurePipeline, measureThroughput, startBenchStack } from './sections/local-stack';
import { measureFaults } from './sections/faults';
import { measureDocuments } from './sections/documents';
import { measureStaff } from './sections/staff';
import { measureRecordsImport } from './sections/records-import';
import { measureEligibility } from './sections/eligibility';
import { measureWire } from './sections/wire';
import { measurePages } from './sections/pages';
import { BENCH_BUCKET } from './support/documents';
import { BENCH_OUT, REPO_ROOT } from './support/paths';
import { round } from './support/stats';

export const SECTIONS = ['bundles', 'cold-start', 'handler-overhead', 'dynamo-work', 'job-scaling', 'pipeline', 'throughput', 'wire', 'faults', 'pages', 'documents', 'staff', 'eligibility', 'import'] as const;
type Section = (typeof SECTIONS)[number];

/**
 * Eligibility lists (issue 16): agencies of 1,000 and 10,000 records in a table of both (11,000),
 * then of 110,000 (99,000 records of a third agency added). `--eligibility=small` runs a tenth of
 * it (the smoke's sizes), for a machine where loading 110,000 records into DynamoDB Local is slow.
 */
const ELIGIBILITY_FULL = { small: 1_000, large: 10_000, others: 99_000 };
const ELIGIBILITY_SMALL = { small: 100, large: 1_000, others: 9_900 };

/** The sizes of a run: the full benchmark, or the smoke CI runs (small, quick, same code paths). */
const SIZES = {
  full: { coldStartRuns: 15, overheadSeconds: 2, scaling: [1_000, 10_000, 100_000], due: 50, transitions: 100, throughputSeconds: 10, connections: 10, morning: { opened: 10, acted: 5 }, faultRuns: 5, documentVersions: [3, 12, 30], importRows: 10_000, eligibility: ELIGIBILITY_FULL },
  smoke: { coldStartRuns: 2, overheadSeconds: 0.2, scaling: [100, 300, 1_000], due: 10, transitions: 6, throughputSeconds: 1, connections: 4, morning: { opened: 3, acted: 2 }, faultRuns: 1, documentVersions: [3, 12], importRows: 500, eligibility: ELIGIBILITY_SMALL },
} as const;

function parseArgs(argv: readonly string[]) {
  let smoke = false;
  let only: Section[] = [...SECTIONS];
  let out: string | undefined;
  let eligibilitySmall = false;
  for (const arg of argv) {
    if (arg === '--smoke') smoke = true;
    else if (arg === '--eligibility=small') eligibilitySmall = true;
    else if (arg.startsWith('--only=')) {
      const wanted = arg.slice('--only='.length).split(',');
      const unknown = wanted.filter((s) => !(SECTIONS as readonly string[]).includes(s));
      if (unknown.length) throw new Error(`unknown section ${unknown.join(', ')}: one of ${SECTIONS.join(', ')}`);
      only = wanted as Section[];
    } else if (arg.startsWith('--out=')) out = resolve(arg.slice('--out='.length));
    else throw new Error(`unknown option ${arg}: --smoke, --only=<sections>, --out=<dir>, --eligibility=small`);
  }
  return { smoke, only, eligibilitySmall, out: out ?? (smoke ? join(BENCH_OUT, 'smoke') : join(REPO_ROOT, 'bench')) };
}

async function main(): Promise<number> {
  const { smoke, only, eligibilitySmall, out } = parseArgs(process.argv.slice(2));
  // The SDK's notice about Node 20 (expected here: Lambda runs Node 22) would only bury the figures.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const sizes = smoke ? SIZES.smoke : SIZES.full;
  const started = performance.now();
  const cpu = cpus();
  const results: BenchResults = {
    generatedAt: new Date().toISOString(),
    mode: smoke ? 'smoke' : 'full',
    machine: { cpus: cpu.length, cpuModel: cpu[0]?.model.trim() ?? '?', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.versions.node, platform: `${process.platform} ${process.arch}` },
    durationSeconds: 0,
    errors: {},
  };
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const section = async <T>(name: Section | 'cost-model', run: () => Promise<T>): Promise<T | undefined> => {
    const t = performance.now();
    log(`\n== ${name}`);
    try {
      const value = await run();
      log(`   (${round((performance.now() - t) / 1000, 1)} s)`);
      return value;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      results.errors[name] = message.slice(0, 1_000);
      log(`   FAILED: ${message}`);
      return undefined;
    }
  };
  const wants = (s: Section) => only.includes(s);

  // The cold start imports the bundles this builds.
  if (wants('bundles') || wants('cold-start')) results.bundles = await section('bundles', () => measureBundles(log));
  if (wants('cold-start')) results.coldStart = await section('cold-start', () => measureColdStarts(sizes.coldStartRuns, log));
  if (wants('handler-overhead')) results.handlerOverhead = await section('handler-overhead', () => measureHandlerOverhead(sizes.overheadSeconds, log));

  if (wants('dynamo-work') || wants('job-scaling') || wants('faults') || wants('pages') || wants('documents') || wants('staff') || wants('eligibility') || wants('import')) {
    let dynamo: DynamoDbLocal | undefined;
    let s3: S3Local | undefined;
    try {
      dynamo = await startDynamoDbLocal({ port: await freePort() });
      const endpoint = dynamo.endpoint;
      // The documents bucket, for the walks that upload files and for the documents section.
      if (wants('dynamo-work') || wants('documents')) {
        s3 = await startS3Local({ port: await freePort(), buckets: [BENCH_BUCKET] }).catch((error: unknown) => {
          throw new Error(`the S3 emulator did not start: ${error instanceof Error ? error.message : String(error)}`);
        });
      }
      const s3Endpoint = s3?.endpoint ?? '';
      if (wants('dynamo-work')) results.dynamoWork = await section('dynamo-work', () => measureDynamoWork(endpoint, s3Endpoint, log));
      if (wants('job-scaling')) results.jobScaling = await section('job-scaling', () => measureJobScaling(endpoint, sizes.scaling, sizes.due, log));
      if (wants('faults')) results.faults = await section('faults', () => measureFaults(endpoint, sizes.faultRuns, log));
      if (wants('pages')) results.pages = await section('pages', () => measurePages(endpoint, sizes.overheadSeconds, log));
      if (wants('documents')) results.documents = await section('documents', () => measureDocuments(endpoint, s3Endpoint, sizes.documentVersions, log));
      if (wants('staff')) results.staff = await section('staff', () => measureStaff(endpoint, log));
      if (wants('import')) results.recordsImport = await section('import', () => measureRecordsImport(endpoint, sizes.importRows, log));
      if (wants('eligibility')) results.eligibility = await section('eligibility', () => measureEligibility(endpoint, eligibilitySmall ? ELIGIBILITY_SMALL : sizes.eligibility, log));
    } catch (error) {
      results.errors['dynamodb-local'] = error instanceof Error ? error.message : String(error);
    } finally {
      await s3?.stop();
      await dynamo?.stop();
    }
  }
  if (results.dynamoWork) {
    const work = results.dynamoWork;
    results.costModel = await section('cost-model', async () => costModel(work));
  }

  if (wants('pipeline') || wants('throughput') || wants('wire')) {
    let stack: LocalStack | undefined;
    try {
      log('\n== the local stack (npm start on free ports)');
      stack = await startBenchStack();
      const running = stack;
      // First, on the fresh seed: its scenarios count what the verifier's inbox holds.
      if (wants('wire')) results.wire = await section('wire', () => measureWire(running, sizes.morning, log));
      if (wants('pipeline')) results.pipeline = await section('pipeline', () => measurePipeline(running, sizes.transitions, log));
      if (wants('throughput')) results.throughput = await section('throughput', () => measureThroughput(running, sizes.throughputSeconds, sizes.connections, log));
    } catch (error) {
      results.errors['local-stack'] = error instanceof Error ? error.message.slice(0, 1_000) : String(error);
    } finally {
      await stack?.stop();
    }
  }

  results.durationSeconds = round((performance.now() - started) / 1000, 1);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(out, 'results.md'), renderReport(results));
  log(`\nwrote ${join(out, 'results.md')} and results.json in ${Math.round(results.durationSeconds)} s${Object.keys(results.errors).length ? `; FAILED: ${Object.keys(results.errors).join(', ')}` : ''}`);
  return Object.keys(results.errors).length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
