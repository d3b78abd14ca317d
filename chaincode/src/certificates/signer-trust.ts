/**
 * Whether the signer of a document hash is still trusted for it. The signing time that counts is
 * the ledger's: the transaction time recorded with the hash when it was committed (never the
 * document's own signedAt, which the holder of a stolen key could write as they like). A hash
 * committed at or after its certificate's compromise date is COMPROMISED; one committed before
 * stays trusted even once the certificate is revoked.
 */
import type { ChaincodeStub } from 'fabric-shim-api';
import { fail } from '../errors';
import { HashIndexEntry, SigningCertificate } from '../model';
import { TxInfo } from '../tx';
import { requireTimestampNearClock } from './clock-window';
import { findSigningCertificate } from './signing-certificate-store';

export type SignerStatus = 'TRUSTED' | 'REVOKED_AFTER_SIGNING' | 'COMPROMISED';

export interface SignerTrust {
  fingerprint: string;
  /** Transaction time of the commit of this hash (the ledger's signing time). */
  committedAt: string;
  /** Whether the certificate is in the signing-certificate registry (identities registered before it existed are not). */
  registered: boolean;
  issuerCode: string | null;
  status: SignerStatus;
  compromisedAt: string | null;
  revokedAt: string | null;
}

export function signerStatusOf(committedAt: string, cert: SigningCertificate | null): SignerStatus {
  if (!cert?.revocation) return 'TRUSTED';
  return committedAt >= cert.revocation.compromisedAt ? 'COMPROMISED' : 'REVOKED_AFTER_SIGNING';
}

/** The signer of a hash entry, or null for entries written before signers were recorded. */
export async function signerTrustOf(stub: ChaincodeStub, entry: HashIndexEntry): Promise<SignerTrust | null> {
  if (!entry.signerFingerprint || !entry.committedAt) return null;
  const cert = await findSigningCertificate(stub, entry.signerFingerprint);
  return {
    fingerprint: entry.signerFingerprint,
    committedAt: entry.committedAt,
    registered: cert !== null,
    issuerCode: cert?.issuerCode ?? null,
    status: signerStatusOf(entry.committedAt, cert),
    compromisedAt: cert?.revocation?.compromisedAt ?? null,
    revokedAt: cert?.revocation?.revokedAt ?? null,
  };
}

/**
 * Refuses a write by a certificate the registry lists as revoked. The channel's CRL makes the
 * peers refuse it first; this holds even before the CRL reaches the channel configuration.
 */
export async function requireSignerNotRevoked(stub: ChaincodeStub, tx: TxInfo): Promise<void> {
  if (!tx.certificateFingerprint) return;
  const cert = await findSigningCertificate(stub, tx.certificateFingerprint);
  if (cert?.revocation) {
    fail('SIGNER_REVOKED', `the submitter's certificate ${tx.certificateFingerprint} was revoked at ${cert.revocation.revokedAt} (${cert.revocation.reason}); it can sign nothing more`);
  }
}

/** The signer fields a new hash index entry carries. */
export function signerStamp(tx: TxInfo): Pick<HashIndexEntry, 'signerFingerprint' | 'committedAt'> {
  return tx.certificateFingerprint ? { signerFingerprint: tx.certificateFingerprint, committedAt: tx.timestamp } : {};
}

/** Before a write that commits a document hash: a believable transaction time, a certificate not revoked. */
export async function requireSignerForHash(stub: ChaincodeStub, tx: TxInfo): Promise<void> {
  requireTimestampNearClock(tx);
  await requireSignerNotRevoked(stub, tx);
}
