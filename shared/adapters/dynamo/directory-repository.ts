import { GetCommand, PutCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Organisation, Role, TimeZone } from '../../domain/actors';
import type { Employee } from '../../domain/employees';
import type { UserProfile } from '../../domain/users';
import { DomainError } from '../../domain/errors';
import { employeeItem, keys, membershipItem, stripStorage } from './keys';
import { queryAll } from './query-all';
import { queryPage, type PageRequest } from './query-page';
import { INDEX } from './table-definition';

/**
 * Organisations and employee records. Organisations change rarely and are read on every request
 * (to resolve the actor's scope), so they are cached in memory for a few minutes per container.
 */
export class DirectoryRepository {
  private readonly orgCache = new Map<string, { org: Organisation | undefined; until: number }>();

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly orgCacheMs = 5 * 60_000,
  ) {}

  async getOrganisation(id: string): Promise<Organisation | undefined> {
    const cached = this.orgCache.get(id);
    if (cached && cached.until > Date.now()) return cached.org;
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.organisation(id) }));
    const org = Item ? stripStorage<Organisation>(Item) : undefined;
    this.orgCache.set(id, { org, until: Date.now() + this.orgCacheMs });
    return org;
  }

  async putOrganisation(org: Organisation): Promise<void> {
    // Listed by zone (byEmployee index, ORGS#<zone>), for the jobs that go through every agency.
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.organisation(org.id), entity: 'ORG', ...org, gsi1pk: keys.orgsIn(org.timeZone), gsi1sk: org.id } }));
    this.orgCache.delete(org.id);
  }

  /** Every organisation in a time zone (a few hundred at most): one Query. */
  async organisationsIn(zone: TimeZone): Promise<{ items: Organisation[]; consumed: number }> {
    return this.queryAll<Organisation>(INDEX.byEmployee, 'gsi1pk', keys.orgsIn(zone));
  }

  /** The staff holding a role in an organisation: the people a queue's reminders and digests go to. */
  async staffOf(orgId: string, role: Role): Promise<{ items: { userId: string }[]; consumed: number }> {
    return this.queryAll<{ userId: string }>(INDEX.byQueue, 'gsi2pk', keys.staff(orgId, role));
  }

  private async queryAll<T>(indexName: string, keyName: string, value: string): Promise<{ items: T[]; consumed: number }> {
    const { items, consumed } = await queryAll(this.doc, {
      TableName: this.tableName,
      IndexName: indexName,
      KeyConditionExpression: '#k = :v',
      ExpressionAttributeNames: { '#k': keyName },
      ExpressionAttributeValues: { ':v': value },
    });
    return { items: items.map((item) => stripStorage<T>(item)), consumed };
  }

  async getUser(userId: string): Promise<UserProfile | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.user(userId) }));
    return Item ? stripStorage<UserProfile>(Item) : undefined;
  }

  /**
   * A staff profile and one membership per role (so a role's staff are one Query away), in one
   * transaction. Given the profile it replaces, the memberships of roles or an office no longer
   * held are removed, so reminders reach who works a queue now. Last writer wins: it is one
   * person's own settings (or the seed's).
   */
  async saveUser(user: UserProfile, previous?: UserProfile): Promise<void> {
    const held = user.roles.map((role) => membershipItem(user.userId, role, user.orgId));
    const heldKeys = new Set(held.map((item) => item.sk));
    const dropped = previous ? previous.roles.map((role) => keys.membership(previous.userId, role, previous.orgId)).filter((key) => !heldKeys.has(key.sk)) : [];
    await this.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.tableName, Item: { ...keys.user(user.userId), entity: 'USER', ...user } } },
          ...held.map((item) => ({ Put: { TableName: this.tableName, Item: item } })),
          ...dropped.map((key) => ({ Delete: { TableName: this.tableName, Key: key } })),
        ],
      }),
    );
  }

  async getEmployee(nip: string): Promise<Employee | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.employee(nip) }));
    return Item ? stripStorage<Employee>(Item) : undefined;
  }

  /** Saves an edited record only if nobody changed it since it was read. */
  async saveEmployee(employee: Employee, expectedVersion: number): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: employeeItem(employee),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': expectedVersion },
        }),
      );
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') throw new DomainError('VERSION_CONFLICT', { expectedVersion });
      throw error;
    }
  }

  /**
   * One page of an agency's employee records, by NIP: one Query of its partition of the byEmployee
   * index (EMPLOYEES#<agencyId>), eventually consistent, so a page costs what its records weigh,
   * whatever else the table holds.
   */
  async employeesOfAgency(agencyId: string, page: PageRequest): Promise<{ items: Employee[]; nextCursor: string | null }> {
    const result = await queryPage(this.doc, this.tableName, { indexName: INDEX.byEmployee, keyNames: ['gsi1pk', 'gsi1sk'], partition: keys.employeesOf(agencyId) }, page);
    return { items: result.items.map((item) => stripStorage<Employee>(item)), nextCursor: result.nextCursor };
  }

  async putEmployee(employee: Employee): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: employeeItem(employee) }));
  }
}
