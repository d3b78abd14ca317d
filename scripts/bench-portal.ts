// Portal benchmark (npm run bench; not a timed test). Against the running benchmark network it
// starts a gateway process of its own that serves the built portal, issues distinct diplomas,
// downloads their PDFs, then in real Chromium measures:
//   1. the time from dropping a PDF on the page to the verdict, each PDF a different diploma in a
//      fresh browser context (cold HTTP cache: the PDF code and the fonts are fetched each time)
//      → p50, p95; and the same with a warm context (what a HR officer checking a pile sees);
//   2. the JavaScript the page ships, gzipped: what the first load needs, and the chunks loaded
//      only when a PDF is checked.
// Usage: tsx scripts/bench-portal.ts [pdfs=30]
// Results: portal.json in VANBANG_BENCH_OUT (default var/bench).
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { networkContext, REPO_ROOT } from '../network/src';
import { launchChromium } from '../test/support/browser';
import { bkaDiploma } from '../test/support/gateway-fixtures';
import { startBenchGateway } from './lib/bench-gateway-process';
import { PORTAL_DIST } from './lib/portal-build';

const pdfCount = Number(process.argv[2] ?? 30);
const outDir = process.env.VANBANG_BENCH_OUT ?? path.join(REPO_ROOT, 'var', 'bench');
const ctx = networkContext();
const NAME = 'portal-bench-gateway';
const PORT = ctx.topology.services.gateway.port + 78;
const url = `http://127.0.0.1:${PORT}`;
const run = Date.now().toString(36).toUpperCase().slice(-6);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** Gzipped sizes of the built JavaScript: the first load (scripts index.html references) and the rest. */
function shippedJavaScript(): { firstLoadKbGzip: number; lazyKbGzip: number; files: Record<string, number> } {
  const html = readFileSync(path.join(PORTAL_DIST, 'index.html'), 'utf8');
  const assets = path.join(PORTAL_DIST, 'assets');
  const files: Record<string, number> = {};
  let first = 0;
  let lazy = 0;
  for (const name of readdirSync(assets)) {
    if (!name.endsWith('.js') || !statSync(path.join(assets, name)).isFile()) continue;
    const kb = gzipSync(readFileSync(path.join(assets, name)), { level: 9 }).length / 1024;
    files[name] = Math.round(kb * 10) / 10;
    if (html.includes(`/assets/${name}`)) first += kb;
    else lazy += kb;
  }
  return { firstLoadKbGzip: Math.round(first * 10) / 10, lazyKbGzip: Math.round(lazy * 10) / 10, files };
}

async function main(): Promise<void> {
  const gateway = await startBenchGateway(ctx, { name: NAME, port: PORT, database: `vanbang_portal_bench_${run.toLowerCase()}`, env: { VANBANG_PORTAL_DIR: PORTAL_DIST } });
  const browser = await launchChromium();
  try {
    const issuer = gateway.apiKey('bka-issuer');
    const pdfDir = path.join(outDir, 'portal-pdfs');
    mkdirSync(pdfDir, { recursive: true });
    const files: string[] = [];
    for (let n = 0; n < pdfCount * 2; n++) {
      const res = await fetch(`${url}/api/v1/diplomas`, { method: 'POST', headers: { authorization: `Bearer ${issuer}`, 'content-type': 'application/json' }, body: JSON.stringify(bkaDiploma(`P${run}`, n)) });
      if (res.status !== 201) throw new Error(`issuing diploma ${n} answered ${res.status}: ${await res.text()}`);
      const { id } = (await res.json()) as { id: string };
      const pdf = await fetch(`${url}/api/v1/diplomas/${encodeURIComponent(id)}/pdf`, { headers: { authorization: `Bearer ${issuer}` } });
      const file = path.join(pdfDir, `${n}.pdf`);
      writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
      files.push(file);
    }

    const dropToVerdict = async (page: import('playwright-core').Page, file: string): Promise<number> => {
      await page.goto(`${url}/`);
      await page.locator('[data-testid=file-input]').waitFor({ state: 'attached' });
      const t0 = performance.now();
      await page.locator('[data-testid=file-input]').setInputFiles(file);
      await page.locator('[data-testid=verdict]').waitFor();
      const ms = performance.now() - t0;
      const verdict = await page.locator('[data-testid=verdict]').getAttribute('data-verdict');
      if (verdict !== 'valid') throw new Error(`${file}: the page answered ${verdict}, not valid`);
      return ms;
    };
    // Cold: a new context (empty cache) for each PDF, each a diploma never asked before.
    const cold: number[] = [];
    for (const file of files.slice(0, pdfCount)) {
      const context = await browser.newContext();
      cold.push(await dropToVerdict(await context.newPage(), file));
      await context.close();
    }
    // Warm: one context, the code and fonts cached, each PDF still a distinct diploma.
    const warm: number[] = [];
    const context = await browser.newContext();
    const page = await context.newPage();
    await dropToVerdict(page, files[0]!);
    for (const file of files.slice(pdfCount)) warm.push(await dropToVerdict(page, file));
    await context.close();

    const summary = (xs: number[]) => {
      const sorted = [...xs].sort((a, b) => a - b);
      return { samples: xs.length, p50Ms: Math.round(percentile(sorted, 50)), p95Ms: Math.round(percentile(sorted, 95)), maxMs: Math.round(sorted[sorted.length - 1] ?? NaN) };
    };
    const result = {
      measuredAt: new Date().toISOString(),
      pdfDropToVerdictCold: summary(cold),
      pdfDropToVerdictWarm: summary(warm),
      javascript: shippedJavaScript(),
    };
    mkdirSync(outDir, { recursive: true });
    writeFileSync(path.join(outDir, 'portal.json'), JSON.stringify(result, null, 2));
    console.log(`  PDF drop → verdict, cold: p50 ${result.pdfDropToVerdictCold.p50Ms} ms, p95 ${result.pdfDropToVerdictCold.p95Ms} ms; warm: p50 ${result.pdfDropToVerdictWarm.p50Ms} ms, p95 ${result.pdfDropToVerdictWarm.p95Ms} ms`);
    console.log(`  JavaScript shipped (gzip): first load ${result.javascript.firstLoadKbGzip} KB, loaded for a PDF or later ${result.javascript.lazyKbGzip} KB`);
  } finally {
    await browser.close();
    await gateway.stop();
  }
}

main().catch((err: Error) => {
  console.error(`✖ portal benchmark: ${err.message}`);
  process.exit(1);
});
