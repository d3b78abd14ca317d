// The encrypted envelope: what goes in comes out; a wrong key, a flipped byte anywhere, a cut
// file or a file of another purpose is refused with its own reason, and leaves no plaintext.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseBackupKey } from '../src/archive/backup-key';
import { decryptFile, encryptFile, EnvelopeError } from '../src/archive/envelope';

let dir: string;
const rawKey = parseBackupKey(randomBytes(32).toString('hex'), 'test');
const passphrase = parseBackupKey('correct horse battery staple', 'test');

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'vanbang-envelope-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function encrypted(content: Buffer, key = rawKey, purpose = 'archive'): Promise<string> {
  const plain = path.join(dir, 'plain');
  writeFileSync(plain, content);
  const sealed = path.join(dir, 'sealed');
  return encryptFile(plain, sealed, key, purpose).then(() => sealed);
}

async function reason(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof EnvelopeError) return err.reason;
    throw err;
  }
  return 'opened';
}

test.each([['a raw key', rawKey], ['a passphrase', passphrase]])('round trip with %s, for an empty file and a large one', async (_what, key) => {
  for (const content of [Buffer.alloc(0), randomBytes(3 * 1024 * 1024 + 7)]) {
    const sealed = await encrypted(content, key);
    expect(readFileSync(sealed).includes(content.subarray(0, 64)) && content.length > 0).toBe(false);
    const out = path.join(dir, 'out');
    await decryptFile(sealed, out, key, 'archive');
    expect(readFileSync(out).equals(content)).toBe(true);
    rmSync(out);
    rmSync(sealed);
  }
});

test('a wrong key is told apart from damage, before anything is decrypted', async () => {
  const sealed = await encrypted(randomBytes(10_000));
  const other = parseBackupKey(randomBytes(32).toString('hex'), 'test');
  expect(await reason(decryptFile(sealed, path.join(dir, 'out'), other, 'archive'))).toBe('wrong-key');
  expect(await reason(decryptFile(sealed, path.join(dir, 'out'), parseBackupKey('a different passphrase!', 't'), 'archive'))).toBe('wrong-key');
  expect(existsSync(path.join(dir, 'out'))).toBe(false);
});

test('one flipped byte anywhere in the body or the tag is refused, leaving no output', async () => {
  const sealed = await encrypted(randomBytes(200_000));
  const original = readFileSync(sealed);
  const size = statSync(sealed).size;
  for (const at of [200, Math.floor(size / 2), size - 20, size - 1]) {
    const bad = Buffer.from(original);
    bad[at] ^= 0x01;
    writeFileSync(sealed, bad);
    expect(await reason(decryptFile(sealed, path.join(dir, 'out'), rawKey, 'archive'))).toBe('corrupted');
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
    expect(existsSync(path.join(dir, 'out.partial'))).toBe(false);
  }
});

test('a damaged header, a cut file, another file and another purpose are refused', async () => {
  const sealed = await encrypted(randomBytes(5_000));
  const original = readFileSync(sealed);
  const header = Buffer.from(original);
  header[20] ^= 0x20; // inside the header JSON
  writeFileSync(sealed, header);
  expect(['corrupted', 'wrong-key']).toContain(await reason(decryptFile(sealed, path.join(dir, 'out'), rawKey, 'archive')));
  writeFileSync(sealed, original.subarray(0, original.length - 100));
  expect(await reason(decryptFile(sealed, path.join(dir, 'out'), rawKey, 'archive'))).toBe('corrupted');
  writeFileSync(sealed, 'not a backup at all');
  expect(await reason(decryptFile(sealed, path.join(dir, 'out'), rawKey, 'archive'))).toBe('not-a-backup');
  writeFileSync(sealed, original);
  expect(await reason(decryptFile(sealed, path.join(dir, 'out'), rawKey, 'master-key'))).toBe('wrong-purpose');
});

test('keys: 64 hex digits are a raw key; a short passphrase is refused with the rule', () => {
  expect(parseBackupKey('ab'.repeat(32), 'f').kind).toBe('raw');
  expect(parseBackupKey('ab'.repeat(32) + '\n', 'f').kind).toBe('raw');
  expect(parseBackupKey('sixteen chars ok', 'f').kind).toBe('passphrase');
  expect(() => parseBackupKey('too short', 'key.txt')).toThrow(/key.txt is too short: use 64 hex digits or a passphrase of at least 16 characters/);
});
