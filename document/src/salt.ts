/** Per-field salts: 128 bits from a CSPRNG, written as 32 lowercase hex digits. */
import { bytesToHex, randomBytes as cryptoRandomBytes } from '@noble/hashes/utils';

export const SALT_BYTES = 16;
const SALT_REGEX = /^[0-9a-f]{32}$/;

/** A source of cryptographically secure random bytes (Web Crypto getRandomValues by default). */
export type RandomBytes = (n: number) => Uint8Array;

// Salts are drawn from a pool of CSPRNG output refilled 4 KB at a time: a document needs about 22
// salts, and one getRandomValues call per salt cost more than the rest of salting. Every byte is
// handed out once (copied out, then overwritten by the next refill), as Node does for randomUUID.
const POOL_BYTES = 4096;
const pool = new Uint8Array(POOL_BYTES);
let poolOffset = POOL_BYTES;

export const defaultRandomBytes: RandomBytes = (n) => {
  if (n > POOL_BYTES) return cryptoRandomBytes(n);
  if (poolOffset + n > POOL_BYTES) {
    pool.set(cryptoRandomBytes(POOL_BYTES));
    poolOffset = 0;
  }
  const out = pool.slice(poolOffset, poolOffset + n);
  poolOffset += n;
  return out;
};

/** A fresh salt. */
export function generateSalt(randomBytes: RandomBytes = defaultRandomBytes): string {
  const bytes = randomBytes(SALT_BYTES);
  if (bytes.length !== SALT_BYTES) throw new Error(`random source returned ${bytes.length} bytes, expected ${SALT_BYTES}`);
  return bytesToHex(bytes);
}

export function isSalt(value: unknown): value is string {
  return typeof value === 'string' && SALT_REGEX.test(value);
}
