// Statistics as CSV (RFC 4180: CRLF line ends, fields quoted when needed) with csv-stringify, the
// sibling of the csv-parse that reads batch uploads; and whether a request asks for CSV.
import type { Request } from 'express';
import { stringify } from 'csv-stringify/sync';

export function csvTable(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  return stringify(rows.map((r) => columns.map((c) => r[c] ?? '')), { header: true, columns: [...columns], record_delimiter: 'windows' });
}

/** `?format=csv`, or an Accept header that prefers text/csv to JSON. */
export function wantsCsv(req: Request, format: string | undefined): boolean {
  if (format) return format === 'csv';
  return req.accepts(['application/json', 'text/csv']) === 'text/csv';
}
