import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { HELP, readConfig } from '../../infra/local/config';
import { assertPortsFree, isPortFree } from '../../infra/local/ports';

describe('npm start settings', () => {
  it('defaults to the documented ports and table, keeping data under .local', () => {
    const config = readConfig([], {});
    expect(config).toMatchObject({ help: false, inMemory: false, port: 3000, dynamoDbPort: 8000, sesPort: 8005, s3Port: 8010, cognitoPort: 9229, tableName: 'pantau-local', documentsBucket: 'pantau-local-documents' });
    expect(config.dataDir).toMatch(/[/\\]\.local[/\\]dynamodb$/);
    expect(config.s3DataDir).toMatch(/[/\\]\.local[/\\]s3$/);
    expect(config.cognitoDataDir).toMatch(/[/\\]\.local[/\\]cognito$/);
    expect(config.clock.offsetMs).toBe(0);
    expect(config.pantauNow).toBeUndefined();
  });

  it('takes ports, table and clock from the environment', () => {
    const config = readConfig(['--in-memory'], { PORT: '3900', DYNAMODB_PORT: '8900', SES_PORT: '8905', S3_PORT: '8910', COGNITO_PORT: '9339', TABLE_NAME: 'pantau-demo', DOCUMENTS_BUCKET: ' demo-files-2 ', PANTAU_NOW: '2026-10-01' });
    expect(config).toMatchObject({ inMemory: true, port: 3900, dynamoDbPort: 8900, sesPort: 8905, s3Port: 8910, cognitoPort: 9339, tableName: 'pantau-demo', documentsBucket: 'demo-files-2', pantauNow: '2026-10-01' });
    expect(Math.abs(config.clock.now().getTime() - Date.parse('2026-10-01T00:00:00Z'))).toBeLessThan(5_000);
  });

  it.each([
    [{ PORT: 'http' }, /^PORT must be a port number/],
    [{ SES_PORT: '70000' }, /^SES_PORT must be a port number/],
    [{ DYNAMODB_PORT: '0' }, /^DYNAMODB_PORT must be a port number/],
    [{ PORT: '8000' }, /^PORT and DYNAMODB_PORT are both 8000/],
    [{ S3_PORT: 's3' }, /^S3_PORT must be a port number/],
    [{ S3_PORT: '65536' }, /^S3_PORT must be a port number/],
    [{ S3_PORT: '8005' }, /^SES_PORT and S3_PORT are both 8005/],
    [{ PORT: '8010' }, /^PORT and S3_PORT are both 8010/],
    [{ COGNITO_PORT: 'cognito' }, /^COGNITO_PORT must be a port number/],
    [{ COGNITO_PORT: '8010' }, /^S3_PORT and COGNITO_PORT are both 8010/],
    [{ DOCUMENTS_BUCKET: 'Pantau_Docs' }, /^DOCUMENTS_BUCKET must be 3 to 63 lowercase letters/],
    [{ DOCUMENTS_BUCKET: 'pantau.docs' }, /^DOCUMENTS_BUCKET must be/],
    [{ DOCUMENTS_BUCKET: '-pantau' }, /^DOCUMENTS_BUCKET must be/],
    [{ DOCUMENTS_BUCKET: 'ab' }, /^DOCUMENTS_BUCKET must be/],
    [{ DOCUMENTS_BUCKET: 'a'.repeat(64) }, /^DOCUMENTS_BUCKET must be/],
    [{ TABLE_NAME: 'a b' }, /^TABLE_NAME must be/],
    [{ PANTAU_NOW: 'kemarin' }, /^PANTAU_NOW must be/],
    [{ LOCAL_SCHEDULER: 'false' }, /^LOCAL_SCHEDULER must be on or off/],
  ])('refuses %o in one line', (env, message) => {
    expect(() => readConfig([], env)).toThrow(message);
  });

  it('keeps its data under LOCAL_DATA_DIR when told, .local otherwise', () => {
    const config = readConfig([], { LOCAL_DATA_DIR: '/tmp/pantau-demo' });
    expect(config).toMatchObject({
      dataDir: '/tmp/pantau-demo/dynamodb',
      s3DataDir: '/tmp/pantau-demo/s3',
      smsOutboxFile: '/tmp/pantau-demo/sms-outbox.jsonl',
      failedStreamRecordsFile: '/tmp/pantau-demo/failed-stream-records.jsonl',
    });
    expect(readConfig([], { LOCAL_DATA_DIR: ' ' }).smsOutboxFile).toMatch(/[/\\]\.local[/\\]sms-outbox\.jsonl$/);
  });

  it('runs the job schedules unless LOCAL_SCHEDULER=off', () => {
    expect(readConfig([], {}).scheduler).toBe(true);
    expect(readConfig([], { LOCAL_SCHEDULER: 'on' }).scheduler).toBe(true);
    expect(readConfig([], { LOCAL_SCHEDULER: ' OFF ' }).scheduler).toBe(false);
  });

  it('refuses an option it does not know, and knows --help', () => {
    expect(() => readConfig(['--persist'], {})).toThrow('Unknown option --persist');
    expect(readConfig(['--help'], {}).help).toBe(true);
  });

  it('lists every port and the documents bucket in --help, with their defaults', () => {
    for (const line of ['PORT=3000', 'DYNAMODB_PORT=8000', 'SES_PORT=8005', 'S3_PORT=8010', 'COGNITO_PORT=9229', 'DOCUMENTS_BUCKET=pantau-local-documents']) expect(HELP).toContain(line);
    expect(HELP).toMatch(/--in-memory[^]*documents and accounts go to scratch/);
    expect(HELP).not.toContain('LOCAL_JWT_SECRET');
  });
});

describe('CORS for a local web client', () => {
  it('allows cdk.json’s dev origins unless CORS_ORIGINS says otherwise', () => {
    expect(readConfig([], {}).corsOrigins).toEqual(['http://localhost:5173']);
    expect(readConfig([], { CORS_ORIGINS: ' http://localhost:3001 , https://web.pantau.example.go.id ' }).corsOrigins).toEqual([
      'http://localhost:3001',
      'https://web.pantau.example.go.id',
    ]);
  });

  it.each(['*', 'http://evil.example', 'http://localhost:5173/', 'http://localhost:5173,http://localhost:5173'])('refuses CORS_ORIGINS=%s in one line', (value) => {
    expect(() => readConfig([], { CORS_ORIGINS: value })).toThrow(/^CORS_ORIGINS must list origins/);
  });

  it('refuses a broken cdk.json default rather than opening up', () => {
    expect(() => readConfig([], {}, () => ['*'])).toThrow(/^cdk\.json's stages\.dev\.corsOrigins must list origins/);
  });
});

describe('the front end staff links lead to', () => {
  it('is a front end’s dev server on this machine unless WEB_BASE_URL says otherwise', () => {
    expect(readConfig([], {}).webBaseUrl).toBe('http://localhost:5173');
    expect(readConfig([], {}).corsOrigins).toContain(readConfig([], {}).webBaseUrl);
    expect(readConfig([], { WEB_BASE_URL: ' https://app.dev.pantau.example.go.id ' }).webBaseUrl).toBe('https://app.dev.pantau.example.go.id');
    expect(readConfig([], { WEB_BASE_URL: 'http://192.168.1.20:5173/pantau' }).webBaseUrl).toBe('http://192.168.1.20:5173/pantau');
  });

  it.each(['localhost:5173', 'ftp://localhost', 'http://localhost:5173/', 'http://localhost:5173/?x=1', 'http://localhost:5173#a', 'http://u:p@localhost:5173'])('refuses WEB_BASE_URL=%s in one line', (value) => {
    expect(() => readConfig([], { WEB_BASE_URL: value })).toThrow(/^WEB_BASE_URL must be an http\(s\) URL without a trailing slash, query or fragment/);
  });
});

describe('the port check', () => {
  it('sees a port held on loopback as busy, and names the variable to change', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as { port: number };
    try {
      expect(await isPortFree(port)).toBe(false);
      await expect(assertPortsFree({ DYNAMODB_PORT: port })).rejects.toThrow(`Port ${port} is in use: stop what uses it or set DYNAMODB_PORT=...`);
    } finally {
      holder.close();
    }
    expect(await isPortFree(port)).toBe(true);
  });
});
