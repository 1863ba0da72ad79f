import * as z from 'zod';
import { ORG_KINDS, ROLES, TIME_ZONES } from '../domain/actors';
import { CATALOG } from '../domain/catalog';
import { GOLONGAN } from '../domain/catalog/kenaikan-pangkat';
import { DOCUMENT_REJECTION_REASON_CODES, PROPOSAL_REASON_CODES, REJECTION_REASONS, RETURN_REASONS } from '../domain/catalog/reasons';
import { HANDLERS } from '../domain/catalog/types';
import { EDUCATION_LEVELS, EMPLOYEE_KINDS, EMPLOYEE_STATUSES, FAMILY_RELATIONS, JABATAN_KINDS } from '../domain/employees';
import { ERROR_CODES } from '../domain/errors';
import { LEAVE_KINDS } from '../domain/leave';
import { CHANNELS } from '../domain/notifications/types';
import { CHAIN_BREAKS } from '../domain/proposal/history';
import { ACTIONS, STATUSES } from '../domain/proposal/types';
import { PROPOSAL_ID_PATTERN } from '../adapters/ids';
import { CONTENT_TYPES, DOCUMENT_STATES, SCAN_STATUSES } from '../domain/documents/types';
import { STAFF_ACTIONS, STAFF_STATUSES } from '../domain/directory/staff';
import { ELIGIBILITY_FILTERS } from '../domain/eligibility/types';

/**
 * What the API answers: one zod schema per answer, named as the OpenAPI document's components.
 *
 * A route names its success answer here (`response: 'ProposalView'`), the type checker holds the
 * handler's body to the schema, the document is generated from it, and the e2e suite checks every
 * answer it sees against the document. Objects are closed (no fields beyond those listed), so a
 * field that leaks out unannounced, personal data above all, fails the contract.
 *
 * The schemas are built by a function, on the first call: the API Lambda builds them only when
 * GET /openapi.json is asked for, so no other request, and no cold start, pays for them. (A
 * dynamic import would do the same, but esbuild then wraps zod and the domain in lazy-init
 * closures, which cost every cold start more than the schemas save.)
 */

function build() {
  /** Instants are stored and answered in UTC (DESIGN: Time); dates people read are local YYYY-MM-DD. */
  const instant = z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z$/).meta({ format: 'date-time' });
  const date = z.string().regex(/^\d{4}-\d\d-\d\d$/).meta({ format: 'date' });
  const nip = z.string().regex(/^\d{18}$/);
  const proposalId = z.string().regex(PROPOSAL_ID_PATTERN);
  const role = z.enum(ROLES);
  const status = z.enum(STATUSES);
  const channel = z.enum(CHANNELS);
  /** A JSON value the schema leaves open: a service type's payload or output, described by GET /service-types/{code}. */
  const anyJson = z.unknown();

  const Names = z.object({ id: z.string(), en: z.string() }).meta({ description: 'A text in Indonesian (id) and English (en).' });
  const CodeAndNames = z.object({ code: z.string(), names: Names });
  /**
   * Codes of a fixed list, as the document states them (an enum a client may switch on, which the
   * contract tests hold every answer to). The domain keeps these as strings (records and events
   * are stored with them), so the type checker holds the handlers to a string only.
   */
  const fixedCodes = (codes: readonly string[], description: string) => z.string().meta({ enum: [...codes], description });
  const serviceTypeCode = fixedCodes([...CATALOG.keys()], 'A service type of the catalog (GET /reference serviceTypes).');
  const ServiceTypeRef = z.object({ code: serviceTypeCode, names: Names });
  const proposalReasonCode = fixedCodes(PROPOSAL_REASON_CODES, 'A return’s or a rejection’s reason (GET /reference returnReasons, rejectionReasons).');
  const documentReasonCode = fixedCodes(DOCUMENT_REJECTION_REASON_CODES, 'A document rejection’s reason (GET /reference documentRejectionReasons).');
  const Organisation = z.object({ id: z.string(), kind: z.enum(ORG_KINDS), name: z.string(), timeZone: z.enum(TIME_ZONES), kanregId: z.string().optional() });

  const Address = z.object({ jalan: z.string(), kelurahan: z.string(), kecamatan: z.string(), kabupatenKota: z.string(), provinsi: z.string(), kodePos: z.string() });
  const Education = z.object({ jenjang: z.enum(EDUCATION_LEVELS), institusi: z.string(), jurusan: z.string().optional(), tahunLulus: z.number().int() });
  const FamilyMember = z.object({ nama: z.string(), hubungan: z.enum(FAMILY_RELATIONS), tanggalLahir: date });
  const PositionRecord = z.object({ jabatan: z.string(), unitKerja: z.string(), tmt: date });
  const TakenLeave = z.object({ proposalId: proposalId.optional(), letter: z.string(), kind: z.enum(LEAVE_KINDS), from: date, to: date, workingDays: z.number().int() });
  const NotificationPreferences = z.object({ language: z.enum(['id', 'en']), channels: z.object({ email: z.boolean(), sms: z.boolean() }) });

  const Employee = z
    .object({
      nip,
      name: z.string(),
      kind: z.enum(EMPLOYEE_KINDS),
      agencyId: z.string(),
      birthDate: date,
      sex: z.enum(['M', 'F']),
      // Not an enum: a PPPK's golongan is a pay grade (I to XVII, Perpres 98/2020), not a PNS's I/a–IV/e.
      pangkat: z.object({ golongan: z.string().meta({ description: 'A PNS’s or CPNS’s golongan/ruang, I/a to IV/e (GET /reference golongan); a PPPK’s pay grade, I to XVII.' }), tmt: date }).optional(),
      jabatan: z.string().optional(),
      jabatanKind: z.enum(JABATAN_KINDS).optional().meta({ description: 'The kind of the position, which sets the retirement age (BUP, PP 11/2017 art. 239); read from the title when absent.' }),
      tmtCpns: date.optional(),
      tmtPns: date.optional(),
      status: z.enum(EMPLOYEE_STATUSES).optional(),
      retirementDate: date.optional(),
      leave: z
        .object({
          annual: z.array(z.object({ year: z.number().int(), entitlement: z.number(), carriedOver: z.number(), taken: z.number() })),
          taken: z.array(TakenLeave),
        })
        .optional(),
      timeZone: z.enum(TIME_ZONES),
      atasanLangsungNip: nip.optional(),
      skp: z.array(z.object({ tahun: z.number().int(), predikat: z.string() })).optional(),
      contact: z.object({ email: z.string().optional(), phone: z.string().optional() }),
      address: Address.optional(),
      education: z.array(Education).optional(),
      family: z.array(FamilyMember).optional(),
      positionHistory: z.array(PositionRecord).optional(),
      preferences: NotificationPreferences,
      version: z.number().int().min(1),
      updatedAt: instant,
    })
    .meta({ description: 'An employee’s personnel record, keyed by NIP; the ETag is its version.' });

  const StaffProfile = z
    .object({
      username: z.string(),
      name: z.string(),
      orgId: z.string(),
      roles: z.array(role),
      timeZone: z.enum(TIME_ZONES),
      contact: z.object({ email: z.string().optional(), phone: z.string().optional() }),
      preferences: NotificationPreferences,
    })
    .meta({ description: 'Where a staff member’s work notices go (reminders, digests, copies of what they filed); set with PUT /me.' });

  const StaffState = z.object({ roles: z.array(role), status: z.enum(STAFF_STATUSES) });
  const StaffMember = z
    .object({
      username: z.string(),
      name: z.string(),
      orgId: z.string(),
      roles: z.array(role),
      status: z.enum(STAFF_STATUSES),
      nip: nip.optional(),
      timeZone: z.enum(TIME_ZONES),
      contact: z.object({ email: z.string().optional(), phone: z.string().optional() }),
      preferences: NotificationPreferences,
      version: z.number().int(),
      createdAt: instant.or(z.literal('')),
      updatedAt: instant.or(z.literal('')),
    })
    .meta({ description: 'A staff member as their organisation’s admins and auditors read them; the ETag is its version.' });
  const StaffPage = z.object({ items: z.array(StaffMember), nextCursor: z.string().nullable() });
  const StaffChange = z
    .object({
      seq: z.number().int(),
      orgId: z.string(),
      username: z.string(),
      action: z.enum(STAFF_ACTIONS),
      actor: z.object({ username: z.string(), name: z.string(), roles: z.array(role), orgId: z.string() }),
      at: instant,
      before: StaffState.nullable(),
      after: StaffState,
      reason: z.string().optional(),
      prevHash: z.string(),
      hash: z.string(),
    })
    .meta({ description: 'One change of a staff member: who, when, before and after. Each member’s changes are hash-chained.' });
  const StaffChanges = z.object({ items: z.array(StaffChange), nextCursor: z.string().nullable() }).meta({ description: 'An organisation’s staff changes, newest first.' });

  const Me = z.object({
    username: z.string(),
    name: z.string(),
    roles: z.array(role),
    organisation: Organisation,
    nip: nip.optional(),
    onBehalfOf: z.string().optional(),
    employee: Employee.optional(),
    staffProfile: StaffProfile.optional().meta({ description: 'Staff only, once set with PUT /me: until then they receive no work notices.' }),
  });

  const Stage = CodeAndNames.nullable().meta({ description: 'The stage the proposal is at (COMPLETION once approved); null for drafts and withdrawn ones.' });
  const DocumentRef = z.object({ code: z.string(), reference: z.string() });
  const HISTORY_EVENT_TYPES = ['create', 'update', ...ACTIONS, 'attach', 'review', 'quarantine'] as const;
  const PUBLIC_EVENT_TYPES = ['create', ...ACTIONS] as const;
  const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
  const contentType = z.enum(CONTENT_TYPES);
  const reasonWithLabel = z.object({ code: documentReasonCode, text: z.string().optional(), label: Names.optional() });
  const EventDocument = z
    .object({
      code: z.string(),
      version: z.number().int().min(1),
      sha256: sha256Hex,
      size: z.number().int().min(1),
      contentType: z.string(),
      decision: z.enum(['ACCEPTED', 'REJECTED']).optional(),
      reason: z.object({ code: documentReasonCode, text: z.string().optional() }).optional(),
      finding: z.string().optional(),
    })
    .meta({ description: 'The file an attach, review or quarantine event is about: its hash, size and type are in the hash chain.' });
  const DocumentVersionView = z
    .object({
      code: z.string(),
      version: z.number().int().min(1),
      sha256: sha256Hex,
      size: z.number().int().min(1),
      contentType,
      state: z.enum(DOCUMENT_STATES),
      stateLabel: Names,
      registeredAt: instant,
      registeredBy: z.object({ role: z.enum(['PEGAWAI', 'OPERATOR']) }),
      scan: z.object({ status: z.enum(SCAN_STATUSES), at: instant.optional(), detail: z.string().optional() }),
      review: z
        .object({ decision: z.enum(['ACCEPTED', 'REJECTED']), reason: reasonWithLabel.optional(), by: z.object({ name: z.string(), role, orgId: z.string() }), at: instant, stage: z.string() })
        .optional(),
    })
    .meta({ description: 'One uploaded version of a document: never its storage key.' });
  const ChecklistEntry = z
    .object({
      code: z.string(),
      names: Names,
      state: z.enum(DOCUMENT_STATES).meta({ description: 'MISSING, SCANNING (registered, verdict not in), CLEAN, QUARANTINED, SCAN_FAILED, ACCEPTED, REJECTED, or EXTERNAL (a reference to a records system).' }),
      stateLabel: Names,
      maxBytes: z.number().int(),
      contentTypes: z.array(contentType),
      externalIn: Names.optional().meta({ description: 'Where it may be referenced instead of uploaded; absent: it must be uploaded.' }),
      reference: z.string().optional(),
      currentVersion: z.number().int().min(1).optional(),
      versions: z.array(DocumentVersionView),
    })
    .meta({ description: 'A required document and where it stands.' });
  const DELIVERY_STATES = ['SENDING', 'SENT', 'DEFERRED', 'FAILED', 'SUPPRESSED'] as const;

  const HistoryEntry = z.object({
    seq: z.number().int().min(1),
    type: z.enum(HISTORY_EVENT_TYPES),
    label: Names,
    at: instant,
    actor: z.object({ name: z.string(), role: z.enum([...ROLES, 'SYSTEM']).meta({ description: 'SYSTEM: Pantau itself (the malware scanner).' }), orgId: z.string(), onBehalfOf: z.string().optional() }),
    fromStatus: status.nullable(),
    toStatus: status,
    fromStage: z.string().nullable(),
    toStage: z.string().nullable(),
    reason: z.object({ code: proposalReasonCode, text: z.string().optional(), label: Names.optional() }).optional(),
    missingItems: z.array(z.string()).optional(),
    output: anyJson.optional(),
    note: z.string().optional(),
    changed: z.array(z.string()).optional(),
    document: EventDocument.optional(),
    hash: z.string().regex(/^[0-9a-f]{64}$/).meta({ description: 'SHA-256 of the event with the hash of the one before: the chain an auditor verifies.' }),
  });

  const Delivery = z.object({
    eventId: z.string(),
    eventSeq: z.number().int().optional(),
    channel,
    recipient: z.discriminatedUnion('kind', [z.object({ kind: z.literal('employee'), nip }), z.object({ kind: z.literal('staff') })]),
    state: z.enum(DELIVERY_STATES),
    to: z.string().optional().meta({ description: 'The address or number, masked.' }),
    messageId: z.string().optional(),
    reason: z.string().optional(),
    deferredUntil: instant.optional(),
    attempts: z.number().int(),
    createdAt: instant,
    updatedAt: instant,
  });

  const ProposalView = z
    .object({
      id: proposalId,
      serviceType: ServiceTypeRef,
      // Absent while a candidate's number is being assigned (PENETAPAN_NIP, PENETAPAN_NI_PPPK).
      nip: nip.optional(),
      agencyId: z.string(),
      filedBy: z.object({ role: z.enum(['PEGAWAI', 'OPERATOR']) }),
      status,
      statusLabel: Names,
      stage: Stage,
      assignment: z
        .object({ orgId: z.string(), role, since: instant, dueAt: instant, workingDays: z.number().int(), overdue: z.boolean() })
        .nullable()
        .meta({ description: 'Who is expected to act now, and by when; null on drafts and closed proposals.' }),
      dueAt: instant.nullable(),
      overdue: z.boolean(),
      dueAtCountsWeekendsOnly: z.array(z.number().int()).optional().meta({ description: 'Years the deadline crossed without a holiday calendar: counted weekends only.' }),
      payload: anyJson.meta({ description: 'As the service type’s payloadSchema describes (GET /service-types/{code}).' }),
      documents: z.array(DocumentRef).meta({ description: 'References to records systems given for documents that may live there.' }),
      requiredDocuments: z.array(CodeAndNames),
      checklist: z.array(ChecklistEntry),
      lastReason: z.object({ code: proposalReasonCode, text: z.string().optional() }).nullable(),
      missingItems: z.array(z.string()),
      output: anyJson.meta({ description: 'null until completed; then as the service type’s outputSchema describes.' }),
      version: z.number().int().min(1),
      createdAt: instant,
      updatedAt: instant,
      allowedActions: z.array(z.enum(ACTIONS)).meta({ description: 'What the caller may do next.' }),
      history: z.array(HistoryEntry),
      deliveries: z.array(Delivery),
      changes: z
        .array(z.object({ field: z.string(), old: anyJson, new: anyJson }))
        .optional()
        .meta({ description: 'GET only, for services that change the record while open: the record’s value beside the proposed one.' }),
    })
    .meta({ description: 'A proposal as a reader in scope sees it; the ETag is its version.' });

  const ProposalStatus = ProposalView.pick({
    id: true,
    serviceType: true,
    status: true,
    statusLabel: true,
    stage: true,
    assignment: true,
    dueAt: true,
    overdue: true,
    dueAtCountsWeekendsOnly: true,
    lastReason: true,
    missingItems: true,
    version: true,
    updatedAt: true,
    allowedActions: true,
  }).meta({ description: 'Where a proposal is now and what the caller may do, each field as in ProposalView: no payload, documents, history or deliveries. The ETag leads with its version, as a ProposalView’s does.' });

  const ProposalCreated = ProposalView.extend({
    pin: z.string().regex(/^\d{6}$/).meta({ description: 'The public tracking PIN: shown this once (and on an idempotent replay), stored only as a hash.' }),
    trackingLink: z
      .string()
      .regex(/^https?:\/\/[^/\s]+(?:\/[^/\s]+)*\/t\/[^/\s]+\/[A-Za-z0-9][A-Za-z0-9_-]{12}$/)
      .meta({ format: 'uri', description: 'The signed tracking link, `<public base URL>/t/<number>/<token>`: opens the tracking page with no PIN. The same link is on the receipt (GET /proposals/{id}/receipt), as text and QR code.' }),
  });

  const ProposalSummary = z.object({
    id: proposalId,
    serviceType: ServiceTypeRef,
    nip: nip.optional(),
    agencyId: z.string(),
    status,
    statusLabel: Names,
    stage: Stage,
    dueAt: instant.nullable(),
    overdue: z.boolean(),
    version: z.number().int().min(1),
    createdAt: instant,
    updatedAt: instant,
  });

  const nextCursor = z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last one.' });
  const ProposalPage = z.object({ items: z.array(ProposalSummary), nextCursor });
  const Inbox = z.object({ role, orgId: z.string(), items: z.array(ProposalSummary), nextCursor });

  const Tracking = z
    .object({
      id: proposalId,
      serviceType: ServiceTypeRef,
      status,
      statusLabel: Names,
      stage: Stage,
      dueAt: instant.nullable(),
      updatedAt: instant,
      timeline: z.array(
        z.object({
          at: instant,
          type: z.enum(PUBLIC_EVENT_TYPES),
          label: Names,
          status,
          statusLabel: Names,
          stage: Stage,
          reasonCode: proposalReasonCode.optional(),
          reasonLabel: Names.optional(),
          notifiedBy: z.array(channel),
        }),
      ),
    })
    .meta({ description: 'The public timeline: no name, NIP, payload, free text or actor.' });

  const StageDefinition = z.object({ code: z.string(), names: Names, handler: z.enum(HANDLERS), role, slaWorkingDays: z.number().int() });
  const ServiceTypeView = z.object({
    code: serviceTypeCode,
    names: Names,
    description: Names,
    initiators: z.array(z.enum(['PEGAWAI', 'OPERATOR'])),
    requiredDocuments: z.array(CodeAndNames.extend({ maxBytes: z.number().int(), contentTypes: z.array(contentType), externalIn: Names.optional() })),
    stages: z.array(StageDefinition),
    completion: StageDefinition.omit({ code: true }),
    returnedSlaWorkingDays: z.number().int(),
    payloadSchema: z.record(z.string(), anyJson).meta({ description: 'JSON Schema (2020-12) of the payload a proposal of this type carries.' }),
    outputSchema: z.record(z.string(), anyJson).meta({ description: 'JSON Schema (2020-12) of what completing it records.' }),
    examplePayload: anyJson,
    exampleOutput: anyJson,
  });
  const ServiceTypeList = z.object({ items: z.array(ServiceTypeView) }).meta({ description: 'The whole catalog (view=full, the default).' });
  const ServiceTypeSummary = ServiceTypeView.pick({ code: true, names: true, description: true, initiators: true }).extend({
    hasSubmissionWindows: z.boolean().meta({ description: 'Filed only within submission windows (promotion periods): GET /service-types/{code}/windows/{year}.' }),
  });
  const ServiceTypeSummaryList = z.object({ items: z.array(ServiceTypeSummary) }).meta({ description: 'Each type as a chooser lists it (view=summary); the rest with GET /service-types/{code}.' });
  // anyOf, not oneOf: the objects are closed, so a list fits one of them only, unless it is empty, which then fits both.
  const ServiceTypes = z.union([ServiceTypeList, ServiceTypeSummaryList]).meta({ description: 'The catalog as `view` asks: whole (ServiceTypeList) or summaries (ServiceTypeSummaryList).' });

  const Window = z.object({ period: date, opensOn: date, closesOn: date });
  const SubmissionWindows = z.object({
    serviceType: serviceTypeCode,
    year: z.number().int(),
    isDefault: z.boolean().meta({ description: 'True when nobody set this year: Pantau’s default windows.' }),
    windows: z.array(Window),
  });

  const CalendarDay = z.object({ date, name: z.string() });
  const Calendar = z
    .discriminatedUnion('known', [
      z.object({ year: z.number().int(), source: z.string().optional(), holidays: z.array(CalendarDay), collectiveLeave: z.array(CalendarDay), known: z.literal(true) }),
      z.object({ year: z.number().int(), holidays: z.array(CalendarDay).max(0), collectiveLeave: z.array(CalendarDay).max(0), known: z.literal(false), warning: z.string() }),
    ])
    .meta({ description: 'A year’s holidays and cuti bersama as decreed; `known: false` when no decree is loaded (working days then count weekends only).' });

  const Leave = z.object({
    nip,
    today: date,
    balances: z.array(
      z.object({
        kind: z.enum(LEAVE_KINDS),
        allowed: z.boolean(),
        reason: z.string().optional(),
        remainingWorkingDays: z.number().optional(),
        maxMonths: z.number().optional(),
        source: z.string().meta({ description: 'The regulation the limit rests on.' }),
      }),
    ),
    taken: z.array(TakenLeave),
  });

  /** A proposal's head as stored: shown as found, whatever its type, since it is the evidence. */
  const ChainHead = z.object({ lastSeq: anyJson, lastHash: anyJson });
  const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
  const AuditReport = z
    .object({
      proposalId,
      checkedAt: instant,
      valid: z.boolean(),
      events: z.number().int().min(0).meta({ description: 'History events found in storage.' }),
      head: ChainHead.meta({ description: 'What the proposal record says its newest event is (lastSeq, lastHash).' }),
      message: z.string().meta({ description: 'The verdict, in Indonesian, or English with Accept-Language: en.' }),
      algorithm: z.string().meta({ description: 'How to recompute the chain without Pantau’s code.' }),
      break: z
        .object({
          seq: z.number().int().min(1).meta({ description: 'The first seq where the chain fails.' }),
          kind: z.enum(CHAIN_BREAKS).meta({
            description: 'hash: the event was edited; link: its prevHash is not the previous hash; gap: events from seq on are missing; sequence: a duplicate or disorder; head: the proposal’s lastSeq/lastHash do not name the last event.',
          }),
          storedHash: anyJson.optional(),
          computedHash: sha256.optional(),
          prevHash: anyJson.optional(),
          expectedPrevHash: sha256.optional(),
          nextSeq: z.number().int().optional().meta({ description: 'For a gap: the next seq found.' }),
          foundSeq: anyJson.optional(),
          head: ChainHead.optional(),
          chainEnd: z.object({ lastSeq: z.number().int().min(0), lastHash: sha256 }).optional(),
        })
        .optional()
        .meta({ description: 'Absent when valid: where the chain first breaks, and what was found there.' }),
    })
    .meta({ description: 'A proposal’s history hash chain recomputed: valid, or where it first breaks.' });

  const DocumentChecklist = z.object({ proposalId, version: z.number().int().min(1), documents: z.array(ChecklistEntry) }).meta({ description: 'The proposal’s checklist; version is the proposal’s.' });
  const UploadGrant = z
    .object({
      grantId: z.uuid(),
      proposalId,
      code: z.string(),
      contentType,
      size: z.number().int().min(1),
      sha256: sha256Hex,
      upload: z.object({
        method: z.literal('PUT'),
        url: z.url(),
        headers: z.record(z.string(), z.string()).meta({ description: 'Send exactly these with the file: storage refuses another type, length or checksum.' }),
        expiresAt: instant,
      }),
      registerBy: instant,
    })
    .meta({ description: 'A presigned upload of one file; register it with POST …/documents/{code}/versions and the grantId.' });
  const DocumentChanged = z.object({ proposalId, proposalVersion: z.number().int().min(1), document: DocumentVersionView }).meta({ description: 'A document version after registration or review; proposalVersion is the proposal’s new version (its ETag).' });
  const DocumentOpened = z.object({ url: z.url().meta({ description: 'A presigned GET: works about a minute.' }), expiresAt: instant, openedAt: instant, document: DocumentVersionView });
  const DocumentOpening = z.object({
    id: z.uuid(),
    proposalId,
    nip: nip.optional(),
    code: z.string(),
    version: z.number().int().min(1),
    sha256: sha256Hex,
    at: instant,
    by: z.object({ userId: z.string(), name: z.string(), roles: z.array(role), orgId: z.string() }),
  });
  const DocumentOpenings = z.object({ proposalId: proposalId.optional(), nip: nip.optional(), items: z.array(DocumentOpening), nextCursor: z.string().nullable() }).meta({ description: 'Who opened which file, newest first.' });

  const Health = z.object({ status: z.literal('ok'), service: z.literal('pantau') });
  const OpenApiDocument = z.looseObject({ openapi: z.string().regex(/^3\.1\.\d+$/), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), anyJson) });

  /** RFC 9457 problem details, as shared/http/problem.ts writes them. */
  const Problem = z
    .object({
      type: z.url(),
      title: z.string().meta({ description: 'In Indonesian, or English with Accept-Language: en.' }),
      status: z.number().int().min(400).max(599),
      code: z.enum(ERROR_CODES).meta({ description: 'Stable: clients branch on this, never on the title.' }),
      instance: z.string().optional(),
      details: z.record(z.string(), anyJson).optional(),
      errors: z.array(z.object({ path: z.string(), message: z.string() })).optional().meta({ description: 'Field by field, for VALIDATION_FAILED and the like.' }),
    })
    .meta({ description: 'A problem (RFC 9457) with a stable code.' });

  // ---- eligibility lists (issue 16) ----------------------------------------------------------
  const EligibilityRow = z
    .object({
      nip,
      name: z.string(),
      golongan: z.string().optional(),
      eligible: z.boolean().meta({ description: 'The record gives what the rules read, and the service’s filing rules find nothing: filing `payload` (with `toFill` typed) is taken.' }),
      issues: z
        .array(z.object({ path: z.string(), message: z.string() }))
        .meta({ description: 'What the record lacks (`employee.*`), or what the filing rules refuse (`payload.*`, `employee.*`): the very issues filing this payload answers with 422.' }),
      payload: anyJson.optional().meta({ description: 'The service’s payload pre-filled from the record (its schema: GET /service-types/{code}); absent when the record lacks what it needs.' }),
      toFill: z.array(z.string()).meta({ description: 'Fields of `payload` the operator still types before filing; empty when nothing is left, or when there is no payload.' }),
    })
    .meta({ description: 'One employee on an eligibility list.' });
  const EligibilityPage = z
    .object({
      serviceType: z.string(),
      agencyId: z.string(),
      list: Names,
      query: z.record(z.string(), anyJson).meta({ description: 'The list’s own parameters as read (a promotion list’s `periode`).' }),
      only: z.enum(ELIGIBILITY_FILTERS),
      items: z.array(EligibilityRow),
      nextCursor,
    })
    .meta({ description: 'A page of an agency’s eligibility list (daftar nominatif), by NIP: the rows of the records read that the list concerns and `only` keeps, so a page may be short, or empty with a cursor; follow `nextCursor` to the end.' });

  /** What API Gateway itself answers before or around the Lambda (authorizer, throttling, timeouts): not a problem+json. */
  const GatewayMessage = z.object({ message: z.string() }).meta({ description: 'API Gateway’s own answer (its JWT authorizer, throttling, integration failures).' });

  /**
   * Every schema that becomes a component of the document, by name. Routes name their success
   * answer from the first group; the rest are parts worth a name of their own.
   */
  /** A page for a browser: the same routes table serves the tracking page and the receipt. */
  const Page = z.string().meta({ description: 'An HTML page (text/html; charset=utf-8), for a browser: no JavaScript, its own CSP.' });

  /** A code of a fixed list and its names, Indonesian first. */
  const entry = <const C extends readonly string[]>(codes: C) => z.object({ code: z.enum(codes), names: Names });
  const documentKindCodes = [...new Set([...CATALOG.values()].flatMap((type) => type.requiredDocuments.map((document) => document.code)))];
  const Reference = z
    .object({
      returnReasons: z.array(entry(Object.keys(RETURN_REASONS))).meta({ description: 'Why a proposal is returned (BTS, the applicant fixes it): `reason.code` of a return.' }),
      rejectionReasons: z.array(entry(Object.keys(REJECTION_REASONS))).meta({ description: 'Why a proposal is rejected (TMS): `reason.code` of a reject. LAINNYA, in both lists, needs a text.' }),
      documentRejectionReasons: z.array(entry(DOCUMENT_REJECTION_REASON_CODES)).meta({ description: 'Why one document is rejected in review (PUT …/documents/{code}/review).' }),
      serviceTypes: z.array(ServiceTypeRef).meta({ description: 'The catalog’s service types; each in full with GET /service-types/{code}.' }),
      documentKinds: z
        .array(z.object({ code: z.enum(documentKindCodes), names: Names, serviceType: serviceTypeCode, externalIn: Names.optional().meta({ description: 'The records system it may be referenced in instead of uploaded.' }) }))
        .meta({ description: 'Each service type’s required documents, as that service words them (one code may serve several services).' }),
      golongan: z.array(entry(GOLONGAN)).meta({ description: 'Golongan/ruang I/a to IV/e in order, each with its pangkat (PP 99/2000).' }),
      employeeKinds: z.array(entry(EMPLOYEE_KINDS)),
      jabatanKinds: z
        .array(entry(JABATAN_KINDS).extend({ bupAge: z.number().int().meta({ description: 'The retirement age (BUP) this kind of position sets, PP 11/2017 art. 239 (2).' }) }))
        .meta({ description: 'Kinds of position (jabatan), which set the retirement age.' }),
      statuses: z.array(entry(STATUSES).extend({ terminal: z.boolean().meta({ description: 'No action follows.' }) })),
      actions: z.array(entry(ACTIONS)).meta({ description: 'The `action` of POST /proposals/{id}/transitions, as a button names it.' }),
      roles: z.array(entry(ROLES).extend({ grantable: z.boolean().meta({ description: 'Granted by an organisation’s admin; PEGAWAI comes with a NIP.' }) })),
    })
    .meta({ description: 'The fixed lists a front end labels and chooses from, each entry a code and its names (Indonesian first), in the domain’s order.' });

  const RESPONSES = {
    Page,
    Health,
    OpenApiDocument,
    Tracking,
    Me,
    StaffProfile,
    ServiceTypes,
    ServiceTypeList,
    ServiceTypeSummaryList,
    ServiceTypeView,
    Reference,
    SubmissionWindows,
    ProposalCreated,
    ProposalView,
    ProposalStatus,
    ProposalPage,
    Inbox,
    Calendar,
    Employee,
    Leave,
    AuditReport,
    DocumentChecklist,
    UploadGrant,
    DocumentChanged,
    DocumentOpened,
    DocumentOpenings,
    StaffMember,
    StaffPage,
    StaffChanges,
    EligibilityPage,
  } as const;

  const PARTS = { Names, Organisation, ChecklistEntry, DocumentVersionView, EventDocument, ProposalSummary, ServiceTypeSummary, HistoryEntry, Delivery, StageDefinition, TakenLeave, Problem, GatewayMessage } as const;

  return { RESPONSES, PARTS };
}

let built: ReturnType<typeof build> | undefined;

/** The answer schemas, built on the first call. */
export const answerSchemas = (): ReturnType<typeof build> => (built ??= build());
/** Whether they were built: the test that keeps them off the Lambda's start-up asks. */
export const answerSchemasBuilt = (): boolean => built !== undefined;

export type ResponseName = keyof ReturnType<typeof build>['RESPONSES'];

/** JSON does not care whether a list was readonly in memory: the handler's body may hold either. */
type Readable<T> = T extends readonly (infer U)[] ? readonly Readable<U>[] : T extends object ? { readonly [K in keyof T]: Readable<T[K]> } : T;

/** The JSON a route answers with: the schema's input side, which is what the handler must build. */
export type ResponseBody<N extends ResponseName> = Readable<z.input<ReturnType<typeof build>['RESPONSES'][N]>>;
