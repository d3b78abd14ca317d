/**
 * Reads what the signing-certificate registry keeps from an X.509 certificate. @fidm/x509 is the
 * parser the Fabric shim itself uses for every submitter's certificate (pure JavaScript, so every
 * endorser gets the same fields whatever its OpenSSL or Node version), and the attribute
 * extension is read the way the shim reads vanbang.role / vanbang.issuer.
 */
import { Certificate, type Attribute } from '@fidm/x509';
import { fail } from '../errors';
import { derOfPem, fingerprintOfDer } from './fingerprint';

/** Fabric CA writes enrollment attributes into this extension as JSON {"attrs": {...}}. */
export const FABRIC_ATTRIBUTES_OID = '1.2.3.4.5.6.7.8.1';

const MAX_PEM_BYTES = 8 * 1024;

/** Short names of the distinguished-name attributes kept (RFC 4514 labels; serialNumber holds the issuer code). */
const LABELS: Record<string, string> = {
  '2.5.4.6': 'C', '2.5.4.8': 'ST', '2.5.4.7': 'L', '2.5.4.10': 'O', '2.5.4.11': 'OU', '2.5.4.3': 'CN', '2.5.4.5': 'serialNumber',
};
const CN_OID = '2.5.4.3';

export interface CertificateFacts {
  fingerprint: string;
  /** Lowercase hex without leading zeros, as Fabric CA lists serials. */
  serialNumber: string;
  /** The subject without its CN (an enrollment id may be a person's name): organisation, unit, country, issuer code. */
  subject: string;
  issuerDn: string;
  notBefore: string;
  notAfter: string;
  attributes: Record<string, string>;
}

function escapeValue(value: string): string {
  return value.normalize('NFC').replace(/([,+"\\<>;=])/g, '\\$1');
}

function formatName(attributes: Attribute[], keep: (a: Attribute) => boolean): string {
  return attributes
    .filter(keep)
    .map((a) => `${LABELS[a.oid] ?? a.oid}=${escapeValue(String(a.value))}`)
    .join(', ');
}

function normaliseSerial(serial: string): string {
  const hex = serial.toLowerCase().replace(/^0+/, '');
  return hex === '' ? '0' : hex;
}

function attributesOf(cert: Certificate): Record<string, string> {
  const ext = cert.extensions.find((e) => e.oid === FABRIC_ATTRIBUTES_OID);
  if (!ext) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(ext.value).toString('utf8'));
  } catch {
    fail('INVALID_CERTIFICATE', `the certificate's attribute extension (${FABRIC_ATTRIBUTES_OID}) is not JSON`);
  }
  const attrs = (parsed as { attrs?: unknown } | null)?.attrs;
  if (attrs === null || typeof attrs !== 'object' || Array.isArray(attrs)) return {};
  return Object.fromEntries(Object.entries(attrs).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
}

/** Parses one PEM certificate; a malformed one is INVALID_CERTIFICATE. */
export function readCertificate(pem: unknown, name: string): CertificateFacts {
  if (typeof pem !== 'string' || Buffer.byteLength(pem, 'utf8') > MAX_PEM_BYTES) {
    fail('INVALID_CERTIFICATE', `${name}: must be one PEM certificate of at most ${MAX_PEM_BYTES} bytes`);
  }
  const der = derOfPem(pem);
  if (!der) fail('INVALID_CERTIFICATE', `${name}: no PEM certificate block`);
  let cert: Certificate;
  try {
    cert = Certificate.fromPEM(Buffer.from(pem, 'utf8'));
  } catch (err) {
    fail('INVALID_CERTIFICATE', `${name}: not a readable X.509 certificate (${(err as Error).message})`);
  }
  if (Number.isNaN(cert.validFrom.getTime()) || Number.isNaN(cert.validTo.getTime())) {
    fail('INVALID_CERTIFICATE', `${name}: the validity period cannot be read`);
  }
  return {
    fingerprint: fingerprintOfDer(der),
    serialNumber: normaliseSerial(cert.serialNumber),
    subject: formatName(cert.subject.attributes, (a) => a.oid !== CN_OID),
    issuerDn: formatName(cert.issuer.attributes, () => true),
    notBefore: cert.validFrom.toISOString(),
    notAfter: cert.validTo.toISOString(),
    attributes: attributesOf(cert),
  };
}
