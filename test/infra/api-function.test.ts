import { build } from 'esbuild';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_FILE, lambdaBuildOptions } from '../../infra/cloud/bundling';
import { logicalId, resourcesOf, STAGES, synthStages, type Stage, type SynthesizedStage } from './stacks';

const FUNCTION = 'AWS::Lambda::Function';

let stages: Record<Stage, SynthesizedStage>;
let dispose: (() => void) | undefined;

beforeAll(() => {
  ({ stages, dispose } = synthStages());
});
afterAll(() => dispose?.());

describe.each(STAGES)('the %s API function', (stage) => {
  const template = () => stages[stage].template;
  const tableId = () => Object.keys(resourcesOf(template(), 'AWS::DynamoDB::GlobalTable'))[0]!;
  const apiFunction = () => {
    const { stack } = stages[stage];
    return resourcesOf(template(), FUNCTION)[logicalId(stack, stack.apiFunction.fn)]!;
  };

  it('runs on Node.js 22 and Graviton (arm64)', () => {
    expect(apiFunction().Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], MemorySize: 1024, Handler: 'index.handler' });
  });

  const secretId = () => Object.keys(resourcesOf(template(), 'AWS::SecretsManager::Secret'))[0]!;

  it('knows its table, stage, public base URL, tracking-link keys, documents bucket and user pool, and maps stack traces to the TypeScript source', () => {
    const { stack } = stages[stage];
    expect(apiFunction().Properties.Environment).toEqual({
      Variables: {
        TABLE_NAME: { Ref: tableId() },
        PUBLIC_BASE_URL: stages[stage].config.publicBaseUrl,
        TRACKING_KEYS_SECRET: { Ref: secretId() },
        DOCUMENTS_BUCKET: { Ref: logicalId(stack, stack.documents.bucket) },
        USER_POOL_ID: { Ref: logicalId(stack, stack.auth.userPool) },
        STAGE: stage,
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'pantau',
      },
    });
  });

  it('may read and write the table and its indexes', () => {
    const role = (apiFunction().Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const policies = Object.values(resourcesOf(template(), 'AWS::IAM::Policy')).filter((policy) => (policy.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === role));
    const statements = policies.flatMap(
      (policy) => (policy.Properties.PolicyDocument as { Statement: { Action: string[]; Resource: unknown[] }[] }).Statement,
    );
    const onTable = statements.find((s) => s.Action.includes('dynamodb:PutItem'));
    expect(onTable?.Action).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem']));
    expect(onTable?.Resource).toContainEqual({ 'Fn::GetAtt': [tableId(), 'Arn'] });
  });

  it('may read the tracking-link key ring, a secret whose first key Secrets Manager generates as base64', () => {
    const secrets = resourcesOf(template(), 'AWS::SecretsManager::Secret');
    expect(Object.keys(secrets)).toHaveLength(1);
    const generated = secrets[secretId()]!.Properties.GenerateSecretString as Record<string, unknown>;
    expect(generated).toMatchObject({ SecretStringTemplate: '{"current":"a"}', GenerateStringKey: 'a', PasswordLength: 44, ExcludePunctuation: true, IncludeSpace: false });
    const role = (apiFunction().Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const statements = Object.values(resourcesOf(template(), 'AWS::IAM::Policy'))
      .filter((policy) => (policy.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === role))
      .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement);
    const onSecret = statements.find((s) => [s.Action].flat().includes('secretsmanager:GetSecretValue'));
    expect(onSecret?.Resource).toEqual({ Ref: secretId() });
  });

  it('logs to a log group kept as long as the stage says', () => {
    const retention = stages[stage].config.logRetentionDays;
    const groups = resourcesOf(template(), 'AWS::Logs::LogGroup');
    const fn = apiFunction();
    const logGroupId = (fn.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
    expect(groups[logGroupId]?.Properties.RetentionInDays).toBe(retention);
  });

  it('ships an ESM bundle, with its source map, that can still require CommonJS dependencies', () => {
    const fn = apiFunction();
    // The code's S3 key is the asset hash, and the assembly keeps the bundle in asset.<hash>.
    const s3Key = (fn.Properties.Code as { S3Key: string }).S3Key;
    const assetDir = join(stages[stage].outdir, `asset.${s3Key.replace(/\.zip$/, '')}`);
    const bundle = readFileSync(join(assetDir, 'index.mjs'), 'utf8');
    expect(bundle.split('\n')[0]).toMatch(/createRequire.*import\.meta\.url/);
    expect(bundle).toMatch(/export\s*\{[^}]*as handler/);
    expect(existsSync(join(assetDir, 'index.mjs.map'))).toBe(true);
  });

  it('is, byte for byte, the bundle the benchmark measures (one set of esbuild options)', async () => {
    const s3Key = (apiFunction().Properties.Code as { S3Key: string }).S3Key;
    const shipped = readFileSync(join(stages[stage].outdir, `asset.${s3Key.replace(/\.zip$/, '')}`, BUNDLE_FILE));
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const out = mkdtempSync(join(tmpdir(), 'pantau-bench-bundle-'));
    try {
      await build({ ...lambdaBuildOptions(join(root, 'functions/api/handler.ts'), join(out, BUNDLE_FILE), root), logLevel: 'silent' });
      expect(readFileSync(join(out, BUNDLE_FILE)).equals(shipped)).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
