// The anchor registry on the embedded chain, deployed once: the first start makes the keys,
// funds them and deploys DiplomaAnchorRegistry(admin = governance, anchorer = the worker's key);
// later starts find its code at the recorded address and only top the anchoring key up. A chain
// that lost its data (no code at the address) gets a new deployment and a loud warning.
import { JsonRpcProvider, Wallet } from 'ethers';
import type { Home } from '../paths';
import { ANCHORER_FUNDING, DEPLOYER_FUNDING, fundAccounts, GOVERNANCE_FUNDING } from './account-funding';
import { ChainInfoError, readChainInfo, writeChainInfo, type ChainInfo } from './chain-info';
import { ensureKeyFile, keyFileAddress } from './chain-keys';
import { evmPaths } from './evm-paths';
import { ensureRegistryArtifact } from './registry-build';

export type DeploymentAction = 'kept' | 'deployed' | 'redeployed';

export interface RegistryDeployment {
  info: ChainInfo;
  action: DeploymentAction;
  /** Why it was deployed again (redeployed only). */
  reason?: string;
}

type Log = (line: string) => void;

export function chainProvider(rpcUrl: string): JsonRpcProvider {
  const provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true });
  provider.pollingInterval = 250; // a receipt is looked for every 250 ms, not ethers' 4 s
  return provider;
}

/** Why the recorded deployment cannot be used on this chain; undefined when it can. */
async function staleReason(provider: JsonRpcProvider, recorded: ChainInfo, want: { chainId: number; anchorer: string; governance: string }): Promise<string | undefined> {
  if (recorded.chainId !== want.chainId) return `chain.json is for chain id ${recorded.chainId}, the chain says ${want.chainId}`;
  if (recorded.anchorer !== want.anchorer || recorded.governance !== want.governance) return 'the key files no longer match the addresses chain.json names';
  const code = await provider.getCode(recorded.contract);
  if (code === '0x') return `no contract code at ${recorded.contract}: the chain's data was lost or reset`;
  return undefined;
}

async function withDeadline<T>(what: string, ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not done after ${Math.round(ms / 1000)} s (is the EVM chain producing blocks? see its log)`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Finds the registry this home deployed on the chain at `rpcUrl`, or deploys it; tops the keys up. */
export async function ensureRegistryDeployment(home: Home, rpcUrl: string, log: Log, opts: { timeoutMs?: number } = {}): Promise<RegistryDeployment> {
  return withDeadline('deploying the anchor registry', opts.timeoutMs ?? 120_000, deploymentSteps(home, rpcUrl, log));
}

async function deploymentSteps(home: Home, rpcUrl: string, log: Log): Promise<RegistryDeployment> {
  const paths = evmPaths(home);
  for (const [file, what] of [[paths.anchorerKeyFile, 'anchoring key'], [paths.governanceKeyFile, 'governance key']] as const) {
    if (ensureKeyFile(file)) log(`  new ${what} in ${file}`);
  }
  const anchorer = keyFileAddress(paths.anchorerKeyFile);
  const governance = keyFileAddress(paths.governanceKeyFile);
  const provider = chainProvider(rpcUrl);
  try {
    const chainId = Number(BigInt(await provider.send('eth_chainId', [])));
    const want = { chainId, anchorer, governance };
    let recorded: ChainInfo | undefined;
    let reason: string | undefined;
    try {
      recorded = readChainInfo(home);
    } catch (err) {
      if (!(err instanceof ChainInfoError)) throw err;
      reason = err.message;
    }
    if (recorded) reason = await staleReason(provider, recorded, want);

    const keys = [
      { address: anchorer, rule: ANCHORER_FUNDING, what: 'the anchoring key' },
      { address: governance, rule: GOVERNANCE_FUNDING, what: 'the governance key' },
    ];
    if (recorded && !reason) {
      for (const line of await fundAccounts(provider, keys)) log(`  ${line}`);
      // The same chain reached at another port (a changed VANBANG_PORT_SHIFT): the URL follows.
      if (recorded.rpcUrl !== rpcUrl) writeChainInfo(home, (recorded = { ...recorded, rpcUrl }));
      return { info: recorded, action: 'kept' };
    }

    if (reason) {
      log(`  ⚠ WARNING: the anchor registry of ${paths.chainInfoFile} cannot be used (${reason}).`);
      log('  ⚠ Deploying a new registry: roots anchored in the old one are not on this chain, and the gateway anchors into the new one.');
    }
    const artifact = await ensureRegistryArtifact(log);
    // A one-off deployer: every deployment gets an address of its own, so a redeployment after
    // lost chain data never reappears at the address the lost registry had.
    const deployer = Wallet.createRandom().connect(provider);
    for (const line of await fundAccounts(provider, [...keys, { address: deployer.address, rule: DEPLOYER_FUNDING, what: 'the deployer' }])) log(`  ${line}`);
    // Loaded here, not at the top: see registry-build.ts.
    const { deployRegistry } = await import('@vanbang/anchoring');
    const { address, receipt } = await deployRegistry(deployer, governance, anchorer, { confirmations: 1, artifact });
    const info: ChainInfo = {
      embedded: true,
      rpcUrl,
      chainId,
      contract: address,
      deployedAtBlock: receipt.blockNumber,
      deploymentTx: receipt.hash,
      anchorer,
      anchorerKeyFile: paths.anchorerKeyFile,
      governance,
    };
    writeChainInfo(home, info);
    log(`  deployed DiplomaAnchorRegistry at ${address} (block ${receipt.blockNumber}); ${paths.chainInfoFile} ${reason ? 'rewritten' : 'written'}`);
    return { info, action: reason ? 'redeployed' : 'deployed', reason };
  } finally {
    provider.destroy();
  }
}
