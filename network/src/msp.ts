// Turns what fabric-ca-client writes into the MSP folder layout Fabric reads, with NodeOUs so
// that peers, orderers, admins and clients are told apart by the OU their CA put in the
// certificate (no admincerts folders to maintain).
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const NODE_OU_CONFIG = (caFile: string) => `NodeOUs:
  Enable: true
  ClientOUIdentifier:
    Certificate: ${caFile}
    OrganizationalUnitIdentifier: client
  PeerOUIdentifier:
    Certificate: ${caFile}
    OrganizationalUnitIdentifier: peer
  AdminOUIdentifier:
    Certificate: ${caFile}
    OrganizationalUnitIdentifier: admin
  OrdererOUIdentifier:
    Certificate: ${caFile}
    OrganizationalUnitIdentifier: orderer
`;

export function writeNodeOuConfig(mspDir: string): void {
  writeFileSync(path.join(mspDir, 'config.yaml'), NODE_OU_CONFIG('cacerts/ca.pem'));
}

function onlyFile(dir: string): string {
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => !f.startsWith('.')) : [];
  if (files.length !== 1) throw new Error(`Expected exactly one file in ${dir}, found ${files.length}`);
  return path.join(dir, files[0]);
}

/** After `fabric-ca-client enroll -M mspDir`: give the CA certificate a fixed name and add NodeOUs. */
export function normaliseEnrolledMsp(mspDir: string): void {
  const cacert = onlyFile(path.join(mspDir, 'cacerts'));
  if (path.basename(cacert) !== 'ca.pem') renameSync(cacert, path.join(mspDir, 'cacerts', 'ca.pem'));
  // The TLS CA is the same CA: one CA per organization issues both enrollment and TLS certificates.
  mkdirSync(path.join(mspDir, 'tlscacerts'), { recursive: true });
  copyFileSync(path.join(mspDir, 'cacerts', 'ca.pem'), path.join(mspDir, 'tlscacerts', 'ca.pem'));
  writeNodeOuConfig(mspDir);
}

/** After a TLS-profile enrollment into `tmpMsp`: lay the files out as server.crt / server.key / ca.crt. */
export function extractTlsFiles(tmpMsp: string, tlsDir: string): void {
  mkdirSync(tlsDir, { recursive: true });
  copyFileSync(onlyFile(path.join(tmpMsp, 'signcerts')), path.join(tlsDir, 'server.crt'));
  copyFileSync(onlyFile(path.join(tmpMsp, 'keystore')), path.join(tlsDir, 'server.key'));
  copyFileSync(onlyFile(path.join(tmpMsp, 'tlscacerts')), path.join(tlsDir, 'ca.crt'));
  rmSync(tmpMsp, { recursive: true, force: true });
}

/** The organization's channel MSP: CA certificate, TLS CA certificate and NodeOUs. */
export function writeOrgMsp(orgMspDir: string, caCertPem: string): void {
  for (const sub of ['cacerts', 'tlscacerts']) {
    mkdirSync(path.join(orgMspDir, sub), { recursive: true });
    copyFileSync(caCertPem, path.join(orgMspDir, sub, 'ca.pem'));
  }
  writeNodeOuConfig(orgMspDir);
}

export function keyFile(mspDir: string): string {
  return onlyFile(path.join(mspDir, 'keystore'));
}

export function certFile(mspDir: string): string {
  return onlyFile(path.join(mspDir, 'signcerts'));
}
