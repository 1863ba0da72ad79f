import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { keyRingSchema, storedKeyRing, type KeyRing } from '../../domain/tracking/link-token';
import type { KeyRingSource } from '../../app/tracking-links';

/**
 * One machine's tracking-link keys: a JSON ring in a file under .local/, made on first use
 * (readable by its owner only), so links in the local outboxes keep working across restarts.
 */
export class FileKeyRingSource implements KeyRingSource {
  constructor(private readonly path: string) {}

  async load(): Promise<KeyRing> {
    try {
      return keyRingSchema.parse(JSON.parse(await readFile(this.path, 'utf8')));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const ring: KeyRing = { current: 'a', keys: { a: randomBytes(32).toString('base64') } };
    await mkdir(dirname(this.path), { recursive: true });
    // Written whole beside it, then linked into place: linking fails if another process got there
    // first, so processes starting at once all read the winner's ring, never a half-written file.
    const draft = `${this.path}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await writeFile(draft, JSON.stringify(storedKeyRing(ring), null, 2) + '\n', { mode: 0o600 });
    try {
      await link(draft, this.path);
      return ring;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      return keyRingSchema.parse(JSON.parse(await readFile(this.path, 'utf8')));
    } finally {
      await unlink(draft);
    }
  }
}
