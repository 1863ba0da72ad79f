import type { SNSClient } from '@aws-sdk/client-sns';
import { snsSmsTransport } from '../../shared/adapters/notifications/sns-sms-transport';
import { queueSenderHandler, type QueueSenderDeps } from '../../shared/app/notification-sender';

export interface SmsSenderDeps extends Omit<QueueSenderDeps, 'webBaseUrl'> {
  sns: SNSClient;
  config: { webBaseUrl: string; senderId?: string };
}

/** Drains the SMS queue: one GSM-7 segment per recipient and event, held for quiet hours. */
export const createSmsSender = ({ sns, config, ...deps }: SmsSenderDeps) =>
  queueSenderHandler(snsSmsTransport(sns, config), { ...deps, webBaseUrl: config.webBaseUrl });
