// The key that encrypts the Fabric identities' private keys at rest (AES-256-GCM): from
// VANBANG_MASTER_KEY (64 hex digits or base64 of 32 bytes), or a key file generated once under
// <VANBANG_HOME>/gateway/master.key with mode 0600.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import path from 'node:path';
import { readOrCreateKeyFile } from './key-file';

export function loadMasterKey(home: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  const fromEnv = env.VANBANG_MASTER_KEY;
  if (fromEnv) return parseKey(fromEnv, 'VANBANG_MASTER_KEY');
  const file = path.join(home, 'gateway', 'master.key');
  return parseKey(readOrCreateKeyFile(file), file);
}

function parseKey(text: string, source: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error(`${source} must hold a 256-bit key (64 hex digits or base64 of 32 bytes)`);
  return key;
}

export interface Sealed {
  iv: string;
  tag: string;
  data: string;
}

export function seal(key: Buffer, plaintext: string, associatedData: string): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
}

/** Throws if the key is wrong or the ciphertext (or its associated data) was altered. */
export function unseal(key: Buffer, sealed: Sealed, associatedData: string): string {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
  decipher.setAAD(Buffer.from(associatedData, 'utf8'));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
}
