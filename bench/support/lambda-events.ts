import type { DynamoDBStreamEvent, SNSEvent, SQSEvent } from 'aws-lambda';

/** The events Lambda hands Pantau's non-HTTP functions, shaped as AWS documents them; one record each. */

export function sqsEvent(bodies: readonly unknown[]): SQSEvent {
  return {
    Records: bodies.map((body, i) => ({
      messageId: `bench-${i}`,
      receiptHandle: `bench-receipt-${i}`,
      body: JSON.stringify(body),
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'bench', ApproximateFirstReceiveTimestamp: '0' },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:ap-southeast-3:000000000000:bench',
      awsRegion: 'ap-southeast-3',
    })),
  };
}

/** A stream INSERT of an item, in DynamoDB JSON (as the stream carries it). */
export function streamInsert(image: Record<string, Record<string, unknown>>): DynamoDBStreamEvent {
  return {
    Records: [
      {
        eventID: 'bench-1',
        eventName: 'INSERT',
        eventVersion: '1.1',
        eventSource: 'aws:dynamodb',
        awsRegion: 'ap-southeast-3',
        dynamodb: {
          ApproximateCreationDateTime: 0,
          Keys: { pk: image.pk, sk: image.sk } as never,
          NewImage: image as never,
          SequenceNumber: '100000000000000000001',
          SizeBytes: JSON.stringify(image).length,
          StreamViewType: 'NEW_AND_OLD_IMAGES',
        },
        eventSourceARN: 'arn:aws:dynamodb:ap-southeast-3:000000000000:table/bench/stream/2026-01-01T00:00:00.000',
      },
    ],
  };
}

/** SES feedback as its SNS topic delivers it: one permanent bounce. */
export function sesBounce(address: string): SNSEvent {
  const message = { eventType: 'Bounce', bounce: { bounceType: 'Permanent', bounceSubType: 'General', bouncedRecipients: [{ emailAddress: address }] } };
  return {
    Records: [
      {
        EventVersion: '1.0',
        EventSubscriptionArn: 'arn:aws:sns:ap-southeast-3:000000000000:bench-feedback:bench',
        EventSource: 'aws:sns',
        Sns: {
          SignatureVersion: '1', Timestamp: '2026-11-02T02:00:00.000Z', Signature: '', SigningCertUrl: '', MessageId: 'bench-bounce', Message: JSON.stringify(message),
          MessageAttributes: {}, Type: 'Notification', UnsubscribeUrl: '', TopicArn: 'arn:aws:sns:ap-southeast-3:000000000000:bench-feedback', Subject: '',
        },
      },
    ],
  };
}
