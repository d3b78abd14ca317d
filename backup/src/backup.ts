// `npm run backup -- --to DIR`: a consistent, encrypted backup of everything that is not rebuilt
// from the ledger, taken while the system runs.
//
// In order: a peer snapshot of the channel (the state at one block, so a new peer need not replay
// every block); the gateway database, dumped collection by collection starting with the event
// mirror's checkpoint; the network's configuration and crypto material with each CA's database
// (home-files.ts). The dump is not one point in time — FerretDB has no transactions — but every
// change made after its checkpoint is on the ledger, and the gateway replays the ledger from that
// checkpoint after a restore (each event applied twice is harmless), so the restored database
// converges; what the ledger cannot give back (the documents of diplomas issued after the dump)
// is listed by the recovery report. All of it goes as one tar.gz stream straight into an
// encrypted file (archive/envelope.ts); the master key goes into a file of its own.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { BSON, MongoClient } from 'mongodb';
import * as tar from 'tar';
import { databaseUri, peerLedgerHeight, peerProcessName, runningPid, takePeerSnapshot, usesEmbeddedDatabase, type NetworkContext } from '@vanbang/network';
import type { BackupKey } from './archive/backup-key';
import { encryptStream } from './archive/envelope';
import { describeFiles, sha256File, type BackupManifest } from './archive/manifest';
import { databaseName } from './continuous/replicator';
import { dumpDatabase } from './database/collection-dump';
import { copyHomeFiles, MASTER_KEY_FILE } from './files/home-files';
import { ARCHIVE_FILE, CHECKSUMS_FILE, masterKeyFileName, type OuterChecksums } from './backup-layout';

export interface BackupOptions {
  to: string;
  key: BackupKey;
  /** Where the encrypted master key goes (default: its own file beside the archive). */
  masterKeyTo?: string;
  /** Take no peer snapshot (a network whose peers are down). */
  peerSnapshot?: boolean;
  log?: (line: string) => void;
}

export interface BackupResult {
  folder: string;
  manifest: BackupManifest;
  archiveBytes: number;
  masterKeyFile: string | null;
  seconds: number;
}

function backupId(now: Date): string {
  return `vanbang-backup-${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`;
}

/** The event mirror's checkpoint as dumped (the first collection), or null before the mirror's first block. */
function dumpedCheckpoint(stage: string, db: string): number | null {
  const file = path.join(stage, 'database', db, 'checkpoints.bson');
  if (!existsSync(file)) return null;
  // A tiny collection: decoded whole.
  let offset = 0;
  const bytes = readFileSync(file);
  while (offset < bytes.length) {
    const size = bytes.readInt32LE(offset);
    const doc = BSON.deserialize(bytes.subarray(offset, offset + size)) as { _id: string; blockNumber?: string };
    if (doc._id === 'chaincode-events' && doc.blockNumber !== undefined) return Number(doc.blockNumber);
    offset += size;
  }
  return null;
}

export async function takeBackup(ctx: NetworkContext, opts: BackupOptions): Promise<BackupResult> {
  const log = opts.log ?? (() => {});
  const started = Date.now();
  const { home, topology: t } = ctx;
  const id = backupId(new Date());
  const folder = path.resolve(opts.to, id);
  if (existsSync(folder)) throw new Error(`${folder} already exists.`);
  const host = t.organizations.find((o) => runningPid(home, peerProcessName(o)));
  if (!host) throw new Error('No peer of this network is running: start the system first (npm start); a backup is taken while it runs.');
  const dbName = databaseName(t);
  // Plaintext never goes to the backup's destination: it is staged on the machine's own disk, beside the live data.
  const stage = path.join(home.run, `backup-staging-${id}`);
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true, mode: 0o700 });
  mkdirSync(folder, { recursive: true });
  try {
    let peerSnapshot: BackupManifest['peerSnapshot'] = null;
    if (opts.peerSnapshot !== false) {
      log(`• Peer snapshot of channel ${t.channel} on ${host.name}'s peer`);
      const snap = await takePeerSnapshot(home, t, host);
      const rel = path.posix.join('ledger-snapshot', host.name, String(snap.lastBlock));
      cpSync(snap.dir, path.join(stage, rel), { recursive: true });
      // The peer keeps each completed snapshot until an administrator deletes it: this one is in the archive now.
      rmSync(snap.dir, { recursive: true, force: true });
      peerSnapshot = { organization: host.name, lastBlock: snap.lastBlock, folder: rel };
      log(`  block ${snap.lastBlock}`);
    }

    log(`• Database ${dbName} (${usesEmbeddedDatabase() ? 'embedded FerretDB' : 'MONGODB_URI'})`);
    const ledgerHeight = (await peerLedgerHeight(host, t.channel)) ?? 0;
    const takenAt = new Date();
    const client = new MongoClient(databaseUri(t), { serverSelectionTimeoutMS: 10_000 });
    let collections: BackupManifest['database']['collections'];
    try {
      await client.connect();
      collections = await dumpDatabase(client.db(dbName), path.join(stage, 'database', dbName));
    } catch (err) {
      throw new Error(`Cannot dump the database at ${databaseUri(t)}: ${(err as Error).message}`);
    } finally {
      await client.close().catch(() => {});
    }
    log(`  ${collections.length} collections, ${collections.reduce((n, c) => n + c.documents, 0)} documents`);

    log('• Network configuration, crypto material and CA databases');
    const copied = await copyHomeFiles(home, path.join(stage, 'home'));
    log(`  ${copied.files} files, ${copied.caDatabases.length} CA databases`);

    const manifest: BackupManifest = {
      format: 'vanbang-backup/1',
      backupId: id,
      createdBy: `${hostname()} (${process.env.USER ?? 'unknown user'})`,
      channel: t.channel,
      organizations: t.organizations.map((o) => o.name),
      database: { kind: usesEmbeddedDatabase() ? 'ferretdb' : 'mongodb', name: dbName, collections },
      peerSnapshot,
      recoveryPoint: { takenAt: takenAt.toISOString(), finishedAt: new Date().toISOString(), ledgerHeight, eventCheckpointBlock: dumpedCheckpoint(stage, dbName) },
      files: await describeFiles(stage),
    };
    writeFileSync(path.join(stage, 'manifest.json'), JSON.stringify(manifest, null, 2), { mode: 0o600 });

    log('• Encrypting the archive');
    const archive = path.join(folder, ARCHIVE_FILE);
    await encryptStream(tar.c({ gzip: true, cwd: stage, portable: true }, ['.']), archive, opts.key, 'archive');

    const masterKeyFile = await backUpMasterKey(ctx, opts, id, folder);
    const checksums: OuterChecksums = {
      backupId: id,
      createdAt: manifest.recoveryPoint.finishedAt,
      recoveryPoint: manifest.recoveryPoint,
      files: [{ name: ARCHIVE_FILE, bytes: statSync(archive).size, sha256: await sha256File(archive) }],
    };
    writeFileSync(path.join(folder, CHECKSUMS_FILE), JSON.stringify(checksums, null, 2));
    return { folder, manifest, archiveBytes: statSync(archive).size, masterKeyFile, seconds: (Date.now() - started) / 1000 };
  } catch (err) {
    rmSync(folder, { recursive: true, force: true });
    throw err;
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

/** The gateway's master key, encrypted on its own; null when it comes from VANBANG_MASTER_KEY (the operator keeps it). */
async function backUpMasterKey(ctx: NetworkContext, opts: BackupOptions, id: string, folder: string): Promise<string | null> {
  const source = path.join(ctx.home.root, MASTER_KEY_FILE);
  if (!existsSync(source)) return null;
  const dir = path.resolve(opts.masterKeyTo ?? folder);
  mkdirSync(dir, { recursive: true });
  const target = path.join(dir, masterKeyFileName(id));
  await encryptStream(Readable.from([readFileSync(source)]), target, opts.key, 'master-key');
  return target;
}
