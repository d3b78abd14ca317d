// The registry's interface as ethers' human-readable ABI: what a client of DiplomaAnchorRegistry
// (the anchoring worker, a standalone verifier) needs, with no compiled artifact at hand. A unit
// test checks it against the compiler's ABI, so the two cannot drift apart.
export const REGISTRY_ABI = [
  'function anchor(uint64 periodId, bytes32 root, uint64 firstBlock, uint64 lastBlock, uint32 leafCount)',
  'function revoke(bytes32[] documentHashes, uint64 periodId)',
  'function anchorOf(bytes32 root) view returns (tuple(uint64 periodId, uint64 firstBlock, uint64 lastBlock, uint32 leafCount, uint64 anchoredAt, uint64 blockNumber))',
  'function periodOf(bytes32 root) view returns (uint64)',
  'function rootOf(uint64 periodId) view returns (bytes32)',
  'function isAnchored(bytes32 root) view returns (bool)',
  'function revokedIn(bytes32 documentHash) view returns (uint64)',
  'function isRevoked(bytes32 documentHash) view returns (bool)',
  'function lastPeriodId() view returns (uint64)',
  'function hasRole(bytes32 role, address account) view returns (bool)',
  'function ANCHORER_ROLE() view returns (bytes32)',
  'event RootAnchored(uint64 indexed periodId, bytes32 indexed root, uint64 firstBlock, uint64 lastBlock, uint32 leafCount)',
  'event DocumentRevoked(bytes32 indexed documentHash, uint64 indexed periodId)',
  'error ZeroAddress()',
  'error ZeroRoot()',
  'error ZeroDocumentHash()',
  'error EmptyPeriod()',
  'error InvalidBlockRange(uint64 firstBlock, uint64 lastBlock)',
  'error PeriodConflict(uint64 periodId, bytes32 anchoredRoot)',
  'error PeriodNotIncreasing(uint64 periodId, uint64 lastPeriodId)',
  'error RootAlreadyAnchored(bytes32 root, uint64 periodId)',
  'error PeriodNotAnchored(uint64 periodId)',
  'error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)',
] as const;

/** Most document hashes one revoke transaction carries (about 680 fit in a 16.7 M gas block). */
export const MAX_REVOCATIONS_PER_TRANSACTION = 500;
