// The compiled DiplomaAnchorRegistry must exist before a deployment. A fresh clone has no
// anchoring/artifacts (a build output): it is compiled here with anchoring's Hardhat 2 (the
// offline solc npm compiler, anchoring/hardhat.config.js), as `npm run build -w anchoring` does.
import { mkdirSync, rmdirSync, statSync } from 'node:fs';
import path from 'node:path';
// The anchoring workspace is loaded only when needed: scripts/cli.ts imports this module before the
// TypeScript build has produced anchoring/dist on a fresh clone.
import type * as Anchoring from '@vanbang/anchoring';
import { run } from '../exec';
import { REPO_ROOT } from '../paths';

const ANCHORING_DIR = path.join(REPO_ROOT, 'anchoring');

type RegistryArtifact = ReturnType<typeof Anchoring.loadRegistryArtifact>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The same lock as anchoring/test/support/hardhat.ts (a directory, created atomically): a test
 * compiling at the same moment must not read a half-written artifact, nor this one its.
 */
async function withCompileLock<T>(work: () => Promise<T>): Promise<T> {
  const lock = path.join(ANCHORING_DIR, 'cache', 'compile.lock');
  mkdirSync(path.dirname(lock), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 60_000) rmdirSync(lock);
      else await sleep(100);
    }
  }
  try {
    return await work();
  } finally {
    rmdirSync(lock);
  }
}

async function tryLoad(): Promise<RegistryArtifact | Error> {
  const { loadRegistryArtifact } = await import('@vanbang/anchoring');
  try {
    return loadRegistryArtifact();
  } catch (err) {
    return err as Error;
  }
}

/** The registry's artifact, compiled first when it is missing or unreadable. */
export async function ensureRegistryArtifact(log: (line: string) => void): Promise<RegistryArtifact> {
  const first = await tryLoad();
  if (!(first instanceof Error)) return first;
  log(`  compiling the anchor registry contract (no usable artifact: ${first.message})`);
  await withCompileLock(() =>
    run(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'hardhat', 'internal', 'cli', 'cli.js'), 'compile', '--quiet'], {
      cwd: ANCHORING_DIR,
      // Hardhat reads these when set; a caller's must not point the compile at another project.
      env: { HARDHAT_CONFIG: path.join(ANCHORING_DIR, 'hardhat.config.js'), HARDHAT_NETWORK: 'hardhat' },
      purpose: 'compile anchoring/contracts with Hardhat (npm run build -w anchoring)',
      timeoutMs: 5 * 60_000,
    }),
  );
  const second = await tryLoad();
  if (second instanceof Error) throw second;
  return second;
}
