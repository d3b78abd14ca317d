// The manifest of a backup: every file it holds with its size and SHA-256, and what the backup
// is consistent with (the ledger height, the database's event checkpoint). Written inside the
// encrypted archive (it names organizations and identities) and checked file by file on restore.
import { createHash } from 'node:crypto';
import { createReadStream, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export interface ManifestFile {
  path: string;
  bytes: number;
  sha256: string;
}

export interface RecoveryPoint {
  /** When the database dump began: every change the gateway had recorded by then is in the backup. */
  takenAt: string;
  finishedAt: string;
  /** The channel's height on the host organization's peer when the dump began. */
  ledgerHeight: number;
  /** The block the gateway's event mirror would read next, as dumped: replay from there recovers the rest. */
  eventCheckpointBlock: number | null;
}

export interface BackupManifest {
  format: 'vanbang-backup/1';
  backupId: string;
  createdBy: string;
  channel: string;
  organizations: string[];
  database: { kind: 'ferretdb' | 'mongodb'; name: string; collections: { name: string; documents: number }[] };
  peerSnapshot: { organization: string; lastBlock: number; folder: string } | null;
  recoveryPoint: RecoveryPoint;
  files: ManifestFile[];
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Every regular file under `root`, as sorted paths relative to it (with '/' separators). */
export function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) out.push(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}

export async function describeFiles(root: string, exclude: (rel: string) => boolean = () => false): Promise<ManifestFile[]> {
  const files: ManifestFile[] = [];
  for (const rel of listFiles(root)) {
    if (exclude(rel)) continue;
    const full = path.join(root, rel);
    files.push({ path: rel, bytes: statSync(full).size, sha256: await sha256File(full) });
  }
  return files;
}

/** The manifest's entries that do not match the files under `root`, in words (empty: all match). */
export async function manifestProblems(root: string, files: ManifestFile[]): Promise<string[]> {
  const problems: string[] = [];
  for (const f of files) {
    const full = path.join(root, f.path);
    let bytes: number;
    try {
      bytes = statSync(full).size;
    } catch {
      problems.push(`${f.path} is missing`);
      continue;
    }
    if (bytes !== f.bytes) problems.push(`${f.path} has ${bytes} bytes, the manifest says ${f.bytes}`);
    else if ((await sha256File(full)) !== f.sha256) problems.push(`${f.path} does not match its SHA-256 in the manifest`);
  }
  return problems;
}
