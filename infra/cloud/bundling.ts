import type { BuildOptions } from 'esbuild';

/**
 * How every Lambda is bundled, written once: the CDK (constructs/bundled-function.ts) hands it to
 * NodejsFunction, and the benchmark (bench/) builds the same bundles with esbuild's API, so the
 * sizes it reports are the sizes deployed. Plain data, no CDK import: the benchmark loads no CDK.
 */
export const LAMBDA_BUNDLING = {
  format: 'esm',
  // Lambda's Node.js 22 runtime (Runtime.NODEJS_22_X in the construct).
  target: 'node22',
  // ESM bundles have no `require`; some CommonJS dependencies still call it. The alias keeps the
  // name clear of any `createRequire` import esbuild may emit itself.
  banner: "import { createRequire as __pantauCreateRequire } from 'node:module'; const require = __pantauCreateRequire(import.meta.url);",
  // Prefer packages' ESM entry points when they ship one.
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  // Mappings and file names only: stack traces need no more, and Node reads and parses the whole
  // map at import under --enable-source-maps (the sources' text was 70% of it, ~7 ms of a cold start).
  sourcesContent: false,
  // Bundle the AWS SDK too: the version we test with, not whatever the runtime carries.
  externalModules: [],
  // Import paths swapped at bundle time, each for a module of ours; resolved from the project root.
  // Lambda passes the role's credentials in environment variables, so the SDK's default chain
  // (SSO, STS, ini, process, IMDS, and their nested clients: some 130 KiB of each bundle) becomes its first link alone.
  alias: {
    '@aws-sdk/credential-provider-node': './shared/adapters/aws/env-credentials.ts',
  },
} as const;

/** The file NodejsFunction writes for an ESM bundle (and the handler's module name). */
export const BUNDLE_FILE = 'index.mjs';

/**
 * The esbuild build options NodejsFunction's local bundling passes on the command line for
 * LAMBDA_BUNDLING (aws-lambda-nodejs bundling.js: `esbuild --bundle <entry> --target=… --platform=node
 * --format=… --outfile=… --minify --sourcemap --sources-content=false --banner:js=… --main-fields=… --alias:…=…`, run in the project root),
 * as the API takes them.
 */
export function lambdaBuildOptions(entry: string, outfile: string, projectRoot: string): BuildOptions {
  return {
    entryPoints: [entry],
    bundle: true,
    target: LAMBDA_BUNDLING.target,
    platform: 'node',
    format: LAMBDA_BUNDLING.format,
    outfile,
    minify: LAMBDA_BUNDLING.minify,
    sourcemap: LAMBDA_BUNDLING.sourceMap,
    sourcesContent: LAMBDA_BUNDLING.sourcesContent,
    external: [...LAMBDA_BUNDLING.externalModules],
    banner: { js: LAMBDA_BUNDLING.banner },
    mainFields: [...LAMBDA_BUNDLING.mainFields],
    alias: { ...LAMBDA_BUNDLING.alias },
    absWorkingDir: projectRoot,
  };
}
