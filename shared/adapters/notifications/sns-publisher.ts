import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { NotificationEvent } from '../../domain/notifications/types';
import type { EventPublisher } from './ports';
import { eventAttributes } from './routing';

/** Publishes to the notifications topic; subscriptions' filter policies pick the channels. */
export class SnsEventPublisher implements EventPublisher {
  constructor(
    private readonly sns: SNSClient,
    private readonly topicArn: string,
  ) {}

  async publish(event: NotificationEvent): Promise<void> {
    const attributes = eventAttributes(event);
    await this.sns.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Message: JSON.stringify(event),
        MessageAttributes: {
          kind: { DataType: 'String', StringValue: attributes.kind },
          channels: { DataType: 'String.Array', StringValue: JSON.stringify(attributes.channels) },
          urgent: { DataType: 'String', StringValue: attributes.urgent },
        },
      }),
    );
  }
}
