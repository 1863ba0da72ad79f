import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTable } from '../../infra/local/dynamodb-local';
import { generateRows, rowsAsCsv, type GeneratedRow } from '../../infra/local/records-generator';
import { seed } from '../../infra/local/seed-data';
import { runImport } from '../../infra/ops/import';
import { createDocumentClient } from '../../shared/adapters/dynamo/client';
import { DirectoryRepository } from '../../shared/adapters/dynamo/directory-repository';
import { EmployeeRecordsRepository } from '../../shared/adapters/dynamo/employee-records-repository';
import { createRecordImporter } from '../../shared/app/records-import';
import type { ImportScope } from '../../shared/domain/records/scope';
import { checkMinimum, type MinimumCheck } from '../minimums';
import { CapacityMeter, totals, type DynamoCall, type DynamoTotals } from '../support/capacity-meter';
import { round } from '../support/stats';
import { BENCH_NOW } from '../support/world';

export interface ImportRun {
  name: string;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  totals: DynamoTotals;
  /** Billed units and requests per row of the file. */
  perRow: { rru: number; wru: number; requests: number };
}

export interface ImportBatchFigures {
  name: string;
  calls: DynamoCall[];
  totals: DynamoTotals;
  minimum: MinimumCheck;
}

export interface ImportResults {
  method: string;
  runs: ImportRun[];
  batches: ImportBatchFigures[];
}

const SCOPE: ImportScope = { importer: 'admin.sleman', agencyIds: ['PEMKAB-SLEMAN'] };
const withJabatan = (rows: GeneratedRow[], every: number) => rows.map((r, i) => (i % every === 0 ? { ...r, jabatan: `${r.jabatan} (mutasi)` } : r));

/**
 * The records import (issue 16) against DynamoDB Local: `npm run import`'s own run (infra/ops/import.ts)
 * over a generated Sleman file, loaded into an empty table, run again unchanged, and run with one
 * row in twenty changed; rows per second on this machine and DynamoDB work per row as billed on
 * demand. Then single batches of 100 rows beside their minimums (bench/minimums.ts).
 */
export async function measureRecordsImport(endpoint: string, count: number, log: (line: string) => void): Promise<ImportResults> {
  const tableName = `bench-import-${randomUUID().slice(0, 8)}`;
  await ensureTable(endpoint, tableName);
  const doc = createDocumentClient({ endpoint, budget: 'local' });
  const meter = CapacityMeter.attach(doc);
  await seed(doc, tableName, BENCH_NOW.slice(0, 10));
  const importer = createRecordImporter({ records: new EmployeeRecordsRepository(doc, tableName), organisations: new DirectoryRepository(doc, tableName), now: () => BENCH_NOW });
  const dir = mkdtempSync(join(tmpdir(), 'pantau-bench-import-'));
  try {
    const rows = generateRows({ agencyId: 'PEMKAB-SLEMAN', count, bad: 0, seed: 16, today: BENCH_NOW.slice(0, 10) });
    const runs: ImportRun[] = [];
    const measure = async (name: string, file: string) => {
      meter.take();
      const report = await runImport(importer, { file, format: 'CSV', scope: SCOPE, batchSize: 500, restart: true });
      const t = totals(meter.take());
      const run: ImportRun = {
        name,
        rows: report.rows,
        seconds: round(report.seconds, 2),
        rowsPerSecond: Math.round(report.rows / report.seconds),
        totals: t,
        perRow: { rru: round(t.billedRru / report.rows, 3), wru: round(t.billedWru / report.rows, 3), requests: round(t.requests / report.rows, 3) },
      };
      runs.push(run);
      log(`  ${name}: ${run.rows} rows in ${run.seconds} s (${run.rowsPerSecond} rows/s); per row ${run.perRow.rru} RRU, ${run.perRow.wru} WRU, ${run.perRow.requests} requests`);
    };
    const file = join(dir, 'sleman.csv');
    writeFileSync(file, rowsAsCsv(rows));
    await measure(`first load of ${count} rows`, file);
    await measure('the same file again (all unchanged)', file);
    const changedFile = join(dir, 'sleman-changed.csv');
    writeFileSync(changedFile, rowsAsCsv(withJabatan(rows, 20)));
    await measure('1 row in 20 changed', changedFile);

    // Single batches, the organisation already cached as in a warm container.
    const batchRows = (list: GeneratedRow[], from: number) => list.slice(from, from + 100).map((fields, i) => ({ line: from + i + 2, fields }));
    const fresh = generateRows({ agencyId: 'PEMKAB-SLEMAN', count: 100, bad: 0, seed: 61, today: BENCH_NOW.slice(0, 10) });
    const batches: ImportBatchFigures[] = [];
    const batch = async (name: string, list: ReturnType<typeof batchRows>) => {
      meter.take();
      await importer.importBatch(list, SCOPE, { runId: 'bench' });
      const calls = meter.take();
      batches.push({ name, calls, totals: totals(calls), minimum: checkMinimum(name, calls) });
    };
    await batch('import · 100 new rows', batchRows(fresh, 0));
    await batch('import · 100 unchanged rows', batchRows(fresh, 0));
    await batch('import · 100 rows, 5 changed', batchRows(withJabatan(fresh, 20), 0));
    for (const b of batches) log(`  ${b.name}: ${b.totals.requests} requests (minimum ${b.minimum.requests}), ${b.totals.billedRru} RRU, ${b.totals.billedWru} WRU${b.minimum.above ? ' — ABOVE its minimum' : ''}`);
    return {
      method: `npm run import's run (infra/ops/import.ts, batches of 500) over a generated Sleman file on DynamoDB Local on this machine, one process; units as DynamoDB on demand bills them`,
      runs,
      batches,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    doc.destroy();
  }
}
