// `npm run org:add -- <Name>`: a Department declared in the topology file joins the running
// channel, the way a consortium admits a member, while the network keeps serving:
//   1. its CA starts and enrolls its identities (peer, orderer, admins, application identities);
//   2. a channel configuration update adds its MSP (with its anchor peer), its orderer's endpoint
//      and its orderer as a Raft consenter; the update is signed by as many existing admins as the
//      channel's policies ask (MAJORITY Admins: 2 of 3, 3 of 4, ...), checked before it is sent;
//   3. its orderer starts and joins with the newest configuration block (it pulls the earlier
//      blocks from the others), its peer starts, joins with the genesis block and replays the
//      whole channel from the ordering service;
//   4. a new chaincode definition (next sequence) whose endorsement policy lists it among the
//      Departments, approved by every organization, the new one included;
//   5. the connection profile names it, and the running gateway is told to pick it up (SIGHUP).
// Every step first checks whether it is already done, so re-running after a crash finishes the job.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { enrollOrganization, startCa } from '../ca';
import { committedDefinition, deployChaincode, readDeployment } from '../chaincode';
import { fetchChannelConfig, updateChannelConfig } from '../channel-config/channel-config-update';
import { chaincodeEndorsementPolicy, genesisBlockPath } from '../configtx';
import { buildConnectionProfile, writeConnectionProfile } from '../connection-profile';
import { databaseUri } from '../ferretdb';
import { waitFor } from '../health';
import { ensureHosts } from '../hosts/multi-host';
import { peerLedgerHeight, waitForGossip, type NetworkContext } from '../network';
import { joinOrderer, ordererChannelInfo, ordererProcessName, startOrderer } from '../orderer';
import { joinPeer, peerProcessName, startPeer } from '../peer';
import { runningPid } from '../processes';
import { notifyGateway } from '../renewal/renewal';
import { renewBeforeStart } from '../renewal/org-renewal';
import { ministryOf, type OrgSpec, type Topology } from '../topology';
import { readChannelMembers, writeChannelMembers } from './channel-members';
import { addOrganizationEdit, applicationOrganizations, consenterAddresses, printOrganization } from './org-definition';

type Log = (line: string) => void;

/** A request the network cannot carry out as asked; the message says why and what to do. */
export class MembershipError extends Error {}

export interface MembershipChange {
  organization: string;
  mspId: string;
  /** The configuration sequence after the update (unchanged when it was already done). */
  configSequence: number;
  /** MSP ids of the admins whose signatures the configuration update carried. */
  signers: string[];
  chaincodeSequence: number;
  endorsementPolicy: string;
  /** Milliseconds each step took, in order. */
  steps: { step: string; ms: number }[];
  totalMs: number;
  /** Where the configuration update's files (original, modified, envelope, signers) are kept. */
  recordDir?: string;
}

/** Whether the network's own nodes run: a membership change needs a live channel. */
export function requireRunningNetwork(ctx: NetworkContext): void {
  const ministry = ministryOf(ctx.topology);
  if (!existsSync(genesisBlockPath(ctx.home, ctx.topology))) throw new MembershipError('The channel does not exist yet: start the network first (npm start).');
  if (!runningPid(ctx.home, peerProcessName(ministry)) || !runningPid(ctx.home, ordererProcessName(ministry))) {
    throw new MembershipError('The network is not running: start it first (npm start), then add or remove organizations.');
  }
}

function declaredOrg(ctx: NetworkContext, name: string): OrgSpec {
  const declared = ctx.declared ?? ctx.topology;
  const org = declared.organizations.find((o) => o.name === name || o.mspId === name);
  if (!org) {
    const known = declared.organizations.map((o) => o.name).join(', ');
    throw new MembershipError(`${name} is not in the topology file (${ctx.source?.topologyFile ?? 'network/topology.yaml'}); add its entry first (name, mspId, displayName, province, kind: department, host, ports, identities). Declared: ${known}.`);
  }
  if (org.kind !== 'department') throw new MembershipError(`${org.name} is the Ministry: only Departments join or leave the channel.`);
  return org;
}

/** Runs one step of a membership change, logging it and recording how long it took. */
export async function timed<T>(steps: { step: string; ms: number }[], step: string, log: Log, fn: () => Promise<T>): Promise<T> {
  log(`• ${step}`);
  const started = Date.now();
  const value = await fn();
  steps.push({ step, ms: Date.now() - started });
  return value;
}

/** Waits until every peer of `t` has the same height (the newest block reached each). */
export async function waitForSameHeight(t: Topology, timeoutMs = 10 * 60_000): Promise<number> {
  let height = 0;
  await waitFor('every peer at the same height', async () => {
    const heights = await Promise.all(t.organizations.map((o) => peerLedgerHeight(o, t.channel)));
    if (heights.some((h) => h === undefined)) return false;
    height = Math.max(...(heights as number[]));
    return heights.every((h) => h === height);
  }, { timeoutMs, intervalMs: 500 });
  return height;
}

export async function addOrganization(ctx: NetworkContext, name: string, log: Log = console.log): Promise<MembershipChange> {
  const started = Date.now();
  requireRunningNetwork(ctx);
  const org = declaredOrg(ctx, name);
  const { home } = ctx;
  const record = readChannelMembers(home, (ctx.declared ?? ctx.topology).organizations) ?? { members: ctx.topology.organizations.map((o) => o.name), removed: [], joined: [] };
  if (record.removed.some((r) => r.name === org.name)) {
    throw new MembershipError(`${org.name} left the channel on ${record.removed.find((r) => r.name === org.name)!.at}; its peer's ledger is kept for audit. A Department that comes back joins under a new name and MSP id.`);
  }
  // The channel as it is without the newcomer (who signs, whose peers must apply the update) and with it.
  const before: Topology = { ...ctx.topology, organizations: ctx.topology.organizations.filter((o) => o.name !== org.name) };
  const after: Topology = { ...ctx.topology, organizations: [...before.organizations, org] };
  const ministry = ministryOf(before);
  const steps: { step: string; ms: number }[] = [];

  await timed(steps, `${org.name}: certificate authority and identities`, log, async () => {
    // Multi-host mode: its namespace, address and Toxiproxy first (a no-op on one host).
    await ensureHosts(ctx, log);
    await startCa(home, org, { certificates: after.certificates });
    await renewBeforeStart(home, after, org, log);
    await enrollOrganization(home, org);
  });

  const update = await timed(steps, `Channel configuration: add ${org.mspId} (MSP, anchor peer, orderer endpoint, Raft consenter)`, log, async () => {
    const dir = path.join(home.network, 'config', 'org-definitions', org.name);
    const msp = await printOrganization(home, org, dir);
    const result = await updateChannelConfig(home, before, {
      org: ministry, purpose: `add-${org.mspId}`, edit: addOrganizationEdit(home, org, msp), log, appliedBy: before.organizations,
    });
    if (!record.members.includes(org.name)) {
      record.members.push(org.name);
      record.joined.push({ name: org.name, mspId: org.mspId, at: new Date().toISOString() });
      writeChannelMembers(home, record);
    }
    return result;
  });

  await timed(steps, `${org.name}: orderer joins the Raft cluster`, log, async () => {
    const dir = path.join(home.network, 'config', 'org-definitions', org.name);
    mkdirSync(dir, { recursive: true });
    await startOrderer(home, after, org);
    if (!(await ordererChannelInfo(home, after, org))) {
      // The newest configuration block names it as a consenter; it fetches the blocks before it from the others.
      await fetchChannelConfig(home, after, ministry, dir);
      await joinOrderer(home, after, org, path.join(dir, 'config.block'));
    }
    await waitFor(`${org.name} orderer active in the Raft cluster`, async () => {
      const info = await ordererChannelInfo(home, after, org);
      return info?.status === 'active' && info.consensusRelation === 'consenter';
    }, { timeoutMs: 5 * 60_000, intervalMs: 500 });
  });

  await timed(steps, `${org.name}: peer joins the channel and replays it`, log, async () => {
    await startPeer(home, org);
    await joinPeer(home, after, org, genesisBlockPath(home, after));
    await waitForSameHeight(after);
    await waitForGossip(after);
  });

  const chaincode = await timed(steps, 'Chaincode: a new definition whose endorsement policy covers it, approved by every organization', log, async () =>
    deployChaincode(home, after, { upgrade: !(await definitionCovers(ctx, after, org)), log }));

  await timed(steps, 'Connection profile and gateway', log, async () => {
    writeConnectionProfile(home, buildConnectionProfile(home, after, databaseUri(after)));
    log(notifyGateway(ctx) ? '  told the gateway to take up the new organization (SIGHUP)' : '  no gateway runs for this home: it reads the new profile when it starts');
  });

  const config = await fetchChannelConfig(home, after, ministry, mkdtempUnder(home));
  log(`  the channel now has ${applicationOrganizations(config).join(', ')}; Raft consenters ${consenterAddresses(config).join(', ')}`);
  return {
    organization: org.name, mspId: org.mspId, configSequence: update.sequence, signers: update.signers,
    chaincodeSequence: chaincode.sequence, endorsementPolicy: chaincodeEndorsementPolicy(after), steps, totalMs: Date.now() - started, recordDir: update.recordDir,
  };
}

/** A scratch folder for a configuration fetched only to be read. */
export function mkdtempUnder(home: { network: string }): string {
  const dir = path.join(home.network, 'config-updates', `read-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Whether the committed definition's policy already lists the organization and the organization
 * runs the chaincode: then a re-run after an interruption only makes sure the servers run.
 */
async function definitionCovers(ctx: NetworkContext, t: Topology, org: OrgSpec): Promise<boolean> {
  const committed = await committedDefinition(ctx.home, t, ministryOf(t));
  const deployment = readDeployment(ctx.home, org);
  return committed !== undefined && deployment !== undefined && deployment.sequence === committed.sequence;
}
