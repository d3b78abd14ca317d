/**
 * The leaves of one chaincode event (docs/hashing.md §10, "Which events become leaves"). The
 * chaincode's event lists the hashes it touched (chaincode/src/diplomas/*.ts): a correction and a
 * reissue list the new hash first and the replaced one second; an issue lists every issued hash;
 * a revocation the revoked hash.
 */
import { ANCHOR_EVENT_OF_CHAINCODE_EVENT, ANCHOR_EVENT_TYPES, parseAnchorLeaf, type AnchorLeaf } from './anchor-leaf';

/** What the leaves need from a chaincode event committed in a valid transaction. */
export interface CommittedChaincodeEvent {
  eventName: string;
  /** The event payload's `hashes` (64 lowercase hex, no 0x). */
  hashes: readonly string[];
  fabricBlock: number;
  /** The Fabric transaction id (64 lowercase hex). */
  fabricTxId: string;
}

/**
 * A reissue's second hash is the diploma it replaced, which is no longer valid: it gets a
 * SUPERSEDED leaf. A correction's replaced hash gets none: an older version of a corrected
 * diploma stays valid (the ledger answers CORRECTED), which its earlier leaf already says.
 */
const REPLACING_EVENTS = new Set(['DiplomaReissued']);

/** The event's leaves, in the order of its hashes; none for events that change no diploma's validity. */
export function anchorLeavesOfEvent(event: CommittedChaincodeEvent): AnchorLeaf[] {
  const eventType = ANCHOR_EVENT_OF_CHAINCODE_EVENT[event.eventName];
  if (eventType === undefined) return [];
  const leaf = (documentHash: string | undefined, type: number, i: number): AnchorLeaf =>
    parseAnchorLeaf({ documentHash, eventType: type, fabricBlock: event.fabricBlock, fabricTxId: event.fabricTxId }, `${event.eventName} in ${event.fabricTxId}, hash ${i}`);
  if (REPLACING_EVENTS.has(event.eventName)) {
    const [current, replaced] = event.hashes;
    const leaves = [leaf(current, eventType, 0)];
    if (replaced !== undefined && replaced !== current) leaves.push(leaf(replaced, ANCHOR_EVENT_TYPES.SUPERSEDED, 1));
    return leaves;
  }
  // A batch lists every hash it issued; a single issue, a correction and a revocation are about their first.
  if (event.eventName === 'DiplomasIssued') return event.hashes.map((h, i) => leaf(h, eventType, i));
  return [leaf(event.hashes[0], eventType, 0)];
}
