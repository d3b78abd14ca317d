// The embedded EVM chain for real: geth --dev started in a temporary home on shifted ports, the
// registry deployed, stopped by its PID file and started again, then killed with SIGKILL and
// started again — each time the same registry with the same state. Needs the geth binary
// (`npm run tools`). Ports shifted by 14700 (VANBANG_TEST_EVM_PORT_SHIFT), never the defaults.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Contract, Wallet, id } from 'ethers';
import { loadRegistryArtifact } from '@vanbang/anchoring';
import {
  binary,
  chainProvider,
  EVM_CHAIN_PROCESS,
  evmPaths,
  isPortFree,
  jsonRpc,
  killProcess,
  networkContext,
  networkStatus,
  readChainInfo,
  readKeyFile,
  runningPid,
  startEvmChainDetailed,
  stopEvmChain,
  type ChainInfo,
  type NetworkContext,
} from '../src';

const PORT_SHIFT = Number(process.env.VANBANG_TEST_EVM_PORT_SHIFT ?? 14700);
const root = mkdtempSync(path.join(os.tmpdir(), 'vanbang-evm-'));
const lines: string[] = [];
const log = (line: string) => lines.push(line);

function context(): NetworkContext {
  const ctx = networkContext({ home: root, portShift: PORT_SHIFT });
  ctx.topology.services.evmChain.blockPeriod = 1; // confirmations in a second
  return ctx;
}

const ctx = context();
const rpcUrl = `http://127.0.0.1:${ctx.topology.services.evmChain.port}`;

async function registryAs(info: ChainInfo) {
  const provider = chainProvider(info.rpcUrl);
  const anchorer = new Wallet(readKeyFile(info.anchorerKeyFile), provider);
  return { provider, registry: new Contract(info.contract, loadRegistryArtifact().abi, anchorer) };
}

async function blockNumber(): Promise<number> {
  return Number(BigInt(await jsonRpc<string>(rpcUrl, 'eth_blockNumber')));
}

async function anchorPeriod(info: ChainInfo, periodId: number, confirmations: number): Promise<{ hash: string; blockNumber: number }> {
  const { provider, registry } = await registryAs(info);
  try {
    const tx = await registry.getFunction('anchor')(periodId, id(`root ${periodId}`), periodId * 10, periodId * 10 + 9, 3);
    const receipt = await tx.wait(confirmations);
    return { hash: receipt!.hash, blockNumber: receipt!.blockNumber };
  } finally {
    provider.destroy();
  }
}

async function lastPeriodId(info: ChainInfo): Promise<bigint> {
  const { provider, registry } = await registryAs(info);
  try {
    return (await registry.getFunction('lastPeriodId')()) as bigint;
  } finally {
    provider.destroy();
  }
}

beforeAll(() => {
  if (!existsSync(binary('geth'))) throw new Error(`${binary('geth')} is missing: run \`npm run tools\` first`);
});

afterAll(async () => {
  // Whatever happened above: stop it by its PID file, then remove the home.
  await stopEvmChain(context());
  rmSync(root, { recursive: true, force: true });
}, 60_000);

describe('the embedded EVM chain (geth --dev)', () => {
  let first: ChainInfo;
  let anchored: { hash: string; blockNumber: number };

  it('starts on its shifted port, makes the keys, deploys the registry and writes chain.json', async () => {
    expect(ctx.topology.services.evmChain.port).toBe(7545 + PORT_SHIFT);
    const started = await startEvmChainDetailed(ctx, log);
    expect(started.action).toBe('deployed');
    first = started.info;
    expect(readChainInfo(ctx.home)).toEqual(first);
    const paths = evmPaths(ctx.home);
    expect(first).toMatchObject({ embedded: true, rpcUrl, chainId: 1337, anchorerKeyFile: paths.anchorerKeyFile });
    expect(first.anchorer).toBe(new Wallet(readKeyFile(paths.anchorerKeyFile)).address);
    expect(first.governance).toBe(new Wallet(readKeyFile(paths.governanceKeyFile)).address);
    for (const f of [paths.anchorerKeyFile, paths.governanceKeyFile]) expect(statSync(f).mode & 0o777).toBe(0o600);
    expect(readFileSync(paths.anchorerKeyFile, 'utf8')).toMatch(/^0x[0-9a-f]{64}\n$/);
    // Code at the address, deployed in the recorded block by the recorded transaction.
    expect(((await jsonRpc<string>(rpcUrl, 'eth_getCode', [first.contract, 'latest'])).length)).toBeGreaterThan(1000);
    const receipt = await jsonRpc<{ blockNumber: string; contractAddress: string; status: string }>(rpcUrl, 'eth_getTransactionReceipt', [first.deploymentTx]);
    expect(receipt).toMatchObject({ status: '0x1', blockNumber: `0x${first.deployedAtBlock.toString(16)}` });
    expect(receipt.contractAddress.toLowerCase()).toBe(first.contract.toLowerCase());
    // The roles went to the keys, and the anchoring key is funded: it anchors.
    anchored = await anchorPeriod(first, 1, 2);
    expect(await lastPeriodId(first)).toBe(1n);
    // Its status row, by PID, on its port.
    const row = (await networkStatus(ctx)).processes.find((p) => p.name === EVM_CHAIN_PROCESS);
    expect(row).toMatchObject({ pid: runningPid(ctx.home, EVM_CHAIN_PROCESS), ports: [7545 + PORT_SHIFT], healthy: true });
  }, 120_000);

  it('stopped by its PID file and started again: the same registry and state, the chain not shorter', async () => {
    const height = await blockNumber();
    expect(await stopEvmChain(ctx)).toBe(true);
    expect(runningPid(ctx.home, EVM_CHAIN_PROCESS)).toBeUndefined();
    expect(await isPortFree('127.0.0.1', ctx.topology.services.evmChain.port)).toBe(true);
    const again = await startEvmChainDetailed(ctx, log);
    expect(again.action).toBe('kept');
    expect(again.info).toEqual(first);
    expect(again.headAtStart).toBeGreaterThanOrEqual(height);
    expect(await lastPeriodId(first)).toBe(1n);
    expect(await jsonRpc(rpcUrl, 'eth_getTransactionReceipt', [anchored.hash])).toMatchObject({ status: '0x1' });
  }, 120_000);

  it('killed with SIGKILL right after a confirmed transaction: nothing of it is lost', async () => {
    const second = await anchorPeriod(first, 2, 2);
    const height = await blockNumber();
    await killProcess(ctx.home, EVM_CHAIN_PROCESS);
    expect(runningPid(ctx.home, EVM_CHAIN_PROCESS)).toBeUndefined();
    const again = await startEvmChainDetailed(ctx, log);
    expect(again.action).toBe('kept');
    expect(again.info.contract).toBe(first.contract);
    expect(again.headAtStart).toBeGreaterThanOrEqual(height);
    expect(await lastPeriodId(first)).toBe(2n);
    expect(await jsonRpc(rpcUrl, 'eth_getTransactionReceipt', [second.hash])).toMatchObject({ status: '0x1', blockNumber: `0x${second.blockNumber.toString(16)}` });
  }, 120_000);

  it('a chain that lost its data: a new registry at a new address, the same keys, chain.json rewritten, a warning', async () => {
    expect(await stopEvmChain(ctx)).toBe(true);
    rmSync(evmPaths(ctx.home).evmRoot, { recursive: true, force: true });
    lines.length = 0;
    const again = await startEvmChainDetailed(ctx, log);
    expect(again.action).toBe('redeployed');
    expect(again.reason).toMatch(/no contract code at/);
    expect(lines.join('\n')).toMatch(/WARNING: the anchor registry .* cannot be used/);
    expect(again.info.contract).not.toBe(first.contract);
    expect({ anchorer: again.info.anchorer, governance: again.info.governance }).toEqual({ anchorer: first.anchorer, governance: first.governance });
    expect(readChainInfo(ctx.home)).toEqual(again.info);
    expect(await lastPeriodId(again.info)).toBe(0n);
  }, 120_000);
});
