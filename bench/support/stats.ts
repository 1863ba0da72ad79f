/** The p-th percentile (nearest rank) of some measurements; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export const median = (values: readonly number[]) => percentile(values, 50);

export const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** A figure rounded for the report: the noise on a shared machine makes more digits a lie. */
export const round = (value: number, digits = 2) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : value);

/** A ratio to a baseline, rounded; undefined when the baseline is not a positive number. */
export const ratio = (value: number, baseline: number) => (baseline > 0 ? round(value / baseline, 2) : undefined);

export const kib = (bytes: number) => round(bytes / 1024, 1);
