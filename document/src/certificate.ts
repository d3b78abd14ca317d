/**
 * Browser-safe X.509 (Node 20 and browsers alike): parse PEM certificates with @peculiar/x509 and
 * check that a signing certificate was issued by one of the issuing organization's CA certificates
 * (Fabric CA root or intermediate). Signatures are checked with Web Crypto (globalThis.crypto).
 */
// @peculiar/x509 resolves its algorithms through tsyringe, which throws at load time unless the
// Reflect metadata API exists: this import must stay before the one of @peculiar/x509.
import 'reflect-metadata';
import {
  AuthorityKeyIdentifierExtension, BasicConstraintsExtension, KeyUsageFlags, KeyUsagesExtension, Name,
  SubjectKeyIdentifierExtension, X509Certificate,
} from '@peculiar/x509';

export type { X509Certificate };

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * Parsed certificates by PEM text. Callers pass the same few PEMs again and again (the gateway
 * checks every document against a handful of CA certificates and signer certificates), and
 * parsing costs more than verifying a signature. Bounded: the oldest entry goes first.
 */
const MAX_CACHED_PEMS = 512;
const parsedPems = new Map<string, readonly X509Certificate[]>();

/** Every certificate in a PEM text (one file may hold several). Throws on a bad block. */
export function parseCertificates(pemText: string): readonly X509Certificate[] {
  const cached = parsedPems.get(pemText);
  if (cached !== undefined) return cached;
  const blocks = pemText.match(PEM_BLOCK) ?? [];
  const certificates = blocks.map((block, index) => {
    try {
      return new X509Certificate(block);
    } catch {
      throw new Error(`certificate ${index + 1} in the PEM text cannot be parsed`);
    }
  });
  if (parsedPems.size >= MAX_CACHED_PEMS) parsedPems.delete(parsedPems.keys().next().value!);
  parsedPems.set(pemText, certificates);
  return certificates;
}

/** X.520 serialNumber (2.5.4.5): an issuer's certificate carries its issuer code there. */
export const SERIAL_NUMBER_OID = '2.5.4.5';

/**
 * A distinguished name as text, with serialNumber (where the network's issuer certificates carry
 * the issuer code) spelled by name: @peculiar/x509 would print it as "2.5.4.5=BKA".
 */
export function distinguishedNameText(cert: X509Certificate, of: 'subject' | 'issuer'): string {
  const name = of === 'subject' ? cert.subjectName : cert.issuerName;
  return new Name(name.toArrayBuffer(), { serialNumber: SERIAL_NUMBER_OID }).toString();
}

/** First value of one attribute of a distinguished name (e.g. 'O', 'CN' or an OID), decoded (UTF-8 safe). */
export function nameAttribute(cert: X509Certificate, of: 'subject' | 'issuer', type: string): string | undefined {
  return (of === 'subject' ? cert.subjectName : cert.issuerName).getField(type)[0];
}

/** The names a signing certificate gives its holder, as the network's CAs write them (docs/certificates.md). */
export interface CertificateNames {
  /** O= of the subject: the institution or organization, e.g. "Đại học Bách khoa Hà Nội". */
  readonly organization?: string;
  /** serialNumber= of the subject: an issuer's code, e.g. "BKA". */
  readonly issuerCode?: string;
  /** O= of the issuer: the organization whose CA certified the key. */
  readonly certifiedBy?: string;
  readonly commonName?: string;
}

/** Names of the first certificate in `pem`; none when it cannot be read. */
export function certificateNames(pem: string): CertificateNames {
  let cert: X509Certificate | undefined;
  try {
    [cert] = parseCertificates(pem);
  } catch {
    return {};
  }
  if (cert === undefined) return {};
  const entries = {
    organization: nameAttribute(cert, 'subject', 'O'),
    issuerCode: nameAttribute(cert, 'subject', SERIAL_NUMBER_OID),
    certifiedBy: nameAttribute(cert, 'issuer', 'O'),
    commonName: nameAttribute(cert, 'subject', 'CN'),
  };
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));
}

/** True when `at` lies within the certificate's validity period (bounds included). */
export function isValidAt(cert: X509Certificate, at: Date): boolean {
  return cert.notBefore.getTime() <= at.getTime() && at.getTime() <= cert.notAfter.getTime();
}

function isCa(cert: X509Certificate): boolean {
  const constraints = cert.getExtension(BasicConstraintsExtension);
  if (constraints?.ca !== true) return false;
  const usages = cert.getExtension(KeyUsagesExtension);
  return usages === null || (usages.usages & KeyUsageFlags.keyCertSign) !== 0;
}

function bytesEqual(a: ArrayBuffer, b: ArrayBuffer): boolean {
  if (a.byteLength !== b.byteLength) return false;
  const x = new Uint8Array(a);
  const y = new Uint8Array(b);
  return x.every((byte, i) => byte === y[i]);
}

/** Issuer name equals the CA's subject (DER), and the key identifiers agree when both are given. */
function namesIssuer(cert: X509Certificate, ca: X509Certificate): boolean {
  if (!bytesEqual(cert.issuerName.toArrayBuffer(), ca.subjectName.toArrayBuffer())) return false;
  const authorityKeyId = cert.getExtension(AuthorityKeyIdentifierExtension)?.keyId;
  const subjectKeyId = ca.getExtension(SubjectKeyIdentifierExtension)?.keyId;
  return authorityKeyId === undefined || subjectKeyId === undefined || authorityKeyId === subjectKeyId;
}

/**
 * Whether `ca`'s key made the signature on `cert`, remembered per pair (both objects come from the
 * parse cache, so the entries go when the certificates do): the same signer certificate signs
 * thousands of diplomas.
 */
const issuedBy = new WeakMap<X509Certificate, WeakMap<X509Certificate, Promise<boolean>>>();
function signedByCa(cert: X509Certificate, ca: X509Certificate): Promise<boolean> {
  let byCa = issuedBy.get(cert);
  if (byCa === undefined) issuedBy.set(cert, (byCa = new WeakMap()));
  let result = byCa.get(ca);
  if (result === undefined) {
    result = cert.verify({ publicKey: ca, signatureOnly: true }, globalThis.crypto).catch(() => false);
    byCa.set(ca, result);
  }
  return result;
}

export interface ChainCheck {
  readonly ok: boolean;
  /** Subject of the trusted CA that issued the certificate, when found. */
  readonly issuerSubject?: string;
  readonly problems: string[];
}

/**
 * Checks that `cert` was issued and signed by one of `trustedCas` (a CA certificate: basic
 * constraints cA, allowed to sign certificates, its subject is the certificate's issuer, its key
 * verifies the certificate's signature) that was valid at `at`, and that `cert` itself was valid
 * at `at` (the signing time: an expired enrollment certificate does not invalidate the diplomas it
 * signed while it was valid).
 */
export async function checkIssuedByTrustedCa(cert: X509Certificate, trustedCas: readonly X509Certificate[], at: Date): Promise<ChainCheck> {
  const problems: string[] = [];
  if (Number.isNaN(at.getTime())) {
    problems.push('the signing time is not a valid date');
  } else if (!isValidAt(cert, at)) {
    problems.push(`the signing certificate was not valid at the signing time ${at.toISOString()} (valid ${cert.notBefore.toISOString()} to ${cert.notAfter.toISOString()})`);
  }
  let issuer: X509Certificate | undefined;
  for (const ca of trustedCas) {
    if (isCa(ca) && namesIssuer(cert, ca) && await signedByCa(cert, ca)) { issuer = ca; break; }
  }
  if (issuer === undefined) {
    problems.push(`the signing certificate (issuer ${cert.issuer}) was not issued by any trusted CA certificate given`);
    return { ok: false, problems };
  }
  if (!Number.isNaN(at.getTime()) && !isValidAt(issuer, at)) {
    problems.push(`the issuing CA certificate was not valid at the signing time ${at.toISOString()}`);
  }
  return { ok: problems.length === 0, issuerSubject: issuer.subject, problems };
}
