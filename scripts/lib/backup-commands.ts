// The backup commands, argument checking here and the work in backup/src:
//   npm run backup -- --to DIR --key-file FILE [--master-key-to DIR2] [--no-peer-snapshot]
//   npm run restore -- --from DIR --key-file FILE [--master-key FILE] [--replica DIR|off]
// and the continuous replicator `npm start` runs (backup/src/continuous/replicator.ts).
// backup/src is loaded only when one of these runs, after the TypeScript build: it imports
// @vanbang/network, which is the network workspace's compiled output.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { logFile, logTail, runningPid, startProcess, REPLICATOR_PROCESS, waitFor, type NetworkContext } from '../../network/src';
import { parseOptions } from './cli-options';

const BACKUP_USAGE = 'Usage: npm run backup -- --to DIR --key-file FILE [--master-key-to DIR2] [--no-peer-snapshot]';
const RESTORE_USAGE = 'Usage: npm run restore -- --from DIR --key-file FILE [--master-key FILE] [--replica DIR|off]';

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

const backupCode = () => import('../../backup/src');

export async function backupCommand(ctx: NetworkContext, args: string[]): Promise<number> {
  const { readBackupKey, takeBackup } = await backupCode();
  const { positional, options, flags } = parseOptions(args, ['to', 'key-file', 'master-key-to'], BACKUP_USAGE, ['no-peer-snapshot']);
  if (positional.length > 0 || !options.to) throw new Error(BACKUP_USAGE);
  const key = readBackupKey(options['key-file'] ?? process.env.VANBANG_BACKUP_KEY_FILE);
  console.log(`Backing up ${ctx.home.root} into ${path.resolve(options.to)}`);
  const r = await takeBackup(ctx, { to: options.to, key, masterKeyTo: options['master-key-to'], peerSnapshot: !flags.has('no-peer-snapshot'), log: console.log });
  const docs = r.manifest.database.collections.reduce((n, c) => n + c.documents, 0);
  console.log(`
✔ backup ${r.manifest.backupId} in ${r.seconds.toFixed(1)} s
  Folder          ${r.folder}
  Archive         ${mib(r.archiveBytes)}, encrypted (${r.manifest.files.length} files; ${docs} database documents)
  Master key      ${r.masterKeyFile ?? 'from VANBANG_MASTER_KEY: keep it yourself, it is not in the backup'}
  Recovery point  ${r.manifest.recoveryPoint.takenAt} (ledger height ${r.manifest.recoveryPoint.ledgerHeight})
  Peer snapshot   ${r.manifest.peerSnapshot ? `${r.manifest.peerSnapshot.organization}, block ${r.manifest.peerSnapshot.lastBlock}` : 'none'}
  Keep the key file apart from the backup: without it the backup cannot be opened.`);
  return 0;
}

export async function restoreCommand(ctx: NetworkContext, args: string[]): Promise<number> {
  const { readBackupKey, restoreBackup } = await backupCode();
  const { positional, options } = parseOptions(args, ['from', 'key-file', 'master-key', 'replica'], RESTORE_USAGE);
  if (positional.length > 0 || !options.from) throw new Error(RESTORE_USAGE);
  const key = readBackupKey(options['key-file'] ?? process.env.VANBANG_BACKUP_KEY_FILE);
  const replica = options.replica === undefined ? undefined : options.replica === 'off' ? null : path.resolve(options.replica);
  const r = await restoreBackup(ctx, { from: options.from, key, masterKey: options['master-key'], replica, log: console.log });
  const point = r.database.source === 'replica'
    ? `${r.database.replicaUpdatedAt} (the continuous replica's last change; the backup's was ${r.recoveryPoint.takenAt})`
    : `${r.recoveryPoint.takenAt} (ledger height ${r.recoveryPoint.ledgerHeight}): changes after it come back from the ledger, without their documents`;
  console.log(`
✔ restored ${r.backupId} in ${r.seconds.toFixed(1)} s
  Files           ${r.files.written} written back, ${r.files.kept} kept as they were
  Database        from the ${r.database.source === 'replica' ? 'continuous replica' : `backup's dump (${r.database.documents} documents)`}
  Recovery point  ${point}
  Next            npm start — rejoins the lost nodes to the channel and replays the ledger into the database;
                  then GET /api/v1/audit/recovery (auditor) lists what the ledger recovered and what it could not.`);
  return 0;
}

/** Starts Litestream on the embedded database when continuous protection is on (the default). */
export async function startReplicator(ctx: NetworkContext): Promise<string | null> {
  const { replicaDir, replicatorProcess } = await backupCode();
  const replica = replicaDir(ctx.home);
  if (!replica) return null;
  if (runningPid(ctx.home, REPLICATOR_PROCESS)) return replica;
  const log = logFile(ctx.home, REPLICATOR_PROCESS);
  const from = existsSync(log) ? statSync(log).size : 0;
  await startProcess(ctx.home, replicatorProcess(ctx.home, ctx.topology, replica));
  // It listens on nothing: started = it says in its log that it replicates.
  await waitFor('database replicator (Litestream)', async () => existsSync(log) && readFileSync(log).subarray(from).includes('replicating to'), {
    timeoutMs: 5_000, alive: () => runningPid(ctx.home, REPLICATOR_PROCESS) !== undefined, onDead: () => logTail(ctx.home, REPLICATOR_PROCESS),
  });
  return replica;
}
