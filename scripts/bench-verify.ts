// Verification benchmark (npm run bench -- --only=verify; not a timed test). On the running
// benchmark network it:
//   1. loads diplomas onto the ledger by the fastest path: IssueDiplomas of 500 items, submitted
//      directly as bka-issuer (4 in flight), up to each size in turn (default 10,000 then 100,000
//      in all), keeping every hash and diploma id in memory → diplomas/s;
//   2. for each size, starts a gateway of its own with an empty status index and times the index
//      build (gateway start → health says statusIndex.live, caught up with the chain); stops it,
//      drops the OS page cache when it can, starts it again and times start → live;
//   3. loads GET /api/v1/verify/{hash} with autocannon (64 connections, pipelining 1), from a
//      child process so that this process's event loop stays free for step 4: a 2 s JIT warm-up
//      on unknown hashes, then distinct committed hashes (a shuffled walk, each hash once per
//      pass), then one hot hash → req/s, p50, p99, non-2xx, errors, timeouts, the gateway's RSS;
//   4. during the distinct-hash load, revokes diplomas one after another straight on the ledger
//      (RevokeDiploma as bka-issuer) and times commit → first verify answer REVOKED (polled every
//      ~2 ms): the gateway learns these writes only from the blocks its index follows.
// Usage: tsx scripts/bench-verify.ts [sizes=10000,100000] [seconds=15] [connections=64] [revocations=20]
// Results: verify.json in VANBANG_BENCH_OUT (default var/bench).
import autocannon from 'autocannon';
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chainHeight, connectAs, connectionProfilePath, networkContext, readConnectionProfile, REPO_ROOT } from '../network/src';
import { startBenchGateway, type BenchGateway } from './lib/bench-gateway-process';
import { gatewayNodeArgs } from './lib/gateway-process';
import { cpuSecondsOf } from './lib/process-cpu';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const hex = (n: number) => randomBytes(n).toString('hex');

// ---------------------------------------------------------------------------------------------
// The load generator: this same file, run as a child process (--load-runner), driven over IPC.

interface LoadSpec {
  url: string;
  connections: number;
  /** Fixed duration; with `untilStopped` the upper bound, the parent sending 'stop' earlier. */
  seconds: number;
  untilStopped?: boolean;
  /** distinct: walk `hashes` (shuffled, each once per pass); hot: always `hashes[0]`; unknown: random unknown hashes. */
  mode: 'distinct' | 'hot' | 'unknown';
  hashes: string[];
  /** The `result` every sampled body must carry. */
  expect: 'VALID' | 'NOT_FOUND';
  /** One response body in `sampleEvery` is parsed and checked. */
  sampleEvery: number;
}

export interface LoadSummary {
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  p50ms: number;
  p90ms: number;
  p99ms: number;
  maxms: number;
  averageMs: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** distinct: hashes in the walk, and how many times it was walked through (requests / hashes). */
  distinctHashes?: number;
  passes?: number;
  sampled: number;
  sampleMismatches: number;
  mismatchExample?: string;
  /**
   * CPU the gateway spent over the load, per request: less sensitive than req/s to other work on
   * the machine; and the machine's 1-minute load average when it ended, to judge that other work.
   */
  gatewayCpuMsPerRequest?: number;
  loadAverage1m?: number;
}

type ToRunner = { type: 'run'; spec: LoadSpec } | { type: 'stop' };
type FromRunner = { type: 'started' } | { type: 'done'; summary: LoadSummary } | { type: 'failed'; message: string };

function shuffle<T>(a: T[]): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

function loadRunner(): void {
  const send = (m: FromRunner) => process.send!(m);
  process.on('disconnect', () => process.exit(0));
  let instance: autocannon.Instance | undefined;
  process.on('message', (m: ToRunner) => {
    if (m.type === 'stop') {
      instance?.stop();
      return;
    }
    const spec = m.spec;
    const list = spec.mode === 'distinct' ? shuffle([...spec.hashes]) : spec.hashes;
    let counter = 0;
    const nextHash = (): string => {
      if (spec.mode === 'hot') return list[0]!;
      if (spec.mode === 'unknown') return hex(32);
      const i = counter++ % list.length;
      if (i === 0 && counter > 1) shuffle(list); // a new pass, in a new order
      return list[i]!;
    };
    let responses = 0;
    let sampled = 0;
    let mismatches = 0;
    let mismatchExample: string | undefined;
    instance = autocannon({
      url: spec.url, connections: spec.connections, pipelining: 1, duration: spec.seconds,
      requests: [{
        method: 'GET',
        setupRequest: (req) => ({ ...req, path: `/api/v1/verify/${nextHash()}` }),
        onResponse: (status, body) => {
          if (status !== 200 || responses++ % spec.sampleEvery !== 0) return;
          sampled += 1;
          let result: unknown;
          try {
            result = (JSON.parse(body) as { result?: unknown }).result;
          } catch {
            result = `unparsable body: ${body.slice(0, 200)}`;
          }
          if (result !== spec.expect) {
            mismatches += 1;
            mismatchExample ??= body.slice(0, 400);
          }
        },
      }],
    }, (err, result) => {
      if (err) {
        send({ type: 'failed', message: (err as Error).message });
        return;
      }
      send({
        type: 'done',
        summary: {
          seconds: result.duration, requests: result.requests.total, requestsPerSecond: result.requests.average,
          p50ms: result.latency.p50, p90ms: result.latency.p90, p99ms: result.latency.p99, maxms: result.latency.max, averageMs: result.latency.average,
          non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts,
          ...(spec.mode === 'distinct' ? { distinctHashes: list.length, passes: result.requests.total / list.length } : {}),
          sampled, sampleMismatches: mismatches, ...(mismatchExample ? { mismatchExample } : {}),
        },
      });
    });
    instance.on('start', () => send({ type: 'started' }));
  });
}

/**
 * Runs a load in a child process. `during` (optional) runs while it does, from its start; a load
 * with `untilStopped` goes on until both `minSeconds` have passed and `during` has finished.
 */
async function runLoad<T>(spec: LoadSpec, opts: { gatewayPid: number; minSeconds?: number; during?: () => Promise<T> }): Promise<{ summary: LoadSummary; during?: T }> {
  const tsx = path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const runner: ChildProcess = spawn(process.execPath, [tsx, __filename, '--load-runner'], { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  activeRunners.add(runner);
  try {
    let started!: () => void;
    const startedP = new Promise<void>((r) => (started = r));
    const done = new Promise<LoadSummary>((resolve, reject) => {
      runner.on('message', (m: FromRunner) => {
        if (m.type === 'started') started();
        else if (m.type === 'done') resolve(m.summary);
        else reject(new Error(`load generator: ${m.message}`));
      });
      runner.on('exit', (code) => reject(new Error(`load generator exited (${code}) before its result`)));
    });
    done.catch(() => {}); // awaited below; not an unhandled rejection if `during` fails first
    runner.send({ type: 'run', spec } satisfies ToRunner);
    await Promise.race([startedP, done]);
    const t0 = Date.now();
    const cpu0 = cpuSecondsOf(opts.gatewayPid);
    let during: T | undefined;
    if (spec.untilStopped) {
      try {
        during = opts.during ? await opts.during() : undefined;
      } finally {
        const left = (opts.minSeconds ?? 0) * 1000 - (Date.now() - t0);
        if (left > 0) await Promise.race([sleep(left), done.catch(() => {})]);
        runner.send({ type: 'stop' } satisfies ToRunner);
      }
    } else if (opts.during) {
      during = await opts.during();
    }
    const summary = await done;
    summary.gatewayCpuMsPerRequest = ((cpuSecondsOf(opts.gatewayPid) - cpu0) * 1000) / summary.requests;
    summary.loadAverage1m = os.loadavg()[0];
    return { summary, during };
  } finally {
    activeRunners.delete(runner);
    if (runner.exitCode === null) runner.kill('SIGTERM');
  }
}
const activeRunners = new Set<ChildProcess>();

// ---------------------------------------------------------------------------------------------
// The benchmark.

const sizes = (process.argv[2] ?? '10000,100000').split(',').map(Number);
const loadSeconds = Number(process.argv[3] ?? 15);
const connections = Number(process.argv[4] ?? 64);
const revocationsWanted = Number(process.argv[5] ?? 20);
const outDir = process.env.VANBANG_BENCH_OUT ?? path.join(REPO_ROOT, 'var', 'bench');
const BATCH = 500;
const IN_FLIGHT = 4;
const ENDORSERS = ['MinistryMSP', 'HanoiDoETMSP'];
const NAME = 'gateway-bench-verify';

interface StatusIndexHealth { live: boolean; indexedThrough: number; hashes: number; diplomas: number; bytesOnDisk: number; suspects: number }

/** The gateway's memory: resident (of which anonymous and file-backed — the index's mapped pages) and peak, in MB. */
function rssOf(pid: number): { vmRssMb: number; vmHwmMb: number; rssAnonMb: number; rssFileMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const mb = (field: string) => Math.round(Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024);
  return { vmRssMb: mb('VmRSS'), vmHwmMb: mb('VmHWM'), rssAnonMb: mb('RssAnon'), rssFileMb: mb('RssFile') };
}

/** When a process started (epoch ms), from /proc: its start in clock ticks since boot against the uptime now. */
function processStartedAt(pid: number): number {
  const now = Date.now();
  const uptime = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const startTicks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]); // field 22
  return now - (uptime - startTicks / 100) * 1000;
}

/** Polls health every ~10 ms until `until` holds: when the HTTP server first answered, and when `until` held. */
async function watchHealth(url: string, until: (s: StatusIndexHealth) => boolean, timeoutMs: number): Promise<{ upAt: number; readyAt: number; statusIndex: StatusIndexHealth }> {
  const deadline = Date.now() + timeoutMs;
  let upAt: number | undefined;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/api/v1/health`);
      const at = Date.now();
      const body = (await res.json()) as { statusIndex: StatusIndexHealth | null };
      upAt ??= at;
      last = body.statusIndex;
      if (body.statusIndex === null) throw new Error('the gateway has no status index (health says statusIndex: null): is gateway/dist current?');
      if (until(body.statusIndex)) return { upAt, readyAt: at, statusIndex: body.statusIndex };
    } catch (err) {
      if (/no status index/.test((err as Error).message)) throw err;
      /* starting */
    }
    await sleep(10);
  }
  throw new Error(`status index not ready within ${timeoutMs / 1000} s (last health statusIndex: ${JSON.stringify(last)})`);
}

/** Drops the OS page cache (so the index is read cold); why not, when it cannot. */
function dropPageCache(): { dropped: boolean; error?: string } {
  try {
    execSync('sync');
    writeFileSync('/proc/sys/vm/drop_caches', '3');
    return { dropped: true };
  } catch (err) {
    return { dropped: false, error: (err as Error).message.split('\n')[0] };
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const ctx = networkContext();
  const profile = readConnectionProfile(connectionProfilePath(ctx.home));
  const port = ctx.topology.services.gateway.port + 79;
  const batchTimeoutMs = (() => {
    const m = /^(\d+(?:\.\d+)?)(ms|s)$/.exec(ctx.topology.ordering.batchTimeout.trim());
    return m ? Number(m[1]) * (m[2] === 's' ? 1000 : 1) : NaN;
  })();
  const run = Date.now().toString(36).toUpperCase().slice(-6);
  const today = new Date().toISOString().slice(0, 10);
  const year = new Date().getUTCFullYear();
  const conn = connectAs(profile, 'bka-issuer');
  const contract = conn.gateway.getNetwork(profile.channel).getContract(profile.chaincode);
  const submit = async (fn: string, arg: unknown): Promise<{ block: number; txId: string }> => {
    const commit = await contract.submitAsync(fn, { arguments: [JSON.stringify(arg)], endorsingOrganizations: ENDORSERS });
    const status = await commit.getStatus();
    if (!status.successful) throw new Error(`${fn} ${status.transactionId} invalid: code ${status.code}`);
    return { block: Number(status.blockNumber), txId: status.transactionId };
  };

  const loaded: { diplomaId: string; hash: string }[] = [];
  const revoked = new Set<string>();
  let serial = 0;
  const cohort = () => Array.from({ length: BATCH }, () => {
    serial += 1;
    const serialNumber = `V${run}${String(serial).padStart(7, '0')}`;
    return { serialNumber, documentHash: hex(32), diplomaType: 'KY_SU', graduationYear: year, registerEntryNumber: `RV${run}/${serial}`, dateOfSigning: today };
  });
  /** IssueDiplomas until `total` diplomas are loaded, IN_FLIGHT transactions at a time; the elapsed seconds. */
  const loadUpTo = async (total: number): Promise<number> => {
    const t0 = performance.now();
    const batches = Math.ceil((total - loaded.length) / BATCH);
    let next = 0;
    await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, batches) }, async () => {
      while (next < batches) {
        next += 1;
        const diplomas = cohort();
        await submit('IssueDiplomas', { issuerCode: 'BKA', diplomas });
        for (const d of diplomas) loaded.push({ diplomaId: `BKA:${d.serialNumber}`, hash: d.documentHash });
      }
    }));
    return (performance.now() - t0) / 1000;
  };

  // A database per size: the diplomas were loaded straight onto the ledger, so a gateway reusing
  // the previous size's database would spend the measurement mirroring them from the ledger into
  // it (one GetDiploma query and one insert each) — work a gateway does once after being away
  // from its peers, not what verification costs. VANBANG_EVENTS_START=latest starts a new one at the head.
  const gatewayOpts = (indexDir: string, size: number) => ({
    name: NAME, port, database: `vanbang_bench_verify_${run.toLowerCase()}_${size}`, nodeArgs: gatewayNodeArgs(),
    env: { VANBANG_STATUS_INDEX_DIR: indexDir },
  });
  const url = `http://127.0.0.1:${port}`;
  let gateway: BenchGateway | undefined;
  const results: Record<string, unknown>[] = [];
  const loads: { from: number; to: number; seconds: number; diplomasPerSecond: number }[] = [];

  try {
    // Warm-up of the chaincode's batch path (not timed; these diplomas count toward the first size).
    console.log('  warming up IssueDiplomas (1,000 diplomas, not timed)');
    await loadUpTo(Math.min(2 * BATCH, sizes[0] ?? 0));
    for (const size of sizes) {
      // 1. load
      const from = loaded.length;
      const seconds = await loadUpTo(size);
      const rate = (loaded.length - from) / seconds;
      loads.push({ from, to: loaded.length, seconds, diplomasPerSecond: rate });
      console.log(`  loaded ${from.toLocaleString('en')} → ${loaded.length.toLocaleString('en')} diplomas in ${seconds.toFixed(1)} s = ${rate.toFixed(0)} diplomas/s (IssueDiplomas of ${BATCH}, ${IN_FLIGHT} in flight)`);
      const height = await chainHeight(conn, profile.channel);
      const caughtUp = (s: StatusIndexHealth) => s.live && s.indexedThrough >= height - 1;

      // 2. index build from an empty index, then a restart with no write in between
      const indexDir = path.join(ctx.home.root, 'bench', 'verify-status-index', String(size));
      rmSync(indexDir, { recursive: true, force: true });
      const buildWatch = watchHealth(url, caughtUp, 30 * 60_000);
      gateway = await startBenchGateway(ctx, gatewayOpts(indexDir, size));
      const buildStart = processStartedAt(gateway.pid);
      const built = await buildWatch;
      const indexBuildSeconds = (built.readyAt - buildStart) / 1000;
      console.log(`  [${size}] index build: live through block ${built.statusIndex.indexedThrough} (chain height ${height}), ${built.statusIndex.diplomas.toLocaleString('en')} diplomas, `
        + `${indexBuildSeconds.toFixed(2)} s from process start (HTTP up after ${((built.upAt - buildStart) / 1000).toFixed(2)} s) = ${(built.statusIndex.diplomas / indexBuildSeconds).toFixed(0)} diplomas/s`);
      await gateway.stop();
      gateway = undefined;
      const pageCache = dropPageCache();
      if (!pageCache.dropped) console.log(`  [${size}] could not drop the page cache (${pageCache.error}): the restart reads the index warm`);
      const restartWatch = watchHealth(url, caughtUp, 5 * 60_000);
      gateway = await startBenchGateway(ctx, gatewayOpts(indexDir, size));
      const restartStart = processStartedAt(gateway.pid);
      const restarted = await restartWatch;
      const restartToLiveSeconds = (restarted.readyAt - restartStart) / 1000;
      const restartHttpUpSeconds = (restarted.upAt - restartStart) / 1000;
      console.log(`  [${size}] restart: live ${restartToLiveSeconds.toFixed(2)} s after process start (HTTP up after ${restartHttpUpSeconds.toFixed(2)} s, live ${(restartToLiveSeconds - restartHttpUpSeconds).toFixed(2)} s later; `
        + `page cache ${pageCache.dropped ? 'dropped' : 'not dropped'})`);
      const rssAfterStart = rssOf(gateway.pid);

      // 3a. JIT warm-up on unknown hashes (NOT_FOUND), then distinct hashes with 4. revocations during the load
      const warm = await runLoad({ url, connections, seconds: 2, mode: 'unknown', hashes: [], expect: 'NOT_FOUND', sampleEvery: 50 }, { gatewayPid: gateway.pid });
      const fresh = loaded.filter((d) => !revoked.has(d.hash));
      const targets = shuffle([...fresh]).slice(0, revocationsWanted);
      const targetSet = new Set(targets.map((t) => t.hash));
      const walk = fresh.filter((d) => !targetSet.has(d.hash)).map((d) => d.hash);
      const hot = walk[Math.floor(Math.random() * walk.length)]!;
      const revokeAll = async () => {
        await sleep(1000); // into the steady part of the load
        const out: { diplomaId: string; block: number; ms: number; polls: number }[] = [];
        for (const [n, t] of targets.entries()) {
          const { block } = await submit('RevokeDiploma', { diplomaId: t.diplomaId, ground: 'ISSUER_ERROR', decision: { number: `${n + 1}/QĐ-ĐHBK-${run}`, date: today } });
          const committedAt = performance.now();
          revoked.add(t.hash);
          let polls = 0;
          for (;;) {
            polls += 1;
            const body = (await (await fetch(`${url}/api/v1/verify/${t.hash}`)).json()) as { result?: string };
            if (body.result === 'REVOKED') break;
            if (performance.now() - committedAt > 60_000) throw new Error(`${t.diplomaId} (block ${block}) still answered ${body.result} 60 s after its revocation committed`);
            await sleep(2);
          }
          out.push({ diplomaId: t.diplomaId, block, ms: performance.now() - committedAt, polls });
        }
        return out;
      };
      const distinctRun = await runLoad({ url, connections, seconds: 600, untilStopped: true, mode: 'distinct', hashes: walk, expect: 'VALID', sampleEvery: 100 },
        { gatewayPid: gateway.pid, minSeconds: loadSeconds, during: revokeAll });
      const distinct = distinctRun.summary;
      const rssAfterDistinct = rssOf(gateway.pid);
      const revocations = distinctRun.during!;
      const revMs = revocations.map((r) => r.ms).sort((a, b) => a - b);
      const revocation = {
        count: revocations.length, p50ms: percentile(revMs, 50), maxms: revMs[revMs.length - 1] ?? NaN, minms: revMs[0] ?? NaN,
        blocks: revocations.map((r) => r.block), perRevocationMs: revocations.map((r) => Math.round(r.ms * 10) / 10),
      };
      console.log(`  [${size}] distinct: ${distinct.requestsPerSecond.toFixed(0)} req/s over ${distinct.seconds} s (${distinct.requests.toLocaleString('en')} requests, ${(distinct.passes ?? 0).toFixed(2)} passes over ${walk.length.toLocaleString('en')} hashes), `
        + `p50 ${distinct.p50ms} ms, p99 ${distinct.p99ms} ms, non-2xx ${distinct.non2xx}, errors ${distinct.errors}, timeouts ${distinct.timeouts}, gateway CPU ${distinct.gatewayCpuMsPerRequest!.toFixed(3)} ms/request, load average ${distinct.loadAverage1m!.toFixed(1)}, sampled bodies ${distinct.sampled} (${distinct.sampleMismatches} not VALID)`);
      console.log(`  [${size}] revocation → REVOKED answer: ${revocation.count} revocations, p50 ${revocation.p50ms.toFixed(1)} ms, max ${revocation.maxms.toFixed(1)} ms (blocks ${revocation.blocks[0]}…${revocation.blocks[revocation.blocks.length - 1]})`);

      // 3b. one hot hash
      const hotRun = (await runLoad({ url, connections, seconds: loadSeconds, mode: 'hot', hashes: [hot], expect: 'VALID', sampleEvery: 100 }, { gatewayPid: gateway.pid })).summary;
      const rssAfterHot = rssOf(gateway.pid);
      console.log(`  [${size}] hot: ${hotRun.requestsPerSecond.toFixed(0)} req/s, p50 ${hotRun.p50ms} ms, p99 ${hotRun.p99ms} ms, non-2xx ${hotRun.non2xx}, errors ${hotRun.errors}, timeouts ${hotRun.timeouts}, gateway CPU ${hotRun.gatewayCpuMsPerRequest!.toFixed(3)} ms/request, load average ${hotRun.loadAverage1m!.toFixed(1)}; `
        + `distinct/hot ${(distinct.requestsPerSecond / hotRun.requestsPerSecond).toFixed(2)}; RSS ${rssAfterHot.vmRssMb} MB (peak ${rssAfterHot.vmHwmMb} MB)`);

      const health = (await (await fetch(`${url}/api/v1/health`)).json()) as { statusIndex: StatusIndexHealth };
      await gateway.stop();
      gateway = undefined;
      const s = health.statusIndex;
      results.push({
        diplomas: loaded.length, diplomasOnChain: s.diplomas, chainHeight: height,
        loadedFrom: from, loadSeconds: seconds, loadDiplomasPerSecond: rate,
        indexBuildSeconds, indexBuildDiplomasPerSecond: built.statusIndex.diplomas / indexBuildSeconds, indexBuildHttpUpSeconds: (built.upAt - buildStart) / 1000,
        restartToLiveSeconds, restartHttpUpSeconds, restartHttpUpToLiveSeconds: restartToLiveSeconds - restartHttpUpSeconds, pageCacheDropped: pageCache.dropped, ...(pageCache.error ? { pageCacheError: pageCache.error } : {}),
        warmup: { seconds: warm.summary.seconds, requestsPerSecond: warm.summary.requestsPerSecond, non2xx: warm.summary.non2xx, sampleMismatches: warm.summary.sampleMismatches },
        distinct, hot: hotRun, distinctToHotRatio: distinct.requestsPerSecond / hotRun.requestsPerSecond,
        revocation,
        rss: { afterRestart: rssAfterStart, afterDistinct: rssAfterDistinct, afterHot: rssAfterHot },
        statusIndex: s, bytesOnDiskPerDiploma: s.diplomas > 0 ? s.bytesOnDisk / s.diplomas : null,
      });
    }
  } finally {
    if (gateway) await gateway.stop();
    for (const r of activeRunners) r.kill('SIGTERM');
    conn.close();
  }

  // 5. results, against the targets
  type R = { diplomas: number; diplomasOnChain: number; distinct: LoadSummary; hot: LoadSummary; distinctToHotRatio: number; revocation: { maxms: number };
    rss: { afterDistinct: { vmRssMb: number; vmHwmMb: number }; afterHot: { vmRssMb: number; vmHwmMb: number } }; restartToLiveSeconds: number };
  const rs = results as unknown as R[];
  const small = rs[0];
  const large = rs[rs.length - 1];
  const flatness = small && large && rs.length > 1 ? large.distinct.requestsPerSecond / small.distinct.requestsPerSecond : null;
  const targets = {
    distinctPerSecond: 5000, p99ms: 20, distinctToHotRatio: 0.5, flatnessWithin: 0.2,
    revocationWithinMs: batchTimeoutMs, revocationNote: `one block: the orderer's batchTimeout (${ctx.topology.ordering.batchTimeout})`,
    rssMbAtLargest: 256, restartToLiveSeconds: 1,
  };
  const lowest = (f: (r: R) => number) => Math.min(...rs.map(f));
  const highest = (f: (r: R) => number) => Math.max(...rs.map(f));
  const checks = rs.length === 0 ? {} : {
    distinctPerSecond: lowest((r) => r.distinct.requestsPerSecond) >= targets.distinctPerSecond,
    p99ms: highest((r) => Math.max(r.distinct.p99ms, r.hot.p99ms)) <= targets.p99ms,
    distinctToHotRatio: lowest((r) => r.distinctToHotRatio) >= targets.distinctToHotRatio,
    flat: flatness === null ? null : Math.abs(flatness - 1) <= targets.flatnessWithin,
    revocationWithinOneBlock: highest((r) => r.revocation.maxms) <= targets.revocationWithinMs,
    rssAtLargest: large ? Math.max(large.rss.afterDistinct.vmHwmMb, large.rss.afterHot.vmHwmMb) <= targets.rssMbAtLargest : null,
    restartToLive: highest((r) => r.restartToLiveSeconds) <= targets.restartToLiveSeconds,
    allAnswers200: rs.every((r) => r.distinct.non2xx === 0 && r.hot.non2xx === 0 && r.distinct.errors === 0 && r.hot.errors === 0),
    sampledBodiesValid: rs.every((r) => r.distinct.sampleMismatches === 0 && r.hot.sampleMismatches === 0),
  };
  const others = rs.filter((r) => r.diplomasOnChain > r.diplomas * 1.01);
  const out = {
    at: new Date().toISOString(), machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
    connections, pipelining: 1, loadSeconds, batchSize: BATCH, inFlight: IN_FLIGHT, loads,
    sizes: results, flatness, targets, checks,
    ...(others.length > 0 ? { note: 'the chain held diplomas of other benchmarks too (diplomasOnChain): run with --only=verify for the sizes alone' } : {}),
  };
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'verify.json'), JSON.stringify(out, null, 2));

  console.log('\n  Verification benchmark');
  console.log('  diplomas  load/s  build s  build/s  restart→live s  distinct req/s  p50/p99 ms  hot req/s  p50/p99 ms  d/h   CPU ms/req d/h  revoke p50/max ms  RSS/peak MB  index B/diploma');
  for (const r of results as Record<string, any>[]) { // eslint-disable-line @typescript-eslint/no-explicit-any
    console.log(`  ${String(r.diplomas).padStart(8)}  ${r.loadDiplomasPerSecond.toFixed(0).padStart(6)}  ${r.indexBuildSeconds.toFixed(2).padStart(7)}  ${r.indexBuildDiplomasPerSecond.toFixed(0).padStart(7)}  `
      + `${(r.restartToLiveSeconds.toFixed(2) + (r.pageCacheDropped ? ' cold' : ' warm')).padStart(14)}  ${r.distinct.requestsPerSecond.toFixed(0).padStart(14)}  ${`${r.distinct.p50ms}/${r.distinct.p99ms}`.padStart(10)}  `
      + `${r.hot.requestsPerSecond.toFixed(0).padStart(9)}  ${`${r.hot.p50ms}/${r.hot.p99ms}`.padStart(10)}  ${r.distinctToHotRatio.toFixed(2)}  ${`${r.distinct.gatewayCpuMsPerRequest.toFixed(3)}/${r.hot.gatewayCpuMsPerRequest.toFixed(3)}`.padStart(14)}  ${`${r.revocation.p50ms.toFixed(0)}/${r.revocation.maxms.toFixed(0)}`.padStart(17)}  `
      + `${`${Math.max(r.rss.afterDistinct.vmRssMb, r.rss.afterHot.vmRssMb)}/${r.rss.afterHot.vmHwmMb}`.padStart(11)}  ${r.bytesOnDiskPerDiploma?.toFixed(0) ?? '-'}`);
  }
  if (flatness !== null) console.log(`  flatness (distinct req/s, largest / smallest size): ${flatness.toFixed(2)}`);
  console.log(`  targets: ${Object.entries(checks).map(([k, v]) => `${k} ${v === null ? '-' : v ? '✔' : '✘'}`).join(', ')}`);
  if (out.note) console.log(`  note: ${out.note}`);
  console.log(`  written ${path.join(outDir, 'verify.json')}`);
}

if (process.argv[2] === '--load-runner') {
  loadRunner();
} else {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => { for (const r of activeRunners) r.kill('SIGTERM'); });
  main().catch((err: Error) => {
    console.error(err.message);
    process.exit(1);
  });
}
