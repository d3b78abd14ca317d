// Hardhat loaded in this process with anchoring's config: the contract tests and the gas benchmark
// run on the in-process Hardhat network (no node, no port), after compiling the contract so that a
// fresh checkout needs no build step first.
import { mkdirSync, rmdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { HardhatEthersHelpers } from '@nomicfoundation/hardhat-ethers/types';
import type { HardhatRuntimeEnvironment } from 'hardhat/types';

export const ANCHORING_DIR = path.resolve(__dirname, '..', '..');

export type Hardhat = HardhatRuntimeEnvironment & { ethers: HardhatEthersHelpers };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Jest runs test files in parallel processes; two compilations writing the same artifact could
 * let one read the other's half-written JSON. A directory is created atomically: it is the lock.
 */
async function withCompileLock<T>(run: () => Promise<T>): Promise<T> {
  const lock = path.join(ANCHORING_DIR, 'cache', 'compile.lock');
  mkdirSync(path.dirname(lock), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      // A compilation takes seconds: an older lock is left by a killed process.
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 60_000) rmdirSync(lock, { recursive: false });
      else await sleep(100);
    }
  }
  try {
    return await run();
  } finally {
    rmdirSync(lock);
  }
}

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
