/**
 * Node-only: the issuer's ECDSA P-256 signature over the document hash, made with the Fabric CA
 * identity that also submits the ledger transaction. It is verified by the browser-safe
 * verifySignature (verify-signature.ts).
 * Signed message: the UTF-8 bytes of SIGNING_CONTEXT + documentHash (see docs/hashing.md).
 */
import { X509Certificate, createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { computeDocumentHash } from './document-hash';
import { createDocument, DocumentValidationError, type DiplomaDocument, type DocumentSignature, type SignedDiplomaDocument } from './document';
import type { DiplomaFields } from './field-definitions';
import type { RandomBytes } from './salt';
import { SIGNATURE_ALGORITHM } from './schema';
import { signingMessage } from './verify-signature';

export interface Signer {
  /** PKCS#8 or SEC1 PEM private key of the Fabric identity (P-256). */
  readonly privateKeyPem: string;
  /** PEM X.509 certificate of the same identity, issued by the organization's Fabric CA. */
  readonly certificatePem: string;
  /** Fabric MSP ID of the issuing organization. */
  readonly mspId: string;
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
  const [pem] = signer.certificatePem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/) ?? [];
  if (pem === undefined) throw new Error('no certificate found in certificatePem');
  const certificate = new X509Certificate(pem);
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
