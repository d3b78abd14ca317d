// A secret made once per gateway home: 32 random bytes as hex in a 0600 file, created by the first
// gateway process that needs it (several processes may start at once: the first writer wins).
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The trimmed text of `file`, after creating it with a new random 256-bit hex key if absent. */
export function readOrCreateKeyFile(file: string): string {
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // 'wx' fails if another gateway process created it in the meantime; then we read theirs.
    try {
      writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  chmodSync(file, 0o600);
  return readFileSync(file, 'utf8').trim();
}
