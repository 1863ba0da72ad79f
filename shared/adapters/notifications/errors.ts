import type { FailureKind } from '../../app/notification-sender';
import { isThrottling } from '../aws/faults';

interface AwsError {
  name?: string;
  Code?: string;
}

/**
 * Sorts an AWS SDK error: throttling and server faults are worth retrying; the named client
 * faults are not (a bad address stays bad); anything unknown is retried, and a message that keeps
 * failing ends in the dead-letter queue rather than being dropped.
 */
export function classifyAwsError(error: unknown, permanent: ReadonlySet<string>, optedOut: ReadonlySet<string> = new Set()): FailureKind {
  const e = (error ?? {}) as AwsError;
  const name = e.name ?? e.Code ?? '';
  if (optedOut.has(name)) return 'opted-out';
  if (isThrottling(error)) return 'throttled';
  if (permanent.has(name)) return 'permanent';
  return 'transient';
}
