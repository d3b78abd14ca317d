// Typed access to the gateway's MongoDB collections and the indexes every API lookup needs.
// Uses the driver through mongoose's connection (plain documents, no mongoose models: bulk
// writes and conditional updates map one-to-one onto what FerretDB supports).
import mongoose from 'mongoose';
import type {
  AuditEntry, BatchChunk, BatchFailure, BatchRecord, BatchTransactionRecord, CallerRecord, CheckpointRecord, DiplomaRecord,
  IdempotencyRecord, IdentityRecord, IssuerRecord, LookupKeyRecord, PendingChangeNote,
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
  /** Transaction id → batch chunk: small documents, so the event listener's look-up stays cheap. */
  batchTransactions: (): Collection<BatchTransactionRecord> => db().collection<BatchTransactionRecord>('batch_transactions'),
  batchFailures: (): Collection<BatchFailure> => db().collection<BatchFailure>('batch_failures'),
  idempotency: (): Collection<IdempotencyRecord> => db().collection<IdempotencyRecord>('idempotency_keys'),
  auditLog: (): Collection<AuditEntry> => db().collection<AuditEntry>('audit_log'),
  checkpoints: (): Collection<CheckpointRecord> => db().collection<CheckpointRecord>('checkpoints'),
  /**
   * One note per pending change (`diplomaId|opId`), written before the change is: the recovery
   * worker scans this small collection instead of the diplomas, and drops notes whose change is over.
   */
  pendingChanges: (): Collection<PendingChangeNote> => db().collection<PendingChangeNote>('pending_changes'),
  /** Public lookup key → diploma ids (services/lookup-keys.ts). */
  lookupKeys: (): Collection<LookupKeyRecord> => db().collection<LookupKeyRecord>('lookup_keys'),
};

/** Creates the indexes (idempotent). Only plain and unique indexes: FerretDB v1 has no TTL/sparse/collation. */
export async function ensureIndexes(): Promise<void> {
  const d = collections.diplomas();
  // Uniqueness of the register entry number per issuer, type and register year (409 before the ledger).
  await d.createIndex({ issuerCode: 1, diplomaType: 1, registerYear: 1, registerEntryNumber: 1 }, { unique: true, name: 'register_number_unique' });
  await d.createIndex({ currentHash: 1 }, { name: 'current_hash' });
  await d.createIndex({ serialNumber: 1 }, { name: 'lookup_serial' });
  await d.createIndex({ registerEntryNumber: 1 }, { name: 'lookup_register' });
  await d.createIndex({ batchId: 1, state: 1, batchRow: 1 }, { name: 'batch_rows' });
  await d.createIndex({ issuerCode: 1, state: 1 }, { name: 'issuer_state' });
  await collections.callers().createIndex({ name: 1 }, { unique: true, name: 'caller_name' });
  await collections.batches().createIndex({ status: 1 }, { name: 'batch_status' });
  await collections.batchFailures().createIndex({ batchId: 1, row: 1 }, { name: 'batch_failure_rows' });
  await collections.auditLog().createIndex({ at: 1 }, { name: 'audit_time' });
  await collections.auditLog().createIndex({ resourceId: 1 }, { name: 'audit_resource' });
}
