import { SendEmailCommand, type SESClient } from '@aws-sdk/client-ses';
import type { NotificationEvent, RenderedMessage } from '../../domain/notifications/types';
import type { Transport } from '../../app/notification-sender';
import { classifyAwsError } from './errors';

// SES v1 errors that no retry fixes: the message or the address is refused.
const PERMANENT = new Set(['MessageRejected', 'InvalidParameterValue', 'MailFromDomainNotVerifiedException', 'FromEmailAddressNotVerifiedException']);

/** Email through SES (v1 SendEmail) with the stage's configuration set, so bounces come back to us. */
export function sesTransport(ses: SESClient, config: { from: string; configurationSet?: string }): Transport {
  return {
    channel: 'email',
    async send(to: string, message: RenderedMessage, event: NotificationEvent) {
      const result = await ses.send(
        new SendEmailCommand({
          Source: config.from,
          Destination: { ToAddresses: [to] },
          Message: {
            Subject: { Data: message.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: message.text, Charset: 'UTF-8' }, Html: { Data: message.html, Charset: 'UTF-8' } },
          },
          ...(config.configurationSet ? { ConfigurationSetName: config.configurationSet } : {}),
          // Tags come back on bounce and complaint events; SES allows [A-Za-z0-9_-] only.
          Tags: [{ Name: 'event', Value: event.eventId.replace(/[^A-Za-z0-9_-]/g, '_') }],
        }),
      );
      return { messageId: result.MessageId ?? 'unknown' };
    },
    classify: (error) => classifyAwsError(error, PERMANENT),
  };
}
