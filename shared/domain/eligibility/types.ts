import type * as z from 'zod';
import type { FilingContext, Names } from '../catalog/types';
import type { Employee } from '../employees';
import type { FieldIssue } from '../errors';

/**
 * What an employee's record gives a service's payload: the fields it can supply (the rest the
 * operator types, see `toFill`), or what the record lacks for the list to judge at all.
 */
export type Prefill<P> = { payload: Partial<P> } | { missing: FieldIssue[] };

/**
 * A service's eligibility list (daftar nominatif): which of an agency's employees it concerns,
 * and for each the payload pre-filled from the record. The verdict is not here: it is the
 * service's own `checkFiling` on that payload (shared/domain/eligibility/index.ts), so a list and
 * a submit cannot disagree.
 */
export interface ServiceEligibility<P, Q = unknown> {
  names: Names;
  /** What the list means, for the operator reading it. */
  description: Names;
  /** The rules the list rests on, by regulation and article. */
  sources: readonly string[];
  /** The list's own query parameters (a promotion's period); the page's are the route's. */
  querySchema: z.ZodType<Q>;
  /** Whom the list is about (a pension's: those reaching BUP within 12 months); everyone active when absent. */
  concerns?(employee: Employee, query: Q, ctx: FilingContext): boolean;
  prefill(employee: Employee, query: Q, ctx: FilingContext): Prefill<P>;
  /**
   * Payload fields the record may not supply, which the operator then types: a row names those
   * its pre-filled payload lacks. A field the record can give is pre-filled, never left to type.
   */
  toFill: readonly string[];
}

/** Which rows a list answers: every one the list concerns, or only those that are (not) eligible. */
export const ELIGIBILITY_FILTERS = ['all', 'eligible', 'not-eligible'] as const;
export type EligibilityFilter = (typeof ELIGIBILITY_FILTERS)[number];

/** One employee on a list: the verdict, why, and what filing from the row starts with. */
export interface EligibilityRow {
  nip: string;
  name: string;
  golongan?: string;
  /** The record supplied what the rules read, and the service's filing rules found nothing. */
  eligible: boolean;
  /** What the record lacks, or what the filing rules refused, as submit would name it. */
  issues: FieldIssue[];
  /** The payload pre-filled from the record; absent when the record lacks what it needs. */
  payload?: unknown;
  /** Fields of `payload` the operator still types before filing; none when there is no payload. */
  toFill: string[];
}
