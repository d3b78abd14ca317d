// The browser the portal's tests and benchmark drive: Debian's chromium package, installed with
// apt when it is missing (playwright's own browser download cannot work on these machines).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM_PATH = process.env.VANBANG_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Flags that work on these machines (no sandbox as root, no background calls to the closed
 * network). Playwright gives every launch a fresh profile of its own (it refuses --user-data-dir).
 */
export function chromiumArgs(extra: string[] = []): string[] {
  return [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extra,
  ];
}

/** Installs Chromium (and a font with Vietnamese glyphs) with apt-get if it is not there yet. */
export function ensureChromium(log: (line: string) => void = console.log): void {
  if (existsSync(CHROMIUM_PATH)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}: install Debian's chromium package (sudo apt-get install chromium) or set VANBANG_CHROMIUM.`);
  }
  log('• Installing Chromium for the portal\'s browser tests (apt-get install chromium)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
  if (update.status !== 0) throw new Error('apt-get update failed: see the output above.');
  const install = spawnSync('apt-get', ['install', '-y', '-q', 'chromium', 'fonts-dejavu-core'], { stdio: 'inherit', env });
  if (install.status !== 0 || !existsSync(CHROMIUM_PATH)) throw new Error('apt-get install chromium failed: see the output above.');
}
