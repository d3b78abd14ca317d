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

/** SHA-256 of a UTF-8 string, as 64 lowercase hex digits. */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

/** The field hash: 64 lowercase hex digits. */
export function computeFieldHash(name: string, salt: string, value: JsonValue): string {
  return sha256Hex(fieldHashPreimage(name, salt, value));
}
