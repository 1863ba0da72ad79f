import { describe, expect, it } from 'vitest';
import { matchesFilterPolicy, matchesPattern, QUEUE_FILTER_POLICIES, STREAM_FILTER_PATTERNS, eventAttributes } from '../../shared/adapters/notifications/routing';
import { cuti } from '../../shared/domain/catalog/cuti';
import { kenaikanPangkat } from '../../shared/domain/catalog/kenaikan-pangkat';
import { reviewDocument } from '../../shared/domain/documents/operations';
import { documentQuarantinedEvent, notificationEventOf, statusChangedEvent } from '../../shared/domain/notifications/events';
import { frontEndLinks, noticeLinks, trackedProposalOf } from '../../shared/domain/notifications/links';
import { quarantineAddressees, replacingVersion } from '../../shared/domain/notifications/quarantine';
import { notificationEventSchema } from '../../shared/domain/notifications/schema';
import type { DocumentQuarantinedEvent } from '../../shared/domain/notifications/types';
import { applyTransition, createProposal } from '../../shared/domain/proposal/lifecycle';
import type { Assignment } from '../../shared/domain/proposal/types';
import { ACTORS, EMPLOYEES, context, readyDocuments } from '../support/fixtures';
import { EICAR_FINDING, quarantined, uploadFile } from '../support/quarantine';

const NOW = '2026-11-02T03:00:00.000Z';

/** Sari's leave, a draft with its form uploaded, then found harmful: the history as stored. */
function leaveWithHarmfulForm() {
  const draft = createProposal({ id: 'USL-QRNT-0000-0001', pinHash: 'x', subject: { employee: EMPLOYEES.sari }, payload: cuti.examplePayload, documents: [] }, context(ACTORS.sari, cuti, NOW));
  const upload = uploadFile(draft.proposal, cuti, ACTORS.sari, 'FORMULIR_CUTI', 'form', [], NOW);
  const quarantine = quarantined(upload.change.proposal, cuti, upload.version, '2026-11-02T03:01:00.000Z');
  return { draft, upload, quarantine };
}

describe('a quarantine in the history becomes a domain event', () => {
  it('carries what the senders need, under the history event’s number, and is not urgent', () => {
    const { quarantine } = leaveWithHarmfulForm();
    expect(quarantine.event).toMatchObject({ type: 'quarantine', seq: 3, actor: { userId: 'system:malware-scan' } });
    const event = documentQuarantinedEvent(quarantine.event);
    expect(event).toEqual({
      kind: 'document-quarantined',
      eventId: 'USL-QRNT-0000-0001#3',
      proposalId: 'USL-QRNT-0000-0001',
      seq: 3,
      at: '2026-11-02T03:01:00.000Z',
      serviceType: 'CUTI',
      toStatus: 'DRAFT',
      toStage: null,
      nip: EMPLOYEES.sari.nip,
      agencyId: EMPLOYEES.sari.agencyId,
      filedBy: { userId: ACTORS.sari.userId, role: 'PEGAWAI' },
      document: { code: 'FORMULIR_CUTI', version: 1, finding: EICAR_FINDING },
      urgent: false,
    } satisfies DocumentQuarantinedEvent);
    expect(notificationEventOf(quarantine.event)).toEqual(event);
    expect(statusChangedEvent(quarantine.event)).toBeUndefined();
  });

  it('never carries the file itself: no hash, no size, no type, no storage key', () => {
    const { quarantine, upload } = leaveWithHarmfulForm();
    const wire = JSON.stringify(documentQuarantinedEvent(quarantine.event));
    for (const secret of [upload.version.sha256, upload.version.key, 'application/pdf', `"size"`]) expect(wire).not.toContain(secret);
  });

  it('the other document events tell nobody: an upload (a review: below); nor does a draft being filed', () => {
    const { draft, upload } = leaveWithHarmfulForm();
    expect(notificationEventOf(draft.event)).toBeUndefined();
    expect(notificationEventOf(upload.change.event)).toBeUndefined();
    // A quarantine event that lost its document (never written so) is no notice rather than a wrong one.
    expect(notificationEventOf({ ...leaveWithHarmfulForm().quarantine.event, document: undefined })).toBeUndefined();
  });

  it('a status change is still a status change', () => {
    const docs = readyDocuments(cuti, 'USL-QRNT-0000-0003');
    const draft = createProposal({ id: 'USL-QRNT-0000-0003', pinHash: 'x', subject: { employee: EMPLOYEES.sari }, payload: cuti.examplePayload, documents: docs.references }, context(ACTORS.sari, cuti, NOW));
    const submitted = applyTransition(draft.proposal, { action: 'submit', expectedVersion: 1 }, { ...context(ACTORS.sari, cuti, NOW), documents: docs.uploaded });
    expect(notificationEventOf(submitted.event)).toMatchObject({ kind: 'status-changed', action: 'submit', eventId: 'USL-QRNT-0000-0003#2' });
  });

  it('survives the queue: the senders’ schema takes it back as it was, with or without a number or a finding', () => {
    const event = documentQuarantinedEvent(leaveWithHarmfulForm().quarantine.event)!;
    expect(notificationEventSchema.parse(JSON.parse(JSON.stringify(event)))).toEqual(event);
    const { nip: _nip, ...candidate } = event;
    const withoutFinding = { ...candidate, filedBy: { userId: 'user-op.sleman', role: 'OPERATOR' as const }, document: { code: 'SKCK', version: 2 } };
    expect(notificationEventSchema.parse(withoutFinding)).toEqual(withoutFinding);
    expect(() => notificationEventSchema.parse({ ...event, document: { code: 'FORMULIR_CUTI', version: 0 } })).toThrow();
  });
});

describe('the routing lets quarantines through, and only the events that notify', () => {
  const insert = (type: string) => ({ eventName: 'INSERT', dynamodb: { NewImage: { entity: { S: 'EVENT' }, type: { S: type } } } });
  const [pattern] = STREAM_FILTER_PATTERNS;

  it('the stream filter wakes on-change for a quarantine, and not for an upload or a review', () => {
    expect(matchesPattern(pattern, insert('quarantine'))).toBe(true);
    expect(matchesPattern(pattern, insert('attach'))).toBe(false);
    expect(matchesPattern(pattern, insert('review'))).toBe(false);
    expect(matchesPattern(pattern, { eventName: 'MODIFY', dynamodb: { NewImage: { entity: { S: 'EVENT' }, type: { S: 'quarantine' } } } })).toBe(false);
  });

  it('both queues take a quarantine, as its attributes say it', () => {
    const attributes: Record<string, unknown> = { ...eventAttributes(documentQuarantinedEvent(leaveWithHarmfulForm().quarantine.event)!) };
    expect(attributes).toEqual({ kind: 'document-quarantined', channels: ['email', 'sms'], urgent: 'false' });
    expect(matchesFilterPolicy(QUEUE_FILTER_POLICIES.email, attributes)).toBe(true);
    expect(matchesFilterPolicy(QUEUE_FILTER_POLICIES.sms, attributes)).toBe(true);
    expect(matchesFilterPolicy(QUEUE_FILTER_POLICIES.email, { ...attributes, kind: 'document-attached' })).toBe(false);
  });
});

describe('who hears of a quarantined document', () => {
  const base = documentQuarantinedEvent(leaveWithHarmfulForm().quarantine.event)!;
  const byOperator: DocumentQuarantinedEvent = { ...base, filedBy: { userId: 'user-op.sleman', role: 'OPERATOR' } };
  const assignment = (fields: Partial<Assignment>): Assignment => ({
    orgId: 'KANREG-I', role: 'VERIFIKATOR', since: NOW, dueAt: '2026-11-09T03:00:00.000Z', workingDays: 5, zone: 'Asia/Jakarta', startedBySeq: 2, ...fields,
  });

  it('a draft: the employee who filed it for themselves, nobody else', () => {
    expect(quarantineAddressees(base, undefined)).toEqual([{ audience: 'applicant', recipient: { kind: 'employee', nip: EMPLOYEES.sari.nip } }]);
  });

  it('one an operator filed: the agency’s operators, not only the one who filed it; a candidate’s likewise', () => {
    expect(quarantineAddressees(byOperator, undefined)).toEqual([{ audience: 'operator', staffOf: { orgId: base.agencyId, role: 'OPERATOR' } }]);
    const { nip: _nip, ...candidate } = byOperator;
    expect(quarantineAddressees(candidate, undefined)).toEqual([{ audience: 'operator', staffOf: { orgId: base.agencyId, role: 'OPERATOR' } }]);
  });

  it('with someone: the role’s staff at the handling organisation, or the person named for the step', () => {
    const seq = { ...base, seq: 5, toStatus: 'IN_PROGRESS' as const };
    expect(quarantineAddressees(seq, assignment({ startedBySeq: 4 }))[1]).toEqual({ audience: 'handler', staffOf: { orgId: 'KANREG-I', role: 'VERIFIKATOR' } });
    expect(quarantineAddressees(seq, assignment({ orgId: base.agencyId, role: 'VERIFIKATOR', nip: EMPLOYEES.budi.nip }))[1]).toEqual({ audience: 'handler', recipient: { kind: 'employee', nip: EMPLOYEES.budi.nip } });
  });

  it('the assignment at the time only: once the proposal moved on after the quarantine, its handler then is not told', () => {
    const seq = { ...base, seq: 5, toStatus: 'IN_PROGRESS' as const };
    expect(quarantineAddressees(seq, assignment({ startedBySeq: 6 }))).toHaveLength(1);
    expect(quarantineAddressees(seq, assignment({ startedBySeq: 5 }))).toHaveLength(1);
    expect(quarantineAddressees(seq, assignment({ startedBySeq: 1 }))).toHaveLength(2);
  });

  it('the proposal returned to its applicant is with the applicant: one notice, as the applicant', () => {
    const returned = { ...base, seq: 9, toStatus: 'RETURNED' as const };
    const [applicant, handler] = quarantineAddressees(returned, assignment({ orgId: base.agencyId, role: 'PEGAWAI', nip: EMPLOYEES.sari.nip, startedBySeq: 8 }));
    // The sender keeps the first audience of a recipient listed twice.
    expect(applicant).toEqual({ audience: 'applicant', recipient: { kind: 'employee', nip: EMPLOYEES.sari.nip } });
    expect(handler).toMatchObject({ recipient: { kind: 'employee', nip: EMPLOYEES.sari.nip } });
  });
});

describe('a quarantined file replaced meanwhile', () => {
  const event = { ...documentQuarantinedEvent(leaveWithHarmfulForm().quarantine.event)!, document: { code: 'FORMULIR_CUTI', version: 2 } };
  it('is replaced by the newest version of the same document, if newer than the one quarantined', () => {
    expect(replacingVersion(event, [{ code: 'FORMULIR_CUTI', version: 1 }, { code: 'FORMULIR_CUTI', version: 2 }])).toBeUndefined();
    expect(replacingVersion(event, [{ code: 'FORMULIR_CUTI', version: 2 }, { code: 'FORMULIR_CUTI', version: 4 }, { code: 'FORMULIR_CUTI', version: 3 }])).toBe(4);
    expect(replacingVersion(event, [{ code: 'SK_JABATAN', version: 7 }])).toBeUndefined();
    expect(replacingVersion(event, [])).toBeUndefined();
  });
});

describe('the links of a quarantine notice', () => {
  const web = frontEndLinks('https://app.pantau.example.go.id');
  const event = documentQuarantinedEvent(leaveWithHarmfulForm().quarantine.event)!;

  it('the employee who filed it gets the signed tracking link; staff, and an employee who handles it, the front end', () => {
    expect(trackedProposalOf(event, { kind: 'employee', nip: EMPLOYEES.sari.nip })).toBe(event.proposalId);
    expect(trackedProposalOf(event, { kind: 'employee', nip: EMPLOYEES.budi.nip })).toBeUndefined();
    expect(trackedProposalOf(event, { kind: 'user', userId: 'user-op.sleman' })).toBeUndefined();
    expect(trackedProposalOf({ ...event, filedBy: { userId: 'user-op.sleman', role: 'OPERATOR' } }, { kind: 'employee', nip: EMPLOYEES.sari.nip })).toBeUndefined();
    expect(noticeLinks(event, web, undefined)).toEqual({ proposalUrl: `${web.proposal(event.proposalId)}`, preferencesUrl: web.noticeSettings });
  });
});

describe('a review that rejects is no quarantine', () => {
  it('a verifier’s rejection of a clean file reaches nobody by itself: the return that follows does', () => {
    const docs = readyDocuments(kenaikanPangkat, 'USL-QRNT-0000-0002');
    const filed = createProposal({ id: 'USL-QRNT-0000-0002', pinHash: 'x', subject: { employee: EMPLOYEES.sari }, payload: kenaikanPangkat.examplePayload, documents: docs.references }, context(ACTORS.opSleman, kenaikanPangkat, NOW));
    const submitted = applyTransition(filed.proposal, { action: 'submit', expectedVersion: 1 }, { ...context(ACTORS.opSleman, kenaikanPangkat, NOW), documents: docs.uploaded });
    const upload = uploadFile(filed.proposal, kenaikanPangkat, ACTORS.opSleman, 'SKP_DUA_TAHUN', 'skp', [], NOW);
    const clean = { ...upload.version, scan: { status: 'CLEAN' as const, at: NOW } };
    const reviewed = reviewDocument(submitted.proposal, kenaikanPangkat, ACTORS.apprSleman, [clean], { code: 'SKP_DUA_TAHUN', version: 1, decision: 'REJECTED', reason: { code: 'DOKUMEN_TIDAK_TERBACA' } }, NOW);
    expect(notificationEventOf(reviewed.change.event)).toBeUndefined();
  });
});
