// Where the anchoring worker anchors, and how often (docs/anchoring.md). A real chain is named by
// VANBANG_EVM_RPC_URL with VANBANG_EVM_KEY_FILE and VANBANG_EVM_CONTRACT; without it the worker
// uses the embedded chain that `npm start` runs and describes in <home>/anchoring/chain.json.
// Read when the worker starts (not with the rest of the configuration), because npm start writes
// chain.json before it starts the gateway and rewrites it when it redeploys the registry.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface AnchoringSchedule {
  /** A period closes once it spans this many Fabric blocks ... */
  everyBlocks: number;
  /** ... or once this long has passed since the previous period was recorded (ms). */
  everyMs: number;
  /** EVM blocks to wait for after the anchoring transaction's (1: mined). */
  confirmations: number;
  /** How often the worker looks for new blocks (ms). */
  pollMs: number;
}

export interface ChainTarget {
  /** 'embedded': the chain npm start runs; 'configured': VANBANG_EVM_RPC_URL. */
  source: 'embedded' | 'configured';
  rpcUrl: string;
  /** When known in advance (chain.json, VANBANG_EVM_CHAIN_ID): the chain must say the same. */
  chainId: number | null;
  contract: string;
  keyFile: string;
  /** The registry's deployment block: where a scan of its events starts. */
  fromBlock: number;
}

export type AnchoringSettings =
  | { enabled: false; reason: string }
  | { enabled: true; chain: ChainTarget; schedule: AnchoringSchedule };

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^[0-9]+$/.test(raw) || Number(raw) < 1) throw new Error(`${name} must be a whole number ≥ 1 (got ${raw})`);
  return Number(raw);
}

export function anchoringSchedule(env: NodeJS.ProcessEnv = process.env): AnchoringSchedule {
  return {
    everyBlocks: positive(env, 'VANBANG_ANCHOR_EVERY_BLOCKS', 500),
    everyMs: positive(env, 'VANBANG_ANCHOR_EVERY_SECONDS', 60) * 1000,
    confirmations: positive(env, 'VANBANG_ANCHOR_CONFIRMATIONS', 2),
    pollMs: positive(env, 'VANBANG_ANCHOR_POLL_MS', 2000),
  };
}

/** The embedded chain's description, as npm start writes it (network/src/evm). */
interface ChainFile {
  rpcUrl?: unknown;
  chainId?: unknown;
  contract?: unknown;
  anchorerKeyFile?: unknown;
  deployedAtBlock?: unknown;
}

export function chainFilePath(home: string): string {
  return path.join(home, 'anchoring', 'chain.json');
}

function fromChainFile(home: string): ChainTarget | string {
  const file = chainFilePath(home);
  if (!existsSync(file)) return `no VANBANG_EVM_RPC_URL and no embedded chain (${file} is absent)`;
  let info: ChainFile;
  try {
    info = JSON.parse(readFileSync(file, 'utf8')) as ChainFile;
  } catch (err) {
    throw new Error(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof info.rpcUrl !== 'string' || typeof info.contract !== 'string' || !ADDRESS.test(info.contract) || typeof info.anchorerKeyFile !== 'string') {
    throw new Error(`${file} must name rpcUrl, contract (an EVM address) and anchorerKeyFile`);
  }
  return {
    source: 'embedded',
    rpcUrl: info.rpcUrl,
    chainId: typeof info.chainId === 'number' ? info.chainId : null,
    contract: info.contract,
    keyFile: path.resolve(path.dirname(file), info.anchorerKeyFile),
    fromBlock: typeof info.deployedAtBlock === 'number' ? info.deployedAtBlock : 0,
  };
}

function fromEnvironment(env: NodeJS.ProcessEnv): ChainTarget {
  const rpcUrl = env.VANBANG_EVM_RPC_URL!;
  if (!/^(https?|wss?):\/\/\S+$/.test(rpcUrl)) throw new Error(`VANBANG_EVM_RPC_URL must be an http(s) or ws(s) URL (got ${rpcUrl})`);
  const contract = env.VANBANG_EVM_CONTRACT;
  if (!contract || !ADDRESS.test(contract)) throw new Error(`VANBANG_EVM_CONTRACT must be the registry's address, 0x and 40 hex digits (got ${contract ?? 'nothing'})`);
  const keyFile = env.VANBANG_EVM_KEY_FILE;
  if (!keyFile) throw new Error('VANBANG_EVM_KEY_FILE must name the file that holds the anchoring key (64 hex digits)');
  const chainId = env.VANBANG_EVM_CHAIN_ID ? positive(env, 'VANBANG_EVM_CHAIN_ID', 1) : null;
  const fromBlock = env.VANBANG_EVM_FROM_BLOCK ? positive(env, 'VANBANG_EVM_FROM_BLOCK', 1) : 0;
  return { source: 'configured', rpcUrl, chainId, contract, keyFile: path.resolve(keyFile), fromBlock };
}

/** What the worker should do: off (and why), or where to anchor and how often. Throws on a bad setting. */
export function anchoringSettings(home: string, env: NodeJS.ProcessEnv = process.env): AnchoringSettings {
  if (env.VANBANG_ANCHORING === 'off') return { enabled: false, reason: 'VANBANG_ANCHORING=off' };
  const schedule = anchoringSchedule(env);
  if (env.VANBANG_EVM_RPC_URL) return { enabled: true, chain: fromEnvironment(env), schedule };
  const chain = fromChainFile(home);
  if (typeof chain === 'string') return { enabled: false, reason: chain };
  return { enabled: true, chain, schedule };
}
