import { signTrackingToken, trackingPath, verifyTrackingToken, type KeyRing } from '../domain/tracking/link-token';

/** Where a stage's tracking-link keys come from: a file under .local/ on one machine, a secret in AWS. */
export interface KeyRingSource {
  load(): Promise<KeyRing>;
}

/** How long a container trusts the ring it loaded: a rotated-in key signs within this, an added one verifies at once (see verify). */
const RING_TTL_MS = 5 * 60_000;
/**
 * A token under an unknown key id reloads the ring at most this often: the tracking page is
 * public, and a stream of made-up key ids must not become a stream of calls to Secrets Manager.
 * A key added elsewhere signs only once every container has had time to learn it (the TTL).
 */
const FORCED_RELOAD_EVERY_MS = 60_000;

/**
 * Signed tracking links for notifications, the filing answer and the receipt, and their check
 * when the page is opened. The ring is loaded once per container and kept a few minutes, so a
 * link costs no call to AWS; a token under a key id the cached ring does not know reloads once.
 */
export class TrackingLinks {
  private ring?: { value: Promise<KeyRing>; loadedAt: number };
  private forcedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly source: KeyRingSource,
    private readonly publicBaseUrl: string,
    private readonly now: () => number = Date.now,
  ) {}

  private keys(fresh = false): Promise<KeyRing> {
    if (fresh || !this.ring || this.now() - this.ring.loadedAt > RING_TTL_MS) {
      const value = this.source.load();
      this.ring = { value, loadedAt: this.now() };
      // A failed load is not kept: the next call tries again.
      value.catch(() => { if (this.ring?.value === value) this.ring = undefined; });
    }
    return this.ring.value;
  }

  /** The absolute link for a proposal: publicBaseUrl + /t/<number>/<token>. */
  async linkFor(proposalId: string): Promise<string> {
    return this.publicBaseUrl.replace(/\/+$/, '') + (await this.pathFor(proposalId));
  }

  /** The link's path alone, /t/<number>/<token>: where the PIN form sends a browser on this host. */
  async pathFor(proposalId: string): Promise<string> {
    return trackingPath(proposalId, signTrackingToken(await this.keys(), proposalId));
  }

  /** Whether a link's token holds for the number. */
  async verify(proposalId: string, token: string): Promise<boolean> {
    const ring = await this.keys();
    if (verifyTrackingToken(ring, proposalId, token)) return true;
    // A key added since the ring was loaded (rotation on another container): look once more, now and then.
    if (token.length === 0 || token[0]! in ring.keys || this.now() - this.forcedAt < FORCED_RELOAD_EVERY_MS) return false;
    this.forcedAt = this.now();
    return verifyTrackingToken(await this.keys(true), proposalId, token);
  }
}
