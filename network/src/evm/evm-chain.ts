// The embedded EVM chain as a whole: geth started (or found running), the anchor registry
// deployed once, the chain's description in <home>/anchoring/chain.json; its status row.
import { existsSync } from 'node:fs';
import type { NetworkContext, ProcessStatus } from '../network';
import { pidFile, runningPid } from '../processes';
import { readChainInfo, type ChainInfo } from './chain-info';
import { evmPaths } from './evm-paths';
import { chainHead, startGeth, stopGeth } from './evm-process';
import { EVM_CHAIN_PROCESS, evmRpcUrl } from './geth-args';
import { jsonRpc } from './json-rpc';
import { ensureRegistryDeployment, type DeploymentAction } from './registry-deployment';

type Log = (line: string) => void;

export interface StartEvmChainOptions {
  /** How long geth may take to answer JSON-RPC (default 60 s). */
  startTimeoutMs?: number;
  /** How long funding and deploying may take (default 120 s). */
  deployTimeoutMs?: number;
}

/** What the last startEvmChain did about the registry, for callers that care (tests, the welcome). */
export interface EvmChainStart {
  info: ChainInfo;
  action: DeploymentAction;
  /** Why it was deployed again (redeployed only). */
  reason?: string;
  /** The head block when geth answered. */
  headAtStart: number;
}

/**
 * Starts geth unless it runs, deploys the registry unless this chain has it, tops the anchoring
 * key up; returns the chain's description (also in <home>/anchoring/chain.json).
 */
export async function startEvmChain(ctx: NetworkContext, log: Log = console.log, opts: StartEvmChainOptions = {}): Promise<ChainInfo> {
  return (await startEvmChainDetailed(ctx, log, opts)).info;
}

export async function startEvmChainDetailed(ctx: NetworkContext, log: Log = console.log, opts: StartEvmChainOptions = {}): Promise<EvmChainStart> {
  const spec = ctx.topology.services.evmChain;
  const head = await startGeth(ctx.home, spec, { timeoutMs: opts.startTimeoutMs });
  log(`  EVM chain ${evmRpcUrl(spec)}: chain id ${head.chainId}, block ${head.blockNumber}, a block every ${spec.blockPeriod} s`);
  const deployment = await ensureRegistryDeployment(ctx.home, evmRpcUrl(spec), log, { timeoutMs: opts.deployTimeoutMs });
  return { ...deployment, headAtStart: head.blockNumber };
}

/** Stops the embedded chain by its PID file; data stays under <home>/evm. True if it was running. */
export function stopEvmChain(ctx: NetworkContext): Promise<boolean> {
  return stopGeth(ctx.home);
}

/**
 * The chain's status row: listed when it runs, when it was started and died (a PID file), or when
 * this home has a deployment on it; healthy when eth_blockNumber answers.
 */
export async function evmChainStatus(ctx: NetworkContext): Promise<ProcessStatus | undefined> {
  const { home } = ctx;
  const spec = ctx.topology.services.evmChain;
  const pid = runningPid(home, EVM_CHAIN_PROCESS);
  if (!pid && !existsSync(pidFile(home, EVM_CHAIN_PROCESS)) && !existsSync(evmPaths(home).chainInfoFile)) return undefined;
  // A real chain in use (VANBANG_EVM_RPC_URL): an old embedded deployment that does not run is no fault.
  if (!pid && process.env.VANBANG_EVM_RPC_URL) return undefined;
  const head = pid ? await chainHead(evmRpcUrl(spec)) : undefined;
  let detail = head ? `chain id ${head.chainId}, block ${head.blockNumber}` : 'EVM chain for anchoring';
  if (head) {
    try {
      const info = readChainInfo(home);
      if (info) detail += `, registry ${info.contract}${(await jsonRpc(info.rpcUrl, 'eth_getCode', [info.contract, 'latest'])) === '0x' ? ' (NO CODE: restart to redeploy)' : ''}`;
    } catch (err) {
      detail += `, ${(err as Error).message}`;
    }
  }
  return { name: EVM_CHAIN_PROCESS, pid, ports: [spec.port], healthy: head !== undefined, detail };
}
