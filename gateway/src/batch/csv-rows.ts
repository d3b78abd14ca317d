// CSV cohorts: streamed through csv-parse; the header row may use the field names
// (fullName, ...) or the Vietnamese labels printed on the diploma ("Họ và tên", "Ngày sinh",
// ...), in NFC or NFD, any case. Empty cells are omitted; the graduation year becomes a number.
import { parse } from 'csv-parse';
import { FIELD_LABELS_VI, FIELD_NAMES } from '@vanbang/document';
import type { Readable } from 'node:stream';

const normalizeHeader = (h: string) => h.normalize('NFC').trim().toLowerCase().replace(/\s+/g, ' ');

const EXTRA_ALIASES: Record<string, string> = {
  'họ tên': 'fullName', 'số hiệu văn bằng': 'serialNumber', 'số vào sổ': 'registerEntryNumber', 'số vào sổ gốc': 'registerEntryNumber',
  'số cccd': 'personalIdNumber', 'cccd': 'personalIdNumber', 'số định danh': 'personalIdNumber', 'ngành': 'discipline',
  'xếp loại': 'classification', 'năm tn': 'graduationYear', 'mã trường': 'issuerCode', 'tên trường': 'issuerName',
};

const HEADER_TO_FIELD: Map<string, string> = new Map([
  ...FIELD_NAMES.map((n) => [normalizeHeader(n), n] as [string, string]),
  ...Object.entries(FIELD_LABELS_VI).map(([n, label]) => [normalizeHeader(label), n] as [string, string]),
  ...Object.entries(EXTRA_ALIASES).map(([label, n]) => [normalizeHeader(label), n] as [string, string]),
]);

export class CsvHeaderError extends Error {}

export function mapHeader(header: string[]): string[] {
  const unknown: string[] = [];
  const mapped = header.map((h) => {
    const field = HEADER_TO_FIELD.get(normalizeHeader(h.replace(/^\uFEFF/, '')));
    if (!field) unknown.push(h);
    return field ?? h;
  });
  if (unknown.length > 0) throw new CsvHeaderError(`unknown CSV column(s): ${unknown.join(', ')}`);
  if (new Set(mapped).size !== mapped.length) throw new CsvHeaderError('two CSV columns name the same field');
  return mapped;
}

export interface CsvRow {
  index: number;
  value?: Record<string, string | number>;
  error?: string;
}

export async function* csvRows(input: Readable): AsyncGenerator<CsvRow> {
  const parser = input.pipe(parse({
    columns: (header: string[]) => mapHeader(header),
    bom: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
    max_record_size: 64 * 1024,
  }));
  let index = 0;
  for await (const record of parser as AsyncIterable<Record<string, string>>) {
    const value: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(record)) {
      if (v === '' || v === undefined) continue;
      value[k] = k === 'graduationYear' && /^[0-9]{1,4}$/.test(v) ? Number(v) : v;
    }
    yield { index: index++, value };
  }
}
