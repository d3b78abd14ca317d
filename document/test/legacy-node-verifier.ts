/**
 * Test-only: the node:crypto verifier that verifySignature replaced (X509Certificate, as it was
 * before the browser-safe port), kept to pin the new one to the same verdicts on the same inputs.
 */
import { X509Certificate, verify, type KeyObject } from 'node:crypto';
import { computeDocumentHash } from '../src/document-hash';
import { parseDocument } from '../src/document';
import { signingMessage, type SignatureVerification } from '../src/verify-signature';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function parseCertificates(pemText: string): X509Certificate[] {
  return (pemText.match(PEM_BLOCK) ?? []).map((block, index) => {
    try {
      return new X509Certificate(block);
    } catch {
      throw new Error(`certificate ${index + 1} in the PEM text cannot be parsed`);
    }
  });
}

const formatDistinguishedName = (name: string): string => name.split('\n').filter((part) => part.length > 0).join(', ');
const isValidAt = (cert: X509Certificate, at: Date): boolean => new Date(cert.validFrom) <= at && at <= new Date(cert.validTo);
const isP256 = (key: KeyObject): boolean => key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1';

function checkIssuedByTrustedCa(cert: X509Certificate, trustedCas: readonly X509Certificate[], at: Date): { ok: boolean; problems: string[] } {
  const problems: string[] = [];
  if (!isValidAt(cert, at)) {
    problems.push(`the signing certificate was not valid at the signing time ${at.toISOString()} (valid ${cert.validFrom} to ${cert.validTo})`);
  }
  const issuer = trustedCas.find((ca) => ca.ca && cert.checkIssued(ca) && cert.verify(ca.publicKey));
  if (issuer === undefined) {
    problems.push(`the signing certificate (issuer ${formatDistinguishedName(cert.issuer)}) was not issued by any trusted CA certificate given`);
    return { ok: false, problems };
  }
  if (!isValidAt(issuer, at)) problems.push(`the issuing CA certificate was not valid at the signing time ${at.toISOString()}`);
  return { ok: problems.length === 0, problems };
}

export function legacyVerifySignature(doc: unknown, trustedCaPems?: readonly string[]): SignatureVerification {
  const parsed = parseDocument(doc);
  if (!parsed.ok) return { ok: false, problems: parsed.errors.map((e) => `${e.field || '/'}: ${e.message}`) };
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
  if (problems.length === 0 && !signatureValid) problems.push('the signature does not match the document content (altered document or wrong key)');
  if (trustedCaPems === undefined || trustedCaPems.length === 0) return { ok: signatureValid, ...base, problems };
  let trusted: X509Certificate[];
  try {
    trusted = trustedCaPems.flatMap(parseCertificates);
  } catch (error) {
    return { ok: false, ...base, chainsToTrustedCa: false, problems: [...problems, (error as Error).message] };
  }
  const chain = checkIssuedByTrustedCa(certificate, trusted, new Date(signature.signedAt));
  return { ok: signatureValid && chain.ok, ...base, chainsToTrustedCa: chain.ok, problems: [...problems, ...chain.problems] };
}
