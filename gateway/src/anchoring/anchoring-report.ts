// GET /audit/anchoring: where this gateway anchors, how far behind it is, what failed last, and
// the latest completed periods — what an auditor or the Ministry's operator checks first.
import { collections } from '../models/collections';
import type { GatewayContext } from '../services/context';

export async function anchoringReport(ctx: GatewayContext, limit: number): Promise<Record<string, unknown>> {
  const fabricHeight = await ctx.ledger.height();
  if (!ctx.anchoring) return { enabled: false, fabricHeight, periods: [] };
  const { worker, target } = ctx.anchoring;
  const periods = await collections.anchorPeriods().find({}).sort({ _id: -1 }).limit(limit).toArray();
  const anchoredThrough = periods[0]?.lastBlock ?? 0;
  return {
    enabled: true,
    chain: { source: target.source, contract: target.contract, anchorer: worker.registry.address },
    fabricHeight,
    anchoredThroughBlock: anchoredThrough,
    blocksBehind: Math.max(0, fabricHeight - 1 - anchoredThrough),
    lastError: worker.lastError,
    periods: periods.map(({ _id, ...p }) => ({ periodId: _id, ...p })),
  };
}
