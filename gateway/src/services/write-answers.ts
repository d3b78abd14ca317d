// The answers of write requests, built from stored records, so that a request and the retry of
// one that died before answering (Idempotency-Key) get the same body:
// - the 201 of a change (issue, correct, reissue, revoke, copy), from the committed record: the
//   route sends it, and the commit step stores it for the key (pending-ops.ts);
// - the 202 of a batch upload, from the received batch (idempotency.ts rebuilds it).
import type { SignedDiplomaDocument } from '@vanbang/document';
import type { BatchRecord, DiplomaRecord, PendingOp } from '../models/records';
import { currentStoredDocument, fullDocument } from './stored-documents';

export function outcomeBody(record: DiplomaRecord, txId: string | null, blockNumber: number | null, document?: SignedDiplomaDocument): Record<string, unknown> {
  return {
    id: record._id, documentHash: record.currentHash, status: record.status, state: record.state, version: record.currentVersion,
    transactionId: txId, blockNumber, ...(document ? { document } : {}),
  };
}

/** What the request that made `kind` would have answered, from the record after the commit. */
export async function committedChangeAnswer(kind: PendingOp['kind'], record: DiplomaRecord, txId: string, blockNumber: number | null, result: unknown): Promise<Record<string, unknown>> {
  switch (kind) {
    case 'ISSUE':
    case 'REISSUE':
    case 'CORRECT': { // these answers carry the new signed document
      const stored = currentStoredDocument(record);
      return outcomeBody(record, txId, blockNumber, stored ? await fullDocument(stored) : undefined);
    }
    case 'COPY':
      return { ...outcomeBody(record, txId, blockNumber), copy: (result as { copy?: unknown } | null)?.copy ?? null };
    default:
      return outcomeBody(record, txId, blockNumber);
  }
}

/** The 202 body of a received batch. */
export function batchAcceptedAnswer(batch: BatchRecord): { id: string; status: 'PROCESSING'; total: number; validated: number; failed: number } {
  const counts = batch.received ?? batch;
  return { id: batch._id, status: 'PROCESSING', total: counts.total, validated: counts.validated, failed: counts.failed };
}
