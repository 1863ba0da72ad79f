import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { KeyRingSource } from '../../app/tracking-links';
import { awsClientConfig, type AwsCallBudget } from '../aws/client-config';
import { FileKeyRingSource } from './local-key-ring';
import { SecretKeyRingSource } from './secret-key-ring';

/**
 * The tracking-link keys a function was configured with: TRACKING_KEYS_SECRET (the stage's secret,
 * set by the CDK stack) or TRACKING_KEYS_FILE (one machine's ring, set by npm start). Neither is a
 * start-up failure: a link signed with a made-up key would break the day the container changes.
 */
export function keyRingSourceFromEnv(budget: AwsCallBudget, env: NodeJS.ProcessEnv = process.env): KeyRingSource {
  if (env.TRACKING_KEYS_SECRET) return new SecretKeyRingSource(new SecretsManagerClient(awsClientConfig(budget, env)), env.TRACKING_KEYS_SECRET);
  if (env.TRACKING_KEYS_FILE) return new FileKeyRingSource(env.TRACKING_KEYS_FILE);
  throw new Error('TRACKING_KEYS_SECRET (the stage secret) or TRACKING_KEYS_FILE (a local ring) must be set');
}
