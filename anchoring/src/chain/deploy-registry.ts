// Deploys DiplomaAnchorRegistry with ethers 6 and waits until it is mined.
import { Contract, ContractFactory, ZeroAddress, isAddress, type ContractTransactionReceipt, type Signer } from 'ethers';
import { loadRegistryArtifact, type RegistryArtifact } from './registry-artifact';

export interface DeployRegistryOptions {
  /** Blocks to wait for after the deployment's (1: mined). */
  confirmations?: number;
  /** Defaults to the Hardhat artifact in anchoring/artifacts (see loadRegistryArtifact). */
  artifact?: RegistryArtifact;
}

export interface DeployedRegistry {
  address: string;
  /** The registry, connected to the deploying signer. */
  contract: Contract;
  /** The deployment's receipt: its block is where an event scan of the registry starts. */
  receipt: ContractTransactionReceipt;
}

function checkKey(role: string, value: string): void {
  // The contract refuses zero too, but only after the deployer has paid for the attempt.
  if (!isAddress(value) || value === ZeroAddress) throw new Error(`deployRegistry: ${role} must be a non-zero address, got ${JSON.stringify(value)}`);
}

/**
 * Deploys the registry from `signer`, with `admin` holding DEFAULT_ADMIN_ROLE (the Ministry's
 * governance key) and `anchorer` ANCHORER_ROLE (the anchoring worker's key).
 */
export async function deployRegistry(signer: Signer, admin: string, anchorer: string, options: DeployRegistryOptions = {}): Promise<DeployedRegistry> {
  checkKey('admin', admin);
  checkKey('anchorer', anchorer);
  const confirmations = options.confirmations ?? 1;
  if (!Number.isInteger(confirmations) || confirmations < 1) throw new Error(`deployRegistry: confirmations must be an integer ≥ 1, got ${confirmations}`);
  const artifact = options.artifact ?? loadRegistryArtifact();

  const factory = new ContractFactory(artifact.abi, artifact.bytecode, signer);
  const deployed = await factory.deploy(admin, anchorer);
  // wait() throws when the deployment reverts; it returns null only for 0 confirmations.
  const receipt = await deployed.deploymentTransaction()?.wait(confirmations);
  if (!receipt?.contractAddress) throw new Error(`deployRegistry: no receipt with a contract address for ${deployed.deploymentTransaction()?.hash ?? 'the deployment'}`);
  const address = receipt.contractAddress;
  return { address, contract: new Contract(address, artifact.abi, signer), receipt };
}
