// Certificate renewal without downtime (`npm run network:renew`, and the background renewer that
// `npm start` runs). For every certificate the project created that expires within the margin
// (or every one, with --force), organization by organization (org-renewal.ts): the CA's own TLS
// certificate is made again by restarting the CA; every other one is re-enrolled while it is
// valid (enrolled again with the stored secret once it is not), written atomically next to the
// old one (credential-renewal.ts). Then every peer and orderer running with older certificates
// than those on disk restarts, one at a time, each waiting until the network is whole again
// (node-restart.ts), and the gateway is told to reload its identities (SIGHUP). A renewed issuer
// certificate is also recorded in the ledger's signing-certificate registry, as a key rotation is.
import { statSync } from 'node:fs';
import { certificatePath, managedCertificates } from '../certificates/certificate-inventory';
import { humanDuration } from '../certificates/certificate-policy';
import { repairCredentialFolders } from './credential-renewal';
import { waitFor } from '../health';
import { GATEWAY_PROCESS, type NetworkContext } from '../network';
import { nodesWhole, raftLeader, restartNode } from './node-restart';
import { ordererProcessName } from '../orderer';
import { registerIssuerCertificate, renewOrganization, RenewalStopped, type IssuerCertificate } from './org-renewal';
import { peerProcessName } from '../peer';
import { processStartedAt, runningPid } from '../processes';
import { readJournal, appendJournal, type RenewedEntry } from './renewal-journal';
import { acquireRenewalLock } from './renewal-lock';
import { restartOrder, type NodeToRestart } from './renewal-plan';
import type { OrgSpec } from '../topology';

export { RenewalStopped } from './org-renewal';

export interface RenewalOptions {
  /** Renew every certificate, due or not. */
  force?: boolean;
  /** Only this organization's certificates (and nodes). */
  org?: string;
  log?: (line: string) => void;
  now?: () => Date;
  /** Checked between steps: once aborted, the renewal stops at the next step (RenewalStopped). */
  signal?: AbortSignal;
}

export interface RenewalSummary {
  renewed: number;
  restarted: NodeToRestart[];
  gatewayNotified: boolean;
}

function selectedOrgs(ctx: NetworkContext, only: string | undefined): OrgSpec[] {
  if (!only) return ctx.topology.organizations;
  const org = ctx.topology.organizations.find((o) => o.name.toLowerCase() === only.toLowerCase());
  if (!org) throw new Error(`Unknown organization "${only}" (known: ${ctx.topology.organizations.map((o) => o.name).join(', ')})`);
  return [org];
}

function nodeStartedAt(ctx: NetworkContext, org: OrgSpec, kind: NodeToRestart['kind']): Date | undefined {
  return processStartedAt(ctx.home, kind === 'peer' ? peerProcessName(org) : ordererProcessName(org));
}

/**
 * The peers and orderers whose certificates on disk are newer than the process: renewed since it
 * started (also by an earlier renewal that stopped before restarting it).
 */
export function nodesRunningOldCertificates(ctx: NetworkContext, orgs: OrgSpec[]): NodeToRestart[] {
  const stale: NodeToRestart[] = [];
  for (const org of orgs) {
    const certs = managedCertificates(ctx.home, org);
    for (const kind of ['orderer', 'peer'] as const) {
      const started = nodeStartedAt(ctx, org, kind);
      if (!started) continue; // not running: it reads the new files whenever it starts
      const newest = Math.max(...certs.filter((c) => c.restarts === kind).map((c) => statSync(certificatePath(c)).mtimeMs));
      if (newest > started.getTime()) stale.push({ org: org.name, kind });
    }
  }
  return stale;
}

/**
 * Whether a node is running with a certificate that has already expired (it was renewed too late,
 * e.g. after the network was down for longer than the margin): then the nodes cannot reconnect
 * to it, and it cannot be waited for before restarting the next one.
 */
function runsExpiredCertificate(ctx: NetworkContext, node: NodeToRestart, now: Date): boolean {
  const org = ctx.topology.organizations.find((o) => o.name === node.org);
  if (!org) return false;
  const started = nodeStartedAt(ctx, org, node.kind)?.getTime() ?? 0;
  const roles = node.kind === 'peer' ? ['peer', 'peer-tls'] : ['orderer', 'orderer-tls'];
  return readJournal(ctx.home).some((e): e is RenewedEntry => e.type === 'renewed' && e.org === node.org && roles.includes(e.role)
    && Date.parse(e.at) >= started && Date.parse(e.oldNotAfter) <= now.getTime());
}

/** Restarts the nodes one at a time (or, for a network that does not work as it is, all without waiting). */
async function restartNodes(ctx: NetworkContext, order: NodeToRestart[], now: () => Date, log: (line: string) => void, signal?: AbortSignal): Promise<void> {
  const { home, topology: t } = ctx;
  if (order.some((n) => n.kind === 'orderer') && t.organizations.length < 3) {
    log(`  note: the channel has ${t.organizations.length} orderer(s): Raft needs a majority, so ordering pauses while one restarts (the gateway waits and retries)`);
  }
  // One at a time while the network works. A network that does not, or whose nodes run expired
  // certificates (renewed too late), gets every node restarted without waiting in between.
  const rolling = { orderer: true, peer: true };
  for (const kind of ['orderer', 'peer'] as const) {
    const mine = order.filter((n) => n.kind === kind);
    if (mine.length === 0) continue;
    rolling[kind] = !mine.some((n) => runsExpiredCertificate(ctx, n, now())) && (await nodesWhole(t, kind));
    if (!rolling[kind]) log(`  the ${kind}s are not all working together, or run expired certificates: restarting them without waiting for each other`);
  }
  for (const node of order) {
    // Stopping here leaves the renewed files for the node's next start: nothing is half done.
    if (signal?.aborted) throw new RenewalStopped('renewal stopped before restarting every node');
    log(`  restarting the ${node.org} ${node.kind} ...`);
    const rec = await restartNode(home, t, node, { rolling: rolling[node.kind] });
    appendJournal(home, { type: 'restart', ...rec });
    log(`  ${node.org} ${node.kind} back in ${humanDuration(Date.parse(rec.healthyAt) - Date.parse(rec.stoppedAt))}`);
  }
  for (const kind of ['orderer', 'peer'] as const) {
    if (rolling[kind] || !order.some((n) => n.kind === kind)) continue;
    await waitFor(`the ${kind}s of ${t.channel} working together again`, () => nodesWhole(t, kind), { timeoutMs: 120_000, intervalMs: 500 });
    log(`  the ${kind}s work together again`);
  }
}

/** Renews what is due (or everything with `force`); see the file comment. */
export async function renewCertificates(ctx: NetworkContext, opts: RenewalOptions = {}): Promise<RenewalSummary> {
  const log = opts.log ?? console.log;
  const now = opts.now ?? (() => new Date());
  const { home, topology: t } = ctx;
  const orgs = selectedOrgs(ctx, opts.org);
  const release = acquireRenewalLock(home);
  try {
    let renewed = 0;
    let identitiesChanged = false;
    const unrecorded: IssuerCertificate[] = [];
    for (const org of orgs) {
      repairCredentialFolders(home, org);
      const r = await renewOrganization(home, t, org, { force: opts.force, now, log, signal: opts.signal, recordIssuers: true });
      renewed += r.renewed;
      identitiesChanged ||= r.identitiesChanged;
      unrecorded.push(...r.unrecorded);
    }
    const stale = nodesRunningOldCertificates(ctx, orgs);
    const order = restartOrder(stale, stale.some((n) => n.kind === 'orderer') ? await raftLeader(t) : undefined);
    await restartNodes(ctx, order, now, log, opts.signal);
    // Again after the restarts: with expired TLS certificates replaced, the peers accept the transaction.
    for (const c of unrecorded) await registerIssuerCertificate(home, c, log);
    const gatewayNotified = identitiesChanged && notifyGateway(ctx);
    if (gatewayNotified) log('  told the gateway to reload its identities (SIGHUP)');
    return { renewed, restarted: order, gatewayNotified };
  } finally {
    release();
  }
}

/** Sends SIGHUP to the gateway this home runs (by its PID file), which then reloads renewed identities. */
export function notifyGateway(ctx: NetworkContext): boolean {
  const pid = runningPid(ctx.home, GATEWAY_PROCESS);
  if (!pid) return false;
  try {
    process.kill(pid, 'SIGHUP');
    return true;
  } catch {
    return false;
  }
}
