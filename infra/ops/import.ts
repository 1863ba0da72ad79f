import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, renameSync, writeFileSync, appendFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import * as z from 'zod';
import { readRecordRows } from '../../shared/adapters/records/records-file';
import { emptyCounts, type BatchCounts, type RecordImporter, type RecordRow } from '../../shared/app/records-import';
import type { ImportScope } from '../../shared/domain/records/scope';
import { rejectsCsv } from '../../shared/domain/records/rejects';
import type { ImportFormat } from '../../shared/domain/records/run';

/**
 * One local import run of a file (`npm run import`): the file is read in batches through the row
 * handler, and after every batch its rejects are appended to `<file>.rejects.csv` and the last line
 * done is written to `<file>.import-state.json` (with the file's SHA-256). Stopped at any point
 * (Ctrl-C, a crash, SIGKILL), the next run of the same file starts after that line; a batch cut off
 * half way is imported again, which is safe: its rows already written read back as unchanged, and
 * the rejects it had appended are dropped before it runs again. A changed file starts over, and so
 * does a file whose last run finished: running it twice checks every row again and writes nothing.
 */

export interface ImportRunOptions {
  file: string;
  format: ImportFormat;
  scope: ImportScope;
  batchSize: number;
  /** Ignore a checkpoint and start from the first line. */
  restart: boolean;
  /** Progress lines (stderr in the CLI). */
  progress?: (line: string) => void;
}

/** The counts are the file's, over every run that resumed it; `rows` this run's. */
export interface ImportRunReport extends BatchCounts {
  runId: string;
  /** Rows read in this run (after a resume, only those after the checkpoint). */
  rows: number;
  /** The line the run resumed after, or 0. */
  resumedAfter: number;
  seconds: number;
  rejectsFile: string;
}

const stateSchema = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  runId: z.string(),
  lastLine: z.number().int().min(0),
  /** The run read the file to its end: the next run of it starts over (and, where nothing changed, writes nothing). */
  complete: z.boolean(),
  counts: z.object({ created: z.number(), updated: z.number(), unchanged: z.number(), rejected: z.number() }),
});
type RunState = z.output<typeof stateSchema>;

export const stateFileOf = (file: string) => `${file}.import-state.json`;
export const rejectsFileOf = (file: string) => `${file}.rejects.csv`;

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Written to a temporary file and renamed: a kill mid-write leaves the old checkpoint, never half of one. */
function writeState(file: string, state: RunState): void {
  const path = stateFileOf(file);
  writeFileSync(`${path}.tmp`, JSON.stringify(state));
  renameSync(`${path}.tmp`, path);
}

function readState(file: string): RunState | undefined {
  const path = stateFileOf(file);
  if (!existsSync(path)) return undefined;
  const parsed = stateSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  return parsed.success ? parsed.data : undefined;
}

/** The rejects report cut back to the rows the checkpoint covers (a batch cut off may have appended its own). */
function trimRejects(file: string, lastLine: number): void {
  const path = rejectsFileOf(file);
  const rows = !existsSync(path) ? [] : parse(readFileSync(path), { columns: true, bom: true }) as Record<string, string>[];
  const kept = rows.filter((r) => Number(r['line']) <= lastLine).map((r) => ({ line: Number(r['line']), ...(r['nip'] ? { nip: r['nip'] } : {}), field: r['field'] as never, alasan: r['alasan'] ?? '', reason: r['reason'] ?? '' }));
  writeFileSync(path, rejectsCsv(kept, { header: true }));
}

export async function runImport(importer: RecordImporter, options: ImportRunOptions): Promise<ImportRunReport> {
  const started = Date.now();
  const sha256 = await sha256Of(options.file);
  const previous = options.restart ? undefined : readState(options.file);
  const resumes = previous !== undefined && previous.sha256 === sha256 && !previous.complete;
  if (previous && previous.sha256 !== sha256 && !previous.complete) options.progress?.('the file changed since the stopped run: starting from its first line');
  const state: RunState = resumes ? previous : { sha256, runId: `local-${sha256.slice(0, 12)}-${new Date(started).toISOString().replace(/[-:.]/g, '').slice(0, 15)}`, lastLine: 0, complete: false, counts: emptyCounts() };
  const resumedAfter = state.lastLine;
  if (resumes) {
    options.progress?.(`resuming after line ${resumedAfter}`);
    trimRejects(options.file, resumedAfter);
  } else {
    writeFileSync(rejectsFileOf(options.file), rejectsCsv([], { header: true }));
    writeState(options.file, state);
  }

  let rows = 0;
  let batch: RecordRow[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const result = await importer.importBatch(batch, options.scope, { runId: state.runId });
    if (result.rejects.length > 0) appendFileSync(rejectsFileOf(options.file), rejectsCsv(result.rejects, { header: false }));
    for (const key of ['created', 'updated', 'unchanged', 'rejected'] as const) state.counts[key] += result[key];
    state.lastLine = batch[batch.length - 1]!.line;
    writeState(options.file, state);
    rows += batch.length;
    batch = [];
    options.progress?.(`line ${state.lastLine}: ${rows} rows, ${Math.round(rows / Math.max(0.001, (Date.now() - started) / 1000))} rows/s`);
  };
  for await (const row of readRecordRows(options.file, options.format)) {
    if (row.line <= state.lastLine) continue;
    batch.push(row);
    if (batch.length >= options.batchSize) await flush();
  }
  await flush();
  state.complete = true;
  writeState(options.file, state);
  return { runId: state.runId, ...state.counts, rows, resumedAfter, seconds: (Date.now() - started) / 1000, rejectsFile: rejectsFileOf(options.file) };
}

export function formatImportReport(report: ImportRunReport): string {
  const rate = report.rows / Math.max(0.001, report.seconds);
  return [
    `import ${report.runId}${report.resumedAfter ? ` (resumed after line ${report.resumedAfter})` : ''}`,
    `  rows read ${report.rows} in ${report.seconds.toFixed(1)} s (${Math.round(rate)} rows/s)`,
    `  baru/created ${report.created} · berubah/updated ${report.updated} · sama/unchanged ${report.unchanged} · ditolak/rejected ${report.rejected}`,
    `  rejects: ${report.rejectsFile}`,
  ].join('\n');
}
