import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SecretKeyRingSource } from '../../shared/adapters/tracking/secret-key-ring';

const secrets = mockClient(SecretsManagerClient);
const ARN = 'arn:aws:secretsmanager:ap-southeast-3:000000000000:secret:pantau-test-tracking-keys';
const KEY = Buffer.alloc(32, 9).toString('base64');
const source = () => new SecretKeyRingSource(new SecretsManagerClient({ region: 'ap-southeast-3' }), ARN);
const holding = (SecretString: string) => secrets.on(GetSecretValueCommand, { SecretId: ARN }).resolves({ SecretString });

afterEach(() => secrets.reset());

describe('the stage’s key ring in Secrets Manager', () => {
  it('is read as the flat ring the stack generates and rotation extends', async () => {
    holding(JSON.stringify({ current: 'b', a: KEY, b: Buffer.alloc(33, 1).toString('base64') }));
    expect(await source().load()).toEqual({ current: 'b', keys: { a: KEY, b: Buffer.alloc(33, 1).toString('base64') } });
  });

  // The senders log why the ring could not be loaded: the error must never carry a key.
  it.each([
    // A key pasted alone, as an operator might: JSON.parse's own error would quote its start.
    ['a bare key, not JSON', KEY, /is not JSON$/],
    ['a current key that is not in it', JSON.stringify({ current: 'b', a: KEY }), /current the current key is not in the ring/],
    ['a key too short', JSON.stringify({ current: 'a', a: Buffer.alloc(16, 2).toString('base64') }), /a a key is base64 of 32 bytes or more/],
  ])('holding %s fails, saying what is wrong and quoting none of it', async (_what, secret, message) => {
    holding(secret);
    const error = await source().load().then(() => undefined, (e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    if (!error) return;
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain(KEY.slice(0, 8));
    expect(error.message).not.toContain(Buffer.alloc(16, 2).toString('base64').slice(0, 8));
  });
});
