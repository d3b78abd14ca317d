// The shapes of the gateway's MongoDB documents. One diploma = one document holding every
// version of its content (with salts) so that each change is a single-document atomic update:
// FerretDB has no multi-document transactions.
import type { DiplomaDocument, DiplomaFields, DocumentSignature } from '@vanbang/document';

/** `verifier`: an organization that checks diplomas in bulk (the job exchange, an agency, a large employer); it reads nothing else. */
export type Role = 'issuer' | 'department-admin' | 'ministry-admin' | 'auditor' | 'verifier';

/** State of the gateway's record relative to the ledger. */
export type RecordState = 'PENDING' | 'COMMITTED';
export type LedgerStatus = 'VALID' | 'SUPERSEDED' | 'REVOKED';

export interface Decision {
  number: string;
  date: string;
}

/**
 * A signed document as stored: the signer's certificate (about 1 KB, a quarter of a record) is
 * kept once in `certificates` and named here by its SHA-256 (services/stored-documents.ts).
 * Documents stored before that carry certificatePem itself.
 */
export interface StoredDiplomaDocument extends Omit<DiplomaDocument, 'signature'> {
  readonly signature: Omit<DocumentSignature, 'certificatePem'> & { readonly certificatePem?: string; readonly certificateId?: string };
}

export interface DocumentVersion {
  version: number;
  documentHash: string;
  /** The signed, salted document (null for versions made outside this gateway, e.g. by the Fabric CLI). */
  document: StoredDiplomaDocument | null;
  state: RecordState;
  operation: 'ISSUE' | 'CORRECT' | 'REISSUE';
  decision: Decision | null;
  changedFields: string[];
  reason?: string;
  txId: string | null;
  blockNumber: number | null;
  createdAt: Date;
  committedAt: Date | null;
}

export type PendingKind = 'ISSUE' | 'CORRECT' | 'REISSUE' | 'SUPERSEDE' | 'REVOKE' | 'COPY';

/**
 * A change recorded but not yet known to be committed. The chaincode argument is stored so the
 * recovery worker can resubmit exactly the same transaction after a crash.
 */
export interface PendingOp {
  opId: string;
  kind: PendingKind;
  /** Chaincode function and its single JSON argument. */
  fn: string;
  arg: Record<string, unknown>;
  /** Fabric identity (connection profile name) that signs the transaction. */
  identityName: string;
  endorsingOrganizations: string[] | null;
  /** Transaction id of the last submission attempt (null before the first). */
  txId: string | null;
  submittedAt: Date | null;
  /** The recovery worker leaves the op alone until then (the request handler is working on it). */
  leaseUntil: Date;
  attempts: number;
  /** Extra data the commit step needs (e.g. the revocation decision, the new id of a reissue). */
  meta: Record<string, unknown>;
  /**
   * The Idempotency-Key record of the request that started the change (absent: none, or recorded
   * before keys were kept on ops). Whoever commits the change stores that request's answer there,
   * so a retry after a crash gets it (services/idempotency.ts).
   */
  idempotencyId?: string | null;
  /**
   * The certificate (its id in `certificates`) that signed the document this op commits: the
   * transaction is signed with the same one, also when the identity was renewed meanwhile (the
   * ledger records who committed a hash, and the verifier compares it with the document's signer).
   * Absent for ops that commit no document, and on ops recorded before it was kept.
   */
  signerCertificateId?: string | null;
}

export interface CopyEntry {
  copyNumber: number;
  copyYear: number;
  copies: number;
  decision: Decision | null;
  txId: string;
  blockNumber: number | null;
}

export interface DiplomaRecord {
  _id: string; // diplomaId = issuerCode:serialNumber
  issuerCode: string;
  serialNumber: string;
  registerEntryNumber: string;
  registerYear: number;
  diplomaType: string;
  graduationYear: number;
  dateOfSigning: string;
  hostMsp: string;
  state: RecordState;
  status: LedgerStatus;
  currentVersion: number;
  currentHash: string;
  /** Exact-match lookup keys (NFC); null for records that came from the ledger only. */
  lookup: { fullName: string; dateOfBirth: string } | null;
  versions: DocumentVersion[];
  pendingOp: PendingOp | null;
  /** pendingOp.leaseUntil (null when nothing is pending): when the recovery worker may take the change over. */
  pendingUntil: Date | null;
  issuedTxId: string | null;
  issuedBlockNumber: number | null;
  supersedes: string | null;
  supersededBy: string | null;
  revocation: { ground: string; decision: Decision; txId: string; blockNumber: number | null; timestamp: string | null } | null;
  copies: CopyEntry[];
  batchId: string | null;
  batchRow: number | null;
  /** The batch chunk manifest this row belongs to: its DONE state commits the row (see batch-rows.ts). */
  batchChunkId?: string | null;
  /** 'gateway' when issued through this API; 'ledger' when learned from a chaincode event. */
  origin: 'gateway' | 'ledger';
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A signer's certificate, stored once for every document it signed; see StoredDiplomaDocument. */
export interface CertificateRecord {
  _id: string; // SHA-256 hex of the PEM
  pem: string;
  createdAt: Date;
}

export interface CallerRecord {
  _id: string; // SHA-256 hex of the API key: the key itself is never stored
  name: string;
  role: Role;
  issuerCode: string | null;
  mspId: string;
  identityName: string;
  createdAt: Date;
}

export interface IdentityRecord {
  _id: string; // identity name in the connection profile
  mspId: string;
  org: string;
  role: string;
  issuerCode: string | null;
  certificatePem: string;
  /** AES-256-GCM of the PEM private key under the gateway master key. */
  encryptedKey: { iv: string; tag: string; data: string };
  createdAt: Date;
  /** When a renewed certificate (and key) last replaced the imported one. */
  renewedAt?: Date;
  /** The certificate and key it replaced, kept to commit documents already signed with them. */
  previous?: { certificatePem: string; encryptedKey: { iv: string; tag: string; data: string } };
}

export interface IssuerRecord {
  _id: string; // issuer code
  name: string;
  kind: string;
  hostMsp: string;
  status: string;
  successorCode: string | null;
  diplomaTypes: string[];
  validFrom: string | null;
  validTo: string | null;
  syncedAt: Date;
}

export type BatchStatus = 'RECEIVING' | 'PROCESSING' | 'COMPLETED' | 'ABANDONED';

export interface BatchRecord {
  _id: string;
  callerName: string;
  issuerCode: string;
  identityName: string;
  format: 'json' | 'csv';
  status: BatchStatus;
  total: number;
  validated: number;
  committed: number;
  failed: number;
  /** Number of chunk manifests (batch_chunks) written so far. */
  chunks: number;
  /**
   * The pages of failed rows (batch_failure_pages), in order, with their sizes: read by _id, so
   * the progress endpoint never searches. Absent on batches made before pages (batch_failures).
   */
  failurePages?: FailurePageRef[];
  /** The counts when the upload was received (the 202's), fixed from then on; absent on older batches. */
  received?: { total: number; validated: number; failed: number };
  /** The certificate (id in `certificates`) that signed every row: it also signs the chunks' transactions (PendingOp.signerCertificateId). */
  signerCertificateId?: string;
  createdAt: Date;
  receivedAt: Date | null;
  completedAt: Date | null;
  updatedAt: Date;
}

/**
 * One IssueDiplomas transaction's worth of rows (≤ 500), written when the rows are stored. The
 * worker walks the manifests by _id, so it never has to search the diplomas collection. A
 * manifest is about 150 KB and FerretDB decodes a document whole on every read or rewrite, so
 * it is read once by the worker and never rewritten as its transaction commits: the commit is a
 * small document of its own (BatchChunkCommit).
 */
export interface BatchChunk {
  _id: string; // <batchId>:<seq, zero-padded>
  batchId: string;
  seq: number;
  rows: { id: string; row: number; item: Record<string, unknown> }[];
  /** Manifests written before BatchChunkCommit carried their commit here (read once, by the migration). */
  state?: 'PENDING' | 'DONE';
  txId?: string | null;
  blockNumber?: number | null;
  rowCommits?: Record<string, { txId: string; blockNumber: number | null }>;
}

/** A committed batch chunk (same _id as its manifest): its rows read COMMITTED from this (batch-rows.ts). */
export interface BatchChunkCommit {
  _id: string;
  /** Null when every row of the chunk was refused (nothing was committed). */
  txId: string | null;
  blockNumber: number | null;
  /** Rows the transaction carried; null when the event listener wrote this before the worker did. */
  rows: number | null;
  /** Rows committed by an earlier transaction than txId (found on the ledger after a crash). */
  rowCommits?: Record<string, { txId: string; blockNumber: number | null }>;
}

export interface FailurePageRef {
  id: string;
  rows: number;
}

/** One failed row of a batch, with its reasons. */
export interface BatchFailureRow {
  row: number;
  serialNumber: string | null;
  stage: 'VALIDATION' | 'LEDGER';
  errors: { field: string; message: string }[];
}

/** A failed row stored on its own: batches made before failure pages (read, never written now). */
export interface BatchFailure extends BatchFailureRow {
  batchId: string;
  createdAt: Date;
}

/** Up to 500 failed rows of a batch, in the order they were found; listed by BatchRecord.failurePages. */
export interface BatchFailurePage {
  _id: string;
  batchId: string;
  failures: BatchFailureRow[];
  createdAt: Date;
}

export interface IdempotencyRecord {
  _id: string; // caller name + key
  requestHash: string;
  state: 'IN_PROGRESS' | 'DONE';
  resourceId: string | null;
  /** What resourceId names: a diploma (absent on older keys) or a batch, whose 202 a retry can rebuild. */
  resourceKind?: 'diploma' | 'batch';
  status: number | null;
  body: string | null;
  contentType: string | null;
  createdAt: Date;
}

export interface AuditEntry {
  at: Date;
  caller: string;
  role: string;
  action: string;
  method: string;
  path: string;
  status: number;
  resourceId: string | null;
  idempotencyKey: string | null;
  clientAddress: string | null;
}

export interface CheckpointRecord {
  _id: string;
  blockNumber: string; // bigint as decimal string
  transactionId: string | null;
  updatedAt: Date;
}

export interface LedgerFields {
  diplomaFields: DiplomaFields;
}

/** Transaction id → the batch chunk it carries; see collections.batchTransactions. */
export interface BatchTransactionRecord {
  _id: string;
  chunkId: string;
}

/** Public lookup key → diploma ids; see services/lookup-keys.ts. */
export interface LookupKeyRecord {
  _id: string;
  ids: string[];
}

/** A change that was (or is about to be) recorded as a diploma's pendingOp; see collections.pendingChanges. */
/**
 * What an alert rule needs that the ledger never records (alerts/refusal-log.ts): an issuer's
 * refused issuances (`issuer:<code>|<error code>`) or a batch with many rejected rows
 * (`batch:<id>`), kept so that a restart does not forget them.
 */
export interface AlertNote {
  _id: string;
  value: Record<string, unknown>;
  savedAt: Date;
}

export interface PendingChangeNote {
  _id: string;
  diplomaId: string;
  opId: string;
  createdAt: Date;
}
