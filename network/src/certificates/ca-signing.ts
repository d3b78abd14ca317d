// The lifetime of what each organization's CA signs: the `signing` section of its
// fabric-ca-server-config.yaml (written by ca-config.ts before the CA's first start), set from the
// topology's `certificates.lifetime`. Fabric CA reads it only at start, so a changed lifetime
// means restarting the CA. Only the `default` profile (enrollment certificates) and the `tls`
// profile (TLS certificates, and the CA's own tls-cert.pem) change; the CA root certificate keeps
// Fabric CA's 15 years (csr.ca.expiry) and the `ca` profile (intermediate CAs) is not used here.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { writeFileAtomic } from './atomic-files';
import { CA_CONFIG_FILE } from './ca-config';
import { CA_TLS_BACKDATE_MS, goDuration, type CertificatePolicy } from './certificate-policy';

const PROFILES: readonly (readonly string[])[] = [['signing', 'default'], ['signing', 'profiles', 'tls']];

function wanted(policy: CertificatePolicy): Record<string, string> {
  // cfssl's `backdate` only moves the NotBefore of certificates the CA signs for itself (its TLS
  // certificate): for enrollments Fabric CA sets NotBefore to the CA certificate's own.
  return { expiry: goDuration(policy.lifetimeMs), backdate: goDuration(CA_TLS_BACKDATE_MS) };
}

function configFile(caHome: string): string {
  return path.join(caHome, CA_CONFIG_FILE);
}

/** True when the CA's configuration already signs with the policy's lifetime (false when it has none yet). */
export function caSigningUpToDate(caHome: string, policy: CertificatePolicy): boolean {
  if (!existsSync(configFile(caHome))) return false;
  const doc = parseDocument(readFileSync(configFile(caHome), 'utf8'));
  const want = wanted(policy);
  return PROFILES.every((p) => Object.entries(want).every(([key, value]) => String(doc.getIn([...p, key])) === value));
}

/** Sets the lifetime (and the backdating of the CA's own TLS certificate) in the CA's configuration; true if it changed. */
export function applyCaSigning(caHome: string, policy: CertificatePolicy): boolean {
  if (caSigningUpToDate(caHome, policy)) return false;
  const file = configFile(caHome);
  if (!existsSync(file)) throw new Error(`${file} is missing: the CA's configuration is written before its first start`);
  const doc = parseDocument(readFileSync(file, 'utf8'));
  for (const p of PROFILES) {
    if (!doc.hasIn(p)) throw new Error(`${file} has no ${p.join('.')} section: it is not a fabric-ca-server configuration`);
    for (const [key, value] of Object.entries(wanted(policy))) doc.setIn([...p, key], value);
  }
  writeFileAtomic(file, doc.toString(), 0o600); // it holds the bootstrap secret
  return true;
}
