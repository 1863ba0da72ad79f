import {
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteUserPoolCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  type AuthenticationResultType,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { inject } from 'vitest';
import type { AwsCallBudget } from '../../shared/adapters/aws/client-config';
import { CognitoIdentityProvider, createCognitoClient } from '../../shared/adapters/identity/cognito-identity-provider';
import { emulatorClient, scratchPoolName, userPoolClientInput, userPoolInput } from '../../infra/local/cognito-local';
import { jwtAuthorizer } from '../../infra/local/auth';

/**
 * A user pool of its own for a test file, on the run's cognito-local (test/support/cognito-global-setup.ts),
 * made from the shared definition as `npm start` makes its pool:
 *
 *   const pool = await createTestUserPool();            // in beforeAll
 *   const { account } = await pool.identity.createAccount({ ... });
 *   const { temporaryPassword } = (await pool.invitationTo('new@example.com'))!;
 *   const tokens = await pool.completeInvitation('op.baru', temporaryPassword, 'Sandi-baru-2026!');
 *   await pool.verify(tokens.IdToken!);                 // the gateway's check
 *   await pool.destroy();                               // in afterAll
 */
export interface TestUserPool {
  endpoint: string;
  userPoolId: string;
  clientId: string;
  issuer: string;
  jwksUrl: string;
  /** The local SES the invitations go to: GET answers { emails }. */
  sesStore: string;
  /** The admin API on the local budget. */
  admin: CognitoIdentityProviderClient;
  /** The adapter under test, for this pool. */
  identity: CognitoIdentityProvider;
  /** InitiateAuth USER_PASSWORD_AUTH: the tokens, or the SDK's error (NotAuthorizedException...). */
  signIn(username: string, password: string): Promise<AuthenticationResultType>;
  /** An invited user's first sign-in: the temporary password, then NEW_PASSWORD_REQUIRED answered with `newPassword`. */
  completeInvitation(username: string, temporaryPassword: string, newPassword: string): Promise<AuthenticationResultType>;
  /** The newest invitation sent to `email`, read from the local SES as the newcomer would. */
  invitationTo(email: string): Promise<{ username: string; temporaryPassword: string; subject: string; text: string; html: string } | undefined>;
  /** The gateway's verifier for this pool's ID tokens. */
  verify: ReturnType<typeof jwtAuthorizer>;
  destroy(): Promise<void>;
}

export interface TestUserPoolOptions {
  /** The identity provider's call budget: `local` unless a test of faults wants the API's (`request`). */
  budget?: AwsCallBudget;
  endpoint?: string;
}

interface StoredEmail {
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
}

export async function createTestUserPool({ budget = 'local', endpoint = inject('cognitoEndpoint') }: TestUserPoolOptions = {}): Promise<TestUserPool> {
  const admin = emulatorClient(endpoint);
  const { UserPool } = await admin.send(new CreateUserPoolCommand(userPoolInput(scratchPoolName())));
  const userPoolId = UserPool!.Id!;
  const { UserPoolClient } = await admin.send(new CreateUserPoolClientCommand(userPoolClientInput(userPoolId)));
  const clientId = UserPoolClient!.ClientId!;
  const identity = new CognitoIdentityProvider(createCognitoClient({ endpoint, region: 'ap-southeast-3', budget }), userPoolId);
  const issuer = `${endpoint}/${userPoolId}`;
  const jwksUrl = `${issuer}/.well-known/jwks.json`;

  const signIn = async (username: string, password: string) => {
    const result = await admin.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }));
    if (!result.AuthenticationResult) throw Object.assign(new Error(`sign-in of ${username} answered the challenge ${result.ChallengeName}`), { challenge: result.ChallengeName, session: result.Session });
    return result.AuthenticationResult;
  };
  const completeInvitation = async (username: string, temporaryPassword: string, newPassword: string) => {
    const first = await admin.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: temporaryPassword } }));
    if (first.ChallengeName !== 'NEW_PASSWORD_REQUIRED') throw new Error(`expected NEW_PASSWORD_REQUIRED for ${username}, got ${first.ChallengeName ?? 'tokens'}`);
    const answer = await admin.send(
      new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: first.Session, ChallengeResponses: { USERNAME: username, NEW_PASSWORD: newPassword } }),
    );
    return answer.AuthenticationResult!;
  };
  const invitationTo = async (email: string) => {
    const { emails } = (await (await fetch(inject('cognitoSesStore'))).json()) as { emails: StoredEmail[] };
    const mine = emails.filter((e) => e.destination.to.some((to) => to.toLowerCase().includes(email.toLowerCase())));
    const last = mine.at(-1);
    const text = last?.body.text ?? '';
    const username = /Nama pengguna: (\S+)/.exec(text)?.[1];
    const temporaryPassword = /Kata sandi sementara: (\S+)/.exec(text)?.[1];
    if (!last || !username || !temporaryPassword) return undefined;
    return { username, temporaryPassword, subject: last.subject, text, html: last.body.html ?? '' };
  };

  return {
    endpoint,
    userPoolId,
    clientId,
    issuer,
    jwksUrl,
    sesStore: inject('cognitoSesStore'),
    admin,
    identity,
    signIn,
    completeInvitation,
    invitationTo,
    verify: jwtAuthorizer({ issuer, audience: clientId, jwks: jwksUrl }),
    async destroy() {
      await admin.send(new DeleteUserPoolCommand({ UserPoolId: userPoolId })).catch(() => undefined);
      admin.destroy();
    },
  };
}
