// One compilation of anchoring/contracts at a time: parallel Jest workers, a test and `npm start`
// must never read an artifact another is half-way through writing. A directory is created
// atomically: it is the lock (anchoring/cache/compile.lock); one older than a minute was left by a
// killed process (a compilation takes seconds).
import { mkdirSync, rmdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** The anchoring workspace (this file is in src/chain or dist/chain). */
const ANCHORING_DIR = path.resolve(__dirname, '..', '..');
const STALE_MS = 60_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function withCompileLock<T>(work: () => Promise<T>): Promise<T> {
  const lock = path.join(ANCHORING_DIR, 'cache', 'compile.lock');
  mkdirSync(path.dirname(lock), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_MS) rmdirSync(lock);
      else await sleep(100);
    }
  }
  try {
    return await work();
  } finally {
    rmdirSync(lock);
  }
}
