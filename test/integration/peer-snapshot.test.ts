// Joining a peer from a ledger snapshot, end to end, on a network of its own (the Ministry and
// one Department): diplomas are issued, the Ministry's peer takes a snapshot, the Hanoi peer's data
// folder is wiped and the peer joins again from the snapshot. It must catch up, answer for the
// diplomas issued before the snapshot, endorse and commit new transactions; a peer that has the
// channel is refused; and what such a peer cannot serve (blocks and key history from before the
// snapshot) is shown, with the Ministry's full peer serving them.
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import {
  connectAs, connectionProfilePath, installDeployedChaincode, joinPeerBySnapshot, networkDown, orgPaths,
  peerLedgerHeight, peerProcessName, readConnectionProfile, SNAPSHOT_METADATA_FILES, startPeer, stopProcess, takePeerSnapshot, waitFor,
  waitForGossip, type ConnectionProfile, type NetworkContext, type OrgSpec, type PeerSnapshot,
} from '../../network/src';
import { startIsolatedNetwork } from '../support/isolated-network';
import { TEST_HOME, TEST_PORT_SHIFT } from '../support/network';

const HOME = `${TEST_HOME}-snapshot`;
const SHIFT = TEST_PORT_SHIFT + 3000;

let ctx: NetworkContext;
let profile: ConnectionProfile;
let ministry: OrgSpec;
let hanoi: OrgSpec;

beforeAll(async () => {
  ctx = await startIsolatedNetwork({ home: HOME, portShift: SHIFT, organizations: ['Ministry', 'HanoiDoET'] });
  profile = readConnectionProfile(connectionProfilePath(ctx.home));
  [ministry, hanoi] = ['Ministry', 'HanoiDoET'].map((name) => ctx.topology.organizations.find((o) => o.name === name) as OrgSpec);
}, 180_000);

afterAll(async () => {
  if (ctx) await networkDown(ctx, () => {});
}, 120_000);

const hex = (n: number) => randomBytes(n).toString('hex');
const code = (prefix: string) => `${prefix}${hex(5).toUpperCase()}`;
const json = (bytes: Uint8Array) => JSON.parse(Buffer.from(bytes).toString()) as Record<string, unknown>;
const item = () => ({ serialNumber: code('S'), documentHash: hex(32), diplomaType: 'THPT', graduationYear: 2026, registerEntryNumber: code('R'), dateOfSigning: '2026-06-30' });
const height = async (org: OrgSpec) => (await peerLedgerHeight(org, ctx.topology.channel)) ?? 0;

/** Submits as `identity` through its organization's peer, endorsed by both; waits until both peers have the block. */
async function submit(identity: string, fn: string, arg: unknown): Promise<bigint> {
  const conn = connectAs(profile, identity);
  try {
    const contract = conn.gateway.getNetwork(profile.channel).getContract(profile.chaincode);
    const commit = await contract.submitAsync(fn, { arguments: [JSON.stringify(arg)], endorsingOrganizations: [ministry.mspId, hanoi.mspId] });
    const status = await commit.getStatus();
    if (!status.successful) throw new Error(`${fn} ${status.transactionId} invalid: code ${status.code}`);
    await waitFor(`block ${status.blockNumber} on both peers`, async () => (await height(ministry)) > Number(status.blockNumber) && (await height(hanoi)) > Number(status.blockNumber), { timeoutMs: 30_000, intervalMs: 50 });
    return status.blockNumber;
  } finally {
    conn.close();
  }
}

/** Evaluates on one organization's peer only (endorsingOrganizations pins the Gateway to it). */
async function evaluateOn(org: OrgSpec, fn: string, args: string[], chaincode = profile.chaincode): Promise<Uint8Array> {
  const conn = connectAs(profile, org === hanoi ? 'hn-thpt-001-issuer' : 'bka-issuer', org.name);
  try {
    return await conn.gateway.getNetwork(profile.channel).getContract(chaincode).evaluate(fn, { arguments: args, endorsingOrganizations: [org.mspId] });
  } finally {
    conn.close();
  }
}

/** An error's message with the Gateway's per-peer details. */
const errorText = (err: unknown) => [(err as Error).message, ...((err as { details?: { message: string }[] }).details ?? []).map((d) => d.message)].join(' | ');

interface Issued { diplomaId: string; documentHash: string }
let before: Issued[] = [];
let snapshot: PeerSnapshot;

test('a peer wiped and joined again from a Ministry snapshot catches up, answers for earlier diplomas and endorses new ones', async () => {
  // Diplomas before the snapshot: a Hanoi cohort (Department-hosted keys) and a BKA diploma (Ministry-hosted).
  const cohort = Array.from({ length: 20 }, item);
  await submit('hn-thpt-001-issuer', 'IssueDiplomas', { issuerCode: 'HN-THPT-001', diplomas: cohort });
  const bka = { ...item(), diplomaType: 'KY_SU' };
  await submit('bka-issuer', 'IssueDiploma', { issuerCode: 'BKA', ...bka });
  before = [...cohort.map((d) => ({ diplomaId: `HN-THPT-001:${d.serialNumber}`, documentHash: d.documentHash })), { diplomaId: `BKA:${bka.serialNumber}`, documentHash: bka.documentHash }];

  const ministryHeight = await height(ministry);
  snapshot = await takePeerSnapshot(ctx.home, ctx.topology, ministry, { timeoutMs: 60_000 });
  expect(snapshot).toEqual({ dir: expect.stringContaining(path.join('completed', ctx.topology.channel, String(ministryHeight - 1))), lastBlock: ministryHeight - 1, height: ministryHeight });
  for (const f of SNAPSHOT_METADATA_FILES) expect(existsSync(path.join(snapshot.dir, f))).toBe(true);

  // Hanoi's peer loses its data folder (stopped first, by its PID file) and starts empty.
  expect(await stopProcess(ctx.home, peerProcessName(hanoi))).toBe(true);
  rmSync(orgPaths(ctx.home, hanoi.name).peerData, { recursive: true, force: true });
  await startPeer(ctx.home, hanoi);
  expect(await peerLedgerHeight(hanoi, ctx.topology.channel)).toBeUndefined();

  // The snapshot travels to the new peer out of band: a copy, removed once the peer has joined.
  const transfer = path.join(HOME, 'snapshot-transfer');
  rmSync(transfer, { recursive: true, force: true });
  cpSync(snapshot.dir, transfer, { recursive: true });
  const started = Date.now();
  const joined = await joinPeerBySnapshot(ctx.home, ctx.topology, hanoi, transfer, { timeoutMs: 60_000 });
  expect(joined.snapshotBlock).toBe(snapshot.lastBlock);
  expect(joined.height).toBe(await height(ministry));
  expect(Date.now() - started).toBeLessThan(60_000);
  rmSync(transfer, { recursive: true, force: true });

  // Installed chaincode lives in the data folder: installed again, then queries answer on Hanoi's peer.
  await installDeployedChaincode(ctx.home, hanoi);
  await waitForGossip(ctx.topology);
  for (const d of [before[0], before[before.length - 1]]) {
    const verified = json(await evaluateOn(hanoi, 'VerifyHash', [JSON.stringify({ documentHash: d.documentHash })]));
    expect(verified).toMatchObject({ found: true, status: 'VALID', diplomaId: d.diplomaId });
    expect(json(await evaluateOn(hanoi, 'GetDiploma', [JSON.stringify({ diplomaId: d.diplomaId })]))).toMatchObject({ diplomaId: d.diplomaId, status: 'VALID' });
  }

  // A new diploma endorsed by Hanoi's peer (and the Ministry's, as the policy requires) commits on both.
  const fresh = item();
  const block = await submit('hn-thpt-001-issuer', 'IssueDiploma', { issuerCode: 'HN-THPT-001', ...fresh });
  expect(Number(block)).toBeGreaterThan(snapshot.lastBlock);
  expect(await height(hanoi)).toBe(await height(ministry));
  expect(json(await evaluateOn(hanoi, 'VerifyHash', [JSON.stringify({ documentHash: fresh.documentHash })]))).toMatchObject({ found: true, status: 'VALID' });
  // Its history starts at the snapshot, so a diploma created after it has all of its history there.
  expect(json(await evaluateOn(hanoi, 'GetHistory', [JSON.stringify({ diplomaId: `HN-THPT-001:${fresh.serialNumber}` })])).history).toHaveLength(1);
});

test('joining a peer that already has the channel is refused with a clear message', async () => {
  for (const org of [hanoi, ministry]) {
    await expect(joinPeerBySnapshot(ctx.home, ctx.topology, org, snapshot.dir, { timeoutMs: 30_000 }))
      .rejects.toThrow(`The ${org.name} peer already has channel ${ctx.topology.channel}: a peer joins from a snapshot only when its data folder has no ledger for the channel`);
  }
  await expect(joinPeerBySnapshot(ctx.home, ctx.topology, hanoi, path.join(HOME, 'no-such-snapshot'))).rejects.toThrow(/is not a complete ledger snapshot/);
});

test('blocks and key history from before the snapshot are served by the full peer only', async () => {
  const channel = ctx.topology.channel;
  // qscc: block 1 is on the Ministry's peer, not on the peer joined from the snapshot.
  await expect(evaluateOn(ministry, 'GetBlockByNumber', [channel, '1'], 'qscc')).resolves.toBeInstanceOf(Uint8Array);
  const refused = await evaluateOn(hanoi, 'GetBlockByNumber', [channel, '1'], 'qscc').then(() => 'served', errorText);
  expect(refused).toContain(`cannot serve block [1]. The ledger is bootstrapped from a snapshot. First available block = [${snapshot.height}]`);

  // Deliver (what block listeners and index rebuilds use) from block 1: NOT_FOUND on that peer.
  const deliverFrom = async (org: OrgSpec) => {
    const conn = connectAs(profile, org === hanoi ? 'hn-thpt-001-issuer' : 'bka-issuer', org.name);
    const events = await conn.gateway.getNetwork(channel).getBlockEvents({ startBlock: 1n });
    let timer: NodeJS.Timeout | undefined;
    try {
      const next = await Promise.race([
        events[Symbol.asyncIterator]().next(),
        new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('no block within 15 s')), 15_000))),
      ]);
      return `block ${next.value?.getHeader()?.getNumber()}`;
    } catch (err) {
      return errorText(err);
    } finally {
      clearTimeout(timer);
      events.close();
      conn.close();
    }
  };
  expect(await deliverFrom(ministry)).toBe('block 1');
  expect(await deliverFrom(hanoi)).toMatch(/status response: 404/);

  // GetHistory is built from the key history, which starts at the snapshot: a diploma issued
  // before it and never changed since has no history on that peer, and the chaincode reports it
  // as not found there, while the full peer has it.
  const old = before[0];
  expect(json(await evaluateOn(ministry, 'GetHistory', [JSON.stringify({ diplomaId: old.diplomaId })])).history).toHaveLength(1);
  expect(await evaluateOn(hanoi, 'GetHistory', [JSON.stringify({ diplomaId: old.diplomaId })]).then(() => 'served', errorText)).toContain('DIPLOMA_NOT_FOUND');
});
