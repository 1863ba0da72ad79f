import { describe, expect, it } from 'vitest';
import { HANDSHAKE_ROUND_TRIPS, LINK_MODEL, LINKS, modelledSeconds, roundTrips, type LinkProfile } from '../../bench/support/link-model';

const link = (name: string): LinkProfile => {
  const found = LINKS.find((l) => l.name === name);
  if (!found) throw new Error(`no link ${name}`);
  return found;
};

describe('the benchmark\'s link model (issue 12)', () => {
  it('has the issue\'s three profiles', () => {
    expect(LINKS.map((l) => [l.name, l.downKbitPerSecond, l.upKbitPerSecond, l.rttMs])).toEqual([
      ['EDGE', 100, 50, 500],
      ['3G', 1_000, 1_000, 150],
      ['4G', 10_000, 10_000, 50],
    ]);
  });

  it('counts a round trip per request and two per new connection (TCP, TLS 1.3)', () => {
    expect(HANDSHAKE_ROUND_TRIPS).toBe(2);
    expect(roundTrips({ requests: 9, connections: 1 })).toBe(11);
    expect(roundTrips({ requests: 0, connections: 0 })).toBe(0);
  });

  it('adds round trips times RTT to bytes over each direction\'s bandwidth', () => {
    // EDGE: 3 round trips × 0.5 s + 1,000 B × 8 / 50 kbit/s + 10,000 B × 8 / 100 kbit/s.
    expect(modelledSeconds(link('EDGE'), { requests: 1, connections: 1, bytesUp: 1_000, bytesDown: 10_000 })).toBeCloseTo(1.5 + 0.16 + 0.8, 10);
    // 3G: 1 round trip × 0.15 s + 500 B × 8 / 1 Mbit/s + 250 B × 8 / 1 Mbit/s.
    expect(modelledSeconds(link('3G'), { requests: 1, connections: 0, bytesUp: 500, bytesDown: 250 })).toBeCloseTo(0.15 + 0.004 + 0.002, 10);
    // 4G: bytes only.
    expect(modelledSeconds(link('4G'), { requests: 0, connections: 0, bytesUp: 0, bytesDown: 1_250_000 })).toBeCloseTo(1, 10);
  });

  it('costs nothing for an answer the client already holds', () => {
    for (const l of LINKS) expect(modelledSeconds(l, { requests: 0, connections: 0, bytesUp: 0, bytesDown: 0 })).toBe(0);
  });

  it('makes fewer bytes or round trips never slower, on every link', () => {
    const base = { requests: 10, connections: 1, bytesUp: 5_000, bytesDown: 60_000 };
    for (const l of LINKS) {
      const t = modelledSeconds(l, base);
      expect(modelledSeconds(l, { ...base, bytesDown: 15_000 })).toBeLessThan(t);
      expect(modelledSeconds(l, { ...base, bytesUp: 4_000 })).toBeLessThan(t);
      expect(modelledSeconds(l, { ...base, requests: 9 })).toBeLessThan(t);
    }
  });

  it('states the model with its figures', () => {
    expect(LINK_MODEL).toContain('round trips × RTT');
    expect(LINK_MODEL).toContain('EDGE 100 kbit/s down, 50 kbit/s up, 500 ms RTT');
    expect(LINK_MODEL).toContain('3G 1 Mbit/s down, 1 Mbit/s up, 150 ms RTT');
    expect(LINK_MODEL).toContain('4G 10 Mbit/s down, 10 Mbit/s up, 50 ms RTT');
  });
});
