// Hardhat loaded in this process with anchoring's config: the contract tests and the gas benchmark
// run on the in-process Hardhat network (no node, no port), after compiling the contract so that a
// fresh checkout needs no build step first.
import path from 'node:path';
import type { HardhatEthersHelpers } from '@nomicfoundation/hardhat-ethers/types';
import type { HardhatRuntimeEnvironment } from 'hardhat/types';
import { withCompileLock } from '../../src/chain/compile-lock';

export const ANCHORING_DIR = path.resolve(__dirname, '..', '..');

export type Hardhat = HardhatRuntimeEnvironment & { ethers: HardhatEthersHelpers };


let loaded: Promise<Hardhat> | undefined;

/** The Hardhat runtime on its in-process network, the registry compiled. */
export function loadHardhat(): Promise<Hardhat> {
  loaded ??= (async () => {
    // Read by Hardhat when it is first required; forced so that a caller's environment can
    // never point these tests at another project or a live network.
    process.env.HARDHAT_CONFIG = path.join(ANCHORING_DIR, 'hardhat.config.js');
    process.env.HARDHAT_NETWORK = 'hardhat';
    const hre = (await import('hardhat')).default as Hardhat;
    await withCompileLock(() => hre.run('compile', { quiet: true }));
    return hre;
  })();
  return loaded;
}
