import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { parseReplayArgs, ReplayArgsError, USAGE, type CloudStage } from '../infra/ops/replay-args';
import { formatReport, leftBehind, replayCloud, ReplayError, type ReplayReport } from '../infra/ops/replay';
import { replayLocal } from '../infra/ops/replay-local';
import { stageRegion } from '../infra/ops/stage-region';
import { awsClientConfig } from '../shared/adapters/aws/client-config';

/**
 * `npm run replay -- --stage <stage> --source <...> [--dry-run] [--limit N]` (or `--local`):
 * the CLI around infra/ops/replay.ts (cloud) and POST /_local/replay (the local stack).
 * Exit 0: all replayed; 1: something left or failed; 2: a bad argument.
 */

function regionOf(stage: CloudStage): string {
  const region = stageRegion(stage);
  if (!region) throw new ReplayError(`cdk.json names no region for stage ${stage}`);
  return region;
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseReplayArgs(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof ReplayArgsError)) throw error;
    process.stderr.write(`replay: ${error.message} (npm run replay -- --help)\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

  let reports: ReplayReport[];
  if (args.target === 'local') {
    reports = await replayLocal(args.api, args.sources, args);
  } else {
    const region = regionOf(args.stage);
    const budget = { ...awsClientConfig('operator'), region };
    const clients = { cloudformation: new CloudFormationClient(budget), s3: new S3Client(budget), lambda: new LambdaClient(budget), sqs: new SQSClient(budget) };
    process.stdout.write(`replay: ${args.stage} (Pantau-${args.stage} in ${region})${args.dryRun ? ', dry run' : ''}\n`);
    try {
      reports = await replayCloud(clients, args.stage, args.sources, args);
    } finally {
      for (const client of Object.values(clients)) client.destroy();
    }
  }
  for (const report of reports) process.stdout.write(`${formatReport(report).join('\n')}\n`);
  return reports.some(leftBehind) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // What the operator can act on is one line; anything else keeps its stack.
    // AWS's own refusals (no credentials, access denied, expired token) are the operator's to act on too.
    const fromAws = error instanceof Error && ('$metadata' in error || error.name === 'CredentialsProviderError');
    const message = error instanceof ReplayError ? error.message : fromAws ? `${error.name}: ${error.message}` : error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`replay: ${message}\n`);
    process.exit(1);
  },
);
