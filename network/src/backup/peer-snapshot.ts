// Joining a peer to the channel from a Fabric ledger snapshot instead of replaying every block
// since the genesis block.
//
// A snapshot (Fabric's `peer snapshot submitrequest`) is the channel's world state, the hashes of
// private data, every transaction id and the collection configuration history as of one block:
// `<peer data>/snapshots/completed/<channel>/<block>/`. A peer whose data folder has no ledger for
// the channel joins from it with `peer channel joinbysnapshot`, then pulls only the blocks after
// the snapshot from the orderers.
//
// What such a peer cannot do (Fabric's "Taking ledger snapshots" documentation): serve the blocks
// (or transactions) committed before the snapshot, nor the history of keys before it
// (GetHistoryForKey starts at the snapshot). Keep at least one peer that joined from the genesis
// block for those. Private data is not in a snapshot, only its hashes: the organization's own
// approval of the chaincode definition (private data of its implicit collection) is only on its
// other peers. The peer still runs the chaincode and endorses (the lifecycle checks the hash), but
// with no other peer in its organization `queryapproved` of the committed sequence fails, and the
// next `npm start` commits the next sequence (deployChaincode). Installed chaincode packages live
// in the peer's data folder, not on the ledger: see installDeployedChaincode.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readDeployment } from '../chaincode';
import { peerLedgerHeight } from '../network';
import { orgPaths, type Home } from '../paths';
import { peerCli, peerHeight, peerProcessName, peerTls } from '../peer';
import { logTail, runningPid } from '../processes';
import type { OrgSpec, Topology } from '../topology';

/** The two metadata files Fabric writes last into a snapshot folder (the folder is renamed into place whole). */
export const SNAPSHOT_METADATA_FILES = ['_snapshot_signable_metadata.json', '_snapshot_additional_metadata.json'] as const;

export interface PeerSnapshot {
  /** The completed snapshot folder, `<peer data>/snapshots/completed/<channel>/<lastBlock>`. */
  dir: string;
  /** Number of the last block the snapshot contains. */
  lastBlock: number;
  /** Ledger height of a peer joined from it, before it pulls any further block: lastBlock + 1. */
  height: number;
}

export interface SnapshotMetadata {
  channel: string;
  lastBlock: number;
  /** Hash of the signable metadata, i.e. of the whole snapshot: equal on every peer for the same block. */
  snapshotHash: string;
}

/** The peer's snapshots root: CORE_LEDGER_SNAPSHOTS_ROOTDIR in peerProcess (peer.ts). */
export function peerSnapshotsRoot(home: Home, org: OrgSpec): string {
  return path.join(orgPaths(home, org.name).peerData, 'snapshots');
}

/** Where the peer puts the snapshot of `channel` at `block` once it is complete. */
export function completedSnapshotDir(home: Home, t: Topology, org: OrgSpec, block: number): string {
  return path.join(peerSnapshotsRoot(home, org), 'completed', t.channel, String(block));
}

/** A snapshot folder's metadata, or undefined while either metadata file is missing. */
export function readSnapshotMetadata(dir: string): SnapshotMetadata | undefined {
  const [signable, additional] = SNAPSHOT_METADATA_FILES.map((f) => path.join(dir, f));
  if (!existsSync(signable) || !existsSync(additional)) return undefined;
  const s = JSON.parse(readFileSync(signable, 'utf8')) as { channel_name: string; last_block_number: number };
  const a = JSON.parse(readFileSync(additional, 'utf8')) as { snapshot_hash: string };
  return { channel: s.channel_name, lastBlock: Number(s.last_block_number), snapshotHash: a.snapshot_hash };
}

/** Block numbers of the snapshots completed on this peer for the channel. */
function completedBlocks(home: Home, t: Topology, org: OrgSpec): number[] {
  const dir = path.join(peerSnapshotsRoot(home, org), 'completed', t.channel);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((d) => /^\d+$/.test(d)).map(Number);
}

/** `-c <channel> --peerAddress … --tlsRootCertFile …`: the snapshot commands do not read CORE_PEER_ADDRESS. */
function snapshotArgs(home: Home, t: Topology, org: OrgSpec): string[] {
  return ['-c', t.channel, '--peerAddress', `${org.host}:${org.ports.peer}`, '--tlsRootCertFile', peerTls(home, org).ca];
}

/** Block numbers of the snapshot requests the peer has not finished (`peer snapshot listpending`). */
export async function pendingSnapshotRequests(home: Home, t: Topology, org: OrgSpec): Promise<number[]> {
  const out = await peerCli(home, org, ['snapshot', 'listpending', ...snapshotArgs(home, t, org)], `list the ${org.name} peer's pending snapshot requests`);
  const m = /pending snapshot requests:?\s*\[([\d\s]*)\]/.exec(out);
  if (!m) throw new Error(`Unexpected answer from \`peer snapshot listpending\` on the ${org.name} peer: ${out.trim()}`);
  return m[1].trim() ? m[1].trim().split(/\s+/).map(Number) : [];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Asks the org's peer (as the org admin) for a snapshot of the channel at its last committed
 * block and waits until it is complete: no longer pending, its folder holding both metadata
 * files. When no block has been committed since a snapshot already taken, Fabric refuses a new
 * request ("snapshot already generated"): that snapshot is the one returned.
 *
 * The peer does not commit blocks while it writes the snapshot (it still endorses): take it on a
 * peer the applications can do without for that long.
 */
export async function takePeerSnapshot(home: Home, t: Topology, org: OrgSpec, opts: { timeoutMs?: number } = {}): Promise<PeerSnapshot> {
  const timeoutMs = opts.timeoutMs ?? 300_000;
  if (!runningPid(home, peerProcessName(org))) throw new Error(`Cannot take a snapshot on the ${org.name} peer: it is not running.`);
  const before = new Set(completedBlocks(home, t, org));
  let block: number | undefined;
  try {
    await peerCli(home, org, ['snapshot', 'submitrequest', ...snapshotArgs(home, t, org), '-b', '0'], `ask the ${org.name} peer for a snapshot of channel ${t.channel}`);
  } catch (err) {
    const already = /snapshot already generated for block number (\d+)/.exec((err as Error).message);
    if (!already) throw err;
    block = Number(already[1]);
  }
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pending = await pendingSnapshotRequests(home, t, org);
    if (pending.length === 0) {
      // Fabric moves the finished folder into completed/ before it drops the request.
      const candidate = block ?? Math.max(-1, ...completedBlocks(home, t, org).filter((b) => !before.has(b)));
      const dir = completedSnapshotDir(home, t, org, candidate);
      const metadata = candidate >= 0 ? readSnapshotMetadata(dir) : undefined;
      if (metadata) return { dir, lastBlock: metadata.lastBlock, height: metadata.lastBlock + 1 };
      throw new Error(
        `The ${org.name} peer has no pending snapshot request any more, but no complete snapshot appeared under ` +
          `${path.dirname(dir)} (the peer failed to write it?). Last lines of its log:\n${logTail(home, peerProcessName(org))}`,
      );
    }
    if (Date.now() > deadline) {
      throw new Error(`The ${org.name} peer's snapshot of channel ${t.channel} (block ${pending.join(', ')}) is not complete after ${Math.round(timeoutMs / 1000)} s.`);
    }
    await sleep(250);
  }
}

/** The channels the peer has joined (`peer channel list`). */
async function peerChannels(home: Home, org: OrgSpec): Promise<string[]> {
  const out = await peerCli(home, org, ['channel', 'list'], `list the ${org.name} peer's channels`);
  return out.split('\n').map((l) => l.trim()).filter((l) => l && !/^Channels peers has joined/i.test(l));
}

/** The snapshot folder the peer is joining from, or undefined when no joinbysnapshot is in progress. */
export async function joinBySnapshotInProgress(home: Home, org: OrgSpec): Promise<string | undefined> {
  const out = await peerCli(home, org, ['channel', 'joinbysnapshotstatus'], `ask the ${org.name} peer whether a join by snapshot is in progress`);
  const m = /in progress for snapshot at (\S+)/.exec(out);
  if (m) return m[1];
  if (/No joinbysnapshot operation is in progress/.test(out)) return undefined;
  throw new Error(`Unexpected answer from \`peer channel joinbysnapshotstatus\` on the ${org.name} peer: ${out.trim()}`);
}

/** Ledger height from the operations metric, or from `peer channel getinfo` when the metric is not there yet. */
async function heightOf(home: Home, t: Topology, org: OrgSpec): Promise<number | undefined> {
  return (await peerLedgerHeight(org, t.channel)) ?? (await peerHeight(home, t, org));
}

export interface SnapshotJoin {
  /** The snapshot's last block. */
  snapshotBlock: number;
  /** The peer's height once it had caught up with the other peers. */
  height: number;
  /** Milliseconds until Fabric finished importing the snapshot (joinbysnapshotstatus: done). */
  importMs: number;
  /** Milliseconds until the peer's height reached the other peers'. */
  totalMs: number;
}

/**
 * Joins the org's peer, whose data folder has no ledger for the channel, from a completed
 * snapshot folder (`peer channel joinbysnapshot`, as the org admin). Fabric does it in the
 * background: this polls `peer channel joinbysnapshotstatus` until the import is done, then waits
 * until the peer's height has reached the highest of the other running peers' (it pulls the
 * blocks after the snapshot from the orderers). Refuses a peer that already has the channel.
 * Bounded by `timeoutMs` (default 5 minutes).
 */
export async function joinPeerBySnapshot(home: Home, t: Topology, org: OrgSpec, snapshotDir: string, opts: { timeoutMs?: number } = {}): Promise<SnapshotJoin> {
  const timeoutMs = opts.timeoutMs ?? 300_000;
  const started = Date.now();
  const deadline = started + timeoutMs;
  const dir = path.resolve(snapshotDir); // the peer runs in another working directory
  const metadata = readSnapshotMetadata(dir);
  if (!metadata) throw new Error(`${dir} is not a complete ledger snapshot: ${SNAPSHOT_METADATA_FILES.join(' or ')} is missing.`);
  if (metadata.channel !== t.channel) throw new Error(`The snapshot in ${dir} is of channel ${metadata.channel}, not ${t.channel}.`);
  if (!runningPid(home, peerProcessName(org))) throw new Error(`Cannot join the ${org.name} peer by snapshot: it is not running.`);
  if ((await peerChannels(home, org)).includes(t.channel)) {
    throw new Error(
      `The ${org.name} peer already has channel ${t.channel}: a peer joins from a snapshot only when its data folder has no ledger ` +
        `for the channel (stop it, move ${orgPaths(home, org.name).peerData} aside, start it, then join).`,
    );
  }
  const busy = await joinBySnapshotInProgress(home, org);
  if (busy) throw new Error(`The ${org.name} peer is already joining a channel from the snapshot at ${busy}.`);

  await peerCli(home, org, ['channel', 'joinbysnapshot', '--snapshotpath', dir], `join the ${org.name} peer to channel ${t.channel} from the snapshot at ${dir}`);
  const timedOut = (what: string) =>
    new Error(`The ${org.name} peer ${what} ${Math.round(timeoutMs / 1000)} s after joining from the snapshot at ${dir}. Last lines of its log:\n${logTail(home, peerProcessName(org))}`);

  for (;;) {
    if (!(await joinBySnapshotInProgress(home, org))) {
      if ((await peerChannels(home, org)).includes(t.channel)) break;
      throw new Error(`The ${org.name} peer's join from the snapshot at ${dir} ended without the channel ${t.channel}. Last lines of its log:\n${logTail(home, peerProcessName(org))}`);
    }
    if (Date.now() > deadline) throw timedOut('was still importing the snapshot');
    await sleep(200);
  }
  const importMs = Date.now() - started;

  const others = t.organizations.filter((o) => o.name !== org.name && runningPid(home, peerProcessName(o)));
  for (;;) {
    const target = Math.max(metadata.lastBlock + 1, ...(await Promise.all(others.map((o) => peerLedgerHeight(o, t.channel)))).map((h) => h ?? 0));
    const height = await heightOf(home, t, org);
    if (height !== undefined && height >= target) return { snapshotBlock: metadata.lastBlock, height, importMs, totalMs: Date.now() - started };
    if (Date.now() > deadline) throw timedOut(`was at height ${height ?? 'unknown'}, not ${target},`);
    await sleep(200);
  }
}

/**
 * Installed chaincode packages live in the peer's data folder, not on the ledger: a peer whose
 * data folder was replaced (to join again, by snapshot or from the genesis block) must install
 * the organization's committed package again before it can endorse or answer queries. Does so
 * when it is missing; the chaincode server itself runs apart and needs nothing.
 */
export async function installDeployedChaincode(home: Home, org: OrgSpec): Promise<void> {
  const deployment = readDeployment(home, org);
  if (!deployment) throw new Error(`No chaincode deployment is recorded for ${org.name} (${orgPaths(home, org.name).chaincode}/deployment.json): deploy the chaincode first.`);
  const installed = await peerCli(home, org, ['lifecycle', 'chaincode', 'queryinstalled', '--output', 'json'], `list the chaincode installed on the ${org.name} peer`);
  if (installed.includes(deployment.packageId)) return;
  const file = path.join(orgPaths(home, org.name).chaincode, deployment.label, `${deployment.label}.tar.gz`);
  if (!existsSync(file)) throw new Error(`The chaincode package ${file} of ${org.name}'s deployment is missing.`);
  await peerCli(home, org, ['lifecycle', 'chaincode', 'install', file], `install the chaincode on the ${org.name} peer again`);
}
