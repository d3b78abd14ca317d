// Loads network/topology.yaml, checks it, and applies the port shift used by isolated test
// networks. Everything the network scripts generate is derived from the returned object.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { CertificatePolicyError, readCertificatePolicy, type CertificatePolicy } from './certificates/certificate-policy';

export const ROLES = ['issuer', 'department-admin', 'ministry-admin', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export interface IdentitySpec {
  name: string;
  role: Role;
  /** Issuer code, for role `issuer`. */
  issuer?: string;
  /** Legal name of the institution an issuer identity signs for: its certificate's O=. */
  institution?: string;
}

export interface OrgPorts {
  peer: number;
  peerChaincode: number;
  peerOperations: number;
  orderer: number;
  ordererAdmin: number;
  ordererOperations: number;
  ca: number;
  caOperations: number;
  chaincodeServer: number;
  /** Second chaincode server port: an upgrade starts the new version here before switching over. */
  chaincodeServerStandby: number;
}

export interface OrgSpec {
  name: string;
  mspId: string;
  /** The organization's legal name, e.g. "Bộ Giáo dục và Đào tạo": O= of its certificates. */
  displayName: string;
  /** Province (tỉnh/thành phố) of the organization's seat: ST= of its certificates. */
  province?: string;
  kind: 'ministry' | 'department';
  host: string;
  /**
   * Where its peer and orderer listen when that is not `host`: in multi-host mode a proxy listens
   * on `host` and forwards there (hosts/wan-proxy.ts). Set by hosts/multi-host.ts, not in the file.
   */
  listenHost?: string;
  ports: OrgPorts;
  identities: IdentitySpec[];
}

/** The embedded EVM chain `npm start` runs for anchoring (geth in dev mode, network/src/evm). */
export interface EvmChainSpec {
  /** Its HTTP JSON-RPC port on 127.0.0.1. */
  port: number;
  /** Its engine API port: geth opens none in dev mode, but is never left on its default 8551. */
  authPort: number;
  /** Seconds between two blocks (geth --dev.period), so that confirmations come without traffic. */
  blockPeriod: number;
}

export const EVM_CHAIN_DEFAULTS: EvmChainSpec = { port: 7545, authPort: 7546, blockPeriod: 2 };

export interface Topology {
  channel: string;
  chaincode: { name: string; version: string };
  ordering: { batchTimeout: string; maxMessageCount: number; absoluteMaxBytes: string; preferredMaxBytes: string };
  /** `host`: the gateway's and FerretDB's address (default 127.0.0.1; multi-host mode sets its own). */
  services: { host?: string; gateway: { port: number }; database: { port: number }; evmChain: EvmChainSpec };
  /** `hosts: netns` runs each organization in a network namespace of its own (hosts/host-plan.ts); VANBANG_HOSTS overrides it. */
  hosts?: 'local' | 'netns';
  organizations: OrgSpec[];
  /** Lifetime and renewal of the certificates the org CAs issue (`certificates:`, defaults when absent). */
  certificates: CertificatePolicy;
}

const PORT_KEYS: (keyof OrgPorts)[] = [
  'peer', 'peerChaincode', 'peerOperations', 'orderer', 'ordererAdmin', 'ordererOperations', 'ca', 'caOperations', 'chaincodeServer',
  'chaincodeServerStandby',
];
const NAME = /^[A-Za-z][A-Za-z0-9]{1,30}$/;
const IDENTITY_NAME = /^[a-z0-9][a-z0-9-]{1,40}$/;
const ISSUER_CODE = /^[A-Z0-9][A-Z0-9_-]{1,31}$/;

/**
 * A name that goes into a certificate subject through fabric-ca-client's `--csr.names`, which
 * splits on commas and `=`: letters of any script (Vietnamese diacritics included), digits,
 * spaces and `.()'-/&`, at most 64 characters (X.520's upper bound for O and ST).
 */
const SUBJECT_NAME = /^[\p{L}\p{M}0-9][\p{L}\p{M}0-9 .()'/&-]{0,63}$/u;
const SUBJECT_NAME_RULE = 'must be 1-64 letters, digits, spaces or .()\'/&- (no commas or =)';
function isSubjectName(value: unknown): value is string {
  return typeof value === 'string' && SUBJECT_NAME.test(value.normalize('NFC')) && value.trim() === value;
}

/** Thrown for a topology file that cannot be used; the message names the problem. */
export class TopologyError extends Error {}

/** Linux's range for outgoing connections' local ports (default 32768-60999). */
function ephemeralPortRange(): [number, number] {
  try {
    const [lo, hi] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (Number.isInteger(lo) && Number.isInteger(hi)) return [lo, hi];
  } catch {
    /* not Linux */
  }
  return [32768, 60999];
}

function fail(message: string): never {
  throw new TopologyError(`network/topology.yaml: ${message}`);
}

function isPort(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) > 0 && (value as number) < 65536;
}

/**
 * Validates a parsed topology; returns it with every port moved by `portShift` and the
 * certificate settings read (with their VANBANG_CERT_* overrides from `env`).
 */
export function checkTopology(raw: unknown, portShift = 0, env: NodeJS.ProcessEnv = process.env): Topology {
  if (typeof raw !== 'object' || raw === null) fail('expected a YAML mapping');
  const t = raw as Topology;
  if (typeof t.channel !== 'string' || !/^[a-z][a-z0-9.-]{0,48}$/.test(t.channel)) fail('`channel` must be a lower-case channel name');
  if (!t.chaincode || !/^[a-z][a-z0-9_-]{0,48}$/.test(String(t.chaincode.name))) fail('`chaincode.name` is missing or invalid');
  if (!/^[0-9A-Za-z._+-]{1,20}$/.test(String(t.chaincode.version))) fail('`chaincode.version` is missing or invalid');
  if (!t.ordering || !isPort(t.ordering.maxMessageCount)) fail('`ordering` needs batchTimeout, maxMessageCount, absoluteMaxBytes, preferredMaxBytes');
  if (!t.services || !isPort(t.services.gateway?.port) || !isPort(t.services.database?.port)) fail('`services.gateway.port` and `services.database.port` are required');
  if (!Array.isArray(t.organizations) || t.organizations.length === 0) fail('`organizations` must list at least one organization');
  if (t.hosts !== undefined && t.hosts !== 'local' && t.hosts !== 'netns') fail('`hosts` must be local or netns');

  const ministries = t.organizations.filter((o) => o.kind === 'ministry');
  if (ministries.length !== 1) fail('exactly one organization must have kind: ministry');

  const seenPorts = new Map<number, string>();
  const seenNames = new Set<string>();
  const claimPort = (port: number, owner: string) => {
    const other = seenPorts.get(port);
    if (other) fail(`port ${port} is used by both ${other} and ${owner}`);
    seenPorts.set(port, owner);
  };
  claimPort(t.services.gateway.port, 'services.gateway');
  claimPort(t.services.database.port, 'services.database');
  t.services.evmChain = checkEvmChain((t.services as { evmChain?: unknown }).evmChain);
  claimPort(t.services.evmChain.port, 'services.evmChain.port');
  claimPort(t.services.evmChain.authPort, 'services.evmChain.authPort');

  for (const org of t.organizations) {
    if (!NAME.test(String(org.name))) fail(`organization name "${org.name}" must be letters and digits`);
    if (seenNames.has(org.name)) fail(`organization ${org.name} is declared twice`);
    seenNames.add(org.name);
    if (!/^[A-Za-z][A-Za-z0-9]*MSP$/.test(String(org.mspId))) fail(`${org.name}: mspId must end in MSP`);
    if (org.kind !== 'ministry' && org.kind !== 'department') fail(`${org.name}: kind must be ministry or department`);
    if (!isSubjectName(org.displayName)) fail(`${org.name}: displayName (the legal name that goes into its certificates) ${SUBJECT_NAME_RULE}`);
    if (org.province !== undefined && !isSubjectName(org.province)) fail(`${org.name}: province ${SUBJECT_NAME_RULE}`);
    if (typeof org.host !== 'string' || org.host.length === 0) fail(`${org.name}: host is required`);
    if (!org.ports) fail(`${org.name}: ports are required`);
    for (const key of PORT_KEYS) {
      if (!isPort(org.ports[key])) fail(`${org.name}: ports.${key} must be a port number`);
      claimPort(org.ports[key], `${org.name}.${key}`);
    }
    if (!Array.isArray(org.identities)) org.identities = [];
    const idNames = new Set<string>();
    for (const id of org.identities) {
      if (!IDENTITY_NAME.test(String(id.name))) fail(`${org.name}: identity name "${id.name}" must be lower-case letters, digits and dashes`);
      if (idNames.has(id.name)) fail(`${org.name}: identity ${id.name} is declared twice`);
      idNames.add(id.name);
      if (!ROLES.includes(id.role)) fail(`${org.name}/${id.name}: role must be one of ${ROLES.join(', ')}`);
      if (id.role === 'issuer' && !ISSUER_CODE.test(String(id.issuer))) fail(`${org.name}/${id.name}: an issuer identity needs an issuer code like BKA`);
      if (id.role === 'issuer' && !isSubjectName(id.institution)) fail(`${org.name}/${id.name}: an issuer identity needs \`institution\`, the legal name it signs for, that ${SUBJECT_NAME_RULE}`);
      if (id.role !== 'issuer' && id.institution !== undefined) fail(`${org.name}/${id.name}: only issuer identities have an institution`);
      if (id.role === 'ministry-admin' && org.kind !== 'ministry') fail(`${org.name}/${id.name}: ministry-admin identities belong to the Ministry`);
      if (id.role === 'department-admin' && org.kind !== 'department') fail(`${org.name}/${id.name}: department-admin identities belong to a Department`);
    }
  }

  const ephemeral = ephemeralPortRange();
  if (portShift !== 0) {
    for (const org of t.organizations) {
      for (const key of PORT_KEYS) org.ports[key] += portShift;
    }
    t.services.gateway.port += portShift;
    t.services.database.port += portShift;
    t.services.evmChain.port += portShift;
    t.services.evmChain.authPort += portShift;
    for (const [port] of seenPorts) {
      if (!isPort(port + portShift)) fail(`port shift ${portShift} moves port ${port} out of range`);
    }
  }
  // The kernel hands out ports of its ephemeral range to outgoing connections at any moment, so a
  // server port there can be taken by chance between two starts.
  for (const [port, owner] of seenPorts) {
    const p = port + portShift;
    if (p >= ephemeral[0] && p <= ephemeral[1]) {
      fail(`port ${p} (${owner}) is in the kernel's ephemeral port range ${ephemeral[0]}-${ephemeral[1]}; choose ports or a VANBANG_PORT_SHIFT below ${ephemeral[0]}`);
    }
  }
  try {
    t.certificates = readCertificatePolicy((raw as { certificates?: unknown }).certificates, env);
  } catch (err) {
    if (err instanceof CertificatePolicyError) fail(err.message);
    throw err;
  }
  return t;
}

/** `services.evmChain` (optional: EVM_CHAIN_DEFAULTS for what it leaves out), checked. */
function checkEvmChain(raw: unknown): EvmChainSpec {
  if (raw !== undefined && raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) fail('`services.evmChain` must be a mapping (port, authPort, blockPeriod)');
  const given = (raw ?? {}) as Partial<Record<keyof EvmChainSpec, unknown>>;
  for (const key of Object.keys(given)) {
    if (!(key in EVM_CHAIN_DEFAULTS)) fail(`services.evmChain.${key} is not a setting (port, authPort, blockPeriod)`);
  }
  const spec = { ...EVM_CHAIN_DEFAULTS, ...given } as Record<keyof EvmChainSpec, unknown>;
  if (!isPort(spec.port)) fail('`services.evmChain.port` must be a port number');
  if (!isPort(spec.authPort)) fail('`services.evmChain.authPort` must be a port number');
  if (!Number.isInteger(spec.blockPeriod) || (spec.blockPeriod as number) < 1 || (spec.blockPeriod as number) > 3600) {
    fail('`services.evmChain.blockPeriod` must be a whole number of seconds from 1 to 3600');
  }
  return spec as unknown as EvmChainSpec;
}

export function loadTopology(file: string, portShift = 0): Topology {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new TopologyError(`Cannot read the topology file ${file}`);
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    throw new TopologyError(`${file} is not valid YAML: ${(err as Error).message}`);
  }
  return checkTopology(raw, portShift);
}

export function ministryOf(t: Topology): OrgSpec {
  return t.organizations.find((o) => o.kind === 'ministry') as OrgSpec;
}

export function departmentsOf(t: Topology): OrgSpec[] {
  return t.organizations.filter((o) => o.kind === 'department');
}
