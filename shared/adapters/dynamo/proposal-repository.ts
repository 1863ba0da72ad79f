import { createHash } from 'node:crypto';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../../domain/errors';
import { cancellationReasons, itemOfFailedCondition } from './failed-condition';
import type { Change } from '../../domain/proposal/lifecycle';
import type { Delivery } from '../../domain/notifications/types';
import type { Timer } from '../../domain/proposal/timer';
import type { HistoryEvent, Proposal } from '../../domain/proposal/types';
import type { DocumentVersion } from '../../domain/documents/types';
import { decodeCursor, encodeCursor } from './cursor';
import { employeeItem, keys, stripStorage } from './keys';
import { queryAll } from './query-all';
import { INDEX } from './table-definition';

/**
 * Open items are spread over this many shards per due day, so one day's bucket of the byDueDay
 * index never becomes a hot partition (see README, design notes).
 */
export const DUE_DAY_SHARDS = 16;

export function dueShard(id: string): number {
  return createHash('sha256').update(id).digest().readUInt16BE(0) % DUE_DAY_SHARDS;
}

export function proposalItem(proposal: Proposal): Record<string, unknown> {
  const { assignment } = proposal;
  return {
    ...keys.proposal(proposal.id),
    entity: 'PROPOSAL',
    ...proposal,
    // An employee's list; a candidate's proposal is listed under its agency's candidates until
    // the number is assigned, then joins the new employee's list.
    gsi1pk: proposal.nip !== undefined ? keys.byEmployee(proposal.nip) : keys.candidatesOf(proposal.agencyId),
    gsi1sk: `${proposal.createdAt}#${proposal.id}`,
    // Sparse: only proposals waiting on someone are in a queue, by due date: an organisation's
    // role, or a person (the applicant fixing it, the direct supervisor).
    ...(assignment
      ? { gsi2pk: assignment.nip !== undefined ? keys.personalQueue(assignment.nip) : keys.byQueue(assignment.orgId, assignment.role), gsi2sk: `${assignment.dueAt}#${proposal.id}` }
      : {}),
  };
}

/** The byDueDay keys of a reminder instant: day bucket (UTC date) and shard, then the instant. */
export function dueKeys(prefix: 'DUE' | 'RET', id: string, at: string) {
  return { gsi3pk: `${prefix}#${at.slice(0, 10)}#${String(dueShard(id)).padStart(2, '0')}`, gsi3sk: `${at}#${id}` };
}

/** Sparse: only a timer with a reminder still to fire is in the index, under that reminder's day. */
export function timerItem(timer: Timer): Record<string, unknown> {
  return { ...keys.timer(timer.proposalId), entity: 'TIMER', ...timer, ...(timer.next ? dueKeys('DUE', timer.proposalId, timer.next.at) : {}) };
}

export function eventItem(event: HistoryEvent): Record<string, unknown> {
  return { ...keys.event(event.proposalId, event.seq), entity: 'EVENT', ...event };
}

export type Consistency = 'strong' | 'eventual';

export interface ProposalRecord {
  proposal: Proposal;
  history: HistoryEvent[];
  deliveries: Delivery[];
  /** The uploaded document versions, registered ones only. */
  documents: DocumentVersion[];
}

/** A document item is a registered version once it has a version number; before, it holds only an early scan verdict. */
export const isRegisteredDocument = (item: Record<string, unknown>): boolean => item.entity === 'DOCUMENT' && typeof item.version === 'number';

export function recordOf(items: readonly Record<string, unknown>[]): ProposalRecord | undefined {
  const proposal = items.find((item) => item.entity === 'PROPOSAL');
  if (!proposal) return undefined;
  return {
    proposal: stripStorage<Proposal>(proposal),
    history: items.filter((item) => item.entity === 'EVENT').map((item) => stripStorage<HistoryEvent>(item)),
    deliveries: items.filter((item) => item.entity === 'DELIVERY').map((item) => stripStorage<Delivery>(item)),
    documents: items.filter(isRegisteredDocument).map((item) => stripStorage<DocumentVersion>(item)),
  };
}

/**
 * A completion that draws a number lost its race: another completion moved the counter first
 * (`counter`), or the number drawn already belongs to a record (`taken`, e.g. one loaded before
 * the counter existed). The caller reads the counter again and retries.
 */
export class NumberRaceLost extends Error {
  constructor(readonly reason: 'counter' | 'taken') {
    super(`number race lost: ${reason}`);
    this.name = 'NumberRaceLost';
  }
}

export interface IdempotencyRecord {
  requestHash: string;
  statusCode: number;
  body: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export class ProposalRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * The proposal item alone, without its history or deliveries: one GetItem. Strongly consistent by
   * default; `eventual` for reads that only show (half the read units: 0.5 RCU under 4 KB).
   */
  async get(id: string, consistency: Consistency = 'strong'): Promise<Proposal | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.proposal(id), ConsistentRead: consistency === 'strong' }));
    return Item ? stripStorage<Proposal>(Item) : undefined;
  }

  /**
   * The proposal, its history and its deliveries: one partition, one Query (paged only for very
   * long histories). Strongly consistent by default, for whoever writes on what they read;
   * `eventual` for reads that only show (half the read units).
   */
  async getWithHistory(id: string, consistency: Consistency = 'strong'): Promise<ProposalRecord | undefined> {
    return recordOf(await this.partition(id, consistency));
  }

  /**
   * What public tracking needs in one eventually consistent Query: the proposal (if there is one)
   * and the hour's wrong-PIN count, which lives in the same partition, known number or not. A
   * replica a moment behind lets at most a guess or two more through in that hour.
   */
  async getForTracking(id: string, hour: string): Promise<{ found: ProposalRecord | undefined; failures: number }> {
    const items = await this.partition(id, 'eventual');
    const counter = items.find((item) => item.sk === keys.trackingFailures(id, hour).sk);
    return { found: recordOf(items), failures: typeof counter?.count === 'number' ? counter.count : 0 };
  }

  /** Every item of a proposal's partition, as stored. */
  async partition(id: string, consistency: Consistency): Promise<Record<string, unknown>[]> {
    const { items } = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.proposal(id).pk },
      ConsistentRead: consistency === 'strong',
    });
    return items;
  }

  /**
   * Writes a new proposal and its first event; with an idempotency record in the same
   * transaction, so a retried create finds the first answer instead of filing twice.
   * Returns the stored answer when the key was already used.
   */
  async create(change: Change, idempotency?: { userId: string; key: string; record: IdempotencyRecord; nowEpoch: number; ttlSeconds: number }): Promise<IdempotencyRecord | undefined> {
    const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
      { Put: { TableName: this.tableName, Item: proposalItem(change.proposal), ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { TableName: this.tableName, Item: eventItem(change.event), ConditionExpression: 'attribute_not_exists(pk)' } },
    ];
    if (idempotency) {
      items.push({
        Put: {
          TableName: this.tableName,
          Item: {
            ...keys.idempotency(idempotency.userId, idempotency.key),
            entity: 'IDEMPOTENCY',
            ...idempotency.record,
            proposalId: change.proposal.id,
            expiresAt: idempotency.nowEpoch + idempotency.ttlSeconds,
          },
          // TTL deletion lags by days: an expired record may still be there, and no longer counts.
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': idempotency.nowEpoch },
        },
      });
    }
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
      return undefined;
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!idempotency || !reasons) throw error;
      if (reasons[2]?.Code === 'ConditionalCheckFailed' || reasons.some((r) => r.Code === 'TransactionConflict')) {
        const stored = await this.getIdempotency(idempotency.userId, idempotency.key, idempotency.nowEpoch);
        if (stored) return stored;
        // A concurrent twin is still committing: tell the client to retry in a moment.
        throw new DomainError('IDEMPOTENCY_IN_PROGRESS');
      }
      throw error;
    }
  }

  /** The last sequence drawn under a number prefix; 0 before the first. */
  async numberCounter(prefix: string): Promise<number> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.numberCounter(prefix), ConsistentRead: true }));
    return typeof Item?.sequence === 'number' ? Item.sequence : 0;
  }

  async getIdempotency(userId: string, key: string, nowEpoch: number): Promise<IdempotencyRecord | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.idempotency(userId, key), ConsistentRead: true }));
    if (!Item || (typeof Item.expiresAt === 'number' && Item.expiresAt < nowEpoch)) return undefined;
    return { requestHash: String(Item.requestHash), statusCode: Number(Item.statusCode), body: String(Item.body) };
  }

  /**
   * One transition, one transaction: the proposal on the condition that its version is the one
   * the caller saw, and the new history event beside it, never overwriting one.
   */
  async save(change: Change, expectedVersion: number, timer?: Timer | null): Promise<void> {
    // The SLA clock changes with the transition, in the same transaction: a new stage's timer
    // replaces the old one; a closed proposal's timer goes.
    const timerWrite =
      timer === undefined ? [] : timer === null ? [{ Delete: { TableName: this.tableName, Key: keys.timer(change.proposal.id) } }] : [{ Put: { TableName: this.tableName, Item: timerItem(timer) } }];
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: proposalItem(change.proposal),
                ConditionExpression: 'version = :expected',
                ExpressionAttributeValues: { ':expected': expectedVersion },
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
            { Put: { TableName: this.tableName, Item: eventItem(change.event), ConditionExpression: 'attribute_not_exists(pk)' } },
            ...timerWrite,
            // A completion's effect on the employee's record, only if nobody changed it meanwhile;
            // a new record (a candidate's) only if no record has its number.
            ...(change.employee
              ? [{
                  Put: {
                    TableName: this.tableName,
                    Item: employeeItem(change.employee),
                    ...(change.employee.version === 1
                      ? { ConditionExpression: 'attribute_not_exists(pk)' }
                      : { ConditionExpression: 'version = :employeeVersion', ExpressionAttributeValues: { ':employeeVersion': change.employee.version - 1 } }),
                  },
                }]
              : []),
            // The conditional counter: it moves only from the value the sequence was drawn from,
            // so two completions racing under one prefix never draw the same number.
            ...(change.numberDrawn
              ? [{
                  Update: {
                    TableName: this.tableName,
                    Key: keys.numberCounter(change.numberDrawn.prefix),
                    UpdateExpression: 'SET #sequence = :sequence, entity = :entity',
                    ConditionExpression: change.numberDrawn.previous === 0 ? 'attribute_not_exists(pk)' : '#sequence = :previous',
                    ExpressionAttributeNames: { '#sequence': 'sequence' },
                    ExpressionAttributeValues: {
                      ':sequence': change.numberDrawn.sequence,
                      ':entity': 'NUMBER_COUNTER',
                      ...(change.numberDrawn.previous === 0 ? {} : { ':previous': change.numberDrawn.previous }),
                    },
                  },
                }]
              : []),
          ],
        }),
      );
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons) throw error;
      const proposalMoved = reasons[0]?.Code === 'ConditionalCheckFailed';
      const employeeAt = 2 + timerWrite.length;
      if (change.numberDrawn && !proposalMoved) {
        if (reasons[employeeAt + 1]?.Code === 'ConditionalCheckFailed' || reasons.some((r) => r.Code === 'TransactionConflict')) throw new NumberRaceLost('counter');
        if (reasons[employeeAt]?.Code === 'ConditionalCheckFailed') throw new NumberRaceLost('taken');
      }
      // Lost the race: someone else moved the proposal, or changed the employee's record.
      if (change.employee && reasons[employeeAt]?.Code === 'ConditionalCheckFailed' && !proposalMoved) {
        throw new DomainError('VERSION_CONFLICT', { resource: 'employee', reason: 'the employee record changed meanwhile' });
      }
      const current = itemOfFailedCondition(reasons[0]?.Item)?.version;
      throw new DomainError('VERSION_CONFLICT', { expectedVersion, ...(current !== undefined ? { currentVersion: Number(current) } : {}) });
    }
  }

  async recordTrackingFailure(id: string, hour: string, expiresAt: number): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.trackingFailures(id, hour),
        UpdateExpression: 'ADD #count :one SET entity = :entity, expiresAt = :expiresAt',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: { ':one': 1, ':entity': 'TRACKING_FAILURES', ':expiresAt': expiresAt },
      }),
    );
  }

  /** An employee's proposals, newest first. */
  async listByEmployee(nip: string, page: { limit: number; cursor?: string }): Promise<Page<Proposal>> {
    const partition = keys.byEmployee(nip);
    return this.queryIndex(INDEX.byEmployee, ['gsi1pk', 'gsi1sk'], partition, page, false);
  }

  /** An agency's candidates' proposals (NIP or NI PPPK not yet assigned), newest first. */
  async listCandidates(agencyId: string, page: { limit: number; cursor?: string }): Promise<Page<Proposal>> {
    return this.queryIndex(INDEX.byEmployee, ['gsi1pk', 'gsi1sk'], keys.candidatesOf(agencyId), page, false);
  }

  /** What waits on one person (the applicant fixing it, the direct supervisor), the soonest due first. */
  async listPersonalQueue(nip: string, page: { limit: number; cursor?: string }): Promise<Page<Proposal>> {
    return this.queryIndex(INDEX.byQueue, ['gsi2pk', 'gsi2sk'], keys.personalQueue(nip), page, true);
  }

  /** An organisation's queue for a role, the soonest due first. */
  async listQueue(orgId: string, role: string, page: { limit: number; cursor?: string }): Promise<Page<Proposal>> {
    return this.queryIndex(INDEX.byQueue, ['gsi2pk', 'gsi2sk'], keys.byQueue(orgId, role), page, true);
  }

  /** A whole queue, for the daily digest: its cost follows the open items, not the table. */
  async listWholeQueue(orgId: string, role: string): Promise<{ items: Proposal[]; consumed: number }> {
    const { items, consumed } = await queryAll(this.doc, {
      TableName: this.tableName,
      IndexName: INDEX.byQueue,
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.byQueue(orgId, role) },
    });
    return { items: items.map((item) => stripStorage<Proposal>(item)), consumed };
  }

  private async queryIndex(indexName: string, [pkName, skName]: [string, string], partition: string, page: { limit: number; cursor?: string }, ascending: boolean): Promise<Page<Proposal>> {
    const start = decodeCursor(page.cursor, { attributes: ['pk', 'sk', pkName, skName], partition: [pkName, partition] });
    const result = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: indexName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': pkName },
        ExpressionAttributeValues: { ':pk': partition },
        ScanIndexForward: ascending,
        Limit: page.limit,
        ExclusiveStartKey: start,
      }),
    );
    return {
      items: (result.Items ?? []).map((item) => stripStorage<Proposal>(item)),
      nextCursor: encodeCursor(result.LastEvaluatedKey),
    };
  }
}
