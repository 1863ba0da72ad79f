import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { stageNames } from './stage-config';

/**
 * `npm run synth`: synthesizes every stage cdk.json lists, one after another, with the CLI pinned
 * in package.json (the `latest` tag cannot read current aws-cdk-lib output). Each synth runs
 * infra/cloud/app.ts, so cdk-nag's AwsSolutions checks run on every stage, and a finding nobody
 * acknowledged fails it. Stops at the first failure and shows that stage's output; otherwise
 * prints one line per stage.
 */
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const cdkCli = `${repoRoot}node_modules/aws-cdk/bin/cdk`;

const cdkJson = JSON.parse(readFileSync(`${repoRoot}cdk.json`, 'utf8')) as { context?: { stages?: unknown } };
const stages = stageNames(cdkJson.context?.stages);

for (const stage of stages) {
  const outdir = `cdk.out/${stage}`;
  const started = performance.now();
  const result = spawnSync(process.execPath, [cdkCli, 'synth', '--quiet', '--context', `stage=${stage}`, '--output', outdir], {
    cwd: repoRoot,
    encoding: 'utf8',
    // Synth is offline by design (CI has no network to AWS): no version check, no telemetry.
    env: { ...process.env, CDK_DISABLE_VERSION_CHECK: 'true', CDK_DISABLE_CLI_TELEMETRY: 'true' },
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    process.stderr.write(`✗ ${stage}: synth failed after ${seconds}s\n${result.stdout}${result.stderr}${result.error ? String(result.error) : ''}\n`);
    process.exit(result.status ?? 1);
  }
  console.log(`✓ ${stage}: Pantau-${stage} → ${outdir}, AwsSolutions checks clean (${seconds}s)`);
}
