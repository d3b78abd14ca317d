// `npm run identity:revoke -- <Org> <identity> --compromised-at <time>`: what an organization does
// when an identity's key is compromised. (1) Its CA revokes the identity's current certificate
// (reason keyCompromise by default) and issues a new CRL; (2) a channel configuration update puts
// that CRL into the organization's MSP (Application and Orderer groups), signed by the admins its
// mod_policy requires, and waits until every peer has applied it, so from then on the peers and
// orderers refuse the certificate; (3) the ledger's signing-certificate registry records the
// revocation with the compromise time, so verifiers flag what the key committed from then on and
// keep trusting what it committed before. Each step is safe to re-run after an interruption.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CaClient } from '../ca';
import { certificateIdentifiers } from '../certificates/certificate-identifiers';
import { updateChannelConfig } from '../channel-config/channel-config-update';
import { connectionProfilePath, readConnectionProfile } from '../connection-profile';
import { CommandError } from '../exec';
import { certFile } from '../msp';
import { setRevocationList } from './msp-revocation-list';
import type { NetworkContext } from '../network';
import { orgPaths } from '../paths';
import { adminIdentityOf, findSigningCertificate, registerSigningCertificate, revokeSigningCertificate } from './signing-certificate-registry';
import type { OrgSpec } from '../topology';

/** RFC 5280 reasons an identity's certificate is revoked for: Fabric CA's name → the ledger's. */
export const REVOCATION_REASONS = {
  keyCompromise: 'KEY_COMPROMISE',
  caCompromise: 'CA_COMPROMISE',
  affiliationChanged: 'AFFILIATION_CHANGED',
  superseded: 'SUPERSEDED',
  cessationOfOperation: 'CESSATION_OF_OPERATION',
} as const;
export type RevocationReason = keyof typeof REVOCATION_REASONS;

export interface IdentityRevocation {
  org: string;
  identity: string;
  /** From when the key must be presumed in other hands; not in the future. */
  compromisedAt: Date;
  reason?: RevocationReason;
  decision?: { number: string; date: string };
}

export interface RevocationOutcome {
  fingerprint: string;
  serial: string;
  crlInChannel: boolean;
  configSequence: number;
  /** Whether the ledger's registry recorded it (false for a certificate that signs no diplomas). */
  recordedOnLedger: boolean;
}

export function orgByName(ctx: NetworkContext, name: string): OrgSpec {
  const org = ctx.topology.organizations.find((o) => o.name === name);
  if (!org) throw new Error(`Unknown organization "${name}" (known: ${ctx.topology.organizations.map((o) => o.name).join(', ')})`);
  return org;
}

/** The certificate of an enrolled identity of the organization (users/<identity>/msp). */
export function identityCertificate(ctx: NetworkContext, org: OrgSpec, identity: string): string {
  const mspDir = path.join(orgPaths(ctx.home, org.name).user(identity), 'msp');
  if (!existsSync(path.join(mspDir, 'signcerts'))) throw new Error(`No enrolled identity "${identity}" in ${org.name} (${mspDir} is missing)`);
  return readFileSync(certFile(mspDir), 'utf8');
}

export async function revokeIdentity(ctx: NetworkContext, req: IdentityRevocation, log: (line: string) => void = console.log): Promise<RevocationOutcome> {
  const { home, topology: t } = ctx;
  const org = orgByName(ctx, req.org);
  if (Number.isNaN(req.compromisedAt.getTime())) throw new Error('--compromised-at is not a date and time (e.g. 2026-12-01T08:00:00Z)');
  if (req.compromisedAt.getTime() > Date.now()) throw new Error(`--compromised-at ${req.compromisedAt.toISOString()} is in the future`);
  const reason = req.reason ?? 'keyCompromise';
  // The organization's admin signs the very channel update that publishes the CRL, and every later one.
  if (req.identity === 'admin') {
    throw new Error(`${org.name}'s admin cannot be revoked with this command: it signs the channel update that publishes the CRL. Enroll a new admin first, then revoke the old certificate.`);
  }
  const cert = certificateIdentifiers(identityCertificate(ctx, org, req.identity));
  log(`• ${req.identity} (${org.name}): certificate ${cert.serial}, fingerprint ${cert.fingerprint}`);

  log(`• Revoking it at the ${org.name} CA (${reason})`);
  const ca = new CaClient(home, org);
  try {
    await ca.revokeCertificate(cert.serial, cert.aki, reason);
  } catch (err) {
    // A re-run: the CA revoked it the first time.
    if (!(err instanceof CommandError && /already revoked/i.test(err.output))) throw err;
    log('  already revoked at the CA');
  }
  const crl = await ca.generateCrl();

  log(`• Putting the CA's CRL into ${org.mspId} in the channel configuration`);
  const update = await updateChannelConfig(home, t, {
    org, purpose: `crl-${org.mspId}`, log, edit: (config) => setRevocationList(config, org.mspId, crl),
  });
  log(update.updated ? `  every peer applied configuration sequence ${update.sequence} (record: ${update.recordDir})` : '  the channel already had this CRL');

  log('• Recording the revocation in the ledger\'s signing-certificate registry');
  const profile = readConnectionProfile(connectionProfilePath(home));
  const admin = adminIdentityOf(profile, org);
  const issuerCode = cert.attributes['vanbang.issuer'];
  let registered = await findSigningCertificate(profile, admin, cert.fingerprint);
  if (!registered && cert.attributes['vanbang.role'] === 'issuer' && issuerCode) {
    // A signing certificate the registry never saw: recorded first, so its diplomas can be judged.
    await registerSigningCertificate(profile, admin, issuerCode, cert.pem);
    registered = { issuerCode, status: 'ACTIVE' };
  }
  if (!registered) {
    log('  not a diploma-signing certificate: the CRL in the channel is all it needs');
    return { fingerprint: cert.fingerprint, serial: cert.serial, crlInChannel: true, configSequence: update.sequence, recordedOnLedger: false };
  }
  const revoked = await revokeSigningCertificate(profile, admin, {
    fingerprint: cert.fingerprint, compromisedAt: req.compromisedAt.toISOString(), reason: REVOCATION_REASONS[reason], ...(req.decision ? { decision: req.decision } : {}),
  });
  log(`  ${revoked.revoked ? 'recorded' : 'already recorded'}: revoked ${revoked.certificate.revocation.revokedAt}, compromised from ${revoked.certificate.revocation.compromisedAt}`);
  return { fingerprint: cert.fingerprint, serial: cert.serial, crlInChannel: true, configSequence: update.sequence, recordedOnLedger: true };
}
