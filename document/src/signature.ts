/**
 * Node-only: the issuer's ECDSA P-256 signature over the document hash, made with the Fabric CA
 * identity that also submits the ledger transaction, and its offline verification.
 * Signed message: the UTF-8 bytes of SIGNING_CONTEXT + documentHash (see docs/hashing.md).
 */
import { X509Certificate, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { checkIssuedByTrustedCa, formatDistinguishedName, parseCertificates } from './certificate';
import { computeDocumentHash } from './document-hash';
import { createDocument, DocumentValidationError, parseDocument, type DiplomaDocument, type DocumentSignature, type SignedDiplomaDocument } from './document';
import type { DiplomaFields } from './field-definitions';
import type { RandomBytes } from './salt';
import { SIGNATURE_ALGORITHM } from './schema';

export const SIGNING_CONTEXT = 'vanbang-diploma-v1 document hash:';

export interface Signer {
  /** PKCS#8 or SEC1 PEM private key of the Fabric identity (P-256). */
  readonly privateKeyPem: string;
  /** PEM X.509 certificate of the same identity, issued by the organization's Fabric CA. */
  readonly certificatePem: string;
  /** Fabric MSP ID of the issuing organization. */
  readonly mspId: string;
}

export interface SignatureVerification {
  /** Signature valid over the recomputed document hash and, when trusted CAs were given, chained to one. */
  readonly ok: boolean;
  readonly signerSubject?: string;
  readonly signerIssuer?: string;
  readonly mspId?: string;
  readonly signedAt?: string;
  /** Present only when trusted CA certificates were given. */
  readonly chainsToTrustedCa?: boolean;
  readonly problems: string[];
}

/** The exact bytes that are signed for a document hash. */
export function signingMessage(documentHash: string): Buffer {
  return Buffer.from(SIGNING_CONTEXT + documentHash, 'utf8');
}

function isP256(key: KeyObject): boolean {
  return key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1';
}

/** Signs the document hash. Throws if the document does not hash to its documentHash or the key and certificate disagree. */
export function signDocument(doc: DiplomaDocument, signer: Signer, opts: { now?: Date } = {}): SignedDiplomaDocument {
  return createDocumentSigner(signer)(doc, opts);
}

/**
 * The signature maker of one identity: the key and certificate are parsed and checked against
 * each other once (that costs more than the signature itself).
 */
function prepareSigning(signer: Signer): (documentHash: string, now?: Date) => DocumentSignature {
  const privateKey = createPrivateKey(signer.privateKeyPem);
  if (!isP256(privateKey)) throw new Error('the signing key must be an ECDSA P-256 key');
  const [certificate] = parseCertificates(signer.certificatePem);
  if (certificate === undefined) throw new Error('no certificate found in certificatePem');
  const publicDer = (key: KeyObject) => key.export({ format: 'der', type: 'spki' }).toString('hex');
  if (publicDer(createPublicKey(privateKey)) !== publicDer(certificate.publicKey)) {
    throw new Error('the private key does not belong to the certificate');
  }
  const certificatePem = certificate.toString();
  return (documentHash, now = new Date()) => ({
    algorithm: SIGNATURE_ALGORITHM, mspId: signer.mspId, certificatePem, signedAt: now.toISOString(),
    value: sign('sha256', signingMessage(documentHash), { key: privateKey, dsaEncoding: 'der' }).toString('base64'),
  });
}

/**
 * A signing function for one identity, for documents handed to it: each is hashed again, and
 * one whose documentHash does not match its content is refused.
 */
export function createDocumentSigner(signer: Signer): (doc: DiplomaDocument, opts?: { now?: Date }) => SignedDiplomaDocument {
  const signHash = prepareSigning(signer);
  return (doc, opts = {}) => {
    const documentHash = computeDocumentHash(doc);
    if (documentHash !== doc.documentHash) {
      throw new DocumentValidationError('cannot sign', [{ field: '/documentHash', message: 'documentHash does not match the content' }]);
    }
    return { ...doc, signature: signHash(documentHash, opts.now) };
  };
}

/**
 * An issuing function for one identity: salts the fields into a new document (createDocument)
 * and signs it. The hash signed is the one createDocument has just computed, so unlike
 * createDocumentSigner it is not computed twice (that second hashing was a third of the cost
 * of making a signed document).
 */
export function createDocumentIssuer(signer: Signer): (fields: DiplomaFields, opts?: { now?: Date; randomBytes?: RandomBytes }) => SignedDiplomaDocument {
  const signHash = prepareSigning(signer);
  return (fields, opts = {}) => {
    const doc = createDocument(fields, opts.randomBytes ? { randomBytes: opts.randomBytes } : {});
    return { ...doc, signature: signHash(doc.documentHash, opts.now) };
  };
}

/**
 * Verifies the issuer's signature against the hash recomputed from the content (so a tampered
 * document fails), and, when `trustedCaPems` are given (the issuing organization's CA
 * certificates), whether the signing certificate chains to one of them. Never throws.
 */
export function verifySignature(doc: unknown, trustedCaPems?: readonly string[]): SignatureVerification {
  const parsed = parseDocument(doc);
  if (!parsed.ok) {
    return { ok: false, problems: parsed.errors.map((e) => `${e.field || '/'}: ${e.message}`) };
  }
  const { signature } = parsed.value;
  if (signature === undefined) return { ok: false, problems: ['the document is not signed'] };
  let certificate: X509Certificate;
  try {
    const [first] = parseCertificates(signature.certificatePem);
    if (first === undefined) return { ok: false, mspId: signature.mspId, problems: ['the signature carries no certificate'] };
    certificate = first;
  } catch (error) {
    return { ok: false, mspId: signature.mspId, problems: [(error as Error).message] };
  }
  const base = {
    signerSubject: formatDistinguishedName(certificate.subject),
    signerIssuer: formatDistinguishedName(certificate.issuer),
    mspId: signature.mspId,
    signedAt: signature.signedAt,
  };
  const problems: string[] = [];
  if (!isP256(certificate.publicKey)) problems.push('the signing certificate does not hold an ECDSA P-256 key');
  const signatureValid = problems.length === 0 && verify(
    'sha256', signingMessage(computeDocumentHash(parsed.value)),
    { key: certificate.publicKey, dsaEncoding: 'der' }, Buffer.from(signature.value, 'base64'),
  );
  if (problems.length === 0 && !signatureValid) {
    problems.push('the signature does not match the document content (altered document or wrong key)');
  }
  if (trustedCaPems === undefined || trustedCaPems.length === 0) {
    return { ok: signatureValid, ...base, problems };
  }
  let trusted: X509Certificate[];
  try {
    trusted = trustedCaPems.flatMap(parseCertificates);
  } catch (error) {
    return { ok: false, ...base, chainsToTrustedCa: false, problems: [...problems, (error as Error).message] };
  }
  const chain = checkIssuedByTrustedCa(certificate, trusted, new Date(signature.signedAt));
  return {
    ok: signatureValid && chain.ok,
    ...base,
    chainsToTrustedCa: chain.ok,
    problems: [...problems, ...chain.problems],
  };
}
