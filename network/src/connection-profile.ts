// The file applications read to reach the network: every peer's endpoint and TLS root, and every
// enrolled application identity with its certificate, key, role and issuer code. Written to
// <home>/network/connection.json by `network up`.
import { readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { caCert } from './ca';
import { certFile, keyFile } from './msp';
import { type Home, orgPaths } from './paths';
import { peerTls } from './peer';
import { ministryOf, type Role, type Topology } from './topology';

export interface PeerEndpoint {
  org: string;
  mspId: string;
  endpoint: string;
  /**
   * TLS server name to expect. TLS forbids IP addresses as server names, so for an IP host we
   * expect `localhost`, which every certificate our CAs issue carries as a SAN.
   */
  hostAlias?: string;
  tlsCaPath: string;
  operationsUrl: string;
}

/** An orderer of the channel, as the gateway probes it (it never sends to it: the peers' gateways do). */
export interface OrdererEndpoint {
  org: string;
  mspId: string;
  /** host:port of its listener (clients and the Raft cluster). */
  endpoint: string;
  /** Its operations endpoint (health, Prometheus metrics such as consensus_etcdraft_is_leader). */
  operationsUrl: string;
}

export interface IdentityFiles {
  name: string;
  org: string;
  mspId: string;
  role: Role | 'org-admin';
  issuer?: string;
  certPath: string;
  keyPath: string;
}

/** Who an organization is, as its certificates name it (topology displayName and province). */
export interface OrganizationInfo {
  mspId: string;
  name: string;
  /** Legal name, e.g. "Sở Giáo dục và Đào tạo Hà Nội". */
  legalName: string;
  kind: 'ministry' | 'department';
  province?: string;
}

export interface ConnectionProfile {
  channel: string;
  chaincode: string;
  ministryMspId: string;
  peers: PeerEndpoint[];
  /**
   * The channel's Raft orderers, for the gateway to tell a lost ordering quorum (fail fast) from a
   * node restarting or the leader moving (retry). Absent from profiles written before it was
   * added: the gateway then waits as it did before (gateway/src/ledger/ordering-health.ts).
   */
  orderers?: OrdererEndpoint[];
  identities: IdentityFiles[];
  /** Every organization of the channel (absent from profiles written before it was added). */
  organizations?: OrganizationInfo[];
  /** Each organization's CA certificate, to check who signed a diploma document. */
  caCertPaths: Record<string, string>;
  databaseUri: string;
  gatewayPort: number;
}

export function connectionProfilePath(home: Home): string {
  return path.join(home.network, 'connection.json');
}

export function buildConnectionProfile(home: Home, t: Topology, databaseUri: string): ConnectionProfile {
  const peers = t.organizations.map((org) => ({
    org: org.name,
    mspId: org.mspId,
    endpoint: `${org.host}:${org.ports.peer}`,
    hostAlias: isIP(org.host) ? 'localhost' : org.host,
    tlsCaPath: peerTls(home, org).ca,
    operationsUrl: `http://${org.host}:${org.ports.peerOperations}`,
  }));
  const identities: IdentityFiles[] = [];
  for (const org of t.organizations) {
    const p = orgPaths(home, org.name);
    const admin = path.join(p.user('admin'), 'msp');
    identities.push({ name: `${org.name.toLowerCase()}-org-admin`, org: org.name, mspId: org.mspId, role: 'org-admin', certPath: certFile(admin), keyPath: keyFile(admin) });
    for (const id of org.identities) {
      const msp = path.join(p.user(id.name), 'msp');
      identities.push({ name: id.name, org: org.name, mspId: org.mspId, role: id.role, issuer: id.issuer, certPath: certFile(msp), keyPath: keyFile(msp) });
    }
  }
  return {
    channel: t.channel,
    chaincode: t.chaincode.name,
    ministryMspId: ministryOf(t).mspId,
    organizations: t.organizations.map((o) => ({
      mspId: o.mspId, name: o.name, legalName: o.displayName, kind: o.kind, ...(o.province ? { province: o.province } : {}),
    })),
    peers,
    orderers: t.organizations.map((org) => ({
      org: org.name,
      mspId: org.mspId,
      endpoint: `${org.host}:${org.ports.orderer}`,
      operationsUrl: `http://${org.host}:${org.ports.ordererOperations}`,
    })),
    identities,
    caCertPaths: Object.fromEntries(t.organizations.map((o) => [o.mspId, caCert(home, o)])),
    databaseUri,
    gatewayPort: t.services.gateway.port,
  };
}

export function writeConnectionProfile(home: Home, profile: ConnectionProfile): string {
  const file = connectionProfilePath(home);
  writeFileSync(file, JSON.stringify(profile, null, 2));
  return file;
}

export function readConnectionProfile(file: string): ConnectionProfile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`The network's connection profile ${file} does not exist: start the network first (npm start).`);
  }
  return JSON.parse(text) as ConnectionProfile;
}

/** The legal name of an organization of the profile, or its MSP id when the profile does not say. */
export function organizationName(profile: ConnectionProfile, mspId: string): string {
  return profile.organizations?.find((o) => o.mspId === mspId)?.legalName ?? mspId;
}
