// `npm run issuer:rotate-key -- <Org> <identity>`: a new signing key for an institution. The
// identity gets a new key and certificate from its CA (re-enrolled with its current certificate
// while that is valid, enrolled again with its stored secret otherwise, e.g. after a revocation),
// through the renewal's atomic folder switch (credential-renewal.ts); the new certificate is
// registered in the ledger's signing-certificate registry as the host organization's
// administrator — the rotation event — and the gateway is told to reload its identities
// (SIGHUP). The old certificate stays valid for the diplomas it signed; its key is gone from disk.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { certificateIdentifiers, type CertificateIdentifiers } from '../certificates/certificate-identifiers';
import { readCertificateInfo, type ManagedCertificate } from '../certificates/certificate-inventory';
import { connectionProfilePath, readConnectionProfile } from '../connection-profile';
import { renewCredential } from '../renewal/credential-renewal';
import { CommandError } from '../exec';
import { identityCertificate, orgByName } from './identity-revocation';
import { certFile } from '../msp';
import type { NetworkContext } from '../network';
import { orgPaths } from '../paths';
import { refreshProfileIdentityFiles } from '../renewal/profile-refresh';
import { notifyGateway } from '../renewal/renewal';
import { acquireRenewalLock } from '../renewal/renewal-lock';
import { REENROLL_SAFETY_MS } from '../renewal/renewal-plan';
import { adminIdentityOf, registerSigningCertificate } from './signing-certificate-registry';
import type { IdentitySpec, OrgSpec } from '../topology';

export interface KeyRotation {
  issuerCode: string;
  oldFingerprint: string;
  newFingerprint: string;
  newSerial: string;
  /** Whether a running gateway of this home was told to reload its identities. */
  gatewayNotified: boolean;
}

/**
 * The identity as the topology declares it, or — for a signing identity added beside the topology
 * (enrollApplicationIdentity) — as its certificate describes it: the subject names of the new
 * certificate come from it (certificate-subjects.ts).
 */
function identitySpec(org: OrgSpec, name: string, cert: CertificateIdentifiers): IdentitySpec {
  const declared = org.identities.find((i) => i.name === name);
  if (declared) return declared;
  return { name, role: 'issuer', issuer: cert.attributes['vanbang.issuer'], ...(cert.organization ? { institution: cert.organization } : {}) };
}

function managedIdentity(ctx: NetworkContext, org: OrgSpec, id: IdentitySpec): ManagedCertificate {
  const dir = path.join(orgPaths(ctx.home, org.name).user(id.name), 'msp');
  return { org, role: 'identity', label: `identity ${id.name}`, layout: 'msp', dir, tls: false, identity: id, group: `identity:${id.name}`, keepKey: false };
}

export async function rotateIssuerKey(ctx: NetworkContext, req: { org: string; identity: string }, log: (line: string) => void = console.log): Promise<KeyRotation> {
  const { home } = ctx;
  const org = orgByName(ctx, req.org);
  const before = certificateIdentifiers(identityCertificate(ctx, org, req.identity));
  const issuerCode = before.attributes['vanbang.issuer'];
  if (before.attributes['vanbang.role'] !== 'issuer' || !issuerCode) {
    throw new Error(`${req.identity} is not an issuer identity (its certificate has role ${before.attributes['vanbang.role'] ?? 'none'}): only issuers sign diplomas`);
  }
  log(`• ${req.identity} (${org.name}) signs for ${issuerCode}; current certificate ${before.serial}, fingerprint ${before.fingerprint}`);

  const cert = managedIdentity(ctx, org, identitySpec(org, req.identity, before));
  const release = acquireRenewalLock(home);
  try {
    const item = { cert, info: readCertificateInfo(certFile(cert.dir)) };
    const valid = item.info.notAfter.getTime() - Date.now() > REENROLL_SAFETY_MS;
    log(`• A new key from the ${org.name} CA`);
    try {
      await renewCredential(home, item, valid ? 'reenroll' : 'enroll', false);
    } catch (err) {
      // A revoked certificate cannot authenticate a re-enrollment: enroll again with the stored secret.
      if (!(valid && err instanceof CommandError)) throw err;
      log('  the CA refused a re-enrollment with the current certificate (revoked?): enrolling again with the stored secret');
      await renewCredential(home, item, 'enroll', false);
    }
    refreshProfileIdentityFiles(home);
  } finally {
    release();
  }
  const after = certificateIdentifiers(readFileSync(certFile(cert.dir), 'utf8'));
  log(`  new certificate ${after.serial}, fingerprint ${after.fingerprint}, valid until ${after.notAfter.toISOString()}`);

  log('• Registering it in the ledger\'s signing-certificate registry (the rotation event)');
  const profile = readConnectionProfile(connectionProfilePath(home));
  const registered = await registerSigningCertificate(profile, adminIdentityOf(profile, org), issuerCode, after.pem);
  log(`  ${registered.created ? 'registered' : 'already registered'} for ${issuerCode}`);

  const gatewayNotified = notifyGateway(ctx);
  log(gatewayNotified ? '• Told the gateway to reload its identities (SIGHUP)' : '• No gateway runs for this home: it loads the new key when it starts');
  return { issuerCode, oldFingerprint: before.fingerprint, newFingerprint: after.fingerprint, newSerial: after.serial, gatewayNotified };
}
