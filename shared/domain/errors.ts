/**
 * Domain errors carry a stable code; shared/http maps each code to an HTTP status and a
 * problem+json body, and shared/domain/messages.ts gives its words in Indonesian and English.
 */
export const ERROR_CODES = [
  'NOT_FOUND',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'VALIDATION_FAILED',
  'MALFORMED_JSON',
  'UNSUPPORTED_MEDIA_TYPE',
  'PAYLOAD_TOO_LARGE',
  'INVALID_CURSOR',
  'ROUTE_NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'TRANSITION_NOT_ALLOWED',
  'VERSION_CONFLICT',
  'PRECONDITION_REQUIRED',
  'REQUIREMENT_MISSING',
  'DOCUMENTS_MISSING',
  'DOCUMENTS_REJECTED',
  'DOCUMENT_NOT_REQUIRED',
  'DOCUMENT_MISMATCH',
  'DOCUMENT_NOT_UPLOADED',
  'DOCUMENT_UNCHANGED',
  'DOCUMENT_VERSION_STALE',
  'DOCUMENT_NOT_SERVABLE',
  'UPLOAD_GRANT_NOT_FOUND',
  'UPLOAD_GRANT_EXPIRED',
  'IDEMPOTENCY_KEY_REUSED',
  'IDEMPOTENCY_KEY_REQUIRED',
  'IDEMPOTENCY_IN_PROGRESS',
  'SERVICE_NOT_INITIATED_BY_ROLE',
  'EMPLOYEE_NOT_ELIGIBLE',
  'NUMBER_SEQUENCE_EXHAUSTED',
  'NO_ACTIVE_ROLE',
  'ACCOUNT_SUSPENDED',
  'ROLE_NOT_GRANTABLE',
  'STAFF_SELF_CHANGE',
  'LAST_ADMIN',
  'USERNAME_TAKEN',
  'TOO_MANY_REQUESTS',
  'SERVICE_UNAVAILABLE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldIssue {
  path: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** Extra, safe-to-show facts for the client (never personal data of others). */
    readonly details: Record<string, unknown> = {},
    /** Field-level problems for VALIDATION_FAILED. */
    readonly issues: FieldIssue[] = [],
  ) {
    super(code);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string): DomainError => new DomainError('NOT_FOUND', { resource: what });
export const forbidden = (why: string): DomainError => new DomainError('FORBIDDEN', { reason: why });
