import { z } from 'zod';
import { ACTIONS, STATUSES } from '../proposal/types';
import type { NotificationEvent } from './types';

/** Queue messages are checked at the boundary like requests: a malformed one is never half-sent. */
export const notificationEventSchema: z.ZodType<NotificationEvent> = z.object({
  kind: z.literal('status-changed'),
  eventId: z.string().min(1).max(200),
  proposalId: z.string().min(1).max(64),
  seq: z.number().int().min(1),
  action: z.enum(ACTIONS),
  at: z.string().min(1),
  serviceType: z.string().min(1).max(64),
  toStatus: z.enum(STATUSES),
  toStage: z.string().max(64).nullable(),
  reason: z.object({ code: z.string(), text: z.string().optional() }).optional(),
  missingItems: z.array(z.string()).optional(),
  nip: z.string().regex(/^\d{18}$/),
  agencyId: z.string().min(1),
  filedBy: z.object({ userId: z.string().min(1), role: z.enum(['PEGAWAI', 'OPERATOR']) }),
  urgent: z.boolean(),
});
