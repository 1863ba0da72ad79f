import type { Duration } from 'aws-cdk-lib';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import { LAMBDA_BUNDLING } from '../bundling';
import type { StageConfig } from '../stage-config';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface BundledFunctionProps {
  config: StageConfig;
  /** The folder under functions/ whose handler.ts exports `handler`. */
  name: string;
  timeout: Duration;
  memorySize: number;
  /** The function's own settings; stage, source maps and the Powertools service name come with every function. */
  environment?: Record<string, string>;
  /** Caps how many run at once (and reserves them); unset, the function shares the account's pool. */
  reservedConcurrentExecutions?: number;
}

/**
 * One Lambda of functions/<name>/handler.ts, bundled by esbuild as an ESM file with the AWS SDK
 * inside, on Node.js 22 and Graviton, logging to a log group kept as long as the stage says.
 * Every Pantau function is built this way, so they differ only in what they are given.
 */
export class BundledFunction extends Construct {
  readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, { config, name, timeout, memorySize, environment = {}, reservedConcurrentExecutions }: BundledFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', { retention: config.logRetention, removalPolicy: config.removalPolicy });

    this.fn = new NodejsFunction(this, 'Function', {
      entry: `${repoRoot}functions/${name}/handler.ts`,
      handler: 'handler',
      projectRoot: repoRoot,
      depsLockFilePath: `${repoRoot}package-lock.json`,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize,
      timeout,
      reservedConcurrentExecutions,
      logGroup,
      environment: {
        ...environment,
        STAGE: config.stage,
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'pantau',
      },
      // The options live in ../bundling.ts, which the benchmark builds with too.
      bundling: {
        format: LAMBDA_BUNDLING.format === 'esm' ? OutputFormat.ESM : OutputFormat.CJS,
        target: LAMBDA_BUNDLING.target,
        banner: LAMBDA_BUNDLING.banner,
        mainFields: [...LAMBDA_BUNDLING.mainFields],
        minify: LAMBDA_BUNDLING.minify,
        sourceMap: LAMBDA_BUNDLING.sourceMap,
        externalModules: [...LAMBDA_BUNDLING.externalModules],
        // The locally installed esbuild; no Docker on these machines or in CI.
        forceDockerBundling: false,
      },
    });
  }
}
