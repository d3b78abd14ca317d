// The statistics answers: the counters of a table summed by the dimensions asked for, over the
// rows that pass the filters. A filter on host (always there for a Department) narrows the scan
// to that host's key range, and host + issuer to that issuer's; otherwise the table is scanned
// whole, which is bounded by the number of distinct combinations, not by the diplomas
// (docs/verification-at-scale.md has the time measured at 1M diplomas).
import type { IndexStore } from '../status-index/index-store';
import { DIPLOMA_DIMENSIONS, EVENT_DIMENSIONS, keyValues, prefixRange, TABLES, type DiplomaDimension, type EventDimension } from './counter-keys';

export type CounterReader = Pick<IndexStore, 'counter' | 'counters'>;

export interface CountQuery<D extends string> {
  groupBy: readonly D[];
  /** Each dimension's accepted values; a dimension absent is not filtered. */
  filters: Partial<Record<D, readonly string[]>>;
  /** Only for months: an inclusive range of YYYY-MM. */
  monthRange?: { from?: string; to?: string };
}

export type CountRow<D extends string> = Partial<Record<D, string | number>> & { count: number };

/** Where in the key each dimension is; the first two are host and issuer in both tables. */
function scanRanges<D extends string>(table: string, dims: readonly D[], q: CountQuery<D>): { start: string; end: string }[] {
  const hosts = q.filters[dims[0]!];
  const issuers = q.filters[dims[1]!];
  if (!hosts) return [prefixRange(table, [])];
  return hosts.flatMap((h) => (issuers ? issuers.map((i) => prefixRange(table, [h, i])) : [prefixRange(table, [h])]));
}

function count<D extends string>(reader: CounterReader, table: string, dims: readonly D[], numeric: ReadonlySet<D>, q: CountQuery<D>): CountRow<D>[] {
  const filters = dims.map((d) => (q.filters[d] ? new Set(q.filters[d]) : null));
  const monthAt = dims.indexOf('month' as D);
  const groups = new Map<string, CountRow<D>>();
  for (const range of scanRanges(table, dims, q)) {
    for (const { key, count: n } of reader.counters(range.start, range.end)) {
      const values = keyValues(key);
      if (filters.some((f, i) => f !== null && !f.has(values[i]!))) continue;
      if (monthAt >= 0 && q.monthRange) {
        const month = values[monthAt]!;
        if ((q.monthRange.from && month < q.monthRange.from) || (q.monthRange.to && month > q.monthRange.to)) continue;
      }
      const groupValues = q.groupBy.map((d) => values[dims.indexOf(d)]!);
      const id = groupValues.join('|');
      let row = groups.get(id);
      if (!row) {
        row = { count: 0 } as CountRow<D>;
        q.groupBy.forEach((d, i) => { (row as Record<string, unknown>)[d] = numeric.has(d) ? Number(groupValues[i]) : groupValues[i]; });
        groups.set(id, row);
      }
      row.count += n;
    }
  }
  // Stable order: by the grouped values, as a reader of a table expects.
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
}

export function countDiplomas(reader: CounterReader, q: CountQuery<DiplomaDimension>): CountRow<DiplomaDimension>[] {
  return count(reader, TABLES.diplomas, DIPLOMA_DIMENSIONS, new Set(['graduationYear'] as const), q);
}

export function countEvents(reader: CounterReader, q: CountQuery<EventDimension>): CountRow<EventDimension>[] {
  return count(reader, TABLES.events, EVENT_DIMENSIONS, new Set(), q);
}
