// The embedded EVM chain for the anchoring tests: started on the test network's home exactly as
// npm start starts it (geth --dev, the registry deployed once, chain.json), stoppable and
// restartable by its PID file mid-test (an EVM node outage), with a way to fund an account.
import { readFileSync } from 'node:fs';
import { JsonRpcProvider } from 'ethers';
import { fundAccounts, startEvmChain, stopEvmChain, type ChainInfo } from '../../network/src';
import { testContext } from './network';

export interface TestChain {
  info: ChainInfo;
  /** The anchoring worker's private key (0x + 64 hex). */
  anchorerKey: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Brings the account's balance to at least `wei`, from geth's developer account. */
  fund(address: string, wei: bigint): Promise<void>;
}

export async function startTestChain(): Promise<TestChain> {
  const ctx = testContext();
  const quiet = () => undefined;
  const info = await startEvmChain(ctx, quiet);
  const raw = readFileSync(info.anchorerKeyFile, 'utf8').trim();
  return {
    info,
    anchorerKey: raw.startsWith('0x') ? raw : `0x${raw}`,
    stop: async () => { await stopEvmChain(ctx); },
    start: async () => { await startEvmChain(ctx, quiet); },
    fund: async (address, wei) => {
      const provider = new JsonRpcProvider(info.rpcUrl, undefined, { staticNetwork: true });
      try {
        await fundAccounts(provider, [{ address, rule: { threshold: wei, target: wei }, what: 'test account' }]);
      } finally {
        provider.destroy();
      }
    },
  };
}

export async function stopTestChain(chain: TestChain | undefined): Promise<void> {
  if (chain) await chain.stop();
  else await stopEvmChain(testContext());
}
