/**
 * A certificate's fingerprint: SHA-256 over its DER bytes, 64 lowercase hex (browser-safe, Web
 * Crypto). The ledger records this value for the certificate that committed each document hash,
 * so a verifier can check that the certificate in a document is the one the ledger saw.
 */
import { parseCertificates, type X509Certificate } from './certificate';

const fingerprints = new WeakMap<X509Certificate, Promise<string>>();

export function fingerprintOfCertificate(cert: X509Certificate): Promise<string> {
  let fingerprint = fingerprints.get(cert);
  if (fingerprint === undefined) {
    fingerprint = globalThis.crypto.subtle.digest('SHA-256', cert.rawData)
      .then((digest) => Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join(''));
    fingerprints.set(cert, fingerprint);
  }
  return fingerprint;
}

/** The fingerprint of the first certificate of a PEM text, or undefined when it holds none (or cannot be read). */
export async function certificateFingerprint(pem: string): Promise<string | undefined> {
  try {
    const [first] = parseCertificates(pem);
    return first === undefined ? undefined : await fingerprintOfCertificate(first);
  } catch {
    return undefined;
  }
}
