import { generateKeyPairSync, sign, verify, webcrypto } from 'node:crypto';
import fc from 'fast-check';
import { ecdsaDerToP1363 } from '../src/ecdsa-signature';

/** The inverse (test-only), written independently: minimal signed DER INTEGERs in a SEQUENCE. */
function p1363ToDer(p1363: Uint8Array): Uint8Array {
  const integer = (bytes: Uint8Array): number[] => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start++;
    const body = [...bytes.subarray(start)];
    if (body[0]! & 0x80) body.unshift(0);
    return [0x02, body.length, ...body];
  };
  const half = p1363.length / 2;
  const content = [...integer(p1363.subarray(0, half)), ...integer(p1363.subarray(half))];
  return Uint8Array.from([0x30, content.length, ...content]);
}

jest.setTimeout(60000); // thousands of signatures: slow on a busy machine
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const webKey = webcrypto.subtle.importKey('spki', publicKey.export({ type: 'spki', format: 'der' }), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);

describe('ECDSA DER → IEEE P1363', () => {
  it('converts thousands of real signatures, short and long integers alike, so that Web Crypto accepts them', async () => {
    const key = await webKey;
    const lengths = new Set<number>();
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), async (message) => {
      const der = sign('sha256', message, { key: privateKey, dsaEncoding: 'der' });
      const p1363 = ecdsaDerToP1363(der);
      expect(p1363).toHaveLength(64);
      // the same integers as OpenSSL's own P1363 form of this very signature
      expect(verify('sha256', message, { key: publicKey, dsaEncoding: 'ieee-p1363' }, p1363!)).toBe(true);
      expect(await webcrypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, p1363!, message)).toBe(true);
      expect(Buffer.from(p1363ToDer(p1363!))).toEqual(der);
      for (let at = 3; at < der.length; at += 2 + der[at]!) lengths.add(der[at]!);
    }), { numRuns: 3000 });
    // 33 bytes: top bit set, a 0x00 prepended; 31 or fewer: leading zero bytes dropped (about 1 in 128 signatures).
    expect(lengths.has(33)).toBe(true);
    expect(lengths.has(32)).toBe(true);
    expect([...lengths].some((n) => n < 32)).toBe(true);
  });

  it('round-trips every r || s, including values with leading zero bytes or the top bit set', () => {
    const scalar = fc.oneof(
      fc.uint8Array({ minLength: 32, maxLength: 32 }),
      fc.tuple(fc.integer({ min: 1, max: 31 }), fc.uint8Array({ minLength: 32, maxLength: 32 }))
        .map(([zeros, bytes]) => { const out = Uint8Array.from(bytes); out.fill(0, 0, zeros); return out; }),
    ).filter((bytes) => bytes.some((b) => b !== 0));
    fc.assert(fc.property(scalar, scalar, (r, s) => {
      const p1363 = Uint8Array.from([...r, ...s]);
      expect(ecdsaDerToP1363(p1363ToDer(p1363))).toEqual(p1363);
    }), { numRuns: 5000 });
  });

  it('rejects encodings that are not strict DER of two positive integers that fit the curve', () => {
    const one = [0x02, 0x01, 0x01];
    const cases: number[][] = [
      [],
      [0x31, 6, ...one, ...one], // not a SEQUENCE
      [0x30, 7, ...one, ...one], // wrong length
      [0x30, 0x81, 6, ...one, ...one], // long form where the short form fits
      [0x30, 6, ...one, ...one, 0x00], // trailing byte
      [0x30, 7, ...one, ...one, 0x00], // trailing byte inside the sequence
      [0x30, 6, 0x02, 0x01, 0x81, ...one], // negative r
      [0x30, 7, 0x02, 0x02, 0x00, 0x01, ...one], // redundant leading zero
      [0x30, 6, 0x02, 0x01, 0x00, ...one], // r = 0
      [0x30, 5, 0x02, 0x00, ...one], // empty integer
      [0x30, 6, 0x04, 0x01, 0x01, ...one], // not an INTEGER
      [0x30, 38, 0x02, 33, 0x01, ...new Array<number>(32).fill(1), ...one], // r longer than 32 bytes
    ];
    for (const bytes of cases) expect({ bytes, out: ecdsaDerToP1363(Uint8Array.from(bytes)) }).toEqual({ bytes, out: undefined });
    expect(ecdsaDerToP1363(Uint8Array.from([0x30, 6, ...one, ...one]))).toEqual(Uint8Array.from([...new Array<number>(31).fill(0), 1, ...new Array<number>(31).fill(0), 1]));
  });
});
