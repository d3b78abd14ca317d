// The embedded EVM chain `npm start` runs for anchoring (geth --dev; docs/anchoring.md).
export { evmPaths, type EvmPaths } from './evm-paths';
export { EVM_CHAIN_PROCESS, GETH_CACHE_MB, evmChainProcess, evmRpcUrl, gethArgs } from './geth-args';
export { jsonRpc, JsonRpcError } from './json-rpc';
export { chainHead, startGeth, stopGeth, type ChainHead } from './evm-process';
export { chainInfoProblem, ChainInfoError, readChainInfo, writeChainInfo, type ChainInfo } from './chain-info';
export { ChainKeyError, ensureKeyFile, keyFileAddress, readKeyFile } from './chain-keys';
export { ANCHORER_FUNDING, GOVERNANCE_FUNDING, fundAccounts, topUps, type FundingRule } from './account-funding';
export { chainProvider, ensureRegistryDeployment, type DeploymentAction, type RegistryDeployment } from './registry-deployment';
export { ensureRegistryArtifact } from './registry-build';
export { evmChainStatus, startEvmChain, startEvmChainDetailed, stopEvmChain, type EvmChainStart, type StartEvmChainOptions } from './evm-chain';
