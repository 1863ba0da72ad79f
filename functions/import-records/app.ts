import type { Logger } from '@aws-lambda-powertools/logger';
import * as z from 'zod';
import { ORG_ID_PATTERN } from '../../shared/domain/actors';
import type { BatchCounts, RecordImporter } from '../../shared/app/records-import';
import { rejectsCsv } from '../../shared/domain/records/rejects';
import { IMPORT_FORMATS, IMPORT_PREFIXES, lineOfIndex, rejectsKeyOf } from '../../shared/domain/records/run';

/**
 * What the distributed map's ItemBatcher hands one invocation (infra/cloud/constructs/records-import.ts):
 * the batch's rows with their 0-based index in the file, and the run's input.
 */
export const importBatchEventSchema = z.object({
  Items: z.array(z.object({ index: z.number().int().min(0), fields: z.unknown() })).min(1),
  BatchInput: z.object({
    bucket: z.string().min(3),
    key: z.string().startsWith(IMPORT_PREFIXES.incoming),
    format: z.enum(IMPORT_FORMATS),
    runId: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, 'a runId of letters, digits, - and _'),
    scope: z.object({
      importer: z.string().min(1).max(128),
      agencyIds: z.union([z.literal('ALL'), z.array(z.string().regex(ORG_ID_PATTERN)).min(1)]),
    }),
  }),
});
export type ImportBatchEvent = z.output<typeof importBatchEventSchema>;

export interface ImportBatchDeps {
  importer: RecordImporter;
  /** Writes one object of the import bucket (the batch's rejects). */
  putObject(bucket: string, key: string, body: string): Promise<void>;
  logger?: Pick<Logger, 'info' | 'error'>;
}

/**
 * One batch of the national import: the same row handler as `npm run import`. An event it cannot
 * read fails as ImportBatchInvalid, which the map does not retry (a retry reads it no better);
 * DynamoDB's throttling and faults keep the SDK's names, which the map retries (safe: rows already
 * written read back as unchanged).
 */
export function createImportBatchHandler({ importer, putObject, logger }: ImportBatchDeps) {
  return async (event: unknown): Promise<BatchCounts> => {
    const parsed = importBatchEventSchema.safeParse(event);
    if (!parsed.success) {
      const error = new Error(`not an import batch: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      error.name = 'ImportBatchInvalid';
      throw error;
    }
    const { Items, BatchInput: input } = parsed.data;
    const rows = Items.map(({ index, fields }) => ({ line: lineOfIndex(input.format, index), fields }));
    const { rejects, ...counts } = await importer.importBatch(rows, input.scope, { runId: input.runId });
    if (rejects.length > 0) {
      const firstLine = Math.min(...rows.map((r) => r.line));
      await putObject(input.bucket, rejectsKeyOf(input.runId, firstLine), rejectsCsv(rejects, { header: true }));
    }
    logger?.info('import batch done', { runId: input.runId, rows: rows.length, ...counts });
    return counts;
  };
}
