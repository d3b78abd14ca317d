// Fail fast without an ordering quorum, ride out a lost Raft leader (issue 16, item 3), on a
// network of its own (three organizations, each with one Raft orderer) and an in-process gateway:
//  (a) the Raft leader is killed (-9) while 20 issuances run: none fails, each diploma is on the
//      ledger once;
//  (b) two of the three orderers stopped: the next issuance answers 503 LEDGER_UNAVAILABLE within
//      seconds and leaves nothing (no record, nothing on the ledger, the same diploma can be
//      issued once the orderers are back);
//  (c) the quorum lost after the leader accepted the envelope (the outcome is unknown): 503, the
//      record stays pending, and the recovery worker finishes it exactly once when the quorum is back.
import path from 'node:path';
import { OrderingHealth } from '../../gateway/src/ledger/ordering-health';
import type { GatewayRuntime } from '../../gateway/src/runtime';
import {
  networkDown, ordererProcessName, runningPid, startOrderer, stopProcess, tcpOpen, type NetworkContext, type OrgSpec,
} from '../../network/src';
import { isRaftLeader } from '../../network/src/orderer';
import { startIsolatedNetwork } from '../support/isolated-network';
import { startNetworkGateway, type NetworkGateway } from '../support/network-gateway';
import { bkaDiploma } from '../support/gateway-fixtures';
import { call, readCallers, sleep, waitFor, type Reply } from './gateway-helpers';

const HOME = path.join(__dirname, '..', '..', 'var', 'test-quorum');
const SHIFT = 16000;
const P = `Q${Date.now().toString(36).toUpperCase().slice(-5)}`;

let ctx: NetworkContext;
let gw: NetworkGateway | undefined;
let runtime: GatewayRuntime | undefined;
let url: string;
let key: string;

beforeAll(async () => {
  ctx = await startIsolatedNetwork({ home: HOME, portShift: SHIFT });
  try {
    const gatewayHome = path.join(HOME, 'gateway');
    gw = await startNetworkGateway(ctx, { home: gatewayHome, dbName: 'ordering_quorum' });
    runtime = gw.runtime;
    url = gw.url;
    key = readCallers(gatewayHome)['bka-issuer']!.apiKey;
  } catch (err) {
    await networkDown(ctx, () => {});
    throw err;
  }
}, 300_000);

afterAll(async () => {
  await gw?.close();
  if (ctx) await networkDown(ctx, () => {});
}, 120_000);

const issue = (n: number, headers: Record<string, string> = {}): Promise<Reply> => call(url, 'POST', '/api/v1/diplomas', { key, json: bkaDiploma(P, n), headers });
const diplomaId = (n: number) => `BKA:${bkaDiploma(P, n).serialNumber as string}`;

async function leader(): Promise<OrgSpec> {
  return waitFor('a Raft leader', async () => {
    for (const org of ctx.topology.organizations) if (await isRaftLeader(org, ctx.topology.channel)) return org;
    return undefined;
  }, 60_000);
}

/** Every orderer running again, a leader elected and a write committed through it. */
async function orderersBack(): Promise<void> {
  for (const org of ctx.topology.organizations) {
    if (!runningPid(ctx.home, ordererProcessName(org)) || !(await tcpOpen(org.host, org.ports.orderer, 500))) await startOrderer(ctx.home, ctx.topology, org);
  }
  await leader();
}

/** The diploma's issuance events on the ledger (an empty list: the ledger does not know it). */
async function issuanceEvents(id: string): Promise<string[]> {
  try {
    const { history } = await runtime!.ctx.ledger.evaluate<{ history: { eventType: string; txId: string }[] }>('GetHistory', { diplomaId: id });
    return history.filter((h) => h.eventType === 'DiplomaIssued' || h.eventType === 'DiplomasIssued').map((h) => h.txId);
  } catch (err) {
    if ((err as { code?: string }).code === 'DIPLOMA_NOT_FOUND') return [];
    throw err;
  }
}

test('(a) the Raft leader killed during 20 issuances: none fails, each diploma is committed once', async () => {
  expect((await issue(1)).status).toBe(201); // warm: sessions and connections open
  const dead = await leader();
  const started = Date.now();
  const runs = Array.from({ length: 20 }, async (_, i) => {
    await sleep(i * 150);
    const t = Date.now();
    const res = await issue(100 + i);
    return { n: 100 + i, res, ms: Date.now() - t };
  });
  await sleep(700);
  process.kill(runningPid(ctx.home, ordererProcessName(dead))!, 'SIGKILL');
  const killedAt = Date.now();
  const results = await Promise.all(runs);
  const failed = results.filter((r) => r.res.status !== 201).map((r) => `#${r.n}: ${r.res.status} ${JSON.stringify(r.res.body).slice(0, 300)}`);
  expect(failed).toEqual([]);
  const newLeader = await leader();
  expect(newLeader.name).not.toBe(dead.name);
  for (const r of results) expect(await issuanceEvents(diplomaId(r.n))).toEqual([r.res.body.transactionId]);
  console.log(`(a) leader ${dead.name} killed ${killedAt - started} ms in; requests took ${Math.min(...results.map((r) => r.ms))}-${Math.max(...results.map((r) => r.ms))} ms; new leader ${newLeader.name}`);
  await startOrderer(ctx.home, ctx.topology, dead);
  await orderersBack();
  expect((await issue(2)).status).toBe(201);
}, 180_000);

test('(b) two of three orderers stopped: 503 LEDGER_UNAVAILABLE within seconds, nothing left; writes resume once they are back', async () => {
  const lead = await leader();
  // The leader is left running: it still takes envelopes until it notices it lost its quorum,
  // which is what the gateway must not give it.
  const stopped = ctx.topology.organizations.filter((o) => o.name !== lead.name);
  for (const org of stopped) await stopProcess(ctx.home, ordererProcessName(org));
  let t = Date.now();
  const res = await issue(200);
  const firstMs = Date.now() - t;
  expect(res.status).toBe(503);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.body.code).toBe('LEDGER_UNAVAILABLE');
  expect(firstMs).toBeLessThan(10_000);
  // While the quorum stays lost, the next write answers at once.
  t = Date.now();
  const again = await issue(201);
  const secondMs = Date.now() - t;
  expect(again.status).toBe(503);
  expect(secondMs).toBeLessThan(2_000);
  console.log(`(b) no quorum: first 503 after ${firstMs} ms, the next after ${secondMs} ms`);

  // Nothing was recorded: no record, no lookup result, nothing on the ledger.
  for (const n of [200, 201]) {
    expect((await call(url, 'GET', `/api/v1/diplomas/${encodeURIComponent(diplomaId(n))}`, { key })).status).toBe(404);
    const fields = bkaDiploma(P, n);
    const lookup = await call(url, 'GET', `/api/v1/lookup?serialNumber=${encodeURIComponent(String(fields.serialNumber))}&fullName=${encodeURIComponent(String(fields.fullName))}`, { key });
    expect(lookup.status).toBe(200);
    expect(lookup.body.results).toEqual([]);
  }
  expect(await issuanceEvents(diplomaId(200))).toEqual([]);

  for (const org of stopped) await startOrderer(ctx.home, ctx.topology, org);
  await orderersBack();
  // The very same diplomas can be issued now: nothing of the refused attempts was left behind.
  const later = await issue(200);
  expect(later.status).toBe(201);
  expect(await issuanceEvents(diplomaId(200))).toEqual([later.body.transactionId]);
  expect((await issue(201)).status).toBe(201);
}, 180_000);

test('(c) the quorum lost after the leader accepted the envelope: 503, the record stays pending and is committed once later', async () => {
  const lead = await leader();
  const ledger = runtime!.ctx.ledger as unknown as { ordering: OrderingHealth };
  const real = ledger.ordering;
  // The gateway's first look at the orderers still sees them all (as if they died right after
  // it), so the envelope goes to the leader, which takes it though it can no longer commit it.
  let blind = 3;
  ledger.ordering = new OrderingHealth(real.orderers, real.channel, {
    reachable: async (o) => {
      if (blind-- > 0) return true;
      const i = o.endpoint.lastIndexOf(':');
      return tcpOpen(o.endpoint.slice(0, i), Number(o.endpoint.slice(i + 1)), 500);
    },
  });
  try {
    const stopped = ctx.topology.organizations.filter((o) => o.name !== lead.name);
    for (const org of stopped) await stopProcess(ctx.home, ordererProcessName(org));
    const t = Date.now();
    const res = await issue(300, { 'Idempotency-Key': `quorum-${P}-300` });
    const ms = Date.now() - t;
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('LEDGER_UNAVAILABLE');
    expect(ms).toBeLessThan(15_000);
    console.log(`(c) quorum lost after the submission: 503 after ${ms} ms`);
    // The outcome is unknown: the record stays, pending.
    const pending = await call(url, 'GET', `/api/v1/diplomas/${encodeURIComponent(diplomaId(300))}`, { key });
    expect(pending.status).toBe(200);
    expect(pending.body.state).toBe('PENDING');
    for (const org of stopped) await startOrderer(ctx.home, ctx.topology, org);
    await orderersBack();
  } finally {
    ledger.ordering = real;
  }
  // The recovery worker (or the event listener) finishes it: committed, exactly once.
  const done = await waitFor('the pending issuance resolved', async () => {
    const r = await call(url, 'GET', `/api/v1/diplomas/${encodeURIComponent(diplomaId(300))}`, { key });
    return r.status === 200 && r.body.state === 'COMMITTED' ? r.body : undefined;
  }, 150_000);
  expect(await issuanceEvents(diplomaId(300))).toHaveLength(1);
  expect(done.state).toBe('COMMITTED');
  // The client that got the 503 retries with its Idempotency-Key: the issuance's own 201, not a
  // second issuance refused as a duplicate serial number.
  const retry = await waitFor('the retry answered', async () => {
    const r = await issue(300, { 'Idempotency-Key': `quorum-${P}-300` });
    return r.status === 409 && r.body.code === 'IDEMPOTENCY_KEY_IN_USE' ? undefined : r;
  }, 120_000);
  expect(retry.status).toBe(201);
  expect(retry.headers.get('idempotent-replayed')).toBe('true');
  expect(retry.body.id).toBe(diplomaId(300));
}, 360_000);
