/**
 * The signer rules of writes that commit a document hash: a believable transaction time, a
 * certificate not revoked, and the stamp (fingerprint, transaction time) kept with the hash so that
 * verifiers can later tell whether its signer is still trusted for it.
 */
import type { ChaincodeStub } from 'fabric-shim-api';
import { fail } from '../errors';
import { HashIndexEntry } from '../model';
import { TxInfo } from '../tx';
import { requireTimestampNearClock } from './clock-window';
import { findSigningCertificate } from './signing-certificate-store';

// The trust of a committed hash's signer is decided by signerTrustFrom (diplomas/verify-answer.ts).

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
