// Public anchoring on an EVM chain (issue 13): the Merkle tree of a period's diploma events
// (merkle/, spec in docs/hashing.md §10) and the anchor registry contract's artifact and
// deployment (chain/, contract in contracts/DiplomaAnchorRegistry.sol).
export * from './merkle';
export { loadRegistryArtifact } from './chain/registry-artifact';
export { deployRegistry } from './chain/deploy-registry';
export { REGISTRY_ABI, MAX_REVOCATIONS_PER_TRANSACTION } from './chain/registry-abi';
export { withCompileLock } from './chain/compile-lock';
