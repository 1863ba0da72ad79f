import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../shared/domain/actors';
import { kenaikanPangkat } from '../../shared/domain/catalog/kenaikan-pangkat';
import { pengangkatanPns } from '../../shared/domain/catalog/pengangkatan-pns';
import type { ServiceType } from '../../shared/domain/catalog/types';
import { attachDocument, issueGrant, recordVerdict, reviewDocument } from '../../shared/domain/documents/operations';
import { checklist, currentVersions, documentsToFix, SIGNATURE_BYTES, versionState, type ChecklistEntry } from '../../shared/domain/documents/rules';
import { scanResultEventSchema, verdictOf } from '../../shared/domain/documents/scan';
import type { DocumentState, DocumentVersion } from '../../shared/domain/documents/types';
import type { Employee } from '../../shared/domain/employees';
import { DomainError } from '../../shared/domain/errors';
import { verifyChain } from '../../shared/domain/proposal/history';
import { actsAsApplicant, actsAsAssignee, allowedActions, applyTransition, createProposal, updateProposal, type Change, type TransitionRequest } from '../../shared/domain/proposal/lifecycle';
import { ACTIONS, type Action, type HistoryEvent } from '../../shared/domain/proposal/types';
import { fileOf, sha } from '../support/document-versions';
import { ACTORS, EMPLOYEES, ORGS, context, employee } from '../support/fixtures';

/**
 * Generated sequences of document operations (grant and registration, scan verdicts, reviews,
 * references) interleaved with transitions, run through the pure domain. Whatever the order, the
 * proposal never reaches IN_PROGRESS with a document not ready, never moves past a stage with a
 * document rejected or harmful, every return lists the rejected documents, and the chain holds,
 * each attach event naming the very file its version is.
 */

const NOW = '2026-11-02T02:00:00.000Z';
const ID = 'USL-2026-PROP-DOCS';
const actorKeys = Object.keys(ACTORS) as (keyof typeof ACTORS)[];
const PROGRESS: readonly Action[] = ['submit', 'resubmit', 'forward', 'approve', 'complete'];
const READY: readonly DocumentState[] = ['CLEAN', 'ACCEPTED', 'EXTERNAL'];
const BLOCKING: readonly DocumentState[] = ['REJECTED', 'QUARANTINED', 'SCAN_FAILED'];

// A CPNS of Sleman a year after TMT CPNS: the appointment's rules pass for them on the fixtures' date.
const CPNS = employee('199811052025011002', ORGS.sleman!, { kind: 'CPNS', pangkat: { golongan: 'III/a', tmt: '2025-01-01' } });

interface Walk {
  name: string;
  type: ServiceType;
  filer: Actor;
  subject: Employee;
}

const WALKS: Walk[] = [
  { name: 'KENAIKAN_PANGKAT (every kind may be kept elsewhere)', type: kenaikanPangkat, filer: ACTORS.opSleman, subject: EMPLOYEES.sari },
  { name: 'PENGANGKATAN_PNS (one kind kept elsewhere, four uploaded)', type: pengangkatanPns, filer: ACTORS.opSleman, subject: CPNS },
];

const RESULTS = ['NO_THREATS_FOUND', 'THREATS_FOUND', 'UNSUPPORTED', 'ACCESS_DENIED', 'FAILED'] as const;

const step = fc.oneof(
  // The applicant gives a file (one of eight per kind, so the same file comes again now and then); now and then someone else tries.
  // `aimed`: for a kind that needs a file (missing, rejected, harmful or unscannable: what an applicant fixing the checklist does), else any kind.
  { weight: 8, arbitrary: fc.record({ op: fc.constant('attach' as const), code: fc.nat(), aimed: fc.integer({ min: 0, max: 9 }).map((n) => n > 0), file: fc.nat({ max: 7 }), other: fc.integer({ min: 0, max: 9 }).map((n) => n === 0), who: fc.constantFrom(...actorKeys) }) },
  // Mostly clean. Now and then a verdict on a version scanned already: mostly the same one again
  // (EventBridge delivers at least once), rarely another (a file scanned again).
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant('verdict' as const),
      pick: fc.nat(),
      result: fc.integer({ min: 0, max: 19 }).map((n) => RESULTS[Math.max(0, n - 15)]!),
      late: fc.integer({ min: 0, max: 7 }).map((n) => n === 0),
      rescan: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
    }),
  },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('review' as const), code: fc.nat(), aimed: fc.integer({ min: 0, max: 4 }).map((n) => n > 0), decision: fc.constantFrom('ACCEPTED' as const, 'ACCEPTED' as const, 'REJECTED' as const), other: fc.integer({ min: 0, max: 5 }).map((n) => n === 0), who: fc.constantFrom(...actorKeys), stale: fc.integer({ min: 0, max: 9 }).map((n) => n === 0) }) },
  // `aimed`: references for kinds the catalog lets live elsewhere only (what a client reading the checklist sends).
  { weight: 1, arbitrary: fc.record({ op: fc.constant('refer' as const), codes: fc.uniqueArray(fc.nat({ max: 5 }), { maxLength: 3 }), aimed: fc.integer({ min: 0, max: 3 }).map((n) => n > 0) }) },
  { weight: 5, arbitrary: fc.record({ op: fc.constant('transition' as const), offered: fc.integer({ min: 0, max: 4 }).map((n) => n > 0), pick: fc.nat(), who: fc.constantFrom(...actorKeys), action: fc.constantFrom(...ACTIONS), stale: fc.integer({ min: 0, max: 9 }).map((n) => n === 0), named: fc.boolean(), careful: fc.integer({ min: 0, max: 3 }).map((n) => n > 0), quit: fc.integer({ min: 0, max: 24 }).map((n) => n === 0) }) },
);

/** What a careful client sends; a return names an item of its own only when `named`: else the rejected documents must carry it. */
function request(action: Action, type: ServiceType, version: number, named: boolean): TransitionRequest {
  return {
    action,
    expectedVersion: version,
    ...(action === 'return' ? { reason: { code: 'DOKUMEN_TIDAK_LENGKAP' }, ...(named ? { missingItems: ['Surat pengantar'] } : {}) } : {}),
    ...(action === 'reject' ? { reason: { code: 'LAINNYA', text: 'alasan' } } : {}),
    ...(action === 'complete' ? { output: type.exampleOutput } : {}),
  };
}

/** GuardDuty's event for one object, as the verdict function reads it. */
const scanEvent = (key: string, result: (typeof RESULTS)[number]) =>
  scanResultEventSchema.parse({
    source: 'aws.guardduty',
    'detail-type': 'GuardDuty Malware Protection Object Scan Result',
    detail: {
      scanStatus: 'COMPLETED',
      resourceType: 'S3_OBJECT',
      s3ObjectDetails: { bucketName: 'pantau-documents', objectKey: key },
      scanResultDetails: { scanResultStatus: result, threats: result === 'THREATS_FOUND' ? [{ name: 'EICAR-Test-File (not a virus)' }] : null },
    },
  });

/** Runs a domain operation: its outcome, or the DomainError it refused with (anything else is a crash, and fails). */
function attempt<T>(fn: () => T): T | DomainError {
  try {
    return fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
}

describe.each(WALKS)('documents through the lifecycle of $name', ({ type, filer, subject }) => {
  const codes = type.requiredDocuments.map((d) => d.code);
  const external = new Set(type.requiredDocuments.filter((d) => d.externalIn).map((d) => d.code));
  const ctx = (who: Actor, documents: readonly DocumentVersion[]) => ({ ...context(who, type, NOW, subject), documents });

  it('never goes on with a document not ready, rejected or harmful; returns list rejected ones; the chain names each file', () => {
    const seen = { submitted: 0, resubmitted: 0, refusedMissing: 0, forwarded: 0, refusedRejected: 0, returnedWithRejected: 0, returnedByDocumentsAlone: 0, quarantined: 0, unchanged: 0, reviewed: 0, completed: 0 };
    fc.assert(
      fc.property(fc.array(step, { minLength: 30, maxLength: 120, size: 'max' }), (steps) => {
        const created = createProposal({ id: ID, pinHash: 'x', subject: { employee: subject }, payload: type.examplePayload, documents: [] }, context(filer, type, NOW, subject));
        let proposal = created.proposal;
        let versions: DocumentVersion[] = [];
        const events: HistoryEvent[] = [created.event];
        const take = (change: Change) => {
          expect(change.event.seq).toBe(proposal.lastSeq + 1);
          expect(change.event.prevHash).toBe(proposal.lastHash);
          proposal = change.proposal;
          events.push(change.event);
        };
        const replace = (version: DocumentVersion) => {
          versions = versions.map((v) => (v.code === version.code && v.version === version.version ? version : v));
        };
        const entries = (): ChecklistEntry[] => checklist(type, versions, proposal.documents);

        for (const s of steps) {
          if (s.op === 'attach') {
            const unready = entries().filter((e) => !READY.includes(e.state) && e.state !== 'SCANNING').map((e) => e.code);
            // An applicant whose checklist needs nothing gives nothing; a new version now and then all the same.
            if (s.aimed && !unready.length) continue;
            const code = s.aimed ? unready[s.code % unready.length]! : codes[s.code % codes.length]!;
            const who = s.other ? ACTORS[s.who] : filer;
            const bytes = fileOf('application/pdf', `${code} berkas ${s.file}`);
            const mayGive = (proposal.status === 'DRAFT' || proposal.status === 'RETURNED') && actsAsApplicant(who, proposal);
            const same = versions.some((v) => v.code === code && v.sha256 === sha(bytes));
            const outcome = attempt(() => {
              const grant = issueGrant(proposal, type, who, code, { contentType: 'application/pdf', size: bytes.length, sha256: sha(bytes) }, versions, `grant-${events.length}`, { now: NOW, uploadSeconds: 900, registerSeconds: 86_400 });
              return attachDocument(proposal, type, who, grant, { size: bytes.length, sha256: sha(bytes), firstBytes: bytes.subarray(0, SIGNATURE_BYTES) }, versions, undefined, NOW);
            });
            expect(!(outcome instanceof DomainError), `attach ${code} as ${who.username}`).toBe(mayGive && !same);
            if (outcome instanceof DomainError) {
              if (mayGive && same) {
                expect(outcome.code).toBe('DOCUMENT_UNCHANGED');
                seen.unchanged++;
              }
              continue;
            }
            expect(outcome.version.version).toBe((currentVersions(versions).get(code)?.version ?? 0) + 1);
            versions = [...versions, outcome.version];
            take(outcome.change);
          } else if (s.op === 'verdict') {
            const candidates = s.late ? versions : versions.filter((v) => v.scan.status === 'PENDING');
            const version = candidates[s.pick % Math.max(1, candidates.length)];
            if (!version) continue;
            const again = version.scan.status !== 'PENDING' && !s.rescan;
            const result = again ? (version.scan.status === 'CLEAN' ? 'NO_THREATS_FOUND' : version.scan.status === 'THREATS' ? 'THREATS_FOUND' : (version.scan.detail as (typeof RESULTS)[number])) : s.result;
            const verdict = verdictOf(scanEvent(version.key, result), NOW);
            if (again) expect(verdict).toEqual(version.scan);
            const quarantinedBefore = events.some((e) => e.type === 'quarantine' && e.document?.code === version.code && e.document.version === version.version);
            const { version: scanned, change } = recordVerdict(proposal, type, version, verdict, quarantinedBefore);
            expect(Boolean(change)).toBe(verdict.status === 'THREATS' && !quarantinedBefore);
            replace(scanned);
            if (change) {
              take(change);
              seen.quarantined++;
            } else {
              // As the app does: the proposal moves on a version, so its ETag says the checklist changed.
              proposal = { ...proposal, version: proposal.version + 1 };
            }
          } else if (s.op === 'review') {
            const unreviewed = entries().filter((e) => e.state === 'CLEAN').map((e) => e.code);
            const code = s.aimed && unreviewed.length ? unreviewed[s.code % unreviewed.length]! : codes[s.code % codes.length]!;
            const assignee = actorKeys.map((k) => ACTORS[k]).find((a) => actsAsAssignee(a, proposal));
            const who = s.other || !assignee ? ACTORS[s.who] : assignee;
            const current = currentVersions(versions).get(code);
            const asked = current ? current.version - (s.stale ? 1 : 0) : 1;
            const outcome = attempt(() =>
              reviewDocument(proposal, type, who, versions, { code, version: asked, decision: s.decision, ...(s.decision === 'REJECTED' ? { reason: { code: 'DOKUMEN_TIDAK_TERBACA' } } : {}) }, NOW),
            );
            const servable = current !== undefined && !['SCANNING', 'QUARANTINED', 'SCAN_FAILED'].includes(versionState(current));
            expect(!(outcome instanceof DomainError), `review ${code} as ${who.username}`).toBe(proposal.status === 'IN_PROGRESS' && actsAsAssignee(who, proposal) && servable && !s.stale);
            if (outcome instanceof DomainError) continue;
            expect(outcome.version.review?.decision).toBe(s.decision);
            replace(outcome.version);
            take(outcome.change);
            seen.reviewed++;
          } else if (s.op === 'refer') {
            const pool = s.aimed ? codes.filter((code) => external.has(code)) : codes;
            const chosen = [...new Set(s.codes.map((n) => pool[n % pool.length]!))];
            const outcome = attempt(() => updateProposal(proposal, { expectedVersion: proposal.version, documents: chosen.map((code) => ({ code, reference: `dms://${code}` })) }, ctx(filer, versions)));
            const mayEdit = proposal.status === 'DRAFT' || proposal.status === 'RETURNED';
            expect(!(outcome instanceof DomainError), `refer ${chosen.join(', ')}`).toBe(mayEdit && chosen.every((code) => external.has(code)));
            if (outcome instanceof DomainError) {
              if (mayEdit) expect(outcome.code).toBe('VALIDATION_FAILED');
              continue;
            }
            take(outcome);
          } else {
            const before = entries();
            const states = before.map((e) => e.state);
            const allReady = states.every((state) => READY.includes(state));
            const blocked = states.some((state) => BLOCKING.includes(state));
            const rejected = before.filter((e) => e.state === 'REJECTED').map((e) => e.code);
            const toFix = documentsToFix(before);
            // What the documents rules let through, as this test reads them from the checklist.
            const documentsAllow = (action: Action, named: boolean) =>
              action === 'submit' || action === 'resubmit' ? allReady
              : action === 'forward' || action === 'approve' ? !blocked
              : action === 'return' ? named || toFix.length > 0
              : true;
            // Most transitions pick among the moves someone may make now: moves forward six times as
            // often, and a return as often when a document needs fixing; an applicant mostly waits for
            // its documents before submitting; a withdrawal only now and then, or most walks would
            // end before their documents are ready.
            const moves = actorKeys.flatMap((key) =>
              allowedActions(proposal, ACTORS[key], type)
                .filter((action) => (action !== 'withdraw' || s.quit) && (!s.careful || (action !== 'submit' && action !== 'resubmit') || documentsAllow(action, s.named)))
                .flatMap((action) => Array<{ who: typeof key; action: Action }>(PROGRESS.includes(action) || (action === 'return' && toFix.length) ? 6 : 1).fill({ who: key, action })),
            );
            const chosen = s.offered && moves.length ? { ...s, ...moves[s.pick % moves.length]! } : s;
            const who = ACTORS[chosen.who];
            const offered = allowedActions(proposal, who, type).includes(chosen.action);
            const outcome = attempt(() => applyTransition(proposal, request(chosen.action, type, s.stale ? proposal.version - 1 : proposal.version, chosen.named), ctx(who, versions)));
            expect(!(outcome instanceof DomainError), `${chosen.action} as ${who.username} with ${before.map((e) => `${e.code} ${e.state}`).join(', ')}`).toBe(!s.stale && offered && documentsAllow(chosen.action, chosen.named));
            if (outcome instanceof DomainError) {
              if (!s.stale && offered) {
                // Refused for its documents, and for nothing else.
                const expected = chosen.action === 'return' ? 'REQUIREMENT_MISSING' : chosen.action === 'forward' || chosen.action === 'approve' ? 'DOCUMENTS_REJECTED' : 'DOCUMENTS_MISSING';
                expect(outcome.code).toBe(expected);
                if (expected === 'DOCUMENTS_MISSING') {
                  expect(outcome.details.missing).toEqual(before.filter((e) => !READY.includes(e.state)).map((e) => e.code));
                  seen.refusedMissing++;
                }
                if (expected === 'DOCUMENTS_REJECTED') seen.refusedRejected++;
              }
              continue;
            }
            const after = outcome.proposal;
            if (chosen.action === 'submit' || chosen.action === 'resubmit') {
              expect(after.status).toBe('IN_PROGRESS');
              expect(states.filter((state) => !READY.includes(state))).toEqual([]);
              seen[chosen.action === 'submit' ? 'submitted' : 'resubmitted']++;
            }
            if (chosen.action === 'forward' || chosen.action === 'approve') {
              expect(states.filter((state) => BLOCKING.includes(state))).toEqual([]);
              seen.forwarded++;
            }
            if (chosen.action === 'return') {
              expect(after.missingItems ?? []).toEqual(expect.arrayContaining([...new Set([...rejected, ...toFix])]));
              expect(outcome.event.missingItems ?? []).toEqual(expect.arrayContaining(rejected));
              if (rejected.length) seen.returnedWithRejected++;
              if (!chosen.named && toFix.length) seen.returnedByDocumentsAlone++;
            }
            if (after.status === 'COMPLETED') seen.completed++;
            take(outcome);
          }
        }

        // The chain holds to the proposal's head, and every attach names the file its version is.
        expect(verifyChain(events, proposal)).toEqual({ valid: true, events: proposal.lastSeq });
        for (const event of events.filter((e) => e.type === 'attach' || e.type === 'review' || e.type === 'quarantine')) {
          const version = versions.find((v) => v.code === event.document?.code && v.version === event.document.version);
          expect(version, `${event.type} ${event.document?.code} v${event.document?.version}`).toBeDefined();
          expect(event.document).toMatchObject({ sha256: version!.sha256, size: version!.size, contentType: version!.contentType });
          expect(version!.key).toBe(`${ID}/${version!.code}/${version!.sha256}`);
        }
        expect(events.filter((e) => e.type === 'attach')).toHaveLength(versions.length);
      }),
      // A failure's shrinking replays long walks thousands of times: past a minute, the smallest found so far is reported.
      { numRuns: 150, plugins: [fc.interruptAfterTimeLimit(60_000)] },
    );
    // The walks must have met each rule from both sides, or the property says little.
    for (const [what, count] of Object.entries(seen)) expect(count, what).toBeGreaterThan(0);
  }, 120_000);
});
