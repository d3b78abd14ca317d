// A batch row is committed when its chunk has a commit (batch_chunk_commits): the worker writes
// one small document per 500 rows instead of updating every row (one database write per
// transaction instead of 500), and never rewrites the 150 KB manifest. Reading a row goes
// through materialize(), which applies the commit to the row (one write, then the row reads
// COMMITTED on its own). Rows the ledger refused are deleted before their chunk commits, so
// every row still stored under a committed chunk is one the transaction carried.
import { isDuplicateKey, retryBusy } from '../errors/database-errors';
import { collections } from '../models/collections';
import { updateIf } from '../models/guarded-writes';
import type { BatchChunkCommit, DiplomaRecord } from '../models/records';

export function commitOf(commit: BatchChunkCommit, id: string): { txId: string; blockNumber: number | null } {
  return commit.rowCommits?.[id] ?? { txId: commit.txId as string, blockNumber: commit.blockNumber };
}

export function applyChunk(record: DiplomaRecord, commit: BatchChunkCommit): DiplomaRecord {
  const c = commitOf(commit, record._id);
  return {
    ...record, state: 'COMMITTED', issuedTxId: c.txId, issuedBlockNumber: c.blockNumber,
    versions: record.versions.map((v, i) => (i === 0 ? { ...v, state: 'COMMITTED', txId: c.txId, blockNumber: c.blockNumber, committedAt: v.committedAt ?? new Date() } : v)),
  };
}

export async function materialize(record: DiplomaRecord): Promise<DiplomaRecord> {
  if (record.state !== 'PENDING' || !record.batchChunkId) return record;
  const commit = await collections.batchChunkCommits().findOne({ _id: record.batchChunkId });
  if (!commit?.txId) return record;
  const committed = applyChunk(record, commit);
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

/**
 * Records that a chunk's transaction committed. The first writer (the worker, or the event
 * listener when it sees the block first) creates the commit; the worker's write also fills in
 * the row count and the rows an earlier transaction had committed.
 */
export async function recordChunkCommit(commit: BatchChunkCommit): Promise<void> {
  if (commit.rows === null) {
    try {
      await retryBusy(() => collections.batchChunkCommits().insertOne(commit));
    } catch (err) {
      if (!isDuplicateKey(err)) throw err; // the worker was first
    }
    return;
  }
  const { _id, ...fields } = commit;
  try {
    await retryBusy(() => collections.batchChunkCommits().updateOne({ _id }, { $set: fields }, { upsert: true }));
  } catch (err) {
    // The listener's insert won the race to create it: update what it created.
    if (!isDuplicateKey(err)) throw err;
    await retryBusy(() => collections.batchChunkCommits().updateOne({ _id }, { $set: fields }));
  }
}

const COMMITS_MIGRATED_MARK = 'migration:batch-chunk-commits';

/**
 * Manifests written before batch_chunk_commits carried their commit themselves (state DONE):
 * gives each its commit document, once per database, before the workers start.
 */
export async function migrateChunkCommits(): Promise<number> {
  if (await collections.checkpoints().findOne({ _id: COMMITS_MIGRATED_MARK })) return 0;
  let migrated = 0;
  for await (const m of collections.batchChunks().find({ state: 'DONE' })) {
    await recordChunkCommit({ _id: m._id, txId: m.txId ?? null, blockNumber: m.blockNumber ?? null, rows: m.rows.length, ...(m.rowCommits ? { rowCommits: m.rowCommits } : {}) });
    migrated++;
  }
  await collections.checkpoints().replaceOne({ _id: COMMITS_MIGRATED_MARK }, { blockNumber: '0', transactionId: null, updatedAt: new Date() }, { upsert: true });
  return migrated;
}
