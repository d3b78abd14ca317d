// Starts geth as a background process (PID file, log file, like every node) and waits until its
// JSON-RPC answers; stops it by its PID file, never by name.
import { existsSync, statSync } from 'node:fs';
import { waitFor } from '../health';
import type { Home } from '../paths';
import { logFile, logTail, notRunningReason, runningPid, startProcess, stopProcess } from '../processes';
import type { EvmChainSpec } from '../topology';
import { EVM_CHAIN_PROCESS, evmChainProcess, evmRpcUrl } from './geth-args';
import { jsonRpc, quantity } from './json-rpc';

export interface ChainHead {
  chainId: number;
  blockNumber: number;
}

/** The chain's id and head block, or undefined when its JSON-RPC does not answer. */
export async function chainHead(rpcUrl: string, timeoutMs = 2_000): Promise<ChainHead | undefined> {
  try {
    const [chainId, blockNumber] = await Promise.all([jsonRpc(rpcUrl, 'eth_chainId', [], timeoutMs), jsonRpc(rpcUrl, 'eth_blockNumber', [], timeoutMs)]);
    return { chainId: quantity(chainId), blockNumber: quantity(blockNumber) };
  } catch {
    return undefined;
  }
}

/** Starts geth unless it runs, then waits (at most `timeoutMs`) until eth_chainId answers. */
export async function startGeth(home: Home, spec: EvmChainSpec, opts: { timeoutMs?: number } = {}): Promise<ChainHead> {
  const rpcUrl = evmRpcUrl(spec);
  const log = logFile(home, EVM_CHAIN_PROCESS);
  const from = existsSync(log) ? statSync(log).size : 0;
  await startProcess(home, evmChainProcess(home, spec));
  const timeoutMs = opts.timeoutMs ?? 60_000;
  let head: ChainHead | undefined;
  await waitFor(`EVM chain (geth --dev) on ${rpcUrl}`, async () => (head = await chainHead(rpcUrl)) !== undefined, {
    timeoutMs,
    intervalMs: 200,
    alive: () => runningPid(home, EVM_CHAIN_PROCESS) !== undefined,
    onDead: () => `${notRunningReason(home, EVM_CHAIN_PROCESS) ?? 'it runs but does not answer'}. Last lines of ${log}${from > 0 ? ' (this start)' : ''}:\n${logTail(home, EVM_CHAIN_PROCESS, 20)}`,
  });
  return head!;
}

/** Stops geth by its PID file (SIGTERM: it closes its database cleanly). True if it was running. */
export function stopGeth(home: Home): Promise<boolean> {
  return stopProcess(home, EVM_CHAIN_PROCESS, 30_000);
}
