// Builds the public portal (portal/ → portal/dist) with Vite when its output is missing or older
// than any of its sources, including the document module it compiles for the browser. The gateway
// serves portal/dist at `/`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../network/src';

export const PORTAL_DIST = path.join(REPO_ROOT, 'portal', 'dist');

/** Newest modification time of the files under `target` (a file or a folder), 0 when absent. */
function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(target)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

const SOURCES = ['portal/src', 'portal/public', 'portal/index.html', 'portal/vite.config.ts', 'portal/package.json', 'document/src', 'package-lock.json'];

export function portalIsStale(): boolean {
  const built = newestMtime(path.join(PORTAL_DIST, 'index.html'));
  if (built === 0) return true;
  return SOURCES.some((source) => newestMtime(path.join(REPO_ROOT, source)) > built);
}

/** Runs `vite build` in portal/ unless portal/dist is up to date. Throws with a readable message. */
export function buildPortal(log: (line: string) => void = console.log): void {
  if (!portalIsStale()) return;
  log('• Building the portal (Vite)');
  const vite = path.join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: path.join(REPO_ROOT, 'portal'), stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`Portal build failed (exit ${r.status ?? r.signal}): see the output above.`);
}
