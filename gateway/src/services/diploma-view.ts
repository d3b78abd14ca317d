// What the API returns for a diploma record (full data: only for authorized callers).
import type { DiplomaRecord } from '../models/records';

export function diplomaView(r: DiplomaRecord): Record<string, unknown> {
  const current = r.versions.find((v) => v.documentHash === r.currentHash) ?? r.versions[r.versions.length - 1];
  return {
    id: r._id,
    issuerCode: r.issuerCode,
    serialNumber: r.serialNumber,
    registerEntryNumber: r.registerEntryNumber,
    diplomaType: r.diplomaType,
    graduationYear: r.graduationYear,
    dateOfSigning: r.dateOfSigning,
    state: r.state,
    status: r.status,
    documentHash: r.currentHash,
    version: r.currentVersion,
    transactionId: r.issuedTxId,
    blockNumber: r.issuedBlockNumber,
    supersedes: r.supersedes,
    supersededBy: r.supersededBy,
    revocation: r.revocation,
    copies: r.copies,
    pendingChange: r.pendingOp ? { kind: r.pendingOp.kind, transactionId: r.pendingOp.txId } : null,
    origin: r.origin,
    fields: current?.document ? Object.fromEntries(Object.entries(current.document.fields).map(([k, f]) => [k, f?.value])) : null,
    versions: r.versions.map((v) => ({
      version: v.version, documentHash: v.documentHash, state: v.state, operation: v.operation, decision: v.decision,
      changedFields: v.changedFields, transactionId: v.txId, blockNumber: v.blockNumber, createdAt: v.createdAt, committedAt: v.committedAt,
    })),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}
