import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';
import * as z from 'zod';
import { TIME_ZONES } from '../../shared/domain/actors';
import { UTC_OFFSET_HOURS } from '../../shared/domain/calendar/zones';
import { SMS_HOURS } from '../../shared/domain/notifications/quiet-hours';
import { EARLIEST_TIMERS_EPOCH, timersEpochSchema } from '../../shared/domain/sla/timers-epoch';
import { corsOriginsSchema } from '../../shared/http/cors';
import { DEFAULT_JOB_TIMES, clockTime, type LocalTime } from '../job-schedules';

/**
 * Per-stage settings, read once from cdk.json's `stages` context and validated here, so every
 * construct gets a typed object instead of poking at context and deciding by stage name.
 */

export class StageConfigError extends Error {
  override name = 'StageConfigError';
}

// CloudWatch Logs accepts only these retention periods; a typo should fail synth, not deploy.
const retentionDays = new Set<number>(Object.values(RetentionDays).filter((v): v is number => typeof v === 'number'));

const throttle = z.strictObject({
  /** Steady requests per second. */
  rateLimit: z.number().positive(),
  /** Requests allowed in a short burst above the rate. */
  burstLimit: z.number().int().positive(),
});
export type Throttle = z.output<typeof throttle>;

/** An HTTP API route key as API Gateway writes it: `POST /proposals`, `GET /track/{id}`. */
const routeKey = z.string().regex(/^(?:GET|POST|PUT|PATCH|DELETE) \/(?:[A-Za-z0-9._-]+|\{[A-Za-z][A-Za-z0-9]*\})(?:\/(?:[A-Za-z0-9._-]+|\{[A-Za-z][A-Za-z0-9]*\}))*$/, 'must be a route key like "POST /proposals" or "GET /track/{id}"');

// Links in emails and SMS are built by appending paths, so no trailing slash, query or fragment.
const linkBaseUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && !value.endsWith('/') && url.search === '' && url.hash === '' && url.username === '';
  } catch {
    return false;
  }
}, 'must be an https URL without a trailing slash, query or fragment');

// A domain SES can verify (its DKIM records go in that zone): lower-case labels, no trailing dot.
const domainName = z
  .string()
  .regex(/^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a lower-case domain name like pantau.example.go.id');

// `Name <address>` or a bare address. No parentheses: RFC 5322 reads them as a comment.
const FROM = /^(?:[^<>"()]+ <(?<named>[^<>\s@]+@[^<>\s@]+)>|(?<bare>[^<>\s@]+@[^<>\s@]+))$/;
const fromAddress = (from: string) => {
  const groups = FROM.exec(from)?.groups;
  return groups?.named ?? groups?.bare;
};

const senderConcurrency = z
  .number()
  .int()
  // Lambda's MaximumConcurrency for an SQS event source accepts 2 to 1,000 (Lambda quotas).
  .min(2, 'an SQS event source cannot go below 2 concurrent invocations')
  .max(1000);

/** A wall-clock time of day, as the schedules' cron needs it. */
export type { LocalTime };

const localTime = z
  .string()
  .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time like 07:30')
  .transform((value): LocalTime => ({ hour: Number(value.slice(0, 2)), minute: Number(value.slice(3)) }));

const formatTime = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * A job that runs at `time` in one zone reaches readers up to `hoursAhead` later on their clocks.
 * Its SMS would wait for morning outside 07:00–21:00 local (DESIGN: Notifications), so every
 * reader's clock must be inside those hours when it runs.
 */
const insideSmsHours = (hoursAhead: number) => (time: LocalTime, ctx: z.RefinementCtx) => {
  const opens = SMS_HOURS.opens * 60;
  const lastStart = SMS_HOURS.closes * 60 - hoursAhead * 60 - 1;
  const at = time.hour * 60 + time.minute;
  if (at < opens || at > lastStart) {
    ctx.addIssue({ code: 'custom', message: `must be between ${formatTime(opens)} and ${formatTime(lastStart)}, so its SMS go out at once in every zone` });
  }
};

// Jobs that run once, in WIB, for the whole country reach WIT two hours later on the clock.
const HOURS_WIB_TO_WIT = Math.max(...TIME_ZONES.map((zone) => UTC_OFFSET_HOURS[zone])) - UTC_OFFSET_HOURS['Asia/Jakarta'];

const jobSettings = z.strictObject({
  /** False deploys the schedules DISABLED: the job Lambda stays and can be invoked by hand. */
  enabled: z.boolean().prefault(true),
  /** Each queue's digest, Monday to Friday, at this local time in each zone (WIB, WITA, WIT). */
  digestAt: localTime.prefault(clockTime(DEFAULT_JOB_TIMES.digestAt)).superRefine(insideSmsHours(0)),
  /** Submission-window reminders, daily, in WIB. */
  windowsAt: localTime.prefault(clockTime(DEFAULT_JOB_TIMES.windowsAt)).superRefine(insideSmsHours(HOURS_WIB_TO_WIT)),
  /** Retirement (BUP) reminders, daily, in WIB. */
  retirementAt: localTime.prefault(clockTime(DEFAULT_JOB_TIMES.retirementAt)).superRefine(insideSmsHours(HOURS_WIB_TO_WIT)),
  /**
   * The stage's timers epoch, YYYY-MM-DD (UTC): the first day a timer can fall due in it, its
   * launch. A job run with no mark (the first) reads every day's 16 buckets since, so later than the
   * launch would skip timers; the default, 2026-01-01, is safe for every stage and costs a first
   * run a year later 5,840 Queries (some seconds). Not before 2026: no stage ran earlier.
   */
  timersEpoch: timersEpochSchema
    .refine((day) => day >= EARLIEST_TIMERS_EPOCH, `must not be before ${EARLIEST_TIMERS_EPOCH}: no stage ran earlier, and each day costs a first run 16 Queries`)
    .prefault(EARLIEST_TIMERS_EPOCH),
});

/**
 * How long the documents bucket keeps what was uploaded (S3 lifecycle, counted from each upload).
 * The figures in cdk.json are placeholders: the agencies' archive retention schedule (JRA, jadwal
 * retensi arsip) sets the real ones per kind of record, and prod must follow it before launch.
 */
const documentSettings = z.strictObject({
  /** Days after upload that S3 expires a document (it becomes a noncurrent version, see below). */
  retentionDays: z.number().int('must be a whole number of days').positive(),
  /** Days a replaced or deleted version is kept, to undo a mistake, before S3 removes it for good. */
  noncurrentVersionDays: z.number().int('must be a whole number of days').positive(),
});
export type DocumentSettings = z.output<typeof documentSettings>;

const stageSettings = z.strictObject({
  /** Null keeps the stack account-agnostic: synth needs no credentials. */
  account: z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id').nullable(),
  // Jakarta only: PP 71/2019 has public-sector electronic systems keep their data in Indonesia.
  region: z.literal('ap-southeast-3'),
  /** True keeps the data when the stack goes: deletion protection on, removal policy RETAIN. */
  deletionProtection: z.boolean(),
  /** Browser origins allowed to call the API (CORS); no wildcard, no credentials (shared/http/cors.ts). */
  corsOrigins: corsOriginsSchema,
  logRetentionDays: z.number().refine((days) => retentionDays.has(days), 'must be a CloudWatch Logs retention period (1, 3, 5, 7, 14, 30, 60, 90, ...)'),
  /** Default for every route of the API stage. */
  apiThrottle: throttle,
  /**
   * Tighter limits for single routes, by route key, e.g. the public GET /track/{id} (it takes a
   * PIN) and POST /proposals (each one writes a transaction and starts notifications).
   */
  routeThrottles: z.record(routeKey, throttle).prefault({}),

  // ---- notifications (DESIGN: Notifications) ----
  /** The SES domain identity mail is sent from; its DKIM records must be published in DNS. */
  emailDomain: domainName,
  /** From header of every email, at emailDomain: SES sends only from verified identities. */
  emailFrom: z.string().refine((from) => fromAddress(from) !== undefined, 'must be "Name <address>" or an address (no parentheses)'),
  /** Where the employees' links in emails and SMS lead: the API's public tracking page, `/t/<number>/<token>`. */
  publicBaseUrl: linkBaseUrl,
  /**
   * The agencies' front end, where staff links in notices lead (`/inbox`, `/proposals/<number>`,
   * `/settings/notifications`: shared/domain/notifications/links.ts). Not part of this stack.
   */
  webBaseUrl: linkBaseUrl,
  /** SNS DefaultSenderID: 1 to 11 letters and digits, at least one letter (SNS SetSMSAttributes). */
  smsSenderId: z.string().regex(/^(?=.*[A-Za-z])[A-Za-z0-9]{1,11}$/, 'must be 1 to 11 letters and digits with at least one letter'),
  /**
   * SNS MonthlySpendLimit in whole US dollars. The account's SMS spend quota starts at 1 USD;
   * SNS refuses a higher limit (and the deploy fails) until a quota increase is granted.
   */
  smsMonthlySpendLimitUsd: z.number().int().positive(),
  /** How many sender invocations may run at once per channel: the knob that keeps us inside SES and SMS quotas. */
  senderConcurrency: z.strictObject({ email: senderConcurrency, sms: senderConcurrency }),
  /** Who gets the stage's alarms by email; the subscription must be confirmed from that mailbox. */
  alarmEmail: z.email().optional(),

  // ---- documents (issue 14) ----
  /** Retention of the uploaded files; no default: each stage decides it. */
  documents: documentSettings,

  // ---- scheduled jobs (DESIGN: Scheduled jobs) ----
  /** Every setting has a default, so a stage may leave the whole block out. */
  jobs: jobSettings.prefault({}),
}).superRefine((settings, ctx) => {
  // A route's own limit only ever tightens the stage's: looser would be a mistake, not a setting.
  for (const [key, limit] of Object.entries(settings.routeThrottles)) {
    if (limit.rateLimit > settings.apiThrottle.rateLimit || limit.burstLimit > settings.apiThrottle.burstLimit) {
      ctx.addIssue({ code: 'custom', path: ['routeThrottles', key], message: `must not exceed apiThrottle (${settings.apiThrottle.rateLimit}/s, burst ${settings.apiThrottle.burstLimit})` });
    }
  }
  // Under publicBaseUrl the API answers: a front-end path there (/inbox) would be the API's route.
  if (`${settings.webBaseUrl}/`.startsWith(`${settings.publicBaseUrl}/`)) {
    ctx.addIssue({ code: 'custom', path: ['webBaseUrl'], message: `must not be publicBaseUrl (${settings.publicBaseUrl}) or under it: the API answers there` });
  }
  const address = fromAddress(settings.emailFrom);
  if (address !== undefined && address.slice(address.lastIndexOf('@') + 1).toLowerCase() !== settings.emailDomain) {
    ctx.addIssue({ code: 'custom', path: ['emailFrom'], message: `must be an address at emailDomain (${settings.emailDomain})` });
  }
});

const stageName = z.string().regex(/^[a-z][a-z0-9-]*$/, 'stage names are lower-case words (they end up in stack and resource names)');
const stagesSchema = z.record(stageName, stageSettings).refine((stages) => Object.keys(stages).length > 0, 'lists no stage');

export type StageSettings = z.output<typeof stageSettings>;
/** A stage as cdk.json writes it: times as "HH:MM", defaults left out. */
export type StageSettingsInput = z.input<typeof stageSettings>;

export interface StageConfig extends StageSettings {
  stage: string;
  /** Derived once from deletionProtection, so no construct decides it on its own. */
  removalPolicy: RemovalPolicy;
  logRetention: RetentionDays;
}

function describe(error: z.ZodError): string {
  return error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`).join('\n');
}

/** Validates the whole `stages` context: a broken stage fails every synth, not only its own. */
export function parseStages(raw: unknown): Record<string, StageSettings> {
  const parsed = stagesSchema.safeParse(raw);
  if (!parsed.success) throw new StageConfigError(`cdk.json context "stages" is invalid:\n${describe(parsed.error)}`);
  return parsed.data;
}

export function resolveStage(stage: unknown, rawStages: unknown): StageConfig {
  const stages = parseStages(rawStages);
  const known = Object.keys(stages);
  if (typeof stage !== 'string' || stage === '') {
    throw new StageConfigError(`No stage given: pass -c stage=<${known.join('|')}>.`);
  }
  const settings = stages[stage];
  if (!settings) throw new StageConfigError(`Unknown stage "${stage}": cdk.json lists ${known.join(', ')}.`);
  return {
    ...settings,
    stage,
    removalPolicy: settings.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    logRetention: settings.logRetentionDays as RetentionDays,
  };
}

/** The stage chosen with `-c stage=<name>` (cdk.json's `stage` is the default). */
export function stageConfigFromContext(node: Node): StageConfig {
  return resolveStage(node.tryGetContext('stage'), node.tryGetContext('stages'));
}

/** Every stage cdk.json lists, in order: what synth-all and the infra tests walk through. */
export function stageNames(rawStages: unknown): string[] {
  return Object.keys(parseStages(rawStages));
}
