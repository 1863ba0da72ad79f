import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { NextReminder, Timer } from '../../domain/proposal/timer';
import { retirementReminderAt } from '../../domain/sla/retirement';
import { DUE_DAY_SHARDS, dueKeys, timerItem } from './proposal-repository';
import { keys, stripStorage } from './keys';
import { mapBounded, queryAll } from './query-all';
import { INDEX } from './table-definition';

export interface RetirementTimer {
  nip: string;
  name: string;
  agencyId: string;
  retirementDate: string;
  next: { monthsBefore: 12 | 6; on: string } | null;
}

export function retirementTimerItem(timer: RetirementTimer): Record<string, unknown> {
  return { ...keys.retirementTimer(timer.nip), entity: 'RETIREMENT_TIMER', ...timer, ...(timer.next ? dueKeys('RET', timer.nip, retirementReminderAt(timer.next.on)) : {}) };
}

/** One day's shards at once: few enough sockets (and, in AWS, TLS handshakes) for a cold container. */
const BUCKETS_AT_ONCE = DUE_DAY_SHARDS;

const isConditionFailure = (error: unknown) => (error as { name?: string })?.name === 'ConditionalCheckFailedException';

/**
 * What the scheduled jobs read and write: timers by the day of their next reminder (sharded day
 * buckets of the sparse byDueDay index, so a run reads only what is due), and each job's last run.
 */
export class JobRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Items of day buckets `prefix#day#00..15` whose instant is at or before `until`, in bucket
   * order. The buckets are independent Queries, so up to BUCKETS_AT_ONCE run together: in AWS each
   * is a round trip of a few ms, and a run makes 16 a day since its mark (32 for a run every 30
   * minutes, 5,840 after a year off). Eventually consistent: an item not yet in the index is due
   * on or after the mark's day, which the next run reads again.
   */
  async dueIn<T>(prefix: 'DUE' | 'RET', days: readonly string[], until: string): Promise<{ items: T[]; consumed: number }> {
    const buckets = days.flatMap((day) => Array.from({ length: DUE_DAY_SHARDS }, (_, shard) => `${prefix}#${day}#${String(shard).padStart(2, '0')}`));
    const pages = await mapBounded(buckets, BUCKETS_AT_ONCE, (bucket) =>
      queryAll(this.doc, {
        TableName: this.tableName,
        IndexName: INDEX.byDueDay,
        KeyConditionExpression: 'gsi3pk = :bucket AND gsi3sk <= :until',
        ExpressionAttributeValues: { ':bucket': bucket, ':until': `${until}#\uffff` },
      }),
    );
    return {
      items: pages.flatMap((page) => page.items.map((item) => stripStorage<T>(item))),
      consumed: pages.reduce((sum, page) => sum + page.consumed, 0),
    };
  }

  /**
   * Moves a timer to its next reminder, only if nobody moved it since it was read (another run,
   * or a transition that replaced it). Returns false when it had moved: the reminder was someone else's.
   */
  async advanceTimer(timer: Timer, sent: Timer['lastSent'], next: NextReminder | null): Promise<boolean> {
    const item = timerItem({ ...timer, lastSent: sent, next });
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'startedBySeq = :seq AND #next.#at = :at',
          ExpressionAttributeNames: { '#next': 'next', '#at': 'at' },
          ExpressionAttributeValues: { ':seq': timer.startedBySeq, ':at': timer.next?.at ?? '' },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async putRetirementTimer(timer: RetirementTimer): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: retirementTimerItem(timer) }));
  }

  async advanceRetirementTimer(timer: RetirementTimer, next: RetirementTimer['next']): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: retirementTimerItem({ ...timer, next }),
          ConditionExpression: '#next.#on = :on',
          ExpressionAttributeNames: { '#next': 'next', '#on': 'on' },
          ExpressionAttributeValues: { ':on': timer.next?.on ?? '' },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /**
   * Eventually consistent: runs are 30 minutes apart, and a stale mark only widens the window a
   * run looks back over; each timer moves on a condition, so nothing is sent twice.
   */
  async lastRun(job: string): Promise<string | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.jobState(job) }));
    return typeof Item?.lastRunAt === 'string' ? Item.lastRunAt : undefined;
  }

  /**
   * Moves a mark back to `to` if it lies after it; true when it did. For a local stack whose clock
   * starts before the marks its kept table holds (PANTAU_NOW earlier than a past session's clock):
   * runs would read only from that later day and skip what falls due before it. Reading a day twice
   * costs Queries only: each timer moves on a condition.
   */
  async rewindMark(job: string, to: string): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.jobState(job),
          UpdateExpression: 'SET lastRunAt = :to',
          ConditionExpression: 'lastRunAt > :to',
          ExpressionAttributeValues: { ':to': to },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async recordRun(job: string, at: string, summary: Record<string, unknown>): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.jobState(job),
        // Never move the mark backwards: a run "as of" an earlier instant must not re-open the past.
        UpdateExpression: 'SET entity = :entity, lastRunAt = :at, lastSummary = :summary',
        ConditionExpression: 'attribute_not_exists(lastRunAt) OR lastRunAt <= :at',
        ExpressionAttributeValues: { ':entity': 'JOB_STATE', ':at': at, ':summary': summary },
      }),
    ).catch((error: unknown) => {
      if (!isConditionFailure(error)) throw error;
    });
  }
}
