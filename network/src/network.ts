// Brings the whole network up, down, reset, and reports its status. Every step checks the real
// state first (is the process running? has the orderer joined? is the chaincode committed?), so
// `up` is safe to re-run and finishes a half-started network.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { caProcessName, enrollOrganization, startCa } from './ca';
import { caSigningUpToDate } from './certificates/ca-signing';
import { chaincodeProcessName, committedDefinition, deployChaincode, readDeployment, SLOTS, slotPort } from './chaincode';
import { createGenesisBlock, genesisBlockPath } from './configtx';
import { repairCredentialFolders } from './renewal/credential-renewal';
import { renewBeforeStart } from './renewal/org-renewal';
import { buildConnectionProfile, connectionProfilePath, writeConnectionProfile } from './connection-profile';
import { evmChainStatus } from './evm/evm-chain';
import { evmPaths } from './evm/evm-paths';
import { EVM_CHAIN_PROCESS } from './evm/geth-args';
import { databaseUri, FERRETDB_PROCESS, pingDatabase, startDatabase, usesEmbeddedDatabase } from './ferretdb';
import { httpGet, httpHealthy, tcpOpen, waitFor } from './health';
import type { HostPlan } from './hosts/host-plan';
import { applyHostPlan, ensureHosts, hostsStatus, removeHosts } from './hosts/multi-host';
import { wanProxyProcessName } from './hosts/wan-proxy';
import { isRaftLeader, joinOrderer, ordererChannelInfo, ordererProcessName, startOrderer } from './orderer';
import { defaultHome, type Home, homeAt, orgPaths, TOPOLOGY_FILE } from './paths';
import { joinPeer, peerProcessName, startPeer } from './peer';
import { pidFile, runningPid, stopProcess } from './processes';
import { readmitLostOrderers } from './recovery/orderer-rejoin';
import { buildTools } from './tools';
import { loadTopology, type OrgSpec, type Topology } from './topology';
import { readChannelMembers, splitByMembership } from './membership/channel-members';

export interface NetworkContext {
  home: Home;
  topology: Topology;
  /** Where the topology came from, for processes started on this network's behalf (the renewer). */
  source?: { topologyFile: string; portShift: number };
  /**
   * Everything the topology file declares. `topology` is cut down to the channel's members: a
   * Department declared but not added yet (`npm run org:add`) or removed is in here only.
   */
  declared?: Topology;
  /** Declared, not on the channel yet. */
  pending?: OrgSpec[];
  /** On the channel, not declared in the topology file. */
  missing?: string[];
  /** Multi-host mode's namespaces and addresses (hosts/host-plan.ts); undefined on one host. */
  hosts?: HostPlan;
}

export const GATEWAY_PROCESS = 'gateway';
/** The background certificate renewer `npm start` runs (scripts/renewer.ts). */
export const RENEWER_PROCESS = 'renewer';
/** Litestream, replicating the embedded database continuously (backup/src/continuous/replicator.ts). */
export const REPLICATOR_PROCESS = 'replicator';

/** The network described by network/topology.yaml, under VANBANG_HOME, shifted by VANBANG_PORT_SHIFT. */
export function networkContext(opts: { home?: string; portShift?: number; topologyFile?: string } = {}): NetworkContext {
  const shift = opts.portShift ?? Number(process.env.VANBANG_PORT_SHIFT ?? 0);
  if (!Number.isInteger(shift)) throw new Error(`VANBANG_PORT_SHIFT must be a whole number (got ${process.env.VANBANG_PORT_SHIFT})`);
  // VANBANG_TOPOLOGY_FILE: a network described elsewhere than network/topology.yaml (tests, a Department's own copy).
  const topologyFile = path.resolve(opts.topologyFile ?? process.env.VANBANG_TOPOLOGY_FILE ?? TOPOLOGY_FILE);
  const home = opts.home ? homeAt(path.resolve(opts.home)) : defaultHome();
  const declared = loadTopology(topologyFile, shift);
  // Multi-host mode: every declared organization gets its address before the split (same objects).
  const hosts = applyHostPlan(home, declared, shift);
  const membership = splitByMembership(declared, readChannelMembers(home, declared.organizations));
  return {
    home, topology: membership.topology, source: { topologyFile, portShift: shift }, declared, pending: membership.pending, missing: membership.missing, ...(hosts ? { hosts } : {}),
  };
}

type Log = (line: string) => void;

async function peerMetric(org: OrgSpec, metric: string, channel: string): Promise<number | undefined> {
  try {
    const res = await httpGet(`http://${org.host}:${org.ports.peerOperations}/metrics`);
    const m = new RegExp(`^${metric}\\{channel="${channel}"\\} (\\d+)`, 'm').exec(res.body);
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Peer ledger height from the peer's Prometheus metrics (no identity needed). */
export function peerLedgerHeight(org: OrgSpec, channel: string): Promise<number | undefined> {
  return peerMetric(org, 'ledger_blockchain_height', channel);
}

/** How many other peers of the channel this peer knows through gossip (discovery relies on it). */
export function peerGossipMembers(org: OrgSpec, channel: string): Promise<number | undefined> {
  return peerMetric(org, 'gossip_membership_total_peers_known', channel);
}

export async function waitForGossip(t: Topology, timeoutMs = 90_000): Promise<void> {
  const others = t.organizations.length - 1;
  await waitFor('every peer knows every other peer (gossip)', async () => {
    for (const org of t.organizations) if (((await peerGossipMembers(org, t.channel)) ?? 0) < others) return false;
    return true;
  }, { timeoutMs, intervalMs: 500 });
}

export async function networkUp(ctx: NetworkContext, log: Log = console.log): Promise<void> {
  const { home, topology: t } = ctx;
  if (ctx.missing?.length) {
    throw new Error(`The channel's members ${ctx.missing.join(', ')} are not in the topology file (${ctx.source?.topologyFile ?? TOPOLOGY_FILE}). `
      + 'Put their entries back; a Department leaves the channel with `npm run org:remove -- <name>`, not by deleting its entry.');
  }
  log('• Binaries');
  await buildTools(log);
  await ensureHosts(ctx, log);

  log('• Certificate authorities and identities');
  for (const org of t.organizations) {
    // A renewal interrupted by a crash may have left a credential folder to put back first.
    repairCredentialFolders(home, org);
    // A CA reads its certificates' lifetime at start: one running with another lifetime restarts.
    const caHome = orgPaths(home, org.name).caHome;
    if (runningPid(home, caProcessName(org)) && existsSync(caHome) && !caSigningUpToDate(caHome, t.certificates)) await stopProcess(home, caProcessName(org));
    await startCa(home, org, { certificates: t.certificates });
    await renewBeforeStart(home, t, org, log);
    await enrollOrganization(home, org);
  }

  log('• Orderers (Raft) and channel');
  const block = genesisBlockPath(home, t);
  if (!existsSync(block)) await createGenesisBlock(home, t);
  // An orderer rebuilt without its data (a restored machine) first gets a new Raft identity.
  const rejoinBlocks = await readmitLostOrderers(home, t, log);
  for (const org of t.organizations) await startOrderer(home, t, org);
  for (const org of t.organizations) await joinOrderer(home, t, org, rejoinBlocks.get(org.name) ?? block);
  await waitFor('Raft cluster active on every orderer', async () => {
    for (const org of t.organizations) {
      const info = await ordererChannelInfo(home, t, org);
      if (!info || info.status !== 'active') return false;
    }
    return true;
  }, { timeoutMs: 90_000, intervalMs: 500 });
  // "active" is not enough to order transactions: wait until the Raft cluster has a leader
  // (after a restart it elects one a few seconds later; see the snapshot note in configtx.ts).
  await waitFor('a Raft leader for the channel', async () => {
    for (const org of t.organizations) if (await isRaftLeader(org, t.channel)) return true;
    return false;
  }, { timeoutMs: 60_000, intervalMs: 500 });

  log('• Peers');
  for (const org of t.organizations) await startPeer(home, org);
  for (const org of t.organizations) await joinPeer(home, t, org, block);
  await waitFor('every peer has the channel', async () => {
    for (const org of t.organizations) if (!(await peerLedgerHeight(org, t.channel))) return false;
    return true;
  }, { timeoutMs: 60_000 });
  // A peer that joined anew (a restored machine) replays the channel from the others: until it
  // has, it would answer "not committed" about the chaincode and stale state to everything else.
  await waitFor('every peer has caught up with the channel', async () => {
    const heights = await Promise.all(t.organizations.map((org) => peerLedgerHeight(org, t.channel)));
    return heights.every((h) => h !== undefined && h === Math.max(...(heights as number[])));
  }, { timeoutMs: 10 * 60_000, intervalMs: 500 });

  log('• Chaincode');
  await deployChaincode(home, t, { log });
  await waitForGossip(t);

  writeConnectionProfile(home, buildConnectionProfile(home, t, databaseUri(t)));

  log(usesEmbeddedDatabase() ? '• FerretDB' : '• MongoDB (MONGODB_URI)');
  await startDatabase(home, t);
  for (const org of ctx.pending ?? []) {
    log(`  ${org.name} is in the topology file but not on the channel: \`npm run org:add -- ${org.name}\` adds it to the running network`);
  }
}

/** Every process this home has started, in the order they are stopped. */
export function processNames(t: Topology): string[] {
  return [
    // The renewer first: it must not restart a node that `down` is about to stop.
    RENEWER_PROCESS,
    GATEWAY_PROCESS,
    // After the gateway, whose anchoring worker sends to it.
    EVM_CHAIN_PROCESS,
    ...t.organizations.flatMap((o) => SLOTS.map((slot) => chaincodeProcessName(o, slot))),
    ...t.organizations.map(peerProcessName),
    ...t.organizations.map(ordererProcessName),
    ...t.organizations.map(caProcessName),
    ...t.organizations.map(wanProxyProcessName),
    // Before the database: its last writes are shipped while FerretDB still has them in its log.
    REPLICATOR_PROCESS,
    FERRETDB_PROCESS,
  ];
}

/** Stops everything that has a PID file under this home (also processes no longer in the topology). */
export async function networkDown(ctx: NetworkContext, log: Log = console.log): Promise<void> {
  const known = processNames(ctx.topology);
  const files = existsSync(ctx.home.run) ? readdirSync(ctx.home.run).filter((f) => f.endsWith('.pid')).map((f) => f.slice(0, -4)) : [];
  const order = [...known, ...files.filter((f) => !known.includes(f))];
  for (const name of order) {
    if (await stopProcess(ctx.home, name)) log(`  stopped ${name}`);
  }
}

/** Stops everything and deletes all generated state (crypto, ledgers, database, logs). */
export async function networkReset(ctx: NetworkContext, log: Log = console.log): Promise<void> {
  await networkDown(ctx, log);
  for (const dir of [ctx.home.network, ctx.home.ferretdb, ctx.home.run, ctx.home.logs]) rmSync(dir, { recursive: true, force: true });
  rmSync(path.join(ctx.home.root, 'demo-credentials.json'), { force: true });
  rmSync(path.join(ctx.home.root, 'gateway'), { recursive: true, force: true });
  // The continuous replica's default place (backup/src/continuous/replicator.ts); one elsewhere (VANBANG_REPLICA_DIR) is the operator's.
  rmSync(path.join(ctx.home.root, 'replica'), { recursive: true, force: true });
  // The embedded EVM chain's data and its deployment (keys, chain.json): they belong to that chain.
  const evm = evmPaths(ctx.home);
  for (const dir of [evm.evmRoot, evm.anchoringDir]) rmSync(dir, { recursive: true, force: true });
  log(`  removed all state under ${ctx.home.root}`);
  // Multi-host mode's namespaces, bridge and veths of this home's shift (none on one host).
  await removeHosts(ctx, log);
}

export interface ProcessStatus {
  name: string;
  pid?: number;
  ports: number[];
  healthy: boolean;
  detail?: string;
}

export interface NetworkStatus {
  processes: ProcessStatus[];
  heights: Record<string, number | undefined>;
  chaincode?: { sequence: number; version: string };
  databaseUri: string;
  connectionProfile?: string;
}

export async function networkStatus(ctx: NetworkContext): Promise<NetworkStatus> {
  const { home, topology: t } = ctx;
  const rows: ProcessStatus[] = [];
  for (const org of t.organizations) {
    const h = org.host;
    rows.push({ name: caProcessName(org), pid: runningPid(home, caProcessName(org)), ports: [org.ports.ca, org.ports.caOperations], healthy: await httpHealthy(`http://${h}:${org.ports.caOperations}/healthz`) });
    const info = await ordererChannelInfo(home, t, org).catch(() => undefined);
    rows.push({
      name: ordererProcessName(org),
      pid: runningPid(home, ordererProcessName(org)),
      ports: [org.ports.orderer, org.ports.ordererAdmin, org.ports.ordererOperations],
      healthy: await httpHealthy(`http://${h}:${org.ports.ordererOperations}/healthz`),
      detail: info ? `${info.consensusRelation}, ${info.status}, height ${info.height}` : 'not joined',
    });
    rows.push({ name: peerProcessName(org), pid: runningPid(home, peerProcessName(org)), ports: [org.ports.peer, org.ports.peerOperations], healthy: await httpHealthy(`http://${h}:${org.ports.peerOperations}/healthz`) });
    const committedSlot = readDeployment(home, org)?.slot ?? 'primary';
    for (const slot of SLOTS) {
      const pid = runningPid(home, chaincodeProcessName(org, slot));
      if (slot !== committedSlot && !pid) continue; // the other slot only runs during an upgrade
      rows.push({ name: chaincodeProcessName(org, slot), pid, ports: [slotPort(org, slot)], healthy: await tcpOpen(h, slotPort(org, slot)) });
    }
  }
  const uri = databaseUri(t);
  if (usesEmbeddedDatabase()) {
    rows.push({ name: FERRETDB_PROCESS, pid: runningPid(home, FERRETDB_PROCESS), ports: [t.services.database.port], healthy: await pingDatabase(uri, 1_000) });
  }
  rows.push({
    name: GATEWAY_PROCESS,
    pid: runningPid(home, GATEWAY_PROCESS),
    ports: [t.services.gateway.port],
    healthy: await httpHealthy(`http://${t.services.host ?? '127.0.0.1'}:${t.services.gateway.port}/api/v1/health`),
  });
  rows.push(...(await hostsStatus(ctx)));
  // Started by `npm start` only: listed when they run, or when they were started and have died.
  const evmChain = await evmChainStatus(ctx);
  if (evmChain) rows.push(evmChain);
  const replicator = runningPid(home, REPLICATOR_PROCESS);
  if (replicator || existsSync(pidFile(home, REPLICATOR_PROCESS))) rows.push({ name: REPLICATOR_PROCESS, pid: replicator, ports: [], healthy: replicator !== undefined, detail: 'continuous database replica' });
  const renewer = runningPid(home, RENEWER_PROCESS);
  if (renewer || existsSync(pidFile(home, RENEWER_PROCESS))) rows.push({ name: RENEWER_PROCESS, pid: renewer, ports: [], healthy: renewer !== undefined, detail: 'certificate renewal' });
  const heights: Record<string, number | undefined> = {};
  for (const org of t.organizations) heights[org.name] = await peerLedgerHeight(org, t.channel);
  const anyPeer = t.organizations.find((o) => runningPid(home, peerProcessName(o)));
  const chaincode = anyPeer ? await committedDefinition(home, t, anyPeer) : undefined;
  return {
    processes: rows,
    heights,
    chaincode,
    databaseUri: uri,
    connectionProfile: existsSync(connectionProfilePath(home)) ? connectionProfilePath(home) : undefined,
  };
}
