import { hasRole, type Actor } from './actors';
import { DomainError } from './errors';
import type { ContactChange, Employee, NotificationPreferences } from './employees';
import { isOwn } from './policy';

/**
 * Contact details and notification preferences: set by the employee, or by an operator of their
 * agency. A status change of one's own proposal is statutory, so one channel always stays on.
 */
export function updateContact(employee: Employee, change: ContactChange, actor: Actor, now: string): Employee {
  const mayEdit = isOwn(actor, employee.nip) || (hasRole(actor, 'OPERATOR') && actor.org.id === employee.agencyId);
  if (!mayEdit) throw new DomainError('FORBIDDEN', { action: 'update contact' });
  if (employee.version !== change.expectedVersion) {
    throw new DomainError('VERSION_CONFLICT', { expectedVersion: change.expectedVersion, currentVersion: employee.version });
  }
  const { contact, preferences } = applyContactChange(employee, change);
  const reachable = (preferences.channels.email && contact.email) || (preferences.channels.sms && contact.phone);
  if (!reachable) {
    throw new DomainError('VALIDATION_FAILED', {}, [{ path: 'preferences.channels', message: 'keep at least one channel on, with its address or number: status changes must reach the employee' }]);
  }
  return { ...employee, contact, preferences, version: employee.version + 1, updatedAt: now };
}

/** Contact and preferences after a change: a null removes an address, an absent field keeps it. */
export function applyContactChange(
  current: { contact: Employee['contact']; preferences: NotificationPreferences },
  change: Omit<ContactChange, 'expectedVersion'>,
): { contact: Employee['contact']; preferences: NotificationPreferences } {
  const contact = { ...current.contact };
  for (const field of ['email', 'phone'] as const) {
    const value = change.contact?.[field];
    if (value === null) delete contact[field];
    else if (value !== undefined) contact[field] = value;
  }
  return {
    contact,
    preferences: {
      language: change.preferences?.language ?? current.preferences.language,
      channels: change.preferences?.channels ?? current.preferences.channels,
    },
  };
}
