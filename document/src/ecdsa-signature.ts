/**
 * ECDSA signature encodings. The document signature (like X.509 and Fabric) stores DER,
 * SEQUENCE { INTEGER r, INTEGER s }; Web Crypto's verify wants IEEE P1363, r || s with each
 * left-padded to the curve's size (32 bytes for P-256). The DER integers are minimal and signed,
 * so r or s takes 33 bytes when its top bit is set (a 0x00 is prepended) and 31 or fewer when it
 * starts with zero bytes: both must come out as exactly 32 bytes.
 */

const SEQUENCE = 0x30;
const INTEGER = 0x02;

/**
 * DER → P1363, or undefined when `der` is not a strict DER encoding of two positive integers that
 * fit in `size` bytes. Strict like OpenSSL (which re-encodes and compares): no long-form length
 * where the short form fits, no redundant leading zeros, nothing after the sequence — so that one
 * signature has one accepted encoding, as it had with node:crypto.
 */
export function ecdsaDerToP1363(der: Uint8Array, size = 32): Uint8Array<ArrayBuffer> | undefined {
  if (der.length < 8 || der[0] !== SEQUENCE) return undefined;
  let offset = 1;
  let length = der[offset++]!;
  if (length === 0x81) {
    length = der[offset++] ?? 0;
    if (length < 0x80) return undefined; // the short form was required
  } else if (length > 0x80) {
    return undefined;
  }
  if (offset + length !== der.length) return undefined;
  const out = new Uint8Array(2 * size);
  for (let i = 0; i < 2; i++) {
    if (der[offset++] !== INTEGER) return undefined;
    const intLength = der[offset++] ?? 0;
    if (intLength === 0 || intLength > size + 1 || offset + intLength > der.length) return undefined;
    let bytes = der.subarray(offset, offset + intLength);
    offset += intLength;
    if ((bytes[0]! & 0x80) !== 0) return undefined; // negative
    if (bytes.length > 1 && bytes[0] === 0) {
      if ((bytes[1]! & 0x80) === 0) return undefined; // redundant leading zero
      bytes = bytes.subarray(1);
    }
    if (bytes.length > size || bytes.every((b) => b === 0)) return undefined; // too large, or zero
    out.set(bytes, (i + 1) * size - bytes.length);
  }
  return offset === der.length ? out : undefined;
}
