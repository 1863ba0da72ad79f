import { defineConfig } from 'vitest/config';

// Five suites, as in the layout in README.md: `npm test` runs them all; `vitest run --project unit` one.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // One DynamoDB Local, one S3 emulator and one cognito-local per run, on free ports; each test file makes its own table and user pool.
          globalSetup: ['test/support/dynamodb-global-setup.ts', 'test/support/s3-global-setup.ts', 'test/support/cognito-global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      { test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 } },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          // Pages in Debian's Chromium (test/support/browser.ts), on one local stack for the whole project.
          globalSetup: ['test/support/browser-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      { test: { name: 'infra', include: ['test/infra/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 180_000 } },
    ],
  },
});
