// Statistics query benchmark (standalone; no network): fills a status index (IndexStore, LMDB)
// through applyBlock with N synthetic diplomas (default 1,000,000) spread like the country's —
// 63 Departments hosting 30 upper-secondary schools each, 240 Ministry-hosted universities, 12
// graduation years, issued over 12 months, 2 % revoked later by one of six grounds, 1 % reissued,
// 3 % corrected — then times the statistics queries and the counter-based alert rules, each run
// 20 times (median and slowest). Only diploma records are written: the statistics read nothing
// else, and leaving out the hash records only makes the fill faster.
// Usage: tsx scripts/bench-statistics.ts [N=1000000]. Results: statistics.json in VANBANG_BENCH_OUT (default var/bench).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../network/src';
import { loadAlertConfig } from '../gateway/src/alerts/alert-config';
import { issuanceSpikes, revocationBursts } from '../gateway/src/alerts/counter-rules';
import { countDiplomas, countEvents } from '../gateway/src/statistics/statistics-queries';
import { IndexStore } from '../gateway/src/status-index/index-store';
import type { IndexedDiploma, StateRecord } from '../gateway/src/status-index/state-records';

const N = Number(process.argv[2] ?? 1_000_000);
const PER_BLOCK = 500;
const RUNS = 20;
const outDir = process.env.VANBANG_BENCH_OUT ?? path.join(REPO_ROOT, 'var', 'bench');
const GROUNDS = ['FRAUD', 'INELIGIBLE_HOLDER', 'UNAUTHORISED_SIGNER', 'ERASED_OR_ALTERED', 'LENT_TO_ANOTHER', 'ISSUER_ERROR'] as const;
const UNIVERSITY_TYPES = ['CU_NHAN', 'KY_SU', 'THAC_SI', 'TIEN_SI', 'BAC_SI'] as const;
const T0 = Date.parse('2026-01-01T01:00:00.000Z');
const YEAR_MS = 365 * 86_400_000;

interface Issuer { code: string; host: string; university: boolean }
const issuers: Issuer[] = [];
for (let d = 0; d < 63; d++) for (let s = 0; s < 30; s++) issuers.push({ code: `D${d}-THPT-${s}`, host: `Doet${d}MSP`, university: false });
for (let u = 0; u < 240; u++) issuers.push({ code: `UNI${u}`, host: 'MinistryMSP', university: true });

const hex = (n: number, salt: string) => (salt + n.toString(16)).padStart(64, '0').slice(-64);

function diplomaOf(n: number): IndexedDiploma {
  const issuer = issuers[(n * 7919) % issuers.length]!;
  const at = new Date(T0 + Math.floor((n / N) * YEAR_MS)).toISOString();
  return {
    diplomaId: `${issuer.code}:${n}`, hostMsp: issuer.host, issuerCode: issuer.code, documentHash: hex(n, 'a'), version: 1, status: 'VALID',
    diplomaType: issuer.university ? UNIVERSITY_TYPES[n % UNIVERSITY_TYPES.length]! : 'THPT', graduationYear: 2015 + (n % 12),
    supersedes: null, supersededBy: null, revocation: null, lastEvent: { type: 'DiplomaIssued', txId: hex(n, 'b'), timestamp: at },
  };
}

/** The later life of diploma n, written a while after its issue: a revocation, a reissue or a correction. */
function laterWrites(d: IndexedDiploma, n: number, at: string): IndexedDiploma[] {
  if (n % 50 === 0) {
    const ground = GROUNDS[n % GROUNDS.length]!;
    return [{ ...d, status: 'REVOKED', revocation: { ground, decision: { number: `${n}/QĐ`, date: at.slice(0, 10) }, timestamp: at }, lastEvent: { type: 'DiplomaRevoked', txId: hex(n, 'c'), timestamp: at } }];
  }
  if (n % 100 === 1) {
    const fresh: IndexedDiploma = { ...d, diplomaId: `${d.issuerCode}:R${n}`, documentHash: hex(n, 'd'), supersedes: d.diplomaId, lastEvent: { type: 'DiplomaReissued', txId: hex(n, 'e'), timestamp: at } };
    return [fresh, { ...d, status: 'SUPERSEDED', supersededBy: fresh.diplomaId, lastEvent: fresh.lastEvent }];
  }
  if (n % 33 === 2) return [{ ...d, version: 2, documentHash: hex(n, 'f'), lastEvent: { type: 'DiplomaCorrected', txId: hex(n, 'g'), timestamp: at } }];
  return [];
}

function time(what: string, run: () => unknown): { query: string; medianMs: number; maxMs: number; rows: number } {
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    const out = run();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    rows = Array.isArray(out) ? out.length : 0;
  }
  times.sort((a, b) => a - b);
  const r = { query: what, medianMs: +times[Math.floor(RUNS / 2)]!.toFixed(2), maxMs: +times[RUNS - 1]!.toFixed(2), rows };
  console.log(`${what.padEnd(70)} median ${String(r.medianMs).padStart(8)} ms  max ${String(r.maxMs).padStart(8)} ms  (${rows} rows)`);
  return r;
}

function main(): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vanbang-statistics-bench-'));
  const { store } = IndexStore.open(dir, 'bench', 'bench');
  const fillStart = Date.now();
  let block = 0;
  let pending: StateRecord[] = [];
  const later: { d: IndexedDiploma; n: number }[] = [];
  const flush = () => {
    store.applyBlock(block, `b${block}`, pending);
    block++;
    pending = [];
  };
  for (let n = 0; n < N; n++) {
    const d = diplomaOf(n);
    pending.push({ kind: 'diploma', diplomaId: d.diplomaId, diploma: d });
    if (n % 50 === 0 || n % 100 === 1 || n % 33 === 2) later.push({ d, n });
    if (pending.length >= PER_BLOCK) flush();
  }
  // The later events, 30 days after the issue of the last one (so they fall in later months).
  for (const { d, n } of later) {
    const at = new Date(Date.parse(d.lastEvent.timestamp) + 30 * 86_400_000).toISOString();
    for (const w of laterWrites(d, n, at)) pending.push({ kind: 'diploma', diplomaId: w.diplomaId, diploma: w });
    if (pending.length >= PER_BLOCK) flush();
  }
  if (pending.length > 0) flush();
  const fillSeconds = (Date.now() - fillStart) / 1000;
  const counterKeys = [...store.counters('', '~')].length;
  console.log(`${N} diplomas (+${later.length} later writes) in ${block} blocks, filled in ${fillSeconds.toFixed(1)} s; ${counterKeys} counter keys; ${store.counts().bytesOnDisk} bytes on disk`);

  const config = loadAlertConfig({});
  const now = Date.parse('2026-12-31T12:00:00.000Z');
  const results = [
    time('diplomas by host (national, by Department)', () => countDiplomas(store, { groupBy: ['host'], filters: {} })),
    time('diplomas by host, issuer, type, year, status (the whole cube)', () => countDiplomas(store, { groupBy: ['host', 'issuer', 'type', 'graduationYear', 'status'], filters: {} })),
    time('diplomas by status, type = THPT, year = 2026 (national, filtered)', () => countDiplomas(store, { groupBy: ['status'], filters: { type: ['THPT'], graduationYear: ['2026'] } })),
    time('diplomas by issuer, status for one Department (host forced)', () => countDiplomas(store, { groupBy: ['issuer', 'status'], filters: { host: ['Doet5MSP'] } })),
    time('diplomas by type, year for one issuer without its host', () => countDiplomas(store, { groupBy: ['type', 'graduationYear'], filters: { issuer: ['UNI7'] } })),
    time('events by type, month (national)', () => countEvents(store, { groupBy: ['type', 'month'], filters: {} })),
    time('revocations by ground, month (national)', () => countEvents(store, { groupBy: ['ground', 'month'], filters: { type: ['REVOKED'] } })),
    time('events by issuer, type for one Department, 2026-03..2026-06', () => countEvents(store, { groupBy: ['issuer', 'type'], filters: { host: ['Doet5MSP'] }, monthRange: { from: '2026-03', to: '2026-06' } })),
    time('alert rule: issuance spikes (today, 30-day means)', () => issuanceSpikes(store, config, now)),
    time('alert rule: revocation bursts (last hour)', () => revocationBursts(store, config, now)),
  ];
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, 'statistics.json');
  writeFileSync(file, `${JSON.stringify({ diplomas: N, laterWrites: later.length, blocks: block, fillSeconds, counterKeys, bytesOnDisk: store.counts().bytesOnDisk, runs: RUNS, results }, null, 2)}\n`);
  console.log(`results in ${file}`);
  store.close();
  rmSync(dir, { recursive: true, force: true });
}

main();
