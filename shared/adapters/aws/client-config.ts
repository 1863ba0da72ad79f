/**
 * How long any AWS call may take, and how often it is tried: every client Pantau makes (DynamoDB,
 * SES, SNS, SQS) takes its settings from here, so a slow or hung dependency costs a known, bounded
 * time instead of the function's whole timeout.
 *
 * Two budgets:
 * - `request`: the API, where a person waits (API Gateway gives up at 30 s, the API Lambda at 10 s).
 *   Worst case one call takes 2 attempts × 1.5 s + the SDK's back-off between them (≤ 0.5 s for
 *   throttling), about 3.5 s: a failing dependency is a 503 within 5 s of the request.
 * - `background`: the stream handler, the senders and the jobs (30 s to 5 min timeouts), where a
 *   third attempt is worth the wait: 3 × 3 s + back-off, about 10.5 s at worst.
 *
 * - `local`: DynamoDB Local on a machine that is busy with more than Pantau (the test suites, the
 *   benchmark's setup): a JVM under load can pause for seconds, which is not what those tests are
 *   about. Never a cloud stage; chosen with AWS_CALL_BUDGET=local. The tests of faults use the
 *   budgets above.
 *
 * - `operator`: `npm run replay` from an operator's machine, which waits on function runs (Lambda
 *   Invoke of on-change, up to 30 s; of a job, up to its 5 min timeout): hence 5.5 min a request.
 *
 * `throwOnRequestTimeout` matters: without it @smithy/node-http-handler only logs a warning when
 * `requestTimeout` passes and the call hangs on (seen with DynamoDB Local under SIGSTOP: 30 s).
 */
export const AWS_CALL_BUDGETS = {
  request: { connectionTimeoutMs: 1_000, requestTimeoutMs: 1_500, maxAttempts: 2 },
  background: { connectionTimeoutMs: 1_000, requestTimeoutMs: 3_000, maxAttempts: 3 },
  local: { connectionTimeoutMs: 5_000, requestTimeoutMs: 30_000, maxAttempts: 3 },
  operator: { connectionTimeoutMs: 3_000, requestTimeoutMs: 330_000, maxAttempts: 3 },
} as const;

export type AwsCallBudget = keyof typeof AWS_CALL_BUDGETS;

/** AWS_CALL_BUDGET, when set: one budget by name for every client of the process, whatever each would choose. */
export function budgetFromEnv(env: NodeJS.ProcessEnv = process.env): AwsCallBudget | undefined {
  const value = env.AWS_CALL_BUDGET;
  if (!value) return undefined;
  if (!Object.hasOwn(AWS_CALL_BUDGETS, value)) throw new Error(`AWS_CALL_BUDGET must be one of ${Object.keys(AWS_CALL_BUDGETS).join(', ')}; it is ${JSON.stringify(value)}`);
  return value as AwsCallBudget;
}

/**
 * The constructor settings every SDK v3 client accepts, for the budget the client's use calls for
 * (or AWS_CALL_BUDGET's): spread them into an SDK client's constructor settings.
 */
export function awsClientConfig(budget: AwsCallBudget, env: NodeJS.ProcessEnv = process.env) {
  const { connectionTimeoutMs, requestTimeoutMs, maxAttempts } = AWS_CALL_BUDGETS[budgetFromEnv(env) ?? budget];
  return {
    maxAttempts,
    retryMode: 'standard' as const,
    requestHandler: { connectionTimeout: connectionTimeoutMs, requestTimeout: requestTimeoutMs, throwOnRequestTimeout: true },
  };
}

/** The longest one call can take under a budget, back-off included: what tests and docs promise. */
export function worstCallMs(budget: AwsCallBudget): number {
  const { connectionTimeoutMs, requestTimeoutMs, maxAttempts } = AWS_CALL_BUDGETS[budget];
  // The standard retry strategy waits at most 500 ms × 2^attempt for throttling (20 s cap, never reached here).
  let backoff = 0;
  for (let attempt = 1; attempt < maxAttempts; attempt++) backoff += 500 * 2 ** (attempt - 1);
  // The request timeout runs from the start of an attempt, connecting included.
  return maxAttempts * Math.max(connectionTimeoutMs, requestTimeoutMs) + backoff;
}

/** Pantau's region (Jakarta), when AWS_REGION does not say. */
export const DEFAULT_REGION = 'ap-southeast-3';

/** Where a client's calls go: AWS's regional endpoint, or a local emulator's. */
export interface ClientEndpoint {
  /** Set only for a local emulator; in Lambda the SDK finds the regional endpoint. */
  endpoint?: string | undefined;
  region?: string | undefined;
}

/** ENDPOINT_VARIABLE (set only for a local emulator) and AWS_REGION, as every client reads them. */
export function clientEndpointFromEnv(variable: string, env: NodeJS.ProcessEnv = process.env): ClientEndpoint {
  return { endpoint: env[variable] || undefined, region: env.AWS_REGION || DEFAULT_REGION };
}

/**
 * The region, and for a local emulator its endpoint with fixed credentials: emulators check no
 * signature, but the SDK signs every call, and never with a real account's keys.
 */
export function endpointSettings(config: ClientEndpoint, localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' }) {
  return { region: config.region ?? DEFAULT_REGION, ...(config.endpoint ? { endpoint: config.endpoint, credentials: localCredentials } : {}) };
}
