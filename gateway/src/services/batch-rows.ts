// A batch row is committed when its chunk manifest is DONE: the worker writes the manifest once
// per 500 rows instead of updating every row (one database write per transaction instead of
// 500). Reading a row goes through materialize(), which applies a DONE manifest to the row (one
// write, then the row reads COMMITTED on its own).
import { retryBusy } from '../errors/database-errors';
import { collections } from '../models/collections';
import { updateIf } from '../models/guarded-writes';
import type { BatchChunk, DiplomaRecord } from '../models/records';

export function commitOf(chunk: BatchChunk, id: string): { txId: string; blockNumber: number | null } {
  return chunk.rowCommits?.[id] ?? { txId: chunk.txId as string, blockNumber: chunk.blockNumber };
}

export function applyChunk(record: DiplomaRecord, chunk: BatchChunk): DiplomaRecord {
  const c = commitOf(chunk, record._id);
  return {
    ...record, state: 'COMMITTED', issuedTxId: c.txId, issuedBlockNumber: c.blockNumber,
    versions: record.versions.map((v, i) => (i === 0 ? { ...v, state: 'COMMITTED', txId: c.txId, blockNumber: c.blockNumber, committedAt: v.committedAt ?? new Date() } : v)),
  };
}

export async function materialize(record: DiplomaRecord): Promise<DiplomaRecord> {
  if (record.state !== 'PENDING' || !record.batchChunkId) return record;
  const chunk = await collections.batchChunks().findOne({ _id: record.batchChunkId });
  if (chunk?.state !== 'DONE' || !chunk.rows.some((r) => r.id === record._id)) return record;
  const committed = applyChunk(record, chunk);
  await retryBusy(() => updateIf(collections.diplomas(), record._id, { state: 'PENDING' }, {
    $set: { state: 'COMMITTED', issuedTxId: committed.issuedTxId, issuedBlockNumber: committed.issuedBlockNumber, versions: committed.versions },
  }));
  return committed;
}

/** Finds a diploma by id with its batch commit applied. */
export async function findDiploma(id: string): Promise<DiplomaRecord | null> {
  const record = await collections.diplomas().findOne({ _id: id });
  return record ? materialize(record) : null;
}
