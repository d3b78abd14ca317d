// The key the operator gives to encrypt a backup: a file holding either 64 hex digits (a random
// 256-bit key, e.g. `openssl rand -hex 32`) or a passphrase of at least 16 characters. It is never
// stored with the backup; losing it means losing the backup, so docs/backup-and-restore.md says
// where to keep it.
import { existsSync, readFileSync, statSync } from 'node:fs';

export type BackupKey = { kind: 'raw'; key: Buffer } | { kind: 'passphrase'; passphrase: string };

export const MIN_PASSPHRASE_LENGTH = 16;

/** The key file named by --key-file or VANBANG_BACKUP_KEY_FILE; a readable Error when it is unusable. */
export function readBackupKey(file: string | undefined): BackupKey {
  if (!file) {
    throw new Error('Give the key that encrypts the backup: --key-file FILE (or VANBANG_BACKUP_KEY_FILE), a file holding 64 hex digits or a passphrase of at least 16 characters. Create one with: openssl rand -hex 32 > backup.key');
  }
  if (!existsSync(file) || !statSync(file).isFile()) throw new Error(`The backup key file ${file} does not exist.`);
  return parseBackupKey(readFileSync(file, 'utf8'), file);
}

export function parseBackupKey(text: string, source: string): BackupKey {
  const value = text.replace(/\r?\n$/, '');
  if (/^[0-9a-fA-F]{64}$/.test(value)) return { kind: 'raw', key: Buffer.from(value, 'hex') };
  if ([...value].length < MIN_PASSPHRASE_LENGTH) {
    throw new Error(`The backup key in ${source} is too short: use 64 hex digits or a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters.`);
  }
  return { kind: 'passphrase', passphrase: value.normalize('NFC') };
}
