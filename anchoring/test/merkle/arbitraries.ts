// fast-check generators of anchoring leaves, shared by the Merkle tests.
import fc from 'fast-check';
import { bytesToHex } from '../../src/merkle/hex';
import type { AnchorEventType, AnchorLeaf } from '../../src/merkle';

/** 0x + 64 lowercase hex, never all zeros (which parseAnchorLeaf refuses). */
export const bytes32Arb = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .filter((b) => b.some((x) => x !== 0))
  .map(bytesToHex);

export const eventTypeArb = fc.constantFrom<AnchorEventType>(1, 2, 3, 4, 5);

export const leafArb: fc.Arbitrary<AnchorLeaf> = fc.record({
  documentHash: bytes32Arb,
  eventType: eventTypeArb,
  fabricBlock: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  fabricTxId: bytes32Arb,
});

/** Distinct leaves (random 256-bit transaction ids never repeat, so no block conflicts). */
export const leavesArb = (maxLength: number, minLength = 1) =>
  fc.uniqueArray(leafArb, { minLength, maxLength, selector: (l) => `${l.documentHash}${l.eventType}${l.fabricBlock}${l.fabricTxId}` });

/** A deterministic leaf for hand-written cases: `n` picks distinct hashes and transaction ids. */
export function leafNo(n: number, eventType: AnchorEventType = 1, fabricBlock = 10 + n): AnchorLeaf {
  const h = (tag: number) => `0x${(tag * 0x1000 + n + 1).toString(16).padStart(64, '0')}`;
  return { documentHash: h(1), eventType, fabricBlock, fabricTxId: h(2) };
}
