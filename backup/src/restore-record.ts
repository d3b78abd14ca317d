// What a restore leaves in the gateway database, so that the gateway can say what the restore
// could not bring back (the recovery report: gateway/src/routes/audit.ts) and how far back it went.
import type { RecoveryPoint } from './archive/manifest';

export const RESTORES_COLLECTION = 'restores';

export interface RestoreRecord {
  _id: string;
  backupId: string;
  restoredAt: Date;
  /** The dump in the backup, or the continuous replica (then the recovery point is its last change). */
  source: 'dump' | 'replica';
  recoveryPoint: RecoveryPoint;
  replicaUpdatedAt: Date | null;
}
