// Fail fast without an ordering quorum, retry through a lost Raft leader (issue 16, item 3): the
// classification and deadline logic of ordering-health.ts and LedgerClient.orderAndWait, with a
// stubbed ordering service and a stubbed signed transaction.
import { status } from '@grpc/grpc-js';
import net from 'node:net';
import type { ConnectionProfile } from '@vanbang/network';
import type { IdentityVault } from '../src/auth/identity-vault';
import { LedgerError } from '../src/errors/ledger-errors';
import { LedgerClient, submitNeverReachedAnOrderer } from '../src/ledger/ledger-client';
import { OrderingHealth, type OrdererTarget } from '../src/ledger/ordering-health';
import { certainlyNotCommitted } from '../src/services/pending-ops';

const grpcError = (code: number, message: string, details: string[] = []) => Object.assign(new Error(message), { code, details: details.map((m) => ({ message: m })) });
const refused = (port: number) => `rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing dial tcp 127.0.0.1:${port}: connect: connection refused"`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const ORDERERS: OrdererTarget[] = ['Ministry', 'HanoiDoET', 'HcmcDoET'].map((org, i) => ({ org, endpoint: `127.0.0.1:${7103 + i * 100}`, operationsUrl: `http://127.0.0.1:${7105 + i * 100}` }));

/** An ordering service whose reachable orderers and leader the test sets. */
function stubOrdering(graceMs = 300) {
  const state = { up: new Set(ORDERERS.map((o) => o.org)), leader: 'Ministry' as string | null };
  const health = new OrderingHealth(ORDERERS, 'vanbang', {
    graceMs,
    reachable: async (o) => state.up.has(o.org),
    isLeader: async (o) => (state.up.has(o.org) ? state.leader === o.org : undefined),
  });
  return { state, health };
}

describe('OrderingHealth', () => {
  it('needs a strict majority of the orderers', async () => {
    const { state, health } = stubOrdering();
    expect(health.quorum).toBe(2);
    expect(await health.quorumReachable()).toBe(true);
    state.up.delete('Ministry');
    await sleep(260); // past the probe cache
    expect(await health.quorumReachable()).toBe(true);
    state.up.delete('HanoiDoET');
    await sleep(260);
    expect(await health.quorumReachable()).toBe(false);
    expect(new OrderingHealth(ORDERERS.slice(0, 2), 'vanbang').quorum).toBe(2);
  });

  it('waits out a short loss of quorum (an orderer restarting in a network of two)', async () => {
    const { state, health } = stubOrdering(2_000);
    state.up.clear();
    setTimeout(() => ORDERERS.forEach((o) => state.up.add(o.org)), 400);
    const t = Date.now();
    expect(await health.waitForQuorum()).toBe(true);
    expect(Date.now() - t).toBeGreaterThanOrEqual(350);
    expect(Date.now() - t).toBeLessThan(1_500);
  });

  it('gives up after the grace, and at once for later callers while the quorum is still lost', async () => {
    const { state, health } = stubOrdering(300);
    state.up = new Set(['HcmcDoET']);
    let t = Date.now();
    expect(await health.waitForQuorum()).toBe(false);
    expect(Date.now() - t).toBeGreaterThanOrEqual(290);
    t = Date.now();
    expect(await health.waitForQuorum()).toBe(false);
    expect(Date.now() - t).toBeLessThan(100);
    // Back: the clock starts again at the next loss.
    ORDERERS.forEach((o) => state.up.add(o.org));
    await sleep(260);
    expect(await health.waitForQuorum()).toBe(true);
    expect(await health.quorumLostForMs()).toBeNull();
  });

  it('tells the leader, an election (null) and not knowing (undefined), from its last reading', async () => {
    const { state, health } = stubOrdering();
    expect(await health.leader()).toBe('Ministry');
    state.leader = null;
    await sleep(260);
    // The last reading at once (a write never waits on the metrics), a new one on the way.
    expect(await health.leader()).toBe('Ministry');
    await sleep(10);
    expect(await health.leader()).toBeNull();
    state.up.clear();
    await sleep(260);
    await health.leader();
    await sleep(10);
    expect(await health.leader()).toBeUndefined();
    expect(await new OrderingHealth([], 'vanbang').leader()).toBeUndefined();
    // Orderers not listed (an older connection profile): never a reason to fail.
    expect(await new OrderingHealth([], 'vanbang').waitForQuorum()).toBe(true);
  });
});

describe('whether a failed submit reached an orderer', () => {
  test.each([
    ['every orderer refused the connection', grpcError(status.UNAVAILABLE, 'no orderers could successfully process transaction', [refused(7103), refused(7203), refused(7303)]), true],
    ['two refused, one answered (no Raft leader, or a forward to the leader)', grpcError(status.UNAVAILABLE, 'no orderers could successfully process transaction', [refused(7103), refused(7203)]), false],
    ['no orderer known to the peer', grpcError(status.UNAVAILABLE, 'no orderer nodes available'), true],
    ['our peer is down', grpcError(status.UNAVAILABLE, '14 UNAVAILABLE: No connection established. Last error: connect ECONNREFUSED 127.0.0.1:7100'), true],
    ['the connection to our peer dropped mid-call', grpcError(status.UNAVAILABLE, '14 UNAVAILABLE: Connection dropped'), false],
    ['a submit deadline', grpcError(status.DEADLINE_EXCEEDED, 'submit timeout expired while broadcasting to ordering service'), false],
  ])('%s', (_what, err, never) => {
    expect(submitNeverReachedAnOrderer(err, 3)).toBe(never);
  });
});

describe('LedgerClient ordering', () => {
  // One open port stands for a reachable peer (the retry gives up when no peer answers at all).
  let peer: net.Server;
  let peerPort: number;
  beforeAll(async () => {
    peer = net.createServer((s) => s.destroy()).listen(0, '127.0.0.1');
    await new Promise((r) => peer.once('listening', r));
    peerPort = (peer.address() as net.AddressInfo).port;
  });
  afterAll(() => new Promise((r) => peer.close(r)));

  function client(health: OrderingHealth): LedgerClient {
    const profile = { channel: 'vanbang', chaincode: 'vanbang', peers: [{ org: 'Ministry', endpoint: `127.0.0.1:${peerPort}` }] } as unknown as ConnectionProfile;
    return new LedgerClient(profile, {} as IdentityVault, 'auditor', health);
  }

  /**
   * A signed transaction: `submit` answers from `submits` in turn (an Error is thrown), and the
   * commit status is `committed()`'s, or a deadline after a short wait while it is false.
   */
  function fakeTransaction(submits: (Error | 'ok')[], committed: (copies: number) => boolean) {
    let sent = 0;
    let accepted = 0;
    const tx = {
      getTransactionId: () => 'tx1',
      submit: async () => {
        const answer = submits[Math.min(sent++, submits.length - 1)]!;
        if (answer !== 'ok') throw answer;
        accepted++;
        return {
          getStatus: async () => {
            await sleep(20);
            if (!committed(accepted)) throw grpcError(status.DEADLINE_EXCEEDED, 'Deadline exceeded');
            return { successful: true, code: 0, blockNumber: 7n, transactionId: 'tx1' };
          },
        };
      },
    };
    return { tx, sent: () => sent };
  }
  const orderAndWait = (c: LedgerClient, tx: unknown) => (c as unknown as { orderAndWait(t: unknown): Promise<{ blockNumber: bigint }> }).orderAndWait(tx);

  it('with no quorum: LEDGER_UNAVAILABLE after the grace, never sent, so certainly not committed', async () => {
    const { state, health } = stubOrdering(300);
    state.up = new Set(['HcmcDoET']);
    const { tx, sent } = fakeTransaction(['ok'], () => true);
    const t = Date.now();
    const err = await orderAndWait(client(health), tx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LedgerError);
    expect((err as LedgerError).code).toBe('LEDGER_UNAVAILABLE');
    expect((err as LedgerError).notCommitted).toBe(true);
    expect(sent()).toBe(0);
    expect(Date.now() - t).toBeLessThan(1_000);
  });

  it('refused by every orderer, then the quorum goes: certainly not committed', async () => {
    const { state, health } = stubOrdering(300);
    const { tx, sent } = fakeTransaction([grpcError(status.UNAVAILABLE, 'no orderers could successfully process transaction', [refused(1), refused(2), refused(3)])], () => true);
    setTimeout(() => { state.up = new Set(['HcmcDoET']); }, 100);
    const err = (await orderAndWait(client(health), tx).catch((e: unknown) => e)) as LedgerError;
    expect(err.code).toBe('LEDGER_UNAVAILABLE');
    expect(err.notCommitted).toBe(true);
    expect(sent()).toBeGreaterThanOrEqual(1);
  });

  it('an orderer answered before the quorum went: the outcome is unknown', async () => {
    const { state, health } = stubOrdering(300);
    const { tx } = fakeTransaction([grpcError(status.UNAVAILABLE, 'no orderers could successfully process transaction', [refused(1), refused(2)])], () => true);
    setTimeout(() => { state.up = new Set(['HcmcDoET']); }, 100);
    const err = (await orderAndWait(client(health), tx).catch((e: unknown) => e)) as LedgerError;
    expect(err.code).toBe('LEDGER_UNAVAILABLE');
    expect(err.notCommitted).toBe(false);
  });

  it('accepted, then the quorum is lost while waiting: gives up within the grace and a check, outcome unknown', async () => {
    const { state, health } = stubOrdering(300);
    const { tx } = fakeTransaction(['ok'], () => false);
    setTimeout(() => { state.up = new Set(['HcmcDoET']); }, 50);
    const t = Date.now();
    const err = (await orderAndWait(client(health), tx).catch((e: unknown) => e)) as LedgerError;
    expect(err.code).toBe('LEDGER_UNAVAILABLE');
    expect(err.notCommitted).toBe(false);
    expect(Date.now() - t).toBeLessThan(2_000);
  });

  it('the leader that had it died: the same transaction is sent again as soon as there is a new leader', async () => {
    const { state, health } = stubOrdering(300);
    // The first copy is lost with the leader; the second is committed.
    const { tx, sent } = fakeTransaction(['ok', 'ok'], (copies) => copies >= 2);
    setTimeout(() => { state.up.delete('Ministry'); state.leader = null; }, 50);
    setTimeout(() => { state.leader = 'HanoiDoET'; }, 700);
    const t = Date.now();
    const status0 = await orderAndWait(client(health), tx);
    expect(status0.blockNumber).toBe(7n);
    expect(sent()).toBe(2);
    expect(Date.now() - t).toBeLessThan(3_000);
  });

  it('no leader change and no commit yet: waits, without sending again', async () => {
    const { health } = stubOrdering(300);
    let calls = 0;
    const { tx, sent } = fakeTransaction(['ok'], () => ++calls > 20);
    await orderAndWait(client(health), tx);
    expect(sent()).toBe(1);
  });

  it('a submit deadline (an orderer forwarding to a dead leader) is retried with the same transaction', async () => {
    const { health } = stubOrdering(300);
    const { tx, sent } = fakeTransaction([grpcError(status.DEADLINE_EXCEEDED, 'submit timeout expired while broadcasting to ordering service'), 'ok'], () => true);
    await orderAndWait(client(health), tx);
    expect(sent()).toBe(2);
  });
});

describe('undoing a pending change after a refusal (pending-ops)', () => {
  const unavailable = (notCommitted: boolean) => new LedgerError('LEDGER_UNAVAILABLE', 'no ordering quorum', notCommitted);

  it('a first submission that never reached an orderer: undone', () => {
    expect(certainlyNotCommitted(unavailable(true), { txId: null })).toBe(true);
  });
  it('an outcome unknown: kept for the recovery worker', () => {
    expect(certainlyNotCommitted(unavailable(false), { txId: null })).toBe(false);
  });
  it('a resubmission refused while an earlier one may still be in an orderer\'s log: kept', () => {
    expect(certainlyNotCommitted(unavailable(true), { txId: 'a'.repeat(64) })).toBe(false);
  });
  it('a business rejection ends it even then', () => {
    expect(certainlyNotCommitted(new LedgerError('HASH_CONFLICT', 'already issued', true), { txId: 'a'.repeat(64) })).toBe(true);
  });
});
