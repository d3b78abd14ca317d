// `npm run restore -- --from DIR`: brings back what a backup holds on a machine that lost it.
//
// Files: every file of the backup that is missing here is written back; a file that exists is
// left as it is (a Department's running node, a certificate renewed since the backup) and
// counted. The database: from the continuous replica when there is one that is newer than the
// backup (recovery point: seconds before the loss), otherwise from the backup's dump, and only
// into an empty database. Then `npm start` rejoins the lost peer and orderer to the channel from
// the other organizations, and the gateway replays the ledger from the restored checkpoint: the
// diplomas committed after the recovery point come back with their status and hashes, and the
// recovery report (GET /api/v1/audit/recovery) lists those whose document was lost.
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { MongoClient, type Db } from 'mongodb';
import * as tar from 'tar';
import {
  databaseUri, FERRETDB_PROCESS, GATEWAY_PROCESS, runningPid, startDatabase, stopProcess, usesEmbeddedDatabase, type NetworkContext,
} from '@vanbang/network';
import type { BackupKey } from './archive/backup-key';
import { decryptFile } from './archive/envelope';
import { listFiles, manifestProblems, sha256File, type BackupManifest } from './archive/manifest';
import { ARCHIVE_FILE, CHECKSUMS_FILE, masterKeyFileName, type OuterChecksums } from './backup-layout';
import { databaseFile, databaseName, replicaDir, replicaUpdatedAt, restoreFromReplica, setAsideReplica } from './continuous/replicator';
import { loadDatabase } from './database/collection-dump';
import { MASTER_KEY_FILE } from './files/home-files';
import { RESTORES_COLLECTION, type RestoreRecord } from './restore-record';

export interface RestoreOptions {
  from: string;
  key: BackupKey;
  /** The encrypted master key (default: the one in the backup folder). */
  masterKey?: string;
  /** The continuous replica to prefer over the dump (default: the configured one); null: the dump only. */
  replica?: string | null;
  log?: (line: string) => void;
}

export interface RestoreResult {
  backupId: string;
  files: { written: number; kept: number };
  database: { source: 'dump' | 'replica'; documents: number | null; replicaUpdatedAt: string | null };
  recoveryPoint: BackupManifest['recoveryPoint'];
  seconds: number;
}

/** The backup folder itself, or the newest backup folder inside DIR. */
export function findBackupFolder(from: string): string {
  const dir = path.resolve(from);
  if (!existsSync(dir)) throw new Error(`No backup at ${dir}: the folder does not exist.`);
  if (existsSync(path.join(dir, CHECKSUMS_FILE))) return dir;
  const inside = readdirSync(dir).filter((f) => f.startsWith('vanbang-backup-') && existsSync(path.join(dir, f, CHECKSUMS_FILE))).sort();
  if (inside.length === 0) throw new Error(`${dir} holds no vanbang backup (no ${CHECKSUMS_FILE} in it or in a vanbang-backup-* folder).`);
  return path.join(dir, inside[inside.length - 1]);
}

/** Checks the outer checksums before anything is decrypted: a damaged copy is named as such. */
async function checkOuterChecksums(folder: string): Promise<OuterChecksums> {
  let checksums: OuterChecksums;
  try {
    checksums = JSON.parse(readFileSync(path.join(folder, CHECKSUMS_FILE), 'utf8')) as OuterChecksums;
  } catch (err) {
    throw new Error(`${path.join(folder, CHECKSUMS_FILE)} is not readable: ${(err as Error).message}`);
  }
  for (const f of checksums.files) {
    const file = path.join(folder, f.name);
    if (!existsSync(file)) throw new Error(`The backup is incomplete: ${f.name} is missing from ${folder}.`);
    if (statSync(file).size !== f.bytes || (await sha256File(file)) !== f.sha256) {
      throw new Error(`The backup is damaged: ${f.name} does not match its checksum in ${CHECKSUMS_FILE} (a changed or truncated copy). Restore from another copy of the backup.`);
    }
  }
  return checksums;
}

/** Decrypts and unpacks the archive into `stage`, then checks every file against the manifest. */
async function unpack(folder: string, key: BackupKey, stage: string): Promise<BackupManifest> {
  const tarball = path.join(stage, 'archive.tar.gz');
  await decryptFile(path.join(folder, ARCHIVE_FILE), tarball, key, 'archive');
  const content = path.join(stage, 'content');
  mkdirSync(content, { recursive: true });
  await tar.x({ file: tarball, cwd: content });
  rmSync(tarball);
  const manifest = JSON.parse(readFileSync(path.join(content, 'manifest.json'), 'utf8')) as BackupManifest;
  if (manifest.format !== 'vanbang-backup/1') throw new Error(`The backup's format ${String(manifest.format)} is not one this version restores.`);
  const problems = await manifestProblems(content, manifest.files);
  if (problems.length > 0) throw new Error(`The backup does not match its manifest:\n  ${problems.slice(0, 10).join('\n  ')}`);
  return manifest;
}

/** Writes back the files missing under the home; existing ones are kept (and counted). */
function putBackFiles(content: string, homeRoot: string): { written: number; kept: number } {
  const root = path.join(content, 'home');
  let written = 0;
  let kept = 0;
  for (const rel of existsSync(root) ? listFiles(root) : []) {
    const target = path.join(homeRoot, rel);
    if (existsSync(target)) {
      kept++;
      continue;
    }
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(path.join(root, rel), target);
    chmodSync(target, statSync(path.join(root, rel)).mode & 0o777);
    written++;
  }
  return { written, kept };
}

async function putBackMasterKey(ctx: NetworkContext, folder: string, backupId: string, opts: RestoreOptions, stage: string): Promise<void> {
  const source = path.resolve(opts.masterKey ?? path.join(folder, masterKeyFileName(backupId)));
  const target = path.join(ctx.home.root, MASTER_KEY_FILE);
  if (!existsSync(source)) {
    if (existsSync(target) || process.env.VANBANG_MASTER_KEY) return;
    throw new Error(`The gateway's master key is not at ${source}: give its file with --master-key FILE (it was backed up apart from the archive).`);
  }
  const plain = path.join(stage, 'master.key');
  await decryptFile(source, plain, opts.key, 'master-key');
  if (existsSync(target)) {
    if (readFileSync(target).equals(readFileSync(plain))) return;
    throw new Error(`${target} exists and is not the backed-up master key: the restored identities could not be opened with it. Move it aside and run the restore again.`);
  }
  mkdirSync(path.dirname(target), { recursive: true });
  copyFileSync(plain, target);
  chmodSync(target, 0o600);
}

type DatabasePlan = { source: 'replica'; replica: string; replicaAt: Date } | { source: 'dump'; replica: string | null; replicaAt: Date | undefined };

/**
 * Where the database comes from — the replica if it is newer than the backup, else the dump —
 * checked before anything is written: a database that is not lost is never overwritten.
 */
async function planDatabase(ctx: NetworkContext, manifest: BackupManifest, opts: RestoreOptions): Promise<DatabasePlan> {
  const { home, topology: t } = ctx;
  const replica = opts.replica === undefined ? replicaDir(home) : opts.replica;
  const replicaAt = replica ? replicaUpdatedAt(replica, t) : undefined;
  if (usesEmbeddedDatabase() && replica && replicaAt && replicaAt.getTime() > Date.parse(manifest.recoveryPoint.finishedAt)) {
    if (existsSync(databaseFile(home, t))) {
      throw new Error(`The database file ${databaseFile(home, t)} exists: the database is not lost. Move it aside (FerretDB stopped) to restore it from the replica, or start the system as it is.`);
    }
    return { source: 'replica', replica, replicaAt };
  }
  await startDatabase(home, t);
  await withDatabase(ctx, async (db) => {
    for (const name of manifest.database.collections.map((c) => c.name)) {
      if (await db.collection(name).findOne({}, { projection: { _id: 1 } })) {
        throw new Error(`The database ${databaseName(t)} already holds documents in "${name}": restore only into an empty database (delete it first, or point MONGODB_URI at a new one).`);
      }
    }
  });
  return { source: 'dump', replica, replicaAt };
}

async function restoreDatabase(ctx: NetworkContext, plan: DatabasePlan, manifest: BackupManifest, content: string, log: (l: string) => void): Promise<RestoreResult['database']> {
  const { home, topology: t } = ctx;
  if (plan.source === 'replica') {
    if (runningPid(home, FERRETDB_PROCESS)) await stopProcess(home, FERRETDB_PROCESS);
    log(`• Database from the continuous replica ${plan.replica} (last change ${plan.replicaAt.toISOString()})`);
    await restoreFromReplica(home, t, plan.replica);
    await startDatabase(home, t);
    return { source: 'replica', documents: null, replicaUpdatedAt: plan.replicaAt.toISOString() };
  }
  log(`• Database from the backup's dump (${manifest.database.collections.reduce((n, c) => n + c.documents, 0)} documents)`);
  // A replica of the lost database must not be continued by the restored one (Litestream would
  // take it for the same database, behind): it is kept aside, and replication starts afresh.
  if (plan.replica && plan.replicaAt) {
    const aside = setAsideReplica(plan.replica, t);
    if (aside) log(`  the replica of the lost database is kept in ${aside}; a new one starts with the restored database`);
  }
  const loaded = await withDatabase(ctx, (db) => loadDatabase(db, path.join(content, 'database', manifest.database.name)));
  return { source: 'dump', documents: loaded.reduce((n, c) => n + c.documents, 0), replicaUpdatedAt: null };
}

async function withDatabase<T>(ctx: NetworkContext, fn: (db: Db) => Promise<T>): Promise<T> {
  const client = new MongoClient(databaseUri(ctx.topology), { serverSelectionTimeoutMS: 10_000 });
  try {
    await client.connect();
    return await fn(client.db(databaseName(ctx.topology)));
  } finally {
    await client.close().catch(() => {});
  }
}

function recordRestore(ctx: NetworkContext, record: RestoreRecord): Promise<unknown> {
  return withDatabase(ctx, (db) => db.collection<RestoreRecord>(RESTORES_COLLECTION).insertOne(record));
}

export async function restoreBackup(ctx: NetworkContext, opts: RestoreOptions): Promise<RestoreResult> {
  const log = opts.log ?? (() => {});
  const started = Date.now();
  if (runningPid(ctx.home, GATEWAY_PROCESS)) throw new Error('The gateway is running: stop it first (its PID file is in var/run); the restore writes its database.');
  const folder = findBackupFolder(opts.from);
  log(`• Checking ${folder}`);
  const checksums = await checkOuterChecksums(folder);
  const stage = path.join(ctx.home.run, `restore-staging-${checksums.backupId}`);
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true, mode: 0o700 });
  try {
    const manifest = await unpack(folder, opts.key, stage);
    const content = path.join(stage, 'content');
    log(`  backup ${manifest.backupId}: ${manifest.files.length} files, recovery point ${manifest.recoveryPoint.takenAt} (ledger height ${manifest.recoveryPoint.ledgerHeight})`);
    const plan = await planDatabase(ctx, manifest, opts);
    await putBackMasterKey(ctx, folder, manifest.backupId, opts, stage);
    log('• Network configuration, crypto material and CA databases');
    const files = putBackFiles(content, ctx.home.root);
    log(`  ${files.written} files written back, ${files.kept} already here and kept`);
    const database = await restoreDatabase(ctx, plan, manifest, content, log);
    await recordRestore(ctx, {
      _id: `${manifest.backupId}@${new Date().toISOString()}`,
      backupId: manifest.backupId, restoredAt: new Date(), source: database.source,
      recoveryPoint: manifest.recoveryPoint, replicaUpdatedAt: database.replicaUpdatedAt ? new Date(database.replicaUpdatedAt) : null,
    });
    return { backupId: manifest.backupId, files, database, recoveryPoint: manifest.recoveryPoint, seconds: (Date.now() - started) / 1000 };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}
