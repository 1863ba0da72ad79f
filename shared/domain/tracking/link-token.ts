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

const secretSchema = z.string().base64().refine((s) => Buffer.from(s, 'base64').length >= 32, 'a key needs at least 32 bytes');

/**
 * A stage's keys as stored: `{"current":"a","a":"<base64>","b":"<base64>"}`, every key still
 * verifying under its one-character id, and which one signs. Flat, so the stack can have Secrets
 * Manager generate the first key into a template (docs/operations.md: rotating the keys).
 */
export const keyRingSchema = z
  .record(z.string(), z.string())
  .transform((stored, ctx) => {
    const { current, ...keys } = stored;
    for (const [id, secret] of Object.entries(keys)) {
      if (!KEY_ID.test(id)) ctx.addIssue({ code: 'custom', path: [id], message: 'a key id is one letter or digit' });
      else if (!secretSchema.safeParse(secret).success) ctx.addIssue({ code: 'custom', path: [id], message: 'a key is base64 of 32 bytes or more' });
    }
    if (current === undefined || !(current in keys)) ctx.addIssue({ code: 'custom', path: ['current'], message: 'the current key is not in the ring' });
    return { current: current!, keys };
  });

/** The ring as the code uses it: the signing key's id, and every verifying key by id. */
export interface KeyRing {
  current: string;
  keys: Record<string, string>;
}

/** The stored form of a ring (what the secret and the local file hold). */
export const storedKeyRing = (ring: KeyRing): Record<string, string> => ({ current: ring.current, ...ring.keys });

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
