import type { Organisation } from '../domain/actors';
import { findServiceType } from '../domain/catalog';
import { DomainError, notFound } from '../domain/errors';
import { trackingPage, type TrackingPage } from '../domain/tracking/tracking-page';
import type { Clock } from '../adapters/clock';
import type { DirectoryRepository } from '../adapters/dynamo/directory-repository';
import type { ProposalRecord, ProposalRepository } from '../adapters/dynamo/proposal-repository';
import { verifyPin } from '../adapters/pin';
import type { TrackingLinks } from './tracking-links';

export const TRACKING_FAILURES_PER_HOUR = 10;
/** Hashed when the number is unknown, so a miss costs what a wrong PIN does and timing tells nothing. */
const UNKNOWN_PROPOSAL_PIN_HASH = 'scrypt$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/**
 * Public tracking's one read path and its lock, for every way in (the JSON route's PIN, the
 * form's PIN, the signed link): one eventually consistent Query of the proposal's partition, which
 * holds the hour's failure counter too. After TRACKING_FAILURES_PER_HOUR failures for a number it
 * answers 429 to everyone until the hour turns (a right PIN and a valid link too: otherwise the
 * lock would still tell a right guess from a wrong one), so guessing a six-digit PIN takes years
 * and a link's 72-bit MAC never falls. An unknown number counts and locks the same way, or the
 * 429 would tell which numbers exist. `proves` is the caller's check of what was presented.
 */
export async function trackedRecord(
  proposals: Pick<ProposalRepository, 'getForTracking' | 'recordTrackingFailure'>,
  clock: Clock,
  id: string,
  proves: (found: ProposalRecord | undefined) => Promise<boolean>,
): Promise<ProposalRecord> {
  const now = clock.now();
  const hour = now.toISOString().slice(0, 13);
  const { found, failures } = await proposals.getForTracking(id, hour);
  if (failures >= TRACKING_FAILURES_PER_HOUR) {
    throw new DomainError('TOO_MANY_REQUESTS', { retryAfterSeconds: 3600 - (Math.floor(now.getTime() / 1000) % 3600) });
  }
  const proven = await proves(found);
  if (found && proven) return found;
  await proposals.recordTrackingFailure(id, hour, Math.floor(now.getTime() / 1000) + 2 * 3600);
  throw notFound('proposal');
}

/** Whether a PIN opens the record; an unknown number still pays for one hash. */
export const pinOpens = (pin: string) => async (found: ProposalRecord | undefined) => verifyPin(pin, found?.proposal.pinHash ?? UNKNOWN_PROPOSAL_PIN_HASH);

export interface TrackingServiceDeps {
  proposals: Pick<ProposalRepository, 'getForTracking' | 'recordTrackingFailure'>;
  directory: Pick<DirectoryRepository, 'getOrganisation'>;
  links: Pick<TrackingLinks, 'verify' | 'pathFor'>;
  clock: Clock;
}

/** The tracking page's use cases: open it by signed link, or trade number and PIN for that link. */
export class TrackingService {
  constructor(private readonly deps: TrackingServiceDeps) {}

  /**
   * The page a signed link opens. A token that does not hold for the number (tampered, forged,
   * under an unknown key, for an unknown number) is a failure like a wrong PIN: counted, and
   * answered as the same 404.
   */
  async byLink(id: string, token: string): Promise<TrackingPage> {
    const valid = await this.deps.links.verify(id, token);
    const found = await trackedRecord(this.deps.proposals, this.deps.clock, id, async () => valid);
    return this.page(found);
  }

  /** The signed link's path for a number and its PIN (the form's answer): 404 and counted when they do not match. */
  async linkByPin(id: string, pin: string): Promise<string> {
    await trackedRecord(this.deps.proposals, this.deps.clock, id, pinOpens(pin));
    return this.deps.links.pathFor(id);
  }

  private async page({ proposal, history, deliveries }: ProposalRecord): Promise<TrackingPage> {
    const type = findServiceType(proposal.serviceType);
    if (!type) throw new Error(`proposal ${proposal.id} has unknown service type ${proposal.serviceType}`);
    // The agency (whose zone the timeline is read in) and whoever holds it now: reference data,
    // cached per container, so a warm page costs the one Query alone.
    const ids = [...new Set([proposal.agencyId, ...(proposal.assignment ? [proposal.assignment.orgId] : [])])];
    const orgs = await Promise.all(ids.map((orgId) => this.deps.directory.getOrganisation(orgId)));
    const organisations = new Map(orgs.filter((o): o is Organisation => o !== undefined).map((o) => [o.id, o]));
    return trackingPage({ proposal, history, deliveries, type, organisations, now: this.deps.clock.now().toISOString() });
  }
}
