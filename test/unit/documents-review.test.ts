import { describe, expect, it } from 'vitest';
import { kenaikanPangkat } from '../../shared/domain/catalog/kenaikan-pangkat';
import { checkRejectionReason } from '../../shared/domain/documents/rules';
import { MALWARE_SCANNER, openDocument, recordVerdict, reviewDocument, type ReviewRequest } from '../../shared/domain/documents/operations';
import type { DocumentVersion } from '../../shared/domain/documents/types';
import { applyTransition, createProposal } from '../../shared/domain/proposal/lifecycle';
import type { Proposal } from '../../shared/domain/proposal/types';
import { refusal, versionOf } from '../support/document-versions';
import { ACTORS, EMPLOYEES, context } from '../support/fixtures';

const NOW = '2026-11-02T03:00:00.000Z';
const ID = 'USL-2026-DOCS-0002';
const CODES = kenaikanPangkat.requiredDocuments.map((d) => d.code);
const clean = (): DocumentVersion[] => CODES.map((code) => versionOf(ID, code, 1));

function draft(): Proposal {
  return createProposal({ id: ID, pinHash: 'x', subject: { employee: EMPLOYEES.sari }, payload: kenaikanPangkat.examplePayload, documents: [] }, context(ACTORS.opSleman, kenaikanPangkat)).proposal;
}

/** A promotion at its first stage, the agency's approver (PyB) holding it, its three files scanned clean. */
function atFirstStage(documents = clean()): Proposal {
  return applyTransition(draft(), { action: 'submit', expectedVersion: 1 }, { ...context(ACTORS.opSleman, kenaikanPangkat), documents }).proposal;
}

const accept = (code = 'SK_JABATAN', version = 1): ReviewRequest => ({ code, version, decision: 'ACCEPTED' });
const reject = (reason?: ReviewRequest['reason'], code = 'SK_JABATAN'): ReviewRequest => ({ code, version: 1, decision: 'REJECTED', ...(reason ? { reason } : {}) });

describe('reviewing a document', () => {
  it('records the decision of the stage’s handler on the version, with the stage, and puts it on the chain', () => {
    const proposal = atFirstStage();
    const { change, version } = reviewDocument(proposal, kenaikanPangkat, ACTORS.apprSleman, clean(), reject({ code: 'DOKUMEN_TIDAK_TERBACA', text: 'halaman 2 buram' }), NOW);
    expect(version.review).toEqual({
      decision: 'REJECTED',
      reason: { code: 'DOKUMEN_TIDAK_TERBACA', text: 'halaman 2 buram' },
      by: { userId: ACTORS.apprSleman.userId, name: ACTORS.apprSleman.name, role: 'APPROVER', orgId: 'PEMKAB-SLEMAN' },
      at: NOW,
      stage: 'PERSETUJUAN_PYB',
    });
    expect(change.proposal).toMatchObject({ status: 'IN_PROGRESS', version: proposal.version + 1, lastSeq: proposal.lastSeq + 1 });
    expect(change.event).toMatchObject({ type: 'review', prevHash: proposal.lastHash, document: { code: 'SK_JABATAN', version: 1, sha256: version.sha256, decision: 'REJECTED', reason: { code: 'DOKUMEN_TIDAK_TERBACA' } } });
  });

  it('is for the assignee alone: not the applicant, not the next stage, not an approver of another agency, not the employee', () => {
    const proposal = atFirstStage();
    for (const who of [ACTORS.opSleman, ACTORS.verKanreg1, ACTORS.apprKanreg1, ACTORS.apprYogya, ACTORS.verSleman, ACTORS.sari, ACTORS.adminSleman]) {
      refusal(() => reviewDocument(proposal, kenaikanPangkat, who, clean(), accept(), NOW), 'FORBIDDEN');
    }
    // Sari holding the approver role at her agency still reviews nothing of her own proposal.
    refusal(() => reviewDocument(proposal, kenaikanPangkat, ACTORS.sariAsApprover, clean(), accept(), NOW), 'FORBIDDEN');
    // After the forward, the Kanreg's verifier is the one.
    const forwarded = applyTransition(proposal, { action: 'forward', expectedVersion: proposal.version }, { ...context(ACTORS.apprSleman, kenaikanPangkat), documents: clean() }).proposal;
    refusal(() => reviewDocument(forwarded, kenaikanPangkat, ACTORS.apprSleman, clean(), accept(), NOW), 'FORBIDDEN');
    expect(reviewDocument(forwarded, kenaikanPangkat, ACTORS.verKanreg1, clean(), accept(), NOW).version.review).toMatchObject({ stage: 'VERIFIKASI_BKN', by: { role: 'VERIFIKATOR', orgId: 'KANREG-I' } });
  });

  it('happens only while the proposal is in progress', () => {
    refusal(() => reviewDocument(draft(), kenaikanPangkat, ACTORS.apprSleman, clean(), accept(), NOW), 'TRANSITION_NOT_ALLOWED');
    const proposal = atFirstStage();
    const returned = applyTransition(proposal, { action: 'return', expectedVersion: proposal.version, reason: { code: 'DOKUMEN_TIDAK_LENGKAP' }, missingItems: ['Surat pengantar'] }, { ...context(ACTORS.apprSleman, kenaikanPangkat), documents: clean() }).proposal;
    expect(returned.status).toBe('RETURNED');
    refusal(() => reviewDocument(returned, kenaikanPangkat, ACTORS.apprSleman, clean(), accept(), NOW), 'TRANSITION_NOT_ALLOWED');
  });

  it('judges the newest version only, a required kind only, a version that is there only', () => {
    const versions = [...clean(), versionOf(ID, 'SK_JABATAN', 2)];
    const stale = refusal(() => reviewDocument(atFirstStage(), kenaikanPangkat, ACTORS.apprSleman, versions, accept('SK_JABATAN', 1), NOW), 'DOCUMENT_VERSION_STALE');
    expect(stale.details).toEqual({ code: 'SK_JABATAN', version: 1, currentVersion: 2 });
    refusal(() => reviewDocument(atFirstStage(), kenaikanPangkat, ACTORS.apprSleman, versions, accept('SK_JABATAN', 3), NOW), 'DOCUMENT_VERSION_STALE');
    expect(reviewDocument(atFirstStage(), kenaikanPangkat, ACTORS.apprSleman, versions, accept('SK_JABATAN', 2), NOW).version.version).toBe(2);
    refusal(() => reviewDocument(atFirstStage(), kenaikanPangkat, ACTORS.apprSleman, versions, accept('IJAZAH'), NOW), 'DOCUMENT_NOT_REQUIRED');
    // Referenced, not uploaded: nothing to review.
    const referenced = createProposal({ id: ID, pinHash: 'x', subject: { employee: EMPLOYEES.sari }, payload: kenaikanPangkat.examplePayload, documents: CODES.map((code) => ({ code, reference: `dms://${code}` })) }, context(ACTORS.opSleman, kenaikanPangkat)).proposal;
    const submitted = applyTransition(referenced, { action: 'submit', expectedVersion: 1 }, context(ACTORS.opSleman, kenaikanPangkat)).proposal;
    refusal(() => reviewDocument(submitted, kenaikanPangkat, ACTORS.apprSleman, [], accept(), NOW), 'NOT_FOUND');
  });

  it('judges only a file scanned clean: not one being scanned, quarantined or unscannable', () => {
    const proposal = atFirstStage();
    for (const [scan, state] of [[{ status: 'PENDING' }, 'SCANNING'], [{ status: 'THREATS', at: NOW }, 'QUARANTINED'], [{ status: 'FAILED', at: NOW }, 'SCAN_FAILED']] as const) {
      const versions = [...clean().filter((v) => v.code !== 'SK_JABATAN'), versionOf(ID, 'SK_JABATAN', 2, { scan })];
      for (const request of [accept('SK_JABATAN', 2), { ...reject({ code: 'DOKUMEN_TIDAK_TERBACA' }), version: 2 }]) {
        expect(refusal(() => reviewDocument(proposal, kenaikanPangkat, ACTORS.apprSleman, versions, request, NOW), 'DOCUMENT_NOT_SERVABLE').details).toEqual({ code: 'SK_JABATAN', state });
      }
    }
  });

  it('needs a known reason for a rejection, and a text for LAINNYA', () => {
    const issues = (reason?: ReviewRequest['reason']) => refusal(() => reviewDocument(atFirstStage(), kenaikanPangkat, ACTORS.apprSleman, clean(), reject(reason), NOW), 'VALIDATION_FAILED').issues.map((i) => i.path);
    expect(issues()).toEqual(['reason']);
    expect(issues({ code: 'BURAM' })).toEqual(['reason.code']);
    // A return's reason is not a document's.
    expect(issues({ code: 'DATA_TIDAK_SESUAI' })).toEqual(['reason.code']);
    expect(issues({ code: 'LAINNYA' })).toEqual(['reason.text']);
    expect(issues({ code: 'LAINNYA', text: '   ' })).toEqual(['reason.text']);
    expect(reviewDocument(atFirstStage(), kenaikanPangkat, ACTORS.apprSleman, clean(), reject({ code: 'LAINNYA', text: 'cap instansi tidak terbaca' }), NOW).version.review?.reason).toEqual({ code: 'LAINNYA', text: 'cap instansi tidak terbaca' });
    for (const code of ['DOKUMEN_TIDAK_TERBACA', 'DOKUMEN_TIDAK_SESUAI', 'DOKUMEN_SALAH_JENIS', 'DOKUMEN_TIDAK_LENGKAP', 'DOKUMEN_KEDALUWARSA', 'DOKUMEN_TANPA_PENGESAHAN']) {
      expect(checkRejectionReason({ code }), code).toEqual([]);
    }
  });

  it('takes no reason with an acceptance', () => {
    const error = refusal(() => reviewDocument(atFirstStage(), kenaikanPangkat, ACTORS.apprSleman, clean(), { ...accept(), reason: { code: 'DOKUMEN_TIDAK_TERBACA' } }, NOW), 'VALIDATION_FAILED');
    expect(error.issues).toEqual([{ path: 'reason', message: 'an accepted document takes no reason' }]);
    const { version, change } = reviewDocument(atFirstStage(), kenaikanPangkat, ACTORS.apprSleman, clean(), accept(), NOW);
    expect(version.review).not.toHaveProperty('reason');
    expect(change.event.document).not.toHaveProperty('reason');
  });
});

describe('a scan verdict on a registered version', () => {
  const pending = versionOf(ID, 'SK_JABATAN', 1, { scan: { status: 'PENDING' } });

  it('only marks the version when clean or unscannable: nothing on the chain', () => {
    for (const verdict of [{ status: 'CLEAN' as const, at: NOW }, { status: 'FAILED' as const, at: NOW, detail: 'UNSUPPORTED' }]) {
      const result = recordVerdict(draft(), kenaikanPangkat, pending, verdict, false);
      expect(result.version.scan).toEqual(verdict);
      expect(result.change).toBeUndefined();
    }
  });

  it('quarantines a harmful one in the chain, as the scanner, once', () => {
    const proposal = draft();
    const verdict = { status: 'THREATS' as const, at: NOW, detail: 'EICAR-Test-File (not a virus)' };
    const { change, version } = recordVerdict(proposal, kenaikanPangkat, pending, verdict, false);
    expect(version.scan).toEqual(verdict);
    expect(change?.event).toMatchObject({ type: 'quarantine', actor: MALWARE_SCANNER, at: NOW, prevHash: proposal.lastHash, document: { code: 'SK_JABATAN', version: 1, sha256: pending.sha256, finding: 'EICAR-Test-File (not a virus)' } });
    expect(change?.proposal.version).toBe(proposal.version + 1);
    // The verdict delivered again (EventBridge delivers at least once) quarantines nothing more.
    expect(recordVerdict(change!.proposal, kenaikanPangkat, version, verdict, true).change).toBeUndefined();
  });
});

describe('opening a file', () => {
  it('is for a reader in scope, of a version scanned clean, old versions included, and makes the record of it', () => {
    const proposal = atFirstStage();
    const versions = [versionOf(ID, 'SK_JABATAN', 1, { review: { decision: 'REJECTED', reason: { code: 'DOKUMEN_TIDAK_TERBACA' }, by: { userId: 'u', name: 'n', role: 'APPROVER', orgId: 'PEMKAB-SLEMAN' }, at: NOW, stage: 'PERSETUJUAN_PYB' } }), versionOf(ID, 'SK_JABATAN', 2)];
    const { opening, version } = openDocument(proposal, ACTORS.verKanreg1, versions, 'SK_JABATAN', 1, 'opening-1', NOW);
    expect(version).toBe(versions[0]);
    expect(opening).toEqual({
      id: 'opening-1', proposalId: ID, nip: EMPLOYEES.sari.nip, agencyId: 'PEMKAB-SLEMAN', code: 'SK_JABATAN', version: 1, sha256: versions[0]!.sha256, at: NOW,
      by: { userId: ACTORS.verKanreg1.userId, name: ACTORS.verKanreg1.name, roles: ['VERIFIKATOR'], orgId: 'KANREG-I' },
    });
    expect(openDocument(proposal, ACTORS.sari, versions, 'SK_JABATAN', 2, 'opening-2', NOW).opening.by.userId).toBe(ACTORS.sari.userId);
  });

  it('is not found out of scope or for a version that is not there, and refused for a file not scanned clean', () => {
    const proposal = atFirstStage();
    refusal(() => openDocument(proposal, ACTORS.opYogya, clean(), 'SK_JABATAN', 1, 'o', NOW), 'NOT_FOUND');
    refusal(() => openDocument(proposal, ACTORS.verKanreg8, clean(), 'SK_JABATAN', 1, 'o', NOW), 'NOT_FOUND');
    refusal(() => openDocument(proposal, ACTORS.opSleman, clean(), 'SK_JABATAN', 2, 'o', NOW), 'NOT_FOUND');
    for (const scan of [{ status: 'PENDING' as const }, { status: 'THREATS' as const, at: NOW }, { status: 'FAILED' as const, at: NOW }]) {
      refusal(() => openDocument(proposal, ACTORS.opSleman, [versionOf(ID, 'SK_JABATAN', 1, { scan })], 'SK_JABATAN', 1, 'o', NOW), 'DOCUMENT_NOT_SERVABLE');
    }
  });
});
