// Renewing one organization's certificates that are due (every one with `force`), in order: the
// CA's own TLS certificate first (the CA makes it again at start), then each other certificate
// re-enrolled while valid, enrolled again with its stored secret once it is not
// (credential-renewal.ts); each renewal journaled, the connection profile's key paths kept up to
// date. Restarting the nodes that read them is the caller's (renewal.ts); `network:up` uses this
// alone, before the nodes start, for certificates that expired while the network was stopped.
import { caProcessName } from '../ca';
import { renewCaTlsCertificate, withExpiredReenrollment } from './ca-renewal';
import { certificatePath, managedCertificates, readCertificateInfo, type CertificateInfo } from '../certificates/certificate-inventory';
import { humanDuration } from '../certificates/certificate-policy';
import { connectionProfilePath, readConnectionProfile } from '../connection-profile';
import { renewCredential } from './credential-renewal';
import type { Home } from '../paths';
import { runningPid } from '../processes';
import { refreshProfileIdentityFiles } from './profile-refresh';
import { appendJournal } from './renewal-journal';
import { acquireRenewalLock, RenewalBusyError } from './renewal-lock';
import { certificatesToRenew, renewalMethod, type InventoryItem, type RenewalMethod } from './renewal-plan';
import { adminIdentityOf, registerSigningCertificate } from '../revocation/signing-certificate-registry';
import type { OrgSpec, Topology } from '../topology';

/** Every certificate of the organization with what it says now. */
export function inventory(home: Home, org: OrgSpec): InventoryItem[] {
  return managedCertificates(home, org).map((cert) => ({ cert, info: readCertificateInfo(certificatePath(cert)) }));
}

/** Thrown when a renewal stops early on its signal; what it finished is kept and journaled. */
export class RenewalStopped extends Error {}

export interface IssuerCertificate {
  org: OrgSpec;
  issuerCode: string;
  name: string;
  pem: string;
}

async function renewOne(home: Home, t: Topology, item: InventoryItem, now: Date, beforeSwitch?: (after: CertificateInfo) => Promise<void>): Promise<{ after: CertificateInfo; method: RenewalMethod; sameKey: boolean }> {
  const method = renewalMethod(item, now);
  if (method === 'regenerate') {
    const r = await renewCaTlsCertificate(home, item.cert.org, t.certificates);
    return { after: r.after, method, sameKey: false };
  }
  if (method === 'enroll' && item.cert.keepKey) {
    // Too late to re-enroll, and a fresh enrollment would change the key by which the Raft
    // consenter set knows this orderer: the CA re-enrolls the expired certificate, once.
    return withExpiredReenrollment(home, item.cert.org, t.certificates, () => renewCredential(home, item, 'reenroll', true, { beforeSwitch }));
  }
  return renewCredential(home, item, method, method === 'reenroll' && (item.cert.keepKey || t.certificates.reuseKeys), { beforeSwitch });
}

/**
 * Records a renewed issuer certificate in the signing-certificate registry, as the organization's
 * administrator; true if it is there. Not fatal: an issuer the ledger does not know yet has
 * nothing to record, and a certificate missing there still verifies (`registered: false`).
 */
export async function registerIssuerCertificate(home: Home, c: IssuerCertificate, log: (line: string) => void): Promise<boolean> {
  try {
    const profile = readConnectionProfile(connectionProfilePath(home));
    await registerSigningCertificate(profile, adminIdentityOf(profile, c.org), c.issuerCode, c.pem);
    log(`  recorded the renewed certificate of ${c.name} for ${c.issuerCode} in the signing-certificate registry`);
    return true;
  } catch (err) {
    log(`  note: the renewed certificate of ${c.name} is not in the signing-certificate registry (yet): ${(err as Error).message.split('\n')[0]}`);
    return false;
  }
}

export interface OrganizationRenewal {
  renewed: number;
  /** An application identity or the org admin was renewed: the gateway has something to reload. */
  identitiesChanged: boolean;
  /** Renewed issuer certificates not recorded in the registry yet (the ledger did not answer). */
  unrecorded: IssuerCertificate[];
}

/**
 * Renews the organization's due certificates (its CA must run). With `recordIssuers`, an issuer's
 * new certificate is recorded in the signing-certificate registry before its folder switches to it,
 * so before the gateway can sign with it: a registration racing its first diplomas would make them
 * conflict (MVCC) on the registry record the chaincode reads.
 */
export async function renewOrganization(home: Home, t: Topology, org: OrgSpec, opts: {
  force?: boolean; now: () => Date; log: (line: string) => void; signal?: AbortSignal; recordIssuers: boolean;
}): Promise<OrganizationRenewal> {
  const out: OrganizationRenewal = { renewed: 0, identitiesChanged: false, unrecorded: [] };
  const due = certificatesToRenew(inventory(home, org), opts.now(), t.certificates, { force: opts.force });
  if (due.length === 0) return out;
  if (!runningPid(home, caProcessName(org))) throw new Error(`The ${org.name} CA is not running, so its certificates cannot be renewed: start the network first (npm start).`);
  try {
    for (const item of due) {
      if (opts.signal?.aborted) throw new RenewalStopped('renewal stopped between two certificates');
      const issuer = item.cert.identity?.role === 'issuer' ? item.cert.identity : undefined;
      const record = opts.recordIssuers && issuer?.issuer ? async (after: CertificateInfo) => {
        const c = { org, issuerCode: issuer.issuer!, name: issuer.name, pem: after.pem };
        if (!(await registerIssuerCertificate(home, c, opts.log))) out.unrecorded.push(c);
      } : undefined;
      const r = await renewOne(home, t, item, opts.now(), record);
      out.renewed++;
      // At once: the next renewal of this round may act as this identity (the registry's admin).
      refreshProfileIdentityFiles(home);
      if (item.cert.role === 'identity' || item.cert.role === 'org-admin') out.identitiesChanged = true;
      appendJournal(home, {
        type: 'renewed', at: opts.now().toISOString(), org: org.name, role: item.cert.role, label: item.cert.label, commonName: item.info.commonName,
        method: r.method, sameKey: r.sameKey, oldSerial: item.info.serial, newSerial: r.after.serial,
        oldNotAfter: item.info.notAfter.toISOString(), newNotAfter: r.after.notAfter.toISOString(),
      });
      opts.log(`  renewed ${org.name} ${item.cert.label} (${item.info.commonName}): ${r.method}, ${r.sameKey ? 'same' : 'new'} key, valid ${humanDuration(r.after.notAfter.getTime() - opts.now().getTime())}`);
    }
  } finally {
    // Also after a failure half-way: identities renewed so far have new key file names.
    refreshProfileIdentityFiles(home);
  }
  return out;
}

/**
 * Before `network:up` starts an organization's nodes (its CA running): renews its certificates
 * that are due, and those that expired while the network was stopped — a peer or orderer refuses
 * to start with an expired certificate. Nodes already running are left to the renewer, which
 * restarts them one at a time. Issuer certificates are recorded in the registry by the seeding
 * step that follows (the ledger is not up yet). Skipped while another renewal runs.
 */
export async function renewBeforeStart(home: Home, t: Topology, org: OrgSpec, log: (line: string) => void): Promise<void> {
  let release: () => void;
  try {
    release = acquireRenewalLock(home);
  } catch (err) {
    if (!(err instanceof RenewalBusyError)) throw err;
    log(`  ${org.name}: certificates not checked now: ${err.message}`);
    return;
  }
  try {
    await renewOrganization(home, t, org, { now: () => new Date(), log, recordIssuers: false });
  } finally {
    release();
  }
}
