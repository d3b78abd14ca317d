// "The Ministry's machine dies": every process of one organization stops (by its PID file) with
// the gateway's database, and their files go — the CA's database and keys, the MSPs and node
// crypto, the peer's and orderer's ledgers, the gateway's home — while the other organizations'
// nodes keep running, as they would on their own machines.
import { rmSync } from 'node:fs';
import path from 'node:path';
import {
  chaincodeProcessName, FERRETDB_PROCESS, ordererProcessName, orgPaths, peerProcessName, REPLICATOR_PROCESS, SLOTS, stopProcess, type NetworkContext,
} from '../../network/src';

export async function loseOrganizationMachine(ctx: NetworkContext, orgName: string): Promise<void> {
  const org = ctx.topology.organizations.find((o) => o.name === orgName);
  if (!org) throw new Error(`no organization ${orgName}`);
  const names = [REPLICATOR_PROCESS, ...SLOTS.map((slot) => chaincodeProcessName(org, slot)), peerProcessName(org), ordererProcessName(org), `ca-${org.name}`, FERRETDB_PROCESS];
  for (const name of names) await stopProcess(ctx.home, name);
  const p = orgPaths(ctx.home, org.name);
  for (const dir of [p.caHome, p.base, p.peerData, p.ordererData, p.peerConfig, p.ordererConfig, p.chaincode, ctx.home.ferretdb, path.join(ctx.home.root, 'gateway'), path.join(ctx.home.root, 'demo-credentials.json')]) {
    rmSync(dir, { recursive: true, force: true });
  }
}
