/** Per-field salts: 128 bits from a CSPRNG, written as 32 lowercase hex digits. */
import { bytesToHex, randomBytes as cryptoRandomBytes } from '@noble/hashes/utils';

export const SALT_BYTES = 16;
const SALT_REGEX = /^[0-9a-f]{32}$/;

/** A source of cryptographically secure random bytes (Web Crypto getRandomValues by default). */
export type RandomBytes = (n: number) => Uint8Array;

export const defaultRandomBytes: RandomBytes = (n) => cryptoRandomBytes(n);

/** A fresh salt. */
export function generateSalt(randomBytes: RandomBytes = defaultRandomBytes): string {
  const bytes = randomBytes(SALT_BYTES);
  if (bytes.length !== SALT_BYTES) throw new Error(`random source returned ${bytes.length} bytes, expected ${SALT_BYTES}`);
  return bytesToHex(bytes);
}

export function isSalt(value: unknown): value is string {
  return typeof value === 'string' && SALT_REGEX.test(value);
}
