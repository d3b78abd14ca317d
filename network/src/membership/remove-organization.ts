// `npm run org:remove -- <Name>`: a Department leaves the channel.
//   1. Refused while any school it hosts is still ACTIVE: the Department's admin (or the Ministry)
//      first merges each into a successor or suspends it. Its diplomas stay verifiable.
//   2. A channel configuration update takes its orderer out of the Raft consenters and its MSP out
//      of the Application and Orderer groups, signed by a majority of the members' admins.
//   3. A new chaincode definition whose endorsement policy no longer lists it.
//   4. Its nodes stop. Their data stays where it is: the peer's copy of the ledger (up to the block
//      that removed it) is kept for audit, and so are its CA and the configuration update's record.
import { caProcessName } from '../ca';
import { chaincodeProcessName, deployChaincode, SLOTS } from '../chaincode';
import { updateChannelConfig } from '../channel-config/channel-config-update';
import { chaincodeEndorsementPolicy } from '../configtx';
import { buildConnectionProfile, connectionProfilePath, readConnectionProfile, writeConnectionProfile } from '../connection-profile';
import { connectAs } from '../fabric-client';
import { databaseUri } from '../ferretdb';
import type { NetworkContext } from '../network';
import { ordererProcessName } from '../orderer';
import { peerProcessName } from '../peer';
import { stopProcess } from '../processes';
import { notifyGateway } from '../renewal/renewal';
import { ministryOf, type Topology } from '../topology';
import { MembershipError, requireRunningNetwork, timed, type MembershipChange } from './add-organization';
import { readChannelMembers, writeChannelMembers } from './channel-members';
import { removeOrganizationEdit } from './org-definition';

type Log = (line: string) => void;

/** Fewer Raft consenters than this stop ordering on any single failure. */
const MIN_CONSENTERS = 3;

interface IssuerSummary {
  code: string;
  name: string;
  hostMsp: string;
  status: string;
}

/** Every issuer on the ledger (IssuerRegistry:ListIssuers, page by page), read as the Ministry's admin. */
async function listIssuers(ctx: NetworkContext): Promise<IssuerSummary[]> {
  const profile = readConnectionProfile(connectionProfilePath(ctx.home));
  const ministry = ministryOf(ctx.topology);
  const conn = connectAs(profile, `${ministry.name.toLowerCase()}-org-admin`);
  try {
    const contract = conn.gateway.getNetwork(profile.channel).getContract(profile.chaincode, 'IssuerRegistry');
    const all: IssuerSummary[] = [];
    let bookmark = '';
    for (;;) {
      const page = JSON.parse(Buffer.from(await contract.evaluateTransaction('ListIssuers', JSON.stringify({ pageSize: 100, bookmark }))).toString()) as
        { records: IssuerSummary[]; bookmark: string; fetchedRecordsCount: number };
      all.push(...page.records);
      if (!page.bookmark || page.fetchedRecordsCount === 0 || page.bookmark === bookmark) return all;
      bookmark = page.bookmark;
    }
  } finally {
    conn.close();
  }
}

export async function removeOrganization(ctx: NetworkContext, name: string, log: Log = console.log): Promise<MembershipChange> {
  const started = Date.now();
  requireRunningNetwork(ctx);
  const org = ctx.topology.organizations.find((o) => o.name === name || o.mspId === name);
  if (!org) throw new MembershipError(`${name} is not a member of the channel (members: ${ctx.topology.organizations.map((o) => o.name).join(', ')}).`);
  if (org.kind !== 'department') throw new MembershipError(`${org.name} is the Ministry: it cannot leave the channel.`);
  const remaining: Topology = { ...ctx.topology, organizations: ctx.topology.organizations.filter((o) => o !== org) };
  if (remaining.organizations.length < MIN_CONSENTERS) {
    throw new MembershipError(`Removing ${org.name} would leave ${remaining.organizations.length} Raft orderers; a cluster of fewer than ${MIN_CONSENTERS} stops ordering when any one of them fails. Add another Department first.`);
  }
  const steps: { step: string; ms: number }[] = [];
  const step = <T>(what: string, fn: () => Promise<T>): Promise<T> => timed(steps, what, log, fn);

  await step(`Schools hosted by ${org.mspId}`, async () => {
    const hosted = (await listIssuers(ctx)).filter((i) => i.hostMsp === org.mspId);
    const active = hosted.filter((i) => i.status === 'ACTIVE');
    if (active.length > 0) {
      throw new MembershipError(`${org.name} still hosts ${active.length} active school(s): ${active.map((i) => `${i.code} (${i.name})`).join(', ')}. `
        + 'Merge each into its successor or suspend it first (PATCH /api/v1/issuers/{code} with status MERGED or SUSPENDED); nothing was changed.');
    }
    log(`  ${hosted.length} school(s), none active: their diplomas stay verifiable, and no longer change`);
  });

  const update = await step(`Channel configuration: remove ${org.mspId} and its Raft consenter`, async () => {
    const result = await updateChannelConfig(ctx.home, ctx.topology, {
      org: ministryOf(ctx.topology), purpose: `remove-${org.mspId}`, edit: removeOrganizationEdit(org), log, appliedBy: remaining.organizations,
    });
    const record = readChannelMembers(ctx.home, (ctx.declared ?? ctx.topology).organizations) ?? { members: ctx.topology.organizations.map((o) => o.name), removed: [], joined: [] };
    record.members = record.members.filter((m) => m !== org.name);
    if (!record.removed.some((r) => r.name === org.name)) record.removed.push({ name: org.name, mspId: org.mspId, at: new Date().toISOString() });
    writeChannelMembers(ctx.home, record);
    return result;
  });

  const chaincode = await step('Chaincode: a new definition without it in the endorsement policy', () => deployChaincode(ctx.home, remaining, { upgrade: true, log }));

  await step(`${org.name}: nodes stopped, data kept for audit`, async () => {
    for (const name of [...SLOTS.map((slot) => chaincodeProcessName(org, slot)), peerProcessName(org), ordererProcessName(org), caProcessName(org)]) {
      if (await stopProcess(ctx.home, name)) log(`  stopped ${name}`);
    }
    writeConnectionProfile(ctx.home, buildConnectionProfile(ctx.home, remaining, databaseUri(remaining)));
    log(notifyGateway(ctx) ? '  told the gateway to stop using it (SIGHUP)' : '  no gateway runs for this home');
  });

  return {
    organization: org.name, mspId: org.mspId, configSequence: update.sequence, signers: update.signers, chaincodeSequence: chaincode.sequence,
    endorsementPolicy: chaincodeEndorsementPolicy(remaining), steps, totalMs: Date.now() - started, recordDir: update.recordDir,
  };
}
