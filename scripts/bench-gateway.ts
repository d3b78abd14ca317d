// Gateway benchmark (npm run bench; not a timed test). Against the running network it starts a
// gateway process of its own (own database, rate limit lifted), then measures:
//   1. batch issuance: N diplomas through POST /diploma-batches (CSV, streamed), end to end
//      until the batch is COMPLETED → diplomas/s;
//   2. single issuance: the same kind of diplomas one POST /diplomas at a time (a sequential
//      sample, by default 100, into the same database the batch filled) → diplomas/s and the
//      batch/single ratio;
//   3. GET /verify/{hash} under many concurrent clients (autocannon; 64 by default, then 16)
//      → req/s, p50, p99;
//   4. peak RSS of the gateway process (VmHWM).
// Usage: tsx scripts/bench-gateway.ts [rows=100000] [verifySeconds=20] [connections=64] [singles=100]
// Results: gateway.json in VANBANG_BENCH_OUT (default var/bench).
import autocannon from 'autocannon';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FERRETDB_PROCESS, networkContext, REPO_ROOT, runningPid } from '../network/src';
import { bkaDiploma, csvCohort } from '../test/support/gateway-fixtures';
import { startBenchGateway } from './lib/bench-gateway-process';
import { gatewayNodeArgs } from './lib/gateway-process';
import { cpuSecondsOf } from './lib/process-cpu';

const rows = Number(process.argv[2] ?? 100_000);
const verifySeconds = Number(process.argv[3] ?? 20);
const connections = Number(process.argv[4] ?? 64);
const singlesWanted = Number(process.argv[5] ?? 100);
const outDir = process.env.VANBANG_BENCH_OUT ?? path.join(REPO_ROOT, 'var', 'bench');
const ctx = networkContext();
const NAME = 'gateway-bench';
const PORT = ctx.topology.services.gateway.port + 77;
const url = `http://127.0.0.1:${PORT}`;
const run = Date.now().toString(36).toUpperCase().slice(-6);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

async function json(method: string, p: string, key: string, body?: unknown, contentType = 'application/json'): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await fetch(url + p, { method, headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': contentType } : {}) }, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, body: await res.json().catch(() => null) };
}

async function main(): Promise<void> {
  const gateway = await startBenchGateway(ctx, { name: NAME, port: PORT, database: `vanbang_bench_${run.toLowerCase()}`, nodeArgs: gatewayNodeArgs() });
  try {
    const pid = gateway.pid;
    const issuer = gateway.apiKey('bka-issuer');
    const auditor = gateway.apiKey('auditor');

    // 1. batch (with the CPU the gateway and FerretDB spend per row in each phase)
    const dbPid = runningPid(ctx.home, FERRETDB_PROCESS);
    const cpu = () => ({ gateway: cpuSecondsOf(pid), ferretdb: dbPid ? cpuSecondsOf(dbPid) : 0 });
    const perRow = (a: { gateway: number; ferretdb: number }, b: { gateway: number; ferretdb: number }, n: number) =>
      ({ gatewayMs: ((b.gateway - a.gateway) * 1000) / n, ferretdbMs: dbPid ? ((b.ferretdb - a.ferretdb) * 1000) / n : null });
    const prefix = `Z${run}`;
    const cpu0 = cpu();
    const t0 = Date.now();
    const csv = [...csvCohort(prefix, 0, rows)].join('');
    const accepted = await json('POST', '/api/v1/diploma-batches', issuer, csv, 'text/csv');
    if (accepted.status !== 202) throw new Error(`batch refused: ${JSON.stringify(accepted.body)}`);
    const receivedMs = Date.now() - t0;
    const cpu1 = cpu();
    let progress;
    for (;;) {
      progress = (await json('GET', `/api/v1/diploma-batches/${accepted.body.id}`, issuer)).body;
      if (progress.status === 'COMPLETED') break;
      await sleep(1000);
    }
    const batchMs = Date.now() - t0;
    const cpu2 = cpu();
    const cpuPerRow = { receiving: perRow(cpu0, cpu1, rows), ledgerPhase: perRow(cpu1, cpu2, progress.committed) };
    console.log(`batch CPU per row: receiving gateway ${cpuPerRow.receiving.gatewayMs.toFixed(2)} ms, FerretDB ${cpuPerRow.receiving.ferretdbMs?.toFixed(2) ?? '-'} ms; `
      + `ledger phase gateway ${cpuPerRow.ledgerPhase.gatewayMs.toFixed(2)} ms, FerretDB ${cpuPerRow.ledgerPhase.ferretdbMs?.toFixed(2) ?? '-'} ms`);
    const batchRate = progress.committed / (batchMs / 1000);
    const ingestRate = rows / (receivedMs / 1000);
    const ledgerPhaseRate = progress.committed / ((batchMs - receivedMs) / 1000);
    console.log(`batch: ${progress.committed} diplomas in ${(batchMs / 1000).toFixed(1)} s = ${batchRate.toFixed(0)}/s end to end `
      + `(upload, validation, signing, storage ${(receivedMs / 1000).toFixed(1)} s = ${ingestRate.toFixed(0)} rows/s; ledger ${ledgerPhaseRate.toFixed(0)}/s)`);

    // 2. single, sequential
    const singles = singlesWanted;
    const t1 = Date.now();
    for (let n = 0; n < singles; n++) {
      const r = await json('POST', '/api/v1/diplomas', issuer, bkaDiploma(`S${run}`, n));
      if (r.status !== 201) throw new Error(`single issue failed: ${JSON.stringify(r.body)}`);
    }
    const singleRate = singles / ((Date.now() - t1) / 1000);
    console.log(`single: ${singles} diplomas, ${singleRate.toFixed(1)}/s; batch/single = ${(batchRate / singleRate).toFixed(1)}x`);

    // 3. verify load over 200 real hashes
    const hashes: string[] = [];
    for (let n = 0; n < Math.min(200, rows); n++) {
      const r = await json('GET', `/api/v1/diplomas/${encodeURIComponent(`BKA:${prefix}${String(n * Math.floor(rows / Math.min(200, rows))).padStart(6, '0')}`)}`, auditor);
      if (r.body?.documentHash) hashes.push(r.body.documentHash);
    }
    const load = (clients: number, seconds: number) => autocannon({
      url, connections: clients, duration: seconds, pipelining: 1,
      requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/api/v1/verify/${hashes[Math.floor(Math.random() * hashes.length)]}` }) }],
    });
    await load(connections, 3); // warm-up: JIT and cache, not measured
    const result = await load(connections, verifySeconds);
    console.log(`verify, ${connections} clients: ${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}`);
    const few = await load(16, verifySeconds);
    console.log(`verify, 16 clients: ${few.requests.average.toFixed(0)} req/s, p50 ${few.latency.p50} ms, p99 ${few.latency.p99} ms, non-2xx ${few.non2xx}`);
    const rss = peakRssMb(pid);
    console.log(`peak gateway RSS: ${rss} MB`);
    const out = {
      at: new Date().toISOString(), rows,
      batch: { committed: progress.committed, failed: progress.failed, seconds: batchMs / 1000, uploadSeconds: receivedMs / 1000, diplomasPerSecond: batchRate, ingestRowsPerSecond: ingestRate, ledgerPhasePerSecond: ledgerPhaseRate, cpuMsPerRow: cpuPerRow },
      single: { count: singles, diplomasPerSecond: singleRate },
      batchToSingleRatio: batchRate / singleRate,
      verify: { connections, seconds: verifySeconds, requestsPerSecond: result.requests.average, p50ms: result.latency.p50, p99ms: result.latency.p99, non2xx: result.non2xx, errors: result.errors },
      verifyWith16Clients: { connections: 16, seconds: verifySeconds, requestsPerSecond: few.requests.average, p50ms: few.latency.p50, p99ms: few.latency.p99, non2xx: few.non2xx, errors: few.errors },
      peakRssMb: rss,
      targets: { batchPerSecond: 2000, ratio: 20, verifyPerSecond: 5000, verifyP99ms: 20, rssMb: 256 },
    };
    mkdirSync(outDir, { recursive: true });
    writeFileSync(path.join(outDir, 'gateway.json'), JSON.stringify(out, null, 2));
    console.log(`written ${path.join(outDir, 'gateway.json')}`);
  } finally {
    await gateway.stop();
  }
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
