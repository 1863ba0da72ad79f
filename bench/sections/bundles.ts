import { build, type Metafile } from 'esbuild';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BUNDLE_FILE, lambdaBuildOptions } from '../../infra/cloud/bundling';
import { kib, round } from '../support/stats';
import { BENCH_OUT, REPO_ROOT } from '../support/paths';

/** Every Lambda of the CDK app: the folder under functions/ whose handler.ts it bundles. */
export const FUNCTIONS = ['api', 'jobs', 'on-change', 'send-email', 'send-sms', 'ses-feedback'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

export interface Contributor {
  /** An npm package (`@aws-sdk/client-dynamodb`), or Pantau's own folder (`shared/domain`). */
  name: string;
  bytes: number;
  share: number;
}

export interface BundleFigures {
  name: string;
  /** The bundle file, relative to the repository. */
  file: string;
  bytes: number;
  gzipBytes: number;
  sourceMapBytes: number;
  contributors: Contributor[];
}

export interface BundleResults {
  functions: Record<FunctionName, BundleFigures>;
  /** The bare handlers the cold start is compared with: the same SDK clients, nothing else. */
  bare: Record<FunctionName, BundleFigures>;
}

/** Who a bundled file belongs to: the package under the last node_modules, or our top two folders. */
export function ownerOf(path: string): string {
  const parts = path.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at >= 0) {
    const first = parts[at + 1] ?? '?';
    return first.startsWith('@') ? `${first}/${parts[at + 2] ?? '?'}` : first;
  }
  return parts.slice(0, 2).join('/');
}

function contributors(metafile: Metafile, outfile: string): Contributor[] {
  const output = metafile.outputs[relative(REPO_ROOT, outfile)];
  if (!output) throw new Error(`esbuild's metafile does not list ${outfile}`);
  const byOwner = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) byOwner.set(ownerOf(path), (byOwner.get(ownerOf(path)) ?? 0) + bytesInOutput);
  const total = output.bytes;
  return [...byOwner]
    .map(([name, bytes]) => ({ name, bytes, share: round(bytes / total, 3) }))
    .sort((a, b) => b.bytes - a.bytes);
}

/** Builds one entry with the CDK's options into bench/.out/bundles/<label>/index.mjs, and measures it. */
export async function bundle(label: string, entry: string): Promise<BundleFigures> {
  const dir = join(BENCH_OUT, 'bundles', label);
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, BUNDLE_FILE);
  const { metafile } = await build({ ...lambdaBuildOptions(join(REPO_ROOT, entry), outfile, REPO_ROOT), metafile: true, logLevel: 'error' });
  const code = readFileSync(outfile);
  return {
    name: label,
    file: relative(REPO_ROOT, outfile),
    bytes: code.length,
    gzipBytes: gzipSync(code).length,
    sourceMapBytes: statSync(`${outfile}.map`).size,
    contributors: contributors(metafile, outfile),
  };
}

export async function measureBundles(log: (line: string) => void): Promise<BundleResults> {
  const functions = {} as Record<FunctionName, BundleFigures>;
  const bare = {} as Record<FunctionName, BundleFigures>;
  for (const name of FUNCTIONS) {
    functions[name] = await bundle(name, `functions/${name}/handler.ts`);
    bare[name] = await bundle(`bare-${name}`, `bench/cold-start/bare/${name}.ts`);
    log(`  ${name}: ${kib(functions[name].bytes)} KiB minified (${kib(functions[name].gzipBytes)} KiB gzip); bare ${kib(bare[name].bytes)} KiB`);
  }
  return { functions, bare };
}
