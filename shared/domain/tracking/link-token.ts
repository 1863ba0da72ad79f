import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';

/**
 * Signed tracking links: `<base>/t/<proposal number>/<token>`, the token a key id and a MAC over
 * the number. Whoever holds the link sees what the PIN shows (no personal data), so the link is a
 * capability like the PIN, sent to the same phone and mailbox.
 *
 * The MAC is HMAC-SHA-256 cut to 9 bytes (72 bits, 12 base64url characters): forging one means
 * guessing it online, where the tracking routes' per-number limit stops guessing long before; the
 * whole link stays short enough for a 160-character SMS. The key id (one character) names the key
 * in the ring, so a new key signs new links while the old ones keep verifying links already sent.
 */
export const TRACKING_MAC_BYTES = 9;
const MAC_CHARS = Math.ceil((TRACKING_MAC_BYTES * 4) / 3);
const KEY_ID = /^[A-Za-z0-9]$/;
/** What separates the MAC's input from any other use of the key. */
const PURPOSE = 'pantau/track/v1:';

/** A stage's keys: every key still verifying, and the one that signs. Secrets are base64 (32 bytes or more). */
export const keyRingSchema = z
  .object({
    current: z.string().regex(KEY_ID),
    keys: z.record(z.string().regex(KEY_ID), z.string().base64().refine((s) => Buffer.from(s, 'base64').length >= 32, 'a key needs at least 32 bytes')),
  })
  .refine((ring) => ring.current in ring.keys, { message: 'the current key is not in the ring', path: ['current'] });

export type KeyRing = z.infer<typeof keyRingSchema>;

function mac(secret: string, proposalId: string): Buffer {
  return createHmac('sha256', Buffer.from(secret, 'base64')).update(PURPOSE + proposalId).digest().subarray(0, TRACKING_MAC_BYTES);
}

/** The token for a proposal number, under the ring's current key. */
export function signTrackingToken(ring: KeyRing, proposalId: string): string {
  return ring.current + mac(ring.keys[ring.current]!, proposalId).toString('base64url');
}

/** Whether a token is one of ours for that number: an unknown key id, a wrong length or a forged MAC are all just false. */
export function verifyTrackingToken(ring: KeyRing, proposalId: string, token: string): boolean {
  if (token.length !== 1 + MAC_CHARS) return false;
  const secret = ring.keys[token[0]!];
  if (secret === undefined || !/^[A-Za-z0-9_-]+$/.test(token.slice(1))) return false;
  const given = Buffer.from(token.slice(1), 'base64url');
  return given.length === TRACKING_MAC_BYTES && timingSafeEqual(given, mac(secret, proposalId));
}

/** The link's path: what the routes table serves as the tracking page. */
export const trackingPath = (proposalId: string, token: string): string => `/t/${encodeURIComponent(proposalId)}/${token}`;
