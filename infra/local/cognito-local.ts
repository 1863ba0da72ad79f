import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  type CreateUserPoolClientCommandInput,
  type CreateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { SendEmailCommand, SESClient } from '@aws-sdk/client-ses';
import { createServer } from 'cognito-local/lib/server/server.js';
import { Router } from 'cognito-local/lib/server/Router.js';
import { CognitoError, NotAuthorizedError } from 'cognito-local/lib/errors.js';
import { DateClock } from 'cognito-local/lib/services/clock.js';
import { CognitoServiceFactoryImpl } from 'cognito-local/lib/services/cognitoService.js';
import { StormDBDataStore } from 'cognito-local/lib/services/dataStore/stormDb.js';
import type { DataStoreFactory } from 'cognito-local/lib/services/dataStore/factory.js';
import type { Messages } from 'cognito-local/lib/services/messages.js';
import { otp } from 'cognito-local/lib/services/otp.js';
import { JwtTokenGenerator } from 'cognito-local/lib/services/tokenGenerator.js';
import type { Triggers } from 'cognito-local/lib/services/triggers/index.js';
import { UserPoolServiceFactoryImpl, type User, type UserPoolService } from 'cognito-local/lib/services/userPoolService.js';
import type { Services } from 'cognito-local/lib/services/index.js';
import type { Context } from 'cognito-local/lib/services/context.js';
import pino from 'pino';
import StormDB from 'stormdb';
import { awsClientConfig } from '../../shared/adapters/aws/client-config';
import {
  APP_CLIENT,
  CUSTOM_ATTRIBUTES,
  INVITATION,
  LOCAL_USER_POOL_NAME,
  PASSWORD_POLICY,
  STANDARD_ATTRIBUTES,
  TOKEN_VALIDITY,
} from '../../shared/adapters/identity/user-pool-definition';
import { CLAIM } from '../../shared/http/claims';
import { subjectOf } from './auth';
import { employees, type LocalUser } from './seed-data';

/**
 * cognito-local (npm), the Cognito emulator, in this process: the user pool on one machine. The
 * API's identity provider (shared/adapters/identity) calls its admin API, `npm run token` signs
 * in through InitiateAuth as a front end would, and the gateway verifies its RS256 ID tokens by
 * its JWKS as API Gateway's JWT authorizer verifies Cognito's.
 *
 * Composed here from its modules rather than with its createDefaultServer, which keeps its data
 * in `.cognito` under the working directory and makes every pool sign in by email. Where it
 * differs from Cognito in a way Pantau would notice, a thin shim puts Cognito's behaviour back:
 * - InitiateAuth lets a disabled user sign in: refused, as Cognito does ("User is disabled."),
 *   for a password and for a refresh token;
 * - for an invited user (FORCE_CHANGE_PASSWORD) it answers NEW_PASSWORD_REQUIRED without checking
 *   the temporary password, and RespondToAuthChallenge takes any Session: the temporary password
 *   is checked, expires as the pool says, and the challenge wants the Session its InitiateAuth
 *   gave (once, within Cognito's 3 minutes) and a new password the policy accepts;
 * - a wrong password is InvalidPasswordException, Cognito's NotAuthorizedException "Incorrect
 *   username or password." (also for an unknown user: the client prevents user existence errors);
 * - the invitation carries only the code: it is rendered here from the pool's template and sent
 *   as an email to the local SES, where the newcomer finds it like any other email;
 * - the ID token carries no standard attribute but email: the ones the app client reads (`name`,
 *   `locale`) are added as a pre token generation trigger would (the API shows `name` as the actor).
 * Left as they are (infra/local/README.md): no AdminUserGlobalSignOut, no SRP, no sign-in by email alias, case-sensitive
 * usernames, temporary passwords of 6 characters whatever the policy.
 */

export const LOCAL_REGION = 'ap-southeast-3';
// Fake credentials: cognito-local checks no signature, and a real account's must never be used here.
const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
/**
 * Every seeded user's password, known to every checkout like the old development secret: good on
 * one machine and nowhere else (the emulator listens on loopback only). It meets the pool's policy.
 */
export const LOCAL_PASSWORD = 'Pantau-lokal-2026!';
export const INVITATION_FROM = 'Pantau <no-reply@pantau.local>';
// The standard attributes the app client reads that cognito-local leaves out of the ID token (it has email and email_verified).
const ID_TOKEN_STANDARD_CLAIMS: ReadonlySet<string> = new Set(APP_CLIENT.readAttributes.filter((name) => !name.startsWith('custom:') && name !== 'email' && name !== 'email_verified'));
// Cognito's authentication sessions last 3 minutes.
const SESSION_MS = 3 * 60_000;
const DAY_MS = 86_400_000;

/** An email as the emulator hands it over: the invitation, or a verification code. */
export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
}
export type EmailSender = (email: OutgoingEmail) => Promise<void>;

export interface CognitoEmulatorOptions {
  port: number;
  host?: string;
  /** Where pools and accounts are kept; a scratch directory, removed on stop, when absent (--in-memory). */
  directory?: string;
  /** Where invitations and codes go (sesEmailSender for the local SES); dropped when absent. */
  sendEmail?: EmailSender;
  /** The emulator's clock (tokens, temporary passwords); the real one unless a test moves it. */
  now?: () => Date;
}

export interface CognitoEmulator {
  endpoint: string;
  directory: string;
  /** The token issuer for a pool: `<endpoint>/<poolId>`, as Cognito's is `https://cognito-idp.<region>.amazonaws.com/<poolId>`. */
  issuerOf(userPoolId: string): string;
  jwksUrlOf(userPoolId: string): string;
  stop(): Promise<void>;
}

/** Sends each email to an SES endpoint (aws-ses-v2-local): the newcomer reads it in the local inbox. */
export function sesEmailSender(sesUrl: string, from = INVITATION_FROM): EmailSender {
  const ses = new SESClient({ ...awsClientConfig('background'), endpoint: sesUrl, region: LOCAL_REGION, credentials: CREDENTIALS });
  return async ({ to, subject, html, text }) => {
    await ses.send(
      new SendEmailCommand({
        Source: from,
        Destination: { ToAddresses: [to] },
        Message: { Subject: { Data: subject, Charset: 'UTF-8' }, Body: { Html: { Data: html, Charset: 'UTF-8' }, Text: { Data: text, Charset: 'UTF-8' } } },
      }),
    );
  };
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The HTML body as plain text: line breaks where paragraphs and breaks were, no tags. */
export function htmlToText(html: string): string {
  return html
    .replace(/<hr\s*\/?>/gi, '\n---\n')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>/gi, '\n\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The pool's invitation for this username and temporary password, as Cognito fills it in. */
export function renderInvitation(username: string, temporaryPassword: string, to: string): OutgoingEmail {
  const html = INVITATION.emailBody.replaceAll('{username}', escapeHtml(username)).replaceAll('{####}', escapeHtml(temporaryPassword));
  return { to, subject: INVITATION.emailSubject, html, text: htmlToText(html) };
}

function renderCode(code: string, to: string): OutgoingEmail {
  const html = `<p>Kode verifikasi Pantau Anda: <b>${escapeHtml(code)}</b></p><hr><p>Your Pantau verification code: <b>${escapeHtml(code)}</b></p>`;
  return { to, subject: 'Kode verifikasi Pantau / Your Pantau verification code', html, text: htmlToText(html) };
}

/** What a password must be, by the pool's policy; the reason it is not, or undefined. */
export function passwordPolicyViolation(password: string): string | undefined {
  const p = PASSWORD_POLICY;
  if (password.length < p.minLength) return `Password not long enough (at least ${p.minLength} characters)`;
  if (p.requireLowercase && !/[a-z]/.test(password)) return 'Password must have lowercase characters';
  if (p.requireUppercase && !/[A-Z]/.test(password)) return 'Password must have uppercase characters';
  if (p.requireDigits && !/[0-9]/.test(password)) return 'Password must have numeric characters';
  if (p.requireSymbols && !/[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/.test(password)) return 'Password must have symbol characters';
  return undefined;
}

// cognito-local keeps its dates as ISO strings in the files, and reads them back as Dates (its stormDb.js does the same).
function datesAsStrings(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const own = this[key];
  return key.endsWith('Date') && own instanceof Date ? own.toISOString() : value;
}
const datesRevived = (key: string, value: unknown): unknown => (key.endsWith('Date') && (typeof value === 'string' || typeof value === 'number') ? new Date(value) : value);

/**
 * StormDB's file engine, writing one file at a time and atomically (a temporary file, then a
 * rename). Its own writes each file with fs.writeFile as they come: two sign-ins at once (each
 * stores a refresh token) can interleave into a file that no longer parses, and a stack killed
 * mid-write (test/e2e/crash-safety.test.ts does that) leaves half a file, and no pool next start.
 */
class AtomicFileEngine extends StormDB.localFileEngine {
  private queue: Promise<void> = Promise.resolve();
  constructor(private readonly file: string) {
    super(file, { serialize: (data: unknown) => JSON.stringify(data, datesAsStrings, 2), deserialize: (text: string) => JSON.parse(text, datesRevived) as unknown });
  }
  override write(data: unknown): Promise<void> {
    // The state as of this call: later changes go out with their own write.
    const text = JSON.stringify(data, datesAsStrings, 2);
    const temporary = `${this.file}.tmp`;
    const written = this.queue.then(async () => {
      await writeFile(temporary, text);
      await rename(temporary, this.file);
    });
    this.queue = written.catch(() => undefined);
    return written;
  }
}

const atomicDataStores = (directory: string): DataStoreFactory => ({
  async create(_ctx, id, defaults) {
    await mkdir(directory, { recursive: true });
    const db = new StormDB(new AtomicFileEngine(join(directory, `${id}.json`)));
    db.default(defaults);
    await db.save();
    return new StormDBDataStore(db);
  },
});

/** The message service: every email rendered here and handed to `send` (cognito-local's own passes only the code). */
function messages(send: EmailSender | undefined, logger: pino.Logger): Messages {
  return {
    async deliver(_ctx, source, _clientId, _userPoolId, user, code, _metadata, details) {
      if (details.DeliveryMedium !== 'EMAIL') {
        logger.warn(`cognito-local: an SMS to ${details.Destination} was not sent (no local SMS for the user pool)`);
        return;
      }
      if (!send) return;
      await send(source === 'AdminCreateUser' ? renderInvitation(user.Username, code, details.Destination) : renderCode(code, details.Destination));
    },
  };
}

interface AuthRequest {
  ClientId?: string;
  AuthFlow?: string;
  AuthParameters?: Record<string, string>;
  ChallengeName?: string;
  ChallengeResponses?: Record<string, string>;
  Session?: string;
}

type Route = (ctx: Context, req: AuthRequest) => Promise<Record<string, unknown>>;

const incorrect = () => new NotAuthorizedError('Incorrect username or password.');

/** The router with InitiateAuth and RespondToAuthChallenge put back to Cognito's behaviour (see the top). */
function shimmedRouter(services: Services, now: () => number) {
  const base = Router(services);
  // Session → who may answer NEW_PASSWORD_REQUIRED with it, until when.
  const sessions = new Map<string, { username: string; clientId: string; until: number }>();
  const poolOf = (ctx: Context, clientId: string | undefined): Promise<UserPoolService> => services.cognito.getUserPoolForClientId(ctx, clientId ?? '');

  const initiateAuth = (route: Route): Route => async (ctx, req) => {
    if (req.AuthFlow === 'REFRESH_TOKEN_AUTH' || req.AuthFlow === 'REFRESH_TOKEN') {
      const token = req.AuthParameters?.REFRESH_TOKEN;
      const user = token ? await (await poolOf(ctx, req.ClientId)).getUserByRefreshToken(ctx, token) : null;
      if (user && !user.Enabled) throw new NotAuthorizedError('User is disabled.');
      return route(ctx, req);
    }
    if (req.AuthFlow !== 'USER_PASSWORD_AUTH') return route(ctx, req);
    const username = req.AuthParameters?.USERNAME ?? '';
    const user: User | null = await (await poolOf(ctx, req.ClientId)).getUserByUsername(ctx, username);
    if (!user || user.Password !== req.AuthParameters?.PASSWORD) throw incorrect();
    if (!user.Enabled) throw new NotAuthorizedError('User is disabled.');
    if (user.UserStatus === 'FORCE_CHANGE_PASSWORD' && now() - new Date(user.UserCreateDate).getTime() > PASSWORD_POLICY.temporaryPasswordValidityDays * DAY_MS) {
      throw new NotAuthorizedError('Temporary password has expired and must be reset by an administrator.');
    }
    let result: Record<string, unknown>;
    try {
      result = await route(ctx, req);
    } catch (error) {
      if (error instanceof CognitoError && error.code === 'InvalidPasswordException') throw incorrect();
      throw error;
    }
    if (result.ChallengeName === 'NEW_PASSWORD_REQUIRED' && typeof result.Session === 'string') {
      sessions.set(result.Session, { username: user.Username, clientId: req.ClientId ?? '', until: now() + SESSION_MS });
    }
    return result;
  };

  const respondToAuthChallenge = (route: Route): Route => async (ctx, req) => {
    if (req.ChallengeName === 'NEW_PASSWORD_REQUIRED') {
      const session = req.Session ? sessions.get(req.Session) : undefined;
      const user = await (await poolOf(ctx, req.ClientId)).getUserByUsername(ctx, req.ChallengeResponses?.USERNAME ?? '');
      if (!session || !user || session.username !== user.Username || session.clientId !== req.ClientId || session.until < now()) {
        throw new NotAuthorizedError('Invalid session for the user.');
      }
      if (!user.Enabled) throw new NotAuthorizedError('User is disabled.');
      const violation = passwordPolicyViolation(req.ChallengeResponses?.NEW_PASSWORD ?? '');
      if (violation) throw new CognitoError('InvalidPasswordException', `Password does not conform to policy: ${violation}`);
      // One answer per session, as Cognito's.
      sessions.delete(req.Session!);
    }
    return route(ctx, req);
  };

  return (target: string) => {
    const route = base(target) as Route;
    if (target === 'InitiateAuth') return initiateAuth(route);
    if (target === 'RespondToAuthChallenge') return respondToAuthChallenge(route);
    return route;
  };
}

export async function startCognitoEmulator({ port, host = '127.0.0.1', directory, sendEmail, now }: CognitoEmulatorOptions): Promise<CognitoEmulator> {
  const scratch = directory ? undefined : await mkdtemp(join(tmpdir(), 'pantau-cognito-'));
  // As s3-local.ts: a process that exits without stop() takes its scratch directory with it.
  const removeScratch = () => rmSync(scratch!, { recursive: true, force: true });
  if (scratch) process.once('exit', removeScratch);
  const dataDir = directory ?? scratch!;
  const endpoint = `http://${host}:${port}`;
  // Its own failures only: a refused sign-in is the caller's answer, not a log line.
  const logger = pino({ level: 'error', base: { service: 'cognito-local' } });
  const ctx: Context = { logger };
  const clock = now ? { get: now } : new DateClock();
  const dataStores = atomicDataStores(dataDir);
  const cognito = await new CognitoServiceFactoryImpl(dataDir, dataStores, new UserPoolServiceFactoryImpl(clock, dataStores)).create(ctx, {});
  // No Lambda triggers locally: every target asks enabled() before it calls one.
  const triggers = { enabled: () => false } as unknown as Triggers;
  // Except for the token generator: what a pre token generation trigger would add, the standard
  // attributes the app client reads, which Cognito puts in the ID token and cognito-local does not.
  const standardClaims = {
    enabled: (trigger: string) => trigger === 'PreTokenGeneration',
    preTokenGeneration: async (_ctx: Context, { userAttributes }: { userAttributes: { Name: string; Value?: string }[] }) => ({
      claimsOverrideDetails: { claimsToAddOrOverride: Object.fromEntries(userAttributes.flatMap((a) => (ID_TOKEN_STANDARD_CLAIMS.has(a.Name) && a.Value !== undefined ? [[a.Name, a.Value]] : []))) },
    }),
  } as unknown as Triggers;
  const services: Services = {
    clock,
    cognito,
    config: {} as Services['config'],
    messages: messages(sendEmail, logger),
    otp,
    tokenGenerator: new JwtTokenGenerator(clock, standardClaims, { IssuerDomain: endpoint }),
    triggers,
  };
  const server = createServer(shimmedRouter(services, () => clock.get().getTime()), logger, { port, hostname: host, development: false, https: false }, services);
  let http: Server;
  try {
    http = (await server.start()) as Server;
  } catch (error) {
    if (scratch) {
      process.off('exit', removeScratch);
      await rm(scratch, { recursive: true, force: true });
    }
    throw error;
  }
  return {
    endpoint,
    directory: dataDir,
    issuerOf: (userPoolId) => `${endpoint}/${userPoolId}`,
    jwksUrlOf: (userPoolId) => `${endpoint}/${userPoolId}/.well-known/jwks.json`,
    async stop() {
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
      if (scratch) {
        process.off('exit', removeScratch);
        await rm(scratch, { recursive: true, force: true });
      }
    },
  };
}

/** A client for the emulator's admin API, on the local budget (the emulator shares a busy machine). */
export function emulatorClient(endpoint: string): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({ ...awsClientConfig('local'), endpoint, region: LOCAL_REGION, credentials: CREDENTIALS });
}

/** CreateUserPool from the shared definition, as infra/cloud/constructs/auth.ts builds the cloud's. */
export function userPoolInput(poolName: string): CreateUserPoolCommandInput {
  return {
    PoolName: poolName,
    // Sign in by username; email is an alias (signInAliases { username, email } in the cloud).
    UsernameAttributes: [],
    AliasAttributes: ['email'],
    UsernameConfiguration: { CaseSensitive: false },
    AutoVerifiedAttributes: ['email'],
    Schema: [
      ...STANDARD_ATTRIBUTES.map((name) => ({ Name: name, AttributeDataType: 'String' as const, Mutable: true, Required: false })),
      ...CUSTOM_ATTRIBUTES.map((a) => ({
        Name: a.name,
        AttributeDataType: 'String' as const,
        Mutable: a.mutable,
        StringAttributeConstraints: { MinLength: String(a.minLength), MaxLength: String(a.maxLength) },
      })),
    ],
    Policies: {
      PasswordPolicy: {
        MinimumLength: PASSWORD_POLICY.minLength,
        RequireLowercase: PASSWORD_POLICY.requireLowercase,
        RequireUppercase: PASSWORD_POLICY.requireUppercase,
        RequireNumbers: PASSWORD_POLICY.requireDigits,
        RequireSymbols: PASSWORD_POLICY.requireSymbols,
        TemporaryPasswordValidityDays: PASSWORD_POLICY.temporaryPasswordValidityDays,
      },
    },
    AdminCreateUserConfig: {
      AllowAdminCreateUserOnly: true,
      InviteMessageTemplate: { EmailSubject: INVITATION.emailSubject, EmailMessage: INVITATION.emailBody, SMSMessage: INVITATION.sms },
    },
    MfaConfiguration: 'OPTIONAL',
    AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
  };
}

/** CreateUserPoolClient from the shared definition, with the local auth flows. */
export function userPoolClientInput(userPoolId: string): CreateUserPoolClientCommandInput {
  return {
    UserPoolId: userPoolId,
    ClientName: APP_CLIENT.name,
    GenerateSecret: APP_CLIENT.generateSecret,
    ExplicitAuthFlows: [...APP_CLIENT.localAuthFlows],
    PreventUserExistenceErrors: APP_CLIENT.preventUserExistenceErrors ? 'ENABLED' : 'LEGACY',
    EnableTokenRevocation: APP_CLIENT.enableTokenRevocation,
    IdTokenValidity: TOKEN_VALIDITY.idTokenMinutes,
    AccessTokenValidity: TOKEN_VALIDITY.accessTokenMinutes,
    RefreshTokenValidity: TOKEN_VALIDITY.refreshTokenDays,
    TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes', RefreshToken: 'days' },
    ReadAttributes: [...APP_CLIENT.readAttributes],
    WriteAttributes: [...APP_CLIENT.writeAttributes],
  };
}

export interface LocalPool {
  userPoolId: string;
  clientId: string;
}

/** The pool and its client found by name, or undefined: what `npm run token` looks up. */
export async function findLocalPool(client: CognitoIdentityProviderClient, poolName = LOCAL_USER_POOL_NAME): Promise<LocalPool | undefined> {
  const { UserPools = [] } = await client.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  const pool = UserPools.find((p) => p.Name === poolName);
  if (!pool?.Id) return undefined;
  const { UserPoolClients = [] } = await client.send(new ListUserPoolClientsCommand({ UserPoolId: pool.Id, MaxResults: 60 }));
  const app = UserPoolClients.find((c) => c.ClientName === APP_CLIENT.name);
  return app?.ClientId ? { userPoolId: pool.Id, clientId: app.ClientId } : undefined;
}

/** The pool and its client, found by name or created from the shared definition. */
export async function ensureLocalPool(client: CognitoIdentityProviderClient, poolName = LOCAL_USER_POOL_NAME): Promise<LocalPool & { created: boolean }> {
  const found = await findLocalPool(client, poolName);
  if (found) return { ...found, created: false };
  const { UserPools = [] } = await client.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  const userPoolId = UserPools.find((p) => p.Name === poolName)?.Id ?? (await client.send(new CreateUserPoolCommand(userPoolInput(poolName)))).UserPool!.Id!;
  const { UserPoolClient } = await client.send(new CreateUserPoolClientCommand(userPoolClientInput(userPoolId)));
  return { userPoolId, clientId: UserPoolClient!.ClientId!, created: true };
}

/** A seeded user's email and phone: staff carry theirs; employees are reached through their record. */
function contactOf(user: LocalUser): { email: string; phone?: string } {
  if (user.contact) return user.contact;
  const employee = employees.find((e) => e.nip === user.nip);
  return { email: employee?.contact.email ?? `${user.username}@example.com`, ...(employee?.contact.phone ? { phone: employee.contact.phone } : {}) };
}

/**
 * The seeded users as accounts: `sub` = subjectOf(username), so the seeded staff profiles in the
 * table stay theirs (only cognito-local lets a caller choose `sub`; Cognito makes its own), the
 * local password, confirmed, no invitation. An account already there is kept as it is.
 */
export async function seedAccounts(client: CognitoIdentityProviderClient, userPoolId: string, users: readonly LocalUser[]): Promise<{ created: number; kept: number }> {
  let created = 0;
  for (const user of users) {
    const exists = await client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: user.username })).then(
      () => true,
      (error: unknown) => {
        if ((error as { name?: string }).name === 'UserNotFoundException') return false;
        throw error;
      },
    );
    if (exists) continue;
    const { email, phone } = contactOf(user);
    await client.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: user.username,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'sub', Value: subjectOf(user.username) },
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'name', Value: user.name },
          ...(phone ? [{ Name: 'phone_number', Value: phone }] : []),
          { Name: CLAIM.roles, Value: user.roles.join(',') },
          { Name: CLAIM.org, Value: user.orgId },
          ...(user.nip ? [{ Name: CLAIM.nip, Value: user.nip }] : []),
        ],
      }),
    );
    await client.send(new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: user.username, Password: LOCAL_PASSWORD, Permanent: true }));
    created++;
  }
  return { created, kept: users.length - created };
}

export interface CognitoLocalOptions extends CognitoEmulatorOptions {
  /** The accounts to make on first start (seed-data.ts `users`). */
  users?: readonly LocalUser[];
  poolName?: string;
}

export interface CognitoLocal {
  endpoint: string;
  userPoolId: string;
  clientId: string;
  issuer: string;
  jwksUrl: string;
  directory: string;
  seeded: { created: number; kept: number };
  stop(): Promise<void>;
}

/** The emulator with the local pool, its client and the seeded accounts: what `npm start` runs. */
export async function startCognitoLocal({ users = [], poolName = LOCAL_USER_POOL_NAME, ...options }: CognitoLocalOptions): Promise<CognitoLocal> {
  const emulator = await startCognitoEmulator(options);
  const client = emulatorClient(emulator.endpoint);
  try {
    const { userPoolId, clientId } = await ensureLocalPool(client, poolName);
    const seeded = await seedAccounts(client, userPoolId, users);
    return {
      endpoint: emulator.endpoint,
      userPoolId,
      clientId,
      issuer: emulator.issuerOf(userPoolId),
      jwksUrl: emulator.jwksUrlOf(userPoolId),
      directory: emulator.directory,
      seeded,
      stop: () => emulator.stop(),
    };
  } catch (error) {
    await emulator.stop();
    throw error;
  } finally {
    client.destroy();
  }
}

/** A fresh pool name, for tests that each want their own pool on a shared emulator. */
export const scratchPoolName = () => `pantau-test-${randomUUID().slice(0, 8)}`;
