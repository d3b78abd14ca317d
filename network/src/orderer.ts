// One Raft orderer per organization, joined to the channel through the channel participation
// API (osnadmin) — there is no system channel.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { run } from './exec';
import { httpGet, httpHealthy, tcpOpen, waitFor } from './health';
import { type Home, orgPaths } from './paths';
import { logTail, notRunningReason, runningPid, startProcess, type ProcessSpec } from './processes';
import { binary, SAMPLE_CONFIG_DIR } from './tools';
import type { OrgSpec, Topology } from './topology';

export const ordererProcessName = (org: OrgSpec) => `orderer-${org.name}`;

export function ordererTls(home: Home, org: OrgSpec) {
  const tls = path.join(orgPaths(home, org.name).orderer, 'tls');
  return { cert: path.join(tls, 'server.crt'), key: path.join(tls, 'server.key'), ca: path.join(tls, 'ca.crt') };
}

export function ordererProcess(home: Home, t: Topology, org: OrgSpec): ProcessSpec {
  const p = orgPaths(home, org.name);
  const tls = ordererTls(home, org);
  // Raft peers authenticate each other with TLS client certificates issued by their own org CAs.
  const allCas = t.organizations.map((o) => ordererTls(home, o).ca);
  mkdirSync(p.ordererConfig, { recursive: true });
  copyFileSync(path.join(SAMPLE_CONFIG_DIR, 'orderer.yaml'), path.join(p.ordererConfig, 'orderer.yaml'));
  return {
    name: ordererProcessName(org),
    command: binary('orderer'),
    args: [],
    env: {
      FABRIC_CFG_PATH: p.ordererConfig,
      FABRIC_LOGGING_SPEC: 'info',
      ORDERER_GENERAL_LISTENADDRESS: org.listenHost ?? org.host,
      ORDERER_GENERAL_LISTENPORT: String(org.ports.orderer),
      ORDERER_GENERAL_LOCALMSPID: org.mspId,
      ORDERER_GENERAL_LOCALMSPDIR: path.join(p.orderer, 'msp'),
      ORDERER_GENERAL_BOOTSTRAPMETHOD: 'none',
      ORDERER_GENERAL_TLS_ENABLED: 'true',
      ORDERER_GENERAL_TLS_PRIVATEKEY: tls.key,
      ORDERER_GENERAL_TLS_CERTIFICATE: tls.cert,
      ORDERER_GENERAL_TLS_ROOTCAS: `[${allCas.join(',')}]`,
      ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE: tls.cert,
      ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY: tls.key,
      ORDERER_GENERAL_CLUSTER_ROOTCAS: `[${allCas.join(',')}]`,
      ORDERER_FILELEDGER_LOCATION: path.join(p.ordererData, 'ledger'),
      ORDERER_CONSENSUS_WALDIR: path.join(p.ordererData, 'etcdraft', 'wal'),
      ORDERER_CONSENSUS_SNAPDIR: path.join(p.ordererData, 'etcdraft', 'snapshot'),
      ORDERER_OPERATIONS_LISTENADDRESS: `${org.host}:${org.ports.ordererOperations}`,
      ORDERER_METRICS_PROVIDER: 'prometheus',
      ORDERER_ADMIN_LISTENADDRESS: `${org.host}:${org.ports.ordererAdmin}`,
      ORDERER_ADMIN_TLS_ENABLED: 'true',
      ORDERER_ADMIN_TLS_PRIVATEKEY: tls.key,
      ORDERER_ADMIN_TLS_CERTIFICATE: tls.cert,
      ORDERER_ADMIN_TLS_ROOTCAS: `[${tls.ca}]`,
      ORDERER_ADMIN_TLS_CLIENTAUTHREQUIRED: 'true',
      ORDERER_ADMIN_TLS_CLIENTROOTCAS: `[${tls.ca}]`,
      ORDERER_CHANNELPARTICIPATION_ENABLED: 'true',
    },
    ports: [
      { host: org.listenHost ?? org.host, port: org.ports.orderer, what: `${org.name} orderer` },
      { host: org.host, port: org.ports.ordererAdmin, what: `${org.name} orderer admin` },
      { host: org.host, port: org.ports.ordererOperations, what: `${org.name} orderer operations` },
    ],
  };
}

export async function startOrderer(home: Home, t: Topology, org: OrgSpec): Promise<void> {
  const spec = ordererProcess(home, t, org);
  await startProcess(home, spec);
  // Healthy operations endpoint first; the listeners (osnadmin's and the cluster's) may follow a moment later.
  await waitFor(`${org.name} orderer`, async () => (await httpHealthy(`http://${org.host}:${org.ports.ordererOperations}/healthz`))
    && (await tcpOpen(org.host, org.ports.ordererAdmin)) && tcpOpen(org.listenHost ?? org.host, org.ports.orderer), {
    timeoutMs: 60_000,
    alive: () => runningPid(home, spec.name) !== undefined,
    onDead: () => `${notRunningReason(home, spec.name) ?? 'running again'}\n${logTail(home, spec.name)}`,
  });
}

function osnadminArgs(home: Home, org: OrgSpec): string[] {
  const admin = path.join(orgPaths(home, org.name).user('admin'), 'tls');
  return [
    '-o', `${org.host}:${org.ports.ordererAdmin}`,
    '--ca-file', ordererTls(home, org).ca,
    '--client-cert', path.join(admin, 'server.crt'),
    '--client-key', path.join(admin, 'server.key'),
  ];
}

export interface OrdererChannelInfo {
  name: string;
  status: string;
  consensusRelation: string;
  height: number;
}

/** What the orderer's admin API says about the channel, or undefined if it has not joined. */
export async function ordererChannelInfo(home: Home, t: Topology, org: OrgSpec): Promise<OrdererChannelInfo | undefined> {
  let out: string;
  try {
    out = await run(binary('osnadmin'), ['channel', 'list', '--channelID', t.channel, ...osnadminArgs(home, org)], {
      purpose: `ask the ${org.name} orderer about channel ${t.channel}`,
      timeoutMs: 15_000,
    });
  } catch {
    return undefined;
  }
  const json = out.slice(out.indexOf('{'));
  try {
    const info = JSON.parse(json) as OrdererChannelInfo;
    return info.name === t.channel ? info : undefined;
  } catch {
    return undefined;
  }
}

export async function joinOrderer(home: Home, t: Topology, org: OrgSpec, block: string): Promise<void> {
  if (await ordererChannelInfo(home, t, org)) return;
  if (!existsSync(block)) throw new Error(`The channel's genesis block ${block} is missing`);
  await run(binary('osnadmin'), ['channel', 'join', '--channelID', t.channel, '--config-block', block, ...osnadminArgs(home, org)], {
    purpose: `join the ${org.name} orderer to channel ${t.channel}`,
  });
}

/** Whether this organization's orderer leads the channel's Raft cluster (from its Prometheus metrics). */
export async function isRaftLeader(org: OrgSpec, channel: string): Promise<boolean> {
  try {
    const res = await httpGet(`http://${org.host}:${org.ports.ordererOperations}/metrics`);
    return res.status === 200 && res.body.split('\n').some((line) => line === `consensus_etcdraft_is_leader{channel="${channel}"} 1`);
  } catch {
    return false;
  }
}
