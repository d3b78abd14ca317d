import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { keccak256 } from 'ethers';
import fc from 'fast-check';
import {
  ANCHOR_LEAF_ENCODING,
  AnchorProof,
  AnchorProofFormatError,
  anchorLeafHash,
  anchorLeafValues,
  anchorProofAt,
  anchorProofs,
  buildPeriodTree,
  parseAnchorProof,
  processAnchorProof,
  verifyAnchorProof,
  verifyLeafProof,
} from '../../src/merkle';
import { bytes32Arb, leafNo, leavesArb } from './arbitraries';

/** Flips bit `bit` (0 = most significant) of a 0x + 64 hex value. */
function flipBit(hex: string, bit: number): string {
  const bytes = Buffer.from(hex.slice(2), 'hex');
  bytes[bit >> 3]! ^= 0x80 >> (bit & 7);
  return `0x${bytes.toString('hex')}`;
}

/** A proof that does not verify is refused either way: false, or a format error (e.g. event type 0). */
function refused(p: unknown): boolean {
  try {
    return !verifyAnchorProof(p);
  } catch (e) {
    if (e instanceof AnchorProofFormatError) return true;
    throw e;
  }
}

// A tree of 1..40 random events, with the proof object of one of its leaves.
const treeAndProof = leavesArb(40).chain((leaves) => {
  const tree = buildPeriodTree(leaves, { engine: 'direct' });
  return fc.nat({ max: tree.leaves.length - 1 }).map((i) => ({ tree, proof: anchorProofAt(tree, i) }));
});

describe('verifyAnchorProof', () => {
  it('accepts every proof of a tree, also after a JSON round trip (the diploma carries it as JSON)', () => {
    fc.assert(
      fc.property(leavesArb(50), (leaves) => {
        for (const p of anchorProofs(buildPeriodTree(leaves))) {
          expect(verifyAnchorProof(p)).toBe(true);
          expect(verifyAnchorProof(JSON.parse(JSON.stringify(p)))).toBe(true);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('refuses a leaf with one bit flipped in its document hash or transaction id', () => {
    fc.assert(
      fc.property(treeAndProof, fc.constantFrom('documentHash', 'fabricTxId'), fc.nat({ max: 255 }), ({ proof }, member, bit) => {
        const leaf = { ...proof.leaf, [member]: flipBit(proof.leaf[member], bit) };
        expect(refused({ ...proof, leaf })).toBe(true);
      }),
    );
  });

  it('refuses a leaf with one bit flipped in its block number or event type', () => {
    fc.assert(
      fc.property(treeAndProof, fc.nat({ max: 52 }), fc.nat({ max: 7 }), ({ proof }, blockBit, typeBit) => {
        const block = proof.leaf.fabricBlock;
        const flippedBlock = Number(BigInt(block) ^ (1n << BigInt(blockBit)));
        expect(refused({ ...proof, leaf: { ...proof.leaf, fabricBlock: flippedBlock } })).toBe(true);
        expect(refused({ ...proof, leaf: { ...proof.leaf, eventType: proof.leaf.eventType ^ (1 << typeBit) } })).toBe(true);
      }),
    );
  });

  it('refuses a proof with one bit flipped in any sibling, or in the root', () => {
    fc.assert(
      fc.property(treeAndProof, fc.nat(), fc.nat({ max: 255 }), ({ proof }, which, bit) => {
        expect(refused({ ...proof, root: flipBit(proof.root, bit) })).toBe(true);
        if (proof.proof.length === 0) return;
        const i = which % proof.proof.length;
        const siblings = proof.proof.map((s, j) => (j === i ? flipBit(s, bit) : s));
        expect(refused({ ...proof, proof: siblings })).toBe(true);
      }),
    );
  });

  it('refuses a proof with a sibling dropped, added or the siblings reordered', () => {
    fc.assert(
      fc.property(treeAndProof, bytes32Arb, ({ proof }, extra) => {
        expect(refused({ ...proof, proof: [...proof.proof, extra] })).toBe(true);
        if (proof.proof.length > 0) expect(refused({ ...proof, proof: proof.proof.slice(0, -1) })).toBe(true);
        if (proof.proof.length > 1) expect(refused({ ...proof, proof: [...proof.proof].reverse() })).toBe(true);
      }),
    );
  });

  it('refuses another leaf\'s proof, and a proof against another tree\'s root', () => {
    const tree = buildPeriodTree(Array.from({ length: 9 }, (_, i) => leafNo(i)));
    const other = buildPeriodTree(Array.from({ length: 9 }, (_, i) => leafNo(i + 100)));
    const [a, b] = [anchorProofAt(tree, 2), anchorProofAt(tree, 5)];
    expect(verifyAnchorProof({ ...a, proof: b.proof })).toBe(false);
    expect(verifyAnchorProof({ ...a, root: other.root })).toBe(false);
  });

  it('agrees with StandardMerkleTree.verify on valid and tampered proofs', () => {
    fc.assert(
      fc.property(treeAndProof, fc.boolean(), fc.nat({ max: 255 }), ({ proof }, tamper, bit) => {
        const siblings = tamper && proof.proof.length > 0 ? [flipBit(proof.proof[0]!, bit), ...proof.proof.slice(1)] : [...proof.proof];
        const ours = verifyLeafProof(proof.leaf, siblings, proof.root);
        const library = StandardMerkleTree.verify(proof.root, [...ANCHOR_LEAF_ENCODING], anchorLeafValues(proof.leaf), siblings);
        expect(ours).toBe(library);
        expect(ours).toBe(!(tamper && proof.proof.length > 0));
      }),
    );
  });

  it('folds like Solidity\'s MerkleProof.processProof (commutativeKeccak256) on arbitrary bytes32 values', () => {
    fc.assert(
      fc.property(bytes32Arb, fc.array(bytes32Arb, { maxLength: 8 }), (leafHash, siblings) => {
        // Hashes.commutativeKeccak256(a, b) = a < b ? keccak256(a ‖ b) : keccak256(b ‖ a), as uint256 comparison.
        const expected = siblings.reduce((acc, s) => {
          const [lo, hi] = BigInt(acc) < BigInt(s) ? [acc, s] : [s, acc];
          return keccak256(`0x${lo.slice(2)}${hi.slice(2)}`);
        }, leafHash);
        expect(processAnchorProof(leafHash, siblings)).toBe(expected);
      }),
    );
  });
});

describe('second preimage: an inner node presented as a leaf', () => {
  const leaves = Array.from({ length: 8 }, (_, i) => leafNo(i));
  const tree = buildPeriodTree(leaves);
  const n = tree.leaves.length;
  // Inner nodes other than the root: positions 1..n-2 of the array.
  const inner = Array.from({ length: n - 2 }, (_, k) => k + 1);
  const pathOf = (position: number) => {
    const proof: string[] = [];
    for (let k = position; k > 0; k = Math.floor((k - 1) / 2)) proof.push(tree.nodes[k % 2 === 1 ? k + 1 : k - 1]!);
    return proof;
  };

  it.each(inner)('node %i: its path leads to the root, yet no leaf values can stand for it', (position) => {
    const node = tree.nodes[position]!;
    const proof = pathOf(position);
    // The raw fold accepts the inner node: exactly what a verifier taking a leaf *hash* would be fooled by.
    expect(processAnchorProof(node, proof)).toBe(tree.root);
    // Ours takes leaf values and hashes them twice; no leaf of the tree hashes to an inner node.
    expect(tree.leaves.map(anchorLeafHash)).not.toContain(node);
    // Reading the node's 64-byte preimage (its children) as leaf values does not give the node.
    const [lo, hi] = [tree.nodes[2 * position + 1]!, tree.nodes[2 * position + 2]!].sort();
    for (const forged of [
      { documentHash: lo!, eventType: 1 as const, fabricBlock: 1, fabricTxId: hi! },
      { documentHash: hi!, eventType: 1 as const, fabricBlock: 1, fabricTxId: lo! },
    ]) {
      expect(verifyLeafProof(forged, proof, tree.root)).toBe(false);
    }
  });

  it('a leaf hash is keccak256 of 32 bytes, an inner node keccak256 of 64: the library agrees', () => {
    const leaf = tree.leaves[0]!;
    const library = StandardMerkleTree.of(leaves.map(anchorLeafValues), [...ANCHOR_LEAF_ENCODING]);
    expect(library.leafHash(anchorLeafValues(leaf))).toBe(anchorLeafHash(leaf));
    // And the library, given an inner node's path as a proof of a real leaf, refuses it.
    expect(StandardMerkleTree.verify(tree.root, [...ANCHOR_LEAF_ENCODING], anchorLeafValues(leaf), pathOf(1))).toBe(false);
  });
});

describe('parseAnchorProof', () => {
  const tree = buildPeriodTree([leafNo(1), leafNo(2), leafNo(3)]);
  const good: AnchorProof = anchorProofAt(tree, 0);

  it('returns a well-formed proof unchanged and allows a carrier\'s own members next to it', () => {
    expect(parseAnchorProof(JSON.parse(JSON.stringify(good)))).toEqual(good);
    expect(verifyAnchorProof({ ...good, chainId: 31337, transactionHash: `0x${'1'.repeat(64)}` })).toBe(true);
  });

  it.each<[string, unknown, RegExp]>([
    ['not an object', 'proof', /^anchorProof: must be an object \{leaf, proof, root\}, got string/],
    ['no root', { leaf: good.leaf, proof: good.proof }, /^anchorProof: root is missing/],
    ['no leaf', { proof: good.proof, root: good.root }, /^anchorProof: leaf is missing/],
    ['a leaf member missing', { ...good, leaf: { ...good.leaf, fabricBlock: undefined } }, /^anchorProof\.leaf\.fabricBlock: must be an integer/],
    ['a leaf with an extra member', { ...good, leaf: { ...good.leaf, fullName: 'Nguyễn Văn A' } }, /^anchorProof\.leaf: unknown member\(s\) fullName/],
    ['a document hash without 0x', { ...good, leaf: { ...good.leaf, documentHash: good.leaf.documentHash.slice(2) } }, /^anchorProof\.leaf\.documentHash: must be 0x followed by 64 lowercase hex/],
    ['an unknown event type', { ...good, leaf: { ...good.leaf, eventType: 9 } }, /^anchorProof\.leaf\.eventType: must be one of/],
    ['a proof that is not an array', { ...good, proof: good.proof[0] }, /^anchorProof\.proof: must be an array of hashes, got string/],
    ['a proof entry of the wrong length', { ...good, proof: ['0x1234'] }, /^anchorProof\.proof\[0\]: must be 0x followed by 64 lowercase hex characters, got "0x1234"/],
    ['an uppercase root', { ...good, root: good.root.toUpperCase() }, /^anchorProof\.root: must be 0x followed by 64 lowercase hex/],
    ['a proof longer than 64', { ...good, proof: Array.from({ length: 65 }, () => good.root) }, /^anchorProof\.proof: has 65 entries, more than 64/],
  ])('refuses %s with a clear message', (_what, input, message) => {
    expect(() => parseAnchorProof(input)).toThrow(AnchorProofFormatError);
    expect(() => parseAnchorProof(input)).toThrow(message);
    expect(() => verifyAnchorProof(input)).toThrow(AnchorProofFormatError);
  });
});
