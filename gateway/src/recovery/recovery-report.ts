// What a restore brought back and what it could not (GET /api/v1/audit/recovery). After
// `npm run restore`, the event mirror replays the ledger from the restored checkpoint: each
// diploma version committed after the recovery point comes back with its hash, status and
// events, but its document — the personal data and the salts, which never go on the ledger — is
// back only if the backup (or the continuous replica) had it. Those without one are listed here,
// so the issuing schools know which diplomas to re-enter, and the recovery point is stated.
import type { RestoreRecord } from '@vanbang/backup';
import { collections } from '../models/collections';
import type { GatewayContext } from '../services/context';

export interface MissingDocument {
  diplomaId: string;
  issuerCode: string;
  version: number;
  operation: string;
  documentHash: string;
  txId: string | null;
  blockNumber: number | null;
}

export interface RecoveryReport {
  restored: boolean;
  restore: (Omit<RestoreRecord, '_id'> & { id: string }) | null;
  /** The block the mirror reads next and the peer's height: the report is complete once they meet. */
  mirror: { nextBlock: number | null; ledgerHeight: number; caughtUp: boolean };
  /** Versions committed on the ledger after the recovery point whose document was not in the backup. */
  documentsMissingSinceBackup: MissingDocument[];
}

/** Where the replay starts: versions from this block on were not in the restored database. */
function firstReplayedBlock(restore: RestoreRecord): number {
  return restore.recoveryPoint.eventCheckpointBlock ?? restore.recoveryPoint.ledgerHeight;
}

export async function recoveryReport(ctx: GatewayContext): Promise<RecoveryReport> {
  const [restore] = await collections.restores().find({}).sort({ restoredAt: -1 }).limit(1).toArray();
  const checkpoint = await collections.checkpoints().findOne({ _id: 'chaincode-events' });
  const ledgerHeight = await ctx.ledger.height();
  const nextBlock = checkpoint ? Number(checkpoint.blockNumber) : null;
  const mirror = { nextBlock, ledgerHeight, caughtUp: nextBlock !== null && nextBlock >= ledgerHeight };
  if (!restore) return { restored: false, restore: null, mirror, documentsMissingSinceBackup: [] };
  const from = firstReplayedBlock(restore);
  const missing: MissingDocument[] = [];
  // Versions without a document are rare (made outside this gateway, or lost): a filtered scan.
  const cursor = collections.diplomas().find({ 'versions.document': null }, { projection: { _id: 1, issuerCode: 1, versions: 1 } });
  for await (const record of cursor) {
    for (const v of record.versions) {
      if (v.document !== null) continue;
      const replayed = (v.blockNumber !== null && v.blockNumber >= from) || v.createdAt >= restore.restoredAt;
      if (!replayed) continue;
      missing.push({ diplomaId: record._id, issuerCode: record.issuerCode, version: v.version, operation: v.operation, documentHash: v.documentHash, txId: v.txId, blockNumber: v.blockNumber });
    }
  }
  missing.sort((a, b) => (a.blockNumber ?? Infinity) - (b.blockNumber ?? Infinity) || a.diplomaId.localeCompare(b.diplomaId));
  const { _id, ...rest } = restore;
  return { restored: true, restore: { id: _id, ...rest }, mirror, documentsMissingSinceBackup: missing };
}
