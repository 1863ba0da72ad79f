import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { createJobRunner } from '../../functions/jobs/app';
import { ensureTable } from '../../infra/local/dynamodb-local';
import { seed } from '../../infra/local/seed-data';
import { createDocumentClient } from '../../shared/adapters/dynamo/client';
import { JobRepository } from '../../shared/adapters/dynamo/job-repository';
import { keys } from '../../shared/adapters/dynamo/keys';
import { loadTimers } from '../../test/support/timer-load';
import { CapacityMeter, totals } from '../support/capacity-meter';
import { round } from '../support/stats';

export interface ScalingRun {
  proposals: number;
  due: number;
  /** What the run's own tally says it read, and the read units it counted. */
  itemsRead: number;
  reminded: number;
  requests: number;
  /** Read units: as DynamoDB Local reported them, and as DynamoDB on demand would bill them. */
  rcu: number;
  billedRru: number;
  wcu: number;
  runMs: number;
  /** How long filling the table to this size took (not part of the figure). */
  loadSeconds: number;
}

export interface ScalingResults {
  method: string;
  runs: ScalingRun[];
  /** Billed read units of the largest table over the smallest's. */
  growth: number | undefined;
  flat: boolean;
}

/** 10:00 WIB on a Monday: the timers due fell due in the hour before. */
const NOW = '2026-11-02T03:00:00.000Z';

/**
 * The reminder job over tables of growing size with the same number due: one table grown in
 * steps (test/support/timer-load.ts, as the read-cost test builds its tables), and before each
 * run the due timers put back and the job's mark set 30 minutes before, as a scheduled run finds it.
 */
export async function measureJobScaling(endpoint: string, sizes: readonly number[], due: number, log: (line: string) => void): Promise<ScalingResults> {
  const tableName = `bench-scaling-${randomUUID().slice(0, 8)}`;
  await ensureTable(endpoint, tableName);
  const doc = createDocumentClient({ endpoint });
  await seed(doc, tableName, NOW.slice(0, 10));
  const meter = CapacityMeter.attach(doc);
  const jobs = new JobRepository(doc, tableName);
  const runs: ScalingRun[] = [];
  let loaded = 0;
  for (const size of sizes) {
    const loadStarted = performance.now();
    await loadTimers(doc, tableName, { from: loaded, to: size, due, now: NOW });
    // The due ones as they were before the last run moved them on.
    await loadTimers(doc, tableName, { from: 0, to: Math.min(due, size), due, now: NOW });
    loaded = size;
    await doc.send(new DeleteCommand({ TableName: tableName, Key: keys.jobState('reminders') }));
    await jobs.recordRun('reminders', new Date(Date.parse(NOW) - 30 * 60_000).toISOString(), {});
    const loadSeconds = round((performance.now() - loadStarted) / 1000, 1);

    // A fresh runner each time: a new container, its calendars not cached.
    const runner = createJobRunner({ doc, tableName, publisher: { publish: async () => {} }, clock: { now: () => new Date(NOW) }, epoch: NOW.slice(0, 10) });
    meter.take();
    const started = performance.now();
    const summary = await runner({ job: 'reminders', now: NOW });
    const runMs = round(performance.now() - started, 1);
    const t = totals(meter.take());
    runs.push({ proposals: size, due, itemsRead: summary.read, reminded: summary.reminded, requests: t.requests, rcu: t.rcu, billedRru: t.billedRru, wcu: t.wcu, runMs, loadSeconds });
    log(`  ${size} proposals, ${due} due: read ${summary.read} items, ${t.billedRru} RRU (${t.rcu} as DynamoDB Local counts), ${t.requests} requests, reminded ${summary.reminded}; table filled in ${loadSeconds} s`);
  }
  doc.destroy();
  const first = runs[0];
  const last = runs.at(-1);
  const growth = first && last && first.billedRru > 0 ? round(last.billedRru / first.billedRru, 2) : undefined;
  return {
    method: `the reminders job, 30 minutes after its last run, over ${sizes.join(', ')} open proposals of which ${due} are due; DynamoDB Local, ReturnConsumedCapacity TOTAL`,
    runs,
    growth,
    // Flat: the largest table costs no more than one read unit over the smallest.
    flat: Boolean(first && last && last.billedRru - first.billedRru <= 1),
  };
}
