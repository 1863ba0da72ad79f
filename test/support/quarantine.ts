import { createHash } from 'node:crypto';
import type { Actor } from '../../shared/domain/actors';
import type { ServiceType } from '../../shared/domain/catalog/types';
import { attachDocument, issueGrant, recordVerdict, type Attached } from '../../shared/domain/documents/operations';
import type { DocumentVersion, ScanResult, UploadGrant } from '../../shared/domain/documents/types';
import type { Change } from '../../shared/domain/proposal/lifecycle';
import type { Proposal } from '../../shared/domain/proposal/types';

/** What GuardDuty names the EICAR test file: the finding a quarantine event carries. */
export const EICAR_FINDING = 'EICAR-Test-File (not a virus)';

export const threatsFound = (at: string, detail = EICAR_FINDING): ScanResult => ({ status: 'THREATS', at, detail });

/** A PDF's bytes: the first bytes registration sniffs, then whatever makes the file this one. */
const pdf = (content: string) => Buffer.from(`%PDF-1.7\n${content}\n%%EOF\n`);

/**
 * One file uploaded and registered as the applicant does it, through the domain's rules: a grant
 * for the file, then its registration as the document's next version (scan pending).
 */
export function uploadFile(proposal: Proposal, type: ServiceType, actor: Actor, code: string, content: string, versions: readonly DocumentVersion[], now: string, grantId = `grant-${code}-${versions.length + 1}`): { grant: UploadGrant } & Attached {
  const bytes = pdf(content);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const grant = issueGrant(proposal, type, actor, code, { contentType: 'application/pdf', size: bytes.length, sha256 }, versions, grantId, { now, uploadSeconds: 900, registerSeconds: 86_400 });
  const attached = attachDocument(proposal, type, actor, grant, { size: bytes.length, sha256, firstBytes: bytes.subarray(0, 8) }, versions, undefined, now);
  return { grant, ...attached };
}

/** The scanner's harmful verdict on a registered version: the change with its 'quarantine' event. */
export function quarantined(proposal: Proposal, type: ServiceType, version: DocumentVersion, at: string, detail?: string): Change {
  const { change } = recordVerdict(proposal, type, version, threatsFound(at, detail), false);
  if (!change) throw new Error('a harmful verdict quarantines');
  return change;
}
