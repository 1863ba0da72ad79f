/** Key builders for the single table; see table-definition.ts for the access patterns. */
export const keys = {
  proposal: (id: string) => ({ pk: `PROPOSAL#${id}`, sk: 'META' }),
  event: (id: string, seq: number) => ({ pk: `PROPOSAL#${id}`, sk: `EVENT#${String(seq).padStart(6, '0')}` }),
  eventPrefix: 'EVENT#',
  timer: (id: string) => ({ pk: `PROPOSAL#${id}`, sk: 'TIMER' }),
  retirementTimer: (nip: string) => ({ pk: `EMPLOYEE#${nip}`, sk: 'TIMER#RETIREMENT' }),
  jobState: (job: string) => ({ pk: `JOB#${job}`, sk: 'STATE' }),
  /** A delivery beside its proposal (status changes by event number, reminders by event id), or under its own notice. */
  delivery: (d: { proposalId?: string; eventId: string; eventSeq?: number; channel: string }, recipient: string) => ({
    pk: d.proposalId !== undefined ? `PROPOSAL#${d.proposalId}` : `NOTICE#${d.eventId}`,
    sk: `DELIVERY#${d.eventSeq !== undefined ? String(d.eventSeq).padStart(6, '0') : d.eventId}#${d.channel}#${recipient}`,
  }),
  /** Addresses that bounced or complained (email), case-folded so one address is one item. */
  suppression: (channel: string, address: string) => ({ pk: `SUPPRESSION#${channel.toUpperCase()}#${address.trim().toLowerCase()}`, sk: 'SUPPRESSION' }),
  /** A document version (or, before registration, its early scan verdict) by kind and file hash: the object's key in storage too. */
  document: (proposalId: string, code: string, sha256: string) => ({ pk: `PROPOSAL#${proposalId}`, sk: `DOC#${code}#${sha256}` }),
  documentPrefix: 'DOC#',
  uploadGrant: (proposalId: string, grantId: string) => ({ pk: `PROPOSAL#${proposalId}`, sk: `GRANT#${grantId}` }),
  /** Who opened a proposal's files, newest last; apart from the proposal, so its read does not grow with readings. */
  openings: (proposalId: string) => `OPENINGS#${proposalId}`,
  /** The openings of one employee's files, in the byEmployee index. */
  openedFilesOf: (nip: string) => `OPENED#${nip}`,
  trackingFailures: (id: string, hour: string) => ({ pk: `PROPOSAL#${id}`, sk: `TRACKFAIL#${hour}` }),
  /** The last sequence drawn under a number's first 15 digits (NIP and NI PPPK share the key space of employees). */
  numberCounter: (prefix: string) => ({ pk: `NUMBER#${prefix}`, sk: 'COUNTER' }),
  employee: (nip: string) => ({ pk: `EMPLOYEE#${nip}`, sk: 'PROFILE' }),
  /** A record's change by an import, under the version it made: the fields old beside new, who and which run. */
  employeeChange: (nip: string, version: number) => ({ pk: `EMPLOYEE#${nip}`, sk: `CHANGE#${String(version).padStart(9, '0')}` }),
  /** An agency's employee records, by NIP, in the byEmployee index: what eligibility lists read. */
  employeesOf: (agencyId: string) => `EMPLOYEES#${agencyId}`,
  user: (userId: string) => ({ pk: `USER#${userId}`, sk: 'PROFILE' }),
  membership: (userId: string, role: string, orgId: string) => ({ pk: `USER#${userId}`, sk: `ROLE#${role}#${orgId}` }),
  staff: (orgId: string, role: string) => `STAFF#${orgId}#${role}`,
  /** An organisation's staff members, by username, in the byEmployee index. */
  membersOf: (orgId: string) => `MEMBERS#${orgId}`,
  /** A username's owner: reserved at an invitation's first attempt, so two invitations cannot take one name. */
  username: (username: string) => ({ pk: `USERNAME#${username}`, sk: 'USERNAME' }),
  /** How many active admins an organisation has: a change that would leave none is refused on this item's condition. */
  orgAdmins: (orgId: string) => ({ pk: `ORG#${orgId}`, sk: 'ADMINS' }),
  /** A staff member's change events, in their own partition (a chain per member). */
  staffChange: (userId: string, seq: number) => ({ pk: `USER#${userId}`, sk: `CHANGE#${String(seq).padStart(6, '0')}` }),
  /** An organisation's staff changes, newest first, in the byEmployee index. */
  staffLogOf: (orgId: string) => `STAFFLOG#${orgId}`,
  orgsIn: (zone: string) => `ORGS#${zone}`,
  organisation: (id: string) => ({ pk: `ORG#${id}`, sk: 'META' }),
  windows: (serviceType: string, year: number) => ({ pk: `WINDOWS#${serviceType}#${year}`, sk: 'META' }),
  calendar: (year: number) => ({ pk: `CALENDAR#${year}`, sk: 'META' }),
  idempotency: (userId: string, key: string) => ({ pk: `IDEMPOTENCY#${userId}#${key}`, sk: 'IDEMPOTENCY' }),
  byEmployee: (nip: string) => `EMP#${nip}`,
  /** An agency's candidates' proposals (no number yet), in the byEmployee index until the number is assigned. */
  candidatesOf: (agencyId: string) => `CANDIDATES#${agencyId}`,
  byQueue: (orgId: string, role: string) => `QUEUE#${orgId}#${role}`,
  personalQueue: (nip: string) => `QUEUE#PERSON#${nip}`,
} as const;

/** One role held in one organisation, in the byQueue index under that organisation's staff for the role. */
export function membershipItem(userId: string, role: string, orgId: string): Record<string, unknown> {
  return { ...keys.membership(userId, role, orgId), entity: 'MEMBERSHIP', userId, orgId, role, gsi2pk: keys.staff(orgId, role), gsi2sk: `USER#${userId}` };
}

/**
 * An employee record as stored: under its NIP, and in its agency's partition of the byEmployee
 * index, so an agency's records are one Query that grows with the agency, never with the table.
 * Every writer of a record goes through here, so a transfer (a new agencyId) moves it in the index too.
 */
export function employeeItem(employee: { nip: string; agencyId: string }): Record<string, unknown> {
  return { ...keys.employee(employee.nip), entity: 'EMPLOYEE', ...employee, gsi1pk: keys.employeesOf(employee.agencyId), gsi1sk: employee.nip };
}

/** Item attributes that belong to the storage layout, not to the domain object. */
export const STORAGE_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'entity', 'expiresAt', 'leaseUntil'] as const;

export function stripStorage<T>(item: Record<string, unknown>): T {
  const copy: Record<string, unknown> = { ...item };
  for (const attribute of STORAGE_ATTRIBUTES) delete copy[attribute];
  return copy as T;
}
