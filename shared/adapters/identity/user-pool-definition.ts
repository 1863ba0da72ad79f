import { CLAIM } from '../../http/claims';

/**
 * The user pool's settings, written once: the CDK construct (infra/cloud/constructs/auth.ts)
 * builds the cloud pool from them, and the local stack (infra/local/cognito-local.ts) and the
 * tests create cognito-local's pool from them, so both sign in by the same rules and put the same
 * claims in the same tokens. Pure data: no SDK, no CDK.
 */

// The custom attributes are the claims shared/http/claims.ts reads, minus Cognito's `custom:` prefix.
const customName = <C extends `custom:${string}`>(claim: C) => claim.slice('custom:'.length) as C extends `custom:${infer N}` ? N : never;

export interface CustomAttributeDefinition {
  /** As Cognito's schema names it (no `custom:`); tokens and the admin API call it `custom:<name>`. */
  name: string;
  minLength: number;
  maxLength: number;
  /** Admins change roles, organisation and NIP after creation. */
  mutable: true;
}

// Lengths only bound what Cognito stores; claims.ts validates the exact shapes on every request.
export const CUSTOM_ATTRIBUTES = [
  { name: customName(CLAIM.roles), minLength: 1, maxLength: 256, mutable: true },
  { name: customName(CLAIM.org), minLength: 1, maxLength: 64, mutable: true },
  { name: customName(CLAIM.nip), minLength: 18, maxLength: 18, mutable: true },
  { name: customName(CLAIM.onBehalfOf), minLength: 1, maxLength: 200, mutable: true },
] as const satisfies readonly CustomAttributeDefinition[];

/**
 * The standard attributes the pool declares: none required, all mutable. Every pool has the others
 * too (phone_number, which an invitation may set); these are the ones the front ends read.
 */
export const STANDARD_ATTRIBUTES = ['email', 'name', 'locale'] as const;

export const PASSWORD_POLICY = {
  minLength: 12,
  requireLowercase: true,
  requireUppercase: true,
  requireDigits: true,
  requireSymbols: true,
  /** How long an invitation's temporary password works. */
  temporaryPasswordValidityDays: 3,
} as const;

/**
 * One hour for the ID and access tokens: the API reads roles and organisation from the ID token,
 * so a role an admin takes away stops working within the hour even if the directory's check were
 * missed. Thirty days of refresh: staff sign in on their office machine about once a month.
 */
export const TOKEN_VALIDITY = { idTokenMinutes: 60, accessTokenMinutes: 60, refreshTokenDays: 30 } as const;

const days = PASSWORD_POLICY.temporaryPasswordValidityDays;

/**
 * The invitation Cognito sends when an admin creates an account: Indonesian first, then English.
 * Cognito fills `{username}` and `{####}` (the temporary password); both must appear in each text.
 * Cognito sends the email body as HTML.
 */
export const INVITATION = {
  emailSubject: 'Undangan akun Pantau / Your Pantau account',
  emailBody: [
    '<p>Yth. Bapak/Ibu,</p>',
    '<p>Admin instansi Anda telah membuatkan akun Pantau untuk Anda.<br>',
    'Nama pengguna: <b>{username}</b><br>',
    'Kata sandi sementara: <b>{####}</b></p>',
    `<p>Masuk dalam ${days} hari, lalu ganti kata sandi sementara ini dengan kata sandi Anda sendiri. `,
    'Jangan berikan kata sandi kepada siapa pun, termasuk petugas.</p>',
    '<hr>',
    '<p>Dear Sir or Madam,</p>',
    '<p>Your agency\'s admin has created a Pantau account for you.<br>',
    'Username: <b>{username}</b><br>',
    'Temporary password: <b>{####}</b></p>',
    `<p>Sign in within ${days} days and replace this temporary password with your own. `,
    'Never give your password to anyone, staff included.</p>',
  ].join(''),
  // Cognito allows 140 characters; the account is invited by email, this is for a phone-only invite.
  sms: `Pantau: pengguna {username}, sandi sementara {####}, ganti dalam ${days} hari. / User {username}, temporary password {####}.`,
} as const;

/** The one app client, for the web and mobile front ends. */
export const APP_CLIENT = {
  name: 'web',
  // A browser or phone cannot keep a secret.
  generateSecret: false,
  preventUserExistenceErrors: true,
  enableTokenRevocation: true,
  /** What front ends use in the cloud: SRP never sends the password, and refresh keeps a session. */
  cloudAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  /**
   * Locally also USER_PASSWORD_AUTH: `npm run token` and the tests sign in with one InitiateAuth
   * call instead of SRP's two-step exchange, and cognito-local implements no SRP. Never in the
   * cloud, where it would send the password itself to Cognito.
   */
  localAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_PASSWORD_AUTH'],
  /** The ID token carries these: the API reads roles, organisation and NIP from it. */
  readAttributes: ['email', 'email_verified', 'name', 'locale', ...CUSTOM_ATTRIBUTES.map((a) => `custom:${a.name}`)],
  /**
   * Users may change their language, never their roles, organisation or NIP: admins set those.
   * Never empty: Cognito reads an empty list as "everything writable".
   */
  writeAttributes: ['locale'],
} as const;

/** The local pool's name (the cloud's is `pantau-<stage>`): `npm run token` finds it by this name. */
export const LOCAL_USER_POOL_NAME = 'pantau-local';
