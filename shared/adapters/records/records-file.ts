import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import type { RecordRow } from '../../app/records-import';
import type { ImportFormat } from '../../domain/records/run';

/** The format a file's name says: `.csv`, or `.jsonl`/`.ndjson` (JSON Lines). */
export function formatOfFile(path: string): ImportFormat | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.csv')) return 'CSV';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'JSONL';
  return undefined;
}

/** A line that is not JSON: handed over as such, so the row handler reports it by its line. */
export const UNREADABLE_LINE = Symbol('unreadable line');

/**
 * The rows of a SIASN file, in file order, each with its line (CSV: the header is line 1). CSV is
 * read by csv-parse (quoted cells, embedded commas, a UTF-8 BOM as Excel writes it, CRLF); a row
 * with fewer cells than the header keeps the missing ones empty, so the row handler names them.
 * Streams: a national file is never held in memory.
 */
export async function* readRecordRows(path: string, format: ImportFormat): AsyncGenerator<RecordRow> {
  if (format === 'CSV') {
    const parser = createReadStream(path).pipe(
      parse({ columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }),
    );
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      yield { line: info.lines, fields: record };
    }
    return;
  }
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line += 1;
    const trimmed = line === 1 ? text.replace(/^\uFEFF/, '').trim() : text.trim();
    if (trimmed === '') continue;
    let fields: unknown;
    try {
      fields = JSON.parse(trimmed);
    } catch {
      fields = UNREADABLE_LINE;
    }
    yield { line, fields };
  }
}
