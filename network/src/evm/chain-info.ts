// <home>/anchoring/chain.json: what the embedded chain's start deployed where. The gateway's
// anchoring worker reads it when no VANBANG_EVM_RPC_URL names a real chain.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../certificates/atomic-files';
import type { Home } from '../paths';
import { evmPaths } from './evm-paths';

export interface ChainInfo {
  /** Always true here: the chain `npm start` runs (a real chain is configured by environment). */
  embedded: true;
  rpcUrl: string;
  chainId: number;
  /** The DiplomaAnchorRegistry's address. */
  contract: string;
  /** The deployment's block: where a scan of the registry's events starts. */
  deployedAtBlock: number;
  deploymentTx: string;
  /** The anchoring worker's address (ANCHORER_ROLE) and its key file (absolute path). */
  anchorer: string;
  anchorerKeyFile: string;
  /** The Ministry's governance address (DEFAULT_ADMIN_ROLE); its key is <home>/anchoring/governance.key. */
  governance: string;
}

export class ChainInfoError extends Error {
  override name = 'ChainInfoError';
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const HASH = /^0x[0-9a-fA-F]{64}$/;

/** Checks a parsed chain.json; returns the problem in words, or undefined when it is sound. */
export function chainInfoProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const v = value as Record<string, unknown>;
  if (v.embedded !== true) return '`embedded` must be true';
  if (typeof v.rpcUrl !== 'string' || !/^https?:\/\/\S+$/.test(v.rpcUrl)) return '`rpcUrl` must be an http URL';
  if (!Number.isSafeInteger(v.chainId) || (v.chainId as number) < 1) return '`chainId` must be a positive integer';
  for (const k of ['contract', 'anchorer', 'governance']) if (typeof v[k] !== 'string' || !ADDRESS.test(v[k] as string)) return `\`${k}\` must be an address`;
  if (!Number.isSafeInteger(v.deployedAtBlock) || (v.deployedAtBlock as number) < 0) return '`deployedAtBlock` must be a block number';
  if (typeof v.deploymentTx !== 'string' || !HASH.test(v.deploymentTx)) return '`deploymentTx` must be a transaction hash';
  if (typeof v.anchorerKeyFile !== 'string' || !v.anchorerKeyFile.startsWith('/')) return '`anchorerKeyFile` must be an absolute path';
  return undefined;
}

/** The deployment recorded under this home; undefined when there is none. Throws ChainInfoError when the file is not a sound chain.json. */
export function readChainInfo(home: Home): ChainInfo | undefined {
  const file = evmPaths(home).chainInfoFile;
  if (!existsSync(file)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ChainInfoError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  const problem = chainInfoProblem(value);
  if (problem) throw new ChainInfoError(`${file}: ${problem}`);
  return value as ChainInfo;
}

export function writeChainInfo(home: Home, info: ChainInfo): void {
  const problem = chainInfoProblem(info);
  if (problem) throw new ChainInfoError(`refusing to write chain.json: ${problem}`);
  const { anchoringDir, chainInfoFile } = evmPaths(home);
  mkdirSync(anchoringDir, { recursive: true, mode: 0o700 });
  writeFileAtomic(chainInfoFile, `${JSON.stringify(info, null, 2)}\n`);
}
