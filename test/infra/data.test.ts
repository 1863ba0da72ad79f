import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableDefinition } from '../../shared/adapters/dynamo/table-definition';
import { STAGES, synthStages, type Stage, type SynthesizedStage } from './stacks';

const TABLE = 'AWS::DynamoDB::GlobalTable';
let stages: Record<Stage, SynthesizedStage>;
let dispose: (() => void) | undefined;

beforeAll(() => {
  ({ stages, dispose } = synthStages());
});
afterAll(() => dispose?.());

describe.each(STAGES)('the %s table', (stage) => {
  const template = () => stages[stage].template;

  it('is one on-demand table per stage', () => {
    template().resourceCountIs(TABLE, 1);
    template().hasResourceProperties(TABLE, { BillingMode: 'PAY_PER_REQUEST' });
  });

  it('has the keys of the shared table definition', () => {
    template().hasResourceProperties(TABLE, {
      KeySchema: [
        { AttributeName: tableDefinition.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: tableDefinition.sortKey.name, KeyType: 'RANGE' },
      ],
    });
  });

  it('has every index of the shared table definition, and no other', () => {
    const expected = tableDefinition.globalSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: index.projection },
    }));
    template().hasResourceProperties(TABLE, { GlobalSecondaryIndexes: expected });
  });

  it('streams new and old images, which notifications are built on', () => {
    template().hasResourceProperties(TABLE, { StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' } });
  });

  it('expires idempotency records through TTL on the shared attribute', () => {
    template().hasResourceProperties(TABLE, {
      TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
    });
  });

  it('can be restored to any point in time', () => {
    template().hasResourceProperties(TABLE, {
      Replicas: [Match.objectLike({ Region: 'ap-southeast-3', PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
    });
  });
});

describe('keeping the data', () => {
  it('dev drops the table with the stack, so experiments leave nothing behind', () => {
    const { template } = stages.dev;
    template.hasResource(TABLE, { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
    template.hasResourceProperties(TABLE, { Replicas: [Match.objectLike({ DeletionProtectionEnabled: false })] });
  });

  it.each(['staging', 'prod'] as const)('%s keeps the table when the stack is deleted', (stage) => {
    stages[stage].template.hasResource(TABLE, { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it.each(['staging', 'prod'] as const)('%s refuses to delete the table, even by hand', (stage) => {
    stages[stage].template.hasResourceProperties(TABLE, { Replicas: [Match.objectLike({ DeletionProtectionEnabled: true })] });
  });

  it.each(['staging', 'prod'] as const)('%s keeps its users and logs when the stack is deleted', (stage) => {
    const { template } = stages[stage];
    for (const type of ['AWS::Cognito::UserPool', 'AWS::Logs::LogGroup']) {
      const resources = Object.values(template.findResources(type));
      expect(resources.length, type).toBeGreaterThan(0);
      for (const resource of resources) expect(resource, type).toMatchObject({ DeletionPolicy: 'Retain' });
    }
  });

  it.each(['staging', 'prod'] as const)('%s cannot be torn down with cdk destroy', (stage) => {
    expect(stages[stage].stack.terminationProtection).toBe(true);
  });
});
