import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Actor, Organisation } from '../../shared/domain/actors';
import { DomainError } from '../../shared/domain/errors';
import { assertAdminLeft, decideInvite, decideRoles, decideStatus, manageableRoles, type StaffDecision } from '../../shared/domain/directory/grants';
import { ROLE_RANK, ROLES_OF_KIND, STAFF_ROLES, adminRoleOf, staffRolesOf, type StaffMember, type StaffRole, type StaffStatus } from '../../shared/domain/directory/staff';
import { ORGS } from '../support/fixtures';

/**
 * Random sequences of staff changes, each by a random active member of the world as it is by then,
 * run through the grant policy. Whatever the sequence: no accepted change gives a role above its
 * granter's, or one the organisation's kind does not have; nobody changes themselves; and no
 * organisation that had an active admin is ever left without one.
 */
const orgs = Object.values(ORGS);
const orgById = new Map(orgs.map((org) => [org.id, org]));

function member(username: string, org: Organisation, roles: StaffRole[]): StaffMember {
  return { userId: `user-${username}`, username, name: username, orgId: org.id, roles, status: 'ACTIVE', timeZone: org.timeZone, contact: {}, preferences: { language: 'id', channels: { email: true, sms: false } }, version: 1, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' };
}

/** Every organisation starts with one admin and one operator; headquarters with two admins. */
function initialWorld(): Map<string, StaffMember> {
  const world = new Map<string, StaffMember>();
  for (const org of orgs) {
    for (const m of [member(`admin.${org.id}`, org, [adminRoleOf(org.kind)]), member(`op.${org.id}`, org, ['OPERATOR'])]) world.set(m.userId, m);
  }
  const second = member('admin2.BKN', ORGS.bkn!, ['ADMIN_BKN', 'AUDITOR']);
  world.set(second.userId, second);
  return world;
}

const actorOf = (m: StaffMember): Actor => ({ userId: m.userId, username: m.username, name: m.name, roles: m.roles, org: orgById.get(m.orgId)! });
const activeAdmins = (world: Map<string, StaffMember>, org: Organisation) =>
  [...world.values()].filter((m) => m.orgId === org.id && m.status === 'ACTIVE' && m.roles.includes(adminRoleOf(org.kind))).length;
const rankOf = (roles: readonly string[]) => Math.max(0, ...staffRolesOf(roles as StaffRole[]).map((role) => ROLE_RANK[role]));

const step = fc.record({
  actor: fc.nat(),
  // Mostly admins act, so walks reach changes; the rest are anyone, mostly refused.
  byAdmin: fc.integer({ min: 0, max: 3 }).map((n) => n > 0),
  op: fc.constantFrom('invite', 'roles', 'status'),
  org: fc.constantFrom(...orgs.map((org) => org.id)),
  target: fc.nat(),
  // Mostly within the actor's own organisation, where most changes are allowed.
  near: fc.integer({ min: 0, max: 2 }).map((n) => n > 0),
  roles: fc.subarray([...STAFF_ROLES]),
  status: fc.constantFrom<StaffStatus>('ACTIVE', 'SUSPENDED'),
});

const REFUSALS = new Set(['FORBIDDEN', 'ROLE_NOT_GRANTABLE', 'STAFF_SELF_CHANGE', 'LAST_ADMIN', 'VALIDATION_FAILED']);

describe('who may grant what (property)', () => {
  it('no sequence of changes grants above the granter, outside the organisation kind, to oneself, or leaves an organisation without an admin', () => {
    let accepted = 0;
    let invited = 0;
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), (steps) => {
        const world = initialWorld();
        for (const s of steps) {
          const active = [...world.values()].filter((m) => m.status === 'ACTIVE');
          const admins = active.filter((m) => m.roles.some((role) => role === 'ADMIN_INSTANSI' || role === 'ADMIN_BKN'));
          const actors = s.byAdmin && admins.length > 0 ? admins : active;
          const by = actors[s.actor % actors.length]!;
          const actor = actorOf(by);
          const everyone = [...world.values()];
          const colleagues = everyone.filter((m) => m.orgId === by.orgId && m.userId !== by.userId);
          const members = s.near && colleagues.length > 0 ? colleagues : everyone;
          const target = members[s.target % members.length]!;
          const org = s.op === 'invite' ? (s.near ? actor.org : orgById.get(s.org)!) : orgById.get(target.orgId)!;
          let decision: StaffDecision | undefined;
          try {
            if (s.op === 'invite') decision = decideInvite(actor, org, { roles: s.roles });
            else decision = s.op === 'roles' ? decideRoles(actor, org, target, s.roles) : decideStatus(actor, org, target, s.status);
            if (decision && decision.adminDelta < 0) assertAdminLeft(decision, activeAdmins(world, org));
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
            expect(REFUSALS.has((error as DomainError).code)).toBe(true);
            continue;
          }
          if (!decision) continue;
          accepted++;
          const before = decision.before?.roles ?? [];
          const added = staffRolesOf(decision.after.roles).filter((role) => !before.includes(role));
          const removed = staffRolesOf(before).filter((role) => !decision.after.roles.includes(role));
          // Nothing above the granter's own height, and only roles this kind of organisation has.
          for (const role of [...added, ...removed]) expect(ROLE_RANK[role]).toBeLessThanOrEqual(rankOf(actor.roles));
          for (const role of staffRolesOf(decision.after.roles)) expect(ROLES_OF_KIND[org.kind]).toContain(role);
          // Only what the granter manages there; never oneself.
          for (const role of [...added, ...removed]) expect(manageableRoles(actor, org)).toContain(role);
          if (s.op !== 'invite') expect(target.userId).not.toBe(actor.userId);
          const adminsBefore = activeAdmins(world, org);
          if (s.op === 'invite') {
            invited++;
            const m = { ...member(`new${invited}`, org, staffRolesOf(decision.after.roles)), userId: `user-new${invited}` };
            world.set(m.userId, m);
          } else {
            world.set(target.userId, { ...target, roles: decision.after.roles, status: decision.after.status, version: target.version + 1 });
          }
          expect(activeAdmins(world, org) - adminsBefore).toBe(decision.adminDelta);
          for (const o of orgs) expect(activeAdmins(world, o)).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 400 },
    );
    // The walks must reach changes, not only refusals, or the invariants above would hold vacuously.
    expect(accepted).toBeGreaterThan(400);
  });

  it('the reach, written out: an agency admin their agency; a Kanreg admin itself and its agencies’ admins; headquarters every office', () => {
    const as = (roles: StaffRole[], org: Organisation): Actor => ({ userId: 'x', username: 'x', name: 'x', roles, org });
    expect(manageableRoles(as(['ADMIN_INSTANSI'], ORGS.sleman!), ORGS.sleman!)).toEqual(['OPERATOR', 'VERIFIKATOR', 'APPROVER', 'AUDITOR', 'ADMIN_INSTANSI']);
    expect(manageableRoles(as(['ADMIN_INSTANSI'], ORGS.sleman!), ORGS.yogya!)).toEqual([]);
    expect(manageableRoles(as(['ADMIN_BKN'], ORGS.kanreg1!), ORGS.sleman!)).toEqual(['ADMIN_INSTANSI']);
    expect(manageableRoles(as(['ADMIN_BKN'], ORGS.kanreg1!), ORGS.kalsel!)).toEqual([]);
    expect(manageableRoles(as(['ADMIN_BKN'], ORGS.kanreg1!), ORGS.kanreg8!)).toEqual([]);
    expect(manageableRoles(as(['ADMIN_BKN'], ORGS.bkn!), ORGS.kanreg8!)).toEqual(['OPERATOR', 'VERIFIKATOR', 'APPROVER', 'AUDITOR', 'ADMIN_BKN']);
    expect(manageableRoles(as(['ADMIN_BKN'], ORGS.bkn!), ORGS.kalsel!)).toEqual(['ADMIN_INSTANSI']);
    for (const role of ['OPERATOR', 'VERIFIKATOR', 'APPROVER', 'AUDITOR'] as const) expect(manageableRoles(as([role], ORGS.bkn!), ORGS.bkn!)).toEqual([]);
  });
});
