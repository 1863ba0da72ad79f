import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { isThrottledCancellation } from '../aws/faults';

/**
 * The item DynamoDB returns with a failed condition (ReturnValuesOnConditionCheckFailure, on a
 * ConditionalCheckFailedException or in a TransactionCanceledException's reasons). lib-dynamodb
 * translates answers, never errors, so it arrives as raw AttributeValues ({ state: { S: 'SENDING' } });
 * read as plain, every field of it is undefined or an object.
 */
export function itemOfFailedCondition(item: unknown): Record<string, unknown> | undefined {
  if (!item || typeof item !== 'object') return undefined;
  return unmarshall(item as Record<string, AttributeValue>);
}

export interface CancellationReason {
  Code?: string;
  Item?: Record<string, unknown>;
}

/**
 * Why a transaction was cancelled, item by item, when a condition of ours is the reason. A
 * transaction DynamoDB cancelled for throttling has no such answer: undefined, so the caller
 * rethrows it and it is answered 503.
 */
export function cancellationReasons(error: unknown): CancellationReason[] | undefined {
  if (isThrottledCancellation(error)) return undefined;
  if (error && typeof error === 'object' && (error as { name?: string }).name === 'TransactionCanceledException') {
    return (error as { CancellationReasons?: CancellationReason[] }).CancellationReasons ?? [];
  }
  return undefined;
}

/** Whether the transaction's item at this index failed its condition. */
export const failedAt = (reasons: readonly CancellationReason[], index: number): boolean => reasons[index]?.Code === 'ConditionalCheckFailed';
