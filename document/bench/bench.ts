/**
 * Benchmark: hashing throughput (documents per second, one core: createDocument = 25 salts +
 * field hashes + document hash; and verifyIntegrity of a parsed document) and PDF render and
 * verification time per diploma. Run: `npx tsx document/bench/bench.ts`. Writes var/bench/document.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { computeDocumentHash } from '../src/document-hash';
import { createDocument, verifyIntegrity } from '../src/document';
import { extractDocumentFromPdf } from '../src/pdf/extract';
import { renderDiplomaPdf } from '../src/pdf/render';
import { createDocumentIssuer, createDocumentSigner, signDocument } from '../src/signature';
import { BACHELOR } from '../test/fixtures';
import { createTestCa, issueTestIdentity } from '../test/test-pki';

function measure(label: string, minMs: number, fn: () => void): { label: string; iterations: number; perSecond: number } {
  for (let i = 0; i < 200; i++) fn(); // warm up
  let iterations = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) { fn(); iterations++; }
  const elapsed = performance.now() - start;
  return { label, iterations, perSecond: Math.round((iterations / elapsed) * 1000) };
}

async function measureAsync(runs: number, fn: () => Promise<unknown>): Promise<{ runs: number; meanMs: number; p50Ms: number; maxMs: number }> {
  await fn(); // warm up (font parsing, JIT)
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return { runs, meanMs: round(times.reduce((a, b) => a + b, 0) / runs), p50Ms: round(times[Math.floor(runs / 2)] ?? 0), maxMs: round(times[runs - 1] ?? 0) };
}

async function main(): Promise<void> {
  const doc = createDocument(BACHELOR);
  const create = measure('createDocument (validate, salt, hash)', 3000, () => createDocument(BACHELOR));
  const hash = measure('computeDocumentHash', 3000, () => computeDocumentHash(doc));
  const verify = measure('verifyIntegrity (parse, validate, hash)', 3000, () => verifyIntegrity(doc));
  const identity = await issueTestIdentity(await createTestCa('BenchMSP'), 'bench-issuer');
  const signer = { privateKeyPem: identity.privateKeyPem, certificatePem: identity.certificatePem, mspId: 'BenchMSP' };
  const signOnce = measure('signDocument (parses the key every time)', 2000, () => signDocument(doc, signer));
  const prepared = createDocumentSigner(signer);
  const signPrepared = measure('createDocumentSigner, then sign', 2000, () => prepared(doc));
  const issue = createDocumentIssuer(signer);
  const issued = measure('createDocumentIssuer: salt, hash, sign (what the gateway does per diploma)', 3000, () => issue(BACHELOR));
  const pdf = await renderDiplomaPdf(doc, { verifyUrlBase: 'https://vanbang.moet.gov.vn/verify' });
  const render = await measureAsync(30, () => renderDiplomaPdf(doc, { verifyUrlBase: 'https://vanbang.moet.gov.vn/verify' }));
  const extract = await measureAsync(30, () => extractDocumentFromPdf(pdf));
  const result = {
    measuredAt: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    singleCore: true,
    fieldsPerDocument: Object.keys(doc.fields).length,
    hashing: {
      createDocumentPerSecond: create.perSecond,
      computeDocumentHashPerSecond: hash.perSecond,
      verifyIntegrityPerSecond: verify.perSecond,
    },
    signing: { signDocumentPerSecond: signOnce.perSecond, preparedSignerPerSecond: signPrepared.perSecond, issuerPerSecond: issued.perSecond },
    pdf: { bytes: pdf.length, renderMs: render, extractAndVerifyMs: extract },
  };
  const outDir = join(__dirname, '..', '..', 'var', 'bench');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'document.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
}

main().catch((error: unknown) => { console.error(error); process.exitCode = 1; });
