// Where the embedded EVM chain and the anchoring deployment keep their files under the home:
//   <home>/evm/geth/                 geth's datadir (chain, state, the dev account's keystore)
//   <home>/anchoring/anchorer.key    the anchoring worker's key (ANCHORER_ROLE), 0600
//   <home>/anchoring/governance.key  the Ministry's governance key (DEFAULT_ADMIN_ROLE), 0600
//   <home>/anchoring/chain.json      what was deployed where (ChainInfo), read by the gateway
import path from 'node:path';
import type { Home } from '../paths';

export interface EvmPaths {
  /** <home>/evm: everything of the chain itself; `network:reset` removes it. */
  evmRoot: string;
  gethDataDir: string;
  anchoringDir: string;
  anchorerKeyFile: string;
  governanceKeyFile: string;
  chainInfoFile: string;
}

export function evmPaths(home: Home): EvmPaths {
  const evmRoot = path.join(home.root, 'evm');
  const anchoringDir = path.join(home.root, 'anchoring');
  return {
    evmRoot,
    gethDataDir: path.join(evmRoot, 'geth'),
    anchoringDir,
    anchorerKeyFile: path.join(anchoringDir, 'anchorer.key'),
    governanceKeyFile: path.join(anchoringDir, 'governance.key'),
    chainInfoFile: path.join(anchoringDir, 'chain.json'),
  };
}
