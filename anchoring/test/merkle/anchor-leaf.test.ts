import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { AbiCoder, keccak256 } from 'ethers';
import fc from 'fast-check';
import {
  ANCHOR_EVENT_OF_CHAINCODE_EVENT,
  ANCHOR_EVENT_TYPES,
  ANCHOR_LEAF_ENCODING,
  AnchorLeafError,
  anchorEventName,
  anchorLeafHash,
  anchorLeafValues,
  encodeAnchorLeaf,
  encodeAnchorLeafHex,
  parseAnchorLeaf,
} from '../../src/merkle';
import { EVENT_TYPES } from '../../../chaincode/src/model';
import { leafArb, leafNo } from './arbitraries';

const HASH = `0x${'ab'.repeat(32)}`;
const TX = `0x${'cd'.repeat(32)}`;
const good = { documentHash: HASH, eventType: 1, fabricBlock: 5, fabricTxId: TX };

describe('leaf encoding', () => {
  it('is abi.encode(bytes32, uint8, uint64, bytes32): equal to ethers AbiCoder for random leaves', () => {
    fc.assert(
      fc.property(leafArb, (leaf) => {
        const expected = AbiCoder.defaultAbiCoder().encode([...ANCHOR_LEAF_ENCODING], anchorLeafValues(leaf));
        expect(encodeAnchorLeafHex(leaf)).toBe(expected);
        expect(encodeAnchorLeaf(leaf)).toHaveLength(128);
      }),
    );
  });

  it('has the byte layout written in docs/hashing.md', () => {
    const bytes = encodeAnchorLeaf(parseAnchorLeaf({ ...good, eventType: 4, fabricBlock: 258 }));
    expect(Buffer.from(bytes.subarray(0, 32)).toString('hex')).toBe('ab'.repeat(32));
    expect([...bytes.subarray(32, 63)].every((b) => b === 0)).toBe(true);
    expect(bytes[63]).toBe(4);
    expect([...bytes.subarray(64, 94)].every((b) => b === 0)).toBe(true);
    expect([bytes[94], bytes[95]]).toEqual([1, 2]); // 258 = 0x0102, big-endian at the word's end
    expect(Buffer.from(bytes.subarray(96)).toString('hex')).toBe('cd'.repeat(32));
  });

  it('encodes the largest block number exactly (2^53-1, beyond 32-bit arithmetic)', () => {
    const leaf = parseAnchorLeaf({ ...good, fabricBlock: Number.MAX_SAFE_INTEGER });
    expect(encodeAnchorLeafHex(leaf).slice(2 + 64 * 2 + 48, 2 + 64 * 3)).toBe('001fffffffffffff');
  });

  it('hashes as keccak256(keccak256(encoding)), equal to StandardMerkleTree.leafHash for random leaves', () => {
    fc.assert(
      fc.property(leafArb, (leaf) => {
        const library = StandardMerkleTree.of([anchorLeafValues(leaf)], [...ANCHOR_LEAF_ENCODING]);
        expect(anchorLeafHash(leaf)).toBe(library.leafHash(anchorLeafValues(leaf)));
        expect(anchorLeafHash(leaf)).toBe(keccak256(keccak256(encodeAnchorLeaf(leaf))));
      }),
      { numRuns: 50 },
    );
  });

  it('gives different hashes to the same document with different event types', () => {
    const issued = anchorLeafHash(leafNo(1, ANCHOR_EVENT_TYPES.ISSUED));
    const revoked = anchorLeafHash(leafNo(1, ANCHOR_EVENT_TYPES.REVOKED));
    expect(issued).not.toBe(revoked);
  });
});

describe('parseAnchorLeaf', () => {
  it('returns the canonical form: bytes32 values gain a 0x prefix, nothing else changes', () => {
    const leaf = parseAnchorLeaf({ documentHash: 'ab'.repeat(32), eventType: 3, fabricBlock: 9, fabricTxId: TX });
    expect(leaf).toEqual({ documentHash: HASH, eventType: 3, fabricBlock: 9, fabricTxId: TX });
    expect(anchorLeafHash(leaf)).toBe(anchorLeafHash(parseAnchorLeaf({ ...good, eventType: 3, fabricBlock: 9 })));
  });

  it.each([
    ['not an object', 'x', /leaf: must be an object \{documentHash, eventType, fabricBlock, fabricTxId\}/],
    ['null', null, /leaf: must be an object/],
    ['an array', [HASH, 1, 5, TX], /leaf: must be an object .*got an array/],
    ['a missing member', { documentHash: HASH, eventType: 1, fabricBlock: 5 }, /leaf: fabricTxId is missing/],
    ['an extra member (a diploma id must not travel along)', { ...good, diplomaId: 'BKA:B2026KS0000001' }, /unknown member\(s\) diplomaId/],
    ['a short document hash', { ...good, documentHash: '0xabcd' }, /leaf\.documentHash: must be 64 lowercase hex characters.*got "0xabcd"/],
    ['an uppercase document hash', { ...good, documentHash: HASH.toUpperCase().replace('0X', '0x') }, /uppercase hex is refused/],
    ['a numeric document hash', { ...good, documentHash: 12 }, /leaf\.documentHash: must be a string .*got 12/],
    ['an all-zero document hash', { ...good, documentHash: `0x${'0'.repeat(64)}` }, /leaf\.documentHash: is all zeros/],
    ['an all-zero transaction id', { ...good, fabricTxId: '0'.repeat(64) }, /leaf\.fabricTxId: is all zeros/],
    ['a transaction id with a non-hex character', { ...good, fabricTxId: `${'a'.repeat(63)}g` }, /leaf\.fabricTxId: must be 64 lowercase hex/],
    ['event type 0', { ...good, eventType: 0 }, /leaf\.eventType: must be one of 1 ISSUED, 2 CORRECTED, 3 REISSUED, 4 REVOKED, 5 SUPERSEDED, got 0/],
    ['event type 6', { ...good, eventType: 6 }, /leaf\.eventType: must be one of .*got 6/],
    ['an event name instead of its code', { ...good, eventType: 'ISSUED' }, /leaf\.eventType: .*got "ISSUED"/],
    ['block 0 (the genesis block)', { ...good, fabricBlock: 0 }, /leaf\.fabricBlock: must be an integer from 1 to 9007199254740991 .*got 0/],
    ['a negative block', { ...good, fabricBlock: -1 }, /leaf\.fabricBlock: .*got -1/],
    ['a fractional block', { ...good, fabricBlock: 1.5 }, /leaf\.fabricBlock: .*got 1.5/],
    ['a block beyond 2^53-1', { ...good, fabricBlock: 2 ** 53 }, /leaf\.fabricBlock: .*got 9007199254740992/],
    ['a block as a string', { ...good, fabricBlock: '5' }, /leaf\.fabricBlock: .*got "5"/],
    ['a block as a bigint', { ...good, fabricBlock: 5n }, /leaf\.fabricBlock: .*got 5n \(a bigint\)/],
  ])('refuses %s with a clear message', (_what, input, message) => {
    expect(() => parseAnchorLeaf(input)).toThrow(AnchorLeafError);
    expect(() => parseAnchorLeaf(input)).toThrow(message);
  });

  it('names the leaf in the message', () => {
    expect(() => parseAnchorLeaf({ ...good, eventType: 9 }, 'leaf 17')).toThrow(/^leaf 17\.eventType: /);
  });

  it('accepts every leaf the generators produce and returns it unchanged', () => {
    fc.assert(fc.property(leafArb, (leaf) => expect(parseAnchorLeaf({ ...leaf })).toEqual(leaf)));
  });
});

describe('event types', () => {
  it('are the fixed codes ISSUED=1, CORRECTED=2, REISSUED=3, REVOKED=4, SUPERSEDED=5', () => {
    expect(ANCHOR_EVENT_TYPES).toEqual({ ISSUED: 1, CORRECTED: 2, REISSUED: 3, REVOKED: 4, SUPERSEDED: 5 });
    expect(anchorEventName(4)).toBe('REVOKED');
  });

  it('map every diploma event of the chaincode, and nothing else', () => {
    expect(ANCHOR_EVENT_OF_CHAINCODE_EVENT).toEqual({ DiplomaIssued: 1, DiplomasIssued: 1, DiplomaCorrected: 2, DiplomaReissued: 3, DiplomaRevoked: 4 });
    expect(ANCHOR_EVENT_OF_CHAINCODE_EVENT.CopyRecorded).toBeUndefined();
    // A new diploma event in the chaincode must get a code (or a reason not to) here.
    expect(EVENT_TYPES.filter((e) => e.startsWith('Diploma')).sort()).toEqual(Object.keys(ANCHOR_EVENT_OF_CHAINCODE_EVENT).sort());
  });
});
