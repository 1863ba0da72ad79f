import { RemovalPolicy } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { resolveStage, stageNames, StageConfigError, type StageSettingsInput } from '../../infra/cloud/stage-config';
import { cdkJsonStages } from './stacks';

// As cdk.json writes a stage: the jobs block is left out, so its defaults apply.
const valid: StageSettingsInput = {
  account: null,
  region: 'ap-southeast-3',
  deletionProtection: true,
  corsOrigins: ['https://pantau.example.go.id'],
  logRetentionDays: 30,
  apiThrottle: { rateLimit: 100, burstLimit: 200 },
  routeThrottles: { 'GET /track/{id}': { rateLimit: 5, burstLimit: 10 } },
  emailDomain: 'pantau.example.go.id',
  emailFrom: 'Pantau <no-reply@pantau.example.go.id>',
  publicBaseUrl: 'https://pantau.example.go.id',
  webBaseUrl: 'https://app.pantau.example.go.id',
  smsSenderId: 'PANTAU',
  smsMonthlySpendLimitUsd: 1,
  senderConcurrency: { email: 2, sms: 2 },
  documents: { retentionDays: 365, noncurrentVersionDays: 30 },
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

  it('an origin listed twice is refused', () => {
    expect(() => resolveStage('test', withStage({ corsOrigins: ['https://a.example.go.id', 'https://a.example.go.id'] }))).toThrow(/corsOrigins: lists an origin twice/);
  });

  it('a route throttle names a route as API Gateway does, and only tightens the stage default', () => {
    for (const key of ['/proposals', 'post /proposals', 'POST proposals', 'POST /proposals/', 'ANY /{proxy+}', 'GET /track/{id']) {
      expect(() => resolveStage('test', withStage({ routeThrottles: { [key]: { rateLimit: 1, burstLimit: 1 } } })), key).toThrow(/routeThrottles/);
    }
    expect(() => resolveStage('test', withStage({ routeThrottles: { 'POST /proposals': { rateLimit: 101, burstLimit: 10 } } }))).toThrow(
      /routeThrottles\.POST \/proposals: must not exceed apiThrottle \(100\/s, burst 200\)/,
    );
    expect(() => resolveStage('test', withStage({ routeThrottles: { 'POST /proposals': { rateLimit: 10, burstLimit: 201 } } }))).toThrow(/routeThrottles/);
    expect(resolveStage('test', withStage({ routeThrottles: undefined })).routeThrottles).toEqual({});
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

  it('the front end staff links lead to is https, ends without a slash, and is not where the API answers', () => {
    for (const url of ['http://app.pantau.example.go.id', 'https://app.pantau.example.go.id/', 'https://app.pantau.example.go.id#inbox', 'https://user@app.pantau.example.go.id', 'app.pantau.example.go.id']) {
      expect(() => resolveStage('test', withStage({ webBaseUrl: url })), url).toThrow(/webBaseUrl: must be an https URL/);
    }
    expect(() => resolveStage('test', withStage({ webBaseUrl: undefined }))).toThrow(/webBaseUrl/);
    // There, /inbox is the API's route, which answers a browser 401.
    for (const url of ['https://pantau.example.go.id', 'https://pantau.example.go.id/web']) {
      expect(() => resolveStage('test', withStage({ webBaseUrl: url })), url).toThrow(/webBaseUrl: must not be publicBaseUrl \(https:\/\/pantau\.example\.go\.id\) or under it/);
    }
    expect(resolveStage('test', withStage({ webBaseUrl: 'https://pantau.example.go.id.web.example' })).webBaseUrl).toBe('https://pantau.example.go.id.web.example');
    expect(resolveStage('test', withStage({ publicBaseUrl: 'https://example.go.id/pantau', webBaseUrl: 'https://example.go.id/pantau-web' })).webBaseUrl).toBe('https://example.go.id/pantau-web');
  });

  it('every stage of cdk.json names its front end beside its public base URL', () => {
    for (const stage of stageNames(cdkJsonStages)) {
      const config = resolveStage(stage, cdkJsonStages);
      expect(config.webBaseUrl, stage).toMatch(/^https:\/\/app\./);
      expect(new URL(config.webBaseUrl).host, stage).not.toBe(new URL(config.publicBaseUrl).host);
    }
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

  describe('documents', () => {
    it('every stage of cdk.json says how long it keeps documents, dev shorter than prod', () => {
      const kept = Object.fromEntries(stageNames(cdkJsonStages).map((s) => [s, resolveStage(s, cdkJsonStages).documents]));
      expect(kept.dev!.retentionDays).toBeLessThan(kept.prod!.retentionDays);
      expect(kept.dev!.noncurrentVersionDays).toBeLessThan(kept.prod!.noncurrentVersionDays);
    });

    it('a stage must decide its retention: the block has no default', () => {
      expect(() => resolveStage('test', withStage({ documents: undefined }))).toThrow(/test\.documents/);
    });

    it('retention is a positive whole number of days', () => {
      for (const days of [0, -1, 1.5]) {
        expect(() => resolveStage('test', withStage({ documents: { retentionDays: days, noncurrentVersionDays: 7 } })), String(days)).toThrow(/documents\.retentionDays/);
        expect(() => resolveStage('test', withStage({ documents: { retentionDays: 30, noncurrentVersionDays: days } })), String(days)).toThrow(/documents\.noncurrentVersionDays/);
      }
      expect(resolveStage('test', withStage({ documents: { retentionDays: 1, noncurrentVersionDays: 1 } })).documents).toEqual({ retentionDays: 1, noncurrentVersionDays: 1 });
    });

    it('a misspelt documents setting is refused instead of ignored', () => {
      expect(() => resolveStage('test', withStage({ documents: { retentionDays: 30, noncurrentDays: 7 } }))).toThrow(/documents: Unrecognized key: "noncurrentDays"/);
    });
  });

  describe('scheduled jobs', () => {
    it('a stage that says nothing about jobs runs them, digests at 07:30 local, windows at 08:00 and retirement at 08:15 WIB', () => {
      expect(resolveStage('test', withStage({})).jobs).toEqual({
        enabled: true,
        digestAt: { hour: 7, minute: 30 },
        windowsAt: { hour: 8, minute: 0 },
        retirementAt: { hour: 8, minute: 15 },
        timersEpoch: '2026-01-01',
      });
    });

    it('the timers epoch is a real date, not before 2026, and may lie ahead (a stage not launched yet)', () => {
      expect(resolveStage('test', withStage({ jobs: { timersEpoch: '2026-07-01' } })).jobs.timersEpoch).toBe('2026-07-01');
      expect(resolveStage('test', withStage({ jobs: { timersEpoch: '2031-02-28' } })).jobs.timersEpoch).toBe('2031-02-28');
      for (const day of ['2026-02-30', '2026-7-1', '2026-07-01T00:00:00Z', '01/07/2026', '']) {
        expect(() => resolveStage('test', withStage({ jobs: { timersEpoch: day } })), day).toThrow(/jobs\.timersEpoch: must be a date like 2026-01-05/);
      }
      expect(() => resolveStage('test', withStage({ jobs: { timersEpoch: '2025-12-31' } }))).toThrow(/jobs\.timersEpoch: must not be before 2026-01-01/);
      expect(() => resolveStage('test', withStage({ jobs: { timersEpoch: '0226-01-01' } }))).toThrow(/jobs\.timersEpoch: must not be before/);
    });

    it('a stage can switch its schedules off and keep the default times', () => {
      expect(resolveStage('test', withStage({ jobs: { enabled: false } })).jobs).toMatchObject({ enabled: false, digestAt: { hour: 7, minute: 30 } });
    });

    it('times are read as 24-hour HH:MM', () => {
      expect(resolveStage('test', withStage({ jobs: { digestAt: '08:05', windowsAt: '10:45' } })).jobs).toMatchObject({
        digestAt: { hour: 8, minute: 5 },
        windowsAt: { hour: 10, minute: 45 },
      });
      for (const time of ['7:30', '07.30', '24:00', '07:60', '0730']) {
        expect(() => resolveStage('test', withStage({ jobs: { digestAt: time } })), time).toThrow(/jobs\.digestAt: must be a 24-hour time/);
      }
    });

    it('a digest is refused at a local hour when its SMS would wait for the morning', () => {
      expect(() => resolveStage('test', withStage({ jobs: { digestAt: '06:59' } }))).toThrow(/jobs\.digestAt: must be between 07:00 and 20:59/);
      expect(() => resolveStage('test', withStage({ jobs: { digestAt: '21:00' } }))).toThrow(/jobs\.digestAt/);
      expect(resolveStage('test', withStage({ jobs: { digestAt: '20:59' } })).jobs.digestAt).toEqual({ hour: 20, minute: 59 });
    });

    it('a nationwide job set in WIB must leave time before 21:00 WIT, two hours later on the clock', () => {
      expect(() => resolveStage('test', withStage({ jobs: { windowsAt: '19:00' } }))).toThrow(/jobs\.windowsAt: must be between 07:00 and 18:59/);
      expect(() => resolveStage('test', withStage({ jobs: { retirementAt: '06:30' } }))).toThrow(/jobs\.retirementAt/);
      expect(resolveStage('test', withStage({ jobs: { retirementAt: '18:59' } })).jobs.retirementAt).toEqual({ hour: 18, minute: 59 });
    });

    it('a misspelt job setting is refused instead of ignored', () => {
      expect(() => resolveStage('test', withStage({ jobs: { enable: false } }))).toThrow(/jobs: Unrecognized key: "enable"/);
    });
  });
});
