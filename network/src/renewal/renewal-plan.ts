// Deciding what a renewal does, without doing it: which certificates are due, in which order they
// are renewed, and in which order the nodes that read them are restarted. Pure functions, so the
// rules are unit-tested (network/test/renewal-plan.test.ts).
import type { CertificateInfo, ManagedCertificate } from '../certificates/certificate-inventory';
import type { CertificatePolicy } from '../certificates/certificate-policy';

export type CertificateState = 'valid' | 'due' | 'expired';

/** `expired` once past notAfter, `due` when it expires within the renewal margin. */
export function certificateState(notAfter: Date, now: Date, renewBeforeMs: number): CertificateState {
  const left = notAfter.getTime() - now.getTime();
  if (left <= 0) return 'expired';
  return left < renewBeforeMs ? 'due' : 'valid';
}

export interface InventoryItem {
  cert: ManagedCertificate;
  info: CertificateInfo;
}

/**
 * Re-enrolling authenticates with the current certificate, so it must still be valid when the CA
 * checks it: within this much of notAfter the stored secret is used instead (a fresh enrollment).
 */
export const REENROLL_SAFETY_MS = 30_000;

export type RenewalMethod = 'reenroll' | 'enroll' | 'regenerate';

/** How a certificate is renewed: the CA makes its own TLS certificate again at start; others re-enroll while valid. */
export function renewalMethod(item: InventoryItem, now: Date): RenewalMethod {
  if (item.cert.layout === 'ca-tls') return 'regenerate';
  return item.info.notAfter.getTime() - now.getTime() > REENROLL_SAFETY_MS ? 'reenroll' : 'enroll';
}

/** Renewal order inside an organization: the CA's TLS certificate first (every other renewal talks to the CA through it), then the registrar. */
const ROLE_ORDER = ['ca-tls', 'registrar', 'orderer', 'orderer-tls', 'peer', 'peer-tls', 'org-admin', 'org-admin-tls', 'identity'];

/**
 * The certificates to renew now: those due or expired (all of them with `force`), plus the others
 * of their group, so that a node's enrollment and TLS certificates are renewed together and the
 * node restarts once. In renewal order.
 */
export function certificatesToRenew(items: InventoryItem[], now: Date, policy: Pick<CertificatePolicy, 'renewBeforeMs'>, opts: { force?: boolean } = {}): InventoryItem[] {
  const groupKey = (i: InventoryItem) => `${i.cert.org.name}/${i.cert.group}`;
  const dueGroups = new Set(items.filter((i) => opts.force || certificateState(i.info.notAfter, now, policy.renewBeforeMs) !== 'valid').map(groupKey));
  const orgs = [...new Set(items.map((i) => i.cert.org.name))];
  const rank = (i: InventoryItem) => orgs.indexOf(i.cert.org.name) * ROLE_ORDER.length + ROLE_ORDER.indexOf(i.cert.role);
  return items.filter((i) => dueGroups.has(groupKey(i))).sort((a, b) => rank(a) - rank(b));
}

export interface NodeToRestart {
  org: string;
  kind: 'peer' | 'orderer';
}

/**
 * The order nodes are restarted in, one at a time: orderers first (a restarted peer catches up
 * from them), the Raft leader last (stopping it forces an election, so do it once, when the other
 * orderers already run their new certificates), then peers.
 */
export function restartOrder(nodes: NodeToRestart[], raftLeaderOrg: string | undefined): NodeToRestart[] {
  const unique = nodes.filter((n, i) => nodes.findIndex((m) => m.org === n.org && m.kind === n.kind) === i);
  const orderers = unique.filter((n) => n.kind === 'orderer').sort((a, b) => Number(a.org === raftLeaderOrg) - Number(b.org === raftLeaderOrg));
  return [...orderers, ...unique.filter((n) => n.kind === 'peer')];
}
