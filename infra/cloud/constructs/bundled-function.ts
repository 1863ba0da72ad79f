import type { Duration } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import { LAMBDA_BUNDLING } from '../bundling';
import { acknowledge } from '../nag';
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
  /** The function's own role: it may write its own log group and nothing else until granted more. */
  readonly role: Role;

  constructor(scope: Construct, id: string, { config, name, timeout, memorySize, environment = {}, reservedConcurrentExecutions }: BundledFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', { retention: config.logRetention, removalPolicy: config.removalPolicy });
    // Instead of AWSLambdaBasicExecutionRole (logs on every log group of the account): its own only.
    this.role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(this.role);

    this.fn = new NodejsFunction(this, 'Function', {
      entry: `${repoRoot}functions/${name}/handler.ts`,
      handler: 'handler',
      projectRoot: repoRoot,
      depsLockFilePath: `${repoRoot}package-lock.json`,
      role: this.role,
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
        sourcesContent: LAMBDA_BUNDLING.sourcesContent,
        externalModules: [...LAMBDA_BUNDLING.externalModules],
        // NodejsFunction has no alias prop; on the command line it is `--alias:<from>=<to>`.
        esbuildArgs: { '--alias': Object.entries(LAMBDA_BUNDLING.alias).map(([from, to]) => `${from}=${to}`) },
        // The locally installed esbuild; no Docker on these machines or in CI.
        forceDockerBundling: false,
      },
    });
    acknowledge(this.fn, 'AwsSolutions-L1', 'DESIGN pins Node.js 22 (bundles target node22, code kept valid on Node 20); a newer runtime is a deliberate upgrade of its own');
  }
}
