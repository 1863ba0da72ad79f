import type { Logger } from '@aws-lambda-powertools/logger';
import type { Clock } from '../adapters/clock';
import type { ProposalRepository } from '../adapters/dynamo/proposal-repository';
import type { Actor } from '../domain/actors';
import { DomainError, notFound } from '../domain/errors';
import { CHAIN_VERDICT_LABELS, type Lang } from '../domain/messages';
import { canAuditProposal, canReadProposal } from '../domain/policy';
import { verifyChain, type ChainBreak, type ChainHead } from '../domain/proposal/history';

/** How anyone can recompute the chain from the events, without our code. */
export const CHAIN_ALGORITHM =
  'SHA-256 (hex) of the canonical JSON of each event without its hash (keys sorted, undefined left out); each prevHash is the hash of the event before it, the first is 64 zeros';

/** A ChainBreak as the API shows it: `seq` and `kind` first, then what was found there. */
export type BreakView = { seq: number; kind: ChainBreak['why'] } & Record<string, unknown>;

/** The answer of GET /proposals/{id}/audit (its schema: AuditReport in shared/http/responses.ts). */
export interface AuditReport {
  proposalId: string;
  checkedAt: string;
  valid: boolean;
  /** Events found in storage. */
  events: number;
  /** What the proposal record says its newest event is. */
  head: ChainHead;
  /** The verdict in the reader's language. */
  message: string;
  algorithm: string;
  break?: BreakView;
}

export interface AuditDeps {
  proposals: Pick<ProposalRepository, 'getWithHistory'>;
  clock: Clock;
  logger?: Pick<Logger, 'info' | 'warn'>;
}

const fill = (text: string, values: Record<string, number>) => text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));

/**
 * Audit verification (GET /proposals/{id}/audit): recomputes a proposal's hash chain from what is
 * stored and says whether it holds, or where it first breaks. Kept apart from ProposalService:
 * it reads, never writes, and answers to different people.
 */
export class AuditService {
  constructor(private readonly deps: AuditDeps) {}

  async verify(actor: Actor, id: string, lang: Lang): Promise<AuditReport> {
    const found = await this.deps.proposals.getWithHistory(id);
    // Whoever may not read it learns nothing, not even that it exists.
    if (!found || !canReadProposal(actor, found.proposal)) throw notFound('proposal');
    if (!canAuditProposal(actor, found.proposal)) throw new DomainError('FORBIDDEN', { action: 'verify the audit trail' });

    const { proposal, history } = found;
    const head: ChainHead = { lastSeq: proposal.lastSeq, lastHash: proposal.lastHash };
    const verdict = verifyChain(history, head);
    const report: AuditReport = {
      proposalId: proposal.id,
      checkedAt: this.deps.clock.now().toISOString(),
      valid: verdict.valid,
      events: history.length,
      head,
      message: '',
      algorithm: CHAIN_ALGORITHM,
    };
    if (verdict.valid) {
      report.message = fill(CHAIN_VERDICT_LABELS.valid[lang], { events: verdict.events });
      this.deps.logger?.info('audit trail verified', { proposalId: id, events: verdict.events, auditor: actor.userId });
      return report;
    }
    const { valid: _valid, why, brokenAtSeq, ...evidence } = verdict;
    report.break = { seq: brokenAtSeq, kind: why, ...evidence };
    report.message = fill(CHAIN_VERDICT_LABELS[why][lang], { seq: brokenAtSeq });
    // A broken chain means someone wrote to the table outside the API: an incident, not a 4xx.
    this.deps.logger?.warn('audit trail broken', { proposalId: id, seq: brokenAtSeq, kind: why, auditor: actor.userId });
    return report;
  }
}
