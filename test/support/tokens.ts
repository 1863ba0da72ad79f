import { InitiateAuthCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { LOCAL_PASSWORD, emulatorClient, findLocalPool, type LocalPool } from '../../infra/local/cognito-local';

/**
 * ID tokens from a running local stack's user pool, signed in as `npm run token` does
 * (InitiateAuth USER_PASSWORD_AUTH with the local password), for tests that call the API over HTTP:
 *
 *   const authorization = `Bearer ${await stackToken(stack, 'budi')}`;
 *
 * `stack` is anything with the emulator's address: a LocalStack (test/support/local-stack.ts) or
 * the browser project's stack.
 */
const pools = new Map<string, { client: CognitoIdentityProviderClient; pool: Promise<LocalPool> }>();

export async function stackToken(stack: { cognito: string }, username: string, password = LOCAL_PASSWORD): Promise<string> {
  let entry = pools.get(stack.cognito);
  if (!entry) {
    const client = emulatorClient(stack.cognito);
    entry = {
      client,
      pool: findLocalPool(client).then((pool) => {
        if (!pool) throw new Error(`no local user pool at ${stack.cognito}`);
        return pool;
      }),
    };
    pools.set(stack.cognito, entry);
  }
  const { clientId } = await entry.pool.catch((error: unknown) => {
    pools.delete(stack.cognito);
    throw error;
  });
  const { AuthenticationResult } = await entry.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }));
  if (!AuthenticationResult?.IdToken) throw new Error(`signing in as ${username} at ${stack.cognito} gave no ID token`);
  return AuthenticationResult.IdToken;
}

/** The environment infra/local/token.ts needs to find the stack's user pool. */
export const tokenScriptEnv = (stack: { ports: { COGNITO_PORT: number } }) => ({ ...process.env, COGNITO_PORT: String(stack.ports.COGNITO_PORT) });
