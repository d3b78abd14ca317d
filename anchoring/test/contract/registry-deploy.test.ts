// registry-artifact and deploy-registry: the artifact read for ethers, its errors, the deployment.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deployRegistry } from '../../src/chain/deploy-registry';
import { loadRegistryArtifact, REGISTRY_ARTIFACT_PATH, RegistryArtifactError } from '../../src/chain/registry-artifact';
import { loadHardhat, type Hardhat } from '../support/hardhat';
import { eventsOf } from '../support/registry';

let hre: Hardhat;
let tmp: string;

beforeAll(async () => {
  hre = await loadHardhat();
}, 120_000);
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'registry-artifact-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

test('the artifact gives the ABI and creation bytecode Hardhat compiled', async () => {
  const artifact = loadRegistryArtifact();
  const compiled = await hre.artifacts.readArtifact('DiplomaAnchorRegistry');
  expect(artifact.bytecode).toBe(compiled.bytecode);
  expect(artifact.abi).toEqual(compiled.abi);
  expect(path.relative(hre.config.paths.artifacts, REGISTRY_ARTIFACT_PATH)).toBe(path.join('contracts', 'DiplomaAnchorRegistry.sol', 'DiplomaAnchorRegistry.json'));
});

test('a missing artifact says where it was looked for and how to build it', () => {
  const missing = path.join(tmp, 'nothing.json');
  expect(() => loadRegistryArtifact(missing)).toThrow(RegistryArtifactError);
  expect(() => loadRegistryArtifact(missing)).toThrow(`DiplomaAnchorRegistry artifact not found at ${missing}: run npm run build -w anchoring`);
});

test('a file that is not the registry artifact is refused', () => {
  const garbled = path.join(tmp, 'garbled.json');
  writeFileSync(garbled, '{"abi": [');
  expect(() => loadRegistryArtifact(garbled)).toThrow(/is not JSON .*run npm run build -w anchoring/);
  const other = path.join(tmp, 'other.json');
  writeFileSync(other, JSON.stringify({ contractName: 'DiplomaAnchorRegistry', abi: [], bytecode: '0x' }));
  expect(() => loadRegistryArtifact(other)).toThrow(/is not a compiled DiplomaAnchorRegistry artifact/);
});

test('deployRegistry deploys, waits for the receipt and connects the contract to the signer', async () => {
  const [deployer, admin, anchorer] = await hre.ethers.getSigners();
  const { address, contract, receipt } = await deployRegistry(deployer, admin.address, anchorer.address);
  expect(receipt.status).toBe(1);
  expect(await hre.ethers.provider.getCode(address)).not.toBe('0x');
  expect(await contract.getAddress()).toBe(address);
  expect(contract.runner).toBe(deployer);
  const granted = eventsOf(receipt, contract.interface, 'RoleGranted').map(([, account]) => account);
  expect(granted).toEqual([admin.address, anchorer.address]);
});

test('deployRegistry refuses a bad key before sending anything', async () => {
  const [deployer, admin] = await hre.ethers.getSigners();
  const nonce = await deployer.getNonce();
  await expect(deployRegistry(deployer, admin.address, 'not-an-address')).rejects.toThrow('deployRegistry: anchorer must be a non-zero address, got "not-an-address"');
  await expect(deployRegistry(deployer, '0x0000000000000000000000000000000000000000', admin.address)).rejects.toThrow(/admin must be a non-zero address/);
  await expect(deployRegistry(deployer, admin.address, admin.address, { confirmations: 0 })).rejects.toThrow(/confirmations must be an integer ≥ 1/);
  await expect(deployRegistry(deployer, admin.address, admin.address, { artifact: loadRegistryArtifact(), confirmations: 1.5 })).rejects.toThrow(/confirmations/);
  expect(await deployer.getNonce()).toBe(nonce);
});
