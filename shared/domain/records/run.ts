/**
 * The national import's contract between the import bucket, the distributed map and the batch
 * Lambda (infra/cloud/constructs/records-import.ts, functions/import-records): where things live in
 * the bucket, the formats the map reads, and how a row's index in the map becomes its file line.
 *
 * An execution reads a file uploaded under `incoming/`; each batch writes its rejects under
 * `rejects/<runId>/`; the map writes its results (a manifest, the succeeded and failed batches)
 * under `results/<runId>/`.
 */
export const IMPORT_PREFIXES = { incoming: 'incoming/', rejects: 'rejects/', results: 'results/' } as const;

/** The file formats the map reads; an execution names one in `format`. */
export const IMPORT_FORMATS = ['CSV', 'JSONL'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** A file line from the map's 0-based item index: CSV's line 1 is its header; JSON Lines count from 1. */
export const lineOfIndex = (format: ImportFormat, index: number): number => index + (format === 'CSV' ? 2 : 1);

/** The rejects object of a batch, named by its first line so a run's reports sort in file order. */
export const rejectsKeyOf = (runId: string, firstLine: number): string => `${IMPORT_PREFIXES.rejects}${runId}/${String(firstLine).padStart(9, '0')}.csv`;
