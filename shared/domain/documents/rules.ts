import type { DocumentRequirement, Names, ServiceType } from '../catalog/types';
import { DOCUMENT_REJECTION_REASONS } from '../catalog/reasons';
import { DomainError, type FieldIssue } from '../errors';
import type { DocumentRef } from '../proposal/types';
import {
  CONTENT_TYPES,
  DEFAULT_MAX_BYTES,
  DOCUMENT_STATE_LABELS,
  type ContentType,
  type DocumentState,
  type DocumentVersion,
} from './types';

/** A file's first bytes by type: what a PDF, a JPEG and a PNG begin with, whatever they are called. */
const SIGNATURES: Record<ContentType, readonly number[]> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
};

/** How many leading bytes `sniffType` needs. */
export const SIGNATURE_BYTES = Math.max(...Object.values(SIGNATURES).map((s) => s.length));

/** The type a file's first bytes say it is, or undefined when they match none Pantau keeps. */
export function sniffType(firstBytes: Uint8Array): ContentType | undefined {
  return CONTENT_TYPES.find((type) => SIGNATURES[type].every((byte, i) => firstBytes[i] === byte));
}

/** Pantau's key for a file: the proposal, the document kind and the file's hash; never a client's name. */
export const documentKey = (proposalId: string, code: string, sha256: string): string => `${proposalId}/${code}/${sha256}`;

/** The parts of a key Pantau made, or undefined for any other key (the scan verdict's object). */
export function parseDocumentKey(key: string): { proposalId: string; code: string; sha256: string } | undefined {
  const match = /^([A-Z0-9-]{1,40})\/([A-Z0-9_]{1,60})\/([0-9a-f]{64})$/.exec(key);
  return match ? { proposalId: match[1]!, code: match[2]!, sha256: match[3]! } : undefined;
}

export function requirementOf(type: ServiceType, code: string): DocumentRequirement | undefined {
  return type.requiredDocuments.find((d) => d.code === code);
}

export const maxBytesOf = (requirement: DocumentRequirement): number => requirement.maxBytes ?? DEFAULT_MAX_BYTES;
export const contentTypesOf = (requirement: DocumentRequirement): readonly ContentType[] => requirement.contentTypes ?? CONTENT_TYPES;

/** What an applicant declares to be given an upload: the file's type, size and SHA-256 (hex). */
export interface UploadRequest {
  contentType: string;
  size: number;
  sha256: string;
}

/** The document kind's limits applied to what the applicant declares; each problem names its field. */
export function checkUploadRequest(type: ServiceType, code: string, request: UploadRequest): { requirement: DocumentRequirement; contentType: ContentType } {
  const requirement = requirementOf(type, code);
  if (!requirement) {
    throw new DomainError('DOCUMENT_NOT_REQUIRED', { serviceType: type.code, code, required: type.requiredDocuments.map((d) => d.code) });
  }
  const issues: FieldIssue[] = [];
  const accepted = contentTypesOf(requirement);
  const contentType = accepted.find((t) => t === request.contentType);
  if (!contentType) issues.push({ path: 'contentType', message: `${code} accepts ${accepted.join(', ')}` });
  const max = maxBytesOf(requirement);
  if (request.size > max) issues.push({ path: 'size', message: `${code} accepts files up to ${max} bytes; this one has ${request.size}` });
  if (issues.length) throw new DomainError('VALIDATION_FAILED', {}, issues);
  return { requirement, contentType: contentType! };
}

/** What storage says about an object at registration. */
export interface InspectedObject {
  size: number;
  /** Hex SHA-256 of what is stored, from S3's own checksum or computed from the bytes. */
  sha256: string;
  firstBytes: Uint8Array;
}

/**
 * Whether the stored object is the file the grant was for: same size, same hash, and first bytes
 * of the declared type (a file renamed .pdf is refused). Each mismatch names what differs.
 */
export function checkStoredObject(grant: { size: number; sha256: string; contentType: ContentType }, stored: InspectedObject): void {
  const issues: FieldIssue[] = [];
  if (stored.size !== grant.size) issues.push({ path: 'size', message: `the stored file has ${stored.size} bytes; the grant was for ${grant.size}` });
  if (stored.sha256 !== grant.sha256) issues.push({ path: 'sha256', message: 'the stored file’s SHA-256 is not the one declared' });
  const sniffed = sniffType(stored.firstBytes);
  if (sniffed !== grant.contentType) {
    issues.push({ path: 'contentType', message: sniffed ? `the file is ${sniffed}, not ${grant.contentType}` : `the file does not begin as ${grant.contentType} does` });
  }
  if (issues.length) throw new DomainError('DOCUMENT_MISMATCH', {}, issues);
}

/** The newest version of each document kind. */
export function currentVersions(versions: readonly DocumentVersion[]): Map<string, DocumentVersion> {
  const current = new Map<string, DocumentVersion>();
  for (const v of versions) {
    const seen = current.get(v.code);
    if (!seen || v.version > seen.version) current.set(v.code, v);
  }
  return current;
}

/** What one version is now: its scan first (a harmful or unscanned file is nothing else), then its review. */
export function versionState(version: DocumentVersion): DocumentState {
  if (version.scan.status === 'THREATS') return 'QUARANTINED';
  if (version.scan.status === 'FAILED') return 'SCAN_FAILED';
  if (version.scan.status === 'PENDING') return 'SCANNING';
  if (version.review) return version.review.decision === 'ACCEPTED' ? 'ACCEPTED' : 'REJECTED';
  return 'CLEAN';
}

export interface ChecklistEntry {
  code: string;
  names: Names;
  state: DocumentState;
  stateLabel: Names;
  /** The current version (when uploaded) or the external reference. */
  current?: DocumentVersion;
  reference?: string;
  versions: DocumentVersion[];
}

/**
 * Each required document and where it stands: an uploaded version wins over an external reference
 * (the applicant chose to give the file); without either it is MISSING.
 */
export function checklist(type: ServiceType, versions: readonly DocumentVersion[], references: readonly DocumentRef[]): ChecklistEntry[] {
  const current = currentVersions(versions);
  return type.requiredDocuments.map((requirement) => {
    const own = versions.filter((v) => v.code === requirement.code).sort((a, b) => a.version - b.version);
    const latest = current.get(requirement.code);
    const reference = references.find((r) => r.code === requirement.code)?.reference;
    const state: DocumentState = latest ? versionState(latest) : reference !== undefined && requirement.externalIn ? 'EXTERNAL' : 'MISSING';
    return {
      code: requirement.code,
      names: requirement.names,
      state,
      stateLabel: DOCUMENT_STATE_LABELS[state],
      ...(latest ? { current: latest } : {}),
      ...(reference !== undefined && !latest ? { reference } : {}),
      versions: own,
    };
  });
}

/** States in which a document lets a proposal go to its handler: scanned clean (reviewed or not), or kept elsewhere. */
const READY: ReadonlySet<DocumentState> = new Set<DocumentState>(['CLEAN', 'ACCEPTED', 'EXTERNAL']);

/**
 * Submit and resubmit: every required document uploaded and scanned clean, or referenced where the
 * catalog allows it. A rejected document must be replaced by a new version first.
 */
export function assertReadyToSubmit(entries: readonly ChecklistEntry[]): void {
  const notReady = entries.filter((e) => !READY.has(e.state)).map((e) => ({ code: e.code, state: e.state }));
  if (notReady.length) throw new DomainError('DOCUMENTS_MISSING', { missing: notReady.map((d) => d.code), documents: notReady });
}

/**
 * Forward and approve: nothing goes on with a document the handler rejected (return it instead)
 * or one the scanner flagged; a harmful file is never forwarded.
 */
export function assertNothingRejected(entries: readonly ChecklistEntry[]): void {
  const blocked = entries.filter((e) => e.state === 'REJECTED' || e.state === 'QUARANTINED' || e.state === 'SCAN_FAILED').map((e) => ({ code: e.code, state: e.state }));
  if (blocked.length) throw new DomainError('DOCUMENTS_REJECTED', { documents: blocked });
}

/** The documents a return sends back by itself: those rejected, quarantined or unscannable now. */
export function documentsToFix(entries: readonly ChecklistEntry[]): string[] {
  return entries.filter((e) => e.state === 'REJECTED' || e.state === 'QUARANTINED' || e.state === 'SCAN_FAILED').map((e) => e.code);
}

/** A rejection's reason: a code from the list, and a text for LAINNYA. */
export function checkRejectionReason(reason: { code: string; text?: string } | undefined): FieldIssue[] {
  if (!reason) return [{ path: 'reason', message: 'a rejected document needs a reason' }];
  if (!Object.hasOwn(DOCUMENT_REJECTION_REASONS, reason.code)) return [{ path: 'reason.code', message: `one of ${Object.keys(DOCUMENT_REJECTION_REASONS).join(', ')}` }];
  if (reason.code === 'LAINNYA' && !reason.text?.trim()) return [{ path: 'reason.text', message: 'reason LAINNYA needs a text' }];
  return [];
}

/**
 * External references given at filing or editing: only for a kind the catalog lets live in a
 * records system; any other kind is uploaded.
 */
export function checkExternalReferences(type: ServiceType, references: readonly DocumentRef[]): FieldIssue[] {
  return references.flatMap((ref, index) => {
    const requirement = requirementOf(type, ref.code);
    if (requirement && !requirement.externalIn) {
      return [{ path: `documents.${index}.code`, message: `${ref.code} must be uploaded (POST /proposals/{id}/documents/${ref.code}/uploads); it cannot be a reference` }];
    }
    return [];
  });
}
