// Gas per call of DiplomaAnchorRegistry, from the receipts on the in-process Hardhat network
// (no node, no Fabric): deployment, the first and a later anchor, a resent anchor, revocations of
// 1 and 100 hashes (and the 100 resent), a key rotation. Gas does not depend on the machine, so
// the figures are exact for this bytecode and hardfork; only the fee per gas varies by chain.
// Usage: npx tsx scripts/bench-anchoring-gas.ts
// Results: anchoring-gas.json in VANBANG_BENCH_OUT (default var/bench).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Contract, id, type ContractTransactionResponse } from 'ethers';
import { deployRegistry } from '../anchoring/src/chain/deploy-registry';
import { loadHardhat } from '../anchoring/test/support/hardhat';

const OUT = process.env.VANBANG_BENCH_OUT ?? path.join(__dirname, '..', 'var', 'bench');

async function gasOf(sent: Promise<ContractTransactionResponse>): Promise<number> {
  const receipt = await (await sent).wait();
  if (!receipt || receipt.status !== 1) throw new Error('transaction failed');
  return Number(receipt.gasUsed);
}

async function main(): Promise<void> {
  const hre = await loadHardhat();
  const [deployer, admin, anchorer, nextAnchorer] = await hre.ethers.getSigners();
  const deployed = await deployRegistry(deployer, admin.address, anchorer.address);
  const registry = deployed.contract.connect(anchorer) as Contract;
  const hashes = (from: number, n: number) => Array.from({ length: n }, (_, i) => id(`document ${from + i}`));

  const gas = {
    deploy: Number(deployed.receipt.gasUsed),
    anchorFirst: await gasOf(registry.anchor(1, id('root 1'), 0, 99, 1000)),
    anchorLater: await gasOf(registry.anchor(2, id('root 2'), 100, 199, 1000)),
    anchorResent: await gasOf(registry.anchor(2, id('root 2'), 100, 199, 1000)),
    revoke1: await gasOf(registry.revoke(hashes(0, 1), 2)),
    revoke100: await gasOf(registry.revoke(hashes(1, 100), 2)),
    revoke100Resent: await gasOf(registry.revoke(hashes(1, 100), 2)),
    rotateAnchorer: await gasOf((deployed.contract.connect(admin) as Contract).rotateAnchorer(anchorer.address, nextAnchorer.address)),
  };
  const solidity = hre.config.solidity.compilers[0];
  const result = {
    measuredAt: new Date().toISOString(),
    chain: { network: 'hardhat (in-process)', hardfork: hre.config.networks.hardhat.hardfork, chainId: hre.config.networks.hardhat.chainId },
    compiler: { solc: solidity.version, evmVersion: solidity.settings?.evmVersion, optimizerRuns: solidity.settings?.optimizer?.runs },
    deployedBytecodeBytes: ((await hre.ethers.provider.getCode(deployed.address)).length - 2) / 2,
    gas,
    revokePerExtraHash: Math.round((gas.revoke100 - gas.revoke1) / 99),
  };
  mkdirSync(OUT, { recursive: true });
  const file = path.join(OUT, 'anchoring-gas.json');
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
  console.log(`→ ${file}`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
