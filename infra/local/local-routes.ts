import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { JOB_NAMES, type JobName } from '../../functions/jobs/app';
import { TIME_ZONES, type TimeZone } from '../../shared/domain/actors';
import { DomainError, type FieldIssue } from '../../shared/domain/errors';
import type { Lang } from '../../shared/domain/messages';
import { negotiateLanguage, problemResponse } from '../../shared/http/problem';
import { LOCAL_SOURCES, type LocalSource, type ReplayOptions } from '../ops/replay-args';
import type { ReplayReport } from '../ops/replay';
import type { BusSnapshot } from './bus';
import type { ApiHandler } from './gateway';
import { JobRunnerUnavailable, parseJobInstant, type JobInput, type JobRuns } from './jobs';
import { isOutageTarget, OUTAGE_TARGETS, type LocalOutages } from './outages';
import type { LocalScheduler } from './scheduler';
import type { SmsOutbox } from './sms-outbox';
import type { StreamPollerStatus } from './stream-poller';

/**
 * The local-only routes under /_local/ (public on the gateway, absent from every cloud stage):
 *
 *   POST /_local/sns     the SNS endpoint the SMS sender's real client talks to
 *   GET  /_local/sms     the SMS outbox (JSON; a page for browsers)
 *   GET  /_local/queues  the in-process topic and queues: depth, in flight, dead letters
 *   GET  /_local/stream  the stream poller: shards, counts, records set aside
 *   GET  /_local/jobs    the job schedules, their next firings, and each job's last run
 *   POST /_local/jobs/{job}?now=<ISO>[&zone=<zone>]
 *                        runs one job now, as of that instant (default: the local clock's now),
 *                        after any run of it in hand, and answers its summary
 *   POST /_local/replay?source=stream|email-dlq|sms-dlq|all[&dryRun=true][&limit=N]
 *                        failed stream records back through on-change, dead letters back on
 *                        their queue (infra/local/replay.ts); answers { reports } as
 *                        `npm run replay` prints them
 *   GET  /_local/outages, PUT|DELETE /_local/outages/{ses|sms|topic}
 *                        takes a provider or the topic down and back (infra/local/outages.ts),
 *                        to rehearse a replay
 *
 * Anything else under /_local/ goes on to the API, which answers 404.
 */
export interface LocalRoutesDeps {
  outbox: SmsOutbox;
  bus: () => BusSnapshot | undefined;
  stream: () => StreamPollerStatus | undefined;
  /** The scheduled jobs; without them POST /_local/jobs/{job} answers 503. */
  jobs?: LocalJobsDeps;
  /** The notifications' replay; without it POST /_local/replay answers 503. */
  replay?: (source: LocalSource, options: ReplayOptions) => Promise<ReplayReport>;
  outages?: LocalOutages;
}

export interface LocalJobsDeps {
  runs: JobRuns;
  scheduler: LocalScheduler;
  /** The local clock: what a run is as of when the request names no instant. */
  now: () => Date;
  /** Why the scheduler's timers are not running, when they are not (e.g. LOCAL_SCHEDULER=off). */
  schedulerOff?: string;
}

type Result = APIGatewayProxyStructuredResultV2;
type LocalRoutes = (event: APIGatewayProxyEventV2WithJWTAuthorizer) => Result | Promise<Result> | undefined;

const JOB_PATH = /^\/_local\/jobs\/([^/]+)$/;
const OUTAGE_PATH = /^\/_local\/outages\/([^/]+)$/;

export function localRoutes(deps: LocalRoutesDeps): LocalRoutes {
  return (event) => {
    const method = event.requestContext.http.method;
    // The SNS client posts to its endpoint's path with a trailing slash.
    const path = event.rawPath.replace(/\/+$/, '');
    if (path === '/_local/sns') {
      if (method !== 'POST') return notAllowed('POST');
      const body = event.body === undefined ? '' : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
      return deps.outbox.answerSnsRequest(body);
    }
    if (path === '/_local/sms') {
      if (method !== 'GET') return notAllowed('GET');
      return deps.outbox.answerListRequest(event.headers.accept, { ...(event.queryStringParameters?.to ? { to: event.queryStringParameters.to } : {}) });
    }
    if (path === '/_local/queues') {
      if (method !== 'GET') return notAllowed('GET');
      return json(deps.bus() ?? { notifications: 'not running' });
    }
    if (path === '/_local/stream') {
      if (method !== 'GET') return notAllowed('GET');
      return json(deps.stream() ?? { notifications: 'not running' });
    }
    if (path === '/_local/jobs') {
      const lang = negotiateLanguage(event.headers['accept-language']);
      if (method !== 'GET') return problem(lang, new DomainError('METHOD_NOT_ALLOWED', { allow: 'GET' }), { allow: 'GET' });
      return json(deps.jobs ? jobsListing(deps.jobs) : { jobs: 'not running' });
    }
    const jobPath = JOB_PATH.exec(path);
    if (jobPath) {
      const lang = negotiateLanguage(event.headers['accept-language']);
      if (method !== 'POST') return problem(lang, new DomainError('METHOD_NOT_ALLOWED', { allow: 'POST' }), { allow: 'POST' });
      return runJob(deps.jobs, jobPath[1]!, event.queryStringParameters ?? {}, lang);
    }
    if (path === '/_local/replay') {
      const lang = negotiateLanguage(event.headers['accept-language']);
      if (method !== 'POST') return problem(lang, new DomainError('METHOD_NOT_ALLOWED', { allow: 'POST' }), { allow: 'POST' });
      return replay(deps.replay, event.queryStringParameters ?? {}, lang);
    }
    if (path === '/_local/outages') {
      const lang = negotiateLanguage(event.headers['accept-language']);
      if (method !== 'GET') return problem(lang, new DomainError('METHOD_NOT_ALLOWED', { allow: 'GET' }), { allow: 'GET' });
      return json(deps.outages?.status() ?? { outages: 'not available' });
    }
    const outagePath = OUTAGE_PATH.exec(path);
    if (outagePath) {
      const lang = negotiateLanguage(event.headers['accept-language']);
      if (method !== 'PUT' && method !== 'DELETE') return problem(lang, new DomainError('METHOD_NOT_ALLOWED', { allow: 'PUT, DELETE' }), { allow: 'PUT, DELETE' });
      const target = outagePath[1]!;
      if (!isOutageTarget(target)) return problem(lang, new DomainError('NOT_FOUND', { resource: 'outage', target, targets: OUTAGE_TARGETS }));
      if (!deps.outages) return problem(lang, new DomainError('SERVICE_UNAVAILABLE', { reason: 'notifications-not-running' }));
      deps.outages.set(target, method === 'PUT');
      return json(deps.outages.status());
    }
    return undefined;
  };
}

const REPLAY_SOURCES = [...LOCAL_SOURCES, 'all'] as const;

async function replay(run: LocalRoutesDeps['replay'], query: Record<string, string | undefined>, lang: Lang): Promise<Result> {
  const issues: FieldIssue[] = [];
  const source = query.source;
  if (!(REPLAY_SOURCES as readonly string[]).includes(source ?? '')) issues.push({ path: 'query.source', message: `must be one of ${REPLAY_SOURCES.join(', ')} (the jobs dead letters are cloud only)` });
  const dryRun = query.dryRun;
  if (dryRun !== undefined && dryRun !== 'true' && dryRun !== 'false') issues.push({ path: 'query.dryRun', message: 'must be true or false' });
  const limit = query.limit;
  if (limit !== undefined && !/^[1-9]\d{0,5}$/.test(limit)) issues.push({ path: 'query.limit', message: 'must be a whole number from 1 to 999999' });
  else if (limit !== undefined && source !== 'stream' && source !== 'all') issues.push({ path: 'query.limit', message: 'applies to the stream only: a dead-letter queue is moved back whole' });
  if (issues.length) return problem(lang, new DomainError('VALIDATION_FAILED', {}, issues));
  if (!run) return problem(lang, new DomainError('SERVICE_UNAVAILABLE', { reason: 'notifications-not-running' }));

  const options: ReplayOptions = { dryRun: dryRun === 'true', ...(limit !== undefined ? { limit: Number(limit) } : {}) };
  const sources: LocalSource[] = source === 'all' ? [...LOCAL_SOURCES] : [source as LocalSource];
  const reports: ReplayReport[] = [];
  for (const one of sources) reports.push(await run(one, options));
  return json({ reports });
}

/** The gateway's handler: the local routes first, then the API Lambda. */
export function withLocalRoutes(routes: LocalRoutes, api: ApiHandler): ApiHandler {
  return async (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => (await routes(event)) ?? api(event, context);
}

function jobsListing({ runs, scheduler, now, schedulerOff }: LocalJobsDeps) {
  const schedules = scheduler.status();
  const unavailable = runs.unavailable;
  return {
    now: now().toISOString(),
    scheduler: scheduler.running ? 'running on the local clock' : `not running${schedulerOff ? `: ${schedulerOff}` : ''}`,
    runner: unavailable === undefined ? 'available' : `not available: ${unavailable}`,
    jobs: Object.fromEntries(
      JOB_NAMES.map((job) => [job, { running: runs.busy(job), schedules: schedules.filter((s) => s.job === job), last: runs.last(job) ?? null }]),
    ),
  };
}

async function runJob(jobs: LocalJobsDeps | undefined, name: string, query: Record<string, string | undefined>, lang: Lang): Promise<Result> {
  if (!isJobName(name)) return problem(lang, new DomainError('NOT_FOUND', { resource: 'job', job: name, jobs: JOB_NAMES }));
  const issues: FieldIssue[] = [];
  // A "+" typed into a URL arrives as a space: "…T08:00:00 07:00" can only have meant "+07:00".
  const nowText = query.now?.replace(/ (\d{2}:\d{2})$/, '+$1');
  const at = nowText === undefined ? undefined : parseJobInstant(nowText);
  if (nowText !== undefined && !at) {
    issues.push({ path: 'query.now', message: 'must be an ISO-8601 instant with a time and an offset or Z, such as 2026-04-01T08:00:00+07:00 (write + as %2B) or 2026-04-01T01:00:00Z' });
  }
  const zone = query.zone;
  if (zone !== undefined && name !== 'digest') issues.push({ path: 'query.zone', message: 'only the digest takes a zone' });
  else if (zone !== undefined && !isTimeZone(zone)) issues.push({ path: 'query.zone', message: `must be one of ${TIME_ZONES.join(', ')}` });
  if (issues.length) return problem(lang, new DomainError('VALIDATION_FAILED', {}, issues));

  if (!jobs || jobs.runs.unavailable !== undefined) return unavailable(lang, name, jobs?.runs.unavailable ?? 'the jobs are not wired');
  const input: JobInput = { job: name, now: (at ?? jobs.now()).toISOString(), ...(zone !== undefined && isTimeZone(zone) ? { zone } : {}) };
  try {
    return json(await jobs.runs.run(input, { trigger: 'request' }));
  } catch (error) {
    if (error instanceof JobRunnerUnavailable) return unavailable(lang, name, error.reason);
    // Local only: the run's own words are what the person at the keyboard needs.
    return problem(lang, new DomainError('INTERNAL', { job: name, reason: 'job-failed', message: error instanceof Error ? error.message : String(error) }));
  }
}

/** A runner that could not be built is a 503, so a client can tell it from a run that failed. */
function unavailable(lang: Lang, job: JobName, cause: string): Result {
  return problem(lang, new DomainError('SERVICE_UNAVAILABLE', { job, reason: 'job-runner-not-available', cause }));
}

function problem(lang: Lang, error: DomainError, headers: Record<string, string> = {}): Result {
  return problemResponse(error, lang, undefined, { 'cache-control': 'no-store', ...headers });
}

const isJobName = (name: string): name is JobName => (JOB_NAMES as readonly string[]).includes(name);
const isTimeZone = (zone: string): zone is TimeZone => (TIME_ZONES as readonly string[]).includes(zone);

function json(value: unknown): Result {
  return { statusCode: 200, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }, body: JSON.stringify(value, null, 2) };
}

function notAllowed(allow: string): Result {
  return { statusCode: 405, headers: { allow, 'content-type': 'application/json' }, body: JSON.stringify({ message: `Use ${allow}.` }) };
}
