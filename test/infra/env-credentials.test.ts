import { build } from 'esbuild';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_FILE, lambdaBuildOptions } from '../../infra/cloud/bundling';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

// What Lambda puts in every function's environment: the role's temporary credentials.
const LAMBDA_ENV = { AWS_ACCESS_KEY_ID: 'ASIAPANTAUTEST', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'session-token', AWS_REGION: 'ap-southeast-3' };

let out: string;
let server: Server;
let endpoint: string;
const seen: IncomingHttpHeaders[] = [];
let inputs: string[];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.headers);
    req.resume().on('end', () => res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end('{"TableNames":[]}'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  out = mkdtempSync(join(tmpdir(), 'pantau-env-credentials-'));
  const { metafile } = await build({ ...lambdaBuildOptions(join(root, 'test/infra/fixtures/signed-request.ts'), join(out, BUNDLE_FILE), root), metafile: true, logLevel: 'silent' });
  inputs = Object.keys(metafile.inputs);
});

afterAll(() => {
  server?.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('a Lambda bundle, with the SDK default credential chain swapped for the environment', () => {
  it('leaves the rest of the chain out of the bundle', () => {
    expect(inputs.some((path) => path.includes('shared/adapters/aws/env-credentials.ts'))).toBe(true);
    for (const gone of ['@aws-sdk/credential-provider-node', '@aws-sdk/credential-provider-ini', '@aws-sdk/credential-provider-sso', '@aws-sdk/nested-clients', '@smithy/credential-provider-imds']) {
      expect(inputs.filter((path) => path.includes(`node_modules/${gone}/`)), gone).toEqual([]);
    }
  });

  it('signs its requests with the credentials Lambda puts in the environment', async () => {
    // HOME elsewhere: no ~/.aws file of this machine can stand in for the environment.
    await run(process.execPath, [join(out, BUNDLE_FILE)], { env: { PATH: process.env.PATH, HOME: out, AWS_ENDPOINT_URL: endpoint, ...LAMBDA_ENV } });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.authorization).toContain(`Credential=${LAMBDA_ENV.AWS_ACCESS_KEY_ID}/`);
    expect(seen[0]?.['x-amz-security-token']).toBe(LAMBDA_ENV.AWS_SESSION_TOKEN);
  });

  it('fails plainly when the environment has no credentials', async () => {
    const failed = await run(process.execPath, [join(out, BUNDLE_FILE)], { env: { PATH: process.env.PATH, HOME: out, AWS_ENDPOINT_URL: endpoint, AWS_REGION: 'ap-southeast-3' } }).then(() => undefined, (error: { stderr?: string }) => error.stderr ?? '');
    expect(failed).toContain('Unable to find environment variable credentials');
  });
});
