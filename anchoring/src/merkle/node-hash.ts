/**
 * The inner node hash: keccak256 of the two children in ascending byte order, as OpenZeppelin's
 * Hashes.commutativeKeccak256 (Solidity) and standardNodeHash (JS) do. Sorting the pair means a
 * proof needs no left/right flags; the tree's shape still fixes the root.
 */
import { keccak256 } from 'ethers';
import { hexToBytesInto } from './hex';

// One scratch buffer: keccak256 reads it synchronously, so reuse is safe and saves an allocation
// per node (two million of them in a million-leaf tree).
const pair = new Uint8Array(64);

/** `a` and `b` are 0x + 64 lowercase hex; for such strings, string order is byte order. */
export function sortedPairHash(a: string, b: string): string {
  const [lo, hi] = a < b ? [a, b] : [b, a];
  hexToBytesInto(lo, pair, 0);
  hexToBytesInto(hi, pair, 32);
  return keccak256(pair);
}
