import { beforeAll, describe, expect, it } from 'vitest';
import { createJobRunner } from '../../functions/jobs/app';
import { DirectoryRepository } from '../../shared/adapters/dynamo/directory-repository';
import type { NotificationEvent } from '../../shared/domain/notifications/types';
import { CALENDAR_2026 } from '../../shared/domain/calendar';
import { CalendarRepository } from '../../shared/adapters/dynamo/calendar-repository';
import { ORGS } from '../support/fixtures';
import { freshTable } from '../support/table';
import { loadTimers } from '../support/timer-load';

/**
 * A reminder run reads the due items and not the table: measured with ReturnConsumedCapacity
 * against DynamoDB Local, with 2,000 and with 20,000 open proposals of which 50 are due: ten times
 * the table, the same run. (Bench section 5 takes it to 100,000; loading 50,000 here was five of
 * CI's thirty minutes, and ten times the table shows the same flatness.)
 */
const NOW = '2026-11-02T03:00:00.000Z';
const DUE = 50;
const EPOCH = '2026-11-01';

async function loadTable(total: number) {
  const { doc, tableName } = await freshTable();
  const directory = new DirectoryRepository(doc, tableName);
  for (const org of Object.values(ORGS)) await directory.putOrganisation(org);
  await directory.saveUser({ userId: 'ver-1', username: 'ver', name: 'Verifikator', orgId: 'PEMKAB-SLEMAN', roles: ['VERIFIKATOR'], timeZone: 'Asia/Jakarta', contact: { email: 'v@example.com' }, preferences: { language: 'id', channels: { email: true, sms: false } } });
  await new CalendarRepository(doc, tableName).put(CALENDAR_2026);
  await loadTimers(doc, tableName, { to: total, due: DUE, now: NOW });
  return { doc, tableName };
}

async function runReminders(total: number) {
  const { doc, tableName } = await loadTable(total);
  const published: NotificationEvent[] = [];
  // A first run, in a stage launched the day before: its buckets from the epoch to today.
  const run = createJobRunner({ doc, tableName, publisher: { publish: async (e) => void published.push(e) }, clock: { now: () => new Date(NOW) }, epoch: EPOCH });
  const first = await run({ job: 'reminders' });
  const second = await run({ job: 'reminders' });
  return { first, second, published };
}

describe('the reminder job reads what is due, not the table', () => {
  const results: Record<number, Awaited<ReturnType<typeof runReminders>>> = {};
  beforeAll(async () => {
    results[2_000] = await runReminders(2_000);
    results[20_000] = await runReminders(20_000);
  }, 600_000);

  it.each([2_000, 20_000])('with %i open proposals and 50 due, a run reminds 50 and reads little more than 50 items', (total) => {
    const { first, published } = results[total]!;
    console.log(`reminders over ${total} timers: read ${first.read} items, ${first.consumedReadCapacity} RCU, published ${first.published}`);
    expect(first.reminded).toBe(DUE);
    expect(published).toHaveLength(DUE);
    // 50 timers, plus the verifier's membership (1), plus nothing else.
    expect(first.read).toBeLessThanOrEqual(DUE + 5);
    // 16 shard buckets a day over 2 days at 0.5 RCU when empty, plus ~50 small items.
    expect(first.consumedReadCapacity).toBeLessThanOrEqual(40);
  });

  it('the cost is flat: a table ten times larger costs the same run', () => {
    expect(Math.abs(results[20_000]!.first.consumedReadCapacity - results[2_000]!.first.consumedReadCapacity)).toBeLessThanOrEqual(2);
    expect(results[20_000]!.first.read).toBe(results[2_000]!.first.read);
  });

  it('running twice reminds nobody twice', () => {
    for (const total of [2_000, 20_000]) {
      expect(results[total]!.second.reminded).toBe(0);
      expect(results[total]!.published).toHaveLength(DUE);
    }
  });
});
