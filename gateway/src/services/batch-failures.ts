// The failed rows of a batch, stored as pages of up to 500 rows that the batch record lists in
// order (BatchRecord.failurePages). Reading a slice of the list walks that list and reads pages
// by _id: FerretDB 1.x would answer a filter on batchId by reading every failure of every batch
// (docs/gateway.md, "Every request-path query is addressed by `_id`").
import { randomUUID } from 'node:crypto';
import { retryBusy } from '../errors/database-errors';
import { collections } from '../models/collections';
import type { BatchFailureRow, BatchRecord, FailurePageRef } from '../models/records';

/** Stores one page of failed rows; the caller lists the returned reference in the batch record. */
export async function storeFailurePage(batchId: string, failures: BatchFailureRow[]): Promise<FailurePageRef> {
  const id = `${batchId}:failures:${randomUUID()}`;
  await retryBusy(() => collections.batchFailurePages().insertOne({ _id: id, batchId, failures, createdAt: new Date() }));
  return { id, rows: failures.length };
}

/** Up to `limit` failed rows after the first `skip`, in the order they were found. */
export async function readFailures(batch: BatchRecord, skip: number, limit: number): Promise<BatchFailureRow[]> {
  if (!batch.failurePages) {
    const legacy = await collections.batchFailures().find({ batchId: batch._id }).sort({ row: 1 }).skip(skip).limit(limit).toArray();
    return legacy.map((f) => ({ row: f.row, serialNumber: f.serialNumber, stage: f.stage, errors: f.errors }));
  }
  const out: BatchFailureRow[] = [];
  let toSkip = skip;
  for (const ref of batch.failurePages) {
    if (out.length >= limit) break;
    if (toSkip >= ref.rows) {
      toSkip -= ref.rows;
      continue;
    }
    const page = await collections.batchFailurePages().findOne({ _id: ref.id });
    const rows = page?.failures.slice(toSkip) ?? [];
    toSkip = 0;
    out.push(...rows.slice(0, limit - out.length));
  }
  return out;
}

export async function deleteFailurePages(refs: FailurePageRef[]): Promise<void> {
  for (const ref of refs) await retryBusy(() => collections.batchFailurePages().deleteOne({ _id: ref.id }));
}
