import type { FilingContext, ServiceType } from '../catalog/types';
import type { Employee } from '../employees';
import { DomainError } from '../errors';
import { validatePayload } from '../proposal/lifecycle';
import type { EligibilityFilter, EligibilityRow, ServiceEligibility } from './types';

export * from './types';

/** A service type that has an eligibility list, with that list. */
export type ListedService = ServiceType & { eligibility: ServiceEligibility<unknown> };

export const hasEligibilityList = (type: ServiceType | undefined): type is ListedService => type?.eligibility !== undefined;

/** The list's own query (a promotion's period), checked by its schema; a refusal names the parameter. */
export function eligibilityQuery(type: ListedService, raw: Record<string, unknown>): unknown {
  const parsed = type.eligibility.querySchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new DomainError('VALIDATION_FAILED', {}, parsed.error.issues.map((issue) => ({ path: ['query', ...issue.path.map(String)].join('.'), message: issue.message })));
}

/**
 * One employee's row on a service's list, or undefined when the list does not concern them. The
 * verdict is the service's own filing rules on the pre-filled payload, exactly as filing and
 * submit apply them (shared/domain/proposal/lifecycle.ts): the payload's schema when nothing is
 * left to type, then `checkFiling`. No rule is written twice.
 */
export function eligibilityRow(type: ListedService, employee: Employee, query: unknown, ctx: FilingContext): EligibilityRow | undefined {
  const { eligibility } = type;
  // A retired employee's record stays in the agency's partition; no list is about them any more.
  if (employee.status === 'PENSIUN') return undefined;
  if (eligibility.concerns && !eligibility.concerns(employee, query, ctx)) return undefined;
  const row = { nip: employee.nip, name: employee.name, ...(employee.pangkat ? { golongan: employee.pangkat.golongan } : {}) };
  const prefilled = eligibility.prefill(employee, query, ctx);
  if ('missing' in prefilled) return { ...row, eligible: false, issues: prefilled.missing, toFill: [] };
  const draft = prefilled.payload as Record<string, unknown>;
  const toFill = eligibility.toFill.filter((field) => draft[field] === undefined);
  // Complete, it must be what filing takes, shape and all (a rating on record outside the
  // schema's list, say); partial, the operator's typing completes it and filing checks it then.
  const { payload, issues: shape } = toFill.length === 0 ? validatePayload(type, draft) : { payload: draft, issues: [] };
  const issues = shape.length ? shape : (type.checkFiling?.(payload, ctx) ?? []);
  return { ...row, eligible: issues.length === 0, issues, payload, toFill };
}

export const keepsRow = (row: EligibilityRow, only: EligibilityFilter): boolean => only === 'all' || row.eligible === (only === 'eligible');
