// What an organization looks like inside the channel configuration, and the edits that add it to
// or remove it from a running channel: its MSP (root and TLS CA certificates, admins, node OUs)
// under /Channel/Application with its anchor peer, the same MSP under /Channel/Orderer with its
// orderer's endpoint, and its orderer as one more Raft consenter. configtxgen -printOrg produces
// the MSP group from the organization's MSP folder, exactly as it did for the genesis block.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { groupAt, valueAt, type ChannelConfig, type ConfigChange, type ConfigGroup } from '../channel-config/channel-config-json';
import { configtxOrganization, consenterTlsCert } from '../configtx';
import { run } from '../exec';
import type { Home } from '../paths';
import { binary } from '../tools';
import type { OrgSpec } from '../topology';

export interface Consenter {
  host: string;
  port: number;
  client_tls_cert: string;
  server_tls_cert: string;
}

interface ConsensusMetadata {
  consenters: Consenter[];
}

/** The organization's MSP group (values MSP and Endpoints; policies Readers, Writers, Admins, Endorsement), from configtxgen. */
export async function printOrganization(home: Home, org: OrgSpec, dir: string): Promise<ConfigGroup> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'configtx.yaml'), stringify({ Organizations: [configtxOrganization(home, org)] }));
  const out = await run(binary('configtxgen'), ['-printOrg', org.mspId], {
    env: { FABRIC_CFG_PATH: dir },
    purpose: `describe ${org.name}'s MSP for the channel configuration`,
    stdoutOnly: true,
  });
  writeFileSync(path.join(dir, `${org.mspId}.json`), out);
  return JSON.parse(out) as ConfigGroup;
}

const base64Pem = (file: string) => readFileSync(file).toString('base64');

export function consenterOf(home: Home, org: OrgSpec): Consenter {
  const cert = base64Pem(consenterTlsCert(home, org));
  return { host: org.host, port: org.ports.orderer, client_tls_cert: cert, server_tls_cert: cert };
}

function consenters(config: ChannelConfig): Consenter[] {
  return (valueAt(config, ['Orderer', 'ConsensusType']).value.metadata as ConsensusMetadata).consenters;
}

/** The Raft consenters the configuration names, as host:port. */
export function consenterAddresses(config: ChannelConfig): string[] {
  return consenters(config).map((c) => `${c.host}:${c.port}`);
}

/** The MSP ids of the channel's application organizations. */
export function applicationOrganizations(config: ChannelConfig): string[] {
  return Object.keys(groupAt(config, ['Application']).groups ?? {}).sort();
}

/**
 * Adds the organization to the Application and Orderer groups and its orderer to the consenters.
 * Each part already present is left alone, so re-running after an interruption changes nothing twice.
 */
export function addOrganizationEdit(home: Home, org: OrgSpec, msp: ConfigGroup) {
  return (config: ChannelConfig): ConfigChange[] => {
    const changes: ConfigChange[] = [];
    const application = groupAt(config, ['Application']);
    if (!application.groups[org.mspId]) {
      const group = structuredClone(msp);
      // configtxgen prints the orderer-organization form (with Endpoints), which an application organization may not carry.
      delete group.values.Endpoints;
      group.values.AnchorPeers = { mod_policy: 'Admins', value: { anchor_peers: [{ host: org.host, port: org.ports.peer }] }, version: '0' };
      application.groups[org.mspId] = group;
      changes.push({ group: ['Application'] });
    }
    const orderer = groupAt(config, ['Orderer']);
    if (!orderer.groups[org.mspId]) {
      const group = structuredClone(msp);
      group.values.Endpoints = { mod_policy: 'Admins', value: { addresses: [`${org.host}:${org.ports.orderer}`] }, version: '0' };
      orderer.groups[org.mspId] = group;
      changes.push({ group: ['Orderer'] });
    }
    const list = consenters(config);
    if (!list.some((c) => c.host === org.host && c.port === org.ports.orderer)) {
      // Raft changes one member per configuration update: this one adds exactly one.
      list.push(consenterOf(home, org));
      changes.push(['Orderer', 'ConsensusType']);
    }
    return changes;
  };
}

/** Removes the organization from both groups and its orderer from the consenters (what is already gone stays gone). */
export function removeOrganizationEdit(org: OrgSpec) {
  return (config: ChannelConfig): ConfigChange[] => {
    const changes: ConfigChange[] = [];
    const list = consenters(config);
    const at = list.findIndex((c) => c.host === org.host && c.port === org.ports.orderer);
    if (at >= 0) {
      list.splice(at, 1);
      changes.push(['Orderer', 'ConsensusType']);
    }
    for (const name of ['Application', 'Orderer']) {
      const group = groupAt(config, [name]);
      if (group.groups[org.mspId]) {
        delete group.groups[org.mspId];
        changes.push({ group: [name] });
      }
    }
    return changes;
  };
}
