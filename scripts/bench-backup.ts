// `npm run bench -- --only=backup`: backups and disaster recovery, on a network of its own laid out
// as `npm start` lays it out (var/bench-backup, ports +24000), with the gateway and the continuous
// replica running as `npm start` runs them. It issues N distinct diplomas (a CSV cohort, default
// 20,000; --quick 2,000), then measures:
//   - the replication lag: for each of 40 single issues, the time from the gateway's answer to the
//     replica's next change;
//   - a backup under that database: seconds and archive size;
//   - the loss of the Ministry's machine and its recovery, twice — from the dump (10 diplomas issued
//     after the backup come back without documents) and from the continuous replica (they come
//     back whole): seconds to restore, seconds to start again until the gateway's mirror has caught
//     up with the ledger (the recovery time), and the recovery point each gives.
// Results in var/bench/backup.json.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseBackupKey, replicaDir, replicaUpdatedAt, restoreBackup, takeBackup } from '../backup/src';
import { GATEWAY_PROCESS, networkContext, networkDown, networkReset, networkUp, REPO_ROOT, stopProcess, type NetworkContext } from '../network/src';
import { bkaDiploma, csvCohort } from '../test/support/gateway-fixtures';
import { loseOrganizationMachine } from '../test/support/machine-loss';
import { startReplicator } from './lib/backup-commands';
import { gatewayUrl, startGateway } from './lib/gateway-process';
import { seedDemoData } from './lib/seed';

const OUT = process.env.VANBANG_BENCH_OUT ?? path.join(REPO_ROOT, 'var', 'bench');
const quick = process.argv.includes('--quick');
const DIPLOMAS = quick ? 2_000 : 20_000;
const LAG_SAMPLES = quick ? 10 : 40;
const P = `K${Date.now().toString(36).toUpperCase().slice(-5)}`;
const key = parseBackupKey(randomBytes(32).toString('hex'), 'bench');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (from: number) => Number(((Date.now() - from) / 1000).toFixed(2));

function callers(ctx: NetworkContext): Record<string, string> {
  const list = (JSON.parse(readFileSync(path.join(ctx.home.root, 'demo-credentials.json'), 'utf8')) as { callers: { name: string; apiKey: string }[] }).callers;
  return Object.fromEntries(list.map((c) => [c.name, c.apiKey]));
}

async function api(ctx: NetworkContext, method: string, pathname: string, who: string, body?: string, type = 'application/json'): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await fetch(gatewayUrl(ctx) + pathname, { method, headers: { authorization: `Bearer ${callers(ctx)[who]}`, ...(body ? { 'content-type': type } : {}) }, body });
  return { status: res.status, body: await res.json().catch(() => null) };
}

async function issue(ctx: NetworkContext, n: number, prefix: string): Promise<number> {
  const res = await api(ctx, 'POST', '/api/v1/diplomas', 'bka-issuer', JSON.stringify(bkaDiploma(prefix, n)));
  if (res.status !== 201) throw new Error(`issue: ${res.status} ${JSON.stringify(res.body)}`);
  return Date.now();
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await sleep(50);
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Loses the Ministry's machine, restores, starts again; the recovery time ends when the mirror has caught up. */
async function loseAndRecover(ctx: NetworkContext, replica: string | null): Promise<Record<string, unknown>> {
  await stopProcess(ctx.home, GATEWAY_PROCESS);
  await loseOrganizationMachine(ctx, 'Ministry');
  const t0 = Date.now();
  const restored = await restoreBackup(ctx, { from: path.join(ctx.home.root, 'backups'), key, replica });
  const restoreSeconds = seconds(t0);
  const t1 = Date.now();
  await networkUp(ctx, () => {});
  await startGateway(ctx);
  const report = await until('the mirror to catch up', async () => {
    const r = await api(ctx, 'GET', '/api/v1/audit/recovery', 'auditor');
    return r.status === 200 && r.body.mirror.caughtUp ? r.body : undefined;
  }, 15 * 60_000);
  const startSeconds = seconds(t1);
  await startReplicator(ctx);
  return {
    source: restored.database.source, restoreSeconds, startSeconds, recoverySeconds: Number((restoreSeconds + startSeconds).toFixed(2)),
    recoveryPoint: restored.database.replicaUpdatedAt ?? restored.recoveryPoint.takenAt, documentsMissing: report.documentsMissingSinceBackup.length,
  };
}

async function main(): Promise<void> {
  const ctx = networkContext({ home: path.join(REPO_ROOT, 'var', 'bench-backup'), portShift: 24000 });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void networkDown(ctx, () => {}).finally(() => process.exit(130)));
  await networkReset(ctx, () => {});
  rmSync(ctx.home.root, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  try {
    console.log(`  network, gateway and replica (${ctx.home.root})`);
    await networkUp(ctx, () => {});
    await seedDemoData(ctx, () => {});
    await startGateway(ctx);
    const replica = await startReplicator(ctx);
    if (!replica) throw new Error('the continuous replica is off (VANBANG_REPLICA_DIR=off or MONGODB_URI): this benchmark measures it');

    console.log(`  issuing ${DIPLOMAS} diplomas (CSV cohort)`);
    const batch = await api(ctx, 'POST', '/api/v1/diploma-batches', 'bka-issuer', [...csvCohort(`${P}B`, 0, DIPLOMAS)].join(''), 'text/csv');
    if (batch.status !== 202) throw new Error(`batch: ${batch.status} ${JSON.stringify(batch.body)}`);
    await until('the cohort', async () => {
      const r = await api(ctx, 'GET', `/api/v1/diploma-batches/${batch.body.id}`, 'bka-issuer');
      return r.body?.status === 'COMPLETED' ? r.body : undefined;
    }, 60 * 60_000);

    console.log(`  replication lag over ${LAG_SAMPLES} writes`);
    const lags: number[] = [];
    for (let n = 0; n < LAG_SAMPLES; n++) {
      const answered = await issue(ctx, n, `${P}L`);
      await until('the replica to change', async () => ((replicaUpdatedAt(replica, ctx.topology)?.getTime() ?? 0) > answered ? true : undefined), 30_000);
      lags.push(Date.now() - answered);
    }

    console.log('  backup');
    const b0 = Date.now();
    const backup = await takeBackup(ctx, { to: path.join(ctx.home.root, 'backups'), key });
    const backupSeconds = seconds(b0);
    for (let n = 0; n < 10; n++) await issue(ctx, n, `${P}A`);
    await sleep(2_000);

    console.log('  loss of the Ministry\'s machine, restored from the dump');
    const fromDump = await loseAndRecover(ctx, null);
    console.log('  a second backup, 10 more diplomas, loss again, restored from the continuous replica');
    await takeBackup(ctx, { to: path.join(ctx.home.root, 'backups'), key });
    for (let n = 0; n < 10; n++) await issue(ctx, n, `${P}C`);
    await until('the replica to have the last write', async () => ((replicaUpdatedAt(replica, ctx.topology)?.getTime() ?? 0) > Date.now() - 500 ? true : undefined), 30_000);
    const fromReplica = await loseAndRecover(ctx, replicaDir(ctx.home));

    const result = {
      measuredAt: new Date().toISOString(),
      diplomas: DIPLOMAS,
      replicationLagMs: { samples: lags.length, p50: percentile(lags, 50), p95: percentile(lags, 95), max: Math.max(...lags) },
      backup: {
        seconds: backupSeconds, archiveBytes: backup.archiveBytes, files: backup.manifest.files.length,
        databaseDocuments: backup.manifest.database.collections.reduce((n, c) => n + c.documents, 0), peerSnapshotBlock: backup.manifest.peerSnapshot?.lastBlock ?? null,
      },
      fromDump,
      fromReplica,
    };
    writeFileSync(path.join(OUT, 'backup.json'), JSON.stringify(result, null, 2));
    console.log(`  ${DIPLOMAS} diplomas: backup ${backupSeconds} s, ${(backup.archiveBytes / 1024 / 1024).toFixed(1)} MiB; replication lag p50 ${result.replicationLagMs.p50} ms, p95 ${result.replicationLagMs.p95} ms`);
    console.log(`  recovery from the dump: ${fromDump.recoverySeconds} s (restore ${fromDump.restoreSeconds} s + start ${fromDump.startSeconds} s), ${fromDump.documentsMissing} documents missing`);
    console.log(`  recovery from the replica: ${fromReplica.recoverySeconds} s (restore ${fromReplica.restoreSeconds} s + start ${fromReplica.startSeconds} s), ${fromReplica.documentsMissing} documents missing`);
  } finally {
    await networkDown(ctx, () => {});
  }
}

main().catch((err: Error) => {
  console.error(`backup benchmark: ${err.message}`);
  process.exit(1);
});
