import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

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
