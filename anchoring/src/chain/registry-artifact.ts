// The compiled DiplomaAnchorRegistry (ABI and creation bytecode) for ethers, read from the
// Hardhat artifact at run time: the artifact is a build output, not a source, so it is never
// imported or copied into src/.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { InterfaceAbi } from 'ethers';

export const REGISTRY_CONTRACT_NAME = 'DiplomaAnchorRegistry';

/** Where `hardhat compile` in anchoring/ writes it; this file is src/chain/ or dist/chain/. */
export const REGISTRY_ARTIFACT_PATH = path.join(__dirname, '..', '..', 'artifacts', 'contracts', `${REGISTRY_CONTRACT_NAME}.sol`, `${REGISTRY_CONTRACT_NAME}.json`);

const BUILD_HINT = 'run npm run build -w anchoring';

export interface RegistryArtifact {
  contractName: string;
  abi: InterfaceAbi;
  /** Creation bytecode, 0x-prefixed. */
  bytecode: string;
}

export class RegistryArtifactError extends Error {
  override name = 'RegistryArtifactError';
}

/** Reads and checks the artifact; throws RegistryArtifactError saying how to build it. */
export function loadRegistryArtifact(file: string = REGISTRY_ARTIFACT_PATH): RegistryArtifact {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new RegistryArtifactError(`${REGISTRY_CONTRACT_NAME} artifact not found at ${file}: ${BUILD_HINT}`);
    }
    throw e;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new RegistryArtifactError(`${REGISTRY_CONTRACT_NAME} artifact at ${file} is not JSON (${(e as Error).message}): ${BUILD_HINT}`);
  }
  const a = json as Partial<Record<'contractName' | 'abi' | 'bytecode', unknown>>;
  if (a.contractName !== REGISTRY_CONTRACT_NAME || !Array.isArray(a.abi) || typeof a.bytecode !== 'string' || !/^0x([0-9a-f]{2})+$/i.test(a.bytecode)) {
    throw new RegistryArtifactError(`${file} is not a compiled ${REGISTRY_CONTRACT_NAME} artifact (contractName, abi, bytecode): ${BUILD_HINT}`);
  }
  return { contractName: a.contractName, abi: a.abi as InterfaceAbi, bytecode: a.bytecode };
}
