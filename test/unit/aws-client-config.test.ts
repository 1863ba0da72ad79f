import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { AWS_CALL_BUDGETS, awsClientConfig, budgetFromEnv, worstCallMs } from '../../shared/adapters/aws/client-config';

const root = fileURLToPath(new URL('../..', import.meta.url));
function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(root, path)).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('every AWS call has a bounded time', () => {
  it('the API’s budget fails a call within 5 s, well under its 10 s timeout and API Gateway’s 30 s', () => {
    expect(worstCallMs('request')).toBe(3_500);
    expect(worstCallMs('background')).toBe(10_500);
    // The senders and the stream handler run 30 s at most, and make several calls.
    expect(worstCallMs('background')).toBeLessThan(30_000 / 2);
  });

  it('a client built with it times out, and throws when it does', async () => {
    const client = new DynamoDBClient({ ...awsClientConfig('request', {}), region: 'ap-southeast-3' });
    const handler = client.config.requestHandler as unknown as { configProvider: Promise<Record<string, unknown>> };
    expect(await handler.configProvider).toMatchObject({ connectionTimeout: 1_000, requestTimeout: 1_500, throwOnRequestTimeout: true });
    expect(await client.config.maxAttempts()).toBe(2);
  });

  it('AWS_CALL_BUDGET chooses one budget by name, and refuses a name it does not know', () => {
    expect(awsClientConfig('request', { AWS_CALL_BUDGET: 'local' }).requestHandler.requestTimeout).toBe(AWS_CALL_BUDGETS.local.requestTimeoutMs);
    expect(budgetFromEnv({})).toBeUndefined();
    expect(() => budgetFromEnv({ AWS_CALL_BUDGET: 'forever' })).toThrow(/must be one of request, background, local, operator/);
  });

  it('no client of the functions, the local stack or the scripts is built without a budget', () => {
    const unbudgeted = ['functions', 'shared', 'infra/local', 'infra/ops', 'scripts']
      .flatMap(sources)
      .flatMap((path) => [...readFileSync(join(root, path), 'utf8').matchAll(/new \w+Client\((?![^)]*(?:awsClientConfig|budget))[^)]*\)/g)].map((m) => `${path}: ${m[0]}`));
    expect(unbudgeted).toEqual([]);
  });
});
