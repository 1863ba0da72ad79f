import type { Actor, Role, TimeZone } from './actors';
import { applyContactChange } from './employee-profile';
import type { ContactChange, NotificationPreferences } from './employees';
import { DomainError } from './errors';
import { isStaff } from './policy';

/**
 * A staff user's profile (an operator, verifier, ...): how to reach them. Employees are reached
 * through their personnel record; staff through this, keyed by the identity provider's subject.
 */
export interface UserProfile {
  userId: string;
  username: string;
  name: string;
  orgId: string;
  roles: Role[];
  timeZone: TimeZone;
  contact: { email?: string; phone?: string };
  preferences: NotificationPreferences;
}

/** A new profile's notices: Indonesian, by email (work notices are not statutory; SMS is opt-in). */
const DEFAULT_STAFF_PREFERENCES: NotificationPreferences = { language: 'id', channels: { email: true, sms: false } };

/**
 * Staff set where their work notices go (reminders and digests of their queues, copies of what
 * they filed); the first change creates the profile. Who they are comes from the token as signed
 * in now (name, organisation, roles), so a profile follows a change of role or office at the
 * next change. Employees set theirs on their record (PUT /employees/{nip}).
 */
export function setStaffProfile(actor: Actor, current: UserProfile | undefined, change: Omit<ContactChange, 'expectedVersion'>): UserProfile {
  if (!isStaff(actor)) throw new DomainError('FORBIDDEN', { action: 'set a staff profile; employees set theirs on their record' });
  const { contact, preferences } = applyContactChange(current ?? { contact: {}, preferences: DEFAULT_STAFF_PREFERENCES }, change);
  return { userId: actor.userId, username: actor.username, name: actor.name, orgId: actor.org.id, roles: [...actor.roles], timeZone: actor.org.timeZone, contact, preferences };
}

/** The profile as its owner reads it (the identity provider's subject stays out of answers). */
export function staffProfileView({ userId: _userId, ...profile }: UserProfile): Omit<UserProfile, 'userId'> {
  return profile;
}
