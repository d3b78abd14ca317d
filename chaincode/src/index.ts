/**
 * Entry point loaded by `fabric-chaincode-node server` (package.json "main" = dist/index.js).
 * The first contract is the default one: its functions are called without a prefix.
 */
import { skipDisabledLogLevels } from './shim-logging';
import { DiplomaContract } from './contracts/diploma-contract';
import { IssuerRegistryContract } from './contracts/issuer-registry-contract';
import { SigningCertificatesContract } from './contracts/signing-certificates-contract';

skipDisabledLogLevels();

export { DiplomaContract } from './contracts/diploma-contract';
export { IssuerRegistryContract } from './contracts/issuer-registry-contract';
export { SigningCertificatesContract } from './contracts/signing-certificates-contract';

export const contracts: (typeof DiplomaContract | typeof IssuerRegistryContract | typeof SigningCertificatesContract)[] = [
  DiplomaContract, IssuerRegistryContract, SigningCertificatesContract,
];
