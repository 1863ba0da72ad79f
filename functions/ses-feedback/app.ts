import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SNSEvent } from 'aws-lambda';
import * as z from 'zod';
import type { Clock } from '../../shared/adapters/clock';
import { DeliveryRepository } from '../../shared/adapters/dynamo/delivery-repository';

export interface SesFeedbackDeps {
  doc: DynamoDBDocumentClient;
  tableName: string;
  clock: Clock;
  logger?: Pick<Logger, 'info' | 'warn'>;
}

const recipients = z.array(z.object({ emailAddress: z.string().min(3).max(320) }).loose());

// Configuration-set events say `eventType`; identity notifications say `notificationType`.
const feedbackSchema = z
  .object({
    eventType: z.string().optional(),
    notificationType: z.string().optional(),
    bounce: z.object({ bounceType: z.string(), bounceSubType: z.string().optional(), bouncedRecipients: recipients }).loose().optional(),
    complaint: z.object({ complainedRecipients: recipients, complaintFeedbackType: z.string().optional() }).loose().optional(),
  })
  .loose();

/**
 * SES bounce and complaint events, from the configuration set's event destination: a permanent
 * bounce or a complaint suppresses the address for later sends (transient bounces do not).
 */
export function createSesFeedbackHandler({ doc, tableName, clock, logger }: SesFeedbackDeps): (event: SNSEvent) => Promise<void> {
  const deliveries = new DeliveryRepository(doc, tableName);
  return async (event) => {
    for (const record of event.Records) {
      let parsed: z.infer<typeof feedbackSchema>;
      try {
        parsed = feedbackSchema.parse(JSON.parse(record.Sns.Message));
      } catch {
        logger?.warn('ignoring an SES feedback message that is not SES feedback', { messageId: record.Sns.MessageId });
        continue;
      }
      const type = parsed.eventType ?? parsed.notificationType;
      const at = clock.now().toISOString();
      if (type === 'Bounce' && parsed.bounce?.bounceType === 'Permanent') {
        for (const { emailAddress } of parsed.bounce.bouncedRecipients) {
          await deliveries.suppress('email', emailAddress, { reason: 'bounce', at, detail: parsed.bounce.bounceSubType ?? 'Permanent' });
        }
      } else if (type === 'Complaint' && parsed.complaint) {
        for (const { emailAddress } of parsed.complaint.complainedRecipients) {
          await deliveries.suppress('email', emailAddress, { reason: 'complaint', at, ...(parsed.complaint.complaintFeedbackType ? { detail: parsed.complaint.complaintFeedbackType } : {}) });
        }
      }
    }
  };
}
