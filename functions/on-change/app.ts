import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import { unmarshall, type NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import type { AttributeValue as StreamAttributeValue, Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { notificationEventOf } from '../../shared/domain/notifications/events';
import type { HistoryEvent } from '../../shared/domain/proposal/types';
import type { EventPublisher } from '../../shared/adapters/notifications/ports';

export interface OnChangeDeps {
  publisher: EventPublisher;
  logger?: Pick<Logger, 'warn' | 'error'>;
}

export class OutOfOrderSkip extends Error {
  override name = 'OutOfOrderSkip';
}

/**
 * The stream handler: each new history event of a status change, or of a document quarantined,
 * becomes a domain event on the topic. Records run one at a time, and once a record of a proposal
 * fails the later ones of the same proposal fail too, so Lambda retries them in order and nobody
 * learns "approved" before "forwarded". Other proposals' records go on.
 */
export function createOnChangeHandler({ publisher, logger }: OnChangeDeps) {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);

  return async (event: DynamoDBStreamEvent, context?: Context) => {
    const failedProposals = new Set<string>();
    const handleRecord = async (record: DynamoDBRecord) => {
      const image = record.dynamodb?.NewImage;
      if (!image) return;
      const history = unmarshall(image as Record<string, AttributeValue | StreamAttributeValue> as Record<string, AttributeValue>) as HistoryEvent & Record<string, NativeAttributeValue>;
      if (failedProposals.has(history.proposalId)) throw new OutOfOrderSkip(`an earlier record of ${history.proposalId} failed`);
      const domainEvent = notificationEventOf(history);
      if (!domainEvent) return;
      try {
        await publisher.publish(domainEvent);
      } catch (error) {
        failedProposals.add(history.proposalId);
        // The runbook (docs/operations.md) searches the logs for this message: quarantines say it too, with their kind.
        logger?.warn('publishing a status change failed; the record will be retried', { eventId: domainEvent.eventId, kind: domainEvent.kind, error: error as Error });
        throw error;
      }
    };
    return processPartialResponse(event, handleRecord, processor, { ...(context ? { context } : {}), processInParallel: false, throwOnFullBatchFailure: false });
  };
}
