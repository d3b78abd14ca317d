/**
 * The hash of one field: SHA-256 over the RFC 8785 canonical JSON of
 * {"name": <field name>, "salt": <salt>, "value": <value>}, every string in NFC.
 */
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import { canonicalJson } from './canonical-json';
import { normalizeNfc, type JsonValue } from './normalize';

/** The exact text that is hashed for one field (exposed for test vectors and debugging). */
export function fieldHashPreimage(name: string, salt: string, value: JsonValue): string {
  return canonicalJson(normalizeNfc({ name, salt, value }));
}

type NodeCrypto = typeof import('node:crypto');

/**
 * node:crypto when running on Node (found without importing it, so this module still loads in a
 * browser), else undefined. Its native SHA-256 gives the same digest as @noble/hashes, about six
 * times faster on these short texts (0.7 µs vs 4.5 µs): a document takes about 23 hashes.
 */
const nodeCrypto = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined;

/** The pure-JS SHA-256 (every platform); exported for the test that pins the native one to it. */
export function portableSha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

const sha256HexImpl: (text: string) => string =
  nodeCrypto?.hash !== undefined ? (text) => nodeCrypto.hash('sha256', text, 'hex')
    : nodeCrypto !== undefined ? (text) => nodeCrypto.createHash('sha256').update(text, 'utf8').digest('hex')
      : portableSha256Hex;

/** SHA-256 of a UTF-8 string, as 64 lowercase hex digits. */
export function sha256Hex(text: string): string {
  return sha256HexImpl(text);
}

/** The field hash: 64 lowercase hex digits. */
export function computeFieldHash(name: string, salt: string, value: JsonValue): string {
  return sha256Hex(fieldHashPreimage(name, salt, value));
}
