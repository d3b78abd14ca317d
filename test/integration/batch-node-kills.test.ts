// kill -9 of one process at a time during a 10,000-row batch, each restarted a few seconds later:
// the Raft leader, a Department's peer, the Ministry's chaincode server, the database, then the
// Ministry's own peer (the one the gateway talks to). Every row must end up committed exactly
// once. (The gateway process itself is killed in gateway-crash.test.ts.)
import {
  chaincodeProcessName, FERRETDB_PROCESS, killProcess, networkUp, ordererProcessName, peerProcessName, readDeployment, runningPid,
  startDatabase, startOrderer, startPeer, type OrgSpec,
} from '../../network/src';
import { startChaincodeServer } from '../../network/src/chaincode';
import { isRaftLeader } from '../../network/src/orderer';
import { csvCohort } from '../support/gateway-fixtures';
import { testContext } from '../support/network';
import { call, sleep, startTestGateway, waitFor, type TestGateway } from './gateway-helpers';

const ctx = testContext();
const t = ctx.topology;
const org = (name: string) => t.organizations.find((o) => o.name === name) as OrgSpec;
const P = `K${Date.now().toString(36).toUpperCase().slice(-5)}`;
const ROWS = 10_000;
let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway('batch_node_kills', { VANBANG_PUBLIC_RATE_LIMIT: '100000' });
});

afterAll(async () => {
  await gw?.close();
  // Whatever a failed step left down comes back for the test files after this one.
  const down = t.organizations.some((o) => !runningPid(ctx.home, peerProcessName(o)) || !runningPid(ctx.home, ordererProcessName(o)))
    || !runningPid(ctx.home, FERRETDB_PROCESS);
  if (down) await networkUp(ctx, () => {});
}, 300_000);

interface Kill {
  process: string;
  /** Rows committed when it was killed. */
  committedAtKill: number;
  downMs: number;
}

it('one process at a time killed -9 and restarted during a 10,000-row batch: all rows committed once', async () => {
  const issuer = gw.callers['bka-issuer']!.apiKey;
  const res = await call(gw.url, 'POST', '/api/v1/diploma-batches', { key: issuer, body: [...csvCohort(P, 0, ROWS)].join(''), contentType: 'text/csv' });
  expect(res.status).toBe(202);
  const id = res.body.id as string;
  const progress = async () => {
    try {
      return (await call(gw.url, 'GET', `/api/v1/diploma-batches/${id}`, { key: issuer })).body as { status: string; committed: number; failed: number };
    } catch {
      return undefined;
    }
  };
  const committed = async () => (await progress())?.committed ?? -1;
  await waitFor('first commits', async () => ((await committed()) > 0 ? true : undefined), 300_000);

  const kills: Kill[] = [];
  const killAndRestart = async (name: string, restart: () => Promise<void>) => {
    const at = await committed();
    await killProcess(ctx.home, name);
    const downAt = Date.now();
    await sleep(3_000);
    await restart();
    kills.push({ process: name, committedAtKill: at, downMs: Date.now() - downAt });
  };
  const leader = await waitFor('the Raft leader', async () => {
    for (const o of t.organizations) if (await isRaftLeader(o, t.channel)) return o;
    return undefined;
  }, 30_000);
  await killAndRestart(ordererProcessName(leader), () => startOrderer(ctx.home, t, leader));
  await killAndRestart(peerProcessName(org('HcmcDoET')), () => startPeer(ctx.home, org('HcmcDoET')));
  const ministry = org('Ministry');
  const deployment = readDeployment(ctx.home, ministry)!;
  const slot = deployment.slot ?? 'primary';
  await killAndRestart(chaincodeProcessName(ministry, slot), () => startChaincodeServer(ctx.home, ministry, deployment.packageId, slot));
  await killAndRestart(FERRETDB_PROCESS, () => startDatabase(ctx.home, t));
  await killAndRestart(peerProcessName(ministry), () => startPeer(ctx.home, ministry));

  const done = await waitFor('the batch completed', async () => {
    const p = await progress();
    return p?.status === 'COMPLETED' ? p : undefined;
  }, 900_000);
  process.stdout.write(`batch under kill -9: ${kills.map((k) => `${k.process} at ${k.committedAtKill} rows (down ${k.downMs} ms)`).join(', ')}\n`);
  expect(done).toMatchObject({ total: ROWS, committed: ROWS, failed: 0 });
  // At least the first kills hit the batch in the middle.
  expect(kills[0]!.committedAtKill).toBeLessThan(ROWS);
  expect(kills[1]!.committedAtKill).toBeLessThan(ROWS);

  // Issued once: sample rows' ledger histories hold exactly one issuance.
  const auditor = gw.callers.auditor!.apiKey;
  for (const n of [0, 2_500, 5_000, 7_500, 9_999]) {
    const h = await call(gw.url, 'GET', `/api/v1/diplomas/${encodeURIComponent(`BKA:${P}${String(n).padStart(6, '0')}`)}/history`, { key: auditor });
    expect(h.status).toBe(200);
    expect(h.body.events).toHaveLength(1);
    expect(h.body.events[0].type).toBe('DiplomasIssued');
  }
  const rec = await waitFor('reconciliation clean for this batch', async () => {
    const r = await call(gw.url, 'GET', '/api/v1/audit/reconciliation', { key: auditor });
    return r.status === 200 && !r.body.differences?.some((d: { diplomaId: string }) => d.diplomaId.includes(P)) ? r.body : undefined;
  }, 180_000);
  expect(rec.pendingRecords).toBe(0);
}, 1_500_000);
