import { Duration } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import type { StageConfig } from '../stage-config';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

// ESM bundles have no `require`; some CommonJS dependencies still call it. The alias keeps the
// name clear of any `createRequire` import esbuild may emit itself.
const requireBanner =
  "import { createRequire as __pantauCreateRequire } from 'node:module'; const require = __pantauCreateRequire(import.meta.url);";

export interface ApiFunctionProps {
  config: StageConfig;
  table: ITableV2;
}

/** The one Lambda behind the HTTP API: it routes inside (functions/api/handler.ts). */
export class ApiFunction extends Construct {
  readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, { config, table }: ApiFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', { retention: config.logRetention, removalPolicy: config.removalPolicy });

    this.fn = new NodejsFunction(this, 'Function', {
      entry: `${repoRoot}functions/api/handler.ts`,
      handler: 'handler',
      projectRoot: repoRoot,
      depsLockFilePath: `${repoRoot}package-lock.json`,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 1024,
      // Below API Gateway's 30 s integration limit, so the client gets our error, not a gateway timeout.
      timeout: Duration.seconds(10),
      logGroup,
      environment: {
        TABLE_NAME: table.tableName,
        STAGE: config.stage,
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'pantau',
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        banner: requireBanner,
        // Prefer packages' ESM entry points when they ship one.
        mainFields: ['module', 'main'],
        minify: true,
        sourceMap: true,
        // Bundle the AWS SDK too: the version we test with, not whatever the runtime carries.
        externalModules: [],
        // The locally installed esbuild; no Docker on these machines or in CI.
        forceDockerBundling: false,
      },
    });
    table.grantReadWriteData(this.fn);
  }
}
