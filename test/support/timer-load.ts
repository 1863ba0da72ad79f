import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { timerItem } from '../../shared/adapters/dynamo/proposal-repository';
import type { Timer } from '../../shared/domain/proposal/timer';

/**
 * Tables of many open proposals, fast: their SLA timers only (what the reminder job reads), each
 * a leave waiting on Pemkab Sleman's verifier. The first `due` fell due in the hour before `now`;
 * the rest are spread over the year after it. Used by the read-cost test and the benchmark.
 */
export interface TimerLoad {
  /** Timers numbered `from` (default 0) up to `to` (exclusive): a table can be grown in steps. */
  from?: number;
  to: number;
  due: number;
  now: string;
}

export function loadTimer(i: number, nextAt: string): Timer {
  const id = `USL-LOAD-${String(Math.floor(i / 10000)).padStart(4, '0')}-${String(i % 10000).padStart(4, '0')}`;
  return {
    proposalId: id, serviceType: 'CUTI', agencyId: 'PEMKAB-SLEMAN', nip: '199001012015032001', filedBy: { userId: 'u', role: 'PEGAWAI' },
    kind: 'stage', stage: 'PERTIMBANGAN_ATASAN', orgId: 'PEMKAB-SLEMAN', role: 'VERIFIKATOR',
    since: '2026-10-28T02:00:00.000Z', dueAt: '2026-10-30T16:59:59.999Z', workingDays: 2, zone: 'Asia/Jakarta', startedBySeq: 2,
    lastSent: null,
    next: { step: 'HALF', at: nextAt, escalation: false },
  };
}

/** The instant timer `i` waits for: in the hour before `now` for the first `due`, else in the coming year. */
export function loadTimerNextAt(i: number, due: number, now: string): string {
  const at = Date.parse(now);
  return i < due ? new Date(at - (i + 1) * 60_000).toISOString() : new Date(at + 3_600_000 + (i % 365) * 86_400_000 + (i % 1000) * 1000).toISOString();
}

/** Batch-writes items 25 at a time over `parallel` writers, retrying what DynamoDB leaves unprocessed. */
export async function batchWriteAll(doc: DynamoDBDocumentClient, tableName: string, items: readonly Record<string, unknown>[], parallel = 8): Promise<void> {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < batches.length) {
        let pending = batches[next++]!.map((Item) => ({ PutRequest: { Item } }));
        while (pending.length) {
          const result = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
          pending = (result.UnprocessedItems?.[tableName] ?? []) as typeof pending;
        }
      }
    }),
  );
}

/** Writes timers `from`..`to` (see TimerLoad). */
export async function loadTimers(doc: DynamoDBDocumentClient, tableName: string, { from = 0, to, due, now }: TimerLoad): Promise<void> {
  const items = Array.from({ length: Math.max(0, to - from) }, (_, k) => timerItem(loadTimer(from + k, loadTimerNextAt(from + k, due, now))));
  await batchWriteAll(doc, tableName, items);
}
