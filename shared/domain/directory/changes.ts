import { createHash } from 'node:crypto';
import type { Actor, Organisation } from '../actors';
import type { NotificationPreferences } from '../employees';
import { GENESIS_HASH, canonicalJson } from '../proposal/history';
import type { StaffDecision } from './grants';
import type { StaffChangeActor, StaffChangeEvent, StaffMember } from './staff';

/** A new staff member's notices: Indonesian, by email (work notices are not statutory; SMS is opt-in). */
export const DEFAULT_STAFF_PREFERENCES: NotificationPreferences = { language: 'id', channels: { email: true, sms: false } };

/** Who an invitation is for, as the admin describes them. */
export interface Invitee {
  username: string;
  name: string;
  email: string;
  phone?: string;
  nip?: string;
}

const changeActor = (actor: Actor): StaffChangeActor => ({ username: actor.username, name: actor.name, roles: [...actor.roles], orgId: actor.org.id });

function seal(event: Omit<StaffChangeEvent, 'hash'>): StaffChangeEvent {
  return { ...event, hash: createHash('sha256').update(canonicalJson(event)).digest('hex') };
}

/**
 * The member as the invitation makes them, with its event: their profile (where reminders and
 * digests go) exists from this moment, before they ever sign in.
 */
export function invitedMember(invitee: Invitee, userId: string, org: Organisation, decision: StaffDecision, actor: Actor, now: string): { member: StaffMember; event: StaffChangeEvent } {
  const event = seal({
    seq: 1,
    orgId: org.id,
    username: invitee.username,
    action: 'invite',
    actor: changeActor(actor),
    at: now,
    before: null,
    after: decision.after,
    prevHash: GENESIS_HASH,
  });
  const member: StaffMember = {
    userId,
    username: invitee.username,
    name: invitee.name,
    orgId: org.id,
    roles: decision.after.roles,
    status: decision.after.status,
    timeZone: org.timeZone,
    contact: { email: invitee.email, ...(invitee.phone ? { phone: invitee.phone } : {}) },
    preferences: DEFAULT_STAFF_PREFERENCES,
    ...(invitee.nip ? { nip: invitee.nip } : {}),
    version: 1,
    createdAt: now,
    updatedAt: now,
    headHash: event.hash,
  };
  return { member, event };
}

/** The member after a change of roles or status, with the event that records it, chained to the one before. */
export function changedMember(member: StaffMember, decision: StaffDecision, actor: Actor, now: string, reason?: string): { member: StaffMember; event: StaffChangeEvent } {
  const event = seal({
    seq: member.version + 1,
    orgId: member.orgId,
    username: member.username,
    action: decision.action,
    actor: changeActor(actor),
    at: now,
    before: decision.before,
    after: decision.after,
    ...(reason ? { reason } : {}),
    prevHash: member.headHash ?? GENESIS_HASH,
  });
  return { member: { ...member, roles: decision.after.roles, status: decision.after.status, version: event.seq, updatedAt: now, headHash: event.hash }, event };
}

/** The member as admins and auditors read them: no subject id (the username names them). */
export function staffMemberView({ userId: _userId, headHash: _headHash, ...member }: StaffMember): Omit<StaffMember, 'userId' | 'headHash'> {
  return member;
}
