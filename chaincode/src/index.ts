/**
 * Entry point loaded by `fabric-chaincode-node server` (package.json "main" = dist/index.js).
 * The first contract is the default one: its functions are called without a prefix.
 */
import { skipDisabledLogLevels } from './shim-logging';
import { DiplomaContract } from './contracts/diploma-contract';
import { IssuerRegistryContract } from './contracts/issuer-registry-contract';
import { SigningCertificatesContract } from './contracts/signing-certificates-contract';
import { AnchoringContract } from './contracts/anchoring-contract';

skipDisabledLogLevels();

export { DiplomaContract } from './contracts/diploma-contract';
export { IssuerRegistryContract } from './contracts/issuer-registry-contract';
export { SigningCertificatesContract } from './contracts/signing-certificates-contract';
export { AnchoringContract } from './contracts/anchoring-contract';

export const contracts: (typeof DiplomaContract | typeof IssuerRegistryContract | typeof SigningCertificatesContract | typeof AnchoringContract)[] = [
  DiplomaContract, IssuerRegistryContract, SigningCertificatesContract, AnchoringContract,
];
