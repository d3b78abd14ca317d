// Writes and reads the anchoring records of the gateway's database (anchor-records.ts): the
// durable copy that backups hold (verify answers read the proof index). Proofs are written before
// the period, and every write is an idempotent upsert,
// so storing a period twice (a worker that stopped half-way) changes nothing.
import { anchorEventName, anchorProofs, type PeriodTree } from '@vanbang/anchoring';
import { retryBusy } from '../errors/database-errors';
import { collections } from '../models/collections';
import type { AnchorPeriodRecord, StoredAnchorEvent } from './anchor-records';

/** Upserts per bulk write: one period may hold hundreds of thousands of leaves. */
const PROOFS_PER_WRITE = 1_000;

const strip0x = (h: string) => (h.startsWith('0x') ? h.slice(2) : h);

/** Stores every leaf's proof of the period's tree under its document hash. */
export async function storePeriodProofs(periodId: number, tree: PeriodTree): Promise<void> {
  const proofs = anchorProofs(tree);
  for (let i = 0; i < proofs.length; i += PROOFS_PER_WRITE) {
    const ops = proofs.slice(i, i + PROOFS_PER_WRITE).map(({ leaf, proof }) => {
      const event: StoredAnchorEvent = { eventType: leaf.eventType, fabricBlock: leaf.fabricBlock, fabricTxId: leaf.fabricTxId, periodId, proof: [...proof] };
      return {
        updateOne: {
          filter: { _id: strip0x(leaf.documentHash) },
          update: { $set: { [`events.${anchorEventName(leaf.eventType)}`]: event } },
          upsert: true,
        },
      };
    });
    await retryBusy(() => collections.anchorProofs().bulkWrite(ops, { ordered: false }));
  }
}

export async function storePeriod(record: AnchorPeriodRecord): Promise<void> {
  await retryBusy(() => collections.anchorPeriods().replaceOne({ _id: record._id }, record, { upsert: true }));
}

export async function storedPeriod(periodId: number): Promise<AnchorPeriodRecord | null> {
  return collections.anchorPeriods().findOne({ _id: periodId });
}

/** The highest period id stored, 0 when none. */
export async function highestStoredPeriod(): Promise<number> {
  const [top] = await collections.anchorPeriods().find({}, { projection: { _id: 1 } }).sort({ _id: -1 }).limit(1).toArray();
  return top?._id ?? 0;
}
