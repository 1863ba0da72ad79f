import type { Role, TimeZone } from '../actors';
import type { Names } from '../catalog/types';

export const STATUSES = ['DRAFT', 'IN_PROGRESS', 'RETURNED', 'APPROVED', 'COMPLETED', 'REJECTED', 'WITHDRAWN'] as const;
export type Status = (typeof STATUSES)[number];

export const TERMINAL_STATUSES: readonly Status[] = ['COMPLETED', 'REJECTED', 'WITHDRAWN'];

export const ACTIONS = ['submit', 'forward', 'return', 'resubmit', 'approve', 'reject', 'complete', 'withdraw'] as const;
export type Action = (typeof ACTIONS)[number];

/** A return or rejection reason: a code from the list (so figures can count them) and free text. */
export interface Reason {
  code: string;
  text?: string;
}

export interface DocumentRef {
  code: string;
  /** Where the document is kept (a DMS or storage reference); Pantau does not hold the file. */
  reference: string;
}

/** Who is expected to act now, and by when. Absent on DRAFT and on terminal statuses. */
export interface Assignment {
  orgId: string;
  role: Role;
  /** Present when a person must act, not an org role: the applicant fixing a returned proposal, or the direct supervisor. */
  nip?: string;
  since: string;
  dueAt: string;
  /** The SLA the clock runs on, and the zone it counts in (the handling organisation's). */
  workingDays: number;
  zone: TimeZone;
  /** Years the deadline crossed without a holiday calendar: counted weekends only. */
  yearsWithoutCalendar?: number[];
  /** Sequence number of the history event that started this clock. */
  startedBySeq: number;
}

export interface ProposalScope {
  /** Agencies whose staff may see the proposal (origin and destination for MUTASI). */
  agencyIds: string[];
  /** People who act on it in person and so may see it (SKP's direct supervisor), by NIP. */
  people?: string[];
  /** BKN regional offices covering those agencies. */
  kanregIds: string[];
}

export interface Proposal {
  id: string;
  serviceType: string;
  /** The employee's number; absent while a candidate's number is being assigned (PENETAPAN_NIP), set when it is. */
  nip?: string;
  agencyId: string;
  scope: ProposalScope;
  /** Whether the employee filed it for themselves, or an operator of the agency did. */
  filedBy: { userId: string; role: 'PEGAWAI' | 'OPERATOR' };
  payload: unknown;
  documents: DocumentRef[];
  status: Status;
  /** Index into the service type's stages; meaningful from submit on. */
  stageIndex: number;
  assignment?: Assignment;
  lastReason?: Reason;
  missingItems?: string[];
  output?: unknown;
  version: number;
  /** Sequence number of the newest history event. */
  lastSeq: number;
  lastHash: string;
  createdAt: string;
  updatedAt: string;
  /** Salted hash of the public tracking PIN; the PIN itself is shown once, at creation. */
  pinHash: string;
}

/** Pantau itself acting (the malware scanner's verdict), where no person does. */
export const SYSTEM_ROLE = 'SYSTEM';

export interface EventActor {
  userId: string;
  name: string;
  role: Role | typeof SYSTEM_ROLE;
  orgId: string;
  onBehalfOf?: string;
}

/**
 * What an event records: a status change (an action), the draft's creation or edit, a document
 * attached (a new file version), a document reviewed, or a document quarantined by the scanner.
 */
export type HistoryEventType = 'create' | Action | 'update' | 'attach' | 'review' | 'quarantine';

/** Events the public timeline shows: the proposal's filing and its status changes, not its documents' comings and goings. */
export type PublicEventType = 'create' | Action;
export const isPublicEvent = <E extends { type: HistoryEventType }>(event: E): event is E & { type: PublicEventType } =>
  event.type === 'create' || (ACTIONS as readonly string[]).includes(event.type);

/** The file an event is about: its hash, size and type are in the chain, so the audit covers the file. */
export interface EventDocument {
  code: string;
  version: number;
  sha256: string;
  size: number;
  contentType: string;
  /** For 'review': the decision and its coded reason. */
  decision?: 'ACCEPTED' | 'REJECTED';
  reason?: Reason;
  /** For 'quarantine': the scanner's finding. */
  finding?: string;
}

/** Whose proposal an event is about, so each event stands on its own (audit, notifications). */
export interface EventSubject {
  serviceType: string;
  /** Absent on a candidate's events until the number is assigned. */
  nip?: string;
  agencyId: string;
  filedBy: { userId: string; role: 'PEGAWAI' | 'OPERATOR' };
}

/** One immutable, hash-chained entry of a proposal's history. */
export interface HistoryEvent {
  proposalId: string;
  seq: number;
  subject: EventSubject;
  type: HistoryEventType;
  at: string;
  actor: EventActor;
  fromStatus: Status | null;
  toStatus: Status;
  fromStage: string | null;
  toStage: string | null;
  reason?: Reason;
  missingItems?: string[];
  output?: unknown;
  note?: string;
  /** For 'update': which top-level fields of the draft changed. */
  changed?: string[];
  /** For 'attach', 'review' and 'quarantine': the document version. */
  document?: EventDocument;
  prevHash: string;
  hash: string;
}

export interface StageView {
  code: string;
  names: Names;
}
