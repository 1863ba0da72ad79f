import type * as z from 'zod';
import { hasRole, type Actor, type Organisation, type Role, type TimeZone } from '../actors';
import { DomainError, type FieldIssue } from '../errors';
import type { Employee } from '../employees';
import { employeeScope, isOwn } from '../policy';
import { REJECTION_REASONS, RETURN_REASONS } from '../catalog/reasons';
import type { FilingContext, Handler, ServiceType } from '../catalog/types';
import { GENESIS_HASH, sealEvent } from './history';
import { TRANSITIONS, type Performer, type TransitionRule } from './transitions';
import type { Action, Assignment, DocumentRef, EventActor, HistoryEvent, Proposal, Reason } from './types';
import { assertNothingRejected, assertReadyToSubmit, checkExternalReferences, checklist, documentsToFix } from '../documents/rules';
import type { DocumentVersion } from '../documents/types';

/** BKN headquarters' organisation id in the directory. */
export const BKN_PUSAT_ORG_ID = 'BKN-PUSAT';

export interface LifecycleContext {
  now: string;
  actor: Actor;
  serviceType: ServiceType;
  /** The organisations the proposal can reach: its agency, the Kanreg covering it, BKN headquarters. */
  organisations: ReadonlyMap<string, Organisation>;
  /** The instant `workingDays` working days after `from` in `zone`, and the years it counted without a calendar. */
  deadline: (from: string, workingDays: number, zone: TimeZone) => { dueAt: string; yearsWithoutCalendar: number[] };
  /**
   * The employee's record and what else the service's rules look at; given at filing, submit and
   * completion, where the catalog's `checkFiling` and `onComplete` apply.
   */
  rules?: FilingContext;
  /**
   * A candidate's service (no record yet): today in the agency's zone, for the candidate's checks;
   * at completion, the number's counter as read and the sequence to draw (its next value, or past
   * a number found taken).
   */
  candidate?: { today: string; draw?: { previous: number; sequence: number } };
  /** The proposal's uploaded document versions as read with it: submit, forward and return look at them. */
  documents?: readonly DocumentVersion[];
}

/** The number a completion drew: the counter under `prefix` moves from `previous` to `sequence`. */
export interface NumberDrawn {
  prefix: string;
  previous: number;
  sequence: number;
}

export interface Change {
  proposal: Proposal;
  event: HistoryEvent;
  /**
   * The employee's record after a completion that changes it (written on the version it was read
   * at), or creates it (version 1: a candidate's new record, written only if the number is free).
   */
  employee?: Employee;
  numberDrawn?: NumberDrawn;
}

/** The highest sequence a number can have: three digits. */
export const MAX_SEQUENCE = 999;

/**
 * The actions that need the employee's record: submit runs the service's rules on it, complete
 * writes the service's effect on it. No other action reads it, so no other action pays for it.
 */
export const ACTIONS_READING_THE_RECORD: ReadonlySet<Action> = new Set<Action>(['submit', 'complete']);

/** The service's own rules (eligibility, periods, balances): a refusal names the numbers. */
function checkServiceRules(type: ServiceType, payload: unknown, ctx: LifecycleContext): void {
  // A candidate's data that no valid number can carry is invalid input, not ineligibility.
  if (type.candidate && ctx.candidate) {
    const issues = type.candidate.check(payload, ctx.candidate.today);
    if (issues.length) throw new DomainError('VALIDATION_FAILED', {}, issues);
  }
  if (!type.checkFiling) return;
  // Rules skipped for want of the record would let an ineligible proposal through: fail loudly.
  if (!ctx.rules) throw new Error(`checking ${type.code} needs the employee's record`);
  const issues = type.checkFiling(payload, ctx.rules);
  if (issues.length) throw new DomainError('EMPLOYEE_NOT_ELIGIBLE', { serviceType: type.code }, issues);
}

export interface TransitionRequest {
  action: Action;
  expectedVersion: number;
  reason?: Reason;
  missingItems?: string[];
  output?: unknown;
  note?: string;
}

// ---- who is who -------------------------------------------------------------------------------

export function actsAsApplicant(actor: Actor, proposal: Proposal): boolean {
  return proposal.filedBy.role === 'PEGAWAI'
    ? isOwn(actor, proposal.nip)
    : hasRole(actor, 'OPERATOR') && actor.org.id === proposal.agencyId;
}

export function actsAsAssignee(actor: Actor, proposal: Proposal): boolean {
  const assignment = proposal.assignment;
  if (!assignment) return false;
  // Nobody decides on their own proposal, whatever roles they hold.
  if (actor.nip !== undefined && actor.nip === proposal.nip) return false;
  // A person named for the step (the direct supervisor) acts as who they are, not by role.
  if (assignment.nip !== undefined) return actor.nip === assignment.nip;
  return hasRole(actor, assignment.role) && actor.org.id === assignment.orgId;
}

function qualifies(by: Performer, actor: Actor, proposal: Proposal): boolean {
  return by === 'APPLICANT' ? actsAsApplicant(actor, proposal) : actsAsAssignee(actor, proposal);
}

function stageFits(rule: TransitionRule, proposal: Proposal, type: ServiceType): boolean {
  const final = proposal.stageIndex === type.stages.length - 1;
  return rule.at === undefined || (rule.at === 'FINAL_STAGE' ? final : !final);
}

/** The actions this actor may take now: what a client shows as buttons. */
export function allowedActions(proposal: Proposal, actor: Actor, type: ServiceType): Action[] {
  return TRANSITIONS.filter(
    (rule) => rule.from === proposal.status && stageFits(rule, proposal, type) && qualifies(rule.by, actor, proposal),
  ).map((rule) => rule.action);
}

// ---- where a proposal goes --------------------------------------------------------------------

function handlingOrg(handler: Handler, proposal: Proposal, ctx: LifecycleContext): Organisation {
  const id =
    handler === 'AGENCY' || handler === 'SUPERVISOR' ? proposal.agencyId
    : handler === 'DESTINATION_AGENCY' ? proposal.scope.agencyIds[1]
    : handler === 'KANREG' ? proposal.scope.kanregIds[0]
    : BKN_PUSAT_ORG_ID;
  const org = id === undefined ? undefined : ctx.organisations.get(id);
  // A catalog/directory mismatch (an agency without a Kanreg) is a setup error, not user input.
  if (!org) throw new Error(`no organisation for handler ${handler} of proposal ${proposal.id}`);
  return org;
}

function assign(handler: Handler, role: Role, workingDays: number, proposal: Proposal, ctx: LifecycleContext, person?: string): Assignment {
  const org = handlingOrg(handler, proposal, ctx);
  const nip = handler === 'SUPERVISOR' ? supervisorOf(proposal) : person;
  const { dueAt, yearsWithoutCalendar } = ctx.deadline(ctx.now, workingDays, org.timeZone);
  return {
    orgId: org.id,
    role,
    ...(nip ? { nip } : {}),
    since: ctx.now,
    dueAt,
    workingDays,
    zone: org.timeZone,
    ...(yearsWithoutCalendar.length ? { yearsWithoutCalendar } : {}),
    // The event that starts this clock is the next one in the history.
    startedBySeq: proposal.lastSeq + 1,
  };
}

/** The direct supervisor named in the proposal's scope when it was filed. */
function supervisorOf(proposal: Proposal): string {
  const nip = proposal.scope.people?.[0];
  if (!nip) throw new Error(`proposal ${proposal.id} has no direct supervisor in its scope`);
  return nip;
}

function assignmentAfter(rule: TransitionRule, proposal: Proposal, stageIndex: number, ctx: LifecycleContext): Assignment | undefined {
  const type = ctx.serviceType;
  if (rule.to === 'RETURNED') {
    // The agency's clock pauses; the applicant runs their own deadline for the fix.
    const byEmployee = proposal.filedBy.role === 'PEGAWAI';
    return assign('AGENCY', byEmployee ? 'PEGAWAI' : 'OPERATOR', type.returnedSlaWorkingDays, proposal, ctx, byEmployee ? proposal.nip : undefined);
  }
  if (rule.to === 'IN_PROGRESS') {
    const stage = type.stages[stageIndex];
    if (!stage) throw new Error(`service type ${type.code} has no stage ${stageIndex}`);
    return assign(stage.handler, stage.role, stage.slaWorkingDays, proposal, ctx);
  }
  if (rule.to === 'APPROVED') {
    const { handler, role, slaWorkingDays } = type.completion;
    return assign(handler, role, slaWorkingDays, proposal, ctx);
  }
  return undefined;
}

// ---- requirements -----------------------------------------------------------------------------

function zodIssues(error: z.ZodError, prefix: string): FieldIssue[] {
  return error.issues.map((issue) => ({ path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'), message: issue.message }));
}

function checkReason(action: Action, reason: Reason | undefined): FieldIssue[] {
  const codes: Record<string, unknown> = action === 'return' ? RETURN_REASONS : REJECTION_REASONS;
  if (!reason) return [{ path: 'reason', message: `${action} needs a reason` }];
  if (!Object.hasOwn(codes, reason.code)) return [{ path: 'reason.code', message: `unknown reason code for ${action}: one of ${Object.keys(codes).join(', ')}` }];
  if (reason.code === 'LAINNYA' && !reason.text?.trim()) return [{ path: 'reason.text', message: 'reason LAINNYA needs a text' }];
  return [];
}

function checkRequirements(rule: TransitionRule, request: TransitionRequest, proposal: Proposal, type: ServiceType, documents: readonly DocumentVersion[]): unknown {
  const entries = checklist(type, documents, proposal.documents);
  const issues: FieldIssue[] = [];
  let output: unknown;
  for (const requirement of rule.requires) {
    if (requirement === 'reason') issues.push(...checkReason(rule.action, request.reason));
    // A document the handler rejected is a missing item by itself; other items are named by hand.
    if (requirement === 'missingItems' && !request.missingItems?.length && !documentsToFix(entries).length) {
      issues.push({ path: 'missingItems', message: 'return needs the missing items, or a document rejected in review' });
    }
    if (requirement === 'output') {
      const parsed = type.outputSchema.safeParse(request.output);
      if (parsed.success) output = parsed.data;
      else issues.push(...zodIssues(parsed.error, 'output'));
    }
    if (requirement === 'documents') assertReadyToSubmit(entries);
  }
  // Nothing rejected or harmful goes on to the next handler: it is returned instead.
  if (rule.action === 'forward' || rule.action === 'approve') assertNothingRejected(entries);
  const unexpected = (['reason', 'missingItems', 'output'] as const).filter((field) => request[field] !== undefined && !rule.requires.includes(field));
  issues.push(...unexpected.map((field) => ({ path: field, message: `${rule.action} does not take ${field}` })));
  if (issues.length) throw new DomainError('REQUIREMENT_MISSING', { action: rule.action }, issues);
  return output;
}

// ---- events -----------------------------------------------------------------------------------

export function eventActor(actor: Actor, role: Role): EventActor {
  return {
    userId: actor.userId,
    name: actor.name,
    role,
    orgId: actor.org.id,
    ...(actor.onBehalfOf ? { onBehalfOf: actor.onBehalfOf } : {}),
  };
}

function stageCode(type: ServiceType, proposal: Pick<Proposal, 'status' | 'stageIndex'>): string | null {
  if (proposal.status === 'DRAFT') return null;
  if (proposal.status === 'APPROVED' || proposal.status === 'COMPLETED') return 'COMPLETION';
  return type.stages[proposal.stageIndex]?.code ?? null;
}

export function nextEvent(before: Proposal | null, after: Proposal, fields: Pick<HistoryEvent, 'type' | 'actor'> & Partial<Omit<HistoryEvent, 'subject'>>, type: ServiceType, now: string): HistoryEvent {
  return sealEvent({
    ...fields,
    proposalId: after.id,
    seq: (before?.lastSeq ?? 0) + 1,
    subject: { serviceType: after.serviceType, ...(after.nip !== undefined ? { nip: after.nip } : {}), agencyId: after.agencyId, filedBy: after.filedBy },
    at: now,
    fromStatus: before?.status ?? null,
    toStatus: after.status,
    fromStage: before ? stageCode(type, before) : null,
    toStage: stageCode(type, after),
    prevHash: before?.lastHash ?? GENESIS_HASH,
  });
}

export function withEvent(proposal: Proposal, event: HistoryEvent): Change {
  return { proposal: { ...proposal, lastSeq: event.seq, lastHash: event.hash }, event };
}

// ---- the operations ---------------------------------------------------------------------------

/** Whom a proposal is about: an employee on record, or a candidate of an agency who has no number yet. */
export type Subject = { employee: Employee } | { candidateOf: string };

export interface NewProposal {
  id: string;
  pinHash: string;
  subject: Subject;
  payload: unknown;
  documents: DocumentRef[];
}

function validateDocuments(type: ServiceType, documents: readonly DocumentRef[]): FieldIssue[] {
  const known = new Set(type.requiredDocuments.map((d) => d.code));
  const seen = new Set<string>();
  const issues = documents.flatMap((doc, index) => {
    const issues: FieldIssue[] = [];
    if (!known.has(doc.code)) issues.push({ path: `documents.${index}.code`, message: `unknown document for ${type.code}: one of ${[...known].join(', ')}` });
    if (seen.has(doc.code)) issues.push({ path: `documents.${index}.code`, message: 'document listed twice' });
    seen.add(doc.code);
    return issues;
  });
  return [...issues, ...checkExternalReferences(type, documents)];
}

/** The payload as its service's schema reads it, or what is wrong with it: at filing, and on an eligibility list's pre-filled payload. */
export function validatePayload(type: ServiceType, payload: unknown): { payload: unknown; issues: FieldIssue[] } {
  const parsed = type.payloadSchema.safeParse(payload);
  return parsed.success ? { payload: parsed.data, issues: [] } : { payload, issues: zodIssues(parsed.error, 'payload') };
}

/** Files a draft: the employee for themselves, or an operator of the employee's agency. */
export function createProposal(input: NewProposal, ctx: LifecycleContext): Change {
  const { actor, serviceType: type } = ctx;
  const employee = 'employee' in input.subject ? input.subject.employee : undefined;
  const agencyId = employee?.agencyId ?? ('candidateOf' in input.subject ? input.subject.candidateOf : '');
  // A candidate's service needs no record, and an employee's service needs one.
  if (Boolean(type.candidate) === Boolean(employee)) {
    throw new DomainError('VALIDATION_FAILED', {}, [{ path: 'nip', message: type.candidate ? `${type.code} is filed for a candidate, without nip` : 'nip is required when filing for an employee' }]);
  }
  const asEmployee = isOwn(actor, employee?.nip);
  // Proposals are filed by an agency's operator: a BKN office's operator files for no one.
  const asOperator = hasRole(actor, 'OPERATOR') && actor.org.kind === 'INSTANSI' && actor.org.id === agencyId;
  const filedAs: 'PEGAWAI' | 'OPERATOR' | undefined =
    asEmployee && type.initiators.includes('PEGAWAI') ? 'PEGAWAI' : asOperator && type.initiators.includes('OPERATOR') ? 'OPERATOR' : undefined;
  if (!filedAs) throw new DomainError('SERVICE_NOT_INITIATED_BY_ROLE', { serviceType: type.code, initiators: type.initiators });

  const { payload, issues } = validatePayload(type, input.payload);
  issues.push(...validateDocuments(type, input.documents));
  if (issues.length) throw new DomainError('VALIDATION_FAILED', {}, issues);
  checkServiceRules(type, payload, ctx);

  const agency = ctx.organisations.get(agencyId);
  const scope = employeeScope({ agencyId }, agency?.kanregId);
  // A service with a step for the direct supervisor lets that person see it.
  if ([...type.stages, type.completion].some((step) => step.handler === 'SUPERVISOR')) {
    if (!employee?.atasanLangsungNip) throw new DomainError('EMPLOYEE_NOT_ELIGIBLE', { serviceType: type.code }, [{ path: 'nip', message: 'no direct supervisor (atasan langsung) on the employee’s record' }]);
    scope.people = [employee.atasanLangsungNip];
  }
  for (const id of type.involvedAgencies?.(payload) ?? []) {
    const other = ctx.organisations.get(id);
    if (!other || other.kind !== 'INSTANSI') throw new DomainError('VALIDATION_FAILED', {}, [{ path: 'payload', message: `unknown agency ${id}` }]);
    if (id === agencyId) throw new DomainError('VALIDATION_FAILED', {}, [{ path: 'payload', message: `agency ${id} is the employee's own` }]);
    scope.agencyIds.push(id);
    if (other.kanregId && !scope.kanregIds.includes(other.kanregId)) scope.kanregIds.push(other.kanregId);
  }
  const draft: Proposal = {
    id: input.id,
    serviceType: type.code,
    ...(employee ? { nip: employee.nip } : {}),
    agencyId,
    scope,
    filedBy: { userId: actor.userId, role: filedAs },
    payload,
    documents: input.documents,
    status: 'DRAFT',
    stageIndex: 0,
    version: 1,
    lastSeq: 0,
    lastHash: GENESIS_HASH,
    createdAt: ctx.now,
    updatedAt: ctx.now,
    pinHash: input.pinHash,
  };
  return withEvent(draft, nextEvent(null, draft, { type: 'create', actor: eventActor(actor, filedAs) }, type, ctx.now));
}

function assertVersion(proposal: Proposal, expectedVersion: number): void {
  if (proposal.version !== expectedVersion) {
    throw new DomainError('VERSION_CONFLICT', { expectedVersion, currentVersion: proposal.version });
  }
}

/** Applies one action of the transition table, or refuses it and changes nothing. */
export function applyTransition(proposal: Proposal, request: TransitionRequest, ctx: LifecycleContext): Change {
  const { actor, serviceType: type } = ctx;
  assertVersion(proposal, request.expectedVersion);
  const rule = TRANSITIONS.find((r) => r.from === proposal.status && r.action === request.action && stageFits(r, proposal, type));
  if (!rule) {
    throw new DomainError('TRANSITION_NOT_ALLOWED', { status: proposal.status, action: request.action, allowedActions: allowedActions(proposal, actor, type) });
  }
  if (!qualifies(rule.by, actor, proposal)) throw new DomainError('FORBIDDEN', { action: request.action });
  const documents = ctx.documents ?? [];
  const output = checkRequirements(rule, request, proposal, type, documents);
  // A return lists what to fix: the items named, and every document rejected in review.
  const missingItems = rule.to === 'RETURNED' ? [...new Set([...(request.missingItems ?? []), ...documentsToFix(checklist(type, documents, proposal.documents))])] : request.missingItems;
  if (rule.action === 'submit') checkServiceRules(type, proposal.payload, ctx);
  const effect = rule.to === 'COMPLETED' ? completionEffect(type, proposal, output, ctx) : undefined;

  const stageIndex =
    rule.stage === 'FIRST' ? 0 : rule.stage === 'NEXT' ? proposal.stageIndex + 1 : proposal.stageIndex;
  const actedAs: Role = rule.by === 'APPLICANT' ? proposal.filedBy.role : (proposal.assignment?.role as Role);
  const assignment = assignmentAfter(rule, proposal, stageIndex, ctx);
  const next: Proposal = {
    ...proposal,
    status: rule.to,
    stageIndex,
    assignment,
    version: proposal.version + 1,
    updatedAt: ctx.now,
    ...(rule.to === 'RETURNED' ? { lastReason: request.reason, missingItems } : {}),
    ...(rule.to === 'REJECTED' ? { lastReason: request.reason } : {}),
    ...(rule.to === 'IN_PROGRESS' ? { missingItems: undefined, lastReason: undefined } : {}),
    ...(rule.to === 'COMPLETED' ? { output: effect?.output ?? output } : {}),
    // A candidate's proposal becomes the new employee's once the number is drawn.
    ...(effect?.numberDrawn && effect.employee ? { nip: effect.employee.nip } : {}),
  };
  if (!assignment) delete next.assignment;
  const event = nextEvent(
    proposal,
    next,
    {
      type: rule.action,
      actor: eventActor(actor, actedAs),
      ...(request.reason ? { reason: request.reason } : {}),
      ...(missingItems?.length ? { missingItems } : {}),
      ...(output !== undefined ? { output: effect?.output ?? output } : {}),
      ...(request.note ? { note: request.note } : {}),
    },
    type,
    ctx.now,
  );
  const change = withEvent(next, event);
  return {
    ...change,
    ...(effect?.employee ? { employee: effect.employee } : {}),
    ...(effect?.numberDrawn ? { numberDrawn: effect.numberDrawn } : {}),
  };
}

interface Effect {
  employee?: Employee;
  output?: unknown;
  numberDrawn?: NumberDrawn;
}

/** The employee's record as completion leaves it: the next version, a new record, or nothing when the service changes nothing. */
function completionEffect(type: ServiceType, proposal: Proposal, output: unknown, ctx: LifecycleContext): Effect | undefined {
  if (type.candidate) return newRecord(type, proposal, output, ctx);
  if (!type.onComplete) return undefined;
  if (!ctx.rules) throw new Error(`completing ${type.code} needs the employee's record`);
  const effect = type.onComplete({ proposalId: proposal.id, employee: ctx.rules.employee, calendars: ctx.rules.calendars, organisations: ctx.organisations, payload: proposal.payload, output, now: ctx.now });
  if (!effect.employee) return undefined;
  return { employee: { ...effect.employee, nip: ctx.rules.employee.nip, version: ctx.rules.employee.version + 1, updatedAt: ctx.now } };
}

/** A candidate's completion: the number drawn (prefix and sequence), the new record under it, the number in the output. */
function newRecord(type: ServiceType, proposal: Proposal, output: unknown, ctx: LifecycleContext): Effect {
  const candidate = type.candidate!;
  const draw = ctx.candidate?.draw;
  if (!draw) throw new Error(`completing ${type.code} needs the sequence drawn for its number`);
  const { previous, sequence } = draw;
  const prefix = candidate.numberPrefix(proposal.payload);
  if (sequence > MAX_SEQUENCE) throw new DomainError('NUMBER_SEQUENCE_EXHAUSTED', { prefix, max: MAX_SEQUENCE });
  const number = prefix + String(sequence).padStart(3, '0');
  const agency = ctx.organisations.get(proposal.agencyId);
  if (!agency) throw new Error(`no organisation ${proposal.agencyId} for proposal ${proposal.id}`);
  const record = candidate.newEmployee({ number, payload: proposal.payload, output, agency, now: ctx.now });
  return {
    employee: { ...record, nip: number, version: 1, updatedAt: ctx.now },
    output: { ...(output as object), [candidate.numberField]: number },
    numberDrawn: { prefix, previous, sequence },
  };
}

export interface DraftUpdate {
  expectedVersion: number;
  payload?: unknown;
  documents?: DocumentRef[];
}

/** The applicant edits a draft, or fixes a returned proposal before resubmitting it. */
export function updateProposal(proposal: Proposal, update: DraftUpdate, ctx: LifecycleContext): Change {
  const { actor, serviceType: type } = ctx;
  assertVersion(proposal, update.expectedVersion);
  if (proposal.status !== 'DRAFT' && proposal.status !== 'RETURNED') {
    throw new DomainError('TRANSITION_NOT_ALLOWED', { status: proposal.status, action: 'update', allowedActions: allowedActions(proposal, actor, type) });
  }
  if (!actsAsApplicant(actor, proposal)) throw new DomainError('FORBIDDEN', { action: 'update' });

  const issues: FieldIssue[] = [];
  let payload = proposal.payload;
  if (update.payload !== undefined) {
    const validated = validatePayload(type, update.payload);
    payload = validated.payload;
    issues.push(...validated.issues);
  }
  if (update.documents !== undefined) issues.push(...validateDocuments(type, update.documents));
  if (issues.length) throw new DomainError('VALIDATION_FAILED', {}, issues);

  const changed = (['payload', 'documents'] as const).filter((field) => update[field] !== undefined);
  const next: Proposal = {
    ...proposal,
    payload,
    documents: update.documents ?? proposal.documents,
    version: proposal.version + 1,
    updatedAt: ctx.now,
  };
  return withEvent(next, nextEvent(proposal, next, { type: 'update', actor: eventActor(actor, proposal.filedBy.role), changed }, type, ctx.now));
}
