/**
 * Tells a dependency that is unavailable for now (throttled, slow, unreachable, failing on its own
 * side) from everything else (a bug, a bad request we built, a missing table). The first kind is
 * answered 503 with Retry-After and retried by queues; the second stays a 500 and an alarm.
 *
 * Reads only the shape of an SDK v3 error (name, $fault, $metadata, code), so it needs no SDK import.
 */

interface SdkErrorShape {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  $fault?: 'client' | 'server';
  $retryable?: { throttling?: boolean };
  $metadata?: { httpStatusCode?: number };
  CancellationReasons?: { Code?: string }[];
  cause?: unknown;
}

export type FaultKind = 'throttled' | 'timeout' | 'unreachable' | 'dependency-error';

export interface DependencyFault {
  kind: FaultKind;
  /** What Retry-After says: throttling passes in a moment; an outage takes longer. */
  retryAfterSeconds: number;
}

/** Throttling as DynamoDB, SES, SNS, SQS and KMS name it. */
export const THROTTLING_ERRORS: ReadonlySet<string> = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'KMSThrottlingException',
]);

/** A cancelled transaction's reasons that mean "too much at once", not "your condition failed". */
export const THROTTLED_CANCELLATIONS: ReadonlySet<string> = new Set(['ThrottlingError', 'ProvisionedThroughputExceeded', 'RequestLimitExceeded']);

const TIMEOUTS = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
const CONNECTION_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'UND_ERR_SOCKET']);

const RETRY_AFTER = { throttled: 2, timeout: 5, unreachable: 5, 'dependency-error': 5 } as const satisfies Record<FaultKind, number>;

/** A throttled transaction: DynamoDB cancels it whole and names throttling among the reasons. */
export function isThrottledCancellation(error: unknown): boolean {
  const e = error as SdkErrorShape | undefined;
  return e?.name === 'TransactionCanceledException' && (e.CancellationReasons ?? []).some((reason) => THROTTLED_CANCELLATIONS.has(reason.Code ?? ''));
}

export function isThrottling(error: unknown): boolean {
  const e = (error ?? {}) as SdkErrorShape;
  return THROTTLING_ERRORS.has(e.name ?? e.Code ?? '') || e.$retryable?.throttling === true || e.$metadata?.httpStatusCode === 429 || isThrottledCancellation(error);
}

function kindOf(error: unknown): FaultKind | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const e = error as SdkErrorShape;
  if (isThrottling(e)) return 'throttled';
  // Before the name: @smithy/node-http-handler renames ECONNRESET and EPIPE to TimeoutError.
  if (CONNECTION_CODES.has(e.code ?? '') || e.message === 'socket hang up') return 'unreachable';
  if (TIMEOUTS.has(e.name ?? '') || e.code === 'ETIMEDOUT') return 'timeout';
  const status = e.$metadata?.httpStatusCode;
  if (e.$fault === 'server' || (typeof status === 'number' && status >= 500)) return 'dependency-error';
  return undefined;
}

/** The fault, when `error` means a dependency is unavailable for now; undefined for anything else. */
export function dependencyFault(error: unknown): DependencyFault | undefined {
  // The SDK wraps some network errors (fetch, http2) in a cause.
  const kind = kindOf(error) ?? kindOf((error as SdkErrorShape | undefined)?.cause);
  return kind ? { kind, retryAfterSeconds: RETRY_AFTER[kind] } : undefined;
}
