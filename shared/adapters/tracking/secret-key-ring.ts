import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { keyRingSchema, type KeyRing } from '../../domain/tracking/link-token';
import type { KeyRingSource } from '../../app/tracking-links';

/**
 * A stage's tracking-link keys in AWS: one Secrets Manager secret holding the ring as flat JSON
 * (`{"current":"a","a":"<base64>"}`). A secret rather than a KMS HMAC key, because every
 * link signed and every page opened would otherwise be a KMS call on the request path; the ring is
 * read once per container (TrackingLinks keeps it five minutes). docs/operations.md says how to rotate.
 */
export class SecretKeyRingSource implements KeyRingSource {
  constructor(
    private readonly client: SecretsManagerClient,
    private readonly secretId: string,
  ) {}

  async load(): Promise<KeyRing> {
    const { SecretString } = await this.client.send(new GetSecretValueCommand({ SecretId: this.secretId }));
    if (!SecretString) throw new Error(`secret ${this.secretId} holds no string`);
    // Never the secret's text in the error (JSON.parse quotes what it could not read, and the
    // senders log the error): only what is wrong with its shape.
    let stored: unknown;
    try {
      stored = JSON.parse(SecretString);
    } catch {
      throw new Error(`secret ${this.secretId} is not JSON`);
    }
    const ring = keyRingSchema.safeParse(stored);
    if (!ring.success) throw new Error(`secret ${this.secretId} is not a tracking key ring: ${ring.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
    return ring.data;
  }
}
