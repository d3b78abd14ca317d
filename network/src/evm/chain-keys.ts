// The two keys of the embedded chain's deployment, made once on the first start and kept across
// restarts, chain resets and redeployments: the anchoring worker's (ANCHORER_ROLE) and the
// Ministry's governance key (DEFAULT_ADMIN_ROLE). A file holds 0x and 64 hex digits, mode 0600.
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Wallet } from 'ethers';
import { writeFileAtomic } from '../certificates/atomic-files';

export class ChainKeyError extends Error {
  override name = 'ChainKeyError';
}

/** The key in `file`, 0x-prefixed; throws naming the file when it is missing or not a key. */
export function readKeyFile(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (err) {
    throw new ChainKeyError(`the key file ${file} cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const hex = text.startsWith('0x') ? text.slice(2) : text;
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new ChainKeyError(`the key file ${file} must hold one private key: 64 hex digits`);
  const key = `0x${hex.toLowerCase()}`;
  try {
    new Wallet(key); // refuses zero and keys beyond the curve order
  } catch {
    throw new ChainKeyError(`the key file ${file} does not hold a valid secp256k1 private key`);
  }
  return key;
}

/** The address of the key in `file`. */
export function keyFileAddress(file: string): string {
  return new Wallet(readKeyFile(file)).address;
}

/**
 * Makes a new random key in `file` unless one is there (it is never replaced); returns whether it
 * made one. A key file others can read is made owner-only again.
 */
export function ensureKeyFile(file: string): boolean {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  if (existsSync(file)) {
    readKeyFile(file);
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    return false;
  }
  writeFileAtomic(file, `${Wallet.createRandom().privateKey}\n`, 0o600);
  chmodSync(file, 0o600); // whatever the umask
  return true;
}
