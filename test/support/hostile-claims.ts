import fc from 'fast-check';
import { ROLES } from '../../shared/domain/actors';
import { CLAIM } from '../../shared/http/claims';
import { codePoints, hostileJson, hostileString } from './hostile';

/**
 * Claims that do not make a Pantau actor, for the handler (claims as API Gateway hands them over)
 * and for tokens (claims as JSON, which the authorizer turns into strings first).
 */

/** What the handler sees of a claim: as given, or as API Gateway's JWT authorizer passes it on. */
export type ClaimView = (value: unknown) => unknown;
export const asGiven: ClaimView = (value) => value;
/**
 * API Gateway hands claims over as strings: lists as "[a b]" (items not strings as JSON), objects as
 * JSON, null dropped. The value is what the token's JSON decodes to, so it goes through JSON first.
 */
export const asApiGateway: ClaimView = (raw) => {
  const value: unknown = raw === undefined ? undefined : JSON.parse(JSON.stringify(raw));
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join(' ')}]`;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
};

const isString = (v: unknown, min: number, max: number): v is string => typeof v === 'string' && codePoints(v) >= min && codePoints(v) <= max;
const roleList = (v: unknown) => (typeof v === 'string' ? v.split(',').map((r) => r.trim()).filter(Boolean) : []);
const rolesValid = (v: unknown) => roleList(v).length > 0 && roleList(v).every((r) => (ROLES as readonly string[]).includes(r));

/** Each claim's rule, as the test understands it; a value the rule refuses is a defect. */
export function claimRules(orgIds: readonly string[]): { key: string; valid: (v: unknown) => boolean }[] {
  return [
    { key: CLAIM.subject, valid: (v) => isString(v, 1, 128) },
    { key: CLAIM.username, valid: (v) => v === undefined || isString(v, 1, 128) },
    { key: CLAIM.name, valid: (v) => v === undefined || isString(v, 1, 200) },
    { key: CLAIM.roles, valid: rolesValid },
    { key: CLAIM.org, valid: (v) => typeof v === 'string' && orgIds.includes(v) },
    { key: CLAIM.nip, valid: (v) => v === undefined || (typeof v === 'string' && /^\d{18}$/.test(v)) },
    { key: CLAIM.onBehalfOf, valid: (v) => v === undefined || isString(v, 1, 200) },
  ];
}

type Claims = Record<string, unknown>;
type Defect = { label: string; apply(claims: Claims): void };

const set = (claims: Claims, key: string, value: unknown) => Object.defineProperty(claims, key, { value, enumerable: true, writable: true, configurable: true });

/**
 * A valid claim set with one to three defects, each of which alone makes it no actor (401, or
 * 403 for an organisation nobody knows). `view` is how the handler will see each value.
 */
export function malformedClaims(base: Claims, orgIds: readonly string[], view: ClaimView = asGiven): fc.Arbitrary<{ labels: string[]; claims: Claims }> {
  const bad = (key: string, valid: (v: unknown) => boolean) =>
    fc
      .oneof(hostileJson, hostileString, fc.constant(''), fc.constant(null))
      .filter((v) => !valid(view(v)))
      .map((v): Defect => ({ label: `${key} := ${JSON.stringify(v)?.slice(0, 30)}`, apply: (c) => set(c, key, v) }));
  const defect: fc.Arbitrary<Defect> = fc.oneof(
    fc.constantFrom(CLAIM.subject, CLAIM.roles, CLAIM.org).map((key): Defect => ({ label: `no ${key}`, apply: (c) => delete c[key] })),
    fc.constant<Defect>({ label: 'an employee without nip', apply: (c) => (set(c, CLAIM.roles, 'PEGAWAI'), delete c[CLAIM.nip]) }),
    ...claimRules(orgIds).map(({ key, valid }) => bad(key, valid)),
  );
  return fc.array(defect, { minLength: 1, maxLength: 3 }).map((defects) => {
    const claims: Claims = { ...base };
    for (const d of defects) d.apply(claims);
    return { labels: defects.map((d) => d.label), claims };
  });
}
