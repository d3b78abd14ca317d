// Renews one enrollment or TLS certificate kept in an MSP or TLS folder: asks the CA for a new
// certificate in a scratch folder (re-enroll with the current certificate, or enroll again with
// the stored secret once it is too late for that), builds the complete new folder next to the old
// one — the same files, with the new certificate and exactly one key, the one that matches it —
// and switches to it atomically (atomic-files.ts). A crash at any point leaves the old folder or
// the new one in place, never a mix.
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repairManagedDir, replaceDirectory, stagingDirFor } from '../certificates/atomic-files';
import { CaClient, loadSecrets } from '../ca';
import { certificateInfo, possibleCertificates, type CertificateInfo } from '../certificates/certificate-inventory';
import type { InventoryItem } from './renewal-plan';
import type { Home } from '../paths';
import type { OrgSpec } from '../topology';

export interface RenewedCertificate {
  before: CertificateInfo;
  after: CertificateInfo;
  method: 'reenroll' | 'enroll';
  sameKey: boolean;
}

/** The key file in `dir` whose public key is the certificate's (an MSP keystore may hold others after a crash). */
export function keyMatching(dir: string, cert: CertificateInfo): string {
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => !f.startsWith('.')) : [];
  for (const f of files) {
    const file = path.join(dir, f);
    try {
      const pub = createPublicKey(createPrivateKey(readFileSync(file))).export({ type: 'spki', format: 'der' });
      if (pub.equals(cert.publicKeyDer)) return file;
    } catch {
      /* not a private key */
    }
  }
  throw new Error(`No key in ${dir} matches the certificate of ${cert.commonName} (serial ${cert.serial})`);
}

/** Where the current certificate and its key are, inside the folder's current version. */
function currentFiles(item: InventoryItem): { cert: string; key: string } {
  const dir = realpathSync(item.cert.dir);
  if (item.cert.layout === 'tls') return { cert: path.join(dir, 'server.crt'), key: path.join(dir, 'server.key') };
  return { cert: path.join(dir, 'signcerts', 'cert.pem'), key: keyMatching(path.join(dir, 'keystore'), item.info) };
}

/**
 * Asks the CA for the new certificate, in a scratch MSP folder `<scratch>/msp` that
 * fabric-ca-client may litter freely (its config file, the CA chain, Idemix keys).
 */
async function obtainCertificate(home: Home, item: InventoryItem, method: 'reenroll' | 'enroll', reuseKey: boolean, scratch: string): Promise<{ certPem: string; keyPem: string }> {
  const { org, identity, tls } = item.cert;
  const ca = new CaClient(home, org);
  const msp = path.join(scratch, 'msp');
  mkdirSync(path.join(msp, 'signcerts'), { recursive: true });
  mkdirSync(path.join(msp, 'keystore'), { recursive: true });
  if (method === 'reenroll') {
    const current = currentFiles(item);
    writeFileSync(path.join(msp, 'signcerts', 'cert.pem'), readFileSync(current.cert));
    writeFileSync(path.join(msp, 'keystore', 'current_sk'), readFileSync(current.key), { mode: 0o600 });
    await ca.reenroll(item.info.commonName, msp, { tls, identity, reuseKey });
  } else {
    const secrets = loadSecrets(home, org);
    const user = item.info.commonName;
    const secret = item.cert.role === 'registrar' ? secrets.bootstrap : secrets.identities[user];
    if (!secret) throw new Error(`Cannot enroll ${user} again at the ${org.name} CA: no secret for it in the CA home's secrets.json`);
    await ca.enroll(user, secret, msp, { tls, identity });
  }
  const certPem = readFileSync(path.join(msp, 'signcerts', 'cert.pem'), 'utf8');
  const keyPem = readFileSync(keyMatching(path.join(msp, 'keystore'), certificateInfo(certPem)), 'utf8');
  return { certPem, keyPem };
}

/** The new folder: a copy of the current one with the new certificate and its key in place of the old. */
function assembleFolder(item: InventoryItem, certPem: string, keyPem: string, keyFileName: string): string {
  const current = realpathSync(item.cert.dir);
  const next = stagingDirFor(item.cert.dir);
  if (item.cert.layout === 'tls') {
    cpSync(current, next, { recursive: true, filter: (src) => !['server.crt', 'server.key'].includes(path.relative(current, src)) });
    writeFileSync(path.join(next, 'server.crt'), certPem);
    writeFileSync(path.join(next, 'server.key'), keyPem, { mode: 0o600 });
  } else {
    cpSync(current, next, { recursive: true, filter: (src) => !/^(signcerts|keystore)[/\\]/.test(path.relative(current, src)) });
    mkdirSync(path.join(next, 'signcerts'), { recursive: true });
    mkdirSync(path.join(next, 'keystore'), { recursive: true });
    writeFileSync(path.join(next, 'signcerts', 'cert.pem'), certPem);
    writeFileSync(path.join(next, 'keystore', keyFileName), keyPem, { mode: 0o600 });
  }
  return next;
}

/**
 * Renews the certificate of an MSP or TLS folder. `reuseKey` keeps the current key (re-enrolling
 * only; a fresh enrollment always makes a new key). `beforeSwitch` runs with the new certificate
 * once the CA has issued it, before the folder switches to it (and anyone reading the folder,
 * such as the gateway, can take it up).
 */
export async function renewCredential(home: Home, item: InventoryItem, method: 'reenroll' | 'enroll', reuseKey: boolean,
  opts: { beforeSwitch?: (after: CertificateInfo) => Promise<void> } = {}): Promise<RenewedCertificate> {
  if (item.cert.layout === 'ca-tls') throw new Error('the CA TLS certificate is renewed by the CA itself (ca-tls-renewal.ts)');
  const scratch = stagingDirFor(item.cert.dir);
  try {
    const { certPem, keyPem } = await obtainCertificate(home, item, method, reuseKey, scratch);
    const after = certificateInfo(certPem);
    if (after.serial === item.info.serial) throw new Error(`The ${item.cert.org.name} CA returned the same certificate for ${item.info.commonName}`);
    if (after.commonName !== item.info.commonName) throw new Error(`The ${item.cert.org.name} CA returned a certificate for ${after.commonName}, not ${item.info.commonName}`);
    const sameKey = after.publicKeyDer.equals(item.info.publicKeyDer);
    // Fabric CA names a key after its subject key identifier; a key kept from before keeps its name.
    const keyName = item.cert.layout === 'msp' ? (sameKey ? path.basename(currentFiles(item).key) : newKeyName(scratch, after)) : 'server.key';
    const next = assembleFolder(item, certPem, keyPem, keyName);
    await opts.beforeSwitch?.(after);
    replaceDirectory(item.cert.dir, next);
    return { before: item.info, after, method, sameKey };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function newKeyName(scratch: string, cert: CertificateInfo): string {
  const name = path.basename(keyMatching(path.join(scratch, 'msp', 'keystore'), cert));
  return name === 'current_sk' ? 'priv_sk' : name;
}

/**
 * Puts every credential folder of the organization back in a usable state after an interrupted
 * renewal (atomic-files.ts repairManagedDir). Run before renewing and before starting processes.
 */
export function repairCredentialFolders(home: Home, org: OrgSpec): void {
  for (const c of possibleCertificates(home, org)) if (c.layout !== 'ca-tls') repairManagedDir(c.dir);
}
