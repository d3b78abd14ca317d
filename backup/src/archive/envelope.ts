// The encrypted envelope of a backup file: AES-256-GCM over the whole file, streamed.
//
//   "VBBK1\n" | header length (uint32 BE) | header JSON | ciphertext | GCM tag (16 bytes)
//
// The header (authenticated as the cipher's associated data) holds the salt, the IV, the key
// derivation and a key check value, so a wrong key is told apart from a damaged file before any
// byte is decrypted. The key is the operator's (backup-key.ts): used as is when it is 256 random
// bits, stretched with scrypt when it is a passphrase; HKDF then derives one subkey to encrypt
// and one to compute the check value. Decryption writes to a temporary file and renames it only
// once the tag has been verified, so a damaged archive never leaves plaintext behind.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream, openSync, readSync, closeSync, renameSync, rmSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BackupKey } from './backup-key';

const MAGIC = Buffer.from('VBBK1\n', 'ascii');
const TAG_BYTES = 16;
const SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;

interface EnvelopeHeader {
  version: 1;
  cipher: 'aes-256-gcm';
  kdf: { name: 'none' } | { name: 'scrypt'; N: number; r: number; p: number };
  salt: string;
  iv: string;
  keyCheck: string;
  /** HMAC of the rest of the header under the check subkey: a damaged header is named as such. */
  headerMac?: string;
  /** What the file holds (e.g. "archive", "master-key"): a file of one kind is refused as another. */
  purpose: string;
}

/** Why a file could not be decrypted, in words an operator can act on. */
export class EnvelopeError extends Error {
  constructor(message: string, readonly reason: 'not-a-backup' | 'wrong-key' | 'corrupted' | 'wrong-purpose') {
    super(message);
  }
}

function subkeys(key: BackupKey, salt: Buffer, kdf: EnvelopeHeader['kdf']): { encryption: Buffer; check: Buffer } {
  const master = key.kind === 'raw'
    ? key.key
    : kdf.name === 'scrypt' ? scryptSync(key.passphrase, salt, 32, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 128 * kdf.N * kdf.r * 2 }) : Buffer.from(key.passphrase, 'utf8');
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', master, salt, info, 32));
  return { encryption: derive('vanbang backup encryption'), check: derive('vanbang backup key check') };
}

function keyCheckValue(check: Buffer, salt: Buffer): string {
  return createHmac('sha256', check).update(salt).digest('base64');
}

function headerMac(check: Buffer, header: EnvelopeHeader): string {
  const { headerMac: _ignored, ...rest } = header;
  return createHmac('sha256', check).update(JSON.stringify(rest)).digest('base64');
}

function headerBytes(header: EnvelopeHeader): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length);
  return Buffer.concat([MAGIC, length, json]);
}

/** Encrypts `source` into `target` (created; never overwritten). */
export function encryptFile(source: string, target: string, key: BackupKey, purpose: string): Promise<void> {
  return encryptStream(createReadStream(source), target, key, purpose);
}

/** Encrypts a stream into `target` (created; never overwritten): a backup's archive never touches the disk unencrypted. */
export async function encryptStream(source: NodeJS.ReadableStream | AsyncIterable<Uint8Array>, target: string, key: BackupKey, purpose: string): Promise<void> {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const kdf: EnvelopeHeader['kdf'] = key.kind === 'raw' ? { name: 'none' } : { name: 'scrypt', ...SCRYPT };
  const keys = subkeys(key, salt, kdf);
  const fields: EnvelopeHeader = { version: 1, cipher: 'aes-256-gcm', kdf, salt: salt.toString('base64'), iv: iv.toString('base64'), keyCheck: keyCheckValue(keys.check, salt), purpose };
  const header = headerBytes({ ...fields, headerMac: headerMac(keys.check, fields) });
  const cipher = createCipheriv('aes-256-gcm', keys.encryption, iv);
  cipher.setAAD(header);
  const out = createWriteStream(target, { flags: 'wx', mode: 0o600 });
  out.write(header);
  await pipeline(source, cipher, out, { end: false });
  await new Promise<void>((resolve, reject) => out.end(cipher.getAuthTag(), () => resolve()).once('error', reject));
}

function readHeader(file: string): { header: EnvelopeHeader; raw: Buffer; size: number } {
  const size = statSync(file).size;
  const fd = openSync(file, 'r');
  try {
    const start = Buffer.alloc(MAGIC.length + 4);
    if (readSync(fd, start, 0, start.length, 0) !== start.length || !start.subarray(0, MAGIC.length).equals(MAGIC)) {
      throw new EnvelopeError(`${file} is not a vanbang backup file (or its first bytes are damaged).`, 'not-a-backup');
    }
    const length = start.readUInt32BE(MAGIC.length);
    if (length > 64 * 1024 || start.length + length + TAG_BYTES > size) throw new EnvelopeError(`${file} is damaged: its header is cut short.`, 'corrupted');
    const json = Buffer.alloc(length);
    readSync(fd, json, 0, length, start.length);
    let header: EnvelopeHeader;
    try {
      header = JSON.parse(json.toString('utf8')) as EnvelopeHeader;
    } catch {
      throw new EnvelopeError(`${file} is damaged: its header is not readable.`, 'corrupted');
    }
    if (header.version !== 1 || header.cipher !== 'aes-256-gcm') throw new EnvelopeError(`${file} was written by another version of vanbang (envelope ${String(header.version)}).`, 'not-a-backup');
    return { header, raw: Buffer.concat([start, json]), size };
  } finally {
    closeSync(fd);
  }
}

/**
 * Decrypts `source` into `target`. Throws an EnvelopeError — wrong key, damaged file, or a file
 * of another purpose — and then leaves no `target` behind.
 */
export async function decryptFile(source: string, target: string, key: BackupKey, purpose: string): Promise<void> {
  const { header, raw, size } = readHeader(source);
  const salt = Buffer.from(header.salt, 'base64');
  const keys = subkeys(key, salt, header.kdf);
  const expected = Buffer.from(keyCheckValue(keys.check, salt), 'base64');
  const given = Buffer.from(header.keyCheck, 'base64');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new EnvelopeError(`The key does not open ${source}: it was encrypted with another key (or its header is damaged).`, 'wrong-key');
  }
  if (header.headerMac !== headerMac(keys.check, header)) throw new EnvelopeError(`${source} is damaged: its header was altered.`, 'corrupted');
  if (header.purpose !== purpose) throw new EnvelopeError(`${source} holds a ${header.purpose}, not a ${purpose}.`, 'wrong-purpose');
  const tag = Buffer.alloc(TAG_BYTES);
  const fd = openSync(source, 'r');
  readSync(fd, tag, 0, TAG_BYTES, size - TAG_BYTES);
  closeSync(fd);
  const decipher = createDecipheriv('aes-256-gcm', keys.encryption, Buffer.from(header.iv, 'base64'));
  decipher.setAAD(raw);
  decipher.setAuthTag(tag);
  const partial = `${target}.partial`;
  try {
    const end = size - TAG_BYTES - 1;
    const body = end >= raw.length ? createReadStream(source, { start: raw.length, end }) : Readable.from([]);
    await pipeline(body, decipher, createWriteStream(partial, { flags: 'w', mode: 0o600 }));
    renameSync(partial, target);
  } catch (err) {
    rmSync(partial, { force: true });
    if (err instanceof EnvelopeError) throw err;
    throw new EnvelopeError(`${source} is damaged or was altered: its content fails authentication (${(err as Error).message}).`, 'corrupted');
  }
}
