/**
 * What a standalone verifier runs: a leaf, its proof and a root, and no tree. The same check as
 * OpenZeppelin's Solidity MerkleProof.verify(proof, root, leafHash): fold the proof into the leaf
 * hash, each step keccak256 of the two 32-byte values in ascending order, and compare with the root.
 * Written here in a few lines with ethers on purpose, independent of the tree builders, so a
 * builder bug cannot hide behind the same code on both sides (the tests also check it against the
 * library's StandardMerkleTree.verify).
 */
import { concat, keccak256 } from 'ethers';
import { AnchorLeaf, anchorLeafHash } from './anchor-leaf';
import { parseAnchorProof } from './anchor-proof';

/** The root a proof leads to from `leafHash` (all values 0x + 64 lowercase hex). */
export function processAnchorProof(leafHash: string, proof: readonly string[]): string {
  let computed = leafHash;
  for (const sibling of proof) {
    // Lowercase hex of equal length: string order is the bytes32 order Solidity's `a < b` uses.
    computed = computed < sibling ? keccak256(concat([computed, sibling])) : keccak256(concat([sibling, computed]));
  }
  return computed;
}

/** True when the leaf (its four values, hashed here: never a hash handed in) leads to `root`. */
export function verifyLeafProof(leaf: AnchorLeaf, proof: readonly string[], root: string): boolean {
  return processAnchorProof(anchorLeafHash(leaf), proof) === root;
}

/**
 * Verifies a carried proof object, e.g. parsed from a diploma's JSON. Throws
 * AnchorProofFormatError when the object is malformed (unreadable), returns false when it is well
 * formed but does not lead to its root. Whether the root is anchored is the chain's answer, not this.
 */
export function verifyAnchorProof(input: unknown): boolean {
  const { leaf, proof, root } = parseAnchorProof(input);
  return verifyLeafProof(leaf, proof, root);
}
