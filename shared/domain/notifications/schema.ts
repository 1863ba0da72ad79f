import * as z from 'zod';
import { ACTIONS, STATUSES } from '../proposal/types';
import { REMINDER_STEPS, type NotificationEvent } from './types';

const recipient = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('employee'), nip: z.string().regex(/^\d{18}$/) }),
  z.object({ kind: z.literal('user'), userId: z.string().min(1).max(128) }),
]);

const jobBase = {
  eventId: z.string().min(1).max(300),
  at: z.string().min(1),
  recipients: z.array(recipient).max(500),
  urgent: z.boolean(),
};

/** Queue messages are checked at the boundary like requests: a malformed one is never half-sent. */
export const notificationEventSchema: z.ZodType<NotificationEvent> = z.discriminatedUnion('kind', [
  z.object({
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
  }),
  z.object({
    kind: z.literal('document-quarantined'),
    eventId: z.string().min(1).max(200),
    proposalId: z.string().min(1).max(64),
    seq: z.number().int().min(1),
    at: z.string().min(1),
    serviceType: z.string().min(1).max(64),
    toStatus: z.enum(STATUSES),
    toStage: z.string().max(64).nullable(),
    // A candidate's proposal has no number yet: its agency's operators hear of it.
    nip: z.string().regex(/^\d{18}$/).optional(),
    agencyId: z.string().min(1),
    filedBy: z.object({ userId: z.string().min(1), role: z.enum(['PEGAWAI', 'OPERATOR']) }),
    document: z.object({ code: z.string().min(1).max(64), version: z.number().int().min(1), finding: z.string().max(300).optional() }),
    urgent: z.boolean(),
  }),
  z.object({
    kind: z.literal('sla-reminder'), ...jobBase,
    proposalId: z.string().min(1), serviceType: z.string().min(1), stage: z.string(), orgId: z.string(), step: z.enum(REMINDER_STEPS),
    overdueWorkingDays: z.number().int().min(1).optional(), dueAt: z.string(), escalation: z.boolean(),
  }),
  z.object({
    kind: z.literal('returned-reminder'), ...jobBase,
    proposalId: z.string().min(1), serviceType: z.string().min(1), step: z.enum(REMINDER_STEPS),
    overdueWorkingDays: z.number().int().min(1).optional(), dueAt: z.string(), missingItems: z.array(z.string()).optional(),
  }),
  z.object({
    kind: z.literal('digest'), ...jobBase,
    orgId: z.string(), role: z.string(), day: z.string(), waiting: z.number().int().min(0), overdue: z.number().int().min(0),
    oldest: z.object({ proposalId: z.string(), serviceType: z.string(), since: z.string(), dueAt: z.string() }).optional(),
  }),
  z.object({
    kind: z.literal('window-reminder'), ...jobBase,
    serviceType: z.string(), agencyId: z.string(), period: z.string(), opensOn: z.string(), closesOn: z.string(), daysLeft: z.number().int(),
  }),
  z.object({
    kind: z.literal('retirement-reminder'), ...jobBase,
    nip: z.string().regex(/^\d{18}$/), employeeName: z.string(), agencyId: z.string(), bupDate: z.string(), monthsBefore: z.union([z.literal(12), z.literal(6)]),
  }),
]) as z.ZodType<NotificationEvent>;
