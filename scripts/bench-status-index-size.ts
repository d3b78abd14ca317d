// Status index size benchmark (part of npm run bench -- --only=verify, or standalone; no network).
// Bytes per diploma of two ways of keeping the answer of every committed hash, with synthetic but
// realistic records (BKA diplomas of 500 per transaction, one signing certificate):
//   (a) in memory: a JS Map from hash to an object with the fields of an answer (HashIndexEntry
//       and VerifyDiploma, as parsed from the JSON the chaincode writes) — heap growth measured
//       with global.gc() before and after;
//   (b) the gateway's store: IndexStore (LMDB) fed by applyBlock with one 'hash' and one 'diploma'
//       StateRecord per diploma (plus one issuer and one certificate), 500 diplomas per block —
//       data.mdb size / N, write rate, and the time of random indexedAnswer() lookups (warm: the
//       file is in the page cache after the writes).
// Both are projected to 10 million diplomas.
// Usage: tsx --expose-gc scripts/bench-status-index-size.ts [N=200000] [lookups=200000]
// (re-runs itself with --expose-gc when started without). Results: status-index-size.json in
// VANBANG_BENCH_OUT (default var/bench).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { open } from 'lmdb';
import { REPO_ROOT } from '../network/src';
import { IndexStore } from '../gateway/src/status-index/index-store';
import { indexedAnswer } from '../gateway/src/status-index/indexed-answer';
import type { HashEntry, StateRecord } from '../gateway/src/status-index/state-records';

const N = Number(process.argv[2] ?? 200_000);
const LOOKUPS = Number(process.argv[3] ?? 200_000);
const PER_BLOCK = 500;
const PROJECT_TO = 10_000_000;
const outDir = process.env.VANBANG_BENCH_OUT ?? path.join(REPO_ROOT, 'var', 'bench');
const gc = (globalThis as { gc?: () => void }).gc;

/** The n-th diploma's document hash: derived, so that neither measurement holds a list of them. */
const hashOf = (n: number) => createHash('sha256').update(`vanbang-size-bench:${n}`).digest('hex');
const txIdOf = (block: number) => createHash('sha256').update(`tx:${block}`).digest('hex');
const FINGERPRINT = createHash('sha256').update('bka-issuer signing certificate').digest('hex');
const T0 = Date.parse('2026-06-30T02:00:00.000Z');
const timestampOf = (block: number) => new Date(T0 + block * 250 + (block % 7)).toISOString();
const diplomaIdOf = (n: number) => `BKA:B2026KS${String(n).padStart(7, '0')}`;

/** The chaincode's records of diploma n (only what a verify answer reads), as the block's JSON would give them. */
function recordsOf(n: number): { entry: HashEntry; diploma: Record<string, unknown> } {
  const block = 1 + Math.floor(n / PER_BLOCK);
  const hash = hashOf(n);
  const diplomaId = diplomaIdOf(n);
  const timestamp = timestampOf(block);
  return {
    entry: { diplomaId, version: 1, signerFingerprint: FINGERPRINT, committedAt: timestamp },
    diploma: {
      diplomaId, hostMsp: 'MinistryMSP', documentHash: hash, version: 1, status: 'VALID', diplomaType: 'KY_SU', graduationYear: 2026, issuerCode: 'BKA',
      supersedes: null, supersededBy: null, revocation: null, lastEvent: { type: 'DiplomaIssued', txId: txIdOf(block), timestamp },
    },
  };
}

function heapUsed(): number {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed;
}

/** (a) A Map from hash to the answer's fields, each value parsed from JSON as it would come from a block. */
function measureMap(): Record<string, number> {
  const rss0 = process.memoryUsage().rss;
  const before = heapUsed();
  const t0 = performance.now();
  const map = new Map<string, object>();
  for (let n = 0; n < N; n++) {
    const { entry, diploma } = recordsOf(n);
    const value = JSON.parse(JSON.stringify({ ...entry, ...diploma })) as { documentHash: string };
    map.set(Buffer.from(value.documentHash, 'hex').toString('hex'), value); // a key string of its own, as a composite key would give
  }
  const buildSeconds = (performance.now() - t0) / 1000;
  const after = heapUsed();
  const rss1 = process.memoryUsage().rss;
  const probe = map.get(hashOf(N - 1));
  if (!probe) throw new Error('map lookup failed');
  const perDiploma = (after - before) / N;
  map.clear();
  return { heapBytes: after - before, heapBytesPerDiploma: perDiploma, rssGrowthBytes: rss1 - rss0, buildSeconds, projectedHeapGBAt10M: (perDiploma * PROJECT_TO) / 1e9 };
}

/** (b) The gateway's IndexStore, fed block by block. */
function measureStore(): Record<string, number | string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vanbang-status-index-size-'));
  try {
    const { store } = IndexStore.open(dir, 'vanbang', 'vanbang');
    const t0 = performance.now();
    store.applyBlock(0, txIdOf(0), [
      { kind: 'issuer', code: 'BKA', issuer: { code: 'BKA', name: 'Đại học Bách khoa Hà Nội', status: 'ACTIVE' } },
      { kind: 'certificate', fingerprint: FINGERPRINT, certificate: { issuerCode: 'BKA', revocation: null } },
    ]);
    let block = 1;
    for (let from = 0; from < N; from += PER_BLOCK, block++) {
      const records: StateRecord[] = [];
      for (let n = from; n < Math.min(N, from + PER_BLOCK); n++) {
        const { entry, diploma } = recordsOf(n);
        records.push({ kind: 'hash', hash: diploma.documentHash as string, entry });
        records.push({ kind: 'diploma', diplomaId: entry.diplomaId, diploma: diploma as never });
      }
      store.applyBlock(block, txIdOf(block), records);
    }
    const writeSeconds = (performance.now() - t0) / 1000;
    const counts = store.counts();
    if (counts.hashes !== N || counts.diplomas !== N) throw new Error(`the store holds ${counts.hashes} hashes and ${counts.diplomas} diplomas, not ${N}`);
    const file = statSync(path.join(dir, 'data.mdb'));

    const queries = Array.from({ length: LOOKUPS }, () => hashOf(Math.floor(Math.random() * N)));
    let valid = 0;
    const t1 = performance.now();
    for (const h of queries) if (indexedAnswer(store, h)?.status === 'VALID') valid += 1;
    const lookupSeconds = (performance.now() - t1) / 1000;
    if (valid !== LOOKUPS) throw new Error(`${LOOKUPS - valid} of ${LOOKUPS} lookups did not answer VALID`);
    store.close();
    const pages = pagesOf(path.join(dir, 'data.mdb'));
    const perDiploma = file.size / N;
    return {
      dir, diplomasPerBlock: PER_BLOCK, blocks: block,
      bytesOnDisk: file.size, bytesAllocated: file.blocks * 512, bytesOnDiskPerDiploma: perDiploma, bytesAllocatedPerDiploma: (file.blocks * 512) / N,
      // The file grows by steps of the map size: the pages in use say more exactly what a diploma costs.
      bytesInPages: pages.usedBytes, bytesInPagesPerDiploma: pages.usedBytes / N,
      hashTreeBytesPerDiploma: pages.hashesBytes / N, diplomaTreeBytesPerDiploma: pages.diplomasBytes / N,
      writeSeconds, writeDiplomasPerSecond: N / writeSeconds,
      lookups: LOOKUPS, lookupMicroseconds: (lookupSeconds * 1e6) / LOOKUPS,
      projectedGBAt10M: (perDiploma * PROJECT_TO) / 1e9, projectedGBAt10MFromPagesInUse: ((pages.usedBytes / N) * PROJECT_TO) / 1e9,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface TreeStats { pageSize: number; treeBranchPageCount: number; treeLeafPageCount: number; overflowPages: number; lastPageNumber: number }

/** The LMDB file's pages in use (up to the last page written) and the pages of the hash and diploma trees, in bytes. */
function pagesOf(file: string): { usedBytes: number; hashesBytes: number; diplomasBytes: number } {
  const root = open({ path: file, noSubdir: true, maxDbs: 8 });
  try {
    const bytes = (s: TreeStats) => (s.treeBranchPageCount + s.treeLeafPageCount + s.overflowPages) * s.pageSize;
    const env = root.getStats() as TreeStats;
    return {
      usedBytes: (env.lastPageNumber + 1) * env.pageSize,
      hashesBytes: bytes(root.openDB({ name: 'hashes', keyEncoding: 'binary' }).getStats() as TreeStats),
      diplomasBytes: bytes(root.openDB({ name: 'diplomas' }).getStats() as TreeStats),
    };
  } finally {
    root.close();
  }
}

function main(): void {
  console.log(`  status index size: ${N.toLocaleString('en')} synthetic diplomas`);
  const inMemory = measureMap();
  console.log(`  (a) JS Map: ${inMemory.heapBytesPerDiploma!.toFixed(0)} B of heap per diploma (${(inMemory.heapBytes! / 1e6).toFixed(1)} MB for ${N.toLocaleString('en')}), `
    + `→ ${inMemory.projectedHeapGBAt10M!.toFixed(2)} GB of heap at 10 M`);
  const lmdb = measureStore();
  console.log(`  (b) IndexStore (LMDB): ${(lmdb.bytesOnDiskPerDiploma as number).toFixed(0)} B per diploma on disk (data.mdb ${((lmdb.bytesOnDisk as number) / 1e6).toFixed(1)} MB; `
    + `pages in use ${(lmdb.bytesInPagesPerDiploma as number).toFixed(0)} B per diploma: hash tree ${(lmdb.hashTreeBytesPerDiploma as number).toFixed(0)}, diploma tree ${(lmdb.diplomaTreeBytesPerDiploma as number).toFixed(0)}) `
    + `→ ${(lmdb.projectedGBAt10M as number).toFixed(2)} GB at 10 M; `
    + `writes ${(lmdb.writeDiplomasPerSecond as number).toFixed(0)} diplomas/s; indexedAnswer ${(lmdb.lookupMicroseconds as number).toFixed(1)} µs per lookup (warm)`);
  const { dir: _dir, ...store } = lmdb;
  const out = { at: new Date().toISOString(), machine: { cpus: os.cpus().length, node: process.version }, diplomas: N, projectedTo: PROJECT_TO, inMemoryMap: inMemory, indexStore: store };
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'status-index-size.json'), JSON.stringify(out, null, 2));
  console.log(JSON.stringify(out, null, 2));
  console.log(`  written ${path.join(outDir, 'status-index-size.json')}`);
}

if (!gc) {
  // Started without --expose-gc: run again with it (process.execArgv carries tsx's loader).
  const r = spawnSync(process.execPath, [...process.execArgv, '--expose-gc', process.argv[1]!, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
} else {
  main();
}
