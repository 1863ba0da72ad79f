import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminUpdateUserAttributesCommand,
  CognitoIdentityProviderClient,
  type AttributeType,
} from '@aws-sdk/client-cognito-identity-provider';
import * as z from 'zod';
import { ROLES } from '../../domain/actors';
import { employeeNumberSchema } from '../../domain/nip';
import { CLAIM } from '../../http/claims';
import { awsClientConfig, clientEndpointFromEnv, endpointSettings, type AwsCallBudget, type ClientEndpoint } from '../aws/client-config';
import type { Account, AccountClaims, IdentityProvider, NewAccount } from './ports';

export interface UserPoolConfig extends ClientEndpoint {
  userPoolId: string;
  budget?: AwsCallBudget;
}

/** Reads USER_POOL_ID (and COGNITO_ENDPOINT for cognito-local) from the environment. */
export function userPoolFromEnv(env: NodeJS.ProcessEnv = process.env): UserPoolConfig {
  const userPoolId = env.USER_POOL_ID;
  if (!userPoolId) throw new Error('USER_POOL_ID is not set');
  return { userPoolId, ...clientEndpointFromEnv('COGNITO_ENDPOINT', env) };
}

/**
 * A Cognito client on the budget of its use (the API's by default: a staff admin waits on it), so
 * a Cognito that is down or throttling fails within seconds and faults.ts answers 503.
 */
export function createCognitoClient(config: Omit<UserPoolConfig, 'userPoolId'> = {}): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    ...awsClientConfig(config.budget ?? 'request'),
    ...endpointSettings(config),
  });
}

export function identityProviderFromEnv(env: NodeJS.ProcessEnv = process.env): CognitoIdentityProvider {
  const config = userPoolFromEnv(env);
  return new CognitoIdentityProvider(createCognitoClient(config), config.userPoolId);
}

const attribute = {
  roles: CLAIM.roles,
  org: CLAIM.org,
  nip: CLAIM.nip,
} as const;

// What Cognito hands back is a boundary too: an account whose claims would not make a token the API accepts is an error here, not a guess.
const accountAttributes = z.object({
  sub: z.string().min(1),
  [attribute.roles]: z.string().transform((value) => value.split(',').map((role) => role.trim()).filter(Boolean)).pipe(z.array(z.enum(ROLES)).min(1)),
  [attribute.org]: z.string().min(1),
  [attribute.nip]: employeeNumberSchema.optional(),
});

function claimAttributes(claims: AccountClaims): AttributeType[] {
  return [
    { Name: attribute.roles, Value: claims.roles.join(',') },
    { Name: attribute.org, Value: claims.orgId },
    ...(claims.nip ? [{ Name: attribute.nip, Value: claims.nip }] : []),
  ];
}

function toAccount(username: string, enabled: boolean | undefined, attributes: AttributeType[] | undefined): Account {
  const record = Object.fromEntries((attributes ?? []).flatMap((a) => (a.Name !== undefined && a.Value !== undefined ? [[a.Name, a.Value]] : [])));
  const parsed = accountAttributes.safeParse(record);
  if (!parsed.success) throw new Error(`Cognito account "${username}" does not carry Pantau's claims: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const a = parsed.data;
  return {
    userId: a.sub,
    username,
    enabled: enabled ?? true,
    roles: a[attribute.roles],
    orgId: a[attribute.org],
    ...(a[attribute.nip] ? { nip: a[attribute.nip] } : {}),
  };
}

const nameOf = (error: unknown) => (error as { name?: unknown } | undefined)?.name;

/**
 * The identity provider on Cognito's admin API (cognito-local speaks the same API). Uses exactly
 * AdminCreateUser, AdminGetUser, AdminUpdateUserAttributes, AdminDeleteUserAttributes,
 * AdminDisableUser and AdminEnableUser: the API function's IAM policy grants those and no more.
 */
export class CognitoIdentityProvider implements IdentityProvider {
  constructor(
    private readonly client: CognitoIdentityProviderClient,
    private readonly userPoolId: string,
  ) {}

  async createAccount(account: NewAccount): Promise<{ account: Account; created: boolean }> {
    try {
      const { User } = await this.client.send(
        new AdminCreateUserCommand({
          UserPoolId: this.userPoolId,
          Username: account.username,
          // Cognito makes the temporary password and sends the pool's invitation with it.
          DesiredDeliveryMediums: ['EMAIL'],
          UserAttributes: [
            { Name: 'email', Value: account.email },
            // The admin typed the address in; the invitation proves it reaches the person, and a
            // verified email is what lets them reset a forgotten password.
            { Name: 'email_verified', Value: 'true' },
            { Name: 'name', Value: account.name },
            ...(account.phone ? [{ Name: 'phone_number', Value: account.phone }] : []),
            ...claimAttributes(account),
          ],
        }),
      );
      return { account: toAccount(User?.Username ?? account.username, User?.Enabled, User?.Attributes), created: true };
    } catch (error) {
      if (nameOf(error) !== 'UsernameExistsException') throw error;
      const existing = await this.getAccount(account.username);
      // Deleted between the two calls: the caller's retry creates it.
      if (!existing) throw error;
      return { account: existing, created: false };
    }
  }

  async setClaims(username: string, claims: AccountClaims): Promise<void> {
    await this.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: this.userPoolId, Username: username, UserAttributes: claimAttributes(claims) }));
  }

  async disable(username: string): Promise<void> {
    await this.client.send(new AdminDisableUserCommand({ UserPoolId: this.userPoolId, Username: username }));
  }

  async enable(username: string): Promise<void> {
    await this.client.send(new AdminEnableUserCommand({ UserPoolId: this.userPoolId, Username: username }));
  }

  async getAccount(username: string): Promise<Account | undefined> {
    try {
      const user = await this.client.send(new AdminGetUserCommand({ UserPoolId: this.userPoolId, Username: username }));
      return toAccount(user.Username ?? username, user.Enabled, user.UserAttributes);
    } catch (error) {
      if (nameOf(error) === 'UserNotFoundException') return undefined;
      throw error;
    }
  }
}
