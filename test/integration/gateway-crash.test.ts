// Crash: the gateway process is SIGKILLed in the middle of a 10,000-row batch and restarted:
// all 10,000 end up on the ledger and committed in MongoDB, none twice, reconciliation clean.
import path from 'node:path';
import { connectionProfilePath, killProcess, REPO_ROOT, startProcess, stopProcess } from '../../network/src';
import { csvCohort } from '../support/gateway-fixtures';
import { testContext, testDatabaseUri } from '../support/network';
import { call, gatewayHome, readCallers, waitFor } from './gateway-helpers';

const ctx = testContext();
const NAME = 'gateway-crash-test';
// A port of the isolated test network's range (its gateway port + 41), so parallel networks never collide.
const PORT = ctx.topology.services.gateway.port + 41;
const url = `http://127.0.0.1:${PORT}`;
const home = gatewayHome('gateway_crash');
const P = `C${Date.now().toString(36).toUpperCase().slice(-5)}`;

async function start(): Promise<void> {
  await startProcess(ctx.home, {
    name: NAME, command: process.execPath, args: [path.join(REPO_ROOT, 'gateway', 'dist', 'main.js')], cwd: REPO_ROOT,
    env: { PORT: String(PORT), VANBANG_HOME: home, VANBANG_CONNECTION_PROFILE: connectionProfilePath(ctx.home), MONGODB_URI: testDatabaseUri('gateway_crash'), LOG_LEVEL: 'warn' },
    ports: [{ host: '127.0.0.1', port: PORT, what: 'gateway' }],
  });
  await waitFor('gateway health', async () => {
    try {
      return (await fetch(`${url}/api/v1/health`)).status === 200 ? true : undefined;
    } catch {
      return undefined;
    }
  });
}

afterAll(async () => {
  await stopProcess(ctx.home, NAME);
});

it('SIGKILL in the middle of a 10,000-row batch, restart: all 10,000 committed once, reconciliation clean', async () => {
  await start();
  const callers = readCallers(home);
  const issuer = callers['bka-issuer']!.apiKey;
  const res = await call(url, 'POST', '/api/v1/diploma-batches', { key: issuer, body: [...csvCohort(P, 0, 10_000)].join(''), contentType: 'text/csv' });
  expect(res.status).toBe(202);
  const id = res.body.id as string;
  // Kill once some, but not all, chunks are committed.
  const mid = await waitFor('first commits', async () => {
    const p = await call(url, 'GET', `/api/v1/diploma-batches/${id}`, { key: issuer });
    return p.body.committed > 0 ? p.body : undefined;
  }, 300_000);
  await killProcess(ctx.home, NAME);
  expect(mid.committed).toBeLessThan(10_000);

  await start();
  const done = await waitFor('batch completed after restart', async () => {
    const p = await call(url, 'GET', `/api/v1/diploma-batches/${id}`, { key: issuer });
    return p.body.status === 'COMPLETED' ? p.body : undefined;
  }, 600_000);
  expect(done).toMatchObject({ total: 10_000, committed: 10_000, failed: 0 });

  const auditor = readCallers(home).auditor!.apiKey;
  const rec = await waitFor('reconciliation clean', async () => {
    // Only other test files' diplomas (still being mirrored into this fresh database) may differ.
    const r = await call(url, 'GET', '/api/v1/audit/reconciliation', { key: auditor });
    return r.body.differences?.every((d: { kind: string; diplomaId: string }) => d.kind === 'MISSING_IN_DATABASE' && !d.diplomaId.includes(P)) ? r.body : undefined;
  }, 120_000);
  expect(rec.differences.filter((d: { diplomaId: string }) => d.diplomaId.includes(P))).toEqual([]);
  expect(rec.pendingRecords).toBe(0);
  // Issued once: a sample row's ledger history holds exactly one issuance.
  for (const n of [0, 4_999, 9_999]) {
    const h = await call(url, 'GET', `/api/v1/diplomas/${encodeURIComponent(`BKA:${P}${String(n).padStart(6, '0')}`)}/history`, { key: auditor });
    expect(h.body.events).toHaveLength(1);
    expect(h.body.events[0].type).toBe('DiplomasIssued');
  }
}, 1_200_000);
