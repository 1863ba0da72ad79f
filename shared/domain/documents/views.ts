import { DOCUMENT_REJECTION_REASONS } from '../catalog/reasons';
import type { Names, ServiceType } from '../catalog/types';
import { contentTypesOf, maxBytesOf, requirementOf, versionState, type ChecklistEntry } from './rules';
import { DOCUMENT_STATE_LABELS, type DocumentOpening, type DocumentVersion } from './types';

const reasonLabel = (code: string): Names | undefined => (DOCUMENT_REJECTION_REASONS as Record<string, Names>)[code];

/** One version as readers in scope see it: its hash, size, type, scan and review; never its storage key. */
export function versionView(version: DocumentVersion) {
  const state = versionState(version);
  return {
    code: version.code,
    version: version.version,
    sha256: version.sha256,
    size: version.size,
    contentType: version.contentType,
    state,
    stateLabel: DOCUMENT_STATE_LABELS[state],
    registeredAt: version.registeredAt,
    registeredBy: { role: version.registeredBy.role },
    scan: { status: version.scan.status, ...(version.scan.at ? { at: version.scan.at } : {}), ...(version.scan.detail ? { detail: version.scan.detail } : {}) },
    ...(version.review
      ? {
          review: {
            decision: version.review.decision,
            ...(version.review.reason ? { reason: { ...version.review.reason, ...(reasonLabel(version.review.reason.code) ? { label: reasonLabel(version.review.reason.code)! } : {}) } } : {}),
            by: { name: version.review.by.name, role: version.review.by.role, orgId: version.review.by.orgId },
            at: version.review.at,
            stage: version.review.stage,
          },
        }
      : {}),
  };
}

/** The checklist as the proposal shows it: each required document, what it accepts, its state and versions. */
export function checklistView(type: ServiceType, entries: readonly ChecklistEntry[]) {
  return entries.map((entry) => {
    const requirement = requirementOf(type, entry.code)!;
    return {
      code: entry.code,
      names: entry.names,
      state: entry.state,
      stateLabel: DOCUMENT_STATE_LABELS[entry.state],
      maxBytes: maxBytesOf(requirement),
      contentTypes: [...contentTypesOf(requirement)],
      ...(requirement.externalIn ? { externalIn: requirement.externalIn } : {}),
      ...(entry.reference !== undefined ? { reference: entry.reference } : {}),
      ...(entry.current ? { currentVersion: entry.current.version } : {}),
      versions: entry.versions.map(versionView),
    };
  });
}

export function openingView(opening: DocumentOpening) {
  return {
    id: opening.id,
    proposalId: opening.proposalId,
    ...(opening.nip !== undefined ? { nip: opening.nip } : {}),
    code: opening.code,
    version: opening.version,
    sha256: opening.sha256,
    at: opening.at,
    by: { userId: opening.by.userId, name: opening.by.name, roles: opening.by.roles, orgId: opening.by.orgId },
  };
}
