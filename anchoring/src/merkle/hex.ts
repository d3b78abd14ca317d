/**
 * Hex <-> bytes without Node's Buffer, so the leaf encoding and the proof check also run in a
 * browser (the portal), and faster than ethers' getBytes (a parseInt per byte), which matters
 * when a tree of a million leaves decodes four million hashes.
 */

const NIBBLE = new Int8Array(128).fill(-1);
for (let c = 0; c < 10; c++) NIBBLE[48 + c] = c; // 0-9
for (let c = 0; c < 6; c++) NIBBLE[97 + c] = 10 + c; // a-f

/** Writes the bytes of `hex` (lowercase, with or without 0x) into `out` at `offset`. */
export function hexToBytesInto(hex: string, out: Uint8Array, offset: number): void {
  const start = hex.startsWith('0x') ? 2 : 0;
  const length = (hex.length - start) / 2;
  if (!Number.isInteger(length) || offset + length > out.length) throw new RangeError(`hex of odd length or too long: ${hex.slice(0, 20)}...`);
  for (let i = 0; i < length; i++) {
    const hi = NIBBLE[hex.charCodeAt(start + 2 * i)] ?? -1;
    const lo = NIBBLE[hex.charCodeAt(start + 2 * i + 1)] ?? -1;
    if (hi < 0 || lo < 0) throw new RangeError(`not lowercase hex: ${hex.slice(0, 20)}...`);
    out[offset + i] = (hi << 4) | lo;
  }
}

const HEX_OF_BYTE = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

export function bytesToHex(bytes: Uint8Array): string {
  let s = '0x';
  for (const b of bytes) s += HEX_OF_BYTE[b];
  return s;
}
