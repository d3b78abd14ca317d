// Ledger benchmark: diplomas per second through IssueDiplomas (cohorts of 500 in one transaction)
// against IssueDiploma (one diploma per transaction), on a real network, as the Hanoi school
// (Department-hosted: the heavier case, with key-level endorsement policies on every key).
// Usage: tsx scripts/bench-ledger.ts [diplomasInBatches=20000] [singles=1000]
// Writes var/bench/ledger.json. Not a test: it reports figures, it does not assert them.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { connectAs, type ConnectionProfile } from '../network/src';

const BATCH = 500;
const hex = (n: number) => randomBytes(n).toString('hex');
let counter = 0;
const item = () => {
  counter += 1;
  const tag = `${hex(4).toUpperCase()}${counter}`;
  return { serialNumber: `B${tag}`, documentHash: hex(32), diplomaType: 'THPT', graduationYear: 2026, registerEntryNumber: `R${tag}`, dateOfSigning: '2026-07-25' };
};

/** Runs `tasks` with at most `limit` in flight; returns the elapsed milliseconds. */
async function pool(count: number, limit: number, task: (i: number) => Promise<void>): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, count) }, async () => {
    while (next < count) await task(next++);
  }));
  return performance.now() - started;
}

/**
 * `cpuSeconds` (optional) reads the CPU time each network process has used so far; sampled around
 * the IssueDiplomas phase, it tells where a diploma's CPU goes (endorsing peers, chaincode, ...).
 */
export async function benchLedger(profile: ConnectionProfile, opts: { batched: number; singles: number; outDir: string; cpuSeconds?: () => Record<string, number> }) {
  const conn = connectAs(profile, 'hn-thpt-001-issuer');
  const contract = conn.gateway.getNetwork(profile.channel).getContract(profile.chaincode);
  const endorsingOrganizations = ['MinistryMSP', 'HanoiDoETMSP'];
  try {
    const submit = async (fn: string, arg: unknown) => {
      const commit = await contract.submitAsync(fn, { arguments: [JSON.stringify(arg)], endorsingOrganizations });
      const status = await commit.getStatus();
      if (!status.successful) throw new Error(`${fn} ${status.transactionId} invalid: code ${status.code}`);
    };
    // Warm up connections and the chaincode, including the batch path (a cold Node chaincode
    // spends its first transactions compiling: measured cold, IssueDiplomas cost a third more CPU).
    await submit('IssueDiploma', { issuerCode: 'HN-THPT-001', ...item() });
    await pool(4, 4, async () => submit('IssueDiplomas', { issuerCode: 'HN-THPT-001', diplomas: Array.from({ length: BATCH }, item) }));

    const batches = Math.ceil(opts.batched / BATCH);
    const cpuBefore = opts.cpuSeconds?.() ?? {};
    const batchMs = await pool(batches, 4, async () => submit('IssueDiplomas', { issuerCode: 'HN-THPT-001', diplomas: Array.from({ length: BATCH }, item) }));
    const cpuAfter = opts.cpuSeconds?.() ?? {};
    const cpuMsPerDiploma = Object.fromEntries(Object.entries(cpuAfter)
      .map(([name, s]) => [name, ((s - (cpuBefore[name] ?? s)) * 1000) / (batches * BATCH)] as const)
      .filter(([, ms]) => ms >= 0.01)
      .sort((a, b) => b[1] - a[1]));
    const sequentialN = Math.min(50, opts.singles);
    const sequentialMs = await pool(sequentialN, 1, async () => submit('IssueDiploma', { issuerCode: 'HN-THPT-001', ...item() }));
    const concurrentMs = await pool(opts.singles, 64, async () => submit('IssueDiploma', { issuerCode: 'HN-THPT-001', ...item() }));

    const result = {
      measuredAt: new Date().toISOString(),
      machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
      batchSize: BATCH,
      issueDiplomas: {
        diplomas: batches * BATCH, transactions: batches, inFlight: 4, seconds: batchMs / 1000, diplomasPerSecond: (batches * BATCH) / (batchMs / 1000),
        cpuMsPerDiploma, cpuMsPerDiplomaTotal: Object.values(cpuMsPerDiploma).reduce((a, b) => a + b, 0),
      },
      issueDiplomaSequential: { diplomas: sequentialN, seconds: sequentialMs / 1000, diplomasPerSecond: sequentialN / (sequentialMs / 1000), msPerDiploma: sequentialMs / sequentialN },
      issueDiplomaConcurrent: { diplomas: opts.singles, inFlight: 64, seconds: concurrentMs / 1000, diplomasPerSecond: opts.singles / (concurrentMs / 1000) },
    };
    const ratio = result.issueDiplomas.diplomasPerSecond / result.issueDiplomaConcurrent.diplomasPerSecond;
    const out = { ...result, batchOverConcurrentSingle: ratio, batchOverSequentialSingle: result.issueDiplomas.diplomasPerSecond / result.issueDiplomaSequential.diplomasPerSecond };
    mkdirSync(opts.outDir, { recursive: true });
    writeFileSync(path.join(opts.outDir, 'ledger.json'), JSON.stringify(out, null, 2));
    return out;
  } finally {
    conn.close();
  }
}
