// One peer per organization. Chaincode runs as an external service, so the peer's core.yaml is
// generated with no Docker endpoint and with the project's `ccaas` external builder.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { run } from './exec';
import { httpHealthy, tcpOpen, waitFor } from './health';
import { BUILDERS_DIR, type Home, orgPaths } from './paths';
import { logTail, notRunningReason, runningPid, startProcess, type ProcessSpec } from './processes';
import { binary, SAMPLE_CONFIG_DIR } from './tools';
import type { OrgSpec, Topology } from './topology';

export const peerProcessName = (org: OrgSpec) => `peer-${org.name}`;

export function peerTls(home: Home, org: OrgSpec) {
  const tls = path.join(orgPaths(home, org.name).peer, 'tls');
  return { cert: path.join(tls, 'server.crt'), key: path.join(tls, 'server.key'), ca: path.join(tls, 'ca.crt') };
}

/** core.yaml = Fabric's defaults, minus Docker, plus the ccaas builder. */
export function writeCoreYaml(home: Home, org: OrgSpec): string {
  const dir = orgPaths(home, org.name).peerConfig;
  const core = parse(readFileSync(path.join(SAMPLE_CONFIG_DIR, 'core.yaml'), 'utf8')) as {
    vm: { endpoint: string };
    chaincode: { externalBuilders: unknown[] };
  };
  core.vm.endpoint = '';
  core.chaincode.externalBuilders = [{ name: 'ccaas', path: path.join(BUILDERS_DIR, 'ccaas'), propagateEnvironment: [] }];
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'core.yaml'), stringify(core));
  return dir;
}

export function peerProcess(home: Home, org: OrgSpec): ProcessSpec {
  const p = orgPaths(home, org.name);
  const tls = peerTls(home, org);
  const address = `${org.host}:${org.ports.peer}`;
  const listen = `${org.listenHost ?? org.host}:${org.ports.peer}`;
  return {
    name: peerProcessName(org),
    command: binary('peer'),
    args: ['node', 'start'],
    env: {
      FABRIC_CFG_PATH: writeCoreYaml(home, org),
      FABRIC_LOGGING_SPEC: 'info',
      CORE_VM_ENDPOINT: '',
      CORE_PEER_ID: `peer0.${org.name.toLowerCase()}`,
      CORE_PEER_ADDRESS: address,
      CORE_PEER_LISTENADDRESS: listen,
      CORE_PEER_CHAINCODEADDRESS: `${org.host}:${org.ports.peerChaincode}`,
      CORE_PEER_CHAINCODELISTENADDRESS: `${org.host}:${org.ports.peerChaincode}`,
      CORE_PEER_GOSSIP_BOOTSTRAP: address,
      CORE_PEER_GOSSIP_ENDPOINT: address,
      CORE_PEER_GOSSIP_EXTERNALENDPOINT: address,
      // Peers of other organizations are found through the anchor peers; when one is not up yet,
      // retry soon rather than after Fabric's default 25 s, so discovery (which the Gateway uses
      // to pick endorsers) knows every organization shortly after start.
      CORE_PEER_GOSSIP_RECONNECTINTERVAL: '2s',
      CORE_PEER_GOSSIP_ALIVEUPDATEINTERVAL: '2s',
      CORE_PEER_GOSSIP_ALIVEEXPIRATIONTIMEOUT: '10s',
      // A block whose private data this peer lacks waits this long for it from other peers before
      // it commits without it (Fabric's default: 60 s). The only private data here is each
      // organization's chaincode approvals, held by its own peers alone: a peer rebuilt after its
      // organization lost every peer (a restore, docs/backup-and-restore.md) would wait a minute
      // on each approval block for data nobody has. Normally the data comes with the endorsement.
      CORE_PEER_GOSSIP_PVTDATA_PULLRETRYTHRESHOLD: '10s',
      CORE_PEER_LOCALMSPID: org.mspId,
      CORE_PEER_MSPCONFIGPATH: path.join(p.peer, 'msp'),
      CORE_PEER_TLS_ENABLED: 'true',
      CORE_PEER_TLS_CERT_FILE: tls.cert,
      CORE_PEER_TLS_KEY_FILE: tls.key,
      CORE_PEER_TLS_ROOTCERT_FILE: tls.ca,
      CORE_PEER_FILESYSTEMPATH: p.peerData,
      CORE_LEDGER_SNAPSHOTS_ROOTDIR: path.join(p.peerData, 'snapshots'),
      CORE_LEDGER_STATE_STATEDATABASE: 'goleveldb',
      CORE_PEER_GATEWAY_ENABLED: 'true',
      CORE_OPERATIONS_LISTENADDRESS: `${org.host}:${org.ports.peerOperations}`,
      CORE_METRICS_PROVIDER: 'prometheus',
      CORE_CHAINCODE_EXECUTETIMEOUT: '120s',
    },
    ports: [
      { host: org.listenHost ?? org.host, port: org.ports.peer, what: `${org.name} peer` },
      { host: org.host, port: org.ports.peerChaincode, what: `${org.name} peer chaincode listener` },
      { host: org.host, port: org.ports.peerOperations, what: `${org.name} peer operations` },
    ],
  };
}

export async function startPeer(home: Home, org: OrgSpec): Promise<void> {
  const spec = peerProcess(home, org);
  await startProcess(home, spec);
  // The operations endpoint answers before the gRPC listener is up (seen under load): wait for both.
  await waitFor(`${org.name} peer`, async () => (await httpHealthy(`http://${org.host}:${org.ports.peerOperations}/healthz`)) && tcpOpen(org.listenHost ?? org.host, org.ports.peer), {
    timeoutMs: 60_000,
    alive: () => runningPid(home, spec.name) !== undefined,
    onDead: () => `${notRunningReason(home, spec.name) ?? 'running again'}\n${logTail(home, spec.name)}`,
  });
}

/** Environment for Fabric's `peer` CLI acting as `identity` (default: the org admin) against this org's peer. */
export function peerCliEnv(home: Home, org: OrgSpec, identity = 'admin'): NodeJS.ProcessEnv {
  const p = orgPaths(home, org.name);
  return {
    FABRIC_CFG_PATH: writeCoreYaml(home, org),
    FABRIC_LOGGING_SPEC: 'warning',
    CORE_PEER_LOCALMSPID: org.mspId,
    CORE_PEER_MSPCONFIGPATH: path.join(p.user(identity), 'msp'),
    CORE_PEER_ADDRESS: `${org.host}:${org.ports.peer}`,
    CORE_PEER_TLS_ENABLED: 'true',
    CORE_PEER_TLS_ROOTCERT_FILE: peerTls(home, org).ca,
    // The CLI presents the admin's TLS certificate when a server asks for one.
    CORE_PEER_TLS_CLIENTCERT_FILE: path.join(p.user('admin'), 'tls', 'server.crt'),
    CORE_PEER_TLS_CLIENTKEY_FILE: path.join(p.user('admin'), 'tls', 'server.key'),
  };
}

export function peerCli(home: Home, org: OrgSpec, args: string[], purpose: string, identity = 'admin'): Promise<string> {
  return run(binary('peer'), args, { env: peerCliEnv(home, org, identity), purpose, timeoutMs: 180_000 });
}

/** The peer's ledger height on the channel, or undefined if it has not joined / cannot answer. */
export async function peerHeight(home: Home, t: Topology, org: OrgSpec): Promise<number | undefined> {
  try {
    const out = await peerCli(home, org, ['channel', 'getinfo', '-c', t.channel], `read ${org.name}'s ledger height`);
    const m = /"height":(\d+)/.exec(out);
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

export async function joinPeer(home: Home, t: Topology, org: OrgSpec, block: string): Promise<void> {
  const list = await peerCli(home, org, ['channel', 'list'], `list ${org.name}'s channels`);
  if (list.split('\n').some((l) => l.trim() === t.channel)) return;
  await peerCli(home, org, ['channel', 'join', '-b', block], `join the ${org.name} peer to channel ${t.channel}`);
}
