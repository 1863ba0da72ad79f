import { describe, expect, it } from 'vitest';
import { CLOCK_OFFSET_ENV, clockOffsetFromEnv, localClock, parseInstant } from '../../infra/local/clock';

describe('the local clock', () => {
  it('starts at PANTAU_NOW and runs on from there', () => {
    let real = Date.parse('2026-11-25T03:00:00Z');
    const clock = localClock('2026-04-01T08:00:00+07:00', () => real);
    expect(clock.now().toISOString()).toBe('2026-04-01T01:00:00.000Z');
    real += 90_000;
    expect(clock.now().toISOString()).toBe('2026-04-01T01:01:30.000Z');
    expect(clock.offsetMs).toBe(Date.parse('2026-04-01T01:00:00Z') - Date.parse('2026-11-25T03:00:00Z'));
  });

  it('is the real clock when PANTAU_NOW is unset or empty', () => {
    expect(localClock(undefined).offsetMs).toBe(0);
    expect(localClock('  ').offsetMs).toBe(0);
  });

  it('reads a bare date as midnight UTC', () => {
    expect(parseInstant('2026-10-01').toISOString()).toBe('2026-10-01T00:00:00.000Z');
  });

  it.each(['tomorrow', '2026-02-30', '2026-13-01', '2026-04-01T08:00', '2026-04-01T25:00Z', '01/04/2026'])('refuses %s in one line', (value) => {
    expect(() => parseInstant(value)).toThrow(/^PANTAU_NOW must be an ISO-8601 instant[^\n]*$/);
  });

  it('hands the offset to the handlers as whole milliseconds', () => {
    expect(clockOffsetFromEnv({ [CLOCK_OFFSET_ENV]: '-86400000' })).toBe(-86_400_000);
    expect(clockOffsetFromEnv({})).toBe(0);
    expect(() => clockOffsetFromEnv({ [CLOCK_OFFSET_ENV]: '1.5' })).toThrow(CLOCK_OFFSET_ENV);
  });
});
