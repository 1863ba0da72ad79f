import type { Actor } from '../actors';
import type { ServiceType } from '../catalog/types';
import { DomainError, forbidden, type FieldIssue } from '../errors';
import { canReadProposal } from '../policy';
import { actsAsApplicant, actsAsAssignee, allowedActions, eventActor, nextEvent, withEvent, type Change } from '../proposal/lifecycle';
import { SYSTEM_ROLE, type EventActor, type Proposal } from '../proposal/types';
import { checkRejectionReason, checkStoredObject, checkUploadRequest, currentVersions, documentKey, requirementOf, versionState, type InspectedObject, type UploadRequest } from './rules';
import type { DocumentOpening, DocumentVersion, ScanResult, UploadGrant } from './types';

/** Documents are given while the applicant holds the proposal: a draft, or one returned to fix. */
const APPLICANT_HOLDS = new Set(['DRAFT', 'RETURNED']);

export interface GrantTiming {
  now: string;
  /** How long the upload URL works: minutes. */
  uploadSeconds: number;
  /** How long the grant can be registered after it is issued. */
  registerSeconds: number;
}

const later = (from: string, seconds: number) => new Date(new Date(from).getTime() + seconds * 1000).toISOString();

/** Only the applicant gives documents, and only while they hold the proposal (a draft, or returned to fix). */
export function assertApplicantHolds(proposal: Proposal, actor: Actor, type: ServiceType, what: string): void {
  if (!APPLICANT_HOLDS.has(proposal.status)) {
    throw new DomainError('TRANSITION_NOT_ALLOWED', { status: proposal.status, action: what, allowedActions: allowedActions(proposal, actor, type) });
  }
  if (!actsAsApplicant(actor, proposal)) throw forbidden(`only the applicant may ${what}`);
}

/**
 * An upload grant for one required document: the applicant declares the file's type, size and
 * hash, and gets an upload bound to exactly those, under Pantau's key for it. The same file as a
 * version already there is refused: replacing a document means a different file.
 */
export function issueGrant(proposal: Proposal, type: ServiceType, actor: Actor, code: string, request: UploadRequest, versions: readonly DocumentVersion[], id: string, timing: GrantTiming): UploadGrant {
  assertApplicantHolds(proposal, actor, type, 'upload documents');
  const { contentType } = checkUploadRequest(type, code, request);
  const sha256 = request.sha256.toLowerCase();
  const same = versions.find((v) => v.code === code && v.sha256 === sha256);
  if (same) throw new DomainError('DOCUMENT_UNCHANGED', { code, version: same.version });
  return {
    id,
    proposalId: proposal.id,
    code,
    sha256,
    size: request.size,
    contentType,
    key: documentKey(proposal.id, code, sha256),
    issuedTo: actor.userId,
    issuedAt: timing.now,
    uploadBy: later(timing.now, timing.uploadSeconds),
    registerBy: later(timing.now, timing.registerSeconds),
  };
}

export interface Attached {
  change: Change;
  version: DocumentVersion;
}

/**
 * Registers an uploaded file as the document's next version, once storage shows it is the file the
 * grant was for. The event that attaches it carries its hash, size and type, so the audit trail
 * proves which file was decided on. A verdict that came in before registration is kept.
 */
export function attachDocument(
  proposal: Proposal,
  type: ServiceType,
  actor: Actor,
  grant: UploadGrant,
  stored: InspectedObject,
  versions: readonly DocumentVersion[],
  verdict: ScanResult | undefined,
  now: string,
): Attached {
  assertApplicantHolds(proposal, actor, type, 'register documents');
  if (grant.registerBy < now) throw new DomainError('UPLOAD_GRANT_EXPIRED', { grantId: grant.id, registerBy: grant.registerBy });
  if (!requirementOf(type, grant.code)) throw new DomainError('DOCUMENT_NOT_REQUIRED', { serviceType: type.code, code: grant.code });
  const same = versions.find((v) => v.code === grant.code && v.sha256 === grant.sha256);
  if (same) throw new DomainError('DOCUMENT_UNCHANGED', { code: grant.code, version: same.version });
  checkStoredObject(grant, stored);

  const previous = currentVersions(versions).get(grant.code)?.version ?? 0;
  const version: DocumentVersion = {
    proposalId: proposal.id,
    code: grant.code,
    version: previous + 1,
    sha256: grant.sha256,
    size: stored.size,
    contentType: grant.contentType,
    key: grant.key,
    registeredAt: now,
    registeredBy: { userId: actor.userId, role: proposal.filedBy.role },
    scan: verdict ?? { status: 'PENDING' },
  };
  const next: Proposal = { ...proposal, version: proposal.version + 1, updatedAt: now };
  const event = nextEvent(proposal, next, {
    type: 'attach',
    actor: eventActor(actor, proposal.filedBy.role),
    document: { code: version.code, version: version.version, sha256: version.sha256, size: version.size, contentType: version.contentType },
  }, type, now);
  return { change: withEvent(next, event), version };
}

export interface ReviewRequest {
  code: string;
  version: number;
  decision: 'ACCEPTED' | 'REJECTED';
  reason?: { code: string; text?: string };
}

/**
 * The stage's handler accepts or rejects one document, the version they looked at. Only a file
 * scanned clean can be judged; a rejection needs a coded reason. The decision goes into the chain.
 */
export function reviewDocument(proposal: Proposal, type: ServiceType, actor: Actor, versions: readonly DocumentVersion[], request: ReviewRequest, now: string): Attached {
  if (proposal.status !== 'IN_PROGRESS') {
    throw new DomainError('TRANSITION_NOT_ALLOWED', { status: proposal.status, action: 'review', allowedActions: allowedActions(proposal, actor, type) });
  }
  if (!actsAsAssignee(actor, proposal)) throw forbidden('only the stage’s handler reviews its documents');
  if (!requirementOf(type, request.code)) throw new DomainError('DOCUMENT_NOT_REQUIRED', { serviceType: type.code, code: request.code });
  const current = currentVersions(versions).get(request.code);
  if (!current) throw new DomainError('NOT_FOUND', { resource: 'document', code: request.code });
  if (current.version !== request.version) throw new DomainError('DOCUMENT_VERSION_STALE', { code: request.code, version: request.version, currentVersion: current.version });
  const state = versionState(current);
  if (state === 'SCANNING' || state === 'QUARANTINED' || state === 'SCAN_FAILED') throw new DomainError('DOCUMENT_NOT_SERVABLE', { code: request.code, state });
  const issues: FieldIssue[] = request.decision === 'REJECTED' ? checkRejectionReason(request.reason) : request.reason ? [{ path: 'reason', message: 'an accepted document takes no reason' }] : [];
  if (issues.length) throw new DomainError('VALIDATION_FAILED', {}, issues);

  const stage = type.stages[proposal.stageIndex]?.code ?? '';
  const role = proposal.assignment!.role; // actsAsAssignee held, so there is an assignment
  const by = eventActor(actor, role);
  const reviewed: DocumentVersion = {
    ...current,
    review: { decision: request.decision, ...(request.reason ? { reason: request.reason } : {}), by: { userId: by.userId, name: by.name, role, orgId: by.orgId }, at: now, stage },
  };
  const next: Proposal = { ...proposal, version: proposal.version + 1, updatedAt: now };
  const event = nextEvent(proposal, next, {
    type: 'review',
    actor: by,
    document: {
      code: current.code,
      version: current.version,
      sha256: current.sha256,
      size: current.size,
      contentType: current.contentType,
      decision: request.decision,
      ...(request.reason ? { reason: request.reason } : {}),
    },
  }, type, now);
  return { change: withEvent(next, event), version: reviewed };
}

/** The scanner, as the history names it: Pantau acting, not a person. */
export const MALWARE_SCANNER: EventActor = { userId: 'system:malware-scan', name: 'Pemindai malware Pantau', role: SYSTEM_ROLE, orgId: 'PANTAU' };

/**
 * A verdict on a registered version. A clean one only marks the version. A harmful one quarantines
 * it and goes into the chain (which tells the applicant and the handler, through the stream), so
 * the file is never served or forwarded and the record shows why.
 */
export function recordVerdict(proposal: Proposal, type: ServiceType, version: DocumentVersion, verdict: ScanResult, quarantinedBefore: boolean): { version: DocumentVersion; change?: Change } {
  const scanned: DocumentVersion = { ...version, scan: verdict };
  if (verdict.status !== 'THREATS' || quarantinedBefore) return { version: scanned };
  const now = verdict.at ?? proposal.updatedAt;
  const next: Proposal = { ...proposal, version: proposal.version + 1, updatedAt: now };
  const event = nextEvent(proposal, next, {
    type: 'quarantine',
    actor: MALWARE_SCANNER,
    document: { code: version.code, version: version.version, sha256: version.sha256, size: version.size, contentType: version.contentType, ...(verdict.detail ? { finding: verdict.detail } : {}) },
  }, type, now);
  return { version: scanned, change: withEvent(next, event) };
}

/**
 * Opening a file: a reader of the proposal, a version scanned clean (a harmful or unscanned file
 * is never served). The caller records the opening before handing out the URL.
 */
export function openDocument(proposal: Proposal, actor: Actor, versions: readonly DocumentVersion[], code: string, versionNumber: number, id: string, now: string): { version: DocumentVersion; opening: DocumentOpening } {
  if (!canReadProposal(actor, proposal)) throw new DomainError('NOT_FOUND', { resource: 'proposal' });
  const version = versions.find((v) => v.code === code && v.version === versionNumber);
  if (!version) throw new DomainError('NOT_FOUND', { resource: 'document', code, version: versionNumber });
  const state = versionState(version);
  if (state === 'SCANNING' || state === 'QUARANTINED' || state === 'SCAN_FAILED') throw new DomainError('DOCUMENT_NOT_SERVABLE', { code, version: versionNumber, state });
  return {
    version,
    opening: {
      id,
      proposalId: proposal.id,
      ...(proposal.nip !== undefined ? { nip: proposal.nip } : {}),
      agencyId: proposal.agencyId,
      code,
      version: versionNumber,
      sha256: version.sha256,
      at: now,
      by: { userId: actor.userId, name: actor.name, roles: [...actor.roles], orgId: actor.org.id },
    },
  };
}
