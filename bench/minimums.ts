import { DUE_DAY_SHARDS } from '../shared/adapters/dynamo/proposal-repository';
import type { DynamoCall } from './support/capacity-meter';

/**
 * One request an operation cannot do without: its command and items as the capacity meter names
 * them (`table:PROPOSAL` for a Query of a proposal's partition, `EMPLOYEE/PROFILE` for a Get or a
 * write, `Put PROPOSAL/META + Put PROPOSAL/EVENT` for a transaction), and, for reads, whether an
 * eventually consistent read would do (half the price of a strongly consistent one).
 */
export interface Need {
  command: string;
  what: string;
  eventual?: true;
}

export interface Minimum {
  needs: readonly Need[];
  /** Why these and no fewer: one line. */
  why: string;
}

const get = (what: string, eventual?: true): Need => ({ command: 'GetItem', what, ...(eventual ? { eventual } : {}) });
const query = (what: string, eventual?: true): Need => ({ command: 'Query', what, ...(eventual ? { eventual } : {}) });
const put = (what: string): Need => ({ command: 'PutItem', what });
const update = (what: string): Need => ({ command: 'UpdateItem', what });
const transact = (...items: string[]): Need => ({ command: 'TransactWriteItems', what: items.join(' + ') });
const times = (n: number, need: Need): Need[] => Array.from({ length: n }, () => need);

/** Reads per organisation-and-role a job's recipients need (one Query of its staff). */
const staff = query('byQueue:STAFF');
/** A transition's read of the proposal with its history: the whole partition, strongly consistent (it is about to write on what it read). */
const partition = query('table:PROPOSAL');
const proposalAndEvent = ['Put PROPOSAL/META', 'Put PROPOSAL/EVENT'] as const;
/** A transition that moves the SLA clock: proposal, event and the timer, one transaction. */
const moves = transact(...proposalAndEvent, 'Put PROPOSAL/TIMER');
/** A transition that stops the clock. */
const stops = transact(...proposalAndEvent, 'Delete PROPOSAL/TIMER');
/** A scheduled run reads its mark (eventually consistent is enough: runs are 30 minutes apart, and each timer is moved on a condition) and writes it back. */
const jobMark = [get('JOB/STATE', true), update('JOB/STATE')];
const dayBuckets = (prefix: 'DUE' | 'RET') => times(DUE_DAY_SHARDS, query(`byDueDay:${prefix}`));
const calendars = times(3, get('CALENDAR/META'));
const noRecord = "the employee record matters only where the service's rules run (filing, submit) or its effect is written (complete)";

/**
 * The fewest DynamoDB requests each operation's access pattern needs (docs/architecture.md: each a Get or a
 * Query), written down once. An operation that makes a request not listed here, or reads strongly
 * where eventually would do, is above its minimum and the report flags it. Reference data
 * (organisations, calendars, windows) is cached per container for five minutes, so in a warm
 * container it costs nothing.
 */
const OPERATION_MINIMUMS: Record<string, Minimum> = {
  // ---- API (functions/api/routes.ts) -------------------------------------------------------------
  'GET /health': { needs: [], why: 'answers from code' },
  'GET /openapi.json': { needs: [], why: 'generated from the routes in memory' },
  'GET /me · employee': { needs: [get('EMPLOYEE/PROFILE', true)], why: 'the record is part of the answer; the organisation is cached' },
  'GET /me · staff': { needs: [], why: 'the staff profile (where their notices go) is the directory entry the actor check read; the rest comes from the cached organisation' },
  'PUT /me': { needs: [update('USER/PROFILE')], why: 'contact and preferences set on the entry the actor check read (never its roles, so no memberships move)' },
  'GET /service-types': { needs: [], why: 'the catalog is code' },
  'GET /service-types · summary': { needs: [], why: 'the catalog is code' },
  'GET /service-types/{code}': { needs: [], why: 'the catalog is code' },
  'GET /reference': { needs: [], why: 'the reference lists are code' },
  'GET /service-types/{code}/windows/{year}': { needs: [], why: 'windows are reference data, cached per container' },
  'PUT /service-types/{code}/windows/{year}': { needs: [put('WINDOWS/META')], why: 'one item per service and year' },
  'POST /proposals · with Idempotency-Key': {
    needs: [get('EMPLOYEE/PROFILE', true), transact(...proposalAndEvent, 'Put IDEMPOTENCY/IDEMPOTENCY')],
    why: "the record for the service's rules, then one transaction; the idempotency record's own condition in it finds a replay, so reading it first costs every filing a strongly consistent read to spare the rare retry",
  },
  'POST /proposals · replayed key': {
    needs: [get('EMPLOYEE/PROFILE', true), transact(...proposalAndEvent, 'Put IDEMPOTENCY/IDEMPOTENCY'), get('IDEMPOTENCY/IDEMPOTENCY')],
    why: 'a retry files as the first did until its transaction is refused on the key, then reads the stored first answer strongly (it may follow closely): the price of first filings that read nothing for their key',
  },
  'POST /proposals · without key': { needs: [get('EMPLOYEE/PROFILE', true), transact(...proposalAndEvent)], why: "the record for the service's rules, then proposal and first event in one transaction" },
  'GET /proposals': { needs: [query('byEmployee:EMP', true)], why: 'one page of the byEmployee index' },
  'GET /proposals · an employee, by staff': { needs: [get('EMPLOYEE/PROFILE', true), query('byEmployee:EMP', true)], why: "the record decides whether the employee is in the caller's scope, then one page of the index" },
  "GET /proposals · an agency's candidates": { needs: [query('byEmployee:CANDIDATES', true)], why: "one page of the agency's candidates in the byEmployee index; the agency (is it in the caller's scope?) is cached" },
  'GET /proposals/{id}': {
    needs: [query('table:PROPOSAL', true)],
    why: 'one Query of the partition; eventually consistent is enough: nothing is written on what it reads, and an If-Match from a stale view is refused with 409, not lost',
  },
  'GET /proposals/{id}/status': {
    needs: [get('PROPOSAL/META', true)],
    why: 'the proposal item alone, one eventually consistent GetItem (0.5 read unit under 4 KB): the status needs no history or deliveries, and nothing is written on what it reads',
  },
  'GET /proposals/{id}/receipt': {
    needs: [get('PROPOSAL/META', true), get('EMPLOYEE/PROFILE', true)],
    why: 'the proposal alone (no history on a receipt) and the record the applicant is named from; read-only: eventually consistent; the agency is cached, the link signed in process',
  },
  'PATCH /proposals/{id}': { needs: [partition, transact(...proposalAndEvent)], why: `the partition, then proposal and event; ${noRecord}` },
  'POST /proposals/{id}/transitions · submit': { needs: [partition, get('EMPLOYEE/PROFILE', true), moves], why: "the partition, the record for the service's rules, then proposal, event and the first timer" },
  'GET /inbox': { needs: [query('byQueue:QUEUE', true)], why: 'one page of the byQueue index' },
  // ---- staff (issue 15) ---------------------------------------------------------------------------
  'GET /organisations/{orgId}/staff': { needs: [query('byEmployee:MEMBERS', true)], why: 'one page of the organisation’s members in the byEmployee index' },
  'GET /organisations/{orgId}/staff/{username}': { needs: [get('USERNAME/USERNAME', true), get('USER/PROFILE', true)], why: 'the username’s owner, then the member' },
  'GET /organisations/{orgId}/staff-changes': { needs: [query('byEmployee:STAFFLOG', true)], why: 'one page of the organisation’s log in the byEmployee index' },
  'POST /organisations/{orgId}/staff': {
    needs: [transact('Put IDEMPOTENCY/IDEMPOTENCY', 'Put USERNAME/USERNAME'), transact('Put USER/PROFILE', 'Update IDEMPOTENCY/IDEMPOTENCY', 'Put USER/CHANGE', 'Update USERNAME/USERNAME', 'Put USER/ROLE')],
    why: 'the intent with the username’s reservation (its condition finds a retry), then member, intent done, event, the username’s owner and the membership in one transaction; nothing read',
  },
  'POST /organisations/{orgId}/staff · replayed key': {
    needs: [transact('Put IDEMPOTENCY/IDEMPOTENCY', 'Put USERNAME/USERNAME'), get('IDEMPOTENCY/IDEMPOTENCY')],
    why: 'a retry is refused by the intent’s condition, then reads the first answer strongly: the price of first attempts that read nothing for their key',
  },
  'PUT /organisations/{orgId}/staff/{username}/roles': {
    needs: [get('USERNAME/USERNAME', true), get('USER/PROFILE', true), put('IDEMPOTENCY/IDEMPOTENCY'), transact('Put USER/PROFILE', 'Update IDEMPOTENCY/IDEMPOTENCY', 'Put USER/CHANGE', 'Put USER/ROLE', 'Delete USER/ROLE')],
    why: 'the member (eventually: the commit holds on its version), the intent, then member, intent done, event and the memberships moved in one transaction',
  },
  'PUT /organisations/{orgId}/staff/{username}/roles · taking an admin away': {
    needs: [get('USERNAME/USERNAME', true), get('USER/PROFILE', true), get('ORG/ADMINS', true), put('IDEMPOTENCY/IDEMPOTENCY'), transact('Put USER/PROFILE', 'Update IDEMPOTENCY/IDEMPOTENCY', 'Put USER/CHANGE', 'Update ORG/ADMINS', 'Put USER/ROLE', 'Delete USER/ROLE')],
    why: 'as any change of roles, with the admin count read for an early refusal and moved on its condition (one admin must stay)',
  },
  'PUT /organisations/{orgId}/staff/{username}/status': {
    needs: [get('USERNAME/USERNAME', true), get('USER/PROFILE', true), put('IDEMPOTENCY/IDEMPOTENCY'), transact('Put USER/PROFILE', 'Update IDEMPOTENCY/IDEMPOTENCY', 'Put USER/CHANGE', 'Delete USER/ROLE')],
    why: 'the member, the intent, then member, intent done, event and the memberships removed (a suspended member works no queue)',
  },
  // ---- eligibility lists (issue 16; bench/sections/eligibility.ts) --------------------------------
  'GET /organisations/{orgId}/eligibility/{serviceType}': {
    needs: [query('byEmployee:EMPLOYEES', true)],
    why: "one page of the agency's records in its byEmployee partition (EMPLOYEES#<agency>, by NIP, at most 100), eventually consistent: its units follow the records read, never the table; the agency, calendars and windows are reference data, cached per container",
  },
  'GET /inbox · what waits on me in person': { needs: [query('byQueue:QUEUE', true)], why: "one page of the person's queue in the byQueue index" },
  'POST /proposals/{id}/transitions · return': { needs: [partition, moves], why: `the partition, then proposal, event and the applicant's timer; ${noRecord}` },
  'POST /proposals/{id}/transitions · resubmit': { needs: [partition, moves], why: `the partition, then proposal, event and the stage's timer; ${noRecord}` },
  'POST /proposals/{id}/transitions · forward': { needs: [partition, moves], why: `the partition, then proposal, event and the next stage's timer; ${noRecord}` },
  'POST /proposals/{id}/transitions · approve': { needs: [partition, moves], why: `the partition, then proposal, event and the completion's timer; ${noRecord}` },
  'POST /proposals/{id}/transitions · complete': {
    needs: [partition, get('EMPLOYEE/PROFILE', true), transact(...proposalAndEvent, 'Delete PROPOSAL/TIMER', 'Put EMPLOYEE/PROFILE')],
    why: "the partition, the record the completion changes (the leave taken), then all four in one transaction",
  },
  'POST /proposals/{id}/transitions · reject': { needs: [partition, stops], why: `the partition, then proposal, event and the timer's removal; ${noRecord}` },
  'POST /proposals/{id}/transitions · withdraw': { needs: [partition, stops], why: `the partition, then proposal, event and the timer's removal; ${noRecord}` },
  'GET /proposals/{id}/audit': {
    needs: [partition],
    why: 'the partition, strongly consistent: head and events must be read as one, or a chain caught mid-write would look broken',
  },
  'GET /track/{id}': {
    needs: [query('table:PROPOSAL', true)],
    why: "the failure counter is an item of the proposal's partition, which the one Query already reads; public, read-only: eventually consistent",
  },
  'GET /track/{id} · wrong PIN': { needs: [query('table:PROPOSAL', true), update('PROPOSAL/TRACKFAIL')], why: 'the partition (counter included), then the counter moved on' },
  'GET /track/{id} · page': { needs: [], why: 'the form with the number filled in: whether the number exists is told only to whoever has its PIN' },
  'GET /t/{id}/{token}': {
    needs: [query('table:PROPOSAL', true)],
    why: "the same Query as GET /track/{id}, counter included; the agency (the timeline's zone) and the holder (its name and zone) are reference data, cached per container",
  },
  'GET /t/{id}/{token} · a cold container': {
    needs: [query('table:PROPOSAL', true), get('ORG/META', true)],
    why: 'the Query, then the organisations not yet cached: here the agency is also the holder (a Kanreg or BKN holder is one Get more), eventually consistent like all reference data',
  },
  'GET /t/{id}/{token} · a link that does not hold': { needs: [query('table:PROPOSAL', true), update('PROPOSAL/TRACKFAIL')], why: 'the partition (the lock), then the counter moved on, as for a wrong PIN' },
  'GET /track': { needs: [], why: 'the form is code' },
  'POST /track': { needs: [query('table:PROPOSAL', true)], why: 'the partition (PIN hash and lock) for the 303 to the signed link; the page itself is the next request' },
  'POST /track · wrong PIN': { needs: [query('table:PROPOSAL', true), update('PROPOSAL/TRACKFAIL')], why: 'the partition, then the counter moved on' },
  'GET /calendar/{year}': { needs: [], why: 'calendars are reference data, cached per container' },
  'PUT /calendar/{year}': { needs: [put('CALENDAR/META')], why: 'one item per year' },
  'GET /employees/{nip}': { needs: [get('EMPLOYEE/PROFILE', true)], why: 'one item' },
  'GET /employees/{nip}/leave': { needs: [get('EMPLOYEE/PROFILE', true)], why: 'balances are kept on the record' },
  'PUT /employees/{nip}': { needs: [get('EMPLOYEE/PROFILE', true), put('EMPLOYEE/PROFILE')], why: "the record (scope, and the domain's checks), then a put on its version" },
  // ---- documents (issue 14; bench/sections/documents.ts) -------------------------------------------
  'GET /proposals/{id}/documents': {
    needs: [get('PROPOSAL/META', true), query('table:PROPOSAL/DOC', true)],
    why: 'the proposal (scope, references) and its document versions, side by side, not its history; read-only: eventually consistent',
  },
  'POST /proposals/{id}/documents/{code}/uploads': {
    needs: [partition, put('PROPOSAL/GRANT')],
    why: 'the partition (who holds the proposal, and the versions a same file would repeat), then the grant beside it; strongly consistent: a grant read off a stale proposal (just submitted, or the file just registered) sends the applicant to upload megabytes over a phone link that registration then refuses, which costs more than the half read unit saved',
  },
  'POST /proposals/{id}/documents/{code}/versions': {
    needs: [partition, transact(...proposalAndEvent, 'Update PROPOSAL/DOC', 'Update PROPOSAL/GRANT')],
    why: 'the partition (the grant, an early verdict, the versions), strongly consistent as it writes on the version read; then proposal, its attach event, the new version and the grant marked spent with it (a retry answers from it) in one transaction of 4 items',
  },
  'PUT /proposals/{id}/documents/{code}/review': {
    needs: [partition, transact(...proposalAndEvent, 'Update PROPOSAL/DOC')],
    why: 'the partition (the current version and its scan), strongly consistent; then proposal, its review event and the version\'s review in one transaction of 3 items',
  },
  'POST /proposals/{id}/documents/{code}/versions/{version}/openings': {
    needs: [get('PROPOSAL/META', true), query('table:PROPOSAL/DOC', true), put('OPENINGS/<time>')],
    why: 'the proposal for the reader\'s scope and the version with its scan, side by side (not the history); eventually consistent: GuardDuty scans an object once, so a stale read can refuse a file just scanned, never serve one found harmful; then the opening, recorded before the URL is handed out',
  },
  'GET /proposals/{id}/document-openings': {
    needs: [get('PROPOSAL/META', true), query('table:OPENINGS', true)],
    why: 'the proposal for the auditor\'s scope, then one page of its openings; the versions are not needed',
  },
  'GET /employees/{nip}/document-openings': {
    needs: [get('EMPLOYEE/PROFILE', true), query('byEmployee:OPENED', true)],
    why: "the record for the caller's scope (its organisation cached), then one page of the openings of that employee's files in the byEmployee index",
  },
  'scan-result · clean, on a registered file': {
    needs: [update('PROPOSAL/DOC'), update('PROPOSAL/META')],
    why: "the verdict on the object's item (its answer, ALL_NEW, says whether the file is registered), then the proposal moved on a version (ADD, no condition: its ETag tells clients the checklist changed); nothing has to be read for a clean file",
  },
  'scan-result · harmful (quarantined)': {
    needs: [update('PROPOSAL/DOC'), get('PROPOSAL/META'), transact(...proposalAndEvent, 'Update PROPOSAL/DOC')],
    why: "the verdict on the object's item (ALL_NEW: its quarantinedBySeq mark says whether the chain has the quarantine already), the proposal item strongly for the chain's head, then proposal, the quarantine event and the version's mark; the history is not read",
  },
  // ---- the notification pipeline ---------------------------------------------------------------
  'on-change · one status change': { needs: [], why: 'the stream record carries the history event' },
  'send-email · to the employee': {
    needs: [get('EMPLOYEE/PROFILE', true), update('PROPOSAL/DELIVERY'), get('SUPPRESSION/SUPPRESSION', true), update('PROPOSAL/DELIVERY')],
    why: 'the address, the claim before sending, the suppression list, the outcome after',
  },
  'send-sms · to the employee': {
    needs: [get('EMPLOYEE/PROFILE', true), update('PROPOSAL/DELIVERY'), get('SUPPRESSION/SUPPRESSION', true), update('PROPOSAL/DELIVERY')],
    why: 'the number, the claim before sending, the suppression list, the outcome after',
  },
  'send-email · redelivered': { needs: [update('PROPOSAL/DELIVERY')], why: "the claim is keyed by the recipient's id, which the event carries: its refusal alone says the email went, with no profile read" },
  'send-email · to the employee and the filing operator': {
    needs: [get('EMPLOYEE/PROFILE', true), get('USER/PROFILE', true), ...times(2, update('PROPOSAL/DELIVERY')), ...times(2, get('SUPPRESSION/SUPPRESSION', true)), ...times(2, update('PROPOSAL/DELIVERY'))],
    why: 'for each of the two recipients: the address, the claim, the suppression list, the outcome',
  },
  'ses-feedback · one permanent bounce': { needs: [put('SUPPRESSION/SUPPRESSION')], why: 'one suppression item per address' },
  // ---- the jobs (functions/jobs, shared/app/jobs.ts), for the benchmark's data ------------------------
  'reminders · 3 due, run 30 min after the last': {
    needs: [...jobMark, ...dayBuckets('DUE'), ...calendars, ...times(3, put('PROPOSAL/TIMER')), staff],
    why: `today's ${DUE_DAY_SHARDS} shard buckets, the calendars for working days, each timer moved on a condition, the verifiers of the one queue once`,
  },
  'reminders · nothing due': { needs: [...jobMark, ...dayBuckets('DUE')], why: `today's ${DUE_DAY_SHARDS} shard buckets, empty (calendars still cached)` },
  'digest · WIB organisations': {
    needs: [query('byEmployee:ORGS'), ...times(12, staff), ...times(9, query('byQueue:QUEUE')), update('JOB/STATE')],
    why: "the zone's 4 organisations; per organisation and queue role (12) its staff, and the queue only where someone works it (9)",
  },
  'windows · 14 days before a window closes': {
    needs: [...times(2, get('WINDOWS/META')), ...times(3, query('byEmployee:ORGS')), ...times(3, staff), update('JOB/STATE')],
    why: "this year's and next year's windows, the organisations of each zone, each agency's operators",
  },
  // ---- the records import (shared/app/records-import.ts), per batch of 100 rows, organisations cached ----
  'import · 100 new rows': {
    needs: [{ command: 'BatchGetItem', what: '100× EMPLOYEE/PROFILE', eventual: true }, ...times(100, put('EMPLOYEE/PROFILE'))],
    why: 'one read of the batch (every write is conditional, so an eventually consistent read is safe), one conditional Put per new record',
  },
  'import · 100 unchanged rows': {
    needs: [{ command: 'BatchGetItem', what: '100× EMPLOYEE/PROFILE', eventual: true }],
    why: 'a re-run reads the batch once and writes nothing',
  },
  'import · 100 rows, 5 changed': {
    needs: [{ command: 'BatchGetItem', what: '100× EMPLOYEE/PROFILE', eventual: true }, ...times(5, transact('Put EMPLOYEE/PROFILE', 'Put EMPLOYEE/CHANGE'))],
    why: 'the batch read once; each changed record written over its version with its trace, in one transaction',
  },
  'retirement · one due': {
    needs: [...jobMark, ...dayBuckets('RET'), put('EMPLOYEE/TIMER'), staff],
    why: `today's ${DUE_DAY_SHARDS} shard buckets, the timer moved on a condition, the agency's operators`,
  },
};

/**
 * Every signed-in request reads its actor's directory entry (shared/http/auth.ts): a token's roles
 * count only where the directory still holds them, so a role taken away stops working at the next
 * request. One eventually consistent GetItem (0.5 RRU, made beside the cached organisation's), an
 * employee's too (their miss is billed alike). It is what a role check adds to a transition.
 */
export const ACTOR_CHECK: Need = get('USER/PROFILE', true);
const PUBLIC_OPERATIONS = /^(?:GET \/health|GET \/openapi\.json|GET \/track|GET \/t\/|POST \/track)/;
const signedInOperation = (name: string) => /^(?:GET|POST|PUT|PATCH|DELETE) \//.test(name) && !PUBLIC_OPERATIONS.test(name);

export const MINIMUMS: Record<string, Minimum> = Object.fromEntries(
  Object.entries(OPERATION_MINIMUMS).map(([name, minimum]) => [name, signedInOperation(name) ? { ...minimum, needs: [ACTOR_CHECK, ...minimum.needs] } : minimum]),
);

export interface MinimumCheck {
  written: boolean;
  why?: string;
  /** Requests and billed units of the minimum (matched against what was measured). */
  requests: number;
  rru: number;
  wru: number;
  /** Requests the minimum does not list. */
  extra: string[];
  /** Needs listed but not made (the table may be out of date). */
  missing: string[];
  /** Reads made strongly consistent where an eventually consistent one would do. */
  stronger: string[];
  above: boolean;
}

const describe = (call: Pick<DynamoCall, 'command' | 'what'>) => `${call.command} ${call.what}`;

/** Sets what an operation did beside its written minimum. */
export function checkMinimum(name: string, calls: readonly DynamoCall[]): MinimumCheck {
  const minimum = MINIMUMS[name];
  if (!minimum) return { written: false, requests: 0, rru: 0, wru: 0, extra: calls.map(describe), missing: [], stronger: [], above: calls.length > 0 };
  const unmatched = [...calls];
  const missing: string[] = [];
  const stronger: string[] = [];
  let rru = 0;
  let wru = 0;
  let requests = 0;
  for (const need of minimum.needs) {
    const at = unmatched.findIndex((c) => c.command === need.command && c.what === need.what);
    if (at < 0) {
      missing.push(describe(need));
      continue;
    }
    const [found] = unmatched.splice(at, 1) as [DynamoCall];
    requests++;
    if (found.kind === 'read') {
      const halve = need.eventual && found.consistent;
      if (halve) stronger.push(describe(need));
      rru += halve ? Math.max(0.5, found.billed / 2) : found.billed;
    } else wru += found.billed;
  }
  const extra = unmatched.map(describe);
  return { written: true, why: minimum.why, requests, rru, wru, extra, missing, stronger, above: extra.length > 0 || stronger.length > 0 };
}

/**
 * The fewest requests to the documents bucket an operation needs, as Pantau's own S3 client makes
 * them (presigned URLs are signed in process, and the file itself goes between the client and S3).
 * `emulator`: what the local S3 emulator adds where it keeps less than S3 does.
 */
export interface StorageMinimum {
  needs: readonly string[];
  why: string;
  emulator?: { adds: readonly string[]; why: string };
}

export const STORAGE_MINIMUMS: Record<string, StorageMinimum> = {
  'GET /proposals/{id}/documents': { needs: [], why: 'the checklist is DynamoDB\'s: storage is not asked' },
  'GET /proposals/{id}/document-openings': { needs: [], why: 'the openings are DynamoDB\'s' },
  'GET /employees/{nip}/document-openings': { needs: [], why: 'the openings are DynamoDB\'s' },
  'POST /proposals/{id}/documents/{code}/uploads': { needs: [], why: 'the upload URL is presigned in process, bound to the key, type, length and SHA-256' },
  'POST /proposals/{id}/documents/{code}/versions': {
    needs: ['HeadObject', 'GetObject (range)'],
    why: "HeadObject with ChecksumMode for the size and the SHA-256 S3 verified on upload; a ranged GET of the first 8 bytes for the file's signature",
    emulator: {
      adds: ['GetObject'],
      why: 's3rver keeps no checksum (its HeadObject answers none), so registration reads the whole object to hash it: a request and the file\'s bytes that S3 spares',
    },
  },
  'PUT /proposals/{id}/documents/{code}/review': { needs: [], why: 'the decision is about the version as registered; storage is not asked' },
  'POST /proposals/{id}/documents/{code}/versions/{version}/openings': { needs: [], why: 'the download URL is presigned in process; the reader fetches the file from S3' },
};

export interface StorageCheck {
  written: boolean;
  why?: string;
  /** Requests of the minimum, and of what the emulator adds. */
  requests: number;
  emulatorAdds: number;
  /** Requests made beyond both. */
  extra: string[];
  missing: string[];
  above: boolean;
}

/** Sets what an operation asked of storage beside its written minimum (and what the emulator adds to it). */
export function checkStorageMinimum(name: string, commands: readonly string[]): StorageCheck {
  const minimum = STORAGE_MINIMUMS[name];
  if (!minimum) return { written: false, requests: 0, emulatorAdds: 0, extra: [...commands], missing: [], above: commands.length > 0 };
  const unmatched = [...commands];
  const take = (need: string) => {
    const at = unmatched.indexOf(need);
    if (at < 0) return false;
    unmatched.splice(at, 1);
    return true;
  };
  const missing = minimum.needs.filter((need) => !take(need));
  const added = (minimum.emulator?.adds ?? []).filter(take).length;
  return {
    written: true,
    why: minimum.emulator ? `${minimum.why}; here: ${minimum.emulator.why}` : minimum.why,
    requests: minimum.needs.length,
    emulatorAdds: added,
    extra: unmatched,
    missing,
    above: unmatched.length > 0,
  };
}

/**
 * The fewest calls to Cognito's admin API each staff operation needs: each change sets one state
 * (shared/app/staff.ts). Reads and replays call nothing.
 */
export const IDENTITY_MINIMUMS: Record<string, { needs: readonly string[]; why: string }> = {
  'POST /organisations/{orgId}/staff': { needs: ['AdminCreateUser'], why: 'the account, its claims and the invitation in one call' },
  'POST /organisations/{orgId}/staff · replayed key': { needs: [], why: 'the first answer, from the intent' },
  'GET /organisations/{orgId}/staff': { needs: [], why: 'the directory answers' },
  'GET /organisations/{orgId}/staff/{username}': { needs: [], why: 'the directory answers' },
  'PUT /organisations/{orgId}/staff/{username}/roles': { needs: ['AdminUpdateUserAttributes'], why: 'the roles claim the next token carries' },
  'PUT /organisations/{orgId}/staff/{username}/roles · taking an admin away': { needs: ['AdminUpdateUserAttributes'], why: 'as any change of roles' },
  'PUT /organisations/{orgId}/staff/{username}/status': { needs: ['AdminDisableUser'], why: 'no more sign-ins or refreshes; tokens already out are the directory’s to refuse' },
  'GET /organisations/{orgId}/staff-changes': { needs: [], why: 'the directory answers' },
};

export interface IdentityCheck {
  written: boolean;
  requests: number;
  extra: string[];
  missing: string[];
  above: boolean;
}

export function checkIdentityMinimum(name: string, calls: readonly string[]): IdentityCheck {
  const minimum = IDENTITY_MINIMUMS[name];
  if (!minimum) return { written: false, requests: 0, extra: [...calls], missing: [], above: calls.length > 0 };
  const unmatched = [...calls];
  const missing: string[] = [];
  for (const need of minimum.needs) {
    const at = unmatched.indexOf(need);
    if (at < 0) missing.push(need);
    else unmatched.splice(at, 1);
  }
  return { written: true, requests: minimum.needs.length, extra: unmatched, missing, above: unmatched.length > 0 };
}
