/**
 * The Merkle tree of one anchoring period: every diploma event committed in the period's Fabric
 * block range, one leaf each (docs/hashing.md, "Anchoring: the leaves and the tree").
 *
 * Canonical: the root depends only on the *set* of events. Leaves are sorted by ascending leaf
 * hash (as StandardMerkleTree's sortLeaves does), and an event given twice (all four values equal)
 * is one leaf. So two builders that read the same blocks get the same root, whatever order their
 * reads came in and even if a block was read twice.
 *
 * Two engines build the same tree, node for node:
 *   'openzeppelin' (default) — StandardMerkleTree.of from @openzeppelin/merkle-tree;
 *   'direct' — heap-tree.ts, the same construction on hex strings, several times faster on a
 *     million leaves (scripts/bench-anchoring-tree.ts); the tests check equal nodes.
 */
import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { ANCHOR_LEAF_ENCODING, AnchorLeaf, anchorLeafHash, anchorLeafValues, parseAnchorLeaf } from './anchor-leaf';
import { AnchorProof } from './anchor-proof';
import { buildHeapNodes, heapLeafPosition, heapProof } from './heap-tree';
import { verifyLeafProof } from './verify-proof';

export type TreeEngine = 'openzeppelin' | 'direct';

export interface PeriodTreeOptions {
  engine?: TreeEngine;
  /** The period's Fabric blocks, inclusive: a leaf from another block is refused. */
  blockRange?: { first: number; last: number };
}

export interface PeriodTree {
  readonly engine: TreeEngine;
  readonly root: string;
  /** The distinct leaves in canonical order (ascending leaf hash); leaf i is nodes[nodes.length - 1 - i]. */
  readonly leaves: readonly AnchorLeaf[];
  /** Every node, in the layout of StandardMerkleTree.dump().tree (heap-tree.ts). */
  readonly nodes: readonly string[];
  /** Inputs that repeated an earlier event exactly and were merged into its leaf. */
  readonly duplicatesDropped: number;
}

/** Events that cannot form one period's tree. Leaf-level problems throw AnchorLeafError. */
export class PeriodTreeError extends Error {
  override readonly name = 'PeriodTreeError';
}

/** Builds the period's tree. Pure: the inputs are validated and copied, never changed. */
export function buildPeriodTree(inputs: readonly unknown[], options: PeriodTreeOptions = {}): PeriodTree {
  const engine = options.engine ?? 'openzeppelin';
  if (engine !== 'openzeppelin' && engine !== 'direct') throw new PeriodTreeError(`unknown engine ${JSON.stringify(engine)}: 'openzeppelin' or 'direct'`);
  if (!Array.isArray(inputs)) throw new PeriodTreeError('the leaves must be an array');
  // Nothing to anchor is not a tree with a made-up root: the worker skips the period.
  if (inputs.length === 0) throw new PeriodTreeError('an empty period has no tree: it anchors nothing');
  const leaves = inputs.map((input, i) => parseAnchorLeaf(input, `leaf ${i}`));
  checkPeriodConsistency(leaves, options.blockRange);
  const tree = engine === 'direct' ? buildDirect(leaves) : buildWithOpenZeppelin(leaves);
  // Cheap self-check (two proofs, ~2 log n hashes) with the independent verifier: a misread
  // layout would fail here, not in a verifier's hands years later.
  for (const i of new Set([0, tree.leaves.length - 1])) {
    if (!verifyLeafProof(tree.leaves[i]!, heapProof(tree.nodes, i), tree.root)) {
      throw new Error(`internal error: the ${engine} tree does not prove its own leaf ${i}`);
    }
  }
  return tree;
}

/**
 * Facts of Fabric that the events must respect: a transaction is committed in exactly one block,
 * and the events are those of the period's blocks. A violation means the events were read wrong,
 * and anchoring them would publish that mistake for good.
 */
function checkPeriodConsistency(leaves: readonly AnchorLeaf[], range: PeriodTreeOptions['blockRange']): void {
  if (range !== undefined) {
    const { first, last } = range;
    if (!Number.isSafeInteger(first) || !Number.isSafeInteger(last) || first < 1 || last < first) {
      throw new PeriodTreeError(`blockRange must be integers 1 <= first <= last, got ${first}..${last}`);
    }
    leaves.forEach((leaf, i) => {
      if (leaf.fabricBlock < first || leaf.fabricBlock > last) {
        throw new PeriodTreeError(`leaf ${i}: fabricBlock ${leaf.fabricBlock} is outside the period's blocks ${first}..${last}`);
      }
    });
  }
  const firstSeen = new Map<string, number>();
  leaves.forEach((leaf, i) => {
    const j = firstSeen.get(leaf.fabricTxId);
    if (j === undefined) firstSeen.set(leaf.fabricTxId, i);
    else if (leaves[j]!.fabricBlock !== leaf.fabricBlock) {
      throw new PeriodTreeError(
        `leaves ${j} and ${i}: transaction ${leaf.fabricTxId} is given in block ${leaves[j]!.fabricBlock} and in block ${leaf.fabricBlock}; a Fabric transaction is committed in one block`,
      );
    }
  });
}

function byHash(a: { hash: string }, b: { hash: string }): number {
  return a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0;
}

function buildDirect(leaves: readonly AnchorLeaf[]): PeriodTree {
  const hashed = leaves.map((leaf) => ({ leaf, hash: anchorLeafHash(leaf) }));
  hashed.sort(byHash);
  // Equal hashes are equal events (keccak256 has no known collisions): keep one, in place.
  let distinct = 0;
  for (const h of hashed) if (distinct === 0 || hashed[distinct - 1]!.hash !== h.hash) hashed[distinct++] = h;
  hashed.length = distinct;
  const nodes = buildHeapNodes(hashed.map((h) => h.hash));
  return { engine: 'direct', root: nodes[0]!, leaves: hashed.map((h) => h.leaf), nodes, duplicatesDropped: leaves.length - distinct };
}

function buildWithOpenZeppelin(leaves: readonly AnchorLeaf[]): PeriodTree {
  // Canonical leaves have one spelling, so equal keys are equal events.
  const byKey = new Map<string, AnchorLeaf>();
  for (const leaf of leaves) {
    const key = `${leaf.documentHash}/${leaf.eventType}/${leaf.fabricBlock}/${leaf.fabricTxId}`;
    if (!byKey.has(key)) byKey.set(key, leaf);
  }
  const distinct = [...byKey.values()];
  const tree = StandardMerkleTree.of(distinct.map(anchorLeafValues), [...ANCHOR_LEAF_ENCODING], { sortLeaves: true });
  // dump() is the library's documented "standard-v1" format: the node array and each value's
  // position in it. Reading the canonical leaf order (and later the proofs) from it avoids
  // getProof(i), which re-hashes the leaf and re-verifies the proof on every call.
  const { tree: nodes, values } = tree.dump();
  const ordered = new Array<AnchorLeaf>(distinct.length);
  values.forEach(({ treeIndex }, j) => {
    ordered[nodes.length - 1 - treeIndex] = distinct[j]!;
  });
  return { engine: 'openzeppelin', root: tree.root, leaves: ordered, nodes, duplicatesDropped: leaves.length - distinct.length };
}

/** The proof of the i-th leaf (canonical order): sibling hashes from the leaf up. */
export function periodProof(tree: PeriodTree, leafIndex: number): string[] {
  return heapProof(tree.nodes, leafIndex);
}

/**
 * Every leaf's proof at once, in canonical leaf order: n·log2(n) array reads, no hashing. The
 * library has no such call (its getMultiProof is one combined proof for a set of leaves, which a
 * single diploma cannot use), and getProof per leaf costs about half a millisecond each.
 */
export function periodProofs(tree: PeriodTree): string[][] {
  return tree.leaves.map((_, i) => heapProof(tree.nodes, i));
}

/** The proof object of the i-th leaf, as a diploma's JSON carries it. */
export function anchorProofAt(tree: PeriodTree, leafIndex: number): AnchorProof {
  heapLeafPosition(tree.nodes, leafIndex); // range check with a clear message
  return { leaf: tree.leaves[leafIndex]!, proof: heapProof(tree.nodes, leafIndex), root: tree.root };
}

/** Every leaf's proof object, in canonical leaf order. */
export function anchorProofs(tree: PeriodTree): AnchorProof[] {
  return tree.leaves.map((leaf, i) => ({ leaf, proof: heapProof(tree.nodes, i), root: tree.root }));
}

/**
 * Where a leaf is in the tree, or -1: a binary search over the sorted leaf hashes (no index to
 * build or keep). Accepts the leaf in any spelling parseAnchorLeaf accepts.
 */
export function leafIndexOf(tree: PeriodTree, leaf: unknown): number {
  const hash = anchorLeafHash(parseAnchorLeaf(leaf));
  const last = tree.nodes.length - 1;
  let lo = 0;
  let hi = tree.leaves.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const h = tree.nodes[last - mid]!;
    if (h === hash) return mid;
    if (h < hash) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
