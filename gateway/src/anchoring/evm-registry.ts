// The anchoring worker's side of DiplomaAnchorRegistry over JSON-RPC (ethers 6): one explicit
// connection, a deadline on every call, and errors that say which step failed and why — so an
// unreachable node, an anchoring key out of gas and a refused transaction each give a clear log
// line and a metric (anchoring-worker.ts), and nothing is retried blindly here.
import { readFileSync } from 'node:fs';
import { Contract, JsonRpcProvider, Wallet, ZeroHash, type TransactionReceipt } from 'ethers';
import { MAX_REVOCATIONS_PER_TRANSACTION, REGISTRY_ABI } from '@vanbang/anchoring';
import type { ChainTarget } from './anchoring-config';

/** Why an EVM step failed: the worker's metric label and the operator's hint. */
export type EvmFailure = 'unreachable' | 'out-of-gas' | 'refused' | 'wrong-chain' | 'timeout';

export class EvmError extends Error {
  override readonly name = 'EvmError';
  constructor(readonly reason: EvmFailure, message: string) {
    super(message);
  }
}

/** Where a period's root is on the chain. */
export interface AnchoredOnChain {
  transactionHash: string;
  blockNumber: number;
  anchoredAt: Date;
}

const CALL_DEADLINE_MS = 10_000;
const ROOT_ANCHORED_LOG_RANGE = 5_000;

function withDeadline<T>(what: string, promise: Promise<T>, ms = CALL_DEADLINE_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new EvmError('timeout', `${what}: no answer from the EVM node within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** Sorts an ethers error into the failures an operator acts on differently. */
export function classifyEvmError(what: string, err: unknown): EvmError {
  if (err instanceof EvmError) return err;
  const e = err as { code?: string; shortMessage?: string; message?: string; reason?: string; revert?: { name?: string; args?: unknown[] } };
  const text = `${e.shortMessage ?? e.message ?? String(err)}`;
  if (e.code === 'INSUFFICIENT_FUNDS' || /insufficient funds/i.test(text)) {
    return new EvmError('out-of-gas', `${what}: the anchoring key cannot pay for gas (${text.split('\n')[0]}); fund it`);
  }
  if (e.code === 'CALL_EXCEPTION' || e.revert) {
    const revert = e.revert?.name ? `${e.revert.name}(${(e.revert.args ?? []).map(String).join(', ')})` : e.reason ?? text.split('\n')[0];
    return new EvmError('refused', `${what}: the registry refused it: ${revert}`);
  }
  if (e.code === 'NETWORK_ERROR' || e.code === 'SERVER_ERROR' || e.code === 'TIMEOUT' || /ECONNREFUSED|ECONNRESET|ENOTFOUND|socket hang up|fetch failed/i.test(text)) {
    return new EvmError('unreachable', `${what}: the EVM node cannot be reached (${text.split('\n')[0]})`);
  }
  return new EvmError('refused', `${what}: ${text.split('\n')[0]}`);
}

function readKey(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (err) {
    throw new Error(`the anchoring key file ${file} cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const key = text.startsWith('0x') ? text.slice(2) : text;
  if (!/^[0-9a-fA-F]{64}$/.test(key)) throw new Error(`the anchoring key file ${file} must hold one private key: 64 hex digits`);
  return `0x${key}`;
}

export class EvmRegistry {
  private readonly provider: JsonRpcProvider;
  private readonly wallet: Wallet;
  private readonly contract: Contract;
  private chainIdSeen: number | null = null;

  constructor(readonly target: ChainTarget) {
    // No automatic network detection or polling: the worker asks when it needs to.
    this.provider = new JsonRpcProvider(target.rpcUrl, undefined, { staticNetwork: true, batchMaxCount: 1, polling: false } as never);
    this.wallet = new Wallet(readKey(target.keyFile), this.provider);
    this.contract = new Contract(target.contract, REGISTRY_ABI as unknown as string[], this.wallet);
  }

  get address(): string {
    return this.wallet.address;
  }

  get contractAddress(): string {
    return this.target.contract.toLowerCase();
  }

  private async call<T>(what: string, fn: () => Promise<T>, ms?: number): Promise<T> {
    try {
      return await withDeadline(what, fn(), ms);
    } catch (err) {
      throw classifyEvmError(what, err);
    }
  }

  /** The chain id, checked once against the expected one and the registry's code at the address. */
  async chainId(): Promise<number> {
    if (this.chainIdSeen !== null) return this.chainIdSeen;
    const id = Number(await this.call('eth_chainId', () => this.provider.send('eth_chainId', []) as Promise<string>));
    if (this.target.chainId !== null && id !== this.target.chainId) {
      throw new EvmError('wrong-chain', `the EVM node at ${this.target.rpcUrl} is chain ${id}, not ${this.target.chainId}`);
    }
    const code = await this.call('eth_getCode', () => this.provider.getCode(this.target.contract));
    if (code === '0x') throw new EvmError('wrong-chain', `no contract at ${this.target.contract} on chain ${id} (${this.target.rpcUrl}): is it the registry's address on this chain?`);
    this.chainIdSeen = id;
    return id;
  }

  async blockNumber(): Promise<number> {
    return this.call('eth_blockNumber', () => this.provider.getBlockNumber());
  }

  /** The root the registry holds for the period (null: not anchored yet). */
  async rootOf(periodId: number): Promise<string | null> {
    const root = await this.call(`rootOf(${periodId})`, () => this.contract.getFunction('rootOf').staticCall(periodId) as Promise<string>);
    return root === ZeroHash ? null : root.toLowerCase();
  }

  /** Sends anchor(); returns the transaction hash once the node accepted it (not mined yet). */
  async sendAnchor(periodId: number, root: string, firstBlock: number, lastBlock: number, leafCount: number): Promise<string> {
    const tx = await this.call(`anchor(period ${periodId})`, () => this.contract.getFunction('anchor')(periodId, root, firstBlock, lastBlock, leafCount) as Promise<{ hash: string }>, 30_000);
    return tx.hash;
  }

  /** Sends revoke() for up to MAX_REVOCATIONS_PER_TRANSACTION hashes (0x + 64 hex). */
  async sendRevoke(documentHashes: readonly string[], periodId: number): Promise<string> {
    if (documentHashes.length > MAX_REVOCATIONS_PER_TRANSACTION) throw new Error(`at most ${MAX_REVOCATIONS_PER_TRANSACTION} hashes per revoke transaction`);
    const tx = await this.call(`revoke(${documentHashes.length} hashes, period ${periodId})`, () => this.contract.getFunction('revoke')(documentHashes, periodId) as Promise<{ hash: string }>, 30_000);
    return tx.hash;
  }

  /** The hashes among these the registry has not recorded as revoked yet. */
  async notYetRevoked(documentHashes: readonly string[]): Promise<string[]> {
    const out: string[] = [];
    for (const h of documentHashes) {
      const period = await this.call('revokedIn', () => this.contract.getFunction('revokedIn').staticCall(h) as Promise<bigint>);
      if (period === 0n) out.push(h);
    }
    return out;
  }

  /**
   * Waits until the transaction is mined and `confirmations` blocks deep (1: mined), or throws at
   * the deadline; a reverted transaction is an EvmError('refused').
   */
  async waitFor(txHash: string, confirmations: number, deadlineMs: number): Promise<TransactionReceipt> {
    const until = Date.now() + deadlineMs;
    for (;;) {
      const receipt = await this.call('eth_getTransactionReceipt', () => this.provider.getTransactionReceipt(txHash));
      if (receipt) {
        if (receipt.status !== 1) throw new EvmError('refused', `transaction ${txHash} reverted in block ${receipt.blockNumber}`);
        const head = await this.blockNumber();
        if (head - receipt.blockNumber + 1 >= confirmations) return receipt;
      }
      if (Date.now() > until) throw new EvmError('timeout', `transaction ${txHash} is not ${confirmations} block(s) deep after ${Math.round(deadlineMs / 1000)} s`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  /** Whether the mined transaction's logs hold the registry's RootAnchored event. */
  emitsRootAnchored(receipt: TransactionReceipt): boolean {
    const topic = this.contract.interface.getEvent('RootAnchored')!.topicHash;
    return receipt.logs.some((l) => l.address.toLowerCase() === this.contractAddress && l.topics[0] === topic);
  }

  /** The transaction whose RootAnchored event recorded the period (a resent anchor() emits none). */
  async findAnchoring(periodId: number): Promise<AnchoredOnChain | null> {
    const head = await this.blockNumber();
    const filter = this.contract.filters.RootAnchored!(periodId);
    // Newest first, in windows, so a recent period is found quickly on a long chain.
    for (let to = head; to >= this.target.fromBlock; to -= ROOT_ANCHORED_LOG_RANGE) {
      const from = Math.max(this.target.fromBlock, to - ROOT_ANCHORED_LOG_RANGE + 1);
      const logs = await this.call('eth_getLogs(RootAnchored)', () => this.contract.queryFilter(filter, from, to));
      const log = logs[logs.length - 1];
      if (log) {
        const block = await this.call('eth_getBlockByNumber', () => this.provider.getBlock(log.blockNumber));
        return { transactionHash: log.transactionHash, blockNumber: log.blockNumber, anchoredAt: new Date(Number(block?.timestamp ?? 0) * 1000) };
      }
      if (from === this.target.fromBlock) break;
    }
    return null;
  }

  async blockTime(blockNumber: number): Promise<Date> {
    const block = await this.call('eth_getBlockByNumber', () => this.provider.getBlock(blockNumber));
    return new Date(Number(block?.timestamp ?? 0) * 1000);
  }

  close(): void {
    this.provider.destroy();
  }
}
