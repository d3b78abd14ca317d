/**
 * What VerifyHash answers for a document hash, as a pure function of the world-state records it
 * reads: the hash's index entry, its diploma, the diploma's issuer and the signing certificate that
 * committed the hash. The chaincode calls it with the records it reads from the state; the
 * gateway's status index (gateway/src/status-index/) calls it with the same records, taken from
 * the write sets of committed blocks. One function, so the two cannot drift apart.
 *
 * Only types are imported: the gateway loads this file without the chaincode's runtime.
 */
import type { Diploma, HashIndexEntry, Issuer, SigningCertificate } from '../model';

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

/** The parts of the records a verify answer is made of (the gateway's index keeps only these). */
export type VerifyDiploma = Pick<Diploma, 'diplomaId' | 'documentHash' | 'version' | 'status' | 'diplomaType' | 'graduationYear' | 'issuerCode' | 'supersedes' | 'supersededBy'> & {
  revocation: Pick<NonNullable<Diploma['revocation']>, 'ground' | 'decision' | 'timestamp'> | null;
  lastEvent: Pick<Diploma['lastEvent'], 'type' | 'txId' | 'timestamp'>;
};
export type VerifyIssuer = Pick<Issuer, 'code' | 'name' | 'status'>;
export type VerifyCertificate = Pick<SigningCertificate, 'issuerCode'> & {
  revocation: Pick<NonNullable<SigningCertificate['revocation']>, 'compromisedAt' | 'revokedAt'> | null;
};

export type VerifyAnswer<D extends VerifyDiploma = VerifyDiploma> =
  | { documentHash: string; found: false; status: 'UNKNOWN' }
  | {
      documentHash: string;
      found: true;
      status: 'VALID' | 'CORRECTED' | 'SUPERSEDED' | 'REVOKED';
      hashIsCurrent: boolean;
      hashVersion: number;
      currentVersion: number;
      diplomaId: string;
      diplomaType: string;
      graduationYear: number;
      issuer: { code: string; name: string; status: string };
      supersedes: string | null;
      supersededBy: string | null;
      revocation: D['revocation'];
      latestEvent: D['lastEvent'];
      /** Who committed this hash and whether that certificate is still trusted for it; null for hashes committed before signers were recorded. */
      signer: SignerTrust | null;
    };

/**
 * A hash committed at or after its certificate's compromise date is COMPROMISED; one committed
 * before stays trusted even once the certificate is revoked. The time that counts is the ledger's
 * (the transaction time recorded with the hash), never the document's own signedAt.
 */
export function signerStatusOf(committedAt: string, cert: VerifyCertificate | null): SignerStatus {
  if (!cert?.revocation) return 'TRUSTED';
  return committedAt >= cert.revocation.compromisedAt ? 'COMPROMISED' : 'REVOKED_AFTER_SIGNING';
}

/** The signer of a hash entry, or null for entries written before signers were recorded. */
export function signerTrustFrom(entry: HashIndexEntry, cert: VerifyCertificate | null): SignerTrust | null {
  if (!entry.signerFingerprint || !entry.committedAt) return null;
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

/** The answer for a hash with no index entry. */
export function unknownHashAnswer(documentHash: string): VerifyAnswer<never> {
  return { documentHash, found: false, status: 'UNKNOWN' };
}

/** The answer for a hash whose index entry, diploma, issuer and signing certificate were read. */
export function verifyAnswerOf<D extends VerifyDiploma>(
  documentHash: string, entry: HashIndexEntry, d: D, issuer: VerifyIssuer, cert: VerifyCertificate | null,
): VerifyAnswer<D> {
  const hashIsCurrent = d.documentHash === documentHash;
  // Revocation outranks everything; then replacement; then an outdated (corrected) version.
  const status = d.status === 'REVOKED' ? 'REVOKED' : d.status === 'SUPERSEDED' ? 'SUPERSEDED' : hashIsCurrent ? 'VALID' : 'CORRECTED';
  return {
    documentHash,
    found: true,
    status,
    hashIsCurrent,
    hashVersion: entry.version,
    currentVersion: d.version,
    diplomaId: d.diplomaId,
    diplomaType: d.diplomaType,
    graduationYear: d.graduationYear,
    issuer: { code: issuer.code, name: issuer.name, status: issuer.status },
    supersedes: d.supersedes,
    supersededBy: d.supersededBy,
    revocation: d.revocation,
    latestEvent: d.lastEvent,
    signer: signerTrustFrom(entry, cert),
  };
}
