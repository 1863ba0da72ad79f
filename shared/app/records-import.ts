import { ORG_ID_PATTERN, type Organisation } from '../domain/actors';
import { localDate } from '../domain/calendar';
import { mergeRecord, type Merge, type StoredRecord } from '../domain/records/merge';
import { parseRecordRow, type ImportedRecord, type RowReject } from '../domain/records/row';
import type { ImportScope } from '../domain/records/scope';
import type { EmployeeRecordsRepository } from '../adapters/dynamo/employee-records-repository';

/** One row of a file as a reader hands it over: its line in the file and its columns. */
export interface RecordRow {
  line: number;
  fields: unknown;
}

export interface BatchCounts {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface BatchResult extends BatchCounts {
  rejects: RowReject[];
}

export interface RecordImporterDeps {
  records: EmployeeRecordsRepository;
  /** The directory's organisations (cached there): the agencies rows name are checked against them. */
  organisations: { getOrganisation(id: string): Promise<Organisation | undefined> };
  now: () => string;
}

/** Writes in flight at once per batch: enough to hide round trips, few enough to leave the partition to others. */
const WRITE_CONCURRENCY = 16;
/** A record that keeps moving under the import (someone edits it every time) is reported, not fought over forever. */
const CONFLICT_ATTEMPTS = 4;

export const emptyCounts = (): BatchCounts => ({ created: 0, updated: 0, unchanged: 0, rejected: 0 });

async function inPool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}

/**
 * The row handler: the same function behind `npm run import` and the distributed map's batch
 * Lambda. A batch of rows is validated (shared/domain/records/row.ts), its current records read at
 * once, and each valid row creates a record, writes a new version of a changed one with its trace,
 * or leaves an unchanged one alone (no write at all: re-running a file costs reads only). Every write
 * is conditional on what was read, so two runs, a retried batch and the API's own writes never undo
 * each other. Rejected rows come back with their line, column and reason; nothing of them is written.
 */
export function createRecordImporter({ records, organisations, now }: RecordImporterDeps) {
  async function agenciesOf(rows: readonly RecordRow[]): Promise<Map<string, Organisation>> {
    const ids = new Set<string>();
    for (const { fields } of rows) {
      const id = fields && typeof fields === 'object' ? (fields as Record<string, unknown>)['instansi_id'] : undefined;
      if (typeof id === 'string' && ORG_ID_PATTERN.test(id.trim())) ids.add(id.trim());
    }
    const found = new Map<string, Organisation>();
    await Promise.all([...ids].map(async (id) => {
      const org = await organisations.getOrganisation(id);
      if (org) found.set(id, org);
    }));
    return found;
  }

  async function importBatch(rows: readonly RecordRow[], scope: ImportScope, source: { runId: string }): Promise<BatchResult> {
    const at = now();
    const today = localDate(at, 'Asia/Jakarta');
    const agencies = await agenciesOf(rows);
    const result: BatchResult = { ...emptyCounts(), rejects: [] };
    const reject = (r: RowReject) => {
      result.rejected += 1;
      result.rejects.push(r);
    };

    const valid: { line: number; record: ImportedRecord }[] = [];
    const firstLineOf = new Map<string, number>();
    for (const row of rows) {
      const parsed = parseRecordRow(row.fields, row.line, { today, agencies, scope });
      if (!parsed.ok) {
        // One reject per row in the counts; the report keeps every problem of it.
        result.rejected += 1;
        result.rejects.push(...parsed.rejects);
        continue;
      }
      const earlier = firstLineOf.get(parsed.record.nip);
      if (earlier !== undefined) {
        reject({ line: row.line, nip: parsed.record.nip, field: 'nip', alasan: `NIP yang sama sudah ada di baris ${earlier}`, reason: `the same NIP is already on line ${earlier}` });
        continue;
      }
      firstLineOf.set(parsed.record.nip, row.line);
      valid.push({ line: row.line, record: parsed.record });
    }

    const stored = await records.getMany(valid.map((v) => v.record.nip));
    await inPool(valid, WRITE_CONCURRENCY, async ({ line, record }) => {
      let current: StoredRecord | undefined = stored.get(record.nip);
      for (let attempt = 1; ; attempt += 1) {
        const merge: Merge = mergeRecord(current, record, { agency: agencies.get(record.agencyId)!, scope, line, now: at });
        if (merge.kind === 'unchanged') {
          result.unchanged += 1;
          return;
        }
        if (merge.kind === 'refused') {
          reject(merge.reject);
          return;
        }
        const outcome = merge.kind === 'create'
          ? await records.create(merge.employee)
          : await records.update(merge.employee, current!.employee.version, { changes: merge.changes, importer: scope.importer, runId: source.runId, at });
        if (outcome === 'written') {
          result[merge.kind === 'create' ? 'created' : 'updated'] += 1;
          return;
        }
        if (attempt >= CONFLICT_ATTEMPTS) {
          reject({ line, nip: record.nip, field: 'nip', alasan: 'data pegawai terus berubah selama impor; jalankan lagi', reason: 'the record kept changing during the import; run it again' });
          return;
        }
        current = await records.getOne(record.nip);
      }
    });
    result.rejects.sort((a, b) => a.line - b.line);
    return result;
  }

  return { importBatch };
}

export type RecordImporter = ReturnType<typeof createRecordImporter>;
