// Peer join benchmark: how long a peer takes to join the channel by replaying every block from the
// genesis block, against joining from a ledger snapshot (network/src/backup/peer-snapshot.ts).
// On a network of its own (var/bench-peer-join, ports +23000, the Ministry and Hanoi only) it fills
// the ledger with N blocks of real diploma transactions (IssueDiplomas cohorts, from the Hanoi
// school and from BKA), then, for the Hanoi peer — stopped by its PID file, its data folder moved
// aside, started empty each time — times
//   (a) `peer channel join` with the genesis block until its height equals the Ministry peer's;
//   (b) a snapshot taken on the Ministry peer, copied (the out-of-band transfer), and
//       `peer channel joinbysnapshot` until the same height.
// Then checks the snapshot-joined peer answers for an earlier diploma, endorses a new one, and
// cannot serve block 1.
// Usage: tsx scripts/bench-peer-join.ts [--blocks=2000] [--quick (200 blocks)] [--batch=25] [--in-flight=4]
// Writes peer-join.json in VANBANG_BENCH_OUT (default var/bench). Not a test: it reports figures.
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  connectAs, connectionProfilePath, installDeployedChaincode, joinPeerBySnapshot, networkDown, networkReset, networkUp, orgPaths,
  peerLedgerHeight, peerProcessName, readConnectionProfile, REPO_ROOT, startPeer, stopProcess, takePeerSnapshot, waitFor, waitForGossip,
  type ConnectionProfile, type NetworkContext, type OrgSpec,
} from '../network/src';
import { genesisBlockPath } from '../network/src/configtx';
import { joinPeer } from '../network/src/peer';
import { isolatedContext } from '../test/support/isolated-network';
import { seedDemoData } from './lib/seed';

const HOME = path.join(REPO_ROOT, 'var', 'bench-peer-join');
const SHIFT = 23000;
const OUT = process.env.VANBANG_BENCH_OUT ?? path.join(REPO_ROOT, 'var', 'bench');

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const positive = (name: string, fallback: number): number => {
  const raw = arg(name);
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number ≥ 1 (got ${raw})`);
  return n;
};
const quick = process.argv.includes('--quick');
const BLOCKS = positive('blocks', quick ? 200 : 2000);
const BATCH = positive('batch', 25);
const IN_FLIGHT = positive('in-flight', 4);

const hex = (n: number) => randomBytes(n).toString('hex');
let counter = 0;
const item = (diplomaType: string) => {
  counter += 1;
  const tag = `${hex(4).toUpperCase()}${counter}`;
  return { serialNumber: `P${tag}`, documentHash: hex(32), diplomaType, graduationYear: 2026, registerEntryNumber: `R${tag}`, dateOfSigning: '2026-07-25' };
};
const seconds = (ms: number) => Math.round(ms) / 1000;
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

/** Bytes of every file under `dir` (symbolic links not followed). */
function dirBytes(dir: string): number {
  if (!existsSync(dir)) return 0;
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) total += dirBytes(p);
    else if (entry.isFile()) total += lstatSync(p).size;
  }
  return total;
}

/** Sizes of a peer's ledger: world state, blocks, key history, everything. */
function ledgerSizes(ctx: NetworkContext, org: OrgSpec) {
  const ledgers = path.join(orgPaths(ctx.home, org.name).peerData, 'ledgersData');
  return {
    stateBytes: dirBytes(path.join(ledgers, 'stateLeveldb')),
    blockFilesBytes: dirBytes(path.join(ledgers, 'chains')),
    historyBytes: dirBytes(path.join(ledgers, 'historyLeveldb')),
    ledgerBytes: dirBytes(ledgers),
  };
}


const height = async (ctx: NetworkContext, org: OrgSpec) => (await peerLedgerHeight(org, ctx.topology.channel)) ?? 0;

/**
 * Submits IssueDiplomas cohorts (`IN_FLIGHT` at a time, alternately from the Hanoi school through
 * the Hanoi peer and from BKA through the Ministry peer) until the Ministry peer's height is `target`.
 */
async function fill(ctx: NetworkContext, profile: ConnectionProfile, ministry: OrgSpec, target: number) {
  const issuers = [
    { identity: 'hn-thpt-001-issuer', issuerCode: 'HN-THPT-001', diplomaType: 'THPT' },
    { identity: 'bka-issuer', issuerCode: 'BKA', diplomaType: 'KY_SU' },
  ].map((i) => ({ ...i, conn: connectAs(profile, i.identity) }));
  const endorsingOrganizations = ctx.topology.organizations.map((o) => o.mspId);
  let earlier: { diplomaId: string; documentHash: string } | undefined;
  let transactions = 0;
  let diplomas = 0;
  const start = await height(ctx, ministry);
  let reached = start >= target;
  const started = Date.now();
  let reported = 0;
  try {
    await Promise.all(Array.from({ length: IN_FLIGHT }, async (_, worker) => {
      for (let n = 0; !reached; n++) {
        const issuer = issuers[(worker + n) % issuers.length];
        const cohort = Array.from({ length: BATCH }, () => item(issuer.diplomaType));
        const contract = issuer.conn.gateway.getNetwork(profile.channel).getContract(profile.chaincode);
        const commit = await contract.submitAsync('IssueDiplomas', { arguments: [JSON.stringify({ issuerCode: issuer.issuerCode, diplomas: cohort })], endorsingOrganizations });
        const status = await commit.getStatus();
        if (!status.successful) throw new Error(`IssueDiplomas ${status.transactionId} invalid: code ${status.code}`);
        earlier ??= { diplomaId: `${issuer.issuerCode}:${cohort[0].serialNumber}`, documentHash: cohort[0].documentHash };
        transactions += 1;
        diplomas += BATCH;
        const h = Number(status.blockNumber) + 1;
        if (h >= target) reached = true;
        const progress = Math.floor(((h - start) / (target - start)) * 10);
        if (progress > reported && progress < 10) {
          reported = progress;
          console.log(`  ${h - 1} blocks, ${diplomas} diplomas (${seconds(Date.now() - started)} s)`);
        }
      }
    }));
  } finally {
    for (const i of issuers) i.conn.close();
  }
  if (!earlier) throw new Error(`The ledger already had ${start} blocks: nothing was issued (ask for more --blocks)`);
  return { transactions, diplomas, seconds: seconds(Date.now() - started), earlier };
}

/** Stops the Hanoi peer by its PID file, moves its data folder aside (as `suffix`) and starts it with none. */
async function emptyPeer(ctx: NetworkContext, org: OrgSpec, suffix: string): Promise<void> {
  if (!(await stopProcess(ctx.home, peerProcessName(org)))) throw new Error(`The ${org.name} peer was not running`);
  const data = orgPaths(ctx.home, org.name).peerData;
  rmSync(`${data}.${suffix}`, { recursive: true, force: true });
  renameSync(data, `${data}.${suffix}`);
  await startPeer(ctx.home, org);
}

async function waitForHeight(ctx: NetworkContext, org: OrgSpec, target: number, timeoutMs: number): Promise<void> {
  await waitFor(`the ${org.name} peer at height ${target}`, async () => (await height(ctx, org)) >= target, { timeoutMs, intervalMs: 100 });
}

/**
 * Waits (sampling every 100 ms) until the peer's height is `target`, noting the longest time its
 * height stood still: a replaying peer that cannot get a block's private data from a peer of its
 * own organization waits pvtData.pullRetryThreshold (10 s here, see peer.ts; Fabric's default is
 * 60 s) before committing the block without it.
 */
async function catchUp(ctx: NetworkContext, org: OrgSpec, target: number, started: number, timeoutMs: number) {
  let last = { height: await height(ctx, org), at: Date.now() };
  let longest = { height: last.height, ms: 0 };
  while (last.height < target) {
    if (Date.now() - started > timeoutMs) throw new Error(`The ${org.name} peer is at height ${last.height}, not ${target}, after ${Math.round(timeoutMs / 1000)} s`);
    await new Promise((r) => setTimeout(r, 100));
    const h = await height(ctx, org);
    const now = Date.now();
    if (h !== last.height) {
      if (now - last.at > longest.ms) longest = { height: last.height, ms: now - last.at };
      last = { height: h, at: now };
    }
  }
  return { ms: last.at - started, longestStall: { atHeight: longest.height, seconds: seconds(longest.ms) } };
}

async function main(): Promise<void> {
  const ctx = isolatedContext({ home: HOME, portShift: SHIFT, organizations: ['Ministry', 'HanoiDoET'] });
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      if (stopping) return; // Ctrl-C reaches this process and `npm run bench`, which passes it on
      stopping = true;
      console.log(`\n${signal}: stopping the peer join benchmark network`);
      void networkDown(ctx, () => {}).finally(() => process.exit(130));
    });
  }
  const t = ctx.topology;
  const ministry = t.organizations.find((o) => o.name === 'Ministry') as OrgSpec;
  const hanoi = t.organizations.find((o) => o.name === 'HanoiDoET') as OrgSpec;
  await networkReset(ctx, () => {});
  try {
    console.log(`• peer join benchmark: starting its network (${HOME}, ports +${SHIFT})`);
    await networkUp(ctx, () => {});
    await seedDemoData(ctx, () => {});
    const profile = readConnectionProfile(connectionProfilePath(ctx.home));

    const target = Math.max(BLOCKS, await height(ctx, ministry));
    console.log(`• filling the ledger to ${target} blocks (IssueDiplomas of ${BATCH}, ${IN_FLIGHT} in flight)`);
    const filled = await fill(ctx, profile, ministry, target);
    const blocks = await height(ctx, ministry);
    await waitForHeight(ctx, hanoi, blocks, 120_000);
    const ledger = ledgerSizes(ctx, ministry);
    console.log(`  ${blocks} blocks, ${filled.diplomas} diplomas in ${filled.transactions} transactions (${filled.seconds} s); ` +
      `state ${mb(ledger.stateBytes)} MB, block files ${mb(ledger.blockFilesBytes)} MB`);
    const catchUpTimeoutMs = Math.max(600_000, blocks * 1_000);

    console.log('• (a) Hanoi peer joins from the genesis block');
    await emptyPeer(ctx, hanoi, 'original');
    let t0 = Date.now();
    await joinPeer(ctx.home, t, hanoi, genesisBlockPath(ctx.home, t));
    const joinCommandMs = Date.now() - t0;
    const replay = await catchUp(ctx, hanoi, blocks, t0, catchUpTimeoutMs);
    const genesisMs = replay.ms;
    const genesisLedger = ledgerSizes(ctx, hanoi);
    console.log(`  height ${blocks} after ${seconds(genesisMs)} s; longest wait ${replay.longestStall.seconds} s at height ${replay.longestStall.atHeight} ` +
      `(${seconds(genesisMs - replay.longestStall.seconds * 1000)} s without it)`);

    console.log('• (b) Hanoi peer joins from a snapshot of the Ministry peer');
    await emptyPeer(ctx, hanoi, 'genesis-joined');
    t0 = Date.now();
    const snapshot = await takePeerSnapshot(ctx.home, t, ministry, { timeoutMs: catchUpTimeoutMs });
    const snapshotMs = Date.now() - t0;
    const snapshotBytes = dirBytes(snapshot.dir);
    const transfer = path.join(HOME, 'snapshot-transfer');
    rmSync(transfer, { recursive: true, force: true });
    t0 = Date.now();
    cpSync(snapshot.dir, transfer, { recursive: true });
    const copyMs = Date.now() - t0;
    const joined = await joinPeerBySnapshot(ctx.home, t, hanoi, transfer, { timeoutMs: catchUpTimeoutMs });
    const snapshotLedger = ledgerSizes(ctx, hanoi);
    console.log(`  snapshot at block ${snapshot.lastBlock}: ${mb(snapshotBytes)} MB in ${seconds(snapshotMs)} s; ` +
      `joined and at height ${joined.height} ${seconds(joined.totalMs)} s after the join (import ${seconds(joined.importMs)} s)`);

    // The snapshot-joined peer at work: an earlier diploma, a new one it endorses, and block 1.
    await installDeployedChaincode(ctx.home, hanoi);
    await waitForGossip(t);
    const conn = connectAs(profile, 'hn-thpt-001-issuer', hanoi.name);
    const checks: Record<string, unknown> = {};
    try {
      const network = conn.gateway.getNetwork(profile.channel);
      const contract = network.getContract(profile.chaincode);
      const onHanoi = { endorsingOrganizations: [hanoi.mspId] };
      const answer = JSON.parse(Buffer.from(await contract.evaluate('VerifyHash', { arguments: [JSON.stringify({ documentHash: filled.earlier.documentHash })], ...onHanoi })).toString()) as { status: string };
      checks.earlierDiplomaOnSnapshotPeer = `${filled.earlier.diplomaId}: ${answer.status}`;
      const commit = await contract.submitAsync('IssueDiploma', { arguments: [JSON.stringify({ issuerCode: 'HN-THPT-001', ...item('THPT') })], endorsingOrganizations: t.organizations.map((o) => o.mspId) });
      const status = await commit.getStatus();
      await waitForHeight(ctx, hanoi, Number(status.blockNumber) + 1, 30_000);
      checks.newTransaction = `${status.successful ? 'committed' : `invalid (${status.code})`} in block ${status.blockNumber}`;
      checks.block1OnSnapshotPeer = await network.getContract('qscc').evaluate('GetBlockByNumber', { arguments: [profile.channel, '1'], ...onHanoi })
        .then(() => 'served', (err: { details?: { message: string }[]; message: string }) => err.details?.[0]?.message ?? err.message);
    } finally {
      conn.close();
    }
    for (const [what, result] of Object.entries(checks)) console.log(`  ${what}: ${String(result)}`);

    const result = {
      measuredAt: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version },
      network: { home: HOME, portShift: SHIFT, organizations: t.organizations.map((o) => o.name) },
      ledger: {
        blocks, diplomas: filled.diplomas, transactions: filled.transactions, diplomasPerTransaction: BATCH, fillSeconds: filled.seconds,
        ministryPeer: ledger,
      },
      genesisJoin: {
        seconds: seconds(genesisMs), joinCommandSeconds: seconds(joinCommandMs), blocksPerSecond: blocks / (genesisMs / 1000),
        // One block carries the organization's own approval of the chaincode definition, private
        // data of its implicit collection that only its own peers have: with no other peer of the
        // organization, the replaying peer waits pvtData.pullRetryThreshold for it, then commits
        // without. (A snapshot holds only the hash of that data: the snapshot-joined peer lacks it too.)
        longestStall: replay.longestStall,
        secondsWithoutLongestStall: seconds(genesisMs - replay.longestStall.seconds * 1000),
        peerLedgerAfter: genesisLedger,
      },
      snapshotJoin: {
        snapshotBlock: snapshot.lastBlock, snapshotBytes, snapshotFiles: readdirSync(snapshot.dir).length,
        takeSnapshotSeconds: seconds(snapshotMs), copySeconds: seconds(copyMs),
        importSeconds: seconds(joined.importMs), seconds: seconds(joined.totalMs),
        secondsIncludingSnapshotAndCopy: seconds(snapshotMs + copyMs + joined.totalMs),
        peerLedgerAfter: snapshotLedger,
      },
      genesisOverSnapshot: genesisMs / joined.totalMs,
      genesisWithoutLongestStallOverSnapshot: (genesisMs - replay.longestStall.seconds * 1000) / joined.totalMs,
      checks,
    };
    mkdirSync(OUT, { recursive: true });
    writeFileSync(path.join(OUT, 'peer-join.json'), JSON.stringify(result, null, 2));
    console.log(`  ${blocks} blocks: genesis replay ${result.genesisJoin.seconds} s, snapshot join ${result.snapshotJoin.seconds} s ` +
      `(${result.snapshotJoin.secondsIncludingSnapshotAndCopy} s with taking and copying the ${mb(snapshotBytes)} MB snapshot) → ` +
      `${result.genesisOverSnapshot.toFixed(1)}× faster (${result.genesisWithoutLongestStallOverSnapshot.toFixed(1)}× without the replay's ${replay.longestStall.seconds} s wait); ` +
      `results in ${path.join(OUT, 'peer-join.json')}`);
    // The folders moved aside are only needed for the measurement.
    for (const suffix of ['original', 'genesis-joined']) rmSync(`${orgPaths(ctx.home, hanoi.name).peerData}.${suffix}`, { recursive: true, force: true });
    rmSync(transfer, { recursive: true, force: true });
  } finally {
    await networkDown(ctx, () => {});
  }
}

main().catch((err: Error) => {
  console.error(`✖ ${err.message}`);
  process.exit(1);
});
