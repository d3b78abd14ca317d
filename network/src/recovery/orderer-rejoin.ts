// An orderer that lost its data (its machine was lost and restored from a backup, which holds its
// crypto but not its ledger) must not come back under its old Raft identity: the other orderers
// remember how far its log reached, and a Raft member that forgets acknowledged entries is
// refused — it panics with "tocommit(N) is out of range [lastIndex(M)]. Was the raft log
// corrupted, truncated, or lost?". The consortium's remedy, done here before it starts: remove
// it from the channel's consenters and add it back (two configuration updates, each signed by
// the majority of orderer organizations' admins that the Orderer/Admins policy asks for). It then
// has a new Raft id, joins with the latest configuration block and catches up from the others
// like a new consenter.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { valueAt, type ChannelConfig } from '../channel-config/channel-config-json';
import { fetchChannelConfig, updateChannelConfig } from '../channel-config/channel-config-update';
import { waitFor } from '../health';
import { isRaftLeader, ordererChannelInfo, ordererProcessName, ordererTls } from '../orderer';
import { orgPaths, type Home } from '../paths';
import { peerProcessName } from '../peer';
import { runningPid } from '../processes';
import type { OrgSpec, Topology } from '../topology';

interface Consenter {
  host: string;
  port: number;
  client_tls_cert: string;
  server_tls_cert: string;
}

const CONSENSUS_TYPE = ['Orderer', 'ConsensusType'] as const;

function consenters(config: ChannelConfig): Consenter[] {
  return (valueAt(config, CONSENSUS_TYPE).value as { metadata: { consenters: Consenter[] } }).metadata.consenters;
}

/** The orderer's consenter entry, as the genesis block has it (configtx.ts): its TLS certificate both ways. */
function consenterOf(home: Home, org: OrgSpec): Consenter {
  const tls = readFileSync(ordererTls(home, org).cert).toString('base64');
  return { host: org.host, port: org.ports.orderer, client_tls_cert: tls, server_tls_cert: tls };
}

const isOrdererOf = (org: OrgSpec) => (c: Consenter) => c.host === org.host && Number(c.port) === org.ports.orderer;

/** Whether this organization's orderer has no Raft log for the channel on disk. */
export function ordererLostItsData(home: Home, t: Topology, org: OrgSpec): boolean {
  return !existsSync(path.join(orgPaths(home, org.name).ordererData, 'etcdraft', 'wal', t.channel));
}

/**
 * The organizations whose orderer lost its data while the channel runs on: another orderer is
 * active on the channel past its genesis block. (A network created now has none.)
 */
export async function orderersLostWhileChannelRuns(home: Home, t: Topology): Promise<{ lost: OrgSpec[]; via: OrgSpec | undefined }> {
  const lost = t.organizations.filter((o) => !runningPid(home, ordererProcessName(o)) && ordererLostItsData(home, t, o));
  if (lost.length === 0) return { lost, via: undefined };
  for (const org of t.organizations.filter((o) => !lost.includes(o) && runningPid(home, ordererProcessName(o)))) {
    const info = await ordererChannelInfo(home, t, org);
    if (info && info.status === 'active' && info.height > 1) return { lost, via: org };
  }
  return { lost: [], via: undefined };
}

/**
 * Gives each lost orderer a new Raft identity: out of the consenter set, then back in. Returns the
 * block each must join with: the channel's latest configuration block, which names its new id
 * (joined with the genesis block it would start as its old self and halt).
 */
export async function readmitLostOrderers(home: Home, t: Topology, log: (line: string) => void = () => {}): Promise<Map<string, string>> {
  const joinBlocks = new Map<string, string>();
  const { lost, via } = await orderersLostWhileChannelRuns(home, t);
  if (!via) return joinBlocks;
  // The peers still running apply each update; the lost organization's peer is rebuilt later.
  const appliedBy = t.organizations.filter((o) => !lost.includes(o) && runningPid(home, peerProcessName(o)));
  // The lost orderer may have been the leader: the others elect a new one first (seconds).
  await waitFor('a Raft leader among the running orderers', async () => {
    for (const o of t.organizations.filter((x) => !lost.includes(x))) if (await isRaftLeader(o, t.channel)) return true;
    return false;
  }, { timeoutMs: 60_000, intervalMs: 500 });
  for (const org of lost) {
    log(`  ${org.name}'s orderer lost its Raft log: it leaves the consenter set and comes back under a new Raft id`);
    // Rebuilt from its TLS certificate (restored), not remembered: a rerun after a crash between the two updates completes the second.
    const entry = consenterOf(home, org);
    await updateChannelConfig(home, t, {
      org: via, purpose: `consenter-remove-${org.name}`, appliedBy, log,
      edit: (config) => {
        const list = consenters(config);
        const at = list.findIndex(isOrdererOf(org));
        if (at < 0) return [];
        list.splice(at, 1);
        return [CONSENSUS_TYPE];
      },
    });
    await updateChannelConfig(home, t, {
      org: via, purpose: `consenter-add-${org.name}`, appliedBy, log,
      edit: (config) => {
        const list = consenters(config);
        if (list.some(isOrdererOf(org))) return [];
        list.push(entry);
        return [CONSENSUS_TYPE];
      },
    });
    const dir = path.join(home.network, 'channel', `rejoin-${org.name}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    await fetchChannelConfig(home, t, via, dir);
    joinBlocks.set(org.name, path.join(dir, 'config.block'));
  }
  return joinBlocks;
}
