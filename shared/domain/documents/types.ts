import type { Role } from '../actors';
import type { Names } from '../catalog/types';

/** The file types Pantau keeps: what scanners and verifiers' phones open everywhere. */
export const CONTENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];

/** A document kind's size limit when the catalog sets none: a scanned A4 page or two at 150 dpi. */
export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;

/**
 * What the malware scan said about one stored object. PENDING until a verdict arrives; FAILED
 * stands for every verdict that is not a clean bill (GuardDuty's UNSUPPORTED, ACCESS_DENIED,
 * FAILED): such a file is never served, and the applicant uploads it again.
 */
export const SCAN_STATUSES = ['PENDING', 'CLEAN', 'THREATS', 'FAILED'] as const;
export type ScanStatus = (typeof SCAN_STATUSES)[number];

export interface ScanResult {
  status: ScanStatus;
  /** When the verdict was recorded; absent while PENDING. */
  at?: string;
  /** The scanner's own word (GuardDuty's scanResultStatus, a threat's name): for staff, never shown to the public. */
  detail?: string;
}

export interface DocumentReview {
  decision: 'ACCEPTED' | 'REJECTED';
  /** A rejection's coded reason (DOCUMENT_REJECTION_REASONS) and free text beside it. */
  reason?: { code: string; text?: string };
  by: { userId: string; name: string; role: Role; orgId: string };
  at: string;
  /** The stage the proposal was at when the document was reviewed. */
  stage: string;
}

/**
 * One uploaded file of one document kind of a proposal. A replaced document keeps its old
 * versions; the newest is the one that counts. Its key in storage is Pantau's
 * (`<proposal>/<code>/<sha256>`), never the client's filename.
 */
export interface DocumentVersion {
  proposalId: string;
  code: string;
  version: number;
  /** Hex SHA-256 of the file, as S3 verified it on upload and Pantau checked it at registration. */
  sha256: string;
  size: number;
  contentType: ContentType;
  key: string;
  registeredAt: string;
  registeredBy: { userId: string; role: 'PEGAWAI' | 'OPERATOR' };
  scan: ScanResult;
  review?: DocumentReview;
  /** The history event that quarantined it, once one did. */
  quarantinedBySeq?: number;
}

/**
 * A presigned upload handed to the applicant for exactly one file: this proposal, this document
 * kind, this type, size and checksum. Kept beside the proposal until it is registered or expires.
 */
export interface UploadGrant {
  id: string;
  proposalId: string;
  code: string;
  sha256: string;
  size: number;
  contentType: ContentType;
  key: string;
  issuedTo: string;
  issuedAt: string;
  /** The upload URL stops working at this instant. */
  uploadBy: string;
  /** The grant can be registered until this instant (the object stays longer than its URL). */
  registerBy: string;
  /** The version its registration made: a retried registration answers with it. */
  registeredAs?: number;
}

/** Who opened which file of whose proposal, when: the record of reading a personal file. */
export interface DocumentOpening {
  id: string;
  proposalId: string;
  /** The employee whose file it is (absent for a candidate without a number yet). */
  nip?: string;
  agencyId: string;
  code: string;
  version: number;
  sha256: string;
  at: string;
  by: { userId: string; name: string; roles: Role[]; orgId: string };
}

/**
 * What a required document is now, as the applicant and the handler read it. SCANNING: registered,
 * and the malware verdict is not in yet (neither S3 nor GuardDuty says when a scan starts, so
 * "uploaded" and "being scanned" are one state). EXTERNAL: a reference to the agency's own records
 * system, listed but never opened through Pantau.
 */
export const DOCUMENT_STATES = ['MISSING', 'SCANNING', 'CLEAN', 'QUARANTINED', 'SCAN_FAILED', 'ACCEPTED', 'REJECTED', 'EXTERNAL'] as const;
export type DocumentState = (typeof DOCUMENT_STATES)[number];

export const DOCUMENT_STATE_LABELS: Record<DocumentState, Names> = {
  MISSING: { id: 'Belum diunggah', en: 'Not uploaded' },
  SCANNING: { id: 'Sedang dipindai', en: 'Being scanned' },
  CLEAN: { id: 'Siap diperiksa', en: 'Ready for review' },
  QUARANTINED: { id: 'Dikarantina: berkas berbahaya', en: 'Quarantined: harmful file' },
  SCAN_FAILED: { id: 'Tidak dapat dipindai: unggah ulang', en: 'Could not be scanned: upload again' },
  ACCEPTED: { id: 'Diterima', en: 'Accepted' },
  REJECTED: { id: 'Ditolak', en: 'Rejected' },
  EXTERNAL: { id: 'Tersimpan di sistem arsip instansi', en: 'Kept in the agency’s records system' },
};
