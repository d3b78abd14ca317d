// What renewal does to an organization's CA server itself. Its TLS certificate (tls-cert.pem) is
// made by fabric-ca-server when the file is missing at start, signed by the CA with its `tls`
// profile: renewing it = restarting the CA without it. And once an orderer's TLS certificate has
// expired it cannot re-enroll (which keeps its key) unless the CA accepts expired certificates
// for re-enrollment (ca.reenrollignorecertexpiry), which is switched on for that one moment only.
// Nothing but enrollment talks to a CA, so restarting it interrupts no transaction.
import { createHash } from 'node:crypto';
import { existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { caCert, caProcessName, caTlsCert, startCa } from '../ca';
import { readCertificateInfo, type CertificateInfo } from '../certificates/certificate-inventory';
import type { CertificatePolicy } from '../certificates/certificate-policy';
import { type Home, orgPaths } from '../paths';
import { stopProcess } from '../processes';
import type { OrgSpec } from '../topology';

/**
 * Fabric's software key store names a private key `<SKI>_sk`, the SKI being the SHA-256 of the
 * uncompressed EC point of its public key.
 */
export function fabricKeyFileName(cert: CertificateInfo): string {
  // An EC public key's SPKI DER ends with the 65-byte uncompressed point (0x04 || X || Y).
  const point = cert.publicKeyDer.subarray(cert.publicKeyDer.length - 65);
  return `${createHash('sha256').update(point).digest('hex')}_sk`;
}

/** Restarts the CA so that it makes a new TLS certificate (and key); removes the old key from the CA's key store. */
export async function renewCaTlsCertificate(home: Home, org: OrgSpec, certificates: CertificatePolicy): Promise<{ before: CertificateInfo; after: CertificateInfo }> {
  const file = caTlsCert(home, org);
  const before = readCertificateInfo(file);
  const keystore = path.join(orgPaths(home, org.name).caHome, 'msp', 'keystore');
  const previous = `${file}.previous`;
  rmSync(previous, { force: true }); // left by a renewal interrupted after the CA had made a new one
  await stopProcess(home, caProcessName(org));
  // Set aside, not deleted: if the CA cannot start, the old certificate goes back in place.
  renameSync(file, previous);
  try {
    await startCa(home, org, { certificates });
  } catch (err) {
    await stopProcess(home, caProcessName(org));
    rmSync(file, { force: true });
    renameSync(previous, file);
    await startCa(home, org, { certificates });
    throw err;
  }
  const after = readCertificateInfo(file);
  rmSync(previous, { force: true });
  const oldKey = fabricKeyFileName(before);
  const keep = new Set([fabricKeyFileName(after), fabricKeyFileName(readCertificateInfo(caCert(home, org)))]);
  if (!keep.has(oldKey) && existsSync(path.join(keystore, oldKey))) rmSync(path.join(keystore, oldKey));
  return { before, after };
}

/**
 * Runs `fn` while the CA re-enrolls identities whose certificate has expired, then restarts it
 * with its normal settings (also when `fn` fails).
 */
export async function withExpiredReenrollment<T>(home: Home, org: OrgSpec, certificates: CertificatePolicy, fn: () => Promise<T>): Promise<T> {
  await stopProcess(home, caProcessName(org));
  await startCa(home, org, { certificates, env: { FABRIC_CA_SERVER_CA_REENROLLIGNORECERTEXPIRY: 'true' } });
  try {
    return await fn();
  } finally {
    await stopProcess(home, caProcessName(org));
    await startCa(home, org, { certificates });
  }
}
