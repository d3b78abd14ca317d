// The chaincode lifecycle for chaincode-as-a-service: package (connection.json only) → install on
// every peer → start the chaincode servers → approve by every organization → commit. An upgrade
// is the same with the next sequence number.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chaincodeEndorsementPolicy } from './configtx';
import { run } from './exec';
import { tcpOpen, waitFor } from './health';
import { ordererTls } from './orderer';
import { CHAINCODE_DIR, type Home, orgPaths, REPO_ROOT } from './paths';
import { peerCli, peerTls } from './peer';
import { logTail, notRunningReason, runningPid, startProcess, stopProcess, type ProcessSpec } from './processes';
import type { OrgSpec, Topology } from './topology';

/**
 * Each organization has two chaincode server slots (blue/green). The committed version runs in one;
 * an upgrade starts the next version in the other, commits, and only then stops the old one, so
 * the peers never wait for a chaincode that is not there.
 */
export type Slot = 'primary' | 'standby';
export const SLOTS: Slot[] = ['primary', 'standby'];

export const chaincodeProcessName = (org: OrgSpec, slot: Slot = 'primary') =>
  slot === 'primary' ? `chaincode-${org.name}` : `chaincode-${org.name}-standby`;

export function slotPort(org: OrgSpec, slot: Slot): number {
  return slot === 'primary' ? org.ports.chaincodeServer : org.ports.chaincodeServerStandby;
}

export interface Deployment {
  packageId: string;
  label: string;
  version: string;
  sequence: number;
  /** Absent in deployments recorded before slots existed: those ran in the primary slot. */
  slot?: Slot;
}

function deploymentFile(home: Home, org: OrgSpec): string {
  return path.join(orgPaths(home, org.name).chaincode, 'deployment.json');
}

/** The organization's committed deployment (written only after the definition is committed). */
export function readDeployment(home: Home, org: OrgSpec): Deployment | undefined {
  try {
    return JSON.parse(readFileSync(deploymentFile(home, org), 'utf8')) as Deployment;
  } catch {
    return undefined;
  }
}

const FABRIC_CHAINCODE_NODE = path.join(REPO_ROOT, 'node_modules', 'fabric-shim', 'cli.js');

export function chaincodeServerProcess(org: OrgSpec, packageId: string, slot: Slot = 'primary'): ProcessSpec {
  const port = slotPort(org, slot);
  return {
    name: chaincodeProcessName(org, slot),
    command: process.execPath,
    args: [
      FABRIC_CHAINCODE_NODE, 'server',
      '--chaincode-address', `${org.host}:${port}`,
      '--chaincode-id', packageId,
      '--module-path', CHAINCODE_DIR,
    ],
    cwd: CHAINCODE_DIR,
    env: { CORE_CHAINCODE_LOGGING_LEVEL: 'info', CORE_CHAINCODE_LOGGING_SHIM: 'warning' },
    ports: [{ host: org.host, port, what: `${org.name} chaincode server (${slot})` }],
  };
}

export async function startChaincodeServer(home: Home, org: OrgSpec, packageId: string, slot: Slot = 'primary'): Promise<void> {
  if (!existsSync(path.join(CHAINCODE_DIR, 'dist', 'index.js'))) {
    throw new Error('The chaincode is not built (chaincode/dist/index.js is missing): run `npm run build`.');
  }
  const spec = chaincodeServerProcess(org, packageId, slot);
  await startProcess(home, spec);
  await waitFor(`${org.name} chaincode server`, () => tcpOpen(org.host, slotPort(org, slot)), {
    timeoutMs: 60_000,
    alive: () => runningPid(home, spec.name) !== undefined,
    onDead: () => `${notRunningReason(home, spec.name) ?? 'running again'}\n${logTail(home, spec.name)}`,
  });
}

/** Builds this organization's ccaas package; its connection.json points at the org's own chaincode server. */
async function createPackage(home: Home, org: OrgSpec, label: string, slot: Slot): Promise<{ file: string; packageId: string }> {
  const dir = path.join(orgPaths(home, org.name).chaincode, label);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'connection.json'),
    JSON.stringify({ address: `${org.host}:${slotPort(org, slot)}`, dial_timeout: '10s', tls_required: false }),
  );
  writeFileSync(path.join(dir, 'metadata.json'), JSON.stringify({ type: 'ccaas', label }));
  await run('tar', ['-czf', 'code.tar.gz', 'connection.json'], { cwd: dir, purpose: 'create code.tar.gz' });
  const file = path.join(dir, `${label}.tar.gz`);
  await run('tar', ['-czf', file, 'metadata.json', 'code.tar.gz'], { cwd: dir, purpose: 'create the chaincode package' });
  const out = await peerCli(home, org, ['lifecycle', 'chaincode', 'calculatepackageid', file], 'calculate the package id');
  return { file, packageId: out.trim() };
}

async function installIfMissing(home: Home, org: OrgSpec, file: string, packageId: string): Promise<void> {
  const installed = await peerCli(home, org, ['lifecycle', 'chaincode', 'queryinstalled', '--output', 'json'], `list chaincode installed on ${org.name}`);
  if (installed.includes(packageId)) return;
  await peerCli(home, org, ['lifecycle', 'chaincode', 'install', file], `install the chaincode on the ${org.name} peer`);
}

function ordererArgs(home: Home, org: OrgSpec): string[] {
  return ['-o', `${org.host}:${org.ports.orderer}`, '--tls', '--cafile', ordererTls(home, org).ca];
}

export async function committedDefinition(home: Home, t: Topology, org: OrgSpec): Promise<{ sequence: number; version: string } | undefined> {
  try {
    const out = await peerCli(home, org, ['lifecycle', 'chaincode', 'querycommitted', '-C', t.channel, '-n', t.chaincode.name, '--output', 'json'], 'query the committed chaincode');
    const def = JSON.parse(out) as { sequence: number; version: string };
    return { sequence: def.sequence, version: def.version };
  } catch {
    return undefined;
  }
}

/**
 * Deploys the chaincode if it is not committed yet, or — with `upgrade` — commits the next
 * sequence. Without `upgrade` on a deployed network it only makes sure the servers run.
 *
 * An upgrade is blue/green: the new version's servers start in the free slot while the committed
 * version keeps serving; after the commit the old servers stop. Re-running after an interruption
 * redoes the unfinished steps (install and approve are idempotent).
 */
export async function deployChaincode(home: Home, t: Topology, opts: { upgrade?: boolean; log?: (s: string) => void } = {}): Promise<Deployment> {
  const log = opts.log ?? (() => {});
  const anchor = t.organizations[0];
  const committed = await committedDefinition(home, t, anchor);
  const live = t.organizations.map((o) => {
    const d = readDeployment(home, o);
    return committed && d && d.sequence === committed.sequence ? d : undefined;
  });

  // An organization that lost every one of its peers lost its approval of the committed definition
  // with them (it lives in the organization's private data, which no other organization holds):
  // its rebuilt peer cannot run the chaincode until a new sequence, approved again, is committed.
  const lostApproval = committed && !opts.upgrade ? await organizationsWithLostApproval(home, t, committed.sequence) : [];
  if (lostApproval.length > 0) log(`  ${lostApproval.join(', ')} lost the approval of sequence ${committed!.sequence} with its peers: committing the next sequence, approved again by every organization`);
  if (committed && !opts.upgrade && lostApproval.length === 0 && live.every((d) => d)) {
    for (const [i, org] of t.organizations.entries()) {
      const d = live[i] as Deployment;
      const slot = d.slot ?? 'primary';
      await stopProcess(home, chaincodeProcessName(org, otherSlot(slot))); // leftover of an interrupted upgrade
      await startChaincodeServer(home, org, d.packageId, slot);
    }
    return live[0] as Deployment;
  }

  const sequence = (committed?.sequence ?? 0) + 1;
  const version = `${t.chaincode.version}.${sequence}`;
  const label = `${t.chaincode.name}_${version}`;
  const policy = chaincodeEndorsementPolicy(t);
  log(`  chaincode ${t.chaincode.name} version ${version} (sequence ${sequence}), endorsement ${policy}`);

  const next: Deployment[] = [];
  for (const [i, org] of t.organizations.entries()) {
    const current = live[i];
    const slot: Slot = current ? otherSlot(current.slot ?? 'primary') : 'primary';
    const { file, packageId } = await createPackage(home, org, label, slot);
    await installIfMissing(home, org, file, packageId);
    await stopProcess(home, chaincodeProcessName(org, slot)); // only ever a non-committed leftover
    await startChaincodeServer(home, org, packageId, slot);
    await peerCli(
      home,
      org,
      ['lifecycle', 'chaincode', 'approveformyorg', ...ordererArgs(home, org), '--channelID', t.channel, '--name', t.chaincode.name,
        '--version', version, '--package-id', packageId, '--sequence', String(sequence), '--signature-policy', policy],
      `approve the chaincode definition for ${org.name}`,
    );
    next.push({ packageId, label, version, sequence, slot });
    log(`  ${org.name}: installed, server started (${slot} slot), approved`);
  }

  const peerArgs = t.organizations.flatMap((o) => ['--peerAddresses', `${o.host}:${o.ports.peer}`, '--tlsRootCertFiles', peerTls(home, o).ca]);
  await peerCli(
    home,
    anchor,
    ['lifecycle', 'chaincode', 'commit', ...ordererArgs(home, anchor), '--channelID', t.channel, '--name', t.chaincode.name,
      '--version', version, '--sequence', String(sequence), '--signature-policy', policy, ...peerArgs],
    'commit the chaincode definition',
  );
  await waitFor('chaincode definition committed on every peer', async () => {
    for (const org of t.organizations) {
      const def = await committedDefinition(home, t, org);
      if (!def || def.sequence !== sequence) return false;
    }
    return true;
  }, { timeoutMs: 60_000 });
  for (const [i, org] of t.organizations.entries()) {
    writeFileSync(deploymentFile(home, org), JSON.stringify(next[i], null, 2));
    const old = live[i];
    if (old) await stopProcess(home, chaincodeProcessName(org, old.slot ?? 'primary'));
  }
  log(`  committed sequence ${sequence}`);
  return next[0];
}

/** Fabric's answer when a peer holds the hash of its organization's private approval but not the approval. */
const LOST_PRIVATE_DATA = /private data matching public hash version is not available/;

/** The organizations whose peer cannot read its own approval of the committed sequence. */
async function organizationsWithLostApproval(home: Home, t: Topology, sequence: number): Promise<string[]> {
  const lost: string[] = [];
  for (const org of t.organizations) {
    try {
      await peerCli(home, org, ['lifecycle', 'chaincode', 'queryapproved', '-C', t.channel, '-n', t.chaincode.name, '--sequence', String(sequence), '--output', 'json'], `read ${org.name}'s approval of the chaincode`);
    } catch (err) {
      if (LOST_PRIVATE_DATA.test((err as Error).message)) lost.push(org.name);
    }
  }
  return lost;
}

function otherSlot(slot: Slot): Slot {
  return slot === 'primary' ? 'standby' : 'primary';
}
