/**
 * The link model of the benchmark's wire section (issue 12): how long some traffic takes on a
 * mobile link, reduced to bandwidth and round-trip time. Pure: no I/O, no clock.
 *
 *   time = round trips × RTT + bytes up × 8 / up bandwidth + bytes down × 8 / down bandwidth
 *   round trips = requests + connections × (1 TCP handshake + 1 TLS 1.3 handshake)
 *
 * What it leaves out, on purpose: TCP slow start (a large answer needs more than one round trip
 * on a fresh connection), TCP/IP and TLS record overhead, the TLS handshake's own bytes (the
 * certificate chain), radio wake-up, loss. Each is the same before and after, or favours the
 * larger answers, so the model understates what smaller answers save.
 */
export interface LinkProfile {
  name: string;
  /** Kilobits (1,000 bits) per second, to the phone. */
  downKbitPerSecond: number;
  /** Kilobits per second, from the phone. */
  upKbitPerSecond: number;
  rttMs: number;
}

/** Issue 12's profiles. Where the issue gives one bandwidth (3G, 4G), it serves both ways. */
export const LINKS: readonly LinkProfile[] = [
  { name: 'EDGE', downKbitPerSecond: 100, upKbitPerSecond: 50, rttMs: 500 },
  { name: '3G', downKbitPerSecond: 1_000, upKbitPerSecond: 1_000, rttMs: 150 },
  { name: '4G', downKbitPerSecond: 10_000, upKbitPerSecond: 10_000, rttMs: 50 },
];

/** A new connection to the API: the TCP handshake, then TLS 1.3's one (the HTTP API is HTTPS only). */
export const HANDSHAKE_ROUND_TRIPS = 2;

export interface Traffic {
  /** Requests that went on the network (an answer taken from the client's cache makes none). */
  requests: number;
  /** New connections opened (keep-alive: one per scenario). */
  connections: number;
  /** What the sockets carried: request lines, headers and bodies up; status lines, headers and bodies as sent down. */
  bytesUp: number;
  bytesDown: number;
}

export const roundTrips = (traffic: Pick<Traffic, 'requests' | 'connections'>): number => traffic.requests + traffic.connections * HANDSHAKE_ROUND_TRIPS;

/** Seconds the traffic takes on the link, by the formula above. */
export function modelledSeconds(link: LinkProfile, traffic: Traffic): number {
  const bits = (bytes: number) => bytes * 8;
  return (roundTrips(traffic) * link.rttMs) / 1000 + bits(traffic.bytesUp) / (link.upKbitPerSecond * 1000) + bits(traffic.bytesDown) / (link.downKbitPerSecond * 1000);
}

const rate = (kbit: number) => (kbit >= 1_000 ? `${kbit / 1_000} Mbit/s` : `${kbit} kbit/s`);

/** The model in one sentence, for the report. */
export const LINK_MODEL =
  `time = round trips × RTT + bytes up × 8 / up bandwidth + bytes down × 8 / down bandwidth; round trips = requests + ${HANDSHAKE_ROUND_TRIPS} per new connection (TCP, then TLS 1.3: the HTTP API is HTTPS), keep-alive so one connection per scenario; ` +
  `${LINKS.map((l) => `${l.name} ${rate(l.downKbitPerSecond)} down, ${rate(l.upKbitPerSecond)} up, ${l.rttMs} ms RTT`).join('; ')}. ` +
  'Left out, the same before and after or in favour of larger answers: TCP slow start, TCP/IP and TLS record overhead, the TLS handshake\'s certificate bytes, radio wake-up, loss';
