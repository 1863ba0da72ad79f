import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * What the API Lambda carries, bundled as BundledFunction bundles it (ESM, Node.js 22): the answer
 * schemas and the OpenAPI generator, which it builds only when asked for its document
 * (test/unit/openapi-lazy.test.ts), and none of the contract or reference tooling the tests and
 * the local stack use.
 */
describe('the API Lambda bundle', () => {
  it('has the OpenAPI generator, and no contract checker, validator, API reference renderer or PNG encoder', async () => {
    const { metafile } = await build({
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
    const inputs = Object.keys(metafile.inputs);
    expect(inputs).toEqual(expect.arrayContaining(['shared/http/openapi.ts', 'shared/http/responses.ts']));
    expect(inputs.filter((input) => /swagger-ui|node_modules\/ajv|openapi-schema-validator|infra\/local|test\//.test(input))).toEqual([]);
    // The receipt's QR code: qrcode's encoder and SVG renderer only, not its PNG renderer or CLI.
    expect(inputs).toEqual(expect.arrayContaining(['node_modules/qrcode/lib/core/qrcode.js', 'node_modules/qrcode/lib/renderer/svg-tag.js']));
    expect(inputs.filter((input) => /node_modules\/(?:qrcode\/node_modules|pngjs|yargs)|qrcode\/lib\/(?:server|index|renderer\/png)/.test(input))).toEqual([]);
  });
});
