import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { RenderedMessage } from '../../domain/notifications/types';
import type { Transport } from '../../app/notification-sender';
import { classifyAwsError } from './errors';

const PERMANENT = new Set(['InvalidParameter', 'InvalidParameterException', 'ParameterValueInvalid', 'InvalidParameterValue', 'InvalidParameterValueException']);
const OPTED_OUT = new Set(['OptedOut', 'OptedOutException']);

/** SMS through SNS Publish to an E.164 number, transactional (delivered even to DND lists, highest priority). */
export function snsSmsTransport(sns: SNSClient, config: { senderId?: string }): Transport {
  return {
    channel: 'sms',
    async send(to: string, message: RenderedMessage) {
      const result = await sns.send(
        new PublishCommand({
          PhoneNumber: to,
          Message: message.sms,
          MessageAttributes: {
            'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
            ...(config.senderId ? { 'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: config.senderId } } : {}),
          },
        }),
      );
      return { messageId: result.MessageId ?? 'unknown' };
    },
    classify: (error) => classifyAwsError(error, PERMANENT, OPTED_OUT),
  };
}
