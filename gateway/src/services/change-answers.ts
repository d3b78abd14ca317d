// The 201 body of a change (issue, correct, reissue, revoke, copy), built from the committed
// record: the route sends it, and the commit step stores it for an Idempotency-Key whose request
// died before answering (pending-ops.ts), so both give the same answer.
import type { SignedDiplomaDocument } from '@vanbang/document';
import type { DiplomaRecord, PendingOp } from '../models/records';

export function outcomeBody(record: DiplomaRecord, txId: string | null, blockNumber: number | null, document?: SignedDiplomaDocument): Record<string, unknown> {
  return {
    id: record._id, documentHash: record.currentHash, status: record.status, state: record.state, version: record.currentVersion,
    transactionId: txId, blockNumber, ...(document ? { document } : {}),
  };
}

/** What the request that made `kind` would have answered, from the record after the commit. */
export function committedChangeAnswer(kind: PendingOp['kind'], record: DiplomaRecord, txId: string, blockNumber: number | null, result: unknown): Record<string, unknown> {
  switch (kind) {
    case 'ISSUE':
    case 'REISSUE':
    case 'CORRECT': // these answers carry the new signed document
      return outcomeBody(record, txId, blockNumber, record.versions.find((v) => v.documentHash === record.currentHash)?.document ?? undefined);
    case 'COPY':
      return { ...outcomeBody(record, txId, blockNumber), copy: (result as { copy?: unknown } | null)?.copy ?? null };
    default:
      return outcomeBody(record, txId, blockNumber);
  }
}
