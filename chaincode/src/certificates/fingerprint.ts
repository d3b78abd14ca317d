/**
 * A certificate's fingerprint: SHA-256 over its DER bytes, as 64 lowercase hex. The same value the
 * gateway, the portal and the CLI compute from a document's signer certificate, so the hash
 * index can name the signer without storing its certificate (or its subject).
 */
import { createHash } from 'crypto';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/;

/** DER bytes of the first certificate of a PEM text, or null when there is none. */
export function derOfPem(pem: string): Buffer | null {
  const match = PEM_BLOCK.exec(pem);
  if (!match) return null;
  const der = Buffer.from(match[1].replace(/\s+/g, ''), 'base64');
  return der.length > 0 ? der : null;
}

export function fingerprintOfDer(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex');
}

/**
 * The fingerprint of the transaction submitter's certificate (ctx.clientIdentity.getIDBytes(): the
 * PEM of an X.509 identity), or null for an identity that is not an X.509 certificate.
 */
export function fingerprintOfIdBytes(idBytes: Uint8Array | undefined | null): string | null {
  if (!idBytes || idBytes.length === 0) return null;
  const der = derOfPem(Buffer.from(idBytes).toString('utf8'));
  return der ? fingerprintOfDer(der) : null;
}
