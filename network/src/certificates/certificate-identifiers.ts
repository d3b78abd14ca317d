// What names one certificate to the CA and to the ledger: its serial and authority key identifier
// (how `fabric-ca-client revoke` and a CRL name it) and its SHA-256 fingerprint (how the ledger's
// signing-certificate registry and every hash index entry name it).
import { Certificate } from '@fidm/x509';
import { createHash } from 'node:crypto';

export interface CertificateIdentifiers {
  pem: string;
  fingerprint: string;
  /** Lowercase hex without leading zeros, as Fabric CA stores it. */
  serial: string;
  /** Authority key identifier, lowercase hex: the issuing CA's key. */
  aki: string;
  notAfter: Date;
  /** Fabric CA's attribute extension (1.2.3.4.5.6.7.8.1): vanbang.role, vanbang.issuer. */
  attributes: Record<string, string>;
  /** The subject's O=: for an issuer identity, the institution it signs for. */
  organization?: string;
}

function attributesOf(cert: Certificate): Record<string, string> {
  const ext = cert.extensions.find((e) => e.oid === '1.2.3.4.5.6.7.8.1');
  if (!ext) return {};
  try {
    const attrs = (JSON.parse(Buffer.from(ext.value).toString('utf8')) as { attrs?: Record<string, unknown> }).attrs ?? {};
    return Object.fromEntries(Object.entries(attrs).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  } catch {
    return {};
  }
}

export function certificateIdentifiers(pem: string): CertificateIdentifiers {
  let cert: Certificate;
  try {
    cert = Certificate.fromPEM(Buffer.from(pem, 'utf8'));
  } catch (err) {
    throw new Error(`not a readable certificate: ${(err as Error).message}`);
  }
  const serial = cert.serialNumber.toLowerCase().replace(/^0+/, '') || '0';
  if (!cert.authorityKeyIdentifier) throw new Error(`certificate ${serial} has no authority key identifier`);
  return {
    pem,
    fingerprint: createHash('sha256').update(cert.raw).digest('hex'),
    serial,
    aki: cert.authorityKeyIdentifier.toLowerCase(),
    notAfter: cert.validTo,
    attributes: attributesOf(cert),
    ...(cert.subject.organizationName ? { organization: cert.subject.organizationName } : {}),
  };
}
