import { RemovalPolicy } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { resolveStage, stageNames, StageConfigError, type StageSettings } from '../../infra/cloud/stage-config';
import { cdkJsonStages } from './stacks';

const valid: StageSettings = {
  account: null,
  region: 'ap-southeast-3',
  deletionProtection: true,
  corsOrigins: ['https://pantau.example.go.id'],
  logRetentionDays: 30,
  apiThrottle: { rateLimit: 100, burstLimit: 200 },
  trackThrottle: { rateLimit: 5, burstLimit: 10 },
};
const withStage = (settings: Record<string, unknown>) => ({ test: { ...valid, ...settings } });

describe('stage configuration', () => {
  it('cdk.json defines dev, staging and prod, all valid', () => {
    expect(stageNames(cdkJsonStages)).toEqual(['dev', 'staging', 'prod']);
  });

  it('only dev lets its data go with the stack', () => {
    const policies = Object.fromEntries(stageNames(cdkJsonStages).map((s) => [s, resolveStage(s, cdkJsonStages).removalPolicy]));
    expect(policies).toEqual({ dev: RemovalPolicy.DESTROY, staging: RemovalPolicy.RETAIN, prod: RemovalPolicy.RETAIN });
  });

  it('an unknown stage is refused with the stages that exist', () => {
    expect(() => resolveStage('production', cdkJsonStages)).toThrow(StageConfigError);
    expect(() => resolveStage('production', cdkJsonStages)).toThrow(/Unknown stage "production".*dev, staging, prod/);
  });

  it('a missing stage asks for -c stage=<name>', () => {
    expect(() => resolveStage(undefined, cdkJsonStages)).toThrow(/-c stage=<dev\|staging\|prod>/);
  });

  it('data outside Indonesia is refused', () => {
    expect(() => resolveStage('test', withStage({ region: 'ap-southeast-1' }))).toThrow(/test\.region/);
  });

  it('a CORS origin with a path, a wildcard or plain http to a real host is refused', () => {
    for (const origin of ['https://pantau.example.go.id/', '*', 'http://pantau.example.go.id']) {
      expect(() => resolveStage('test', withStage({ corsOrigins: [origin] })), origin).toThrow(/corsOrigins/);
    }
  });

  it('a log retention CloudWatch does not offer is refused', () => {
    expect(() => resolveStage('test', withStage({ logRetentionDays: 10 }))).toThrow(/logRetentionDays/);
  });

  it('a misspelt setting is refused instead of ignored', () => {
    expect(() => resolveStage('test', withStage({ deletionProtecton: true }))).toThrow(/deletionProtecton/);
  });
});
