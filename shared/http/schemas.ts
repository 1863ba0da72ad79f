import * as z from 'zod';
import { ORG_ID_PATTERN, ROLES } from '../domain/actors';
import { ACTIONS } from '../domain/proposal/types';
import { DOCUMENT_REJECTION_REASON_CODES, PROPOSAL_REASON_CODES } from '../domain/catalog/reasons';
import { employeeNumberSchema } from '../domain/nip';
import { STAFF_ROLES, STAFF_STATUSES } from '../domain/directory/staff';
import { PROPOSAL_ID_PATTERN } from '../adapters/ids';
import { ELIGIBILITY_FILTERS } from '../domain/eligibility/types';

/** Request schemas: the handlers validate with these, and the OpenAPI document is built from them. */

/** An employee number wherever one enters: a valid NIP (PNS/CPNS) or NI PPPK, structure and dates. */
export const nipSchema = employeeNumberSchema;
export const serviceTypeCodeSchema = z.string().regex(/^[A-Z][A-Z_]{1,63}$/, 'a service type code, e.g. CUTI');
/** A proposal number as Pantau issues them; anything else names no proposal (404). */
export const proposalIdSchema = z.string().regex(PROPOSAL_ID_PATTERN, 'a proposal number, e.g. USL-7K2M-9Q4D-H3XA');
const present = (value: unknown) => value !== undefined;

export const documentRefSchema = z.strictObject({
  code: z.string().min(1).max(64),
  reference: z.string().trim().min(1).max(500),
});

export const createProposalBody = z.strictObject({
  serviceType: serviceTypeCodeSchema,
  nip: nipSchema.optional(),
  payload: z.unknown().refine(present, 'payload is required'),
  documents: z.array(documentRefSchema).max(30).default([]),
});

export const transitionBody = z.strictObject({
  action: z.enum(ACTIONS),
  expectedVersion: z.number().int().min(1).optional(),
  reason: z
    .strictObject({
      code: z.enum(PROPOSAL_REASON_CODES).meta({ description: 'return: a code of GET /reference returnReasons; reject: of rejectionReasons.' }),
      text: z.string().trim().max(1000).optional(),
    })
    .optional()
    .meta({ description: 'For return and reject: a coded reason, and a text beside it (LAINNYA needs one).' }),
  missingItems: z.array(z.string().trim().min(1).max(200)).min(1).max(30).optional(),
  output: z.unknown().optional(),
  note: z.string().trim().max(1000).optional(),
});

export const updateProposalBody = z
  .strictObject({
    expectedVersion: z.number().int().min(1).optional(),
    payload: z.unknown().optional(),
    documents: z.array(documentRefSchema).max(30).optional(),
  })
  .refine((body) => body.payload !== undefined || body.documents !== undefined, { message: 'send payload or documents to change' });

// Numbers in paths and queries are decimal digits only, their range in the pattern (the document
// shows it): z.coerce.number() would also take "0x7E", "2e3", " 12 " and "" (as 0).
const limit = z
  .string()
  .regex(/^(?:[1-9]\d?|100)$/, 'a whole number from 1 to 100')
  .transform(Number)
  .default(20)
  .meta({ description: 'Items per page, 1 to 100 (20 if left out).' });
const cursor = z.string().min(1).max(2048).optional();

export const listProposalsQuery = z
  .strictObject({
    nip: nipSchema.optional(),
    candidatesOf: z
      .string()
      .regex(ORG_ID_PATTERN, 'an agency id, e.g. PEMKAB-SLEMAN')
      .optional()
      .meta({ description: "An agency's candidates' proposals (PENETAPAN_NIP, PENETAPAN_NI_PPPK) while their number is not yet assigned." }),
    limit,
    cursor,
  })
  .refine((query) => query.nip === undefined || query.candidatesOf === undefined, { message: 'ask for nip or candidatesOf, not both', path: ['candidatesOf'] });
export const inboxQuery = z.strictObject({ role: z.enum(ROLES).optional(), limit, cursor });
/**
 * GET /service-types: the whole catalog (`full`, the default, as it always answered), or each type's
 * summary for a chooser (`summary`: code, names, description, initiators, hasSubmissionWindows).
 */
export const SERVICE_TYPE_VIEWS = ['full', 'summary'] as const;
export const serviceTypesQuery = z.strictObject({
  view: z
    .enum(SERVICE_TYPE_VIEWS)
    .default('full')
    .meta({ description: '`full` (the default): every type with stages, documents, JSON Schemas and examples; `summary`: each type\'s code, names, description, initiators and whether it has submission windows, for a chooser (about a ninth of the bytes, a quarter compressed).' }),
});
export const trackQuery = z.strictObject({ pin: z.string().regex(/^\d{6}$/, 'the PIN is 6 digits') });
export const noQuery = z.strictObject({});

// ---- the tracking pages ----------------------------------------------------------------------

/** A page's language, chosen by its reader (the switch link): over Accept-Language; anything else is ignored. */
const pageLang = z.string().max(16).optional().meta({ description: '`id` or `en`: the page’s language, over Accept-Language (any other value is ignored).' });
/**
 * A page's query. Not strict, unlike the API's: links in SMS and email get parameters added on
 * the way (a messenger's click id), and a person must still see the page, so unknown ones are dropped.
 */
export const pageQuery = z.object({ lang: pageLang });
/** The signed link's token: a key id and a MAC (shared/domain/tracking/link-token.ts); anything else is a link that does not hold. */
export const trackingTokenSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{12}$/, 'a tracking-link token, e.g. aQk3…');
/**
 * The PIN form's body as a browser posts it. Loose fields (a person's typing, checked by the
 * route so the form can say what to fix), bounded, and strict on names: our form sends no others.
 */
export const trackFormBody = z.strictObject({
  number: z.string().max(200).optional().meta({ description: 'The proposal number as typed: case, spaces and O/I/L for 0/1 are forgiven.' }),
  pin: z.string().max(200).optional().meta({ description: 'The six-digit PIN.' }),
  lang: pageLang,
});

// Crockford's base32, as proposal numbers are written: O reads as 0, I and L as 1.
const CROCKFORD_LOOKALIKES: Record<string, string> = { O: '0', I: '1', L: '1' };

/**
 * A proposal number as a person types it ("usl 7k2m 9q4d h3xa", "USL7K2M9Q4DH3XA"), in the form
 * Pantau issues, or undefined when it cannot be one.
 */
export function normaliseProposalNumber(typed: string): string | undefined {
  const compact = typed.normalize('NFKC').toUpperCase().replace(/[\s\-‐-―]/g, '');
  if (!compact.startsWith('USL')) return undefined;
  const rest = compact.slice(3).replace(/[OIL]/g, (c) => CROCKFORD_LOOKALIKES[c]!);
  const id = `USL-${rest.slice(0, 4)}-${rest.slice(4, 8)}-${rest.slice(8)}`;
  return proposalIdSchema.safeParse(id).success ? id : undefined;
}

/** A PIN as typed: six digits once spaces are gone and full-width digits read as digits, or undefined. */
export function normalisePin(typed: string): string | undefined {
  const digits = typed.normalize('NFKC').replace(/\s/g, '');
  return /^\d{6}$/.test(digits) ? digits : undefined;
}

export const idempotencyKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{8,128}$/, 'Idempotency-Key: 8 to 128 characters of A-Z a-z 0-9 _ . : -')
  .meta({ description: 'Makes a retried create safe: the same key and body within 24 hours get the first answer again.' });
/** The version the client saw, as the ETag gave it: "3" (a weak W/"3" and a bare 3 are taken too). */
export const ifMatchSchema = z
  .string()
  .regex(/^\s*(?:W\/)?"?(\d{1,9})(?:-[A-Za-z0-9_-]{1,64})?"?\s*$/, 'If-Match must be the ETag or the version, e.g. "3-Qm9…" or "3"')
  .meta({ description: 'The version the client saw: the ETag of its last read ("3-Qm9…") or the bare version ("3"); or send expectedVersion in the body.' });

/** The request headers routes read, with their schemas (for the handlers and the document alike). */
export const REQUEST_HEADERS = { 'Idempotency-Key': idempotencyKeySchema, 'If-Match': ifMatchSchema } as const;
export type RequestHeader = keyof typeof REQUEST_HEADERS;

const phoneSchema = z.string().regex(/^\+62\d{8,13}$/, 'an Indonesian number in E.164, e.g. +6281234567890');

/** Where notices go: an employee's on their record, a staff member's on their profile. */
const contactFields = {
  contact: z
    .strictObject({
      email: z.email().max(254).nullable().optional(),
      phone: phoneSchema.nullable().optional(),
    })
    .optional(),
  preferences: z
    .strictObject({
      language: z.enum(['id', 'en']).optional(),
      channels: z.strictObject({ email: z.boolean(), sms: z.boolean() }).optional(),
    })
    .optional(),
};
const changesSomething = (body: { contact?: unknown; preferences?: unknown }) => body.contact !== undefined || body.preferences !== undefined;

export const updateEmployeeBody = z
  .strictObject({ expectedVersion: z.number().int().min(1).optional(), ...contactFields })
  .refine(changesSomething, { message: 'send contact or preferences to change' });

export const updateStaffProfileBody = z.strictObject(contactFields).refine(changesSomething, { message: 'send contact or preferences to change' });

export const yearSchema = z.string().regex(/^(?:20\d{2}|2100)$/, 'a year from 2000 to 2100').transform(Number);

/** A document kind as the catalog names it, e.g. SKP_DUA_TAHUN. */
export const documentCodeSchema = z.string().regex(/^[A-Z][A-Z0-9_]{1,59}$/, 'a document code, e.g. SK_PANGKAT_TERAKHIR');
/** A document version in a path: 1 to 999. */
export const documentVersionSchema = z.string().regex(/^[1-9]\d{0,2}$/, 'a version number, e.g. 1').transform(Number);

export const uploadGrantBody = z.strictObject({
  contentType: z.string().min(1).max(100).meta({ description: 'application/pdf, image/jpeg or image/png, as the document kind accepts (GET /service-types/{code}).' }),
  size: z.number().int().min(1).max(100 * 1024 * 1024).meta({ description: 'The file’s length in bytes, within the kind’s maxBytes.' }),
  sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'the file’s SHA-256 in hex, as sha256sum prints it'),
});

export const registerDocumentBody = z.strictObject({ grantId: z.uuid() });

export const reviewDocumentBody = z.strictObject({
  version: z.number().int().min(1).max(999).meta({ description: 'The version reviewed: the newest, as the checklist shows it.' }),
  decision: z.enum(['ACCEPTED', 'REJECTED']),
  reason: z
    .strictObject({ code: z.enum(DOCUMENT_REJECTION_REASON_CODES), text: z.string().trim().max(1000).optional() })
    .optional()
    .meta({ description: 'For REJECTED: a code of the document rejection reasons (GET /reference documentRejectionReasons) and a text beside it (LAINNYA needs one).' }),
});

export const openingsQuery = z.strictObject({ limit, cursor });

// ---- Staff (organisations' admins manage them) ---------------------------------------------------

export const orgIdSchema = z.string().regex(ORG_ID_PATTERN, 'an organisation id, e.g. PEMKAB-SLEMAN');
/** Cognito usernames are immutable and case-insensitive here (signInCaseSensitive off): Pantau takes them lower-case only. */
export const usernameSchema = z.string().regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, 'a username: 3 to 64 lower-case letters, digits, dot, dash or underscore, e.g. op2.sleman');
const staffRoles = z
  .array(z.enum(STAFF_ROLES))
  .min(1)
  .max(STAFF_ROLES.length)
  .refine((roles) => new Set(roles).size === roles.length, { message: 'each role once' })
  .meta({ description: 'Roles granted in the organisation. PEGAWAI is not granted: it comes with the NIP.' });
const staffVersion = z.number().int().min(1).optional();

export const inviteStaffBody = z.strictObject({
  username: usernameSchema,
  name: z.string().trim().min(1).max(200),
  email: z.email().max(254),
  phone: phoneSchema.optional(),
  nip: nipSchema.optional().meta({ description: 'When the staff member is also an employee of the organisation: their own record and proposals.' }),
  roles: staffRoles,
});
export const setStaffRolesBody = z.strictObject({ roles: staffRoles, expectedVersion: staffVersion });
export const setStaffStatusBody = z
  .strictObject({ status: z.enum(STAFF_STATUSES), reason: z.string().trim().min(1).max(500).optional(), expectedVersion: staffVersion })
  .refine((body) => body.status !== 'SUSPENDED' || body.reason !== undefined, { message: 'a suspension needs its reason', path: ['reason'] });
export const staffListQuery = z.strictObject({ role: z.enum(ROLES).optional(), status: z.enum(STAFF_STATUSES).optional(), limit, cursor });
export const staffChangesQuery = z.strictObject({ limit, cursor });

// ---- eligibility lists (issue 16) ------------------------------------------------------------

/**
 * GET /organisations/{orgId}/eligibility/{serviceType}: the page's parameters, and the list's own
 * (`periode`, for a promotion list), which the service's schema checks in full.
 */
export const eligibilityListQuery = z.strictObject({
  periode: z
    .string()
    .max(32)
    .optional()
    .meta({ description: 'KENAIKAN_PANGKAT (required): the promotion period (TMT), the 1st of February, April, June, August, October or December, e.g. 2027-02-01. The other lists take none.' }),
  only: z
    .enum(ELIGIBILITY_FILTERS)
    .default('all')
    .meta({ description: '`all` (the default): every employee the list concerns; `eligible`: those who meet the rules; `not-eligible`: the others, with what is short.' }),
  limit: limit.meta({ description: 'Records read per page, 1 to 100 (20 if left out): a page holds the rows of those the list concerns, so it may be shorter, or empty with a cursor.' }),
  cursor,
});
