import {
  AdminGetUserCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { dependencyFault } from '../../shared/adapters/aws/faults';
import { LOCAL_USER_POOL_NAME } from '../../shared/adapters/identity/user-pool-definition';
import { LOCAL_PASSWORD, emulatorClient, findLocalPool } from './cognito-local';
import { DEFAULT_COGNITO_PORT, readPort } from './config';
import { LocalStackError } from './dynamodb-local';
import { findOrganisation, users } from './seed-data';

/**
 * `npm run -s token -- <username>` signs in to the running stack's user pool (cognito-local on
 * COGNITO_PORT) as a front end would, with InitiateAuth, and prints the ID token and nothing
 * else, so it can go straight into a variable: TOKEN=$(npm run -s token -- budi).
 * `npm run -s token -- <username> --temporary-password <password>` is an invited user's first
 * sign-in: the temporary password from the invitation email, then the local password chosen.
 * `npm run -s token -- --list` prints the seeded users as JSON.
 */
const USAGE = [
  'Usage: npm run -s token -- <username> [--temporary-password <from the invitation email>]',
  '       npm run -s token -- --list   (the seeded users)',
].join('\n');

/** A refusal to explain: usage and unknown users exit 2, the rest 1. */
class TokenError extends LocalStackError {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

interface Args {
  username: string;
  temporaryPassword?: string;
}

function parseArgs(args: string[]): Args | 'help' | 'list' {
  const [first, ...rest] = args;
  if (first === '--help' || first === '-h') return 'help';
  if (first === '--list' && rest.length === 0) return 'list';
  if (first === undefined || first.startsWith('-')) throw new TokenError(USAGE, 2);
  if (rest.length === 0) return { username: first };
  if (rest.length === 2 && rest[0] === '--temporary-password' && rest[1]) return { username: first, temporaryPassword: rest[1] };
  throw new TokenError(USAGE, 2);
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (args === 'list') {
    process.stdout.write(`${JSON.stringify(users.map(describeUser), null, 2)}\n`);
    return 0;
  }
  const port = readPort(process.env, 'COGNITO_PORT', DEFAULT_COGNITO_PORT);
  const endpoint = `http://127.0.0.1:${port}`;
  const client = emulatorClient(endpoint);
  try {
    process.stdout.write(`${await signIn(client, endpoint, port, args)}\n`);
    return 0;
  } finally {
    client.destroy();
  }
}

async function signIn(client: CognitoIdentityProviderClient, endpoint: string, port: number, { username, temporaryPassword }: Args): Promise<string> {
  const pool = await findLocalPool(client).catch((error: unknown) => {
    if (dependencyFault(error)) throw new TokenError(`No local stack answers on COGNITO_PORT=${port} (${endpoint}): start it with npm start, or set COGNITO_PORT to the port it runs on.`);
    throw error;
  });
  if (!pool) throw new TokenError(`The user pool emulator on COGNITO_PORT=${port} has no pool "${LOCAL_USER_POOL_NAME}": is that npm start's?`);

  const initiate = (password: string) =>
    client.send(new InitiateAuthCommand({ ClientId: pool.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }));
  let result;
  try {
    result = await initiate(temporaryPassword ?? LOCAL_PASSWORD);
  } catch (error) {
    if ((error as { name?: string }).name !== 'NotAuthorizedException') throw error;
    throw await explainRefusal(client, pool.userPoolId, username, temporaryPassword, (error as Error).message);
  }
  if (result.ChallengeName === 'NEW_PASSWORD_REQUIRED') {
    // An invited user's first sign-in: they choose the local password, as every seeded user has.
    result = await client.send(
      new RespondToAuthChallengeCommand({ ClientId: pool.clientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: result.Session, ChallengeResponses: { USERNAME: username, NEW_PASSWORD: LOCAL_PASSWORD } }),
    );
  }
  const token = result.AuthenticationResult?.IdToken;
  if (!token) throw new TokenError(`Signing in as "${username}" asked for ${result.ChallengeName ?? 'something else'}, which this script does not answer.`);
  return token;
}

/** Why the pool said no, in one line: the admin API tells an unknown user from a wrong password locally. */
async function explainRefusal(client: CognitoIdentityProviderClient, userPoolId: string, username: string, temporaryPassword: string | undefined, message: string): Promise<TokenError> {
  const user = await client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username })).catch((error: unknown) => {
    if ((error as { name?: string }).name === 'UserNotFoundException') return undefined;
    throw error;
  });
  if (!user) return new TokenError(`Unknown user "${username}": \`npm run -s token -- --list\` shows the seeded users; an invited one exists once an admin has created the account.`, 2);
  if (message === 'User is disabled.') return new TokenError(`"${username}" is disabled: an admin must enable the account first.`);
  if (user.UserStatus === 'FORCE_CHANGE_PASSWORD' && !temporaryPassword) {
    return new TokenError(`"${username}" was invited and has not chosen a password yet: npm run -s token -- ${username} --temporary-password <from the invitation email>.`);
  }
  if (temporaryPassword) {
    return new TokenError(
      user.UserStatus === 'FORCE_CHANGE_PASSWORD'
        ? `Wrong temporary password for "${username}" (${message}): take it from the newest invitation email.`
        : `"${username}" has chosen a password already: npm run -s token -- ${username}, without --temporary-password.`,
    );
  }
  return new TokenError(`Wrong password for "${username}": local accounts use ${LOCAL_PASSWORD} (${message}).`);
}

function describeUser(user: (typeof users)[number]) {
  const org = findOrganisation(user.orgId);
  return {
    username: user.username,
    name: user.name,
    roles: user.roles,
    organisation: { id: user.orgId, name: org?.name, kind: org?.kind },
    ...(user.nip ? { nip: user.nip } : {}),
  };
}

// The SDK's Node 20 notice would land on stderr beside the one line this prints.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof LocalStackError ? error.message : String(error)}\n`);
    process.exitCode = error instanceof TokenError ? error.exitCode : 1;
  },
);
