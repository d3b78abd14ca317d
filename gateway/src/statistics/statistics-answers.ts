// The statistics answers from the status index's counters, or the 503 that says they are not
// ready: while the index is building or catching up, it has counted part of the chain only.
import type { Caller } from '../auth/api-keys';
import { ApiError } from '../errors/problem';
import type { GatewayContext } from '../services/context';
import type { DiplomaDimension, EventDimension } from './counter-keys';
import { hostsFor } from './statistics-access';
import { countDiplomas, countEvents, type CounterReader, type CountQuery, type CountRow } from './statistics-queries';
import type { DiplomaStatisticsQuery, EventStatisticsQuery } from './statistics-schemas';

export interface StatisticsAnswer<D extends string> {
  groupBy: D[];
  filters: Partial<Record<string, unknown>>;
  rows: CountRow<D>[];
  total: number;
  asOfBlock: number;
}

function counters(ctx: GatewayContext): { reader: CounterReader; asOfBlock: number } {
  const index = ctx.statusIndex;
  if (!index) throw new ApiError(503, 'STATISTICS_NOT_READY', 'Statistics are kept by the status index, which is turned off on this gateway (VANBANG_STATUS_INDEX_DIR=off)');
  const reader = index.statistics();
  const progress = index.progress();
  if (!reader) {
    throw new ApiError(503, 'STATISTICS_NOT_READY', `The status index is still being built from the ledger (block ${progress.indexedThrough} of ${progress.catchingUpTo}); statistics are answered once it is caught up`,
      undefined, { progress });
  }
  return { reader, asOfBlock: progress.indexedThrough };
}

/** The query's filters, without undefined entries and with the caller's host scope applied. */
function filtersOf<D extends string>(caller: Caller, q: Partial<Record<D | 'host', readonly string[] | undefined>>, dims: readonly D[]): Partial<Record<D, readonly string[]>> {
  const out: Partial<Record<D, readonly string[]>> = {};
  for (const d of dims) {
    const values = d === 'host' ? hostsFor(caller, q.host) : q[d];
    if (values) out[d] = values;
  }
  return out;
}

function answer<D extends string>(rows: CountRow<D>[], q: CountQuery<D>, asOfBlock: number): StatisticsAnswer<D> {
  return { groupBy: [...q.groupBy], filters: { ...q.filters, ...(q.monthRange ? q.monthRange : {}) }, rows, total: rows.reduce((n, r) => n + r.count, 0), asOfBlock };
}

export function diplomaStatistics(ctx: GatewayContext, caller: Caller, query: DiplomaStatisticsQuery): StatisticsAnswer<DiplomaDimension> {
  const filters = filtersOf<DiplomaDimension>(caller, query, ['host', 'issuer', 'type', 'graduationYear', 'status']);
  const { reader, asOfBlock } = counters(ctx);
  const q: CountQuery<DiplomaDimension> = { groupBy: query.groupBy ?? [], filters };
  return answer(countDiplomas(reader, q), q, asOfBlock);
}

export function eventStatistics(ctx: GatewayContext, caller: Caller, query: EventStatisticsQuery): StatisticsAnswer<EventDimension> {
  const filters = filtersOf<EventDimension>(caller, query, ['host', 'issuer', 'type', 'month', 'ground']);
  const { reader, asOfBlock } = counters(ctx);
  const monthRange = query.from || query.to ? { ...(query.from ? { from: query.from } : {}), ...(query.to ? { to: query.to } : {}) } : undefined;
  const q: CountQuery<EventDimension> = { groupBy: query.groupBy ?? [], filters, ...(monthRange ? { monthRange } : {}) };
  return answer(countEvents(reader, q), q, asOfBlock);
}
