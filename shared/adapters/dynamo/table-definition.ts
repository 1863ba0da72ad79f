/**
 * The one definition of Pantau's single table. The CDK stack (infra/cloud) and the local stack
 * (infra/local, tests) both build the table from this object, so the two cannot drift.
 *
 * Access patterns (each a Get or a Query, never a Scan):
 * - proposal with its history and deliveries: pk = PROPOSAL#<id>
 * - an employee's proposals, newest first:     byEmployee  gsi1pk = EMP#<nip>, gsi1sk = <createdAt>#<id>
 * - an agency's candidates' proposals (no NIP yet), newest first:
 *                                              byEmployee  gsi1pk = CANDIDATES#<agencyId>, gsi1sk = <createdAt>#<id>
 * - an organisation's queue for a role, by due date:
 *                                              byQueue     gsi2pk = QUEUE#<orgId>#<role>, gsi2sk = <dueAt>#<id>
 * - open items by due day (sparse, sharded):   byDueDay    gsi3pk = DUE#<yyyy-mm-dd>#<shard>, gsi3sk = <dueAt>#<id>
 * - employee profile by NIP:                   pk = EMPLOYEE#<nip>
 *   and what each import changed on it:        pk = EMPLOYEE#<nip>, sk = CHANGE#<version>
 * - an agency's employee records, by NIP:      byEmployee  gsi1pk = EMPLOYEES#<agencyId>, gsi1sk = <nip>
 * - organisation:                              pk = ORG#<id>
 * - calendar by year:                          pk = CALENDAR#<year>
 * - idempotency records (TTL):                 pk = IDEMPOTENCY#<userId>#<key>
 */
export interface KeyAttribute {
  name: string;
  type: 'S' | 'N';
}

export interface IndexDefinition {
  indexName: string;
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  projection: 'ALL' | 'KEYS_ONLY';
}

export interface TableDefinition {
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  timeToLiveAttribute: string;
  stream: 'NEW_AND_OLD_IMAGES';
  globalSecondaryIndexes: readonly IndexDefinition[];
}

export const INDEX = {
  byEmployee: 'byEmployee',
  byQueue: 'byQueue',
  byDueDay: 'byDueDay',
} as const;

export const tableDefinition: TableDefinition = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  timeToLiveAttribute: 'expiresAt',
  stream: 'NEW_AND_OLD_IMAGES',
  globalSecondaryIndexes: [
    { indexName: INDEX.byEmployee, partitionKey: { name: 'gsi1pk', type: 'S' }, sortKey: { name: 'gsi1sk', type: 'S' }, projection: 'ALL' },
    { indexName: INDEX.byQueue, partitionKey: { name: 'gsi2pk', type: 'S' }, sortKey: { name: 'gsi2sk', type: 'S' }, projection: 'ALL' },
    { indexName: INDEX.byDueDay, partitionKey: { name: 'gsi3pk', type: 'S' }, sortKey: { name: 'gsi3sk', type: 'S' }, projection: 'ALL' },
  ],
};

/** The same definition as a CreateTable request, for DynamoDB Local. (Plain object: no SDK import.) */
export function createTableInput(tableName: string) {
  const attributes = new Map<string, KeyAttribute>();
  for (const key of [tableDefinition.partitionKey, tableDefinition.sortKey]) attributes.set(key.name, key);
  for (const index of tableDefinition.globalSecondaryIndexes) {
    attributes.set(index.partitionKey.name, index.partitionKey);
    attributes.set(index.sortKey.name, index.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [...attributes.values()].map((a) => ({ AttributeName: a.name, AttributeType: a.type })),
    KeySchema: [
      { AttributeName: tableDefinition.partitionKey.name, KeyType: 'HASH' as const },
      { AttributeName: tableDefinition.sortKey.name, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: tableDefinition.globalSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey.name, KeyType: 'HASH' as const },
        { AttributeName: index.sortKey.name, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: index.projection },
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: tableDefinition.stream },
  };
}
