import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * The API Lambda's start-up must not pay for the OpenAPI document: the answer schemas
 * (shared/http/responses.ts) and the generator (shared/http/openapi.ts) are in the bundle, but
 * reached only by the dynamic import behind GET /openapi.json, which esbuild keeps lazy. Bundled
 * as BundledFunction bundles it (ESM, Node.js 22).
 */
const LAZY = ['shared/http/responses.ts', 'shared/http/openapi.ts'];

async function metafile(): Promise<Metafile> {
  const result = await build({
    entryPoints: ['functions/api/handler.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    mainFields: ['module', 'main'],
    minify: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return result.metafile;
}

/** Every input the entry reaches without crossing a dynamic import: what runs when the Lambda starts. */
function loadedAtStart(meta: Metafile, entry: string): Set<string> {
  const seen = new Set<string>([entry]);
  const queue = [entry];
  while (queue.length) {
    for (const imported of meta.inputs[queue.pop()!]?.imports ?? []) {
      if (imported.kind === 'dynamic-import' || imported.external || seen.has(imported.path)) continue;
      seen.add(imported.path);
      queue.push(imported.path);
    }
  }
  return seen;
}

describe('the API Lambda bundle', () => {
  it('loads the answer schemas and the OpenAPI generator only when the document is asked for', async () => {
    const meta = await metafile();
    const atStart = loadedAtStart(meta, 'functions/api/handler.ts');
    expect(atStart.has('functions/api/routes.ts')).toBe(true);
    for (const file of LAZY) {
      expect(Object.keys(meta.inputs), file).toContain(file);
      expect(atStart.has(file), `${file} is imported on the start-up path`).toBe(false);
    }
    // Nor do the test-only contract tools or the local reference end up in it.
    expect(Object.keys(meta.inputs).filter((input) => /swagger-ui|\/ajv|openapi-schema-validator|infra\/local/.test(input))).toEqual([]);
  });
});
