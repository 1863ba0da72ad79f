import { createHash } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Actor, Organisation, Role, TimeZone } from '../domain/actors';
import { findServiceType } from '../domain/catalog';
import { localDate, type Calendars } from '../domain/calendar';
import type { FilingContext, ServiceType } from '../domain/catalog/types';
import type { Employee } from '../domain/employees';
import { DomainError, notFound } from '../domain/errors';
import { canReadProposal, employeeScope, isOwn, orgCovers } from '../domain/policy';
import { canonicalJson } from '../domain/proposal/history';
import {
  ACTIONS_READING_THE_RECORD,
  BKN_PUSAT_ORG_ID,
  applyTransition,
  createProposal,
  updateProposal,
  type Change,
  type DraftUpdate,
  type LifecycleContext,
  type TransitionRequest,
} from '../domain/proposal/lifecycle';
import { timerOf, type Timer } from '../domain/proposal/timer';
import type { DocumentRef, Proposal } from '../domain/proposal/types';
import { firstReminder } from '../domain/sla/reminders';
import { proposalStatus, proposalSummary, proposalView, trackingView } from '../domain/proposal/views';
import type { Clock } from '../adapters/clock';
import type { DirectoryRepository } from '../adapters/dynamo/directory-repository';
import { NumberRaceLost, type Consistency, type Page, type ProposalRepository } from '../adapters/dynamo/proposal-repository';
import type { WindowsRepository } from '../adapters/dynamo/windows-repository';
import { newPin, newProposalId } from '../adapters/ids';
import { hashPin } from '../adapters/pin';
import { readableEmployee } from './employees';
import { filingContexts } from './filing-context';
import { pinOpens, trackedRecord } from './tracking';
import type { TrackingLinks } from './tracking-links';

/** Gives the deadline function for the calendars in force around `now` (working days, by zone). */
export interface SlaCalendar {
  /** The holiday calendars around `now` (last year, this year, next year). */
  calendars(now: Date): Promise<Calendars>;
  deadlines(now: Date): Promise<(from: string, workingDays: number, zone: TimeZone) => { dueAt: string; yearsWithoutCalendar: number[] }>;
}

export interface ProposalServiceDeps {
  proposals: ProposalRepository;
  directory: DirectoryRepository;
  calendar: SlaCalendar;
  windows: WindowsRepository;
  clock: Clock;
  /** Signs the tracking link the filing answer carries. */
  trackingLinks: TrackingLinks;
  logger?: Logger;
  idempotencyTtlSeconds?: number;
}

export { TRACKING_FAILURES_PER_HOUR } from './tracking';
/** Completions that draw a number retry a lost race this often (each retry reads the counter again). */
export const NUMBER_DRAW_ATTEMPTS = 20;

/** The other agencies a payload names (read before validation, so anything odd counts as none). */
function involvedAgencies(type: ServiceType, payload: unknown): string[] {
  const parsed = type.payloadSchema.safeParse(payload);
  return parsed.success && type.involvedAgencies ? type.involvedAgencies(parsed.data).filter((id) => typeof id === 'string').slice(0, 4) : [];
}


/** Passes a proposal the actor may read; 404 for one they may not and for none at all alike. */
function inScope(actor: Actor, proposal: Proposal | undefined): asserts proposal is Proposal {
  if (!proposal || !canReadProposal(actor, proposal)) throw notFound('proposal');
}

/** Roles that work a queue: what GET /inbox lists for. */
export const QUEUE_ROLES: readonly Role[] = ['VERIFIKATOR', 'APPROVER', 'OPERATOR'];

export interface NewProposalInput {
  serviceType: string;
  nip?: string;
  payload: unknown;
  documents: DocumentRef[];
}

export interface CreateResult {
  statusCode: number;
  body: string;
  replayed: boolean;
}

/**
 * The proposal use cases: load what the domain needs, let it decide, store the result.
 * Scope is checked here on every read and in the domain on every write.
 */
export class ProposalService {
  constructor(private readonly deps: ProposalServiceDeps) {}

  private serviceType(code: string): ServiceType {
    const type = findServiceType(code);
    if (!type) throw new DomainError('VALIDATION_FAILED', {}, [{ path: 'serviceType', message: `unknown service type ${code}` }]);
    return type;
  }

  /** The agencies involved (the employee's first), the Kanregs covering them, BKN headquarters: all cached. */
  private async organisations(agencyIds: readonly string[]): Promise<Map<string, Organisation>> {
    const agencies = await Promise.all(agencyIds.map((id) => this.deps.directory.getOrganisation(id)));
    const ids = new Set([...agencyIds, ...agencies.map((a) => a?.kanregId), BKN_PUSAT_ORG_ID].filter((id): id is string => Boolean(id)));
    const orgs = await Promise.all([...ids].map((id) => this.deps.directory.getOrganisation(id)));
    return new Map(orgs.filter((o): o is Organisation => Boolean(o)).map((o) => [o.id, o]));
  }

  private async context(actor: Actor, type: ServiceType, agencyIds: readonly string[], employee?: Employee): Promise<LifecycleContext> {
    const now = this.deps.clock.now();
    const calendars = await this.deps.calendar.calendars(now);
    const organisations = await this.organisations(agencyIds);
    const agency = agencyIds[0] === undefined ? undefined : organisations.get(agencyIds[0]);
    return {
      now: now.toISOString(),
      actor,
      serviceType: type,
      organisations,
      deadline: await this.deps.calendar.deadlines(now),
      ...(employee ? { rules: await this.rulesContext(type, employee, now, calendars) } : {}),
      // A candidate has no record: their checks count days in the filing agency's zone.
      ...(type.candidate && agency ? { candidate: { today: localDate(now.toISOString(), agency.timeZone) } } : {}),
    };
  }

  /** What a service's rules see (shared with the eligibility lists, so the two judge alike). */
  private rulesContext(type: ServiceType, employee: Employee, now: Date, calendars: Calendars): Promise<FilingContext> {
    return filingContexts(this.deps.windows, type, now, calendars)(employee);
  }

  /** The employee's record, where the service has rules or effects that need it (one Get). */
  private async subjectOf(type: ServiceType, proposal: Proposal): Promise<Employee | undefined> {
    if ((!type.checkFiling && !type.onComplete) || proposal.nip === undefined) return undefined;
    const employee = await this.deps.directory.getEmployee(proposal.nip);
    if (!employee) throw new Error(`proposal ${proposal.id} names an employee who is not on record`);
    return employee;
  }

  /** A proposal the actor may see, or 404 whether it exists or not: others learn nothing. */
  private async readable(actor: Actor, id: string, consistency: Consistency) {
    const found = await this.deps.proposals.getWithHistory(id, consistency);
    inScope(actor, found?.proposal);
    return found!; // inScope threw unless there is a proposal, so there is a record
  }

  private typeOf(proposal: Proposal): ServiceType {
    const type = findServiceType(proposal.serviceType);
    if (!type) throw new Error(`proposal ${proposal.id} has unknown service type ${proposal.serviceType}`);
    return type;
  }

  /**
   * Files a proposal. With an Idempotency-Key, the key's record goes into the filing's own
   * transaction, whose condition finds a retry: so a first filing reads nothing for it, and only a
   * retry pays (the refused transaction, then the stored answer).
   */
  async create(actor: Actor, input: NewProposalInput, idempotencyKey?: string): Promise<CreateResult> {
    const nowEpoch = Math.floor(this.deps.clock.now().getTime() / 1000);
    const requestHash = createHash('sha256').update(canonicalJson(input)).digest('hex');
    try {
      return await this.file(actor, input, requestHash, idempotencyKey ? { key: idempotencyKey, nowEpoch } : undefined);
    } catch (error) {
      // A retry whose first attempt was filed answers as the first did, even where filing again
      // would now be refused (the employee moved, a window closed).
      if (!idempotencyKey || !(error instanceof DomainError)) throw error;
      const stored = await this.deps.proposals.getIdempotency(actor.userId, idempotencyKey, nowEpoch);
      if (stored) return this.replay(stored, requestHash);
      throw error;
    }
  }

  private async file(actor: Actor, input: NewProposalInput, requestHash: string, idempotency?: { key: string; nowEpoch: number }): Promise<CreateResult> {
    const type = this.serviceType(input.serviceType);
    const employee = type.candidate ? undefined : await this.subjectToFile(actor, input);
    // A candidate is filed by their agency's operator, who has no record to look up.
    const agencyId = employee?.agencyId ?? actor.org.id;
    if (type.candidate && input.nip !== undefined) {
      throw new DomainError('VALIDATION_FAILED', {}, [{ path: 'nip', message: `${type.code} is filed for a candidate who has no number yet: leave nip out` }]);
    }
    const pin = newPin();
    const ctx = await this.context(actor, type, [agencyId, ...involvedAgencies(type, input.payload)], employee);
    const subject = employee ? { employee } : { candidateOf: agencyId };
    const id = newProposalId();
    const [pinHash, trackingLink] = await Promise.all([hashPin(pin), this.deps.trackingLinks.linkFor(id)]);
    const change = createProposal({ id, pinHash, subject, payload: input.payload, documents: input.documents }, ctx);
    // The link goes into the answer's text, which a replay sends again as it is: the same link, whatever key signs by then.
    const body = JSON.stringify({ ...proposalView(change.proposal, [change.event], actor, type, ctx.now), pin, trackingLink });
    const record = { requestHash, statusCode: 201, body };
    const earlier = await this.deps.proposals.create(
      change,
      idempotency ? { userId: actor.userId, key: idempotency.key, record, nowEpoch: idempotency.nowEpoch, ttlSeconds: this.deps.idempotencyTtlSeconds ?? 24 * 3600 } : undefined,
    );
    if (earlier) return this.replay(earlier, requestHash);
    return { statusCode: 201, body, replayed: false };
  }

  /** The employee a proposal is filed for: one's own record, or one in the actor's scope. */
  private async subjectToFile(actor: Actor, input: NewProposalInput): Promise<Employee> {
    const nip = input.nip ?? actor.nip;
    if (!nip) throw new DomainError('VALIDATION_FAILED', {}, [{ path: 'nip', message: 'nip is required when filing for an employee' }]);
    return readableEmployee(this.deps.directory, actor, nip);
  }

  private replay(stored: { requestHash: string; statusCode: number; body: string }, requestHash: string): CreateResult {
    if (stored.requestHash !== requestHash) throw new DomainError('IDEMPOTENCY_KEY_REUSED');
    return { statusCode: stored.statusCode, body: stored.body, replayed: true };
  }

  async get(actor: Actor, id: string) {
    // Eventually consistent: nothing is written on this read, and an If-Match from a view a moment
    // old is refused with 409, never applied.
    const { proposal, history, deliveries, documents } = await this.readable(actor, id, 'eventual');
    const type = this.typeOf(proposal);
    const view = proposalView(proposal, history, actor, type, this.deps.clock.now().toISOString(), deliveries, documents);
    // A change to the record shows old beside new while it is open (one more read, for those services only).
    if (!type.describeChange || proposal.nip === undefined || ['COMPLETED', 'REJECTED', 'WITHDRAWN'].includes(proposal.status)) return view;
    const employee = await this.deps.directory.getEmployee(proposal.nip);
    return employee ? { ...view, changes: type.describeChange(employee, proposal.payload) } : view;
  }

  /**
   * The lean status of a proposal the actor may see (GET /proposals/{id}/status), under the same
   * scope rule and the same 404 as `get`. It reads the proposal item alone, one eventually
   * consistent GetItem, not the partition: a client polling on a slow link pays for no history or
   * deliveries, on the wire or in read units.
   */
  async status(actor: Actor, id: string) {
    const proposal = await this.deps.proposals.get(id, 'eventual');
    inScope(actor, proposal);
    return proposalStatus(proposal, actor, this.typeOf(proposal), this.deps.clock.now().toISOString());
  }

  transition(actor: Actor, id: string, request: TransitionRequest) {
    return this.change(actor, id, request.expectedVersion, (proposal, ctx) => applyTransition(proposal, request, ctx), {
      readsRecord: ACTIONS_READING_THE_RECORD.has(request.action),
      drawsNumber: request.action === 'complete',
    });
  }

  update(actor: Actor, id: string, update: DraftUpdate) {
    return this.change(actor, id, update.expectedVersion, (proposal, ctx) => updateProposal(proposal, update, ctx), { readsRecord: false, drawsNumber: false });
  }

  /**
   * Read in scope, let the domain decide, store proposal and event in one transaction. A
   * completion that draws a number (a candidate's NIP) reads the number's counter first and, when
   * another completion drew under the same prefix meanwhile, reads again and retries.
   */
  private async change(
    actor: Actor,
    id: string,
    expectedVersion: number,
    decide: (proposal: Proposal, ctx: LifecycleContext) => Change,
    { readsRecord, drawsNumber }: { readsRecord: boolean; drawsNumber: boolean },
  ) {
    // Numbers passed over because a record already had them, counted from the counter's last value.
    let skipped = 0;
    let counterSeen: number | undefined;
    for (let attempt = 1; ; attempt++) {
      const { proposal, history, deliveries, documents } = await this.readable(actor, id, 'strong');
      const type = this.typeOf(proposal);
      const ctx = { ...(await this.context(actor, type, proposal.scope.agencyIds, readsRecord ? await this.subjectOf(type, proposal) : undefined)), documents };
      if (drawsNumber && type.candidate && ctx.candidate && proposal.status === 'APPROVED') {
        const previous = await this.deps.proposals.numberCounter(type.candidate.numberPrefix(proposal.payload));
        // The counter moved: another completion won, so the number we lost is no reason to skip.
        if (previous !== counterSeen) skipped = 0;
        counterSeen = previous;
        ctx.candidate.draw = { previous, sequence: previous + 1 + skipped };
      }
      const change = decide(proposal, ctx);
      try {
        await this.deps.proposals.save(change, expectedVersion, await this.timerAfter(change, type));
        return proposalView(change.proposal, [...history, change.event], actor, type, ctx.now, deliveries, documents);
      } catch (error) {
        if (!(error instanceof NumberRaceLost)) throw error;
        if (attempt >= NUMBER_DRAW_ATTEMPTS) throw new DomainError('SERVICE_UNAVAILABLE', { reason: 'number assignment is busy; try again', retryAfterSeconds: 1 });
        // A number on a record while the counter stood still: loaded before the counter, passed over for good.
        if (error.reason === 'taken') skipped += 1;
        this.deps.logger?.info('number race lost; drawing again', { proposalId: id, reason: error.reason, attempt });
      }
    }
  }

  /**
   * The SLA clock after a change: a new timer with its first reminder when someone is now waited
   * on, none when the proposal closed, untouched by an edit (a returned proposal's deadline runs on).
   */
  private async timerAfter(change: Change, type: ServiceType): Promise<Timer | null | undefined> {
    if (change.event.type === 'update') return undefined;
    const base = timerOf(change.proposal, type);
    if (!base) return null;
    const calendars = await this.deps.calendar.calendars(this.deps.clock.now());
    const first = firstReminder(base, calendars);
    return { ...base, lastSent: null, next: first && { step: first.step, at: first.at, escalation: first.escalation } };
  }

  /** An employee's proposals, newest first: one's own, or an employee in the actor's scope. */
  async listForEmployee(actor: Actor, nip: string | undefined, page: { limit: number; cursor?: string }) {
    const target = nip ?? actor.nip;
    if (!target) throw new DomainError('VALIDATION_FAILED', {}, [{ path: 'nip', message: 'nip is required for staff' }]);
    if (!isOwn(actor, target)) await readableEmployee(this.deps.directory, actor, target);
    return this.readablePage(actor, await this.deps.proposals.listByEmployee(target, page));
  }

  /**
   * An agency's candidates' proposals (a CPNS's NIP, a PPPK's number) while no number is assigned:
   * they have no employee to be listed under, so their agency's staff find them here. An agency
   * outside the actor's scope answers 404, as an employee outside it does.
   */
  async listCandidates(actor: Actor, agencyId: string, page: { limit: number; cursor?: string }) {
    const agency = await this.deps.directory.getOrganisation(agencyId);
    if (!agency || agency.kind !== 'INSTANSI' || !orgCovers(actor, employeeScope({ agencyId }, agency.kanregId))) throw notFound('organisation');
    return this.readablePage(actor, await this.deps.proposals.listCandidates(agencyId, page));
  }

  /** The actor's organisation's queue for one of their roles, the soonest due first. */
  async inbox(actor: Actor, role: Role | undefined, page: { limit: number; cursor?: string }) {
    // PEGAWAI stands for what waits on the actor in person (a returned proposal, an SKP to approve).
    const roles = [...actor.roles.filter((r) => QUEUE_ROLES.includes(r)), ...(actor.nip ? (['PEGAWAI'] as const) : [])];
    const chosen = role ?? (roles.length === 1 ? roles[0] : undefined);
    if (!chosen) {
      throw new DomainError('VALIDATION_FAILED', {}, [{ path: 'role', message: roles.length ? `choose one of your roles: ${roles.join(', ')}` : 'you have no role that works a queue' }]);
    }
    if (!roles.includes(chosen)) throw new DomainError('FORBIDDEN', { role: chosen });
    const result = chosen === 'PEGAWAI' && actor.nip ? await this.deps.proposals.listPersonalQueue(actor.nip, page) : await this.deps.proposals.listQueue(actor.org.id, chosen, page);
    return { role: chosen, orgId: actor.org.id, ...this.readablePage(actor, result) };
  }

  /** A page of proposals as summaries, each checked again against who is asking (an index is not a policy). */
  private readablePage(actor: Actor, page: Page<Proposal>) {
    const now = this.deps.clock.now().toISOString();
    return {
      items: page.items.filter((p) => canReadProposal(actor, p)).map((p) => proposalSummary(p, findServiceType(p.serviceType), now)),
      nextCursor: page.nextCursor,
    };
  }

  /**
   * Public tracking by number and PIN: a wrong PIN and an unknown number answer the same, and
   * count towards the number's hourly lock (shared/app/tracking.ts, shared with the page).
   */
  async track(id: string, pin: string) {
    const found = await trackedRecord(this.deps.proposals, this.deps.clock, id, pinOpens(pin));
    return trackingView(found.proposal, found.history, this.typeOf(found.proposal), found.deliveries);
  }
}
