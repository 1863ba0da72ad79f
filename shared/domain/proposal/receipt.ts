import type { Organisation, TimeZone } from '../actors';
import { localDate } from '../calendar';
import type { IsoDate } from '../calendar/types';
import type { Names, ServiceType } from '../catalog/types';
import { STATUS_LABELS } from '../messages';
import type { Proposal, Status } from './types';

/**
 * The receipt (bukti pengajuan) for a proposal: what the applicant or the filing operator prints
 * or keeps on a phone after filing. It carries what identifies the filing and how to follow it,
 * never the PIN (shown once, at filing) and no personal data the reader could not read anyway.
 */
export interface Receipt {
  id: string;
  service: Names;
  /** The agency the proposal belongs to (the employee's, or the candidate's filing agency). */
  agency: { name: string };
  /** The day it was filed, in the agency's time zone. */
  filedOn: IsoDate;
  filedBy: 'PEGAWAI' | 'OPERATOR';
  status: Status;
  statusLabel: Names;
  /** Whom it is for, as far as the reader may see them (see ReceiptSubject). */
  subject?: ReceiptSubject;
  next: NextStep;
  /** The signed tracking link: the page it opens needs no PIN. */
  trackingLink: string;
}

/**
 * Whom the proposal is for. The name and NIP of an employee on record only for a reader who may
 * read that record (GET /employees/{nip} would show it to them); a reader who sees the proposal
 * but not the record (a transfer's destination agency, an SKP's supervisor) gets the NIP alone,
 * which GET /proposals/{id} already shows them. A candidate has no NIP yet: their name, from the
 * payload every reader of the proposal reads.
 */
export type ReceiptSubject = { kind: 'employee'; nip: string; name?: string } | { kind: 'candidate'; name: string };

/**
 * What happens next, by status: a draft waits to be submitted (then goes to the first stage, with
 * that stage's service level); a proposal in progress or approved sits at a stage with its
 * service level and due date; a returned one waits on the applicant's fix, due by a date; a closed
 * one says what its status means.
 */
export type NextStep =
  | { kind: 'submit'; firstStage: Names; workingDays: number }
  | { kind: 'stage'; stage: Names; workingDays: number; dueAt?: string; zone: TimeZone }
  | { kind: 'fix'; workingDays: number; dueAt?: string; zone: TimeZone }
  | { kind: 'closed'; status: 'COMPLETED' | 'REJECTED' | 'WITHDRAWN' };

function nextStep(proposal: Proposal, type: ServiceType, agencyZone: TimeZone): NextStep {
  const assignment = proposal.assignment;
  const zone = assignment?.zone ?? agencyZone;
  const due = assignment ? { dueAt: assignment.dueAt } : {};
  switch (proposal.status) {
    case 'DRAFT': {
      const first = type.stages[0];
      if (!first) throw new Error(`service type ${type.code} has no stages`);
      return { kind: 'submit', firstStage: first.names, workingDays: first.slaWorkingDays };
    }
    case 'IN_PROGRESS': {
      const stage = type.stages[proposal.stageIndex];
      if (!stage) throw new Error(`proposal ${proposal.id} is at stage ${proposal.stageIndex}, which ${type.code} does not have`);
      return { kind: 'stage', stage: stage.names, workingDays: assignment?.workingDays ?? stage.slaWorkingDays, ...due, zone };
    }
    case 'APPROVED':
      return { kind: 'stage', stage: type.completion.names, workingDays: assignment?.workingDays ?? type.completion.slaWorkingDays, ...due, zone };
    case 'RETURNED':
      return { kind: 'fix', workingDays: assignment?.workingDays ?? type.returnedSlaWorkingDays, ...due, zone };
    case 'COMPLETED':
    case 'REJECTED':
    case 'WITHDRAWN':
      return { kind: 'closed', status: proposal.status };
  }
}

/** A candidate's name, where the payload names one (PENETAPAN_NIP, PENETAPAN_NI_PPPK). */
function candidateName(payload: unknown): string | undefined {
  const name = payload !== null && typeof payload === 'object' ? (payload as { nama?: unknown }).nama : undefined;
  return typeof name === 'string' && name.trim() !== '' ? name.trim() : undefined;
}

export interface ReceiptInput {
  proposal: Proposal;
  type: ServiceType;
  agency: Pick<Organisation, 'name' | 'timeZone'>;
  /** The employee's name, when the reader may read their record; undefined otherwise. */
  employeeName?: string;
  trackingLink: string;
}

/** The receipt of a proposal, from what the use case loaded and the reader may see. */
export function receiptOf({ proposal, type, agency, employeeName, trackingLink }: ReceiptInput): Receipt {
  const name = proposal.nip === undefined && type.candidate ? candidateName(proposal.payload) : undefined;
  const subject: ReceiptSubject | undefined =
    proposal.nip !== undefined ? { kind: 'employee', nip: proposal.nip, ...(employeeName !== undefined ? { name: employeeName } : {}) }
    : name !== undefined ? { kind: 'candidate', name }
    : undefined;
  return {
    id: proposal.id,
    service: type.names,
    agency: { name: agency.name },
    filedOn: localDate(proposal.createdAt, agency.timeZone),
    filedBy: proposal.filedBy.role,
    status: proposal.status,
    statusLabel: STATUS_LABELS[proposal.status],
    ...(subject ? { subject } : {}),
    next: nextStep(proposal, type, agency.timeZone),
    trackingLink,
  };
}
