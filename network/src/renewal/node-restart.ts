// Restarting a peer or an orderer so that it reads its renewed certificates, one node at a time
// and only once the rest of the network is whole: an orderer counts as back when the channel's
// Raft cluster has a leader and every consenter is active again, a peer when it has caught up
// with the channel height the others had and knows every other peer through gossip again.
import { httpGet, waitFor } from '../health';
import { peerGossipMembers, peerLedgerHeight } from '../network';
import { ordererChannelInfo, ordererProcessName, startOrderer } from '../orderer';
import type { Home } from '../paths';
import { peerProcessName, startPeer } from '../peer';
import { stopProcess } from '../processes';
import type { NodeToRestart } from './renewal-plan';
import type { OrgSpec, Topology } from '../topology';

const HEALTH_TIMEOUT_MS = 120_000;

export interface RaftView {
  isLeader: boolean;
  clusterSize?: number;
  activeNodes?: number;
  committedBlock?: number;
}

/** What an orderer's Prometheus metrics say about the channel's Raft cluster (undefined when it does not answer). */
export async function raftView(org: OrgSpec, channel: string): Promise<RaftView | undefined> {
  try {
    const res = await httpGet(`http://${org.host}:${org.ports.ordererOperations}/metrics`);
    if (res.status !== 200) return undefined;
    const metric = (name: string) => {
      const m = new RegExp(`^consensus_etcdraft_${name}\\{channel="${channel}"\\} (\\S+)$`, 'm').exec(res.body);
      return m ? Number(m[1]) : undefined;
    };
    return { isLeader: metric('is_leader') === 1, clusterSize: metric('cluster_size'), activeNodes: metric('active_nodes'), committedBlock: metric('committed_block_number') };
  } catch {
    return undefined;
  }
}

/** The organization whose orderer leads the channel's Raft cluster, if any. */
export async function raftLeader(t: Topology): Promise<string | undefined> {
  for (const org of t.organizations) if ((await raftView(org, t.channel))?.isLeader) return org.name;
  return undefined;
}

/**
 * The Raft cluster can lose a member: a leader exists, and each follower hears from the leader
 * that every consenter is active (followers learn `active_nodes` from the leader's heartbeats).
 */
export async function raftWhole(t: Topology): Promise<boolean> {
  const views = await Promise.all(t.organizations.map((o) => raftView(o, t.channel)));
  if (views.some((v) => v === undefined)) return false;
  if (!views.some((v) => v!.isLeader)) return false;
  return views.every((v) => v!.isLeader || (v!.clusterSize !== undefined && v!.activeNodes === v!.clusterSize));
}

/** Every peer is up and knows every other peer through gossip. */
export async function peersWhole(t: Topology): Promise<boolean> {
  for (const org of t.organizations) {
    if ((await peerLedgerHeight(org, t.channel)) === undefined) return false;
    if (((await peerGossipMembers(org, t.channel)) ?? 0) < t.organizations.length - 1) return false;
  }
  return true;
}

export interface RestartRecord {
  org: string;
  kind: 'peer' | 'orderer';
  stoppedAt: string;
  healthyAt: string;
}

async function restartOrderer(home: Home, t: Topology, org: OrgSpec, rolling: boolean): Promise<void> {
  const before = (await raftView(org, t.channel))?.committedBlock ?? 0;
  await stopProcess(home, ordererProcessName(org));
  await startOrderer(home, t, org);
  if (!rolling) return;
  await waitFor(`${org.name} orderer back in the Raft cluster of ${t.channel}`, async () => {
    const info = await ordererChannelInfo(home, t, org);
    if (info?.status !== 'active') return false;
    if (((await raftView(org, t.channel))?.committedBlock ?? -1) < before) return false;
    return raftWhole(t);
  }, { timeoutMs: HEALTH_TIMEOUT_MS, intervalMs: 500 });
}

async function restartPeer(home: Home, t: Topology, org: OrgSpec, rolling: boolean): Promise<void> {
  const heights = await Promise.all(t.organizations.map((o) => peerLedgerHeight(o, t.channel)));
  const target = Math.max(0, ...heights.map((h) => h ?? 0));
  await stopProcess(home, peerProcessName(org));
  await startPeer(home, org);
  if (!rolling) return;
  await waitFor(`${org.name} peer caught up with channel ${t.channel} (height ${target}) and known to the other peers`, async () => {
    if (((await peerLedgerHeight(org, t.channel)) ?? 0) < target) return false;
    return peersWhole(t);
  }, { timeoutMs: HEALTH_TIMEOUT_MS, intervalMs: 500 });
}

/** Whether the nodes of that kind are all up and working together (Raft cluster, gossip). */
export function nodesWhole(t: Topology, kind: NodeToRestart['kind']): Promise<boolean> {
  return kind === 'orderer' ? raftWhole(t) : peersWhole(t);
}

/**
 * Restarts one node. `rolling` (the normal case): first waits until the others of its kind are
 * whole (a restart then cannot cost quorum), and returns once the node is back in the cluster.
 * Otherwise (recovering a network that is not whole, e.g. every TLS certificate had expired) it
 * only waits for the node's own health: the next node's restart may be what the cluster needs.
 */
export async function restartNode(home: Home, t: Topology, node: NodeToRestart, opts: { rolling: boolean } = { rolling: true }): Promise<RestartRecord> {
  const org = t.organizations.find((o) => o.name === node.org);
  if (!org) throw new Error(`No organization ${node.org} in the topology`);
  if (opts.rolling) {
    await waitFor(`the ${node.kind}s of ${t.channel} whole before restarting the ${org.name} ${node.kind}`, () => nodesWhole(t, node.kind), { timeoutMs: HEALTH_TIMEOUT_MS, intervalMs: 500 });
  }
  const stoppedAt = new Date().toISOString();
  if (node.kind === 'orderer') await restartOrderer(home, t, org, opts.rolling);
  else await restartPeer(home, t, org, opts.rolling);
  return { org: org.name, kind: node.kind, stoppedAt, healthyAt: new Date().toISOString() };
}
