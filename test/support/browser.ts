// Real Chromium (Debian's package) driven by playwright-core for the portal's tests and benchmark.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_PATH, chromiumArgs } from '../../scripts/lib/chromium';
import { REPO_ROOT } from '../../network/src';

/** Screenshots and other artefacts a person can look at after a run. */
export const ARTIFACTS = path.join(REPO_ROOT, 'var', 'test-artifacts', 'portal');

export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: chromiumArgs(extraArgs), headless: true });
}

/** Saves a full-page screenshot at 360 px (a phone) and 1280 px (a desktop). */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const original = page.viewportSize();
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: width === 360 ? 780 : 900 });
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${width}.png`), fullPage: true });
  }
  if (original) await page.setViewportSize(original);
}
