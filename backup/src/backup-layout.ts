// The files of one backup folder, <DIR>/vanbang-backup-<time>/:
//   archive.tar.gz.enc                          everything but the master key, encrypted (envelope.ts)
//   checksums.json                              the archive's size and SHA-256, and the recovery point (no personal data)
//   vanbang-backup-<time>.master-key.enc        the gateway's master key, encrypted on its own (or elsewhere: --master-key-to)
import type { RecoveryPoint } from './archive/manifest';

export const ARCHIVE_FILE = 'archive.tar.gz.enc';
export const CHECKSUMS_FILE = 'checksums.json';

export function masterKeyFileName(backupId: string): string {
  return `${backupId}.master-key.enc`;
}

export interface OuterChecksums {
  backupId: string;
  createdAt: string;
  recoveryPoint: RecoveryPoint;
  files: { name: string; bytes: number; sha256: string }[];
}
