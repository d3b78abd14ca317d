// Backups and disaster recovery, end to end, on a network of its own laid out as `npm start` lays
// it out (the gateway's home and database are the network's): diplomas are issued, corrected and
// revoked, a backup is taken under a write load, more diplomas come after it, and then the
// Ministry's machine is lost — its CA, peer, orderer and chaincode processes stop, and its files,
// the gateway's home and the database go — while the Departments' nodes keep running.
//
// 1. A damaged archive and a wrong key are refused, and nothing changes.
// 2. Restore from the backup's dump: every diploma committed before the backup is back byte for
//    byte (documents, salts, versions); the later ones come back from the ledger with their status
//    and hashes, listed as documents missing since the backup; reconciliation is clean; the
//    restored Ministry endorses new diplomas.
// 3. With continuous protection (Litestream) on: the later diplomas come back with documents too.
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { BSON, MongoClient } from 'mongodb';
import {
  ARCHIVE_FILE, CHECKSUMS_FILE, findBackupFolder, parseBackupKey, replicatorProcess, replicaUpdatedAt, restoreBackup, takeBackup, type BackupResult,
} from '../../backup/src';
import { loadConfig } from '../../gateway/src/config';
import { createRuntime, type GatewayRuntime } from '../../gateway/src/runtime';
import {
  connectionProfilePath, databaseUri, networkDown, networkUp, REPLICATOR_PROCESS, startProcess, stopProcess, type NetworkContext,
} from '../../network/src';
import { startIsolatedNetwork } from '../support/isolated-network';
import { bkaDiploma, csvCohort } from '../support/gateway-fixtures';
import { loseOrganizationMachine } from '../support/machine-loss';
import { TEST_HOME, TEST_PORT_SHIFT } from '../support/network';
import { call, readCallers, sleep, waitFor, type Reply } from './gateway-helpers';

const HOME = `${TEST_HOME}-backup`;
const SHIFT = TEST_PORT_SHIFT + 2000;
const BACKUPS = path.join(HOME, 'backups');
const REPLICA = path.join(HOME, 'replica-disk');
const P = `R${Date.now().toString(36).toUpperCase().slice(-5)}`;
const key = parseBackupKey(randomBytes(32).toString('hex'), 'test');
const decision = (n: number) => ({ number: `${n}/QĐ-ĐHBK`, date: '2026-09-01' });

let ctx: NetworkContext;
let runtime: GatewayRuntime | undefined;
let server: Server | undefined;
let url: string;
let keys: Record<string, string>;


/** The gateway as `npm start` runs it: its home and database are the network's. */
async function startGateway(): Promise<void> {
  runtime = await createRuntime(loadConfig({
    PORT: '13998', VANBANG_HOME: ctx.home.root, VANBANG_CONNECTION_PROFILE: connectionProfilePath(ctx.home), MONGODB_URI: databaseUri(ctx.topology),
    LOG_LEVEL: 'warn', VANBANG_PUBLIC_RATE_LIMIT: '1000000', VANBANG_NETWORK_HOME: ctx.home.root, VANBANG_PORT_SHIFT: String(SHIFT),
  }), { log: pino({ level: 'warn' }) });
  server = runtime.app.listen(0, '127.0.0.1');
  await new Promise((r) => server!.once('listening', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  keys = Object.fromEntries(Object.entries(readCallers(ctx.home.root)).map(([name, c]) => [name, c.apiKey]));
}

async function stopGateway(): Promise<void> {
  if (server) await new Promise((r) => server!.close(r));
  await runtime?.close();
  server = undefined;
  runtime = undefined;
}

async function withDatabase<T>(fn: (db: import('mongodb').Db) => Promise<T>): Promise<T> {
  const client = new MongoClient(databaseUri(ctx.topology));
  await client.connect();
  try {
    return await fn(client.db('vanbang'));
  } finally {
    await client.close();
  }
}

/** Each diploma record's exact BSON, by id. */
function rawRecords(ids: string[]): Promise<Map<string, Buffer>> {
  return withDatabase(async (db) => {
    const out = new Map<string, Buffer>();
    for await (const raw of db.collection('diplomas').find({ _id: { $in: ids } as never }, { raw: true })) {
      const buf = Buffer.from(raw as unknown as Uint8Array);
      out.set((BSON.deserialize(buf) as { _id: string })._id, buf);
    }
    return out;
  });
}

async function issue(n: number, prefix = P): Promise<{ id: string; documentHash: string; at: number }> {
  const res = await call(url, 'POST', '/api/v1/diplomas', { key: keys['bka-issuer'], json: bkaDiploma(prefix, n) });
  if (res.status !== 201) throw new Error(`issue ${n}: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, documentHash: res.body.documentHash, at: Date.now() };
}

async function recoveryReport(): Promise<Reply['body']> {
  return waitFor('the event mirror to catch up with the ledger', async () => {
    const r = await call(url, 'GET', '/api/v1/audit/recovery', { key: keys.auditor });
    return r.status === 200 && r.body.mirror.caughtUp ? r.body : undefined;
  }, 120_000);
}

/** What `npm run restore` then `npm start` do: restore, bring the network up again, start the gateway. */
async function restoreAndStart(backup: BackupResult, replica: string | null): Promise<Awaited<ReturnType<typeof restoreBackup>>> {
  const restored = await restoreBackup(ctx, { from: BACKUPS, key, replica });
  expect(restored.backupId).toBe(backup.manifest.backupId);
  await networkUp(ctx, () => {});
  await startGateway();
  return restored;
}

beforeAll(async () => {
  for (const dir of [BACKUPS, REPLICA, path.join(HOME, 'damaged')]) rmSync(dir, { recursive: true, force: true }); // an earlier run's
  ctx = await startIsolatedNetwork({ home: HOME, portShift: SHIFT });
  try {
    await startGateway();
  } catch (err) {
    await networkDown(ctx, () => {});
    throw err;
  }
}, 300_000);

afterAll(async () => {
  await stopGateway();
  if (ctx) await networkDown(ctx, () => {});
}, 120_000);

let first: BackupResult;
/** Committed before the backup began: restored byte for byte. */
const before: { id: string; documentHash: string }[] = [];
let beforeRecords: Map<string, Buffer>;
/** Answered after the dump began: in the dump or listed as missing. */
const after: { id: string; documentHash: string }[] = [];
/** Issued once the backup had finished: listed as missing. */
const afterBackup: { id: string; documentHash: string }[] = [];
let corrected: { id: string; oldHash: string; newHash: string };
let revoked: { id: string; documentHash: string };

it('backs up under a write load: an encrypted archive, a separate master key, a manifest with checksums', async () => {
  // A cohort through the batch path, single diplomas, a correction and a revocation.
  const batch = await call(url, 'POST', '/api/v1/diploma-batches', { key: keys['bka-issuer'], body: [...csvCohort(`${P}B`, 0, 300)].join(''), contentType: 'text/csv' });
  expect(batch.status).toBe(202);
  await waitFor('the batch', async () => {
    const r = await call(url, 'GET', `/api/v1/diploma-batches/${batch.body.id}`, { key: keys['bka-issuer'] });
    return r.body.status === 'COMPLETED' ? r.body : undefined;
  }, 180_000);
  for (let n = 0; n < 300; n++) before.push({ id: `BKA:${P}B${String(n).padStart(6, '0')}`, documentHash: '' });
  for (let n = 0; n < 5; n++) before.push(await issue(n));
  const c = await call(url, 'POST', `/api/v1/diplomas/${encodeURIComponent(before[300].id)}/corrections`, {
    key: keys['bka-issuer'], json: { changes: { fullName: 'Nguyễn Văn Bình' }, reason: 'CIVIL_STATUS_CHANGE', decision: decision(1) },
  });
  expect(c.status).toBe(201);
  corrected = { id: before[300].id, oldHash: before[300].documentHash, newHash: c.body.documentHash };
  const r = await call(url, 'POST', `/api/v1/diplomas/${encodeURIComponent(before[301].id)}/revocations`, { key: keys['ministry-admin'], json: { ground: 'FRAUD', decision: decision(2) } });
  expect(r.status).toBe(201);
  revoked = before[301];

  // Single issues keep coming while the backup runs.
  let loading = true;
  const load: { id: string; documentHash: string; at: number }[] = [];
  const writer = (async () => {
    for (let n = 100; loading; n++) load.push(await issue(n));
  })();
  await sleep(500);
  first = await takeBackup(ctx, { to: BACKUPS, key });
  loading = false;
  await writer;
  const takenAt = Date.parse(first.manifest.recoveryPoint.takenAt);
  before.push(...load.filter((d) => d.at < takenAt));
  after.push(...load.filter((d) => d.at >= takenAt));
  expect(load.length).toBeGreaterThan(2);

  const folder = findBackupFolder(BACKUPS);
  expect(folder).toBe(first.folder);
  const files = readdirSync(folder).sort();
  expect(files).toEqual([ARCHIVE_FILE, CHECKSUMS_FILE, `${first.manifest.backupId}.master-key.enc`].sort());
  // Encrypted: no personal data, no key material readable in the archive.
  const archive = readFileSync(path.join(folder, ARCHIVE_FILE));
  expect(archive.includes(Buffer.from('Nguyễn Văn'))).toBe(false);
  expect(archive.includes(Buffer.from('PRIVATE KEY'))).toBe(false);
  expect(first.manifest.files.some((f) => f.path.endsWith('fabric-ca-server.db'))).toBe(true);
  expect(first.manifest.files.some((f) => f.path.startsWith('ledger-snapshot/Ministry/'))).toBe(true);
  expect(first.manifest.files.some((f) => f.path.endsWith('master.key'))).toBe(false);
  expect(first.manifest.files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256))).toBe(true);
  expect(first.manifest.database.collections.find((c2) => c2.name === 'diplomas')!.documents).toBeGreaterThanOrEqual(305);
  expect(first.manifest.recoveryPoint.eventCheckpointBlock).toBeGreaterThan(0);

  for (let n = 200; n < 205; n++) afterBackup.push(await issue(n));
  after.push(...afterBackup);
  beforeRecords = await rawRecords(before.map((d) => d.id));
  expect(beforeRecords.size).toBe(before.length);
}, 400_000);

it('refuses a damaged archive and a wrong key with a clear message, and changes nothing', async () => {
  const copy = path.join(HOME, 'damaged');
  rmSync(copy, { recursive: true, force: true });
  cpSync(first.folder, path.join(copy, path.basename(first.folder)), { recursive: true });
  const damaged = path.join(copy, path.basename(first.folder));
  const archive = path.join(damaged, ARCHIVE_FILE);
  const bytes = readFileSync(archive);
  bytes[Math.floor(bytes.length / 2)] ^= 0x04;
  writeFileSync(archive, bytes);
  const countBefore = await withDatabase((db) => db.collection('diplomas').countDocuments());
  await expect(restoreBackup(ctx, { from: copy, key, replica: null })).rejects.toThrow(/The backup is damaged: archive.tar.gz.enc does not match its checksum/);
  // Checksums made to match the damage: the archive's own authentication refuses it.
  const sums = JSON.parse(readFileSync(path.join(damaged, CHECKSUMS_FILE), 'utf8'));
  const { sha256File } = await import('../../backup/src/archive/manifest');
  sums.files[0].sha256 = await sha256File(archive);
  writeFileSync(path.join(damaged, CHECKSUMS_FILE), JSON.stringify(sums));
  await expect(restoreBackup(ctx, { from: copy, key, replica: null })).rejects.toThrow(/damaged or was altered: its content fails authentication/);
  copyFileSync(path.join(first.folder, ARCHIVE_FILE), archive);
  sums.files[0].sha256 = await sha256File(archive);
  writeFileSync(path.join(damaged, CHECKSUMS_FILE), JSON.stringify(sums));
  const wrong = parseBackupKey(randomBytes(32).toString('hex'), 'test');
  await expect(restoreBackup(ctx, { from: copy, key: wrong, replica: null })).rejects.toThrow(/The key does not open .*archive.tar.gz.enc: it was encrypted with another key/);
  // The right key on a live system: refused, because the database is not empty.
  await expect(restoreBackup(ctx, { from: copy, key, replica: null })).rejects.toThrow(/already holds documents/);
  expect(await withDatabase((db) => db.collection('diplomas').countDocuments())).toBe(countBefore);
  expect(await withDatabase((db) => db.collection('restores').countDocuments())).toBe(0);
  expect(existsSync(path.join(ctx.home.run))).toBe(true);
  expect(readdirSync(ctx.home.run).filter((f) => f.startsWith('restore-staging'))).toEqual([]);
}, 120_000);

it('after losing the Ministry\'s machine, restores from the dump: earlier diplomas byte for byte, later ones from the ledger', async () => {
  await stopGateway();
  await loseOrganizationMachine(ctx, 'Ministry');
  const restored = await restoreAndStart(first, null);
  expect(restored.database.source).toBe('dump');
  expect(restored.files.written).toBeGreaterThan(50);

  const report = await recoveryReport();
  const restoredRecords = await rawRecords(before.map((d) => d.id));
  for (const d of before) {
    const was = beforeRecords.get(d.id)!;
    const now = restoredRecords.get(d.id);
    expect(now && Buffer.compare(now, was) === 0 ? d.id : `${d.id} differs`).toBe(d.id);
  }
  // Every diploma verifies; the corrected and revoked ones as such.
  for (const d of [...before.slice(300), ...after]) {
    if (d.id === corrected.id || d.id === revoked.id) continue;
    expect((await call(url, 'GET', `/api/v1/verify/${d.documentHash}`)).body.result).toBe('VALID');
  }
  expect((await call(url, 'GET', `/api/v1/verify/${corrected.oldHash}`)).body.result).toBe('CORRECTED');
  expect((await call(url, 'GET', `/api/v1/verify/${corrected.newHash}`)).body.result).toBe('VALID');
  expect((await call(url, 'GET', `/api/v1/verify/${revoked.documentHash}`)).body).toMatchObject({ result: 'REVOKED', revocation: { ground: 'FRAUD' } });
  // Documents and PDFs of the earlier ones; the later ones are listed as missing, and only they.
  const pdf = await call(url, 'GET', `/api/v1/diplomas/${encodeURIComponent(before[302].id)}/pdf`, { key: keys['bka-issuer'] });
  expect(pdf.status).toBe(200);
  const batchDoc = await call(url, 'GET', `/api/v1/diplomas/${encodeURIComponent(before[7].id)}/document`, { key: keys['bka-issuer'] });
  expect(batchDoc.status).toBe(200);
  expect((await call(url, 'POST', '/api/v1/verify', { json: batchDoc.body })).body.result).toBe('VALID');
  expect(report).toMatchObject({ restored: true, restore: { backupId: first.manifest.backupId, source: 'dump' } });
  // Issued after the backup had finished: missing. Answered while the dump ran: in it or missing,
  // never lost silently. Committed before it began: never missing.
  const missing = new Set<string>(report.documentsMissingSinceBackup.map((m: { diplomaId: string }) => m.diplomaId));
  for (const d of afterBackup) expect(missing.has(d.id) ? d.id : `${d.id} not listed`).toBe(d.id);
  for (const d of before) expect(missing.has(d.id) ? `${d.id} listed` : d.id).toBe(d.id);
  for (const d of after.filter((x) => !missing.has(x.id))) {
    expect((await call(url, 'GET', `/api/v1/diplomas/${encodeURIComponent(d.id)}/document`, { key: keys['bka-issuer'] })).status).toBe(200);
  }
  const lost = await call(url, 'GET', `/api/v1/diplomas/${encodeURIComponent(afterBackup[4].id)}`, { key: keys.auditor });
  expect(lost.body).toMatchObject({ status: 'VALID', documentHash: afterBackup[4].documentHash });
  const reconciliation = await call(url, 'GET', '/api/v1/audit/reconciliation', { key: keys.auditor });
  expect(reconciliation.body).toMatchObject({ consistent: true, differences: [] });
  // The rebuilt Ministry endorses again.
  expect((await call(url, 'GET', `/api/v1/verify/${(await issue(900)).documentHash}`)).body.result).toBe('VALID');
}, 600_000);

it('with continuous protection on, the diplomas issued after the backup come back with their documents', async () => {
  mkdirSync(REPLICA, { recursive: true });
  await startProcess(ctx.home, replicatorProcess(ctx.home, ctx.topology, REPLICA));
  await waitFor('the replica\'s first copy', async () => replicaUpdatedAt(REPLICA, ctx.topology), 30_000);
  const second = await takeBackup(ctx, { to: BACKUPS, key, peerSnapshot: false });
  const later: { id: string; documentHash: string; at: number }[] = [];
  for (let n = 300; n < 305; n++) later.push(await issue(n));
  // The replication lag: the last write is in the replica within seconds.
  const lastWrite = later[later.length - 1].at;
  await waitFor('the last write in the replica', async () => ((replicaUpdatedAt(REPLICA, ctx.topology)?.getTime() ?? 0) >= lastWrite ? true : undefined), 10_000);
  const records = await rawRecords(later.map((d) => d.id));

  await stopGateway();
  await loseOrganizationMachine(ctx, 'Ministry');
  const restored = await restoreAndStart(second, REPLICA);
  expect(restored.database.source).toBe('replica');
  const report = await recoveryReport();
  expect(report.documentsMissingSinceBackup).toEqual([]);
  const now = await rawRecords(later.map((d) => d.id));
  for (const d of later) expect(Buffer.compare(now.get(d.id)!, records.get(d.id)!)).toBe(0);
  const doc = await call(url, 'GET', `/api/v1/diplomas/${encodeURIComponent(later[4].id)}/document`, { key: keys['bka-issuer'] });
  expect((await call(url, 'POST', '/api/v1/verify', { json: doc.body })).body.result).toBe('VALID');
  expect((await call(url, 'GET', '/api/v1/audit/reconciliation', { key: keys.auditor })).body).toMatchObject({ consistent: true });
  await stopProcess(ctx.home, REPLICATOR_PROCESS);
}, 600_000);
