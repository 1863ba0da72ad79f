import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Channel, Delivery, DeliveryState, Recipient } from '../../domain/notifications/types';
import { recipientKey } from '../../domain/notifications/types';
import { keys, stripStorage } from './keys';
import { itemOfFailedCondition } from './failed-condition';

export interface DeliveryKey {
  /** Deliveries about a proposal live in its partition; others (digests, ...) in their event's. */
  proposalId?: string;
  eventId: string;
  eventSeq?: number;
  channel: Channel;
  recipient: Recipient;
}

export type Claim = { claimed: true; delivery: Delivery } | { claimed: false; delivery: Delivery };

export type Suppression = { reason: 'bounce' | 'complaint'; at: string; detail?: string };

const isConditionFailure = (error: unknown) => (error as { name?: string })?.name === 'ConditionalCheckFailedException';

/**
 * Deliveries live beside the proposal (one per event, channel and recipient), so GET
 * /proposals/{id} reads them in the same Query. A sender first claims a delivery with a
 * conditional write: whoever holds the claim sends; a redelivered message finds the delivery
 * done and sends nothing. The claim is a lease, so a sender that crashes mid-send is replaced.
 */
export class DeliveryRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private key(d: DeliveryKey) {
    return keys.delivery(d, recipientKey(d.recipient));
  }

  async claim(d: DeliveryKey, now: string, leaseSeconds: number): Promise<Claim> {
    const leaseUntil = new Date(new Date(now).getTime() + leaseSeconds * 1000).toISOString();
    try {
      const { Attributes } = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(d),
          UpdateExpression:
            'SET entity = :entity, eventId = :eventId, channel = :channel, recipient = :recipient, ' +
            (d.proposalId !== undefined ? 'proposalId = :proposalId, ' : '') +
            (d.eventSeq !== undefined ? 'eventSeq = :eventSeq, ' : '') +
            '#state = :sending, leaseUntil = :leaseUntil, attempts = if_not_exists(attempts, :zero) + :one, createdAt = if_not_exists(createdAt, :now), updatedAt = :now',
          ConditionExpression:
            'attribute_not_exists(pk) OR (#state = :sending AND leaseUntil < :now) OR (#state = :deferred AND deferredUntil <= :now)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':entity': 'DELIVERY', ':eventId': d.eventId, ':channel': d.channel,
            ...(d.proposalId !== undefined ? { ':proposalId': d.proposalId } : {}),
            ...(d.eventSeq !== undefined ? { ':eventSeq': d.eventSeq } : {}),
            ':recipient': d.recipient, ':sending': 'SENDING', ':deferred': 'DEFERRED', ':leaseUntil': leaseUntil, ':zero': 0, ':one': 1, ':now': now,
          },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { claimed: true, delivery: stripStorage<Delivery>(Attributes ?? {}) };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const item = itemOfFailedCondition((error as { Item?: unknown }).Item) ?? (await this.get(d));
      if (!item) throw error;
      return { claimed: false, delivery: stripStorage<Delivery>(item as Record<string, unknown>) };
    }
  }

  private async get(d: DeliveryKey): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: this.key(d), ConsistentRead: true }));
    return Item;
  }

  /** Records the outcome; only the holder of the claim may (the state is still SENDING). */
  async finish(d: DeliveryKey, state: Exclude<DeliveryState, 'SENDING'>, fields: { messageId?: string; reason?: string; deferredUntil?: string; to?: string }, now: string): Promise<void> {
    const sets = ['#state = :state', 'updatedAt = :now'];
    const names: Record<string, string> = { '#state': 'state' };
    const values: Record<string, unknown> = { ':state': state, ':now': now, ':sending': 'SENDING' };
    for (const [name, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      // Named placeholders: `to` and friends are DynamoDB reserved words.
      sets.push(`#${name} = :${name}`);
      names[`#${name}`] = name;
      values[`:${name}`] = value;
    }
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: this.key(d),
        UpdateExpression: `SET ${sets.join(', ')} REMOVE leaseUntil`,
        ConditionExpression: '#state = :sending',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  }

  /** Gives the claim back after a transient failure, so the retry may claim it at once. */
  async release(d: DeliveryKey, now: string, reason: string): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(d),
          UpdateExpression: 'SET leaseUntil = :past, reason = :reason, updatedAt = :now',
          ConditionExpression: '#state = :sending',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':past': '1970-01-01T00:00:00.000Z', ':reason': reason, ':now': now, ':sending': 'SENDING' },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async suppression(channel: Channel, address: string): Promise<Suppression | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.suppression(channel, address) }));
    return Item ? { reason: Item.reason as Suppression['reason'], at: String(Item.at), ...(Item.detail ? { detail: String(Item.detail) } : {}) } : undefined;
  }

  async suppress(channel: Channel, address: string, suppression: Suppression): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.suppression(channel, address), entity: 'SUPPRESSION', channel, ...suppression } }));
  }
}
