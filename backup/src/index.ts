export { readBackupKey, parseBackupKey, type BackupKey } from './archive/backup-key';
export { encryptFile, decryptFile, EnvelopeError } from './archive/envelope';
export type { BackupManifest, RecoveryPoint } from './archive/manifest';
export { takeBackup, type BackupOptions, type BackupResult } from './backup';
export { ARCHIVE_FILE, CHECKSUMS_FILE, masterKeyFileName } from './backup-layout';
export { replicaDir, replicatorProcess, replicaUpdatedAt, databaseFile } from './continuous/replicator';
export { dumpDatabase, loadDatabase, bsonDocuments } from './database/collection-dump';
export { restoreBackup, findBackupFolder, type RestoreOptions, type RestoreResult } from './restore';
export { RESTORES_COLLECTION, type RestoreRecord } from './restore-record';
