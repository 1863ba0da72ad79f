import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Organisation } from '../../domain/actors';
import type { Employee } from '../../domain/employees';
import type { UserProfile } from '../../domain/users';
import { DomainError } from '../../domain/errors';
import { keys, stripStorage } from './keys';

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
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.organisation(org.id), entity: 'ORG', ...org } }));
    this.orgCache.delete(org.id);
  }

  async getUser(userId: string): Promise<UserProfile | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.user(userId) }));
    return Item ? stripStorage<UserProfile>(Item) : undefined;
  }

  async putUser(user: UserProfile): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.user(user.userId), entity: 'USER', ...user } }));
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
          Item: { ...keys.employee(employee.nip), entity: 'EMPLOYEE', ...employee },
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': expectedVersion },
        }),
      );
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') throw new DomainError('VERSION_CONFLICT', { expectedVersion });
      throw error;
    }
  }

  async putEmployee(employee: Employee): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.employee(employee.nip), entity: 'EMPLOYEE', ...employee } }));
  }
}
