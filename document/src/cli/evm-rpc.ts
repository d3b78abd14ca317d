/**
 * Read-only JSON-RPC calls to the anchor registry (anchoring/contracts/DiplomaAnchorRegistry.sol)
 * with ethers 6: one explicit deadline per call, no retries, nothing left running afterwards. Any
 * failure — no connection, a timeout, an HTTP error, an answer that is not what the call returns —
 * is a ChainUnavailable: the chain could not tell, which is never "not valid".
 */
import { FetchRequest, Interface, JsonRpcProvider, Network, type Result } from 'ethers';

/** The registry's views this verifier reads, as the contract declares them (a test checks them against the compiled ABI). */
export const REGISTRY_READ_ABI = [
  'function anchorOf(bytes32 root) view returns (tuple(uint64 periodId, uint64 firstBlock, uint64 lastBlock, uint32 leafCount, uint64 anchoredAt, uint64 blockNumber))',
  'function revokedIn(bytes32 documentHash) view returns (uint64)',
] as const;

export const DEFAULT_EVM_TIMEOUT_MS = 10_000;

/** The chain did not answer, or not with something this verifier can read. */
export class ChainUnavailable extends Error {
  override readonly name = 'ChainUnavailable';
}

/** What the registry records for a root; all zero when the root is not anchored. */
export interface RegistryAnchor {
  readonly periodId: number;
  readonly firstBlock: number;
  readonly lastBlock: number;
  readonly leafCount: number;
  /** block.timestamp of the anchoring transaction, seconds. */
  readonly anchoredAt: number;
  readonly blockNumber: number;
}

const registry = new Interface(REGISTRY_READ_ABI);

function reasonOf(error: unknown): string {
  const e = error as { code?: unknown; shortMessage?: unknown; message?: unknown; cause?: { code?: unknown }; error?: { message?: unknown } };
  // Node's socket errors (ECONNREFUSED, ENOTFOUND...) arrive as they are; ethers' own errors have a code and a short message.
  if (typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code)) return e.code;
  if (typeof e.cause?.code === 'string') return e.cause.code;
  if (typeof e.error?.message === 'string') return `the node answered an error: ${e.error.message}`;
  const text = typeof e.shortMessage === 'string' ? e.shortMessage : typeof e.message === 'string' ? e.message : String(error);
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

function safeNumber(value: unknown, what: string): number {
  if (typeof value !== 'bigint' || value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ChainUnavailable(`${what}: the node answered ${String(value)}, not a number`);
  return Number(value);
}

export class RegistryReader {
  private readonly provider: JsonRpcProvider;

  /**
   * `rpcUrl` an http(s) JSON-RPC endpoint, `contract` the registry's address, `timeoutMs` the
   * deadline of each call.
   */
  constructor(rpcUrl: string, private readonly contract: string, private readonly timeoutMs = DEFAULT_EVM_TIMEOUT_MS) {
    const request = new FetchRequest(rpcUrl);
    request.timeout = timeoutMs;
    // FetchRequest retries a throttled (HTTP 429) answer up to 12 times by default: not here.
    request.setThrottleParams({ maxAttempts: 1 });
    // A static network: ethers would otherwise ask eth_chainId itself and, when the node is down,
    // retry every second for ever. The chain id is asked explicitly (chainId()) and compared.
    const network = new Network('unchecked', 0n);
    this.provider = new JsonRpcProvider(request, network, { staticNetwork: network, batchMaxCount: 20, cacheTimeout: -1 });
  }

  /** Sends one JSON-RPC request, failing with ChainUnavailable after the deadline or on any error. */
  private async send(method: string, params: unknown[], what: string): Promise<unknown> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ChainUnavailable(`${what}: no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      return await Promise.race([this.provider.send(method, params), deadline]);
    } catch (error) {
      if (error instanceof ChainUnavailable) throw error;
      // ethers' own timer (the request's timeout) and the deadline above are the same deadline.
      if ((error as { code?: unknown }).code === 'TIMEOUT') throw new ChainUnavailable(`${what}: no answer within ${this.timeoutMs} ms`);
      throw new ChainUnavailable(`${what}: ${reasonOf(error)}`);
    } finally {
      clearTimeout(timer);
    }
  }

  private async quantity(method: string, what: string): Promise<number> {
    const answer = await this.send(method, [], what);
    if (typeof answer !== 'string' || !/^0x[0-9a-fA-F]{1,64}$/.test(answer)) throw new ChainUnavailable(`${what}: the node answered ${JSON.stringify(answer)?.slice(0, 80)}, not a quantity`);
    return safeNumber(BigInt(answer), what);
  }

  chainId(): Promise<number> {
    return this.quantity('eth_chainId', 'eth_chainId');
  }

  blockNumber(): Promise<number> {
    return this.quantity('eth_blockNumber', 'eth_blockNumber');
  }

  /** Whether the registry's address holds code on this chain. */
  async hasCode(): Promise<boolean> {
    const code = await this.send('eth_getCode', [this.contract, 'latest'], 'eth_getCode');
    if (typeof code !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(code)) throw new ChainUnavailable(`eth_getCode: the node answered ${JSON.stringify(code)?.slice(0, 80)}, not bytecode`);
    return code !== '0x';
  }

  private async view(name: 'anchorOf' | 'revokedIn', arg: string): Promise<Result> {
    const what = `${name}(${arg.slice(0, 10)}…)`;
    const data = registry.encodeFunctionData(name, [arg]);
    const answer = await this.send('eth_call', [{ to: this.contract, data }, 'latest'], what);
    try {
      if (typeof answer !== 'string') throw new Error('not a string');
      return registry.decodeFunctionResult(name, answer);
    } catch {
      throw new ChainUnavailable(`${what}: the contract's answer ${JSON.stringify(answer)?.slice(0, 80)} is not what ${name} returns (is ${this.contract} the anchor registry?)`);
    }
  }

  async anchorOf(root: string): Promise<RegistryAnchor> {
    const what = `anchorOf(${root.slice(0, 10)}…)`;
    const [a] = await this.view('anchorOf', root);
    const record = a as Result;
    return {
      periodId: safeNumber(record[0], what),
      firstBlock: safeNumber(record[1], what),
      lastBlock: safeNumber(record[2], what),
      leafCount: safeNumber(record[3], what),
      anchoredAt: safeNumber(record[4], what),
      blockNumber: safeNumber(record[5], what),
    };
  }

  /** The period in which `hash` was recorded as revoked, 0 when it is not. */
  async revokedIn(hash: string): Promise<number> {
    const [period] = await this.view('revokedIn', hash);
    return safeNumber(period, `revokedIn(${hash.slice(0, 10)}…)`);
  }

  /** Stops the provider: no timer or socket is left to keep the process alive. */
  close(): void {
    this.provider.destroy();
  }
}
