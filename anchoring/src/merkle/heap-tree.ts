/**
 * The tree's shape, shared by both engines: OpenZeppelin's "standard-v1" array layout (the one
 * StandardMerkleTree.dump().tree returns), so a tree built here and one built by the library are
 * the same array, node for node.
 *
 *   n leaves, sorted by ascending leaf hash: leaf i is nodes[2n-2-i] (the last n slots, reversed);
 *   node k (k < n-1) = sortedPairHash(nodes[2k+1], nodes[2k+2]); the root is nodes[0].
 *
 * Every inner node has exactly two children, so there is no odd node to promote or duplicate;
 * with n not a power of two the leaves sit on two depths and proofs differ in length by one.
 */
import { sortedPairHash } from './node-hash';

export function heapLeafCount(nodes: readonly string[]): number {
  return (nodes.length + 1) / 2;
}

/** Position in `nodes` of the i-th leaf in canonical (ascending hash) order. */
export function heapLeafPosition(nodes: readonly string[], leafIndex: number): number {
  const n = heapLeafCount(nodes);
  if (!Number.isInteger(leafIndex) || leafIndex < 0 || leafIndex >= n) throw new RangeError(`leaf index ${leafIndex} is not in 0..${n - 1}`);
  return nodes.length - 1 - leafIndex;
}

/**
 * Builds the nodes from leaf hashes already sorted ascending and distinct — the "direct" engine:
 * the library's construction without its generic ABI encoder and BigInt comparisons; keccak256
 * itself is then nearly all the time (measured: scripts/bench-anchoring-tree.ts).
 */
export function buildHeapNodes(sortedLeafHashes: readonly string[]): string[] {
  const n = sortedLeafHashes.length;
  if (n === 0) throw new RangeError('a tree needs at least one leaf');
  const nodes = new Array<string>(2 * n - 1);
  for (let i = 0; i < n; i++) nodes[2 * n - 2 - i] = sortedLeafHashes[i]!;
  for (let k = n - 2; k >= 0; k--) nodes[k] = sortedPairHash(nodes[2 * k + 1]!, nodes[2 * k + 2]!);
  return nodes;
}

/**
 * The proof of leaf i: its sibling, then its parent's sibling, ... up to the root's children.
 * No hashing and no search: log2(n) array reads, and the entries are the tree's own strings
 * (shared, not copied), so all proofs of a million-leaf tree cost pointers, not gigabytes.
 */
export function heapProof(nodes: readonly string[], leafIndex: number): string[] {
  const proof: string[] = [];
  for (let k = heapLeafPosition(nodes, leafIndex); k > 0; k = Math.floor((k - 1) / 2)) {
    // Odd positions are left children (sibling on the right), even ones right children.
    proof.push(nodes[k % 2 === 1 ? k + 1 : k - 1]!);
  }
  return proof;
}
