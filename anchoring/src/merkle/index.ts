// The Merkle tree of a period's diploma events: leaves, tree, proofs, standalone verification.
export {
  ANCHOR_EVENT_OF_CHAINCODE_EVENT,
  ANCHOR_EVENT_TYPES,
  ANCHOR_LEAF_ENCODING,
  ANCHOR_LEAF_KEYS,
  AnchorLeafError,
  anchorEventName,
  anchorLeafHash,
  anchorLeafValues,
  encodeAnchorLeaf,
  encodeAnchorLeafHex,
  parseAnchorLeaf,
} from './anchor-leaf';
export type { AnchorEventName, AnchorEventType, AnchorLeaf, AnchorLeafInput } from './anchor-leaf';
export { ANCHOR_PROOF_JSON_SCHEMA, AnchorProofFormatError, MAX_PROOF_LENGTH, parseAnchorProof } from './anchor-proof';
export type { AnchorProof } from './anchor-proof';
export {
  PeriodTreeError,
  anchorProofAt,
  anchorProofs,
  buildPeriodTree,
  leafIndexOf,
  periodProof,
  periodProofs,
} from './period-tree';
export type { PeriodTree, PeriodTreeOptions, TreeEngine } from './period-tree';
export { processAnchorProof, verifyAnchorProof, verifyLeafProof } from './verify-proof';
export { anchorLeavesOfEvent } from './event-leaves';
export type { CommittedChaincodeEvent } from './event-leaves';
