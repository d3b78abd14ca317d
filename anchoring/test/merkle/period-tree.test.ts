import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import fc from 'fast-check';
import {
  ANCHOR_EVENT_TYPES,
  ANCHOR_LEAF_ENCODING,
  AnchorLeaf,
  AnchorLeafError,
  PeriodTreeError,
  TreeEngine,
  anchorLeafHash,
  anchorLeafValues,
  anchorProofAt,
  anchorProofs,
  buildPeriodTree,
  leafIndexOf,
  periodProof,
  periodProofs,
  verifyAnchorProof,
  verifyLeafProof,
} from '../../src/merkle';
import { leafNo, leavesArb } from './arbitraries';

const ENGINES: TreeEngine[] = ['openzeppelin', 'direct'];

/** A permutation of `items` chosen by fast-check: shuffled copies of the same events. */
const shuffled = <T>(items: readonly T[]) =>
  fc.array(fc.nat(), { minLength: items.length, maxLength: items.length }).map((keys) =>
    items.map((item, i) => ({ item, key: keys[i]! })).sort((a, b) => a.key - b.key).map((x) => x.item),
  );

describe.each(ENGINES)('buildPeriodTree, %s engine', (engine) => {
  const build = (leaves: readonly unknown[]) => buildPeriodTree(leaves, { engine });

  it('gives the same root for the same events in any input order', () => {
    fc.assert(
      fc.property(
        leavesArb(40).chain((leaves) => fc.tuple(fc.constant(leaves), shuffled(leaves))),
        ([leaves, permuted]) => {
          const a = build(leaves);
          const b = build(permuted);
          expect(b.root).toBe(a.root);
          expect(b.nodes).toEqual(a.nodes);
          expect(b.leaves).toEqual(a.leaves);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('changes the root when one event is added or removed', () => {
    fc.assert(
      fc.property(leavesArb(30, 2), (leaves) => {
        const root = build(leaves).root;
        expect(build(leaves.slice(1)).root).not.toBe(root);
        expect(build([...leaves, leafNo(999)]).root).not.toBe(root);
      }),
      { numRuns: 40 },
    );
  });

  it('proves every leaf, with our verifier and with the library\'s StandardMerkleTree.verify', () => {
    fc.assert(
      fc.property(leavesArb(60), (leaves) => {
        const tree = build(leaves);
        const proofs = periodProofs(tree);
        expect(proofs).toHaveLength(leaves.length);
        tree.leaves.forEach((leaf, i) => {
          expect(verifyLeafProof(leaf, proofs[i]!, tree.root)).toBe(true);
          expect(StandardMerkleTree.verify(tree.root, [...ANCHOR_LEAF_ENCODING], anchorLeafValues(leaf), proofs[i]!)).toBe(true);
        });
        // Every input event has exactly one leaf.
        expect(new Set(tree.leaves.map(anchorLeafHash))).toEqual(new Set(leaves.map(anchorLeafHash)));
      }),
      { numRuns: 40 },
    );
  });

  it('gives proofs of floor or ceil of log2(n) siblings', () => {
    for (const n of [1, 2, 3, 4, 5, 7, 8, 9, 100]) {
      const tree = build(Array.from({ length: n }, (_, i) => leafNo(i)));
      const lengths = new Set(periodProofs(tree).map((p) => p.length));
      const allowed = new Set([Math.floor(Math.log2(n)), Math.ceil(Math.log2(n))]);
      for (const length of lengths) expect(allowed.has(length)).toBe(true);
      expect(tree.nodes).toHaveLength(2 * n - 1);
    }
  });

  it('builds a one-leaf tree whose root is the leaf hash and whose proof is empty', () => {
    const leaf = leafNo(1);
    const tree = build([leaf]);
    expect(tree.root).toBe(anchorLeafHash(leaf));
    expect(periodProof(tree, 0)).toEqual([]);
    expect(verifyAnchorProof(anchorProofAt(tree, 0))).toBe(true);
    expect(verifyLeafProof(leafNo(2), [], tree.root)).toBe(false);
  });

  it('builds a two-leaf tree: the root hashes the two leaf hashes in ascending order, each proof is the other leaf', () => {
    const [a, b] = [leafNo(1), leafNo(2)];
    const tree = build([b, a]);
    const [ha, hb] = [anchorLeafHash(a), anchorLeafHash(b)];
    const [lo, hi] = ha < hb ? [ha, hb] : [hb, ha];
    expect(tree.root).toBe(StandardMerkleTree.of([anchorLeafValues(a), anchorLeafValues(b)], [...ANCHOR_LEAF_ENCODING]).root);
    expect(tree.nodes).toEqual([tree.root, hi, lo]);
    expect(periodProof(tree, 0)).toEqual([hi]);
    expect(periodProof(tree, 1)).toEqual([lo]);
  });

  it('keeps one leaf per event type when a document is issued and revoked in the same period', () => {
    const issued = leafNo(1, ANCHOR_EVENT_TYPES.ISSUED, 20);
    const revoked = { ...leafNo(1, ANCHOR_EVENT_TYPES.REVOKED, 21), fabricTxId: leafNo(2).fabricTxId };
    const tree = build([issued, revoked]);
    expect(tree.leaves).toHaveLength(2);
    expect(tree.duplicatesDropped).toBe(0);
    expect(new Set(tree.leaves.map((l) => l.documentHash)).size).toBe(1);
    for (const p of anchorProofs(tree)) expect(verifyAnchorProof(p)).toBe(true);
  });

  it('merges an event given twice into one leaf, deterministically, and counts it', () => {
    fc.assert(
      fc.property(
        leavesArb(20).chain((leaves) => fc.tuple(fc.constant(leaves), fc.array(fc.constantFrom(...leaves), { minLength: 1, maxLength: 10 }))),
        ([leaves, again]) => {
          const once = build(leaves);
          const twice = build([...again, ...leaves, ...again]);
          expect(twice.root).toBe(once.root);
          expect(twice.nodes).toEqual(once.nodes);
          expect(twice.duplicatesDropped).toBe(2 * again.length);
          expect(once.duplicatesDropped).toBe(0);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('treats the same event spelt with and without 0x as one event', () => {
    const leaf = leafNo(3);
    const bare = { ...leaf, documentHash: leaf.documentHash.slice(2), fabricTxId: leaf.fabricTxId.slice(2) };
    const tree = build([leaf, bare]);
    expect(tree.leaves).toEqual([leaf]);
    expect(tree.duplicatesDropped).toBe(1);
  });

  it('refuses one transaction given in two blocks', () => {
    const a = leafNo(1, 1, 30);
    const b = { ...leafNo(2, 1, 31), fabricTxId: a.fabricTxId };
    expect(() => build([a, b])).toThrow(PeriodTreeError);
    expect(() => build([a, b])).toThrow(`leaves 0 and 1: transaction ${a.fabricTxId} is given in block 30 and in block 31`);
  });

  it('accepts many events of one transaction in one block (a batch issuance)', () => {
    const tx = leafNo(0).fabricTxId;
    const batch = Array.from({ length: 5 }, (_, i) => ({ ...leafNo(i, 1, 40), fabricTxId: tx }));
    expect(build(batch).leaves).toHaveLength(5);
  });

  it('refuses an empty period', () => {
    expect(() => build([])).toThrow(new PeriodTreeError('an empty period has no tree: it anchors nothing'));
  });

  it('refuses an invalid leaf and says which one', () => {
    expect(() => build([leafNo(1), { ...leafNo(2), eventType: 7 }])).toThrow(AnchorLeafError);
    expect(() => build([leafNo(1), { ...leafNo(2), eventType: 7 }])).toThrow(/^leaf 1\.eventType: must be one of/);
  });

  it('refuses a leaf outside the period\'s block range', () => {
    const leaves = [leafNo(1, 1, 100), leafNo(2, 1, 105)];
    expect(buildPeriodTree(leaves, { engine, blockRange: { first: 100, last: 105 } }).leaves).toHaveLength(2);
    expect(() => buildPeriodTree(leaves, { engine, blockRange: { first: 100, last: 104 } })).toThrow(
      "leaf 1: fabricBlock 105 is outside the period's blocks 100..104",
    );
    expect(() => buildPeriodTree(leaves, { engine, blockRange: { first: 9, last: 8 } })).toThrow(/blockRange must be integers/);
  });

  it('finds a leaf by binary search, and says -1 for an absent one', () => {
    const leaves = Array.from({ length: 37 }, (_, i) => leafNo(i));
    const tree = build(leaves);
    for (const leaf of leaves) {
      const i = leafIndexOf(tree, leaf);
      expect(tree.leaves[i]).toEqual(leaf);
    }
    expect(leafIndexOf(tree, leafNo(37))).toBe(-1);
    expect(leafIndexOf(tree, { ...leafNo(3), eventType: 4 })).toBe(-1);
  });

  it('refuses a proof index out of range', () => {
    const tree = build([leafNo(1), leafNo(2)]);
    expect(() => anchorProofAt(tree, 2)).toThrow('leaf index 2 is not in 0..1');
    expect(() => periodProof(tree, -1)).toThrow(RangeError);
  });

  it('does not change its input', () => {
    const leaves = [leafNo(3), leafNo(1), leafNo(2)];
    const copy = structuredClone(leaves);
    build(leaves);
    expect(leaves).toEqual(copy);
  });
});

describe('the two engines', () => {
  it('build the same nodes, leaves and proofs for random event sets (and equal the library\'s dump)', () => {
    fc.assert(
      fc.property(leavesArb(300), (leaves) => {
        const oz = buildPeriodTree(leaves, { engine: 'openzeppelin' });
        const direct = buildPeriodTree(leaves, { engine: 'direct' });
        expect(direct.nodes).toEqual(oz.nodes);
        expect(direct.leaves).toEqual(oz.leaves);
        expect(periodProofs(direct)).toEqual(periodProofs(oz));
        const library = StandardMerkleTree.of(leaves.map(anchorLeafValues), [...ANCHOR_LEAF_ENCODING]);
        expect(oz.nodes).toEqual(library.dump().tree);
      }),
      { numRuns: 25 },
    );
  });

  it('give, for every leaf, exactly the proof the library\'s getProof gives', () => {
    const leaves: AnchorLeaf[] = Array.from({ length: 123 }, (_, i) => leafNo(i, ((i % 4) + 1) as 1 | 2 | 3 | 4));
    const library = StandardMerkleTree.of(leaves.map(anchorLeafValues), [...ANCHOR_LEAF_ENCODING]);
    for (const engine of ENGINES) {
      const tree = buildPeriodTree(leaves, { engine });
      tree.leaves.forEach((leaf, i) => expect(periodProof(tree, i)).toEqual(library.getProof(anchorLeafValues(leaf))));
    }
  });

  it('refuse an unknown engine', () => {
    expect(() => buildPeriodTree([leafNo(1)], { engine: 'fast' as TreeEngine })).toThrow(/unknown engine "fast"/);
  });
});
