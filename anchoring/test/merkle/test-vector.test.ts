// The fixed test vector of docs/hashing.md ("Anchoring: the leaves and the tree"), generated once
// with OpenZeppelin's StandardMerkleTree and ethers' AbiCoder. Vectors never change: if this test
// fails, the code is wrong, not the vector. A new case is a new file.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  AnchorLeaf,
  anchorLeafHash,
  anchorProofAt,
  buildPeriodTree,
  encodeAnchorLeafHex,
  leafIndexOf,
  parseAnchorLeaf,
  periodProof,
  TreeEngine,
  verifyLeafProof,
} from '../../src/merkle';
import { keccak256 } from 'ethers';

interface Vector {
  leaves: AnchorLeaf[];
  expected: {
    encodings: string[];
    innerHashes: string[];
    leafHashes: string[];
    canonicalOrder: number[];
    nodes: string[];
    root: string;
    proofs: string[][];
  };
}

const vector = JSON.parse(readFileSync(path.join(__dirname, 'vectors', '01-five-events.json'), 'utf8')) as Vector;
const { expected } = vector;

describe('test vector 01-five-events', () => {
  it('has the root written in docs/hashing.md', () => {
    expect(expected.root).toBe('0x985809e38f65c5cda2c5312f88828c65cf90a976de0040bbc2190014b805328b');
    const doc = readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'hashing.md'), 'utf8');
    expect(doc).toContain(expected.root);
    expect(doc).toContain(expected.leafHashes[1]);
    for (const sibling of expected.proofs[1]!) expect(doc).toContain(sibling);
  });

  it('encodes and hashes every leaf as expected', () => {
    vector.leaves.forEach((input, i) => {
      const leaf = parseAnchorLeaf(input);
      expect(encodeAnchorLeafHex(leaf)).toBe(expected.encodings[i]);
      expect(keccak256(expected.encodings[i]!)).toBe(expected.innerHashes[i]);
      expect(anchorLeafHash(leaf)).toBe(expected.leafHashes[i]);
    });
  });

  it.each<TreeEngine>(['openzeppelin', 'direct'])('gives the expected order, nodes, root and proofs (%s engine)', (engine) => {
    const tree = buildPeriodTree(vector.leaves, { engine });
    expect(tree.leaves).toEqual(expected.canonicalOrder.map((j) => vector.leaves[j]));
    expect(tree.nodes).toEqual(expected.nodes);
    expect(tree.root).toBe(expected.root);
    vector.leaves.forEach((leaf, j) => {
      const i = leafIndexOf(tree, leaf);
      expect(periodProof(tree, i)).toEqual(expected.proofs[j]);
      expect(anchorProofAt(tree, i)).toEqual({ leaf, proof: expected.proofs[j], root: expected.root });
      expect(verifyLeafProof(leaf, expected.proofs[j]!, expected.root)).toBe(true);
    });
  });
});
