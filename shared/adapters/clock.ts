export interface Clock {
  now(): Date;
}

/**
 * The real clock, optionally shifted. The local stack sets PANTAU_CLOCK_OFFSET_MS (from
 * PANTAU_NOW) so a demo can start at any instant and let time run on from there.
 */
export function systemClock(env: NodeJS.ProcessEnv = process.env): Clock {
  const offset = Number(env.PANTAU_CLOCK_OFFSET_MS ?? 0);
  const shift = Number.isFinite(offset) ? offset : 0;
  return { now: () => new Date(Date.now() + shift) };
}

export const fixedClock = (iso: string): Clock => ({ now: () => new Date(iso) });
