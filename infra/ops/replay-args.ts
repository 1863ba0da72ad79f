import { parseArgs } from 'node:util';
import * as z from 'zod';

/**
 * The arguments of `npm run replay`, checked once: a cloud stage or the local stack, which sources,
 * a dry run, a limit. Pure: the script prints what this throws as one line and exits 2.
 */

export const CLOUD_STAGES = ['dev', 'staging', 'prod'] as const;
export type CloudStage = (typeof CLOUD_STAGES)[number];

/** What can be replayed: failed stream records and the three dead-letter queues. */
export const SOURCES = ['stream', 'email-dlq', 'sms-dlq', 'jobs-dlq'] as const;
export type Source = (typeof SOURCES)[number];
/** The local stack keeps no jobs dead-letter queue: its scheduler retries a failed run and shows it at GET /_local/jobs. */
export const LOCAL_SOURCES = ['stream', 'email-dlq', 'sms-dlq'] as const;
export type LocalSource = (typeof LOCAL_SOURCES)[number];
/** Replayed one by one, so --limit can stop early; the other two are moved whole by SQS's own redrive. */
const LIMITED_SOURCES: readonly Source[] = ['stream', 'jobs-dlq'];

export interface ReplayOptions {
  dryRun: boolean;
  /** At most this many stream objects (local: records) and jobs dead letters. */
  limit?: number;
}

export type ReplayArgs =
  | { help: true }
  | ({ help: false; target: 'cloud'; stage: CloudStage; sources: Source[] } & ReplayOptions)
  | ({ help: false; target: 'local'; api: string; sources: LocalSource[] } & ReplayOptions);

export class ReplayArgsError extends Error {
  override name = 'ReplayArgsError';
}

export const USAGE = `Usage: npm run replay -- --stage <dev|staging|prod> --source <stream|email-dlq|sms-dlq|jobs-dlq|all> [--dry-run] [--limit N]
       npm run replay -- --local --source <stream|email-dlq|sms-dlq|all> [--dry-run] [--limit N]

Replays what the notification pipeline gave up on, through the same handlers; a delivery already
sent is not sent again.
  stream     failed stream records (the stage's failed-records bucket; locally LOCAL_DATA_DIR's
             failed-stream-records.jsonl) handed to the on-change function again
  email-dlq  the email dead-letter queue moved back to the email queue (SQS StartMessageMoveTask)
  sms-dlq    the SMS dead-letter queue moved back to the SMS queue (SQS StartMessageMoveTask)
  jobs-dlq   failed scheduled job runs run again through the job function (cloud only)
  all        every source above, in that order

  --dry-run  say what would be replayed; change nothing
  --limit N  at most N stream objects (local: records) and jobs dead letters; the email and SMS
             redrives move a whole queue
  --local    the local stack (npm start) on 127.0.0.1:$PORT (3000), through POST /_local/replay

Cloud: AWS credentials for the stage's account (the SDK's default chain: AWS_PROFILE, SSO, ...);
the region is the stage's, from cdk.json. Exit codes: 0 all replayed, 1 something is left or
failed (see the lines above it), 2 a bad argument.
`;

const positiveInt = z.string().regex(/^[1-9]\d{0,5}$/, 'must be a whole number from 1 to 999999').transform(Number);
const portSchema = z.string().regex(/^\d{1,5}$/).transform(Number).refine((port) => port >= 1 && port <= 65535);

const argsSchema = z.object({
  stage: z.enum([...CLOUD_STAGES, 'local'], { error: 'must be dev, staging or prod (or use --local)' }).optional(),
  local: z.boolean().optional(),
  source: z.enum([...SOURCES, 'all'], { error: 'must be stream, email-dlq, sms-dlq, jobs-dlq or all' }).optional(),
  'dry-run': z.boolean().optional(),
  limit: positiveInt.optional(),
});

/** `argv` without node and the script; `env` for the local stack's PORT. */
export function parseReplayArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): ReplayArgs {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        stage: { type: 'string' },
        local: { type: 'boolean' },
        source: { type: 'string' },
        'dry-run': { type: 'boolean' },
        limit: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    // node:util's messages are one line already ("Unknown option '--foo'"); drop its advice about "--".
    throw new ReplayArgsError(String((error as Error).message).split('. ')[0]!.replace(/\.$/, ''));
  }
  if (values.help === true) return { help: true };
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ReplayArgsError(`--${issue.path.join('.')} ${issue.message}`);
  }
  const { stage, local, source, 'dry-run': dryRun = false, limit } = parsed.data;

  const isLocal = local === true || stage === 'local';
  if (local && stage !== undefined && stage !== 'local') throw new ReplayArgsError(`--local and --stage ${stage} name two targets: choose one`);
  if (!isLocal && stage === undefined) throw new ReplayArgsError('--stage is required: dev, staging or prod (or --local for the local stack)');
  if (source === undefined) throw new ReplayArgsError('--source is required: stream, email-dlq, sms-dlq, jobs-dlq or all');
  if (limit !== undefined && source !== 'all' && !LIMITED_SOURCES.includes(source)) {
    throw new ReplayArgsError(`--limit does not apply to ${source}: SQS moves a whole dead-letter queue back (drop --limit, or use --dry-run to see how many wait)`);
  }
  const options: ReplayOptions = { dryRun, ...(limit !== undefined ? { limit } : {}) };

  if (isLocal) {
    if (source === 'jobs-dlq') throw new ReplayArgsError('--source jobs-dlq is cloud only: the local stack retries a failed job run itself (GET /_local/jobs; POST /_local/jobs/{job} runs one again)');
    const port = portSchema.safeParse(env.PORT?.trim() || '3000');
    if (!port.success) throw new ReplayArgsError(`PORT must be a port number (got ${JSON.stringify(env.PORT)})`);
    return { help: false, target: 'local', api: `http://127.0.0.1:${port.data}`, sources: source === 'all' ? [...LOCAL_SOURCES] : [source], ...options };
  }
  return { help: false, target: 'cloud', stage: stage as CloudStage, sources: source === 'all' ? [...SOURCES] : [source], ...options };
}
