import { AttributeType, Billing, ProjectionType, StreamViewType, TableV2, type Attribute } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { tableDefinition, type IndexDefinition, type KeyAttribute } from '../../../shared/adapters/dynamo/table-definition';
import type { StageConfig } from '../stage-config';

const attributeType: Record<KeyAttribute['type'], AttributeType> = { S: AttributeType.STRING, N: AttributeType.NUMBER };
const projectionType: Record<IndexDefinition['projection'], ProjectionType> = { ALL: ProjectionType.ALL, KEYS_ONLY: ProjectionType.KEYS_ONLY };
const streamViewType: Record<typeof tableDefinition.stream, StreamViewType> = { NEW_AND_OLD_IMAGES: StreamViewType.NEW_AND_OLD_IMAGES };

const attribute = (key: KeyAttribute): Attribute => ({ name: key.name, type: attributeType[key.type] });

export interface DataProps {
  config: StageConfig;
}

/**
 * The stage's single table, built from the one table definition the local stack also uses:
 * keys, indexes, TTL and stream come from there, never restated here.
 */
export class Data extends Construct {
  readonly table: TableV2;

  constructor(scope: Construct, id: string, { config }: DataProps) {
    super(scope, id);
    this.table = new TableV2(this, 'Table', {
      partitionKey: attribute(tableDefinition.partitionKey),
      sortKey: attribute(tableDefinition.sortKey),
      globalSecondaryIndexes: tableDefinition.globalSecondaryIndexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
        projectionType: projectionType[index.projection],
      })),
      // On-demand: traffic follows submission windows and promotion waves, not a steady rate.
      billing: Billing.onDemand(),
      // The stream drives notifications and counters (DESIGN: Notifications).
      dynamoStream: streamViewType[tableDefinition.stream],
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: config.deletionProtection,
      removalPolicy: config.removalPolicy,
    });
  }
}
