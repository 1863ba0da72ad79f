/**
 * How long a throttled or transiently failed message stays hidden before its next try:
 * exponential in the receive count (10 s, 20 s, 40 s, ...), capped at 15 minutes, with the jitter
 * given by the caller so that a wave of throttled sends does not come back all at once.
 */
export function retryDelaySeconds(receiveCount: number, jitter: number): number {
  const base = Math.min(900, 10 * 2 ** Math.max(0, receiveCount - 1));
  return Math.round(base * (0.75 + 0.5 * Math.min(1, Math.max(0, jitter))));
}
