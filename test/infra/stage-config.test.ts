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
  emailDomain: 'pantau.example.go.id',
  emailFrom: 'Pantau <no-reply@pantau.example.go.id>',
  publicBaseUrl: 'https://pantau.example.go.id',
  smsSenderId: 'PANTAU',
  smsMonthlySpendLimitUsd: 1,
  senderConcurrency: { email: 2, sms: 2 },
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

  it('the valid settings above are accepted, with or without an alarm email', () => {
    expect(resolveStage('test', withStage({})).emailDomain).toBe('pantau.example.go.id');
    expect(resolveStage('test', withStage({ alarmEmail: 'ops@pantau.example.go.id' })).alarmEmail).toBe('ops@pantau.example.go.id');
    expect(resolveStage('test', withStage({ emailFrom: 'no-reply@pantau.example.go.id' })).emailFrom).toBe('no-reply@pantau.example.go.id');
  });

  it('mail from an address outside the SES domain identity is refused', () => {
    for (const from of ['Pantau <no-reply@other.example.go.id>', 'no-reply@example.go.id', 'Pantau (BKN) <no-reply@pantau.example.go.id>', 'no-reply']) {
      expect(() => resolveStage('test', withStage({ emailFrom: from })), from).toThrow(/emailFrom/);
    }
  });

  it('links in messages must be https and end without a slash, so paths append cleanly', () => {
    for (const url of ['http://pantau.example.go.id', 'https://pantau.example.go.id/', 'https://pantau.example.go.id?x=1', 'pantau.example.go.id']) {
      expect(() => resolveStage('test', withStage({ publicBaseUrl: url })), url).toThrow(/publicBaseUrl/);
    }
    expect(resolveStage('test', withStage({ publicBaseUrl: 'https://example.go.id/pantau' })).publicBaseUrl).toBe('https://example.go.id/pantau');
  });

  it('a sender concurrency SQS event sources do not accept is refused', () => {
    expect(() => resolveStage('test', withStage({ senderConcurrency: { email: 1, sms: 2 } }))).toThrow(/senderConcurrency\.email/);
    expect(() => resolveStage('test', withStage({ senderConcurrency: { email: 2, sms: 1001 } }))).toThrow(/senderConcurrency\.sms/);
  });

  it('an SMS sender ID that SNS would refuse is refused', () => {
    for (const id of ['', '123456', 'PANTAU BKN', 'PANTAUBKNJKT1']) {
      expect(() => resolveStage('test', withStage({ smsSenderId: id })), id).toThrow(/smsSenderId/);
    }
  });

  it('an alarm email that is not an address is refused', () => {
    expect(() => resolveStage('test', withStage({ alarmEmail: 'ops' }))).toThrow(/alarmEmail/);
  });

  it('a misspelt setting is refused instead of ignored', () => {
    expect(() => resolveStage('test', withStage({ deletionProtecton: true }))).toThrow(/deletionProtecton/);
  });
});
