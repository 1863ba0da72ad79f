/**
 * Stands in for `@aws-sdk/credential-provider-node` in the Lambda bundles (an esbuild alias in
 * infra/cloud/bundling.ts), never imported by name. Lambda hands every function its role's
 * credentials in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, which is the
 * first link of the SDK's default chain; the rest of that chain (SSO, STS, ini files, processes,
 * the instance metadata service, with the nested clients they need) is never reached there and
 * was some 130 KiB of every bundle. The local stack and the tests run the TypeScript, with the
 * real chain.
 *
 * Exports only what the clients' runtimeConfig imports from the package (`defaultProvider`, same
 * signature): should a client import more, esbuild stops the build rather than ship a gap. The SDK
 * memoizes the credentials it returns per client, as it did the chain's.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

type EnvInit = Parameters<typeof fromEnv>[0];

export const defaultProvider = (init: EnvInit = {}) => fromEnv(init);

