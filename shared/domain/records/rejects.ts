import { stringify } from 'csv-stringify/sync';
import type { RowReject } from './row';

/** The rejects report's columns: a spreadsheet opens it, and an operator fixes the file line by line. */
export const REJECT_COLUMNS = ['line', 'nip', 'field', 'alasan', 'reason'] as const;

/**
 * Rejects as CSV lines, with the header when asked (the first part of a report). Cells that a
 * spreadsheet would run as a formula (=, +, -, @ first) are quoted with a leading apostrophe: a row
 * is the register's text, and a report must not execute it (OWASP CSV injection).
 */
export function rejectsCsv(rejects: readonly RowReject[], options: { header: boolean }): string {
  const defuse = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);
  const rows = rejects.map((r) => [String(r.line), r.nip ?? '', r.field, defuse(r.alasan), defuse(r.reason)]);
  return stringify(rows, { header: options.header, columns: [...REJECT_COLUMNS], eof: true });
}
