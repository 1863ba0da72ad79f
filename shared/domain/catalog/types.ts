import type { z } from 'zod';
import type { Role } from '../actors';

/** A text people read, in Indonesian first and English second. */
export interface Names {
  id: string;
  en: string;
}

/**
 * Who handles a stage. AGENCY is the proposal's agency; KANREG the BKN regional office covering
 * it; BKN_PUSAT the BKN headquarters. (MUTASI's origin/destination agencies extend this list.)
 */
export const HANDLERS = ['AGENCY', 'KANREG', 'BKN_PUSAT'] as const;
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
}

/** Who may file a proposal of a type: the employee for themselves, or their agency's operator. */
export type Initiator = 'PEGAWAI' | 'OPERATOR';

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
}
