/** Composite-key layout of the world state (docs/chaincode.md §8). */
import type { ChaincodeStub } from 'fabric-shim-api';

export const OBJ = {
  issuer: 'vb.issuer',
  diploma: 'vb.diploma',
  hash: 'vb.hash',
  regno: 'vb.regno',
  copy: 'vb.copy',
  copySeq: 'vb.copyseq',
  signingCert: 'vb.sigcert',
  signingCertByIssuer: 'vb.sigcertissuer',
  revokedSigningCert: 'vb.sigcertrevoked',
  anchorPeriod: 'vb.anchor',
  anchorLatest: 'vb.anchorlatest',
} as const;

export const issuerKey = (stub: ChaincodeStub, code: string): string => stub.createCompositeKey(OBJ.issuer, [code]);

export const diplomaKey = (stub: ChaincodeStub, issuerCode: string, serial: string): string =>
  stub.createCompositeKey(OBJ.diploma, [issuerCode, serial]);

export const hashKey = (stub: ChaincodeStub, hash: string): string => stub.createCompositeKey(OBJ.hash, [hash]);

export const registerKey = (stub: ChaincodeStub, issuerCode: string, type: string, year: number, entry: string): string =>
  stub.createCompositeKey(OBJ.regno, [issuerCode, type, String(year), entry]);

/** Copy numbers are zero-padded so that key order is numeric order. */
export const copyKey = (stub: ChaincodeStub, issuerCode: string, year: number, copyNumber: number): string =>
  stub.createCompositeKey(OBJ.copy, [issuerCode, String(year), String(copyNumber).padStart(8, '0')]);

export const copySeqKey = (stub: ChaincodeStub, issuerCode: string, year: number): string =>
  stub.createCompositeKey(OBJ.copySeq, [issuerCode, String(year)]);

export const signingCertKey = (stub: ChaincodeStub, fingerprint: string): string => stub.createCompositeKey(OBJ.signingCert, [fingerprint]);

/** The issuer's list of signing certificates (its key rotations), in fingerprint order. */
export const signingCertByIssuerKey = (stub: ChaincodeStub, issuerCode: string, fingerprint: string): string =>
  stub.createCompositeKey(OBJ.signingCertByIssuer, [issuerCode, fingerprint]);

/** Every revoked signing certificate, for offline verifiers' revocation lists. */
export const revokedSigningCertKey = (stub: ChaincodeStub, fingerprint: string): string => stub.createCompositeKey(OBJ.revokedSigningCert, [fingerprint]);

/** Period ids are zero-padded (to the 16 digits of Number.MAX_SAFE_INTEGER) so that key order is numeric order. */
export const anchorPeriodKey = (stub: ChaincodeStub, periodId: number): string =>
  stub.createCompositeKey(OBJ.anchorPeriod, [String(periodId).padStart(16, '0')]);

/** The one key naming the latest recorded anchoring period. */
export const anchorLatestKey = (stub: ChaincodeStub): string => stub.createCompositeKey(OBJ.anchorLatest, []);
