import { DomainError, notFound } from '../../shared/domain/errors';
import { CATALOG, findServiceType } from '../../shared/domain/catalog';
import { serviceTypeSummary, serviceTypeView } from '../../shared/domain/catalog/views';
import { updateContact } from '../../shared/domain/employee-profile';
import { referenceLists } from '../../shared/domain/reference';
import type { Clock } from '../../shared/adapters/clock';
import type { CalendarRepository } from '../../shared/adapters/dynamo/calendar-repository';
import type { WindowsRepository } from '../../shared/adapters/dynamo/windows-repository';
import { submissionWindowsSchema } from '../../shared/domain/sla/windows';
import { isStaff, setsNationalSettings } from '../../shared/domain/policy';
import { staffProfileChange, staffProfileView } from '../../shared/domain/users';
import { Calendars, holidayCalendarSchema, KNOWN_CALENDARS, localDate } from '../../shared/domain/calendar';
import { leaveBalances } from '../../shared/domain/leave';
import type { DirectoryRepository } from '../../shared/adapters/dynamo/directory-repository';
import type { AuditService } from '../../shared/app/audit';
import { readableEmployee } from '../../shared/app/employees';
import type { ProposalService } from '../../shared/app/proposal-service';
import type { ReceiptService } from '../../shared/app/receipts';
import type { DocumentService } from '../../shared/app/documents';
import type { StaffAnswer, StaffService } from '../../shared/app/staff';
import type { StaffRepository } from '../../shared/adapters/dynamo/staff-repository';
import type { EligibilityService } from '../../shared/app/eligibility';
import type { ActorResolver } from '../../shared/http/auth';
import type { TrackingLinks } from '../../shared/app/tracking-links';
import type { TrackingService } from '../../shared/app/tracking';
import type { Lang } from '../../shared/domain/messages';
import { trackFormHtml, trackingPageHtml, seeOtherHtml, type TrackForm } from '../../shared/http/pages/tracking-page';
import { openApiDocument, type OpenApiDocument } from '../../shared/http/openapi';
import { receiptPage } from '../../shared/http/pages/receipt-page';
import { header, parseWith } from '../../shared/http/request';
import { defineRoute, jsonText, type Reply, type Route, type RouteRequest } from '../../shared/http/router';
import type { ResponseBody } from '../../shared/http/responses';
import {
  createProposalBody,
  documentCodeSchema,
  documentVersionSchema,
  openingsQuery,
  registerDocumentBody,
  reviewDocumentBody,
  uploadGrantBody,
  idempotencyKeySchema,
  ifMatchSchema,
  inboxQuery,
  listProposalsQuery,
  nipSchema,
  normalisePin,
  normaliseProposalNumber,
  pageQuery,
  trackFormBody,
  trackingTokenSchema,
  proposalIdSchema,
  serviceTypeCodeSchema,
  serviceTypesQuery,
  trackQuery,
  transitionBody,
  updateEmployeeBody,
  updateStaffProfileBody,
  updateProposalBody,
  yearSchema,
  inviteStaffBody,
  orgIdSchema,
  setStaffRolesBody,
  setStaffStatusBody,
  staffChangesQuery,
  staffListQuery,
  usernameSchema,
  eligibilityListQuery,
} from '../../shared/http/schemas';

export interface ApiDeps {
  proposals: ProposalService;
  audit: AuditService;
  calendars: CalendarRepository;
  windows: WindowsRepository;
  directory: DirectoryRepository;
  clock: Clock;
  trackingLinks: TrackingLinks;
  tracking: TrackingService;
  receipts: ReceiptService;
  documents: DocumentService;
  staff: StaffService;
  staffMembers: StaffRepository;
  eligibility: EligibilityService;
  /** The directory entry the request's actor was resolved with (GET and PUT /me answer from it). */
  memberOf: ActorResolver['memberOf'];
}

function proposalId(request: RouteRequest<unknown, unknown>): string {
  const id = proposalIdSchema.safeParse(request.params.id);
  if (!id.success) throw notFound('proposal');
  return id.data;
}

/** The service type a path names; a malformed or unknown code names none (404). */
function serviceTypeOf(request: RouteRequest<unknown, unknown>) {
  const code = serviceTypeCodeSchema.safeParse(request.params.code);
  return code.success ? findServiceType(code.data) : undefined;
}

/** The version the client saw: `If-Match: "3"` or `expectedVersion` in the body; both must agree. */
function expectedVersion(request: RouteRequest<unknown, unknown>, fromBody: number | undefined): number {
  const ifMatch = header(request.event, 'if-match');
  const fromHeader = ifMatch === undefined ? undefined : Number(/\d+/.exec(parseWith(ifMatchSchema, ifMatch, 'If-Match'))![0]);
  if (fromHeader !== undefined && fromBody !== undefined && fromHeader !== fromBody) {
    throw new DomainError('VALIDATION_FAILED', {}, [{ path: 'expectedVersion', message: 'If-Match and expectedVersion disagree' }]);
  }
  const version = fromHeader ?? fromBody;
  if (version === undefined) throw new DomainError('PRECONDITION_REQUIRED');
  return version;
}

const etag = (version: number) => ({ etag: `"${version}"` });

/** Reference data every caller reads alike, set by BKN now and then: a phone may keep it five minutes. */
const REFERENCE_MAX_AGE = 300;

/** The path parameters' schemas, for the document; the handlers parse with the same ones. */
const ID = { id: proposalIdSchema };
const CODE = { code: serviceTypeCodeSchema };
const NIP = { nip: nipSchema };
const YEAR = { year: yearSchema };
const DOCUMENT = { id: proposalIdSchema, code: documentCodeSchema };
const ORG = { orgId: orgIdSchema };
const STAFF = { orgId: orgIdSchema, username: usernameSchema };

/** An organisation or a username a path names; a malformed one names nothing (404). */
function orgIdOf(request: RouteRequest<unknown, unknown>): string {
  const id = orgIdSchema.safeParse(request.params.orgId);
  if (!id.success) throw notFound('organisation');
  return id.data;
}
function usernameOf(request: RouteRequest<unknown, unknown>): string {
  const username = usernameSchema.safeParse(request.params.username);
  if (!username.success) throw notFound('staff member');
  return username.data;
}

/** Staff changes touch Cognito and the directory: only a key lets a retry finish what a failed attempt began. */
function requiredIdempotencyKey(request: RouteRequest<unknown, unknown>): string {
  const raw = header(request.event, 'idempotency-key');
  if (raw === undefined) throw new DomainError('IDEMPOTENCY_KEY_REQUIRED');
  return parseWith(idempotencyKeySchema, raw, 'Idempotency-Key');
}

/** A staff change's answer, as first given or replayed; an invitation's with where the new member is read. */
function staffAnswer(answer: StaffAnswer, orgId?: string): Reply<ResponseBody<'StaffMember'>> {
  const { username, version } = JSON.parse(answer.body) as { username: string; version: number };
  return {
    status: answer.statusCode,
    body: jsonText<ResponseBody<'StaffMember'>>(answer.body),
    headers: { ...etag(version), ...(orgId ? { location: `/organisations/${orgId}/staff/${username}` } : {}), ...(answer.replayed ? { 'idempotent-replayed': 'true' } : {}) },
  };
}

/** The document kind a path names; a malformed code names none (404), an unknown one is the domain's to refuse. */
function documentCode(request: RouteRequest<unknown, unknown>): string {
  const code = documentCodeSchema.safeParse(request.params.code);
  if (!code.success) throw notFound('document');
  return code.data;
}

const otherLang = (lang: Lang): Lang => (lang === 'id' ? 'en' : 'id');
/** The same page in the other language: built from what the route read, never from the raw path. */
const switchTo = (path: string, lang: Lang) => `${path}?lang=${otherLang(lang)}`;
/** What the form may show again of a number that was typed wrong: short text only, never the PIN. */
const typedBack = (typed: string | undefined) => (typed !== undefined && typed.length <= 40 ? typed.trim() : undefined);

/** Every route of the API, in the order of the API list in README.md. */
export function apiRoutes({ proposals, audit, calendars, windows, directory, clock, tracking, receipts, documents, staff, staffMembers, memberOf, eligibility }: ApiDeps): Route[] {
  let document: OpenApiDocument | undefined;
  const routes: Route[] = [
    defineRoute({
      method: 'GET', path: '/health', operationId: 'getHealth', access: 'public', summary: 'Liveness',
      response: 'Health',
      handle: async () => ({ status: 200, body: { status: 'ok', service: 'pantau' } }),
    }),
    defineRoute({
      method: 'GET', path: '/openapi.json', operationId: 'getOpenApiDocument', maxAgeSeconds: REFERENCE_MAX_AGE, access: 'public', summary: 'This API’s OpenAPI 3.1 document',
      response: 'OpenApiDocument',
      // Built on the first ask only: the other requests, and cold starts, never pay for the answer schemas.
      handle: async () => ({ status: 200, body: (document ??= openApiDocument(routes)) }),
    }),
    defineRoute({
      method: 'GET', path: '/track/{id}', operationId: 'trackProposal', access: 'public', summary: 'Follow a proposal by number and PIN (no personal data)',
      params: ID, query: trackQuery, response: 'Tracking', errors: ['NOT_FOUND', 'TOO_MANY_REQUESTS'],
      handle: async (request) => ({ status: 200, body: await proposals.track(proposalId(request), request.query.pin) }),
    }),
    defineRoute({
      method: 'GET', path: '/track/{id}', operationId: 'trackProposal', produces: 'text/html', access: 'public', summary: 'the PIN form with the number filled in (the links notifications carried before signed links)',
      params: ID, query: pageQuery, response: 'Page', errors: ['NOT_FOUND'],
      // No read: whether the number exists is told only to whoever has its PIN.
      handle: async (request) => {
        const id = proposalId(request);
        return { status: 200, body: trackFormHtml({ number: id }, request.lang, switchTo(`/track/${id}`, request.lang)) };
      },
    }),
    defineRoute({
      method: 'GET', path: '/t/{id}/{token}', operationId: 'openTrackingLink', produces: 'text/html', access: 'public',
      summary: 'The tracking page, opened from the signed link in an SMS or email: no PIN, no personal data. A link that does not hold is a 404 like an unknown number, and counts towards the number’s lock',
      params: { ...ID, token: trackingTokenSchema }, query: pageQuery, response: 'Page', errors: ['NOT_FOUND', 'TOO_MANY_REQUESTS'],
      handle: async (request) => {
        const id = proposalId(request);
        const token = request.params.token!;
        const page = await tracking.byLink(id, token);
        return { status: 200, body: trackingPageHtml(page, request.lang, switchTo(`/t/${id}/${encodeURIComponent(token)}`, request.lang)) };
      },
    }),
    defineRoute({
      method: 'GET', path: '/track', operationId: 'getTrackingForm', produces: 'text/html', access: 'public', summary: 'The form to follow a proposal by number and PIN',
      query: pageQuery, response: 'Page',
      handle: async (request) => ({ status: 200, body: trackFormHtml({}, request.lang, switchTo('/track', request.lang)) }),
    }),
    defineRoute({
      method: 'POST', path: '/track', operationId: 'submitTrackingForm', produces: 'text/html', access: 'public',
      summary: 'Number and PIN from the form: 303 to the signed link (the PIN never sits in a URL); a wrong PIN or an unknown number the form again, 404, counted; a malformed field the form again, 422, not counted',
      query: pageQuery, body: trackFormBody, bodyType: 'application/x-www-form-urlencoded', success: 303, responseHeaders: ['Location'],
      response: 'Page', errors: ['NOT_FOUND', 'TOO_MANY_REQUESTS'],
      handle: async (request) => {
        const { lang } = request;
        const id = normaliseProposalNumber(request.body.number ?? '');
        const pin = normalisePin(request.body.pin ?? '');
        // A field that cannot be right names no proposal: said field by field, and not counted.
        const problems: NonNullable<TrackForm['problems']> = {
          ...(id ? {} : { number: request.body.number?.trim() ? 'malformed' : 'missing' }),
          ...(pin ? {} : { pin: request.body.pin?.trim() ? 'malformed' : 'missing' }),
        };
        if (!id || !pin) return { status: 422, body: trackFormHtml({ number: id ?? typedBack(request.body.number), problems }, lang) };
        try {
          const location = `${await tracking.linkByPin(id, pin)}?lang=${lang}`;
          return { status: 303, headers: { location }, body: seeOtherHtml(location, lang) };
        } catch (error) {
          // Which of the two was wrong is not said; the lock's 429 goes on to the error page.
          if (error instanceof DomainError && error.code === 'NOT_FOUND') return { status: 404, body: trackFormHtml({ number: id, notFound: true }, lang) };
          throw error;
        }
      },
    }),
    defineRoute({
      method: 'GET', path: '/me', operationId: 'getMe', access: 'signed-in', summary: 'Who I am: roles, organisation, my record if I am an employee, my notice settings if I am staff',
      response: 'Me',
      handle: async (request) => {
        const actor = await request.actor();
        const employee = actor.nip ? await directory.getEmployee(actor.nip) : undefined;
        const staffProfile = isStaff(actor) ? memberOf(request.event) : undefined;
        return {
          status: 200,
          body: {
            username: actor.username,
            name: actor.name,
            roles: actor.roles,
            organisation: actor.org,
            ...(actor.nip ? { nip: actor.nip } : {}),
            ...(actor.onBehalfOf ? { onBehalfOf: actor.onBehalfOf } : {}),
            ...(employee ? { employee } : {}),
            ...(staffProfile ? { staffProfile: staffProfileView(staffProfile) } : {}),
          },
        };
      },
    }),
    defineRoute({
      method: 'PUT', path: '/me', operationId: 'updateMyStaffProfile', access: 'signed-in', permits: { actor: isStaff, action: 'set a staff profile; employees set theirs on their record' }, summary: 'Set where my work notices go (staff): contact and notification preferences',
      body: updateStaffProfileBody, response: 'StaffProfile',
      handle: async (request) => {
        const actor = await request.actor();
        const current = memberOf(request.event);
        const profile = await staffMembers.updateProfile(actor.userId, staffProfileChange(actor, current, request.body));
        return { status: 200, body: staffProfileView(profile) };
      },
    }),
    defineRoute({
      method: 'GET', path: '/service-types', operationId: 'listServiceTypes', maxAgeSeconds: REFERENCE_MAX_AGE, access: 'signed-in', summary: 'The service catalog: whole, or (view=summary) each type as a chooser lists it',
      query: serviceTypesQuery, response: 'ServiceTypes',
      handle: async (request) => {
        const types = [...CATALOG.values()];
        return { status: 200, body: request.query.view === 'summary' ? { items: types.map(serviceTypeSummary) } : { items: types.map((type) => serviceTypeView(type)) } };
      },
    }),
    defineRoute({
      method: 'GET', path: '/service-types/{code}', operationId: 'getServiceType', maxAgeSeconds: REFERENCE_MAX_AGE, access: 'signed-in', summary: 'One service type: stages, documents, JSON Schemas, examples',
      params: CODE, response: 'ServiceTypeView', errors: ['NOT_FOUND'],
      handle: async (request) => {
        const type = serviceTypeOf(request);
        if (!type) throw notFound('service type');
        return { status: 200, body: serviceTypeView(type) };
      },
    }),
    defineRoute({
      method: 'GET', path: '/reference', operationId: 'getReferenceLists', maxAgeSeconds: REFERENCE_MAX_AGE, access: 'signed-in',
      summary: 'The fixed lists a front end labels and chooses from: return, rejection and document rejection reasons, service types, document kinds, golongan with their pangkat, employee kinds, jabatan kinds, proposal statuses, actions and roles, each a code with its names',
      response: 'Reference',
      handle: async () => ({ status: 200, body: referenceLists() }),
    }),
    defineRoute({
      method: 'GET', path: '/service-types/{code}/windows/{year}', operationId: 'getSubmissionWindows', maxAgeSeconds: REFERENCE_MAX_AGE, access: 'signed-in', summary: 'A service’s submission windows of a year (promotion periods)',
      params: { ...CODE, ...YEAR }, response: 'SubmissionWindows', errors: ['NOT_FOUND'],
      handle: async (request) => {
        const type = serviceTypeOf(request);
        if (!type?.hasSubmissionWindows) throw notFound('submission windows');
        const year = parseWith(yearSchema, request.params.year, 'year');
        const { windows: list, isDefault } = await windows.inForce(type.code, year);
        return { status: 200, body: { serviceType: type.code, year, isDefault, windows: list.map(({ period, opensOn, closesOn }) => ({ period, opensOn, closesOn })) } };
      },
    }),
    defineRoute({
      method: 'PUT', path: '/service-types/{code}/windows/{year}', operationId: 'setSubmissionWindows', access: 'signed-in', permits: { actor: setsNationalSettings, action: 'set submission windows' }, summary: 'Set a year’s submission windows (BKN admins)',
      params: { ...CODE, ...YEAR }, body: submissionWindowsSchema, response: 'SubmissionWindows', errors: ['NOT_FOUND'],
      handle: async (request) => {
        const type = serviceTypeOf(request);
        if (!type?.hasSubmissionWindows) throw notFound('submission windows');
        const year = parseWith(yearSchema, request.params.year, 'year');
        if (request.body.year !== year || request.body.serviceType !== type.code) {
          throw new DomainError('VALIDATION_FAILED', {}, [{ path: 'year', message: `the body is for ${request.body.serviceType} ${request.body.year}, the path for ${type.code} ${year}` }]);
        }
        await windows.put(request.body);
        return { status: 200, body: { ...request.body, isDefault: false } };
      },
    }),
    defineRoute({
      method: 'POST', path: '/proposals', operationId: 'createProposal', access: 'signed-in', summary: 'File a proposal (a draft); the answer carries the tracking PIN, once',
      body: createProposalBody, headers: ['Idempotency-Key'], success: 201,
      response: 'ProposalCreated', responseHeaders: ['Location', 'ETag', 'Idempotent-Replayed'],
      errors: ['NOT_FOUND', 'SERVICE_NOT_INITIATED_BY_ROLE', 'EMPLOYEE_NOT_ELIGIBLE', 'IDEMPOTENCY_KEY_REUSED', 'IDEMPOTENCY_IN_PROGRESS'],
      handle: async (request) => {
        const rawKey = header(request.event, 'idempotency-key');
        const key = rawKey === undefined ? undefined : parseWith(idempotencyKeySchema, rawKey, 'Idempotency-Key');
        const result = await proposals.create(await request.actor(), request.body, key);
        const { id, version } = JSON.parse(result.body) as { id: string; version: number };
        return {
          status: result.statusCode,
          body: jsonText<ResponseBody<'ProposalCreated'>>(result.body),
          headers: { location: `/proposals/${id}`, ...etag(version), ...(result.replayed ? { 'idempotent-replayed': 'true' } : {}) },
        };
      },
    }),
    defineRoute({
      method: 'GET', path: '/proposals', operationId: 'listProposals', access: 'signed-in', summary: 'My proposals, an employee’s in my scope, or an agency’s candidates’ proposals, newest first',
      query: listProposalsQuery, response: 'ProposalPage', errors: ['NOT_FOUND', 'INVALID_CURSOR'],
      handle: async (request) => {
        const actor = await request.actor();
        const { candidatesOf, nip } = request.query;
        const body = candidatesOf !== undefined ? await proposals.listCandidates(actor, candidatesOf, request.query) : await proposals.listForEmployee(actor, nip, request.query);
        return { status: 200, body };
      },
    }),
    defineRoute({
      method: 'GET', path: '/proposals/{id}', operationId: 'getProposal', access: 'signed-in', summary: 'A proposal with its history and the actions I may take',
      params: ID, response: 'ProposalView', responseHeaders: ['ETag'], errors: ['NOT_FOUND'],
      handle: async (request) => {
        const view = await proposals.get(await request.actor(), proposalId(request));
        return { status: 200, body: view, headers: etag(view.version) };
      },
    }),
    defineRoute({
      method: 'GET', path: '/proposals/{id}/status', operationId: 'getProposalStatus', access: 'signed-in', summary: 'Where a proposal is now and the actions I may take: the lean read to poll (no payload, history or deliveries)',
      params: ID, response: 'ProposalStatus', responseHeaders: ['ETag'], errors: ['NOT_FOUND'],
      handle: async (request) => {
        const status = await proposals.status(await request.actor(), proposalId(request));
        return { status: 200, body: status, headers: etag(status.version) };
      },
    }),
    defineRoute({
      method: 'GET', path: '/proposals/{id}/receipt', operationId: 'getProposalReceipt', produces: 'text/html', access: 'signed-in',
      summary: 'The proposal’s receipt (bukti pengajuan): number, service, filing date, what happens next, and the signed tracking link as text and QR code; printable on A4',
      params: ID, query: pageQuery, response: 'Page', errors: ['NOT_FOUND'],
      handle: async (request) => ({ status: 200, body: receiptPage(await receipts.receipt(await request.actor(), proposalId(request)), request.lang) }),
    }),
    defineRoute({
      method: 'PATCH', path: '/proposals/{id}', operationId: 'updateProposal', access: 'signed-in', summary: 'Edit a draft, or fix a returned proposal',
      params: ID, body: updateProposalBody, headers: ['If-Match'],
      response: 'ProposalView', responseHeaders: ['ETag'], errors: ['NOT_FOUND', 'VERSION_CONFLICT', 'TRANSITION_NOT_ALLOWED'],
      handle: async (request) => {
        const id = proposalId(request);
        const view = await proposals.update(await request.actor(), id, { ...request.body, expectedVersion: expectedVersion(request, request.body.expectedVersion) });
        return { status: 200, body: view, headers: etag(view.version) };
      },
    }),
    defineRoute({
      method: 'POST', path: '/proposals/{id}/transitions', operationId: 'transitionProposal', access: 'signed-in', summary: 'Act on a proposal: submit, forward, return, resubmit, approve, reject, complete, withdraw',
      params: ID, body: transitionBody, headers: ['If-Match'],
      response: 'ProposalView', responseHeaders: ['ETag'],
      errors: ['NOT_FOUND', 'VERSION_CONFLICT', 'TRANSITION_NOT_ALLOWED', 'REQUIREMENT_MISSING', 'DOCUMENTS_MISSING', 'DOCUMENTS_REJECTED', 'EMPLOYEE_NOT_ELIGIBLE'],
      handle: async (request) => {
        const id = proposalId(request);
        const view = await proposals.transition(await request.actor(), id, { ...request.body, expectedVersion: expectedVersion(request, request.body.expectedVersion) });
        return { status: 200, body: view, headers: etag(view.version) };
      },
    }),
    defineRoute({
      method: 'GET', path: '/proposals/{id}/audit', operationId: 'verifyProposalAudit', access: 'signed-in', summary: 'Verify a proposal’s history hash chain: valid, or where it breaks (auditors, the agency’s admins)',
      params: ID, response: 'AuditReport', errors: ['NOT_FOUND', 'FORBIDDEN'],
      handle: async (request) => ({ status: 200, body: await audit.verify(await request.actor(), proposalId(request), request.lang) }),
    }),
    defineRoute({
      method: 'GET', path: '/proposals/{id}/documents', operationId: 'getProposalDocuments', access: 'signed-in',
      summary: 'The proposal’s document checklist: each required document, its state (missing, scanning, clean, quarantined, accepted, rejected, external) and its versions',
      params: ID, response: 'DocumentChecklist', responseHeaders: ['ETag'], errors: ['NOT_FOUND'],
      handle: async (request) => {
        const list = await documents.list(await request.actor(), proposalId(request));
        return { status: 200, body: list, headers: etag(list.version) };
      },
    }),
    defineRoute({
      method: 'POST', path: '/proposals/{id}/documents/{code}/uploads', operationId: 'createDocumentUpload', access: 'signed-in',
      summary: 'An upload grant for one required document (the applicant, on a draft or a returned proposal): a presigned PUT bound to this proposal and kind, the file’s type, size and SHA-256, valid 15 minutes',
      params: DOCUMENT, body: uploadGrantBody, success: 201, response: 'UploadGrant',
      errors: ['NOT_FOUND', 'FORBIDDEN', 'TRANSITION_NOT_ALLOWED', 'DOCUMENT_NOT_REQUIRED', 'DOCUMENT_UNCHANGED'],
      handle: async (request) => ({ status: 201, body: await documents.grant(await request.actor(), proposalId(request), documentCode(request), request.body) }),
    }),
    defineRoute({
      method: 'POST', path: '/proposals/{id}/documents/{code}/versions', operationId: 'registerDocumentVersion', access: 'signed-in',
      summary: 'Register an uploaded file as the document’s next version: Pantau checks the object is there with the size and SHA-256 granted and begins as its type does; then the malware scan’s verdict follows. A retry of a registration that went through answers as the first did, with Idempotent-Replayed: true',
      params: DOCUMENT, body: registerDocumentBody, success: 201, response: 'DocumentChanged', responseHeaders: ['ETag', 'Idempotent-Replayed'],
      errors: ['NOT_FOUND', 'FORBIDDEN', 'TRANSITION_NOT_ALLOWED', 'UPLOAD_GRANT_NOT_FOUND', 'UPLOAD_GRANT_EXPIRED', 'DOCUMENT_NOT_UPLOADED', 'DOCUMENT_MISMATCH', 'DOCUMENT_UNCHANGED', 'VERSION_CONFLICT'],
      handle: async (request) => {
        const { replayed, ...result } = await documents.register(await request.actor(), proposalId(request), documentCode(request), request.body.grantId);
        return { status: 201, body: result, headers: { ...etag(result.proposalVersion), ...(replayed ? { 'idempotent-replayed': 'true' } : {}) } };
      },
    }),
    defineRoute({
      method: 'PUT', path: '/proposals/{id}/documents/{code}/review', operationId: 'reviewDocument', access: 'signed-in',
      summary: 'The stage’s handler accepts or rejects the newest version of a document, with a coded reason when rejected; a return then lists it by itself',
      params: DOCUMENT, body: reviewDocumentBody, response: 'DocumentChanged', responseHeaders: ['ETag'],
      errors: ['NOT_FOUND', 'FORBIDDEN', 'TRANSITION_NOT_ALLOWED', 'DOCUMENT_NOT_REQUIRED', 'DOCUMENT_VERSION_STALE', 'DOCUMENT_NOT_SERVABLE', 'VERSION_CONFLICT'],
      handle: async (request) => {
        const result = await documents.review(await request.actor(), proposalId(request), { code: documentCode(request), ...request.body });
        return { status: 200, body: result, headers: etag(result.proposalVersion) };
      },
    }),
    defineRoute({
      method: 'POST', path: '/proposals/{id}/documents/{code}/versions/{version}/openings', operationId: 'openDocument', access: 'signed-in',
      summary: 'Open a document version (readers in scope): the opening is recorded (who, when, which version), then a presigned GET that works a minute; a file not scanned clean is never served',
      params: { ...DOCUMENT, version: documentVersionSchema }, success: 201, response: 'DocumentOpened',
      errors: ['NOT_FOUND', 'DOCUMENT_NOT_SERVABLE'],
      handle: async (request) => {
        const version = documentVersionSchema.safeParse(request.params.version);
        if (!version.success) throw notFound('document');
        return { status: 201, body: await documents.open(await request.actor(), proposalId(request), documentCode(request), version.data) };
      },
    }),
    defineRoute({
      method: 'GET', path: '/proposals/{id}/document-openings', operationId: 'listProposalDocumentOpenings', access: 'signed-in',
      summary: 'Who opened which of the proposal’s files, newest first (the agency’s admins, auditors in scope)',
      params: ID, query: openingsQuery, response: 'DocumentOpenings', errors: ['NOT_FOUND', 'FORBIDDEN', 'INVALID_CURSOR'],
      handle: async (request) => ({ status: 200, body: await documents.openings(await request.actor(), proposalId(request), request.query) }),
    }),
    defineRoute({
      method: 'GET', path: '/employees/{nip}/document-openings', operationId: 'listEmployeeDocumentOpenings', access: 'signed-in',
      summary: 'Who opened an employee’s files across their proposals, newest first (the agency’s admins, auditors in scope)',
      params: NIP, query: openingsQuery, response: 'DocumentOpenings', errors: ['NOT_FOUND', 'FORBIDDEN', 'INVALID_CURSOR'],
      handle: async (request) => ({ status: 200, body: await documents.openingsOfEmployee(await request.actor(), parseWith(nipSchema, request.params.nip, 'nip'), request.query) }),
    }),
    defineRoute({
      method: 'GET', path: '/organisations/{orgId}/staff', access: 'signed-in', operationId: 'listStaff',
      summary: 'An organisation’s staff, by username (its admins, BKN admins in reach, its auditors); filter by role or status',
      params: ORG, query: staffListQuery, response: 'StaffPage', errors: ['NOT_FOUND', 'FORBIDDEN', 'INVALID_CURSOR'],
      handle: async (request) => ({ status: 200, body: await staff.list(await request.actor(), orgIdOf(request), request.query) }),
    }),
    defineRoute({
      method: 'POST', path: '/organisations/{orgId}/staff', access: 'signed-in', operationId: 'inviteStaff',
      summary: 'Invite a staff member: their Cognito account (an invitation email with a temporary password) and their profile, at once',
      params: ORG, body: inviteStaffBody, headers: ['Idempotency-Key'], success: 201,
      response: 'StaffMember', responseHeaders: ['Location', 'ETag', 'Idempotent-Replayed'],
      errors: ['NOT_FOUND', 'FORBIDDEN', 'ROLE_NOT_GRANTABLE', 'USERNAME_TAKEN', 'IDEMPOTENCY_KEY_REQUIRED', 'IDEMPOTENCY_KEY_REUSED', 'IDEMPOTENCY_IN_PROGRESS'],
      handle: async (request) => staffAnswer(await staff.invite(await request.actor(), orgIdOf(request), request.body, requiredIdempotencyKey(request)), orgIdOf(request)),
    }),
    defineRoute({
      method: 'GET', path: '/organisations/{orgId}/staff/{username}', access: 'signed-in', operationId: 'getStaffMember',
      summary: 'One staff member, with the version to change them at',
      params: STAFF, response: 'StaffMember', responseHeaders: ['ETag'], errors: ['NOT_FOUND', 'FORBIDDEN'],
      handle: async (request) => {
        const member = await staff.get(await request.actor(), orgIdOf(request), usernameOf(request));
        return { status: 200, body: member, headers: etag(member.version) };
      },
    }),
    defineRoute({
      method: 'PUT', path: '/organisations/{orgId}/staff/{username}/roles', access: 'signed-in', operationId: 'setStaffRoles',
      summary: 'Set a staff member’s roles; a role taken away stops working at their next request',
      params: STAFF, body: setStaffRolesBody, headers: ['If-Match', 'Idempotency-Key'],
      response: 'StaffMember', responseHeaders: ['ETag', 'Idempotent-Replayed'],
      errors: ['NOT_FOUND', 'FORBIDDEN', 'ROLE_NOT_GRANTABLE', 'STAFF_SELF_CHANGE', 'LAST_ADMIN', 'VERSION_CONFLICT', 'IDEMPOTENCY_KEY_REQUIRED', 'IDEMPOTENCY_KEY_REUSED'],
      handle: async (request) => {
        const input = { roles: request.body.roles, expectedVersion: expectedVersion(request, request.body.expectedVersion) };
        return staffAnswer(await staff.setRoles(await request.actor(), orgIdOf(request), usernameOf(request), input, requiredIdempotencyKey(request)));
      },
    }),
    defineRoute({
      method: 'PUT', path: '/organisations/{orgId}/staff/{username}/status', access: 'signed-in', operationId: 'setStaffStatus',
      summary: 'Suspend a staff member (with the reason) or restore them; a suspension holds from their next request',
      params: STAFF, body: setStaffStatusBody, headers: ['If-Match', 'Idempotency-Key'],
      response: 'StaffMember', responseHeaders: ['ETag', 'Idempotent-Replayed'],
      errors: ['NOT_FOUND', 'FORBIDDEN', 'ROLE_NOT_GRANTABLE', 'STAFF_SELF_CHANGE', 'LAST_ADMIN', 'VERSION_CONFLICT', 'IDEMPOTENCY_KEY_REQUIRED', 'IDEMPOTENCY_KEY_REUSED'],
      handle: async (request) => {
        const input = { status: request.body.status, reason: request.body.reason, expectedVersion: expectedVersion(request, request.body.expectedVersion) };
        return staffAnswer(await staff.setStatus(await request.actor(), orgIdOf(request), usernameOf(request), input, requiredIdempotencyKey(request)));
      },
    }),
    defineRoute({
      method: 'GET', path: '/organisations/{orgId}/staff-changes', access: 'signed-in', operationId: 'listStaffChanges',
      summary: 'Every change of the organisation’s staff, newest first: who, when, before and after (its admins and auditors)',
      params: ORG, query: staffChangesQuery, response: 'StaffChanges', errors: ['NOT_FOUND', 'FORBIDDEN', 'INVALID_CURSOR'],
      handle: async (request) => ({ status: 200, body: await staff.changes(await request.actor(), orgIdOf(request), request.query) }),
    }),
    // ---- eligibility lists (issue 16) ----
    defineRoute({
      method: 'GET', path: '/organisations/{orgId}/eligibility/{serviceType}', access: 'signed-in', operationId: 'listEligibleEmployees',
      summary: 'An agency’s eligibility list (daftar nominatif) for a service, by NIP: whom it concerns, each with the payload pre-filled from the record and the filing rules’ verdict on it (staff whose organisation covers the agency). KENAIKAN_PANGKAT for a periode, PENSIUN (BUP within 12 months), PENGANGKATAN_PNS (probation over)',
      params: { orgId: orgIdSchema, serviceType: serviceTypeCodeSchema }, query: eligibilityListQuery, response: 'EligibilityPage', errors: ['NOT_FOUND', 'INVALID_CURSOR'],
      handle: async (request) => {
        const code = serviceTypeCodeSchema.safeParse(request.params.serviceType);
        if (!code.success) throw notFound('eligibility list');
        const { only, limit, cursor, ...own } = request.query;
        const list = Object.fromEntries(Object.entries(own).filter(([, value]) => value !== undefined));
        return { status: 200, body: await eligibility.list(await request.actor(), orgIdOf(request), code.data, { only, limit, cursor, list }) };
      },
    }),
    defineRoute({
      method: 'GET', path: '/inbox', operationId: 'getInbox', access: 'signed-in', summary: 'My organisation’s queue for my role, soonest due first',
      query: inboxQuery, response: 'Inbox', errors: ['INVALID_CURSOR'],
      handle: async (request) => ({ status: 200, body: await proposals.inbox(await request.actor(), request.query.role, request.query) }),
    }),
    defineRoute({
      method: 'GET', path: '/calendar/{year}', operationId: 'getCalendar', maxAgeSeconds: REFERENCE_MAX_AGE, access: 'signed-in', summary: 'The holiday and cuti bersama calendar of a year',
      params: YEAR, response: 'Calendar',
      handle: async (request) => {
        const year = parseWith(yearSchema, request.params.year, 'year');
        const calendar = await calendars.get(year);
        // A year without its decree counts weekends only; the answer says so rather than pretend.
        return { status: 200, body: calendar ? { ...calendar, known: true } : { year, holidays: [], collectiveLeave: [], known: false, warning: 'no calendar for this year: working days count weekends only' } };
      },
    }),
    defineRoute({
      method: 'PUT', path: '/calendar/{year}', operationId: 'setCalendar', access: 'signed-in', permits: { actor: setsNationalSettings, action: 'set the calendar' }, summary: 'Set a year’s calendar from its decree (BKN admins)',
      params: YEAR, body: holidayCalendarSchema, response: 'Calendar',
      handle: async (request) => {
        const year = parseWith(yearSchema, request.params.year, 'year');
        if (request.body.year !== year) throw new DomainError('VALIDATION_FAILED', {}, [{ path: 'year', message: `the body is for ${request.body.year}, the path for ${year}` }]);
        await calendars.put(request.body);
        return { status: 200, body: { ...request.body, known: true } };
      },
    }),
    defineRoute({
      method: 'GET', path: '/employees/{nip}', operationId: 'getEmployee', access: 'signed-in', summary: 'An employee’s record',
      params: NIP, response: 'Employee', responseHeaders: ['ETag'], errors: ['NOT_FOUND'],
      handle: async (request) => {
        const employee = await readableEmployee(directory, await request.actor(), parseWith(nipSchema, request.params.nip, 'nip'));
        return { status: 200, body: employee, headers: etag(employee.version) };
      },
    }),
    defineRoute({
      method: 'GET', path: '/employees/{nip}/leave', operationId: 'getEmployeeLeave', access: 'signed-in', summary: 'An employee’s leave balances by kind, and the leave taken',
      params: NIP, response: 'Leave', errors: ['NOT_FOUND'],
      handle: async (request) => {
        const employee = await readableEmployee(directory, await request.actor(), parseWith(nipSchema, request.params.nip, 'nip'));
        const today = localDate(clock.now().toISOString(), employee.timeZone);
        // Balances are kept in working days when leave is taken; showing them needs no calendar read.
        return { status: 200, body: { nip: employee.nip, today, balances: leaveBalances(employee, today, new Calendars(KNOWN_CALENDARS)), taken: employee.leave?.taken ?? [] } };
      },
    }),
    defineRoute({
      method: 'PUT', path: '/employees/{nip}', operationId: 'updateEmployee', access: 'signed-in', summary: 'Set contact details and notification preferences',
      params: NIP, body: updateEmployeeBody, headers: ['If-Match'],
      response: 'Employee', responseHeaders: ['ETag'], errors: ['NOT_FOUND', 'VERSION_CONFLICT'],
      handle: async (request) => {
        const version = expectedVersion(request, request.body.expectedVersion);
        const actor = await request.actor();
        const employee = await readableEmployee(directory, actor, parseWith(nipSchema, request.params.nip, 'nip'));
        const updated = updateContact(employee, { ...request.body, expectedVersion: version }, actor, clock.now().toISOString());
        await directory.saveEmployee(updated, version);
        return { status: 200, body: updated, headers: etag(updated.version) };
      },
    }),
  ];
  return routes;
}

/** The routes as data, for the document (`npm run openapi`, tests): their handlers are never run here. */
export const documentedRoutes = (): Route[] => apiRoutes({} as ApiDeps);
