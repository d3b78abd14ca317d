// Which files under VANBANG_HOME a backup holds, and how they are copied while the system runs.
//
// Kept: the network's configuration and crypto material (network/: every organization's MSP,
// node and user certificates and keys, each CA's home with its keys, the channel's genesis
// block, the configuration updates, the connection profile, the chaincode deployments), the
// gateway's keys other than the master key, the demo credentials, and the anchoring keys and the
// registry's address (anchoring/: the embedded chain's anchoring and governance keys, chain.json).
// Left out: what is rebuilt from the ledger or the other organizations — the peers' and
// orderers' ledgers (network/data/, whose state the peer snapshot carries), the gateway's status
// index and anchor proof index (rebuilt from the ledger and the database), the embedded EVM chain's own data (evm/, a development chain) — and what belongs to the running processes: PID files, logs, the database's own files
// (the database is dumped logically, database/collection-dump.ts). The master key is backed up
// on its own (backup.ts), never in the archive it would open.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { binary, run, type Home } from '@vanbang/network';
import { listFiles } from '../archive/manifest';

/** Each Fabric CA's SQLite database (inside its home): copied with a read transaction, never as raw bytes. */
export const CA_DATABASE_FILE = 'fabric-ca-server.db';
export const MASTER_KEY_FILE = 'gateway/master.key';

const INCLUDED_ROOTS = ['network/', 'gateway/', 'anchoring/', 'demo-credentials.json'];
const EXCLUDED_PREFIXES = ['network/data/', 'gateway/status-index/', 'gateway/anchor-index/'];
/** SQLite's side files: a consistent copy of the database makes them unnecessary. */
const EXCLUDED_SUFFIXES = ['.db-journal', '.db-wal', '.db-shm', '.sock'];

export function isBackedUp(rel: string): boolean {
  if (rel === MASTER_KEY_FILE) return false;
  if (!INCLUDED_ROOTS.some((root) => (root.endsWith('/') ? rel.startsWith(root) : rel === root))) return false;
  if (EXCLUDED_PREFIXES.some((prefix) => rel.startsWith(prefix))) return false;
  return !EXCLUDED_SUFFIXES.some((suffix) => rel.endsWith(suffix));
}

export function isCaDatabase(rel: string): boolean {
  return rel.startsWith('network/ca/') && path.posix.basename(rel) === CA_DATABASE_FILE;
}

/** The files under the included roots only: the home may also hold test and benchmark networks' ledgers. */
function candidateFiles(root: string): string[] {
  return INCLUDED_ROOTS.flatMap((entry) => {
    const full = path.join(root, entry);
    if (!existsSync(full)) return [];
    return entry.endsWith('/') ? listFiles(full).map((rel) => `${entry}${rel}`) : [entry];
  });
}

/** Copies the backed-up files of `home` into `target` (relative paths kept); returns how many. */
export async function copyHomeFiles(home: Home, target: string): Promise<{ files: number; caDatabases: string[] }> {
  let files = 0;
  const caDatabases: string[] = [];
  for (const rel of candidateFiles(home.root)) {
    if (!isBackedUp(rel)) continue;
    const from = path.join(home.root, rel);
    const to = path.join(target, rel);
    mkdirSync(path.dirname(to), { recursive: true });
    if (isCaDatabase(rel)) {
      // The CA keeps writing (enrollments, renewals): one SQLite read transaction gives a consistent copy.
      await run(binary('sqlite-snapshot'), [from, to], { purpose: `copy the CA database ${rel}`, timeoutMs: 120_000 });
      caDatabases.push(rel);
    } else if (existsSync(from)) {
      copyFileSync(from, to);
    }
    files++;
  }
  return { files, caDatabases };
}
