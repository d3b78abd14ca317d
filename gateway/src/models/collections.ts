// Typed access to the gateway's MongoDB collections and the indexes every API lookup needs.
// Uses the driver through mongoose's connection (plain documents, no mongoose models: bulk
// writes and conditional updates map one-to-one onto what FerretDB supports).
import mongoose from 'mongoose';
import type { RestoreRecord } from '@vanbang/backup';
import type { AnchorPeriodRecord, AnchorProofRecord } from '../anchoring/anchor-records';
import type {
  AuditEntry, BatchChunk, BatchChunkCommit, BatchFailure, BatchFailurePage, BatchRecord, BatchTransactionRecord, CallerRecord, CertificateRecord, CheckpointRecord, DiplomaRecord,
  AlertNote, IdempotencyRecord, IdentityRecord, IssuerRecord, LookupKeyRecord, PendingChangeNote,
} from './records';

type Collection<T extends mongoose.mongo.Document> = mongoose.mongo.Collection<T>;

function db(): mongoose.mongo.Db {
  const database = mongoose.connection.db;
  if (!database) throw Object.assign(new Error('Client must be connected'), { name: 'MongoNotConnectedError' });
  return database;
}

export const collections = {
  diplomas: (): Collection<DiplomaRecord> => db().collection<DiplomaRecord>('diplomas'),
  callers: (): Collection<CallerRecord> => db().collection<CallerRecord>('callers'),
  identities: (): Collection<IdentityRecord> => db().collection<IdentityRecord>('identities'),
  issuers: (): Collection<IssuerRecord> => db().collection<IssuerRecord>('issuers'),
  batches: (): Collection<BatchRecord> => db().collection<BatchRecord>('batches'),
  batchChunks: (): Collection<BatchChunk> => db().collection<BatchChunk>('batch_chunks'),
  /** The commits of batch chunks: small documents, read instead of the manifests they commit. */
  batchChunkCommits: (): Collection<BatchChunkCommit> => db().collection<BatchChunkCommit>('batch_chunk_commits'),
  /** Transaction id → batch chunk: small documents, so the event listener's look-up stays cheap. */
  batchTransactions: (): Collection<BatchTransactionRecord> => db().collection<BatchTransactionRecord>('batch_transactions'),
  /** Failed rows one by one: batches made before failure pages only. */
  batchFailures: (): Collection<BatchFailure> => db().collection<BatchFailure>('batch_failures'),
  batchFailurePages: (): Collection<BatchFailurePage> => db().collection<BatchFailurePage>('batch_failure_pages'),
  idempotency: (): Collection<IdempotencyRecord> => db().collection<IdempotencyRecord>('idempotency_keys'),
  auditLog: (): Collection<AuditEntry> => db().collection<AuditEntry>('audit_log'),
  checkpoints: (): Collection<CheckpointRecord> => db().collection<CheckpointRecord>('checkpoints'),
  /**
   * One note per pending change (`diplomaId|opId`), written before the change is: the recovery
   * worker scans this small collection instead of the diplomas, and drops notes whose change is over.
   */
  pendingChanges: (): Collection<PendingChangeNote> => db().collection<PendingChangeNote>('pending_changes'),
  /** The alert rules' notes of what the ledger never records (alerts/refusal-log.ts). */
  alertNotes: (): Collection<AlertNote> => db().collection<AlertNote>('alert_notes'),
  /** Signers' certificates by SHA-256, referenced by the stored documents (services/stored-documents.ts). */
  certificates: (): Collection<CertificateRecord> => db().collection<CertificateRecord>('certificates'),
  /** Public lookup key → diploma ids (services/lookup-keys.ts). */
  lookupKeys: (): Collection<LookupKeyRecord> => db().collection<LookupKeyRecord>('lookup_keys'),
  /**
   * One record per `npm run restore` into this database, written by the restore (RESTORES_COLLECTION
   * in backup/src/restore-record.ts; named here so the gateway does not load the backup code).
   */
  restores: (): Collection<RestoreRecord> => db().collection<RestoreRecord>('restores'),
  /** Anchoring periods whose root is on the EVM chain and whose proofs are stored (anchoring/). */
  anchorPeriods: (): Collection<AnchorPeriodRecord> => db().collection<AnchorPeriodRecord>('anchor_periods'),
  /** Per document hash, the proofs of its anchored events. */
  anchorProofs: (): Collection<AnchorProofRecord> => db().collection<AnchorProofRecord>('anchor_proofs'),
};

/** Indexes that only serve queries (none of them enforces a rule). */
const QUERY_INDEXES: { collection: string; keys: Record<string, 1>; name: string }[] = [
  { collection: 'diplomas', keys: { currentHash: 1 }, name: 'current_hash' },
  { collection: 'diplomas', keys: { serialNumber: 1 }, name: 'lookup_serial' },
  { collection: 'diplomas', keys: { registerEntryNumber: 1 }, name: 'lookup_register' },
  { collection: 'diplomas', keys: { batchId: 1, state: 1, batchRow: 1 }, name: 'batch_rows' },
  { collection: 'diplomas', keys: { issuerCode: 1, state: 1 }, name: 'issuer_state' },
  { collection: 'batches', keys: { status: 1 }, name: 'batch_status' },
  { collection: 'batch_failures', keys: { batchId: 1, row: 1 }, name: 'batch_failure_rows' },
  { collection: 'audit_log', keys: { at: 1 }, name: 'audit_time' },
  { collection: 'audit_log', keys: { resourceId: 1 }, name: 'audit_resource' },
];

/**
 * Creates the indexes (idempotent). Only plain and unique indexes: FerretDB v1 has no
 * TTL/sparse/collation.
 *
 * Unique indexes enforce rules and exist everywhere. Query indexes exist only where the database
 * uses them (MongoDB). FerretDB 1.x answers every filter other than exactly {_id} by reading the
 * whole collection, index or not, while each index still costs a JSON extraction of the whole
 * record on every insert and update (the diploma records are rewritten as they commit). So on
 * FerretDB they are not created, and dropped if an earlier version created them.
 */
export async function ensureIndexes(opts: { queryIndexesUsable: boolean }): Promise<void> {
  // Uniqueness of the register entry number per issuer, type and register year (409 before the ledger).
  await collections.diplomas().createIndex({ issuerCode: 1, diplomaType: 1, registerYear: 1, registerEntryNumber: 1 }, { unique: true, name: 'register_number_unique' });
  await collections.callers().createIndex({ name: 1 }, { unique: true, name: 'caller_name' });
  for (const index of QUERY_INDEXES) {
    const collection = db().collection(index.collection);
    if (opts.queryIndexesUsable) await collection.createIndex(index.keys, { name: index.name });
    else await collection.dropIndex(index.name).catch(ignoreIfAbsent);
  }
}

/** MongoDB's codes for "no such collection" (26) and "no such index" (27). */
function ignoreIfAbsent(err: unknown): void {
  const code = (err as { code?: unknown }).code;
  if (code !== 26 && code !== 27) throw err;
}
