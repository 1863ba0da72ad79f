import type { SESClient } from '@aws-sdk/client-ses';
import { sesTransport } from '../../shared/adapters/notifications/ses-transport';
import { queueSenderHandler, type QueueSenderDeps } from '../../shared/app/notification-sender';

export interface EmailSenderDeps extends Omit<QueueSenderDeps, 'webBaseUrl'> {
  ses: SESClient;
  config: { from: string; configurationSet?: string; webBaseUrl: string };
}

/** Drains the email queue: each message is one event, sent to each recipient once. */
export const createEmailSender = ({ ses, config, ...deps }: EmailSenderDeps) =>
  queueSenderHandler(sesTransport(ses, config), { ...deps, webBaseUrl: config.webBaseUrl });
