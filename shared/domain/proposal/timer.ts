import type { Role, TimeZone } from '../actors';
import type { ServiceType } from '../catalog/types';
import type { ReminderStep } from '../notifications/types';
import type { Proposal } from './types';

/** The next reminder a timer will fire, or none when the chase is over. */
export interface NextReminder {
  step: ReminderStep;
  overdueWorkingDays?: number;
  at: string;
  escalation: boolean;
}

/**
 * The SLA clock of an open proposal, kept as its own item beside the proposal: the reminder job
 * finds it by the instant of its next reminder (a sparse, sharded index), and advances it without
 * touching the proposal's version. A transition replaces or removes it in the same transaction.
 */
export interface Timer {
  proposalId: string;
  serviceType: string;
  agencyId: string;
  /** Absent on a candidate's proposal (no number yet). */
  nip?: string;
  filedBy: Proposal['filedBy'];
  /** `stage`: the handling organisation's clock; `returned`: the applicant's deadline to fix it. */
  kind: 'stage' | 'returned';
  stage: string;
  orgId: string;
  role: Role;
  /** When a person must act (the applicant, the direct supervisor): their NIP. */
  assigneeNip?: string;
  since: string;
  dueAt: string;
  workingDays: number;
  zone: TimeZone;
  startedBySeq: number;
  missingItems?: string[];
  /** The last reminder sent (null before the first), and the next one to wait for (null: the chase is over). */
  lastSent: { step: ReminderStep; overdueWorkingDays?: number } | null;
  next: NextReminder | null;
}

/** The timer an open proposal runs, without its schedule; undefined when nobody is waited on. */
export function timerOf(proposal: Proposal, type: ServiceType): Omit<Timer, 'next' | 'lastSent'> | undefined {
  const a = proposal.assignment;
  if (!a) return undefined;
  const stage = proposal.status === 'APPROVED' ? 'COMPLETION' : (type.stages[proposal.stageIndex]?.code ?? 'UNKNOWN');
  return {
    proposalId: proposal.id,
    serviceType: proposal.serviceType,
    agencyId: proposal.agencyId,
    ...(proposal.nip !== undefined ? { nip: proposal.nip } : {}),
    filedBy: proposal.filedBy,
    kind: proposal.status === 'RETURNED' ? 'returned' : 'stage',
    stage,
    orgId: a.orgId,
    role: a.role,
    ...(a.nip !== undefined ? { assigneeNip: a.nip } : {}),
    since: a.since,
    dueAt: a.dueAt,
    workingDays: a.workingDays,
    zone: a.zone,
    startedBySeq: a.startedBySeq,
    ...(proposal.status === 'RETURNED' && proposal.missingItems ? { missingItems: proposal.missingItems } : {}),
  };
}
