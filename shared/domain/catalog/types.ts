import type * as z from 'zod';
import type { Organisation, Role } from '../actors';
import type { Calendars } from '../calendar';
import type { Employee } from '../employees';
import type { FieldIssue } from '../errors';
import type { SubmissionWindow } from '../sla/windows';
import type { ContentType } from '../documents/types';
import type { ServiceEligibility } from '../eligibility/types';

/** A text people read, in Indonesian first and English second. */
export interface Names {
  id: string;
  en: string;
}

/**
 * Who handles a stage. AGENCY is the proposal's agency (the employee's, where it was filed);
 * DESTINATION_AGENCY the other agency a service involves (MUTASI's destination); KANREG the BKN
 * regional office covering the agency; BKN_PUSAT the BKN headquarters; SUPERVISOR a person, the
 * employee's direct supervisor on record (atasan langsung), whatever roles they hold.
 */
export const HANDLERS = ['AGENCY', 'DESTINATION_AGENCY', 'KANREG', 'BKN_PUSAT', 'SUPERVISOR'] as const;
export type Handler = (typeof HANDLERS)[number];

export interface StageDefinition {
  code: string;
  names: Names;
  handler: Handler;
  role: Role;
  slaWorkingDays: number;
}

/** The step after the final approval: the handler records the output (SK number, balance, ...). */
export interface CompletionDefinition {
  names: Names;
  handler: Handler;
  role: Role;
  slaWorkingDays: number;
}

export interface DocumentRequirement {
  code: string;
  names: Names;
  /** The largest file accepted, in bytes; DEFAULT_MAX_BYTES (2 MB) when absent. */
  maxBytes?: number;
  /** The file types accepted; every type Pantau keeps (PDF, JPEG, PNG) when absent. */
  contentTypes?: readonly ContentType[];
  /**
   * Where the document may be kept instead of uploaded: the records system that issues it (SIASN's
   * DMS for decrees, e-Kinerja for ratings, SRIKANDI for letters). Then a reference to it fills the
   * checklist; it is listed, never opened through Pantau. Absent: the file must be uploaded.
   */
  externalIn?: Names;
}

/** Who may file a proposal of a type: the employee for themselves, or their agency's operator. */
export type Initiator = 'PEGAWAI' | 'OPERATOR';

/** What a service's filing rules may look at. Pure data: the use case loads it. */
export interface FilingContext {
  employee: Employee;
  /** Today's date in the employee's zone, and the instant. */
  today: string;
  now: string;
  calendars: Calendars;
  /** Submission windows in force for this service (data set by BKN admins, or the default). */
  windows: readonly SubmissionWindow[];
}

export interface CompletionContext<P, O> {
  proposalId: string;
  employee: Employee;
  /** The holiday calendars in force (leave counts working days). */
  calendars: Calendars;
  /** The organisations involved, e.g. a transfer's destination (its time zone). */
  organisations: ReadonlyMap<string, Organisation>;
  payload: P;
  output: O;
  now: string;
}

/** What completing a proposal changes: the employee's record, written in the same transaction. */
export interface CompletionEffect {
  employee?: Employee;
}

/** What a candidate's service sees when completion creates the record. */
export interface NewRecordContext<P, O> {
  /** The number drawn: the prefix and a sequence unique under it (NIP or NI PPPK). */
  number: string;
  payload: P;
  output: O;
  /** The agency filing it: the new employee's agency and time zone. */
  agency: Organisation;
  now: string;
}

/**
 * A service filed for someone not on record yet: a CPNS or PPPK candidate, who has no employee
 * number until completion draws one. No record is loaded at filing; completing it draws the next
 * sequence under the number's first 15 digits from a conditional counter and creates the record,
 * in the same transaction as the proposal.
 */
export interface CandidateService<P, O> {
  /** The candidate's data that no valid number can carry (a birth date in the future, too young at TMT). Pure. */
  check(payload: P, today: string): FieldIssue[];
  /** The first 15 digits every number drawn for this payload shares: the counter's key. */
  numberPrefix(payload: P): string;
  /** Where the completion output carries the number drawn, e.g. `nip`. */
  numberField: string;
  /** The record completion creates under the number drawn. */
  newEmployee(ctx: NewRecordContext<P, O>): Omit<Employee, 'version' | 'updatedAt'>;
}

export interface ServiceType<P = unknown, O = unknown> {
  code: string;
  names: Names;
  description: Names;
  initiators: readonly Initiator[];
  payloadSchema: z.ZodType<P>;
  outputSchema: z.ZodType<O>;
  requiredDocuments: readonly DocumentRequirement[];
  stages: readonly StageDefinition[];
  completion: CompletionDefinition;
  /** Working days the applicant has to fix a returned proposal. */
  returnedSlaWorkingDays: number;
  examplePayload: P;
  exampleOutput: O;
  /** Other agencies a proposal involves (a transfer's destination): they see it and handle their stage. */
  involvedAgencies?(payload: P): string[];
  /** Filed only inside submission windows (promotion periods): windows are data per year. */
  hasSubmissionWindows?: boolean;
  /**
   * The service's rules at filing and at submit, beyond the payload's shape (eligibility, periods,
   * balances): each issue refuses the proposal with 422 and names the numbers. Pure.
   */
  checkFiling?(payload: P, ctx: FilingContext): FieldIssue[];
  /** What the proposal would change on the record, old beside new, for the verifier and approver. */
  describeChange?(employee: Employee, payload: P): { field: string; old: unknown; new: unknown }[];
  /** What completing it changes on the employee's record. Pure; applied only if the record did not change meanwhile. */
  onComplete?(ctx: CompletionContext<P, O>): CompletionEffect;
  /** Filed for a candidate without a record or number yet (PENETAPAN_NIP, PENETAPAN_NI_PPPK). */
  candidate?: CandidateService<P, O>;
  /**
   * The agency's eligibility list for this service (GET /organisations/{orgId}/eligibility/{serviceType}):
   * whom it concerns and each one's payload pre-filled from the record, judged by `checkFiling`.
   */
  eligibility?: ServiceEligibility<P>;
}
