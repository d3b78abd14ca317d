/**
 * Browser-safe verification of the issuer's ECDSA P-256 signature over the document hash (Node 20
 * and browsers alike; Web Crypto does the ECDSA, @peculiar/x509 reads the certificates). The one
 * verifier: the gateway, the CLI and the web portal all use it. Signing is Node-only (signature.ts).
 * Signed message: the UTF-8 bytes of SIGNING_CONTEXT + documentHash (see docs/hashing.md).
 */
import { checkIssuedByTrustedCa, distinguishedNameText, nameAttribute, parseCertificates, SERIAL_NUMBER_OID, type X509Certificate } from './certificate';
import { fingerprintOfCertificate } from './certificate-fingerprint';
import { computeDocumentHash } from './document-hash';
import { parseDocument } from './document';
import { ecdsaDerToP1363 } from './ecdsa-signature';

export const SIGNING_CONTEXT = 'vanbang-diploma-v1 document hash:';

/** What verifySignedMessage finds: the signer's names, and whether signature and chain hold. */
export interface SignedMessageVerification {
  /** Signature valid over the signed content and, when trusted CAs were given, chained to one. */
  readonly ok: boolean;
  /** The signer certificate's subject, e.g. "C=VN, O=Đại học Bách khoa Hà Nội, OU=client, CN=registrar". */
  readonly signerSubject?: string;
  readonly signerIssuer?: string;
  /** The O= of the signer's subject: the institution that signed, e.g. "Đại học Bách khoa Hà Nội". */
  readonly signerOrganization?: string;
  /** The serialNumber= of the signer's subject: the institution's issuer code, e.g. "BKA". */
  readonly signerIssuerCode?: string;
  /** The O= of the signer certificate's issuer: the organization whose CA vouches for the key. */
  readonly certifiedBy?: string;
  /** The CN= of the signer's subject (the Fabric identity). */
  readonly signerCommonName?: string;
  /** SHA-256 of the signer certificate's DER (hex): compare with the signer the ledger recorded for the hash. */
  readonly signerFingerprint?: string;
  /** Present only when trusted CA certificates were given. */
  readonly chainsToTrustedCa?: boolean;
  readonly problems: string[];
}

/** A diploma's signature check: the signed-message check over its recomputed hash, with its MSP and time. */
export interface SignatureVerification extends SignedMessageVerification {
  readonly mspId?: string;
  readonly signedAt?: string;
}

// Web Crypto's types, named from the global (this package compiles without the DOM library).
type Subtle = typeof globalThis.crypto.subtle;
type PublicCryptoKey = Awaited<ReturnType<Subtle['importKey']>>;

const MISMATCH = 'the signature does not match the document content (altered document or wrong key)';

/** The exact bytes that are signed for a document hash. */
export function signingMessage(documentHash: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(SIGNING_CONTEXT + documentHash);
}

function isP256(cert: X509Certificate): boolean {
  const algorithm = cert.publicKey.algorithm as { name?: string; namedCurve?: string };
  return algorithm.name === 'ECDSA' && algorithm.namedCurve === 'P-256';
}

/** The signer's Web Crypto key, imported once per (cached) certificate. */
const signerKeys = new WeakMap<X509Certificate, Promise<PublicCryptoKey>>();
function signerKey(subtle: Subtle, cert: X509Certificate): Promise<PublicCryptoKey> {
  let key = signerKeys.get(cert);
  if (key === undefined) {
    key = subtle.importKey('spki', cert.publicKey.rawData, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    signerKeys.set(cert, key);
    key.catch(() => signerKeys.delete(cert));
  }
  return key;
}

function base64ToBytes(text: string): Uint8Array | undefined {
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

async function signatureMatches(subtle: Subtle, cert: X509Certificate, message: Uint8Array<ArrayBuffer>, value: string): Promise<boolean> {
  const der = base64ToBytes(value);
  const p1363 = der === undefined ? undefined : ecdsaDerToP1363(der, 32);
  if (p1363 === undefined) return false;
  try {
    return await subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, await signerKey(subtle, cert), p1363, message);
  } catch {
    return false;
  }
}


/**
 * Verifies an ECDSA P-256 / SHA-256 signature (base64 DER) over `message` with the key of the
 * first certificate in `certificatePem`, and, when `trustedCaPems` are given, that this
 * certificate was issued by one of them and that both were valid at `at` (the signing time).
 * The diploma signature and the gateway's verification receipts are both checked with it.
 * Never rejects.
 */
export async function verifySignedMessage(
  message: Uint8Array<ArrayBuffer>, signature: { readonly certificatePem: string; readonly value: string },
  opts: { readonly at: Date; readonly trustedCaPems?: readonly string[]; readonly mismatch?: string },
): Promise<SignedMessageVerification> {
  try {
    return await verifyMessage(message, signature, opts);
  } catch (error) {
    // A certificate that parses but is malformed deeper down (an extension, a key) lands here.
    return { ok: false, problems: [`the signature could not be checked: ${(error as Error).message}`] };
  }
}

async function verifyMessage(
  message: Uint8Array<ArrayBuffer>, signature: { readonly certificatePem: string; readonly value: string },
  opts: { readonly at: Date; readonly trustedCaPems?: readonly string[]; readonly mismatch?: string },
): Promise<SignedMessageVerification> {
  const subtle: Subtle | undefined = globalThis.crypto?.subtle;
  if (subtle === undefined) {
    return { ok: false, problems: ['Web Crypto is not available here (a browser offers it only to https:// or localhost pages)'] };
  }
  let certificate: X509Certificate;
  try {
    const [first] = parseCertificates(signature.certificatePem);
    if (first === undefined) return { ok: false, problems: ['the signature carries no certificate'] };
    certificate = first;
  } catch (error) {
    return { ok: false, problems: [(error as Error).message] };
  }
  const named = (key: string, value: string | undefined) => (value === undefined ? {} : { [key]: value });
  const base = {
    signerSubject: distinguishedNameText(certificate, 'subject'),
    signerIssuer: distinguishedNameText(certificate, 'issuer'),
    ...named('signerOrganization', nameAttribute(certificate, 'subject', 'O')),
    ...named('signerIssuerCode', nameAttribute(certificate, 'subject', SERIAL_NUMBER_OID)),
    ...named('certifiedBy', nameAttribute(certificate, 'issuer', 'O')),
    ...named('signerCommonName', nameAttribute(certificate, 'subject', 'CN')),
    signerFingerprint: await fingerprintOfCertificate(certificate),
  };
  const problems: string[] = [];
  if (!isP256(certificate)) problems.push('the signing certificate does not hold an ECDSA P-256 key');
  const signatureValid = problems.length === 0 && await signatureMatches(subtle, certificate, message, signature.value);
  if (problems.length === 0 && !signatureValid) problems.push(opts.mismatch ?? 'the signature does not match the signed content (altered, or signed by another key)');
  if (opts.trustedCaPems === undefined || opts.trustedCaPems.length === 0) {
    return { ok: signatureValid, ...base, problems };
  }
  let trusted: X509Certificate[];
  try {
    trusted = opts.trustedCaPems.flatMap((pem) => parseCertificates(pem));
  } catch (error) {
    return { ok: false, ...base, chainsToTrustedCa: false, problems: [...problems, (error as Error).message] };
  }
  const chain = await checkIssuedByTrustedCa(certificate, trusted, opts.at);
  return { ok: signatureValid && chain.ok, ...base, chainsToTrustedCa: chain.ok, problems: [...problems, ...chain.problems] };
}

/**
 * Verifies the issuer's signature against the hash recomputed from the content (so a tampered
 * document fails), and, when `trustedCaPems` are given (the issuing organization's CA
 * certificates), whether the signing certificate chains to one of them at the signing time.
 * Never rejects: every failure is a problem in the result.
 */
export async function verifySignature(doc: unknown, trustedCaPems?: readonly string[]): Promise<SignatureVerification> {
  const parsed = parseDocument(doc);
  if (!parsed.ok) {
    return { ok: false, problems: parsed.errors.map((e) => `${e.field || '/'}: ${e.message}`) };
  }
  const { signature } = parsed.value;
  if (signature === undefined) return { ok: false, problems: ['the document is not signed'] };
  const checked = await verifySignedMessage(signingMessage(computeDocumentHash(parsed.value)), signature, {
    at: new Date(signature.signedAt), mismatch: MISMATCH, ...(trustedCaPems === undefined ? {} : { trustedCaPems }),
  });
  return { ...checked, mspId: signature.mspId, ...(checked.signerSubject === undefined ? {} : { signedAt: signature.signedAt }) };
}
