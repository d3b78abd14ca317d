// Test helpers for the registry: a fresh deployment, its custom errors and its events.
import type { HardhatEthersSigner } from '@nomicfoundation/hardhat-ethers/signers';
import type { Contract, ContractTransactionReceipt, ContractTransactionResponse, ErrorDescription, Interface, LogDescription } from 'ethers';
import { deployRegistry } from '../../src/chain/deploy-registry';
import { loadHardhat, type Hardhat } from './hardhat';

export interface Fixture {
  hre: Hardhat;
  registry: Contract;
  deployer: HardhatEthersSigner;
  admin: HardhatEthersSigner;
  anchorer: HardhatEthersSigner;
  /** Accounts holding no role. */
  others: HardhatEthersSigner[];
}

/** A registry deployed by account 0, account 1 its admin, account 2 its anchorer. */
export async function freshRegistry(): Promise<Fixture> {
  const hre = await loadHardhat();
  const [deployer, admin, anchorer, ...others] = await hre.ethers.getSigners();
  const { contract } = await deployRegistry(deployer, admin.address, anchorer.address);
  return { hre, registry: contract, deployer, admin, anchorer, others };
}

/** The registry as seen by `signer` (ethers' connect() loses the Contract type). */
export function as(registry: Contract, signer: HardhatEthersSigner): Contract {
  return registry.connect(signer) as Contract;
}

/** Sends, waits for the receipt (fails the test when there is none). */
export async function mined(sent: Promise<ContractTransactionResponse>): Promise<ContractTransactionReceipt> {
  const receipt = await (await sent).wait();
  if (!receipt) throw new Error('no receipt');
  return receipt;
}

/** The custom error a call reverted with; fails when it did not revert or the data is not the contract's. */
export async function revertOf(call: Promise<unknown>, iface: Interface): Promise<{ name: string; args: unknown[] }> {
  let error: unknown;
  try {
    await call;
  } catch (e) {
    error = e;
  }
  if (error === undefined) throw new Error('expected a revert, the call succeeded');
  // Hardhat's SolidityError carries the raw revert data as `data`.
  const data = (error as { data?: unknown }).data;
  if (typeof data !== 'string') throw error;
  const parsed: ErrorDescription | null = iface.parseError(data);
  if (!parsed) throw new Error(`revert data ${data} is not one of the contract's errors`);
  return { name: parsed.name, args: [...parsed.args] };
}

/** The receipt's events of `name` from the registry, as plain argument arrays. */
export function eventsOf(receipt: ContractTransactionReceipt, iface: Interface, name: string): unknown[][] {
  return receipt.logs
    .map((log) => iface.parseLog(log))
    .filter((e): e is LogDescription => e !== null && e.name === name)
    .map((e) => [...e.args]);
}
