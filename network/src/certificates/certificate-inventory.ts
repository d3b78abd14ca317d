// Every certificate the project creates for an organization, where it lives, who reads it, and
// what it says (CN, serial, validity). The renewal and `network:status` both work from this list.
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { certFile } from '../msp';
import { type Home, orgPaths } from '../paths';
import type { IdentitySpec, OrgSpec } from '../topology';

export type CertificateRole = 'ca-tls' | 'registrar' | 'peer' | 'peer-tls' | 'orderer' | 'orderer-tls' | 'org-admin' | 'org-admin-tls' | 'identity';

export interface ManagedCertificate {
  org: OrgSpec;
  role: CertificateRole;
  /** What it is, for people: "peer TLS", "identity bka-issuer". */
  label: string;
  /**
   * `msp`: an MSP folder (signcerts/, keystore/); `tls`: a TLS folder (server.crt, server.key,
   * ca.crt); `ca-tls`: the CA server's own tls-cert.pem, which the CA makes itself at start.
   */
  layout: 'msp' | 'tls' | 'ca-tls';
  /** The folder (or, for ca-tls, the CA home) that is replaced as a whole on renewal. */
  dir: string;
  /** Issued with the CA's `tls` profile (server and client auth, host names as SANs). */
  tls: boolean;
  /** The topology identity, for the subject names of application identities. */
  identity?: IdentitySpec;
  /** The long-running process that reads it at start, restarted after a renewal. */
  restarts?: 'peer' | 'orderer';
  /** Certificates of one group (a node's enrollment and TLS) are renewed together: one restart. */
  group: string;
  /**
   * Always renewed with the same key: the orderer's TLS certificate is in the channel's Raft
   * consenter set, where Fabric finds a node by its certificate's public key.
   */
  keepKey: boolean;
}

/** The certificates of `org` the project has made so far (identities not enrolled yet are left out). */
export function managedCertificates(home: Home, org: OrgSpec): ManagedCertificate[] {
  return possibleCertificates(home, org).filter((c) => existsSync(certificatePath(c)));
}

/** Every certificate the project makes for `org`, whether it exists yet or not. */
export function possibleCertificates(home: Home, org: OrgSpec): ManagedCertificate[] {
  const p = orgPaths(home, org.name);
  return [
    { org, role: 'ca-tls', label: 'CA TLS', layout: 'ca-tls', dir: p.caHome, tls: true, group: 'ca', keepKey: false },
    { org, role: 'registrar', label: 'CA registrar', layout: 'msp', dir: path.join(p.registrar, 'msp'), tls: false, group: 'registrar', keepKey: false },
    { org, role: 'peer', label: 'peer enrollment', layout: 'msp', dir: path.join(p.peer, 'msp'), tls: false, restarts: 'peer', group: 'peer', keepKey: false },
    { org, role: 'peer-tls', label: 'peer TLS', layout: 'tls', dir: path.join(p.peer, 'tls'), tls: true, restarts: 'peer', group: 'peer', keepKey: false },
    { org, role: 'orderer', label: 'orderer enrollment', layout: 'msp', dir: path.join(p.orderer, 'msp'), tls: false, restarts: 'orderer', group: 'orderer', keepKey: false },
    { org, role: 'orderer-tls', label: 'orderer TLS', layout: 'tls', dir: path.join(p.orderer, 'tls'), tls: true, restarts: 'orderer', group: 'orderer', keepKey: true },
    { org, role: 'org-admin', label: 'org admin enrollment', layout: 'msp', dir: path.join(p.user('admin'), 'msp'), tls: false, group: 'org-admin', keepKey: false },
    { org, role: 'org-admin-tls', label: 'org admin TLS', layout: 'tls', dir: path.join(p.user('admin'), 'tls'), tls: true, group: 'org-admin', keepKey: false },
    ...org.identities.map((id): ManagedCertificate => ({
      org, role: 'identity', label: `identity ${id.name}`, layout: 'msp', dir: path.join(p.user(id.name), 'msp'), tls: false, identity: id, group: `identity:${id.name}`, keepKey: false,
    })),
  ];
}

/** The certificate file of a managed certificate (through the folder's current version). */
export function certificatePath(c: ManagedCertificate): string {
  switch (c.layout) {
    case 'ca-tls':
      return path.join(c.dir, 'tls-cert.pem'); // where fabric-ca-server writes it (ca.ts caTlsCert)
    case 'tls':
      return path.join(c.dir, 'server.crt');
    case 'msp':
      return existsSync(path.join(c.dir, 'signcerts')) ? certFile(c.dir) : path.join(c.dir, 'signcerts', 'cert.pem');
  }
}

export interface CertificateInfo {
  /** The subject's CN: the enrollment id at the CA. */
  commonName: string;
  serial: string;
  notBefore: Date;
  notAfter: Date;
  /** The public key (SPKI, DER), to tell a same-key renewal from a new-key one. */
  publicKeyDer: Buffer;
  pem: string;
}

export function certificateInfo(pem: string): CertificateInfo {
  const cert = new X509Certificate(pem);
  return {
    commonName: /^CN=(.*)$/m.exec(cert.subject)?.[1] ?? '',
    serial: cert.serialNumber,
    notBefore: new Date(cert.validFrom),
    notAfter: new Date(cert.validTo),
    publicKeyDer: cert.publicKey.export({ type: 'spki', format: 'der' }),
    pem,
  };
}

export function readCertificateInfo(file: string): CertificateInfo {
  return certificateInfo(readFileSync(file, 'utf8'));
}
