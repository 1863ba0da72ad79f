import type { TestProject } from 'vitest/node';
import { startS3Local } from '../../infra/local/s3-local';
import { TEST_BUCKET } from './documents';
import { freePort } from './free-port';

declare module 'vitest' {
  export interface ProvidedContext {
    s3Endpoint: string;
  }
}

/** One S3 emulator per run, on a free port, its objects in a scratch directory; each test file uses its own keys (proposal numbers are random). */
export default async function setup(project: TestProject) {
  const s3 = await startS3Local({ port: await freePort(), buckets: [TEST_BUCKET] });
  project.provide('s3Endpoint', s3.endpoint);
  return () => s3.stop();
}
