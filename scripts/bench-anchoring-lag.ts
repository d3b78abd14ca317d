// `npm run bench -- --only=anchoring`, the lag part: anchoring at the default settings (a period
// every 60 s or 500 blocks, 2 confirmations), on a network of its own laid out as `npm start`
// lays it out (var/bench-anchoring, ports +21000) with the embedded chain (geth --dev) and the
// gateway running as npm start runs them. Measured:
//   - the anchoring lag of single issues: from the gateway's answer (the diploma committed on
//     Fabric) until its verify answer carries an anchor, one issue every 3 s for 3 minutes
//     (--quick: 1 minute);
//   - a CSV cohort of 5,000 rows (--quick 1,000): from the batch's completion until the anchored
//     periods cover every block it was committed in;
//   - verify of distinct anchored hashes after a gateway restart, with the anchor in every answer
//     and with anchoring off, through the same client: throughput and latency;
//   - the periods: leaves per period, Fabric blocks per period.
// Results in var/bench/anchoring-lag.json.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import { GATEWAY_PROCESS, networkContext, networkDown, networkReset, networkUp, readChainInfo, REPO_ROOT, startEvmChain, stopProcess, type NetworkContext } from '../network/src';
import { bkaDiploma, csvCohort } from '../test/support/gateway-fixtures';
import { gatewayUrl, startGateway } from './lib/gateway-process';
import { seedDemoData } from './lib/seed';

const OUT = process.env.VANBANG_BENCH_OUT ?? path.join(REPO_ROOT, 'var', 'bench');
const quick = process.argv.includes('--quick');
const SINGLE_ISSUE_MS = quick ? 60_000 : 180_000;
const COHORT = quick ? 1_000 : 5_000;
const VERIFY_HASHES = quick ? 1_000 : 5_000;
const VERIFY_CONCURRENCY = 32;
const P = `G${Date.now().toString(36).toUpperCase().slice(-5)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function callers(ctx: NetworkContext): Record<string, string> {
  const list = (JSON.parse(readFileSync(path.join(ctx.home.root, 'demo-credentials.json'), 'utf8')) as { callers: { name: string; apiKey: string }[] }).callers;
  return Object.fromEntries(list.map((c) => [c.name, c.apiKey]));
}

async function api(ctx: NetworkContext, method: string, pathname: string, who?: string, body?: string, type = 'application/json'): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const headers: Record<string, string> = { ...(who ? { authorization: `Bearer ${callers(ctx)[who]}` } : {}), ...(body ? { 'content-type': type } : {}) };
  const res = await fetch(gatewayUrl(ctx) + pathname, { method, headers, body });
  return { status: res.status, body: await res.json().catch(() => null) };
}

function stats(values: number[]): { samples: number; p50: number; p95: number; max: number; mean: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
  return { samples: values.length, p50: at(50), p95: at(95), max: sorted[sorted.length - 1] ?? 0, mean: Math.round(values.reduce((a, b) => a + b, 0) / Math.max(1, values.length)) };
}

/** Polls the verify answers of the pending hashes; resolves the time each was first seen anchored. */
async function anchoredTimes(ctx: NetworkContext, pending: Map<string, number>, timeoutMs: number, seen: Map<string, { at: number; periodId: number }>, issuing: { done: boolean }): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!issuing.done || pending.size > seen.size) {
    if (Date.now() > deadline) throw new Error(`timed out: ${pending.size - seen.size} of ${pending.size} diplomas not anchored after ${timeoutMs / 1000} s`);
    for (const hash of pending.keys()) {
      if (seen.has(hash)) continue;
      const v = await api(ctx, 'GET', `/api/v1/verify/${hash}`);
      if (v.body?.anchor?.status === 'ANCHORED') seen.set(hash, { at: Date.now(), periodId: v.body.anchor.events[0].periodId });
    }
    await sleep(200);
  }
}

async function main(): Promise<void> {
  // The verify polls and the verify load come from one address: the public per-address limit would answer 429.
  process.env.VANBANG_PUBLIC_RATE_LIMIT = '10000000';
  const ctx = networkContext({ home: path.join(REPO_ROOT, 'var', 'bench-anchoring'), portShift: 21000 });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void networkDown(ctx, () => {}).finally(() => process.exit(130)));
  await networkReset(ctx, () => {});
  rmSync(ctx.home.root, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  try {
    console.log(`  network, EVM chain and gateway (${ctx.home.root})`);
    await networkUp(ctx, () => {});
    await seedDemoData(ctx, () => {});
    await startEvmChain(ctx, () => {});
    await startGateway(ctx);
    const chain = readChainInfo(ctx.home)!;

    console.log(`  single issues, one every 3 s for ${SINGLE_ISSUE_MS / 1000} s`);
    const issuedAt = new Map<string, number>();
    const seen = new Map<string, { at: number; periodId: number }>();
    const issuing = { done: false };
    const polling = anchoredTimes(ctx, issuedAt, SINGLE_ISSUE_MS + 240_000, seen, issuing);
    const until = Date.now() + SINGLE_ISSUE_MS;
    for (let n = 0; Date.now() < until; n++) {
      const res = await api(ctx, 'POST', '/api/v1/diplomas', 'bka-issuer', JSON.stringify(bkaDiploma(P, n)));
      if (res.status !== 201) throw new Error(`issue: ${res.status} ${JSON.stringify(res.body)}`);
      issuedAt.set(res.body.documentHash, Date.now());
      await sleep(3_000);
    }
    issuing.done = true;
    await polling;
    const lags = [...issuedAt].map(([h, t]) => seen.get(h)!.at - t);

    console.log(`  a CSV cohort of ${COHORT} rows`);
    const batch = await api(ctx, 'POST', '/api/v1/diploma-batches', 'bka-issuer', [...csvCohort(`${P}B`, 0, COHORT)].join(''), 'text/csv');
    if (batch.status !== 202) throw new Error(`batch: ${batch.status} ${JSON.stringify(batch.body)}`);
    let done: any; // eslint-disable-line @typescript-eslint/no-explicit-any
    for (;;) {
      done = (await api(ctx, 'GET', `/api/v1/diploma-batches/${batch.body.id}`, 'bka-issuer')).body;
      if (done?.status === 'COMPLETED') break;
      await sleep(500);
    }
    const completedAt = Date.now();
    // Every row is in a block up to the height seen at completion: anchored once a period reaches it.
    const heightAtCompletion = (await api(ctx, 'GET', '/api/v1/audit/anchoring?limit=1', 'auditor')).body.fabricHeight as number;
    let cohortLag: number | null = null;
    for (const deadline = Date.now() + 300_000; Date.now() < deadline; await sleep(250)) {
      const report = (await api(ctx, 'GET', '/api/v1/audit/anchoring?limit=1', 'auditor')).body;
      if (report.anchoredThroughBlock >= heightAtCompletion - 1) {
        cohortLag = Date.now() - completedAt;
        break;
      }
    }
    const periods = (await api(ctx, 'GET', '/api/v1/audit/anchoring?limit=1000', 'auditor')).body?.periods ?? [];

    // Verify with the anchor in every answer, for distinct anchored diplomas after a restart of the
    // gateway (cold caches): each answer reads the hash's proofs from the database.
    console.log(`  verify of ${VERIFY_HASHES} distinct anchored hashes after a gateway restart, ${VERIFY_CONCURRENCY} at a time`);
    const db = await mongoose.createConnection(`mongodb://127.0.0.1:${ctx.topology.services.database.port}/vanbang`).asPromise();
    const hashes = (await db.collection('anchor_proofs').find({}, { projection: { _id: 1 } }).limit(VERIFY_HASHES).toArray()).map((d) => String(d._id));
    await db.close();
    /** Verify of every hash after a restart of the gateway (cold caches), 32 at a time. */
    const verifyPass = async (): Promise<{ perSecond: number; p50: number; p95: number; anchored: number }> => {
      await stopProcess(ctx.home, GATEWAY_PROCESS);
      await startGateway(ctx);
      const latencies: number[] = [];
      let anchored = 0;
      let next = 0;
      const v0 = Date.now();
      await Promise.all(Array.from({ length: VERIFY_CONCURRENCY }, async () => {
        while (next < hashes.length) {
          const hash = hashes[next++]!;
          const t = performance.now();
          const v = await api(ctx, 'GET', `/api/v1/verify/${hash}`);
          latencies.push(performance.now() - t);
          if (v.status === 200 && v.body?.anchor?.status === 'ANCHORED') anchored++;
        }
      }));
      const s = stats(latencies);
      return { perSecond: Math.round(hashes.length / ((Date.now() - v0) / 1000)), p50: Number(s.p50.toFixed(1)), p95: Number(s.p95.toFixed(1)), anchored };
    };
    const withAnchor = await verifyPass();
    // The same load with anchoring off: what the anchor costs, through the same client.
    process.env.VANBANG_ANCHORING = 'off';
    const withoutAnchor = await verifyPass();
    delete process.env.VANBANG_ANCHORING;
    const result = {
      measuredAt: new Date().toISOString(),
      settings: { everySeconds: 60, everyBlocks: 500, confirmations: 2, evmBlockSeconds: 2, chainId: chain.chainId },
      singleIssues: { lagMs: stats(lags) },
      cohort: { rows: COHORT, committed: done.committed ?? null, allAnchoredAfterCompletionMs: cohortLag },
      verify: { hashes: hashes.length, concurrency: VERIFY_CONCURRENCY, client: 'Node fetch, one process', withAnchor, anchoringOff: withoutAnchor },
      periods: {
        count: periods.length,
        leavesPerPeriod: stats(periods.map((p: { leafCount: number }) => p.leafCount)),
        blocksPerPeriod: stats(periods.map((p: { firstBlock: number; lastBlock: number }) => p.lastBlock - p.firstBlock + 1)),
      },
    };
    writeFileSync(path.join(OUT, 'anchoring-lag.json'), JSON.stringify(result, null, 2));
    console.log(`  anchoring lag of single issues: p50 ${(result.singleIssues.lagMs.p50 / 1000).toFixed(1)} s, p95 ${(result.singleIssues.lagMs.p95 / 1000).toFixed(1)} s, max ${(result.singleIssues.lagMs.max / 1000).toFixed(1)} s (${lags.length} diplomas)`);
    console.log(`  cohort of ${COHORT}: every row anchored ${cohortLag === null ? 'not within 300' : (cohortLag / 1000).toFixed(1)} s after the batch completed`);
    console.log(`  verify of ${hashes.length} distinct hashes after a restart: with the anchor ${withAnchor.perSecond}/s, p95 ${withAnchor.p95} ms (${withAnchor.anchored} ANCHORED); anchoring off ${withoutAnchor.perSecond}/s, p95 ${withoutAnchor.p95} ms`);
    console.log(`  ${periods.length} periods: leaves per period p50 ${result.periods.leavesPerPeriod.p50}, max ${result.periods.leavesPerPeriod.max}`);
  } finally {
    await networkDown(ctx, () => {});
  }
}

main().catch((err: Error) => {
  console.error(`anchoring lag benchmark: ${err.message}`);
  process.exit(1);
});
