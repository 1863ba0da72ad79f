import type { NotificationEvent } from '../../domain/notifications/types';

/** Publishes domain events to the topic (SNS in the cloud, the in-process bus locally). */
export interface EventPublisher {
  publish(event: NotificationEvent): Promise<void>;
}

/** What a sender may do to a message it holds: hide it for a while (defer, back off). */
export interface QueueControl {
  changeVisibility(receiptHandle: string, seconds: number): Promise<void>;
}
