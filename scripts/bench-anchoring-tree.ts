// Anchoring tree benchmark (no network): builds the Merkle tree of one period and every leaf's
// proof for 100,000 and 1,000,000 distinct random diploma events, with each engine of
// anchoring/src/merkle/period-tree.ts ('openzeppelin' = @openzeppelin/merkle-tree's
// StandardMerkleTree, 'direct' = the same tree built by heap-tree.ts). Measures the build time, the
// time for all proofs, peak RSS, proof lengths; verifies a sample of proofs with our verifier and
// with the library's; checks that both engines give the same root and the same proofs; and, at
// the smaller size, times the library's own getProof for every leaf (the per-leaf way).
// Each (engine, size) runs in a child process of its own, so its peak RSS is its own.
// Usage: nice npx tsx scripts/bench-anchoring-tree.ts [--quick] [--sizes=N,N] [--engines=openzeppelin,direct]
//   --quick: 10,000 and 100,000 leaves. Results: anchoring-tree.json in VANBANG_BENCH_OUT (default var/bench).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import {
  ANCHOR_LEAF_ENCODING,
  AnchorEventType,
  AnchorLeaf,
  anchorLeafValues,
  anchorProofs,
  buildPeriodTree,
  TreeEngine,
  verifyAnchorProof,
} from '../anchoring/src/merkle';

const REPO_ROOT = path.resolve(__dirname, '..');
const outDir = process.env.VANBANG_BENCH_OUT ?? path.join(REPO_ROOT, 'var', 'bench');
const ENGINES: readonly TreeEngine[] = ['openzeppelin', 'direct'];
const VERIFY_SAMPLE = 1_000;
/** Full per-leaf getProof timing only up to this size (about half a millisecond per call). */
const GETPROOF_ALL_MAX = 100_000;
const gc = (globalThis as { gc?: () => void }).gc;

interface ChildResult {
  engine: TreeEngine;
  leaves: number;
  distinctLeaves: number;
  buildMs: number;
  allProofsMs: number;
  rssBeforeBuildMB: number;
  peakRssMB: number;
  /** Heap still in use after a full GC: the input events, then what the tree and the proofs keep. */
  liveHeapMB: { events: number; tree: number; proofs: number };
  proofLength: { min: number; max: number; mean: number };
  /** JSON size of one proof object, as a diploma would carry it. */
  proofJsonBytes: number;
  verifiedSample: number;
  verifyMsPerProof: number;
  libraryVerifyMsPerProof: number;
  root: string;
  /** SHA-256 of every proof in canonical leaf order: equal digests = equal proofs. */
  proofsDigest: string;
  libraryGetProof?: { proofs: number; totalMs: number; msPerProof: number };
}

/**
 * The events of the benchmark: deterministic from the index (so both engines, in separate
 * processes, get the same set), distinct, shaped like a results week: 100 events per
 * transaction (batch issuance), 500 per block, mostly issuances.
 */
function benchLeaves(n: number): AnchorLeaf[] {
  const leaves = new Array<AnchorLeaf>(n);
  for (let i = 0; i < n; i++) {
    const digest = createHash('sha256').update(`vanbang-anchoring-bench:${i}`).digest();
    const r = digest[31]! % 20;
    const eventType: AnchorEventType = r < 17 ? 1 : r === 17 ? 2 : r === 18 ? 3 : 4;
    const tx = createHash('sha256').update(`vanbang-anchoring-bench-tx:${Math.floor(i / 100)}`).digest('hex');
    leaves[i] = { documentHash: `0x${digest.toString('hex')}`, eventType, fabricBlock: 1 + Math.floor(i / 500), fabricTxId: `0x${tx}` };
  }
  return leaves;
}

const rssMB = () => Math.round(process.memoryUsage().rss / 2 ** 20);
/** Heap in use after a full collection (children run with --expose-gc). */
function liveHeap(): number {
  gc!();
  return process.memoryUsage().heapUsed / 2 ** 20;
}
const ms = (t0: number) => Math.round(performance.now() - t0);

function runChild(engine: TreeEngine, n: number): ChildResult {
  const leaves = benchLeaves(n);
  const heapEvents = liveHeap();
  const rssBeforeBuildMB = rssMB();
  let t0 = performance.now();
  const tree = buildPeriodTree(leaves, { engine });
  const buildMs = ms(t0);
  const heapTree = liveHeap();
  t0 = performance.now();
  const proofs = anchorProofs(tree);
  const allProofsMs = ms(t0);
  const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  const heapProofs = liveHeap();

  // Loops, not Math.min(...lengths): a million arguments overflow the stack.
  let min = Infinity;
  let max = 0;
  let sum = 0;
  for (const p of proofs) {
    min = Math.min(min, p.proof.length);
    max = Math.max(max, p.proof.length);
    sum += p.proof.length;
  }
  const digest = createHash('sha256');
  for (const p of proofs) digest.update(p.proof.join(''));

  // A sample spread over the whole tree, verified by both verifiers (all must pass).
  const step = Math.max(1, Math.floor(proofs.length / VERIFY_SAMPLE));
  const sample = proofs.filter((_, i) => i % step === 0).slice(0, VERIFY_SAMPLE);
  t0 = performance.now();
  const ours = sample.filter((p) => verifyAnchorProof(p)).length;
  const verifyMs = performance.now() - t0;
  t0 = performance.now();
  const library = sample.filter((p) => StandardMerkleTree.verify(p.root, [...ANCHOR_LEAF_ENCODING], anchorLeafValues(p.leaf), [...p.proof])).length;
  const libraryVerifyMs = performance.now() - t0;
  if (ours !== sample.length || library !== sample.length) throw new Error(`proofs that do not verify: ours ${sample.length - ours}, library ${sample.length - library}`);

  const result: ChildResult = {
    engine,
    leaves: n,
    distinctLeaves: tree.leaves.length,
    buildMs,
    allProofsMs,
    rssBeforeBuildMB,
    peakRssMB,
    liveHeapMB: { events: Math.round(heapEvents), tree: Math.round(heapTree - heapEvents), proofs: Math.round(heapProofs - heapTree) },
    proofLength: { min, max, mean: Number((sum / proofs.length).toFixed(2)) },
    proofJsonBytes: JSON.stringify(proofs[0]).length,
    verifiedSample: sample.length,
    verifyMsPerProof: Number((verifyMs / sample.length).toFixed(3)),
    libraryVerifyMsPerProof: Number((libraryVerifyMs / sample.length).toFixed(3)),
    root: tree.root,
    proofsDigest: digest.digest('hex'),
  };

  // The per-leaf way, for comparison: StandardMerkleTree.getProof(i) for every leaf (each call
  // re-hashes the leaf and re-verifies the proof). Its own tree, built after the figures above.
  if (engine === 'openzeppelin' && n <= GETPROOF_ALL_MAX) {
    const values = tree.leaves.map(anchorLeafValues);
    const lib = StandardMerkleTree.of(values, [...ANCHOR_LEAF_ENCODING]);
    t0 = performance.now();
    for (let i = 0; i < values.length; i++) lib.getProof(i);
    const totalMs = ms(t0);
    result.libraryGetProof = { proofs: values.length, totalMs, msPerProof: Number((totalMs / values.length).toFixed(3)) };
  }
  return result;
}

function spawnChild(engine: TreeEngine, n: number): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    // V8's default heap limit on purpose: the peak RSS is then what a worker started plainly would see.
    const args = ['--expose-gc', ...process.execArgv, __filename, `--child=${engine}:${n}`];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], cwd: REPO_ROOT });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code !== 0) return reject(new Error(`${engine} ${n}: child exited with ${signal ?? code}`));
      resolve(JSON.parse(out.trim().split('\n').pop()!) as ChildResult);
    });
  });
}

async function main(): Promise<void> {
  const loadAverageAtStart = os.loadavg().map((l) => Number(l.toFixed(2)));
  const quick = process.argv.includes('--quick');
  const sizesArg = process.argv.find((a) => a.startsWith('--sizes='))?.slice('--sizes='.length);
  const enginesArg = process.argv.find((a) => a.startsWith('--engines='))?.slice('--engines='.length);
  const sizes = sizesArg ? sizesArg.split(',').map(Number) : quick ? [10_000, 100_000] : [100_000, 1_000_000];
  const engines = enginesArg ? (enginesArg.split(',') as TreeEngine[]) : [...ENGINES];
  if (sizes.some((s) => !Number.isSafeInteger(s) || s < 1) || engines.some((e) => !ENGINES.includes(e))) {
    throw new Error(`bad --sizes or --engines (engines: ${ENGINES.join(', ')})`);
  }

  const results: ChildResult[] = [];
  for (const n of sizes) {
    for (const engine of engines) {
      console.log(`anchoring tree: ${n.toLocaleString('en')} leaves, ${engine} engine ...`);
      const r = await spawnChild(engine, n);
      results.push(r);
      console.log(
        `  build ${(r.buildMs / 1000).toFixed(1)} s, all proofs ${r.allProofsMs} ms, peak RSS ${r.peakRssMB} MB (live: events ${r.liveHeapMB.events}, tree ${r.liveHeapMB.tree}, proofs ${r.liveHeapMB.proofs} MB), proof ${r.proofLength.min}-${r.proofLength.max} siblings (${r.proofJsonBytes} bytes of JSON), ${r.verifiedSample} sampled proofs verified` +
          (r.libraryGetProof ? `; library getProof per leaf: ${(r.libraryGetProof.totalMs / 1000).toFixed(1)} s for all (${r.libraryGetProof.msPerProof} ms each)` : ''),
      );
    }
  }
  // Same events, same tree: across engines the roots and every proof must be equal.
  const agreement = sizes.map((n) => {
    const bySize = results.filter((r) => r.leaves === n);
    return { leaves: n, engines: bySize.map((r) => r.engine), sameRoot: new Set(bySize.map((r) => r.root)).size === 1, sameProofs: new Set(bySize.map((r) => r.proofsDigest)).size === 1 };
  });
  const report = {
    benchmark: 'anchoring-tree',
    date: new Date().toISOString(),
    quick,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGB: Math.round(os.totalmem() / 2 ** 30),
      loadAverageAtStart,
      node: process.version,
      niceness: os.getPriority(),
    },
    notes: [
      'buildMs: validate the events, hash every leaf, sort, build every node (buildPeriodTree).',
      'allProofsMs: every leaf\'s proof object read from the node array (anchorProofs); libraryGetProof: StandardMerkleTree.getProof(i) for every leaf instead.',
      'peakRssMB: the child process\'s peak resident memory (one engine and size per process, V8\'s default heap limit), including the input events (rssBeforeBuildMB) and garbage not yet collected; liveHeapMB: what stays in use after a full GC.',
    ],
    results,
    agreement,
  };
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, 'anchoring-tree.json');
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);

  console.log('\nleaves      engine        build      all proofs  peak RSS  proof  verify');
  for (const r of results) {
    console.log(
      `${r.leaves.toLocaleString('en').padEnd(11)} ${r.engine.padEnd(13)} ${`${(r.buildMs / 1000).toFixed(1)} s`.padEnd(10)} ${`${r.allProofsMs} ms`.padEnd(11)} ${`${r.peakRssMB} MB`.padEnd(9)} ${`${r.proofLength.min}-${r.proofLength.max}`.padEnd(6)} ${r.verifyMsPerProof} ms`,
    );
  }
  for (const a of agreement) console.log(`${a.leaves.toLocaleString('en')} leaves: ${a.engines.join(' = ')}: same root ${a.sameRoot}, same proofs ${a.sameProofs}`);
  console.log(`written ${path.relative(REPO_ROOT, file)}`);
  if (agreement.some((a) => !a.sameRoot || !a.sameProofs)) process.exitCode = 1;
}

const childArg = process.argv.find((a) => a.startsWith('--child='));
if (childArg) {
  const [engine, n] = childArg.slice('--child='.length).split(':');
  console.log(JSON.stringify(runChild(engine as TreeEngine, Number(n))));
} else {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
