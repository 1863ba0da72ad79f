import type { Role, TimeZone } from './actors';
import type { NotificationPreferences } from './employees';

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
