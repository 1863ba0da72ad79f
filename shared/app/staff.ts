import { createHash } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Actor, Organisation, Role } from '../domain/actors';
import { changedMember, invitedMember, staffMemberView, type Invitee } from '../domain/directory/changes';
import { assertAdminLeft, canReadStaff, decideInvite, decideRoles, decideStatus, type StaffDecision } from '../domain/directory/grants';
import type { StaffMember, StaffRole, StaffStatus } from '../domain/directory/staff';
import { DomainError, notFound } from '../domain/errors';
import { PROBLEMS } from '../domain/messages';
import { canonicalJson } from '../domain/proposal/history';
import type { Clock } from '../adapters/clock';
import type { DirectoryRepository } from '../adapters/dynamo/directory-repository';
import { CommitRefused, type StaffRepository } from '../adapters/dynamo/staff-repository';
import type { Account, IdentityProvider } from '../adapters/identity/ports';

/**
 * Staff management: invitations, roles, suspension. Each change touches two systems, Cognito (who
 * can sign in, and what their next token says) and the directory (what counts: shared/domain/directory/access.ts),
 * so it runs in three steps under the admin's Idempotency-Key:
 *
 *   1. the intent: the decided change, written before anything else (with the username's reservation for an invitation);
 *   2. Cognito set to the change's state (each call sets a state, so it can be repeated);
 *   3. the directory's transaction: member, memberships, admin count, change event, and the intent marked done.
 *
 * A failure after 1 or after 2 leaves the intent pending; the next attempt of the same request
 * finds it and carries on from step 2. If the member changed meanwhile (another admin's change
 * came first), the intent is undone instead: Cognito is set back to what the directory holds, and
 * the answer is the conflict.
 */
export interface StaffDeps {
  staff: StaffRepository;
  directory: DirectoryRepository;
  identity: IdentityProvider;
  clock: Clock;
  logger: Logger;
  /** How long an intent (and so a replay) is kept; a day, as filings' keys are. */
  intentTtlSeconds?: number;
}

export type StaffPlan =
  | { kind: 'invite'; orgId: string; invitee: Invitee; decision: StaffDecision }
  | { kind: 'change'; orgId: string; userId: string; username: string; decision: StaffDecision; expectedVersion: number; reason?: string };

/** A plan as first decided, beside the member it was decided on (a resumed plan reads the member again). */
interface Decided {
  plan: StaffPlan;
  member?: StaffMember;
}

export interface StaffAnswer {
  statusCode: number;
  body: string;
  replayed: boolean;
}

export interface InviteInput {
  username: string;
  name: string;
  email: string;
  phone?: string | undefined;
  nip?: string | undefined;
  roles: StaffRole[];
}

type Page = { limit: number; cursor?: string | undefined };

const hashOf = (request: unknown): string => createHash('sha256').update(canonicalJson(request)).digest('hex');
const problemBody = (code: 'VERSION_CONFLICT' | 'LAST_ADMIN' | 'USERNAME_TAKEN') => JSON.stringify({ code, status: PROBLEMS[code].status });

export class StaffService {
  constructor(private readonly deps: StaffDeps) {}

  async list(actor: Actor, orgId: string, page: Page & { role?: Role | undefined; status?: StaffStatus | undefined }) {
    await this.readableOrganisation(actor, orgId);
    const result = await this.deps.staff.listMembers(orgId, { limit: page.limit, ...(page.cursor ? { cursor: page.cursor } : {}), ...(page.role ? { role: page.role } : {}), ...(page.status ? { status: page.status } : {}) });
    return { items: result.items.map(staffMemberView), nextCursor: result.nextCursor };
  }

  async get(actor: Actor, orgId: string, username: string) {
    await this.readableOrganisation(actor, orgId);
    return staffMemberView(await this.memberOf(orgId, username));
  }

  async changes(actor: Actor, orgId: string, page: Page) {
    await this.readableOrganisation(actor, orgId);
    return this.deps.staff.listChanges(orgId, { limit: page.limit, ...(page.cursor ? { cursor: page.cursor } : {}) });
  }

  invite(actor: Actor, orgId: string, input: InviteInput, key: string): Promise<StaffAnswer> {
    return this.run(actor, key, { op: 'invite', orgId, input }, async () => {
      const org = await this.organisation(orgId);
      const decision = decideInvite(actor, org, input);
      if (input.nip) await this.assertEmployeeOf(input.nip, org);
      const invitee: Invitee = { username: input.username, name: input.name, email: input.email, ...(input.phone ? { phone: input.phone } : {}), ...(input.nip ? { nip: input.nip } : {}) };
      return { plan: { kind: 'invite', orgId, invitee, decision } };
    });
  }

  setRoles(actor: Actor, orgId: string, username: string, input: { roles: StaffRole[]; expectedVersion: number }, key: string): Promise<StaffAnswer> {
    return this.run(actor, key, { op: 'roles', orgId, username, input }, async () => {
      const org = await this.organisation(orgId);
      const member = await this.memberAt(orgId, username, input.expectedVersion);
      const decision = await this.adminLeft(decideRoles(actor, org, member, input.roles), orgId);
      return decision ? { plan: { kind: 'change', orgId, userId: member.userId, username, decision, expectedVersion: member.version }, member } : member;
    });
  }

  setStatus(actor: Actor, orgId: string, username: string, input: { status: StaffStatus; reason?: string | undefined; expectedVersion: number }, key: string): Promise<StaffAnswer> {
    return this.run(actor, key, { op: 'status', orgId, username, input }, async () => {
      const org = await this.organisation(orgId);
      const member = await this.memberAt(orgId, username, input.expectedVersion);
      const decision = await this.adminLeft(decideStatus(actor, org, member, input.status), orgId);
      return decision ? { plan: { kind: 'change', orgId, userId: member.userId, username, decision, expectedVersion: member.version, ...(input.reason ? { reason: input.reason } : {}) }, member } : member;
    });
  }

  /**
   * One change, as the class comment tells. A new request is decided, recorded, then carried out;
   * the intent's own condition finds a retry, so a first attempt reads nothing for its key. Only a
   * retry pays: refused by that condition, or by a rule its own first attempt changed the answer
   * to (the version moved, the username is its own), it reads the intent, then replays the answer
   * or carries the intent on. `decide` answers the member as they are when nothing would change
   * (no intent, no event: nothing happened).
   */
  private async run(actor: Actor, key: string, request: unknown, decide: () => Promise<Decided | StaffMember>): Promise<StaffAnswer> {
    const requestHash = hashOf(request);
    let plan: StaffPlan;
    let decidedOn: StaffMember | undefined;
    try {
      const decided = await decide();
      if (!('plan' in decided)) return { statusCode: 200, body: JSON.stringify(staffMemberView(decided)), replayed: false };
      const planned = decided.plan;
      decidedOn = decided.member;
      const expiresAt = Math.floor(this.deps.clock.now().getTime() / 1000) + (this.deps.intentTtlSeconds ?? 24 * 3600);
      const reserve = planned.kind === 'invite' ? { username: planned.invitee.username, orgId: planned.orgId } : undefined;
      const written = await this.deps.staff.putIntent(actor.userId, key, { requestHash, state: 'PENDING', plan: planned }, expiresAt, reserve);
      if (written === 'taken') throw new DomainError('USERNAME_TAKEN', { field: 'username' });
      if (written === 'exists') throw new DomainError('IDEMPOTENCY_IN_PROGRESS');
      plan = planned;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const intent = await this.deps.staff.getIntent<StaffPlan>(actor.userId, key);
      if (!intent) throw error;
      if (intent.requestHash !== requestHash) throw new DomainError('IDEMPOTENCY_KEY_REUSED');
      if (intent.state === 'DONE') return this.replay(intent);
      plan = intent.plan;
      decidedOn = undefined;
    }
    return plan.kind === 'invite' ? this.carryOutInvite(actor, key, plan) : this.carryOutChange(actor, key, plan, decidedOn);
  }

  private replay(intent: { statusCode?: number; body?: string }): StaffAnswer {
    const statusCode = intent.statusCode ?? 200;
    if (statusCode >= 400) {
      const { code } = JSON.parse(intent.body ?? '{}') as { code?: 'VERSION_CONFLICT' | 'LAST_ADMIN' | 'USERNAME_TAKEN' };
      throw new DomainError(code ?? 'VERSION_CONFLICT');
    }
    return { statusCode, body: intent.body ?? '{}', replayed: true };
  }

  private async carryOutInvite(actor: Actor, key: string, plan: Extract<StaffPlan, { kind: 'invite' }>): Promise<StaffAnswer> {
    const org = await this.organisation(plan.orgId);
    const claims = { roles: plan.decision.after.roles, orgId: plan.orgId, ...(plan.invitee.nip ? { nip: plan.invitee.nip } : {}) };
    const { account, created } = await this.deps.identity.createAccount({ ...plan.invitee, ...claims });
    // An account that was there already is this invitation's own first attempt only if it says what this one says.
    if (!created && !sameClaims(account, claims)) {
      await this.deps.staff.closeIntent(actor.userId, key, { statusCode: 409, body: problemBody('USERNAME_TAKEN') }, plan.invitee.username);
      throw new DomainError('USERNAME_TAKEN', { field: 'username' });
    }
    const { member, event } = invitedMember(plan.invitee, account.userId, org, plan.decision, actor, this.deps.clock.now().toISOString());
    const body = JSON.stringify(staffMemberView(member));
    try {
      await this.deps.staff.commit({ member, event, droppedRoles: [], adminDelta: plan.decision.adminDelta, intent: { userId: actor.userId, key, statusCode: 201, body } });
    } catch (error) {
      if (error instanceof CommitRefused && error.reason === 'done') return this.replay((await this.deps.staff.getIntent(actor.userId, key)) ?? {});
      throw error;
    }
    this.deps.logger.info('staff invited', { orgId: org.id, username: member.username, roles: member.roles, by: actor.username });
    return { statusCode: 201, body, replayed: false };
  }

  private async carryOutChange(actor: Actor, key: string, plan: Extract<StaffPlan, { kind: 'change' }>, decidedOn?: StaffMember): Promise<StaffAnswer> {
    // A first attempt goes on with the member it decided on (the commit holds on its version); a resumed one reads them again.
    const member = decidedOn ?? (await this.deps.staff.getMember(plan.userId));
    if (!member) throw notFound('staff member');
    if (member.version !== plan.expectedVersion) {
      // Another change came first: nothing of this one is kept; Cognito says what the directory says.
      await this.mirror(member);
      await this.deps.staff.closeIntent(actor.userId, key, { statusCode: 409, body: problemBody('VERSION_CONFLICT') });
      throw new DomainError('VERSION_CONFLICT', { expectedVersion: plan.expectedVersion, currentVersion: member.version });
    }
    const next = changedMember(member, plan.decision, actor, this.deps.clock.now().toISOString(), plan.reason);
    await this.mirror(next.member, plan.decision.action === 'roles' ? 'claims' : 'status');
    const body = JSON.stringify(staffMemberView(next.member));
    const droppedRoles = member.roles;
    try {
      await this.deps.staff.commit({ ...next, expectedVersion: plan.expectedVersion, droppedRoles, adminDelta: plan.decision.adminDelta, intent: { userId: actor.userId, key, statusCode: 200, body } });
    } catch (error) {
      if (!(error instanceof CommitRefused)) throw error;
      if (error.reason === 'done') return this.replay((await this.deps.staff.getIntent(actor.userId, key)) ?? {});
      const current = (await this.deps.staff.getMember(plan.userId)) ?? member;
      await this.mirror(current);
      const code = error.reason === 'last-admin' ? 'LAST_ADMIN' : 'VERSION_CONFLICT';
      await this.deps.staff.closeIntent(actor.userId, key, { statusCode: 409, body: problemBody(code) });
      throw new DomainError(code);
    }
    this.deps.logger.info('staff changed', { orgId: member.orgId, username: member.username, action: plan.decision.action, before: plan.decision.before, after: plan.decision.after, by: actor.username });
    return { statusCode: 200, body, replayed: false };
  }

  /** A decision that takes an admin away, checked against the count (read for it alone); any other as it is. */
  private async adminLeft(decision: StaffDecision | undefined, orgId: string): Promise<StaffDecision | undefined> {
    return decision && decision.adminDelta < 0 ? assertAdminLeft(decision, await this.deps.staff.activeAdmins(orgId)) : decision;
  }

  /** Sets Cognito to a member's state: their claims, whether they may sign in, or (undoing) both. */
  private async mirror(member: StaffMember, part: 'claims' | 'status' | 'all' = 'all'): Promise<void> {
    if (part !== 'status') await this.deps.identity.setClaims(member.username, { roles: member.roles, orgId: member.orgId, ...(member.nip ? { nip: member.nip } : {}) });
    if (part !== 'claims') await (member.status === 'ACTIVE' ? this.deps.identity.enable(member.username) : this.deps.identity.disable(member.username));
  }

  private async organisation(orgId: string): Promise<Organisation> {
    const org = await this.deps.directory.getOrganisation(orgId);
    if (!org) throw notFound('organisation');
    return org;
  }

  /** The organisation, if the actor may read its staff; otherwise 404 for what they cannot see, 403 for what they can. */
  private async readableOrganisation(actor: Actor, orgId: string): Promise<Organisation> {
    const org = await this.organisation(orgId);
    if (!canReadStaff(actor, org)) throw new DomainError('FORBIDDEN', { action: 'read the staff of this organisation' });
    return org;
  }

  private async memberOf(orgId: string, username: string): Promise<StaffMember> {
    const member = await this.deps.staff.getMemberByUsername(username);
    if (!member || member.orgId !== orgId) throw notFound('staff member');
    return member;
  }

  private async memberAt(orgId: string, username: string, expectedVersion: number): Promise<StaffMember> {
    const member = await this.memberOf(orgId, username);
    if (member.version !== expectedVersion) throw new DomainError('VERSION_CONFLICT', { expectedVersion, currentVersion: member.version });
    return member;
  }

  private async assertEmployeeOf(nip: string, org: Organisation): Promise<void> {
    const employee = await this.deps.directory.getEmployee(nip);
    if (!employee || employee.agencyId !== org.id) {
      throw new DomainError('VALIDATION_FAILED', {}, [{ path: 'nip', message: 'not the number of an employee of this organisation' }]);
    }
  }
}

const sameClaims = (account: Account, claims: { roles: Role[]; orgId: string; nip?: string }): boolean =>
  account.orgId === claims.orgId && [...account.roles].sort().join() === [...claims.roles].sort().join() && (account.nip ?? '') === (claims.nip ?? '');
