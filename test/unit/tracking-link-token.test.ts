import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyRingSchema, signTrackingToken, storedKeyRing, trackingPath, verifyTrackingToken, type KeyRing } from '../../shared/domain/tracking/link-token';
import { TrackingLinks } from '../../shared/app/tracking-links';
import { FileKeyRingSource } from '../../shared/adapters/tracking/local-key-ring';

const key = (byte: number) => Buffer.alloc(32, byte).toString('base64');
const ringA: KeyRing = { current: 'a', keys: { a: key(1) } };
const rotated: KeyRing = { current: 'b', keys: { a: key(1), b: key(2) } };
const id = 'USL-5VZX-38XH-MRDB';
const proposalIds = fc.stringMatching(/^USL-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

describe('tracking link tokens', () => {
  it('are a key id and 12 base64url characters, and verify for their number only', () => {
    const token = signTrackingToken(ringA, id);
    expect(token).toMatch(/^a[A-Za-z0-9_-]{12}$/);
    expect(verifyTrackingToken(ringA, id, token)).toBe(true);
    expect(verifyTrackingToken(ringA, 'USL-5VZX-38XH-MRDC', token)).toBe(false);
    expect(trackingPath(id, token)).toBe(`/t/${id}/${token}`);
  });

  it('refuse every changed character, a wrong length, an unknown key id', () => {
    fc.assert(
      fc.property(proposalIds, fc.nat(12), fc.constantFrom(...'ABCxyz019-_'), (pid, at, char) => {
        const token = signTrackingToken(ringA, pid);
        const tampered = token.slice(0, at) + char + token.slice(at + 1);
        fc.pre(tampered !== token);
        expect(verifyTrackingToken(ringA, pid, tampered)).toBe(false);
      }),
    );
    const token = signTrackingToken(ringA, id);
    for (const bad of ['', token.slice(0, -1), token + 'A', 'z' + token.slice(1), `a${'!'.repeat(12)}`, '\u0000'.repeat(13)]) {
      expect(verifyTrackingToken(ringA, id, bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it('keep verifying links signed before a rotation, and sign new ones with the new key', () => {
    const before = signTrackingToken(ringA, id);
    expect(verifyTrackingToken(rotated, id, before)).toBe(true);
    const after = signTrackingToken(rotated, id);
    expect(after[0]).toBe('b');
    expect(verifyTrackingToken(ringA, id, after)).toBe(false);
  });

  it('need a ring whose current key is in it, with keys of 32 bytes or more', () => {
    expect(keyRingSchema.safeParse({ current: 'b', a: key(1) }).success).toBe(false);
    expect(keyRingSchema.safeParse({ a: key(1) }).success).toBe(false);
    expect(keyRingSchema.safeParse({ current: 'a', a: Buffer.alloc(16).toString('base64') }).success).toBe(false);
    expect(keyRingSchema.safeParse({ current: 'ab', ab: key(1) }).success).toBe(false);
    expect(keyRingSchema.safeParse({ current: 'a', a: 'not base64!' }).success).toBe(false);
    expect(keyRingSchema.parse(storedKeyRing(rotated))).toEqual(rotated);
    // What Secrets Manager generates from the stack's template: 44 letters and digits.
    expect(keyRingSchema.parse({ current: 'a', a: 'Qm9uZ0dlbmVyYXRlZEJ5U2VjcmV0c01hbmFnZXIwMDAx' }).current).toBe('a');
  });
});

describe('TrackingLinks', () => {
  it('builds absolute links on the public base URL and verifies them', async () => {
    const links = new TrackingLinks({ load: async () => ringA }, 'https://pantau.example.go.id/');
    const link = await links.linkFor(id);
    expect(link).toMatch(new RegExp(`^https://pantau\\.example\\.go\\.id/t/${id}/a[A-Za-z0-9_-]{12}$`));
    expect(await links.verify(id, link.split('/').at(-1)!)).toBe(true);
    expect(await links.verify(id, 'a' + 'A'.repeat(12))).toBe(false);
  });

  it('loads the ring once, and again for a key id it does not know (rotation elsewhere)', async () => {
    let loads = 0;
    let ring = ringA;
    const links = new TrackingLinks({ load: async () => (loads++, ring) }, 'https://x.go.id');
    await links.linkFor(id);
    await links.linkFor(id);
    expect(loads).toBe(1);
    ring = rotated;
    expect(await links.verify(id, signTrackingToken(rotated, id))).toBe(true);
    expect(loads).toBe(2);
  });

  it('reloads for unknown key ids at most once a minute: made-up ids do not each cost a call to the secret', async () => {
    let loads = 0;
    let clock = 0;
    const links = new TrackingLinks({ load: async () => (loads++, ringA) }, 'https://x.go.id', () => clock);
    await links.linkFor(id);
    for (const key of 'bcdefghij') expect(await links.verify(id, key + 'A'.repeat(12))).toBe(false);
    expect(loads).toBe(2);
    clock += 60_000;
    expect(await links.verify(id, 'z' + 'A'.repeat(12))).toBe(false);
    expect(loads).toBe(3);
  });

  it('does not keep a failed load', async () => {
    let fail = true;
    const links = new TrackingLinks({ load: async () => { if (fail) throw new Error('secret unavailable'); return ringA; } }, 'https://x.go.id');
    await expect(links.linkFor(id)).rejects.toThrow('secret unavailable');
    fail = false;
    await expect(links.linkFor(id)).resolves.toContain('/t/');
  });
});

describe('FileKeyRingSource', () => {
  it('makes a ring on first use, owner-readable, and reads the same one after', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'pantau-keys-')), 'nested', 'tracking-link-keys.json');
    const first = await new FileKeyRingSource(path).load();
    expect(first.keys[first.current]).toBeDefined();
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await new FileKeyRingSource(path).load()).toEqual(first);
    expect(keyRingSchema.parse(JSON.parse(await readFile(path, 'utf8')))).toEqual(first);
  });

  it('gives every process starting at once the same ring', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'pantau-keys-')), 'k.json');
    const rings = await Promise.all(Array.from({ length: 5 }, () => new FileKeyRingSource(path).load()));
    for (const ring of rings) expect(ring).toEqual(rings[0]);
  });
});
