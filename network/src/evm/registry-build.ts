// The compiled DiplomaAnchorRegistry must exist before a deployment. A fresh clone has no
// anchoring/artifacts (a build output): it is compiled here with anchoring's Hardhat 2 (the
// offline solc npm compiler, anchoring/hardhat.config.js), as `npm run build -w anchoring` does.
import path from 'node:path';
// The anchoring workspace is loaded only when needed: scripts/cli.ts imports this module before the
// TypeScript build has produced anchoring/dist on a fresh clone.
import type * as Anchoring from '@vanbang/anchoring';
import { run } from '../exec';
import { REPO_ROOT } from '../paths';

const ANCHORING_DIR = path.join(REPO_ROOT, 'anchoring');

type RegistryArtifact = ReturnType<typeof Anchoring.loadRegistryArtifact>;


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
  const { withCompileLock } = await import('@vanbang/anchoring');
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
