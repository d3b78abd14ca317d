// Continuous protection of the embedded database: Litestream follows the write-ahead log of
// FerretDB's SQLite file and ships every committed change to a replica folder within a second,
// so a lost disk costs seconds of writes, not everything since the last backup. The replica
// belongs on another disk or machine (VANBANG_REPLICA_DIR: a mounted volume); by default it is
// <home>/replica, which only protects against a lost database file. With MONGODB_URI the
// database's own replica set does this job (docs/backup-and-restore.md).
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { binary, databaseUri, REPLICATOR_PROCESS, run, usesEmbeddedDatabase, type Home, type ProcessSpec, type Topology } from '@vanbang/network';

/** The replica folder (VANBANG_REPLICA_DIR; `off` turns continuous protection off), or null. */
export function replicaDir(home: Home, env: NodeJS.ProcessEnv = process.env): string | null {
  if (!usesEmbeddedDatabase()) return null;
  const setting = env.VANBANG_REPLICA_DIR;
  if (setting === 'off') return null;
  return path.resolve(setting && setting !== '' ? setting : path.join(home.root, 'replica'));
}

/** The database's name in the URI (`vanbang`): FerretDB keeps it in <name>.sqlite. */
export function databaseName(t: Topology): string {
  const name = new URL(databaseUri(t)).pathname.replace(/^\//, '');
  return name === '' ? 'test' : name;
}

export function databaseFile(home: Home, t: Topology): string {
  return path.join(home.ferretdb, `${databaseName(t)}.sqlite`);
}

/** Litestream's URL of one database's replica. */
export function replicaUrl(replica: string, t: Topology): string {
  return `file://${path.join(replica, databaseName(t))}`;
}

export function replicatorProcess(home: Home, t: Topology, replica: string): ProcessSpec {
  mkdirSync(replica, { recursive: true });
  mkdirSync(home.run, { recursive: true });
  const config = path.join(home.run, 'litestream.yml');
  writeFileSync(config, stringify({
    dbs: [{
      path: databaseFile(home, t),
      // Waits for FerretDB's locks instead of failing; checkpoints stay with Litestream's defaults.
      'busy-timeout': '10s',
      replica: { type: 'file', path: path.join(replica, databaseName(t)), 'sync-interval': '1s' },
    }],
  }));
  return { name: REPLICATOR_PROCESS, command: binary('litestream'), args: ['replicate', '-config', config], ports: [] };
}

/** When the replica last received a change (its newest file), or undefined if it holds nothing. */
export function replicaUpdatedAt(replica: string, t: Topology): Date | undefined {
  const root = path.join(replica, databaseName(t));
  if (!existsSync(root)) return undefined;
  let newest = 0;
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  walk(root);
  return newest > 0 ? new Date(newest) : undefined;
}

/** Rebuilds the database file from the replica (FerretDB stopped, the file absent). */
export async function restoreFromReplica(home: Home, t: Topology, replica: string): Promise<void> {
  const target = databaseFile(home, t);
  if (existsSync(target)) throw new Error(`${target} exists: the database is not lost; move it aside to restore from the replica.`);
  mkdirSync(home.ferretdb, { recursive: true });
  await run(binary('litestream'), ['restore', '-o', target, replicaUrl(replica, t)], { purpose: `restore the database from the replica in ${replica}`, timeoutMs: 30 * 60_000 });
}

/** Renames the database's replica out of the way (kept, never deleted); returns where it went. */
export function setAsideReplica(replica: string, t: Topology): string | undefined {
  const root = path.join(replica, databaseName(t));
  if (!existsSync(root)) return undefined;
  const aside = `${root}.before-restore-${new Date().toISOString().replace(/[-:.]/g, '')}`;
  renameSync(root, aside);
  return aside;
}
