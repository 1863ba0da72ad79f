import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { OrgKind, Role } from '../../domain/actors';
import { adminRoleOf, type StaffChangeEvent, type StaffMember } from '../../domain/directory/staff';
import type { NotificationPreferences } from '../../domain/employees';
import { queryPage } from './query-page';
import { cancellationReasons, failedAt } from './failed-condition';
import { keys, membershipItem, stripStorage } from './keys';
import { INDEX } from './table-definition';
import type { Page } from './proposal-repository';

/**
 * A staff change in flight, under the admin's Idempotency-Key: written before Cognito is called,
 * marked done in the same transaction as the directory's change. A retry of the same request finds
 * it and finishes (or replays) what the first attempt began.
 */
export interface StaffIntent<P> {
  requestHash: string;
  state: 'PENDING' | 'DONE';
  plan: P;
  /** The answer, once done: a replay sends it again as it is. */
  statusCode?: number;
  body?: string;
}

/** The directory's side of one change: the member as they become, and what the transaction must hold. */
export interface StaffCommit {
  member: StaffMember;
  event: StaffChangeEvent;
  /** The member's version the change was decided on; undefined for an invitation (the member must not exist yet). */
  expectedVersion?: number;
  /** Roles (in member.orgId) whose memberships go: held before, not held or not active now. */
  droppedRoles: Role[];
  adminDelta: -1 | 0 | 1;
  intent: { userId: string; key: string; statusCode: number; body: string };
}

/** Why a commit's transaction was refused. */
export type CommitRefusal = 'version' | 'last-admin' | 'done';

export class CommitRefused extends Error {
  constructor(readonly reason: CommitRefusal) {
    super(`staff change refused: ${reason}`);
    this.name = 'CommitRefused';
  }
}

const BY_EMPLOYEE = { indexName: INDEX.byEmployee, keyNames: ['gsi1pk', 'gsi1sk'] } as const;

const memberItem = (member: StaffMember) => ({ ...keys.user(member.userId), entity: 'USER', ...member, gsi1pk: keys.membersOf(member.orgId), gsi1sk: member.username });

/** The roles whose queues an active member works (reminders and digests go to them). */
const heldRoles = (member: StaffMember): Role[] => (member.status === 'ACTIVE' ? member.roles : []);

/** Fields a member written before staff management have not got; read as what they were then. */
function normalised(item: Record<string, unknown>): StaffMember {
  const member = stripStorage<StaffMember>(item);
  return { ...member, status: member.status ?? 'ACTIVE', version: member.version ?? 0, createdAt: member.createdAt ?? '', updatedAt: member.updatedAt ?? '' };
}

/**
 * Staff members, their change log and the intents of changes in flight. A member is the USER item
 * the notices have always read (directory-repository.ts `getUser`), with the admins' state on it.
 */
export class StaffRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The member behind a token's subject: read on every signed-in request, so eventually consistent (half the price). */
  async getMember(userId: string): Promise<StaffMember | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.user(userId) }));
    return Item && Item.entity === 'USER' ? normalised(Item) : undefined;
  }

  /** The member a username names, or undefined (also while an invitation of it is still in flight). */
  async getMemberByUsername(username: string): Promise<StaffMember | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.username(username) }));
    const userId = Item?.userId as string | undefined;
    return userId ? this.getMember(userId) : undefined;
  }

  /** How many active admins the organisation has: an early refusal's count (eventually consistent will do: the write's condition on the count is what holds). */
  async activeAdmins(orgId: string): Promise<number> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.orgAdmins(orgId) }));
    return Number(Item?.active ?? 0);
  }

  /** One page of an organisation's members by username; a role filter reads the same page and keeps the holders. */
  async listMembers(orgId: string, page: { limit: number; cursor?: string; role?: Role; status?: StaffMember['status'] }): Promise<Page<StaffMember>> {
    const filters: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    if (page.role) {
      filters.push('contains(#roles, :role)');
      names['#roles'] = 'roles';
      values[':role'] = page.role;
    }
    if (page.status) {
      filters.push('#status = :status');
      names['#status'] = 'status';
      values[':status'] = page.status;
    }
    const { items, nextCursor } = await queryPage(this.doc, this.tableName, {
      ...BY_EMPLOYEE,
      partition: keys.membersOf(orgId),
      ...(filters.length ? { filter: { expression: filters.join(' AND '), names, values } } : {}),
    }, page);
    return { items: items.map(normalised), nextCursor };
  }

  /** One page of an organisation's staff changes, newest first. */
  async listChanges(orgId: string, page: { limit: number; cursor?: string }): Promise<Page<StaffChangeEvent>> {
    const { items, nextCursor } = await queryPage(this.doc, this.tableName, { ...BY_EMPLOYEE, partition: keys.staffLogOf(orgId), newestFirst: true }, page);
    return { items: items.map((item) => stripStorage<StaffChangeEvent>(item)), nextCursor };
  }

  /** A member's own edit of where their notices go: only those two fields, so it never undoes an admin's change of roles. */
  async updateProfile(userId: string, profile: { contact: StaffMember['contact']; preferences: NotificationPreferences }): Promise<StaffMember> {
    const { Attributes } = await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.user(userId),
        UpdateExpression: 'SET contact = :contact, preferences = :preferences',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':contact': profile.contact, ':preferences': profile.preferences },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return normalised(Attributes!);
  }

  async getIntent<P>(userId: string, key: string): Promise<StaffIntent<P> | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.idempotency(userId, key), ConsistentRead: true }));
    if (!Item) return undefined;
    return stripStorage<StaffIntent<P>>(Item);
  }

  /**
   * Writes a new intent; for an invitation, with the username's reservation in the same
   * transaction. Answers 'exists' when the same key was written meanwhile (a concurrent retry),
   * 'taken' when another invitation holds the username.
   */
  async putIntent<P>(userId: string, key: string, intent: StaffIntent<P>, expiresAt: number, reserve?: { username: string; orgId: string }): Promise<'written' | 'exists' | 'taken'> {
    const intentKey = keys.idempotency(userId, key);
    const intentItem = { ...intentKey, entity: 'STAFF_INTENT', ...intent, expiresAt };
    if (!reserve) {
      // One item: a conditional Put, half a transaction's price.
      try {
        await this.doc.send(new PutCommand({ TableName: this.tableName, Item: intentItem, ConditionExpression: 'attribute_not_exists(pk)' }));
        return 'written';
      } catch (error) {
        if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return 'exists';
        throw error;
      }
    }
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: intentItem, ConditionExpression: 'attribute_not_exists(pk)' } },
            { Put: { TableName: this.tableName, Item: { ...keys.username(reserve.username), entity: 'USERNAME', username: reserve.username, orgId: reserve.orgId, intent: intentKey.pk }, ConditionExpression: 'attribute_not_exists(pk)' } },
          ],
        }),
      );
      return 'written';
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons) throw error;
      if (failedAt(reasons, 0)) return 'exists';
      if (failedAt(reasons, 1)) return 'taken';
      throw error;
    }
  }

  /** Closes an intent that could not be carried out (its answer a refusal), releasing a username it reserved. */
  async closeIntent(userId: string, key: string, answer: { statusCode: number; body: string }, releaseUsername?: string): Promise<void> {
    const intentKey = keys.idempotency(userId, key);
    await this.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: this.tableName,
              Key: intentKey,
              UpdateExpression: 'SET #state = :done, statusCode = :status, body = :body',
              ConditionExpression: '#state = :pending',
              ExpressionAttributeNames: { '#state': 'state' },
              ExpressionAttributeValues: { ':done': 'DONE', ':pending': 'PENDING', ':status': answer.statusCode, ':body': answer.body },
            },
          },
          ...(releaseUsername
            ? [{ Delete: { TableName: this.tableName, Key: keys.username(releaseUsername), ConditionExpression: '#intent = :intent', ExpressionAttributeNames: { '#intent': 'intent' }, ExpressionAttributeValues: { ':intent': intentKey.pk } } }]
            : []),
        ],
      }),
    );
  }

  /**
   * The directory's side of a change, all or nothing: the member (on the version it was decided
   * on), their memberships, the change event, the organisation's admin count (never below one),
   * the username's owner for an invitation, and the intent marked done with its answer.
   */
  async commit(change: StaffCommit): Promise<void> {
    const { member, event, intent } = change;
    const held = heldRoles(member);
    const items = [
      {
        Put: {
          TableName: this.tableName,
          Item: memberItem(member),
          ...(change.expectedVersion === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: '#version = :expected', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':expected': change.expectedVersion } }),
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: keys.idempotency(intent.userId, intent.key),
          UpdateExpression: 'SET #state = :done, statusCode = :status, body = :body',
          ConditionExpression: '#state = :pending',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':done': 'DONE', ':pending': 'PENDING', ':status': intent.statusCode, ':body': intent.body },
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.staffChange(member.userId, event.seq), entity: 'STAFF_CHANGE', ...event, gsi1pk: keys.staffLogOf(event.orgId), gsi1sk: `${event.at}#${event.username}#${String(event.seq).padStart(6, '0')}` },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...(change.adminDelta !== 0
        ? [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.orgAdmins(member.orgId),
                UpdateExpression: 'ADD active :delta',
                ExpressionAttributeValues: { ':delta': change.adminDelta, ...(change.adminDelta < 0 ? { ':least': 2 } : {}) },
                // Taking an admin away needs another to stay: the count is checked where it is changed, so two admins demoting each other cannot both win.
                ...(change.adminDelta < 0 ? { ConditionExpression: 'active >= :least' } : {}),
              },
            },
          ]
        : []),
      ...(event.action === 'invite' ? [{ Update: { TableName: this.tableName, Key: keys.username(member.username), UpdateExpression: 'SET userId = :userId', ExpressionAttributeValues: { ':userId': member.userId } } }] : []),
      ...held.map((role) => ({ Put: { TableName: this.tableName, Item: membershipItem(member.userId, role, member.orgId) } })),
      ...change.droppedRoles.filter((role) => !held.includes(role)).map((role) => ({ Delete: { TableName: this.tableName, Key: keys.membership(member.userId, role, member.orgId) } })),
    ];
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons) throw error;
      const failed = (index: number) => failedAt(reasons, index);
      if (failed(1)) throw new CommitRefused('done');
      if (failed(0)) throw new CommitRefused('version');
      if (change.adminDelta < 0 && failed(3)) throw new CommitRefused('last-admin');
      throw error;
    }
  }

  /**
   * Seeds members directly (the local stack's demo staff, tests): each with its memberships and
   * its place in the admin count, once; a member already there is kept as it is.
   */
  async seedMember(member: StaffMember, orgKind: OrgKind): Promise<'created' | 'kept'> {
    const isAdmin = member.status === 'ACTIVE' && member.roles.includes(adminRoleOf(orgKind));
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: memberItem(member), ConditionExpression: 'attribute_not_exists(pk)' } },
            { Put: { TableName: this.tableName, Item: { ...keys.username(member.username), entity: 'USERNAME', username: member.username, orgId: member.orgId, userId: member.userId } } },
            ...(isAdmin ? [{ Update: { TableName: this.tableName, Key: keys.orgAdmins(member.orgId), UpdateExpression: 'ADD active :one', ExpressionAttributeValues: { ':one': 1 } } }] : []),
            ...heldRoles(member).map((role) => ({ Put: { TableName: this.tableName, Item: membershipItem(member.userId, role, member.orgId) } })),
          ],
        }),
      );
      return 'created';
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons && failedAt(reasons, 0)) return 'kept';
      throw error;
    }
  }
}
