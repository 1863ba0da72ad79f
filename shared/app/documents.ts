import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Actor } from '../domain/actors';
import { findServiceType } from '../domain/catalog';
import type { ServiceType } from '../domain/catalog/types';
import { assertApplicantHolds, attachDocument, issueGrant, openDocument, recordVerdict, reviewDocument, type ReviewRequest } from '../domain/documents/operations';
import { checklist, SIGNATURE_BYTES, type UploadRequest } from '../domain/documents/rules';
import type { DocumentVersion, ScanResult } from '../domain/documents/types';
import { checklistView, openingView, versionView } from '../domain/documents/views';
import { DomainError, notFound } from '../domain/errors';
import { canAuditProposal, canReadProposal } from '../domain/policy';
import type { Proposal } from '../domain/proposal/types';
import type { Clock } from '../adapters/clock';
import type { DocumentStore } from '../adapters/documents/ports';
import { DocumentRaceLost, type DocumentRecord, type DocumentRepository } from '../adapters/dynamo/document-repository';
import type { DirectoryRepository } from '../adapters/dynamo/directory-repository';
import { readableEmployee } from './employees';

/** How long an upload URL works, and a download URL: minutes to upload on a slow link, a minute to open. */
export const UPLOAD_URL_SECONDS = 15 * 60;
export const DOWNLOAD_URL_SECONDS = 60;
/** How long after the grant the upload may be registered: a day, for an applicant whose connection dropped. */
export const GRANT_REGISTER_SECONDS = 24 * 3600;
/** Registrations, reviews and verdicts that lose a race with another change of the proposal read again, this often. */
const ATTEMPTS = 8;

export interface DocumentServiceDeps {
  documents: DocumentRepository;
  store: DocumentStore;
  directory: DirectoryRepository;
  clock: Clock;
  logger?: Pick<Logger, 'info' | 'warn'>;
}

const FILE_EXTENSIONS: Record<string, string> = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' };

/**
 * The documents use cases: upload grants, registration after the object is checked, review,
 * opening (recorded), and the malware verdict. Reads check scope here; the domain checks who acts.
 */
export class DocumentService {
  constructor(private readonly deps: DocumentServiceDeps) {}

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  private typeOf(proposal: Proposal): ServiceType {
    const type = findServiceType(proposal.serviceType);
    if (!type) throw new Error(`proposal ${proposal.id} has unknown service type ${proposal.serviceType}`);
    return type;
  }

  /** The record of a proposal the actor may read; 404 for one they may not and for none alike. */
  private async readable(actor: Actor, id: string): Promise<DocumentRecord> {
    const record = await this.deps.documents.getRecord(id, 'strong');
    if (!record || !canReadProposal(actor, record.proposal)) throw notFound('proposal');
    return record;
  }

  /** Reads, decides and writes again when another change of the proposal came in between. */
  private async retrying<T>(what: string, attempt: () => Promise<T>): Promise<T> {
    for (let n = 1; ; n++) {
      try {
        return await attempt();
      } catch (error) {
        if (!(error instanceof DocumentRaceLost) || n >= ATTEMPTS) {
          if (error instanceof DocumentRaceLost) throw new DomainError('VERSION_CONFLICT', { reason: `the proposal kept changing while ${what}; try again` });
          throw error;
        }
        this.deps.logger?.info('document change lost a race; reading again', { what, attempt: n });
        // A short jittered pause, so writers that collided do not collide again in step.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * n));
      }
    }
  }

  /** The checklist: each required document, its state, its versions. */
  async list(actor: Actor, id: string) {
    const found = await this.deps.documents.getDocuments(id);
    if (!found || !canReadProposal(actor, found.proposal)) throw notFound('proposal');
    const type = this.typeOf(found.proposal);
    return { proposalId: id, version: found.proposal.version, documents: checklistView(type, checklist(type, found.documents, found.proposal.documents)) };
  }

  /** An upload grant for one required document: a presigned PUT bound to its key, type, size and hash. */
  async grant(actor: Actor, id: string, code: string, request: UploadRequest) {
    const { proposal, documents } = await this.readable(actor, id);
    const type = this.typeOf(proposal);
    const now = this.now();
    const grant = issueGrant(proposal, type, actor, code, request, documents, randomUUID(), { now, uploadSeconds: UPLOAD_URL_SECONDS, registerSeconds: GRANT_REGISTER_SECONDS });
    const upload = await this.deps.store.presignUpload({ key: grant.key, contentType: grant.contentType, size: grant.size, sha256: grant.sha256, expiresInSeconds: UPLOAD_URL_SECONDS });
    await this.deps.documents.putGrant(grant);
    return {
      grantId: grant.id,
      proposalId: id,
      code,
      contentType: grant.contentType,
      size: grant.size,
      sha256: grant.sha256,
      upload: { ...upload, expiresAt: grant.uploadBy },
      registerBy: grant.registerBy,
    };
  }

  /**
   * Registers an uploaded file: the grant must be this proposal's and this document's, the object
   * must be there with the declared size and hash (S3's checksum, or the bytes hashed where storage
   * kept none) and begin as its type does. Then it is the document's next version.
   */
  async register(actor: Actor, id: string, code: string, grantId: string) {
    const registered = await this.retrying('registering', async () => {
      const record = await this.readable(actor, id);
      const { proposal, documents } = record;
      const type = this.typeOf(proposal);
      // Who may register is settled before storage is asked anything.
      assertApplicantHolds(proposal, actor, type, 'register documents');
      const grant = record.grants.find((g) => g.id === grantId);
      if (!grant || grant.code !== code) throw new DomainError('UPLOAD_GRANT_NOT_FOUND', { grantId, code });
      // A retry of a registration that went through (its answer lost on the way) gets the same answer.
      const made = grant.registeredAs === undefined ? undefined : documents.find((d) => d.code === code && d.version === grant.registeredAs);
      if (made) return { version: made, proposalVersion: proposal.version, early: undefined, replayed: true };
      const now = this.now();
      if (grant.registerBy < now) throw new DomainError('UPLOAD_GRANT_EXPIRED', { grantId, registerBy: grant.registerBy });
      const head = await this.deps.store.head(grant.key);
      if (!head) throw new DomainError('DOCUMENT_NOT_UPLOADED', { grantId, code, uploadBy: grant.uploadBy });
      const [firstBytes, sha256] = await Promise.all([
        this.deps.store.firstBytes(grant.key, SIGNATURE_BYTES),
        // S3 verified the checksum on upload and keeps it; where storage did not, hash the bytes (a few MB at most).
        head.sha256 ?? (head.size <= grant.size ? this.deps.store.sha256Of(grant.key) : Promise.resolve('size-differs')),
      ]);
      const early = record.earlyVerdicts.get(`${code}#${grant.sha256}`);
      const { change, version } = attachDocument(proposal, type, actor, grant, { size: head.size, sha256, firstBytes }, documents, early, now);
      await this.deps.documents.saveAttached(change, proposal.version, version, grant.id);
      return { version: early ? { ...version, scan: early } : version, proposalVersion: change.proposal.version, early, replayed: false };
    });
    // A verdict that came first: the proposal learns of it now (a harmful file is quarantined in the chain).
    const after = registered.early ? await this.applyVerdict(id, code, registered.version.sha256, registered.early) : undefined;
    return { proposalId: id, proposalVersion: after?.proposalVersion ?? registered.proposalVersion, document: versionView(after?.version ?? registered.version), replayed: registered.replayed };
  }

  /** The stage's handler accepts or rejects the document version they looked at. */
  async review(actor: Actor, id: string, request: ReviewRequest) {
    return this.retrying('reviewing', async () => {
      const { proposal, documents } = await this.readable(actor, id);
      const { change, version } = reviewDocument(proposal, this.typeOf(proposal), actor, documents, request, this.now());
      await this.deps.documents.saveReviewed(change, proposal.version, version);
      return { proposalId: id, proposalVersion: change.proposal.version, document: versionView(version) };
    });
  }

  /**
   * A short-lived URL to one version, for a reader in scope, after the opening is recorded: a
   * record that cannot be written means no URL.
   */
  async open(actor: Actor, id: string, code: string, versionNumber: number) {
    const found = await this.deps.documents.getDocuments(id);
    if (!found || !canReadProposal(actor, found.proposal)) throw notFound('proposal');
    const { version, opening } = openDocument(found.proposal, actor, found.documents, code, versionNumber, randomUUID(), this.now());
    await this.deps.documents.putOpening(opening);
    const filename = `${id}-${code}-v${version.version}.${FILE_EXTENSIONS[version.contentType] ?? 'bin'}`;
    const url = await this.deps.store.presignDownload({ key: version.key, contentType: version.contentType, filename, expiresInSeconds: DOWNLOAD_URL_SECONDS });
    const expiresAt = new Date(new Date(opening.at).getTime() + DOWNLOAD_URL_SECONDS * 1000).toISOString();
    return { url, expiresAt, document: versionView(version), openedAt: opening.at };
  }

  /** Who opened a proposal's files (its agency's admins, auditors in scope). */
  async openings(actor: Actor, id: string, page: { limit: number; cursor?: string }) {
    // The proposal item alone, for its scope: the versions are not needed.
    const proposal = await this.deps.documents.getProposal(id, 'eventual');
    if (!proposal || !canReadProposal(actor, proposal)) throw notFound('proposal');
    if (!canAuditProposal(actor, proposal)) throw new DomainError('FORBIDDEN', { reason: 'who opened which file is for the agency’s admins and auditors' });
    const result = await this.deps.documents.listOpenings(id, page);
    return { proposalId: id, items: result.items.map(openingView), nextCursor: result.nextCursor };
  }

  /** Who opened one employee's files, across their proposals (the agency's admins, auditors in scope). */
  async openingsOfEmployee(actor: Actor, nip: string, page: { limit: number; cursor?: string }) {
    const employee = await readableEmployee(this.deps.directory, actor, nip);
    const agency = await this.deps.directory.getOrganisation(employee.agencyId);
    const scope = { agencyIds: [employee.agencyId], kanregIds: agency?.kanregId ? [agency.kanregId] : [] };
    if (!canAuditProposal(actor, { scope })) throw new DomainError('FORBIDDEN', { reason: 'who opened which file is for the agency’s admins and auditors' });
    const result = await this.deps.documents.listOpeningsOfEmployee(nip, page);
    return { nip, items: result.items.map(openingView), nextCursor: result.nextCursor };
  }

  /**
   * The malware scan's verdict on an object (GuardDuty's EventBridge event, or the local stand-in):
   * kept on the object's item, and, once the file is registered, on the proposal, which moves on a
   * version; a harmful file is quarantined in the chain. Replaying a verdict changes nothing more.
   */
  async applyVerdict(proposalId: string, code: string, sha256: string, verdict: ScanResult): Promise<{ version: DocumentVersion; proposalVersion: number } | undefined> {
    const { registered } = await this.deps.documents.putVerdict(proposalId, code, sha256, verdict);
    // Not registered yet: registration finds the verdict and applies it then.
    if (!registered) return undefined;
    // Clean or unscannable: two writes, no read (the version as the verdict's write left it).
    if (verdict.status !== 'THREATS') return { version: registered, proposalVersion: await this.deps.documents.bumpVersion(proposalId, verdict.at ?? this.now()) };
    // Harmful: the quarantine goes into the chain once (the version's mark says whether it did).
    if (registered.quarantinedBySeq !== undefined) return { version: registered, proposalVersion: (await this.deps.documents.getProposal(proposalId))?.version ?? 0 };
    let first = true;
    return this.retrying('recording a scan verdict', async () => {
      // After a lost race, read the version again: a twin verdict may have quarantined it meanwhile.
      const version = first ? registered : await this.deps.documents.getVersion(proposalId, code, sha256);
      first = false;
      const proposal = await this.deps.documents.getProposal(proposalId);
      if (!proposal || !version) return undefined;
      const { change } = recordVerdict(proposal, this.typeOf(proposal), version, verdict, version.quarantinedBySeq !== undefined);
      if (!change) return { version, proposalVersion: proposal.version };
      await this.deps.documents.saveQuarantined(change, proposal.version, version);
      this.deps.logger?.warn('a document was quarantined', { proposalId, code, version: version.version, finding: verdict.detail });
      return { version: { ...version, quarantinedBySeq: change.event.seq }, proposalVersion: change.proposal.version };
    });
  }
}
