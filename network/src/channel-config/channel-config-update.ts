// A channel configuration update done the way a consortium does it: fetch the current config
// block from the ordering service, decode it (configtxlator), change it, compute the update,
// have it signed by the organization admins its mod_policies require (checked before it is sent),
// submit it, and wait until every peer has applied it. Every file of the update is kept under
// <home>/network/config-updates/<time>-<purpose>/ as a record of what was changed and who signed.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { common } from '@hyperledger/fabric-protos';
import type { ChannelConfig, ConfigChange } from './channel-config-json';
import { policySatisfied, requiredAdmins, type PolicyRequirement } from './config-policies';
import { connectionProfilePath, readConnectionProfile } from '../connection-profile';
import { run } from '../exec';
import { connectAs } from '../fabric-client';
import { waitFor } from '../health';
import { ordererTls } from '../orderer';
import type { Home } from '../paths';
import { peerCli } from '../peer';
import { binary } from '../tools';
import type { OrgSpec, Topology } from '../topology';

/** Changes the decoded configuration in place; returns what it changed (values, groups' sub-groups). */
export type ConfigEdit = (config: ChannelConfig) => ConfigChange[];

export interface ConfigUpdateResult {
  /** False when the configuration already said what the edit wants (nothing was submitted). */
  updated: boolean;
  sequence: number;
  requirements: PolicyRequirement[];
  signers: string[];
  recordDir: string;
}

function configtxlator(args: string[], purpose: string): Promise<string> {
  return run(binary('configtxlator'), args, { purpose });
}

async function decode(type: string, input: string, output: string): Promise<unknown> {
  await configtxlator(['proto_decode', '--type', type, '--input', input, '--output', output], `decode ${path.basename(input)} (${type})`);
  return JSON.parse(readFileSync(output, 'utf8'));
}

async function encode(type: string, value: unknown, jsonFile: string, output: string): Promise<void> {
  writeFileSync(jsonFile, JSON.stringify(value, null, 2));
  await configtxlator(['proto_encode', '--type', type, '--input', jsonFile, '--output', output], `encode ${path.basename(jsonFile)} (${type})`);
}

function ordererArgs(home: Home, org: OrgSpec): string[] {
  return ['-o', `${org.host}:${org.ports.orderer}`, '--tls', '--cafile', ordererTls(home, org).ca];
}

/** The channel's current configuration, fetched from the ordering service as `org`'s admin. */
export async function fetchChannelConfig(home: Home, t: Topology, org: OrgSpec, dir: string): Promise<ChannelConfig> {
  const block = path.join(dir, 'config.block');
  await peerCli(home, org, ['channel', 'fetch', 'config', block, '-c', t.channel, ...ordererArgs(home, org)], `fetch the configuration of channel ${t.channel}`);
  const decoded = await decode('common.Block', block, path.join(dir, 'config.block.json')) as { data: { data: { payload: { data: { config: ChannelConfig } } }[] } };
  return decoded.data.data[0].payload.data.config;
}

/** MSP ids of the signatures an update envelope carries (each signature's creator). */
async function envelopeSigners(envelopeFile: string, dir: string): Promise<string[]> {
  const env = await decode('common.Envelope', envelopeFile, path.join(dir, 'signed-envelope.json')) as {
    payload: { data: { signatures?: { signature_header: { creator: { mspid: string } } }[] } };
  };
  return (env.payload.data.signatures ?? []).map((s) => s.signature_header.creator.mspid);
}

/** The configuration sequence a peer has applied (cscc GetChannelConfig), as its organization's admin. */
async function appliedSequence(home: Home, t: Topology, org: OrgSpec): Promise<number> {
  const profile = readConnectionProfile(connectionProfilePath(home));
  const conn = connectAs(profile, `${org.name.toLowerCase()}-org-admin`, org.name);
  try {
    const bytes = await conn.gateway.getNetwork(t.channel).getContract('cscc').evaluateTransaction('GetChannelConfig', t.channel);
    return common.Config.deserializeBinary(bytes).getSequence();
  } finally {
    conn.close();
  }
}

export async function updateChannelConfig(home: Home, t: Topology, opts: {
  /** The organization whose admin fetches, and submits when its signature is required. */
  org: OrgSpec;
  /** A short name for the record folder, e.g. "crl-MinistryMSP". */
  purpose: string;
  edit: ConfigEdit;
  log?: (line: string) => void;
  /** The organizations whose peers must have applied the update before it returns (default: all). */
  appliedBy?: OrgSpec[];
}): Promise<ConfigUpdateResult> {
  const log = opts.log ?? (() => {});
  const recordDir = path.join(home.network, 'config-updates', `${new Date().toISOString().replace(/[-:.]/g, '')}-${opts.purpose}`);
  mkdirSync(recordDir, { recursive: true });

  const original = await fetchChannelConfig(home, t, opts.org, recordDir);
  const sequence = Number(original.sequence ?? 0);
  const modified = structuredClone(original);
  const changed = opts.edit(modified);
  if (changed.length === 0) {
    log(`  the channel configuration already has it (sequence ${sequence}): nothing to update`);
    return { updated: false, sequence, requirements: [], signers: [], recordDir };
  }

  // The update: the difference between the two configurations, in an envelope for the channel.
  const files = (name: string) => path.join(recordDir, name);
  await encode('common.Config', original, files('original.json'), files('original.pb'));
  await encode('common.Config', modified, files('modified.json'), files('modified.pb'));
  await configtxlator(['compute_update', '--channel_id', t.channel, '--original', files('original.pb'), '--updated', files('modified.pb'), '--output', files('update.pb')],
    'compute the configuration update');
  const update = await decode('common.ConfigUpdate', files('update.pb'), files('update.json'));
  await encode('common.Envelope', { payload: { header: { channel_header: { channel_id: t.channel, type: 2 } }, data: { config_update: update } } },
    files('envelope.json'), files('envelope.pb'));

  // Who must sign, from the mod_policies of what changed; the submitter's signature is added by `peer channel update`.
  const requirements = requiredAdmins(original, changed, opts.org.mspId);
  const needed = [...new Set(requirements.flatMap((r) => r.admins))].sort();
  const byMsp = (mspId: string) => t.organizations.find((o) => o.mspId === mspId) ?? (() => { throw new Error(`the update needs an admin of ${mspId}, which is not in the topology`); })();
  const submitter = needed.includes(opts.org.mspId) ? opts.org : byMsp(needed[0]);
  for (const r of requirements) log(`  ${r.policy} needs the admin of ${r.admins.join(', ')}`);
  for (const mspId of needed.filter((m) => m !== submitter.mspId)) {
    await peerCli(home, byMsp(mspId), ['channel', 'signconfigtx', '-f', files('envelope.pb')], `sign the configuration update as the ${mspId} admin`);
    log(`  signed by the ${mspId} admin`);
  }
  const signers = [...new Set([...(await envelopeSigners(files('envelope.pb'), recordDir)), submitter.mspId])].sort();
  for (const r of requirements) {
    if (!policySatisfied(original, r.policy, new Set(signers))) {
      throw new Error(`the collected signatures (${signers.join(', ')}) do not satisfy ${r.policy}; nothing was submitted (record: ${recordDir})`);
    }
  }

  await peerCli(home, submitter, ['channel', 'update', '-f', files('envelope.pb'), '-c', t.channel, ...ordererArgs(home, submitter)],
    `submit the configuration update of channel ${t.channel} as the ${submitter.mspId} admin`);
  log(`  submitted by the ${submitter.mspId} admin; waiting for every peer to apply it`);
  await waitFor(`every peer applies configuration sequence ${sequence + 1}`, async () => {
    for (const org of opts.appliedBy ?? t.organizations) if ((await appliedSequence(home, t, org).catch(() => -1)) <= sequence) return false;
    return true;
  }, { timeoutMs: 60_000, intervalMs: 500 });
  writeFileSync(files('signers.json'), JSON.stringify({ requirements, signers, submitter: submitter.mspId, sequence: sequence + 1 }, null, 2));
  return { updated: true, sequence: sequence + 1, requirements, signers, recordDir };
}
