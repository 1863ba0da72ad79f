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

/**
 * Staff set where their work notices go (reminders and digests of their queues, copies of what
 * they filed). The profile exists from their invitation on; this changes its contact and
 * preferences only. Who they are (name, organisation, roles) is the admins' to set. Employees set
 * theirs on their record (PUT /employees/{nip}).
 */
export function staffProfileChange(actor: Actor, current: UserProfile | undefined, change: Omit<ContactChange, 'expectedVersion'>): Pick<UserProfile, 'contact' | 'preferences'> {
  if (!isStaff(actor) || !current) throw new DomainError('FORBIDDEN', { action: 'set a staff profile; employees set theirs on their record' });
  return applyContactChange(current, change);
}

/** The profile as its owner reads it: where their notices go (the identity provider's subject stays out of answers). */
export function staffProfileView(profile: UserProfile): Omit<UserProfile, 'userId'> {
  const { username, name, orgId, roles, timeZone, contact, preferences } = profile;
  return { username, name, orgId, roles, timeZone, contact, preferences };
}
