import { randomInt } from 'node:crypto';

// Crockford's base32: no I, L, O or U, so a number read over the phone is not misheard.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function randomChars(count: number): string {
  let out = '';
  for (let i = 0; i < count; i += 1) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/** A proposal number people can read and type: USL-XXXX-XXXX-XXXX (60 random bits). */
export const newProposalId = (): string => `USL-${randomChars(4)}-${randomChars(4)}-${randomChars(4)}`;

export const PROPOSAL_ID_PATTERN = /^USL-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

/** The tracking PIN: six digits, shown once at creation. */
export const newPin = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');
