// `npm run bench`: starts an isolated benchmark network (var/bench-network, ports +20000), runs
// the ledger, document, gateway, portal and verification benchmarks, records start-up time and the network's memory,
// writes var/bench/*.json, prints a summary, and stops the network. Then the peer join benchmark
// (scripts/bench-peer-join.ts: genesis replay against joining from a snapshot) and the backup
// benchmark (scripts/bench-backup.ts: backup, replication lag, recovery after a lost machine) run
// each on a network of its own (var/bench-peer-join, ports +23000; var/bench-backup, +24000), so
// no two networks run at once.
// The anchoring benchmarks of gas and Merkle trees need no Fabric network; the lag one brings its own.
// Usage: npm run bench [-- --quick] [-- --only=ledger|document|gateway|portal|verify|peer-join|backup|anchoring] [-- --blocks=N (peer-join)]
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  connectionProfilePath,
  networkContext,
  networkDown,
  networkReset,
  networkUp,
  processNames,
  readConnectionProfile,
  REPO_ROOT,
  runningPid,
} from '../network/src';
import { benchLedger } from './bench-ledger';
import { cpuSecondsOf } from './lib/process-cpu';
import { seedDemoData } from './lib/seed';

const OUT = path.join(REPO_ROOT, 'var', 'bench');
const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const STEPS = ['ledger', 'document', 'gateway', 'portal', 'verify', 'peer-join', 'backup', 'anchoring'] as const;
/** The steps that bring a network of their own (or need none: anchoring runs on Hardhat's in-process chain). */
const OWN_NETWORK: readonly Step[] = ['peer-join', 'backup', 'anchoring'];
type Step = (typeof STEPS)[number];
const wanted = (step: Step) => only === undefined || only === step;
/** The steps that run on the shared benchmark network. */
const onBenchNetwork = STEPS.filter((s) => !OWN_NETWORK.includes(s)).some(wanted);

/** Resident memory (kB → MB) of every process the network started, from /proc. */
function networkRss(home: ReturnType<typeof networkContext>['home'], names: string[]): Record<string, number> {
  const rss: Record<string, number> = {};
  for (const name of names) {
    const pid = runningPid(home, name);
    if (!pid) continue;
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    if (m) rss[name] = Math.round(Number(m[1]) / 1024);
  }
  return rss;
}

/** CPU seconds each running process of the network has used so far. */
function networkCpuSeconds(home: ReturnType<typeof networkContext>['home'], names: string[]): Record<string, number> {
  const cpu: Record<string, number> = {};
  for (const name of names) {
    const pid = runningPid(home, name);
    if (pid) cpu[name] = cpuSecondsOf(pid);
  }
  return cpu;
}

let child: ChildProcess | undefined;
/** Stops the benchmark network while it runs (set by benchNetworkSteps). */
let stopBenchNetwork: (() => Promise<void>) | undefined;

// Interrupted (Ctrl-C, a CI time limit): stop the running step (a step on a network of its own
// stops that network itself) and every process of the benchmark network, by PID file.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    console.log(`\n${signal}: stopping the benchmark`);
    const step = child;
    const stepDone = step ? new Promise((r) => step.once('exit', r)) : Promise.resolve();
    step?.kill('SIGTERM');
    void Promise.allSettled([stepDone, stopBenchNetwork?.()]).finally(() => process.exit(130));
  });
}

/** Runs a benchmark step as a child process (not spawnSync, so an interrupt is handled at once). */
function runStep(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number | null> {
  return new Promise((resolve) => {
    child = spawn(process.execPath, args, { stdio: 'inherit', cwd: REPO_ROOT, env });
    child.on('exit', (code) => {
      child = undefined;
      resolve(code);
    });
  });
}

async function main(): Promise<void> {
  if (only !== undefined && !(STEPS as readonly string[]).includes(only)) throw new Error(`--only must be one of ${STEPS.join(', ')} (got ${only})`);
  mkdirSync(OUT, { recursive: true });
  const tsx = path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  if (onBenchNetwork) await benchNetworkSteps(tsx);
  if (wanted('peer-join')) {
    console.log('• peer join benchmark (genesis replay against a snapshot, on its own network)');
    const blocks = process.argv.filter((a) => a.startsWith('--blocks='));
    const status = await runStep([tsx, path.join(REPO_ROOT, 'scripts', 'bench-peer-join.ts'), ...(quick ? ['--quick'] : []), ...blocks], { ...process.env, VANBANG_BENCH_OUT: OUT });
    if (status !== 0) console.log(`  peer join benchmark failed (exit ${status})`);
  }
  if (wanted('backup')) {
    console.log('• backup benchmark (backup, replication lag, recovery after losing the Ministry\'s machine, on its own network)');
    const status = await runStep([tsx, path.join(REPO_ROOT, 'scripts', 'bench-backup.ts'), ...(quick ? ['--quick'] : [])], { ...process.env, VANBANG_BENCH_OUT: OUT });
    if (status !== 0) console.log(`  backup benchmark failed (exit ${status})`);
  }
  if (wanted('anchoring')) {
    console.log('• anchoring benchmark (gas per registry call; Merkle tree and proofs of 100,000 and 1,000,000 leaves; anchoring lag at the default settings, on its own network and chain)');
    for (const script of ['bench-anchoring-gas.ts', 'bench-anchoring-tree.ts', 'bench-anchoring-lag.ts']) {
      const status = await runStep([tsx, path.join(REPO_ROOT, 'scripts', script), ...(quick && script !== 'bench-anchoring-gas.ts' ? ['--quick'] : [])], { ...process.env, VANBANG_BENCH_OUT: OUT });
      if (status !== 0) console.log(`  ${script} failed (exit ${status})`);
    }
  }
  console.log(`\nResults in ${OUT}/*.json`);
}

/** The steps run on the benchmark network, which this starts and stops. */
async function benchNetworkSteps(tsx: string): Promise<void> {
  const ctx = networkContext({ home: path.join(REPO_ROOT, 'var', 'bench-network'), portShift: 20000 });
  stopBenchNetwork = () => networkDown(ctx, () => {});
  await networkReset(ctx, () => {});
  try {
    const t0 = Date.now();
    console.log('• starting the benchmark network');
    await networkUp(ctx, () => {});
    await seedDemoData(ctx, () => {});
    const coldStartSeconds = (Date.now() - t0) / 1000;
    const idleRss = networkRss(ctx.home, processNames(ctx.topology));
    if (wanted('ledger')) {
      console.log('• ledger benchmark');
      const ledger = await benchLedger(readConnectionProfile(connectionProfilePath(ctx.home)), {
        batched: quick ? 2000 : 20000, singles: quick ? 200 : 1000, outDir: OUT, cpuSeconds: () => networkCpuSeconds(ctx.home, processNames(ctx.topology)),
      });
      const loadedRss = networkRss(ctx.home, processNames(ctx.topology));
      const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
      writeFileSync(path.join(OUT, 'network.json'), JSON.stringify({ measuredAt: new Date().toISOString(), startSecondsFreshNetwork: coldStartSeconds, rssMbIdle: idleRss, rssMbIdleTotal: sum(idleRss), rssMbAfterLedgerBench: loadedRss, rssMbAfterLedgerBenchTotal: sum(loadedRss) }, null, 2));
      const perDiploma = Object.entries(ledger.issueDiplomas.cpuMsPerDiploma).map(([name, ms]) => `${name} ${ms.toFixed(2)}`).join(', ');
      console.log(`  IssueDiplomas CPU ms per diploma: ${perDiploma}`);
      console.log(`  IssueDiplomas ${ledger.issueDiplomas.diplomasPerSecond.toFixed(0)} diplomas/s; IssueDiploma ${ledger.issueDiplomaConcurrent.diplomasPerSecond.toFixed(0)}/s concurrent, ${ledger.issueDiplomaSequential.diplomasPerSecond.toFixed(1)}/s sequential; network RSS ${sum(loadedRss)} MB`);
    }

    if (wanted('document')) {
      console.log('• document benchmark');
      await runStep([tsx, path.join(REPO_ROOT, 'document', 'bench', 'bench.ts')]);
    }

    if (wanted('gateway')) {
      console.log('• gateway benchmark');
      const status = await runStep([tsx, path.join(REPO_ROOT, 'scripts', 'bench-gateway.ts'), ...(quick ? ['5000', '10', '64', '30'] : ['100000', '20', '64', '100'])],
        { ...process.env, VANBANG_HOME: ctx.home.root, VANBANG_PORT_SHIFT: '20000', VANBANG_BENCH_OUT: OUT });
      if (status !== 0) console.log(`  gateway benchmark failed (exit ${status})`);
    }

    if (wanted('portal')) {
      console.log('• portal benchmark');
      const status = await runStep([tsx, path.join(REPO_ROOT, 'scripts', 'bench-portal.ts'), quick ? '10' : '30'],
        { ...process.env, VANBANG_HOME: ctx.home.root, VANBANG_PORT_SHIFT: '20000', VANBANG_BENCH_OUT: OUT });
      if (status !== 0) console.log(`  portal benchmark failed (exit ${status})`);
    }

    if (wanted('verify')) {
      // Last, so that its 100,000 diplomas do not weigh on the other steps; with them run before
      // it, verify.json notes that the chain held their diplomas too.
      console.log('• verification benchmark');
      const env = { ...process.env, VANBANG_HOME: ctx.home.root, VANBANG_PORT_SHIFT: '20000', VANBANG_BENCH_OUT: OUT };
      const size = await runStep([tsx, '--expose-gc', path.join(REPO_ROOT, 'scripts', 'bench-status-index-size.ts'), quick ? '20000' : '200000'], env);
      if (size !== 0) console.log(`  status index size benchmark failed (exit ${size})`);
      const status = await runStep([tsx, path.join(REPO_ROOT, 'scripts', 'bench-verify.ts'), ...(quick ? ['2000,20000', '5'] : ['10000,100000', '15']), '64', '20'], env);
      if (status !== 0) console.log(`  verification benchmark failed (exit ${status})`);
    }
  } finally {
    await networkDown(ctx, () => {});
    stopBenchNetwork = undefined;
  }
}

main().catch((err: Error) => {
  console.error(`✖ ${err.message}`);
  process.exit(1);
});
