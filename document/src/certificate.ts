/**
 * Node-only X.509 helpers: parse PEM certificates and check that a signing certificate was issued
 * by one of the issuing organization's trusted CA certificates (Fabric CA root or intermediate).
 */
import { X509Certificate } from 'node:crypto';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Parses every certificate in a PEM text (one file may hold several). Throws on a bad block. */
export function parseCertificates(pemText: string): X509Certificate[] {
  const blocks = pemText.match(PEM_BLOCK) ?? [];
  return blocks.map((block, index) => {
    try {
      return new X509Certificate(block);
    } catch {
      throw new Error(`certificate ${index + 1} in the PEM text cannot be parsed`);
    }
  });
}

/** "CN=alice, OU=client, O=Org1" instead of Node's newline-separated form. */
export function formatDistinguishedName(name: string): string {
  return name.split('\n').filter((part) => part.length > 0).join(', ');
}

/** True when `at` lies within the certificate's validity period. */
export function isValidAt(cert: X509Certificate, at: Date): boolean {
  return new Date(cert.validFrom) <= at && at <= new Date(cert.validTo);
}

export interface ChainCheck {
  readonly ok: boolean;
  /** Subject of the trusted CA that issued the certificate, when found. */
  readonly issuerSubject?: string;
  readonly problems: string[];
}

/**
 * Checks that `cert` was issued and signed by one of `trustedCas` (a CA certificate valid at `at`),
 * and that `cert` itself was valid at `at` (the signing time; an expired enrollment certificate
 * does not invalidate diplomas it signed while it was valid).
 */
export function checkIssuedByTrustedCa(cert: X509Certificate, trustedCas: readonly X509Certificate[], at: Date): ChainCheck {
  const problems: string[] = [];
  if (!isValidAt(cert, at)) {
    problems.push(`the signing certificate was not valid at the signing time ${at.toISOString()} (valid ${cert.validFrom} to ${cert.validTo})`);
  }
  const issuer = trustedCas.find((ca) => ca.ca && cert.checkIssued(ca) && cert.verify(ca.publicKey));
  if (issuer === undefined) {
    problems.push(`the signing certificate (issuer ${formatDistinguishedName(cert.issuer)}) was not issued by any trusted CA certificate given`);
    return { ok: false, problems };
  }
  if (!isValidAt(issuer, at)) {
    problems.push(`the issuing CA certificate was not valid at the signing time ${at.toISOString()}`);
  }
  return { ok: problems.length === 0, issuerSubject: formatDistinguishedName(issuer.subject), problems };
}
