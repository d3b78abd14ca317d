import { anchorLatestKey, anchorPeriodKey } from '../src/ledger/keys';
import { stableStringify } from '../src/ledger/json';
import { asStub, FakeLedger, FakeStub } from './support/fake-stub';
import { AUDITOR, BKA_ISSUER, hash, HANOI_ADMIN, Harness, HN_SCHOOL, MINISTRY_ADMIN, PUBLIC, type Identity } from './support/harness';

const PERIOD = 'Anchoring:RecordAnchorPeriod';
const TRANSACTION = 'Anchoring:RecordAnchorTransaction';
const GET = 'Anchoring:GetAnchorPeriod';
const LATEST = 'Anchoring:GetLatestAnchorPeriod';
const LIST = 'Anchoring:ListAnchorPeriods';

const CHAIN = 31337;
const REGISTRY = '0x5fbdb2315678afecb367f032d93f642f64180aa3';
const REGISTRY_EIP55 = '0x5FbDB2315678afecb367f032d93F642f64180aa3';

/** Period n covers Fabric blocks 10n-9..10n. */
function period(n: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { periodId: n, root: `0x${hash(`root-${n}`)}`, firstBlock: 10 * n - 9, lastBlock: 10 * n, leafCount: 3 * n, ...over };
}

function evmTx(n: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { periodId: n, chainId: CHAIN, contract: REGISTRY, transactionHash: `0x${hash(`evm-tx-${n}`)}`, blockNumber: 100 + n, confirmations: 2, ...over };
}

async function withPeriods(count: number, over: Record<string, unknown> = {}): Promise<Harness> {
  const h = new Harness();
  for (let n = 1; n <= count; n++) await h.submit(PERIOD, MINISTRY_ADMIN, period(n, over));
  return h;
}

type Recorded = { created: boolean; period: Record<string, unknown> };
type Anchored = { recorded: boolean; period: Record<string, unknown> };
type Page = { records: { periodId: number }[]; fetchedRecordsCount: number; bookmark: string };

/** A stub only to build composite keys as the chaincode does (the encoding needs no state). */
const KEYS = asStub(new FakeStub(new FakeLedger(), 'keys', { seconds: 0, nanos: 0 } as never));
const periodKey = (n: number): string => anchorPeriodKey(KEYS, n);
const LATEST_KEY = anchorLatestKey(KEYS);

describe('Anchoring:RecordAnchorPeriod', () => {
  it('records the period with the transaction id, time and MSP, and a latest-period key, as sorted JSON', async () => {
    const h = new Harness();
    const { created, period: recorded } = await h.call<Recorded>(PERIOD, MINISTRY_ADMIN, period(1, { chainId: CHAIN, contract: REGISTRY }));
    expect(created).toBe(true);
    expect(recorded).toEqual({
      docType: 'anchorPeriod', periodId: 1, root: `0x${hash('root-1')}`, firstBlock: 1, lastBlock: 10, leafCount: 3,
      chainId: CHAIN, contract: REGISTRY, txId: 'tx0001', timestamp: '2026-07-01T00:00:00.500Z', mspId: 'MinistryMSP', evmTransaction: null,
    });
    const stored = h.ledger.state.get(periodKey(1))!.toString();
    expect(stored).toBe(stableStringify(recorded));
    expect(stored).not.toMatch(/Nguyen Van Minh|CN=/); // never the submitter's certificate subject
    expect(JSON.parse(h.ledger.state.get(LATEST_KEY)!.toString())).toEqual({ periodId: 1, lastBlock: 10 });
    expect(h.ledger.validation.size).toBe(0); // Ministry keys: the chaincode-level policy, no key-level one
  });

  it('leaves chainId and contract null when the worker does not name them, and stores an EIP-55 address lowercase', async () => {
    const h = new Harness();
    expect((await h.call<Recorded>(PERIOD, MINISTRY_ADMIN, period(1))).period).toMatchObject({ chainId: null, contract: null });
    expect((await h.call<Recorded>(PERIOD, MINISTRY_ADMIN, period(2, { chainId: CHAIN, contract: REGISTRY_EIP55 }))).period)
      .toMatchObject({ chainId: CHAIN, contract: REGISTRY });
  });

  it('reads only the latest-period key to record a new period (O(1) in the number of periods)', async () => {
    const h = await withPeriods(5);
    const { stub } = await h.submit(PERIOD, MINISTRY_ADMIN, period(6));
    expect(stub.reads).toEqual([LATEST_KEY]);
    expect([...stub.writes.keys()].sort()).toEqual([LATEST_KEY, periodKey(6)].sort());
  });

  it('lets only ministry-admin of MinistryMSP record', async () => {
    const h = new Harness();
    const others: Identity[] = [
      HANOI_ADMIN, BKA_ISSUER, HN_SCHOOL, AUDITOR, PUBLIC,
      { mspId: 'MinistryMSP' }, // a Ministry identity without a role
      { mspId: 'HanoiDoETMSP', role: 'ministry-admin' }, // the role from a Department's CA is not the Ministry
    ];
    for (const who of others) {
      const msg = await h.reject(PERIOD, who, period(1), 'NOT_AUTHORIZED');
      expect(msg).toContain('requires ministry-admin of MinistryMSP');
    }
    expect((await h.call<Recorded>(PERIOD, MINISTRY_ADMIN, period(1))).created).toBe(true);
  });

  it.each([
    ['periodId 0', { periodId: 0 }],
    ['periodId not an integer', { periodId: 1.5 }],
    ['periodId as a string', { periodId: '1' }],
    ['root without 0x', { root: hash('root-1') }],
    ['root in upper case', { root: `0x${hash('root-1').toUpperCase()}` }],
    ['root too short', { root: `0x${hash('root-1').slice(2)}` }],
    ['the zero root', { root: `0x${'0'.repeat(64)}` }],
    ['firstBlock 0', { firstBlock: 0, lastBlock: 10 }],
    ['lastBlock before firstBlock', { firstBlock: 5, lastBlock: 4 }],
    ['an unsafe integer', { lastBlock: 2 ** 53 }],
    ['leafCount 0 (an empty period anchors nothing)', { leafCount: 0 }],
    ['leafCount above the registry\'s uint32', { leafCount: 2 ** 32 }],
    ['chainId 0', { chainId: 0 }],
    ['contract too short', { contract: '0x1234' }],
    ['contract not hex', { contract: `0x${'g'.repeat(40)}` }],
    ['the zero address', { contract: `0x${'0'.repeat(40)}` }],
    ['an unknown field', { network: 'sepolia' }],
    ['a missing field', { leafCount: undefined }],
  ])('refuses %s (INVALID_ARGUMENT)', async (_name, over) => {
    const h = new Harness();
    await h.reject(PERIOD, MINISTRY_ADMIN, period(1, over), 'INVALID_ARGUMENT');
  });

  it('refuses a request that is not a JSON object, or that carries personal data', async () => {
    const h = new Harness();
    await h.reject(PERIOD, MINISTRY_ADMIN, 'not json', 'INVALID_ARGUMENT');
    await h.reject(PERIOD, MINISTRY_ADMIN, '[1]', 'INVALID_ARGUMENT');
    await h.reject(PERIOD, MINISTRY_ADMIN, period(1, { fullName: 'Nguyễn Văn A' }), 'PERSONAL_DATA_FORBIDDEN');
  });

  it('starts at 1 and increases by exactly 1', async () => {
    const h = new Harness();
    expect(await h.reject(PERIOD, MINISTRY_ADMIN, period(2), 'ANCHOR_PERIOD_OUT_OF_SEQUENCE')).toContain('the next period is 1');
    await h.call(PERIOD, MINISTRY_ADMIN, period(1));
    expect(await h.reject(PERIOD, MINISTRY_ADMIN, period(3), 'ANCHOR_PERIOD_OUT_OF_SEQUENCE')).toContain('the next period is 2 (the latest is 1');
    expect((await h.call<Recorded>(PERIOD, MINISTRY_ADMIN, period(2))).period.periodId).toBe(2);
  });

  it('covers only blocks after the previous period: adjacent and later ranges pass, an overlap fails', async () => {
    const h = await withPeriods(1); // blocks 1..10
    const overlap = await h.reject(PERIOD, MINISTRY_ADMIN, period(2, { firstBlock: 10, lastBlock: 20 }), 'ANCHOR_BLOCK_RANGE_OVERLAP');
    expect(overlap).toContain('after block 10, the last block of period 1');
    await h.reject(PERIOD, MINISTRY_ADMIN, period(2, { firstBlock: 3, lastBlock: 8 }), 'ANCHOR_BLOCK_RANGE_OVERLAP');
    await h.call(PERIOD, MINISTRY_ADMIN, period(2, { firstBlock: 11, lastBlock: 11 })); // adjacent, one block
    await h.call(PERIOD, MINISTRY_ADMIN, period(3, { firstBlock: 50, lastBlock: 60 })); // blocks 12..49 had no diploma event
    await h.reject(PERIOD, MINISTRY_ADMIN, period(4, { firstBlock: 60, lastBlock: 70 }), 'ANCHOR_BLOCK_RANGE_OVERLAP');
    expect((await h.call<{ period: { lastBlock: number } }>(LATEST, PUBLIC, {})).period.lastBlock).toBe(60);
  });

  it('is idempotent: the same period again returns the stored record, writes nothing and emits nothing', async () => {
    const h = await withPeriods(1, { chainId: CHAIN, contract: REGISTRY });
    const stored = await h.call<Record<string, unknown>>(GET, PUBLIC, { periodId: 1 });
    const before = h.snapshot();
    const events = h.ledger.events.length;
    const { result, stub } = await h.submit(PERIOD, MINISTRY_ADMIN, period(1, { chainId: CHAIN, contract: REGISTRY_EIP55 }));
    expect(JSON.parse(result)).toEqual({ created: false, period: stored });
    expect(stub.writes.size).toBe(0);
    expect(stub.eventsSet).toBe(0);
    expect(h.snapshot()).toBe(before);
    expect(h.ledger.events).toHaveLength(events);
  });

  it('is idempotent for an older period too, after later ones were recorded', async () => {
    const h = await withPeriods(3);
    const before = h.snapshot();
    const again = await h.call<Recorded>(PERIOD, MINISTRY_ADMIN, period(1));
    expect(again).toMatchObject({ created: false, period: { periodId: 1, txId: 'tx0001' } });
    expect(h.snapshot()).toBe(before);
  });

  it.each([
    ['another root', { root: `0x${hash('other')}` }],
    ['another firstBlock', { firstBlock: 2 }],
    ['another lastBlock', { lastBlock: 11 }],
    ['another leaf count', { leafCount: 4 }],
    ['a chain id it was recorded without', { chainId: CHAIN }],
    ['a registry it was recorded without', { contract: REGISTRY }],
  ])('refuses a recorded period with %s (ANCHOR_PERIOD_CONFLICT)', async (_name, over) => {
    const h = await withPeriods(2);
    const msg = await h.reject(PERIOD, MINISTRY_ADMIN, period(1, over), 'ANCHOR_PERIOD_CONFLICT');
    expect(msg).toContain(`anchoring period 1 is already recorded with root 0x${hash('root-1')}, blocks 1..10, 3 leaves`);
  });

  it('emits AnchorPeriodRecorded with no diploma ids or hashes, so the gateway\'s listener touches no diploma', async () => {
    const h = new Harness();
    await h.submit(PERIOD, MINISTRY_ADMIN, period(1, { chainId: CHAIN }));
    const e = h.lastEvent();
    expect(e.name).toBe('AnchorPeriodRecorded');
    expect(e.payload).toEqual({
      type: 'AnchorPeriodRecorded', txId: 'tx0001', timestamp: '2026-07-01T00:00:00.500Z', mspId: 'MinistryMSP', ids: [], hashes: [],
      details: { chainId: CHAIN, contract: null, firstBlock: 1, lastBlock: 10, leafCount: 3, periodId: 1, root: `0x${hash('root-1')}` },
    });
    const raw = h.ledger.events[0].payload.toString();
    expect(raw).toBe(stableStringify(JSON.parse(raw)));
  });
});

describe('Anchoring:RecordAnchorTransaction', () => {
  it('adds the EVM transaction to the period, with the Fabric transaction that recorded it, and emits an event', async () => {
    const h = await withPeriods(2);
    const { recorded, period: anchored } = await h.call<Anchored>(TRANSACTION, MINISTRY_ADMIN, evmTx(1, { contract: REGISTRY_EIP55 }));
    expect(recorded).toBe(true);
    expect(anchored).toMatchObject({ periodId: 1, root: `0x${hash('root-1')}`, txId: 'tx0001', timestamp: '2026-07-01T00:00:00.500Z' });
    expect(anchored.evmTransaction).toEqual({
      chainId: CHAIN, contract: REGISTRY, transactionHash: `0x${hash('evm-tx-1')}`, blockNumber: 101, confirmations: 2,
      txId: 'tx0003', timestamp: '2026-07-01T00:00:02.500Z', mspId: 'MinistryMSP',
    });
    expect(await h.call(GET, PUBLIC, { periodId: 1 })).toEqual(anchored);
    expect(h.lastEvent()).toEqual({
      name: 'AnchorTransactionRecorded',
      txId: 'tx0003',
      payload: {
        type: 'AnchorTransactionRecorded', txId: 'tx0003', timestamp: '2026-07-01T00:00:02.500Z', mspId: 'MinistryMSP', ids: [], hashes: [],
        details: { blockNumber: 101, chainId: CHAIN, confirmations: 2, contract: REGISTRY, periodId: 1, root: `0x${hash('root-1')}`, transactionHash: `0x${hash('evm-tx-1')}` },
      },
    });
  });

  it('writes only the period: the latest-period key stays as it was', async () => {
    const h = await withPeriods(2);
    const { stub } = await h.submit(TRANSACTION, MINISTRY_ADMIN, evmTx(1));
    expect([...stub.writes.keys()]).toEqual([periodKey(1)]);
    expect((await h.call<{ period: { periodId: number } }>(LATEST, PUBLIC, {})).period.periodId).toBe(2);
  });

  it('is idempotent for the same transaction, and refuses a different one (ANCHOR_TRANSACTION_CONFLICT)', async () => {
    const h = await withPeriods(1);
    await h.call(TRANSACTION, MINISTRY_ADMIN, evmTx(1));
    const before = h.snapshot();
    const events = h.ledger.events.length;
    const again = await h.call<Anchored>(TRANSACTION, MINISTRY_ADMIN, evmTx(1, { contract: REGISTRY_EIP55 }));
    expect(again).toMatchObject({ recorded: false, period: { evmTransaction: { transactionHash: `0x${hash('evm-tx-1')}`, txId: 'tx0002' } } });
    expect(h.snapshot()).toBe(before);
    expect(h.ledger.events).toHaveLength(events);
    for (const over of [
      { transactionHash: `0x${hash('resent')}` }, { blockNumber: 102 }, { confirmations: 12 }, { chainId: 1 },
      { contract: '0x' + '1'.repeat(40) },
    ]) {
      const msg = await h.reject(TRANSACTION, MINISTRY_ADMIN, evmTx(1, over), 'ANCHOR_TRANSACTION_CONFLICT');
      expect(msg).toContain(`already anchored by transaction 0x${hash('evm-tx-1')} in block 101 of chain ${CHAIN}`);
    }
  });

  it('refuses a chain or registry other than the one the period was recorded for', async () => {
    const h = await withPeriods(1, { chainId: CHAIN, contract: REGISTRY });
    expect(await h.reject(TRANSACTION, MINISTRY_ADMIN, evmTx(1, { chainId: 11155111 }), 'ANCHOR_TRANSACTION_CONFLICT')).toContain(`recorded for chain ${CHAIN}, not 11155111`);
    expect(await h.reject(TRANSACTION, MINISTRY_ADMIN, evmTx(1, { contract: '0x' + 'a'.repeat(40) }), 'ANCHOR_TRANSACTION_CONFLICT')).toContain(`recorded for registry ${REGISTRY}`);
    expect((await h.call<Anchored>(TRANSACTION, MINISTRY_ADMIN, evmTx(1))).recorded).toBe(true);
  });

  it('refuses an unrecorded period, bad formats and callers other than the Ministry', async () => {
    const h = await withPeriods(1);
    await h.reject(TRANSACTION, MINISTRY_ADMIN, evmTx(2), 'ANCHOR_PERIOD_NOT_FOUND');
    for (const over of [
      { transactionHash: hash('evm-tx-1') }, { transactionHash: `0x${hash('evm-tx-1').toUpperCase()}` }, { blockNumber: 0 },
      { confirmations: 0 }, { chainId: -1 }, { contract: 'registry' }, { periodId: 0 }, { chainId: undefined }, { gasUsed: 101724 },
    ]) await h.reject(TRANSACTION, MINISTRY_ADMIN, evmTx(1, over), 'INVALID_ARGUMENT');
    for (const who of [HANOI_ADMIN, BKA_ISSUER, AUDITOR, PUBLIC, { mspId: 'HcmcDoETMSP', role: 'ministry-admin' }]) {
      await h.reject(TRANSACTION, who, evmTx(1), 'NOT_AUTHORIZED');
    }
  });
});

describe('Anchoring queries', () => {
  it('GetAnchorPeriod returns the record; an unrecorded period is ANCHOR_PERIOD_NOT_FOUND', async () => {
    const h = await withPeriods(2);
    expect(await h.call(GET, PUBLIC, { periodId: 2 })).toMatchObject({ periodId: 2, firstBlock: 11, lastBlock: 20, leafCount: 6 });
    expect(await h.reject(GET, PUBLIC, { periodId: 3 }, 'ANCHOR_PERIOD_NOT_FOUND')).toBe('[ANCHOR_PERIOD_NOT_FOUND] anchoring period 3 is not recorded');
    await h.reject(GET, PUBLIC, { periodId: '2' }, 'INVALID_ARGUMENT');
    await h.reject(GET, PUBLIC, {}, 'INVALID_ARGUMENT');
  });

  it('GetLatestAnchorPeriod answers found false before the first period, then the latest one', async () => {
    const h = new Harness();
    expect(await h.call(LATEST, PUBLIC, {})).toEqual({ found: false, period: null });
    await h.call(PERIOD, MINISTRY_ADMIN, period(1));
    await h.call(PERIOD, MINISTRY_ADMIN, period(2));
    const latest = await h.call<{ found: boolean; period: Record<string, unknown> }>(LATEST, AUDITOR, {});
    expect(latest).toEqual({ found: true, period: await h.call(GET, PUBLIC, { periodId: 2 }) });
    await h.reject(LATEST, PUBLIC, { periodId: 1 }, 'INVALID_ARGUMENT');
  });

  it('ListAnchorPeriods pages in numeric period order, by bookmark or from a period id', async () => {
    const h = await withPeriods(12); // 10, 11, 12 sort after 9 only if the key is padded
    const ids: number[] = [];
    let bookmark = '';
    let pages = 0;
    do {
      const page = await h.call<Page>(LIST, PUBLIC, bookmark ? { pageSize: 5, bookmark } : { pageSize: 5 });
      expect(page.fetchedRecordsCount).toBe(page.records.length);
      ids.push(...page.records.map((r) => r.periodId));
      bookmark = page.bookmark;
      pages++;
    } while (bookmark);
    expect(ids).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(pages).toBe(3);
    const from = await h.call<Page>(LIST, PUBLIC, { fromPeriodId: 9, pageSize: 2 });
    expect(from.records.map((r) => r.periodId)).toEqual([9, 10]);
    expect((await h.call<Page>(LIST, PUBLIC, { pageSize: 2, bookmark: from.bookmark })).records.map((r) => r.periodId)).toEqual([11, 12]);
    expect((await h.call<Page>(LIST, PUBLIC, {})).records).toHaveLength(12); // default page size 50
    expect(await h.call<Page>(LIST, PUBLIC, { fromPeriodId: 13 })).toEqual({ records: [], fetchedRecordsCount: 0, bookmark: '' });
  });

  it('ListAnchorPeriods refuses a bookmark of another listing, both a bookmark and fromPeriodId, and bad sizes', async () => {
    const h = await withPeriods(3);
    const { bookmark } = await h.call<Page>(LIST, PUBLIC, { pageSize: 1 });
    await h.reject(LIST, PUBLIC, { fromPeriodId: 2, bookmark }, 'INVALID_ARGUMENT');
    await h.reject(LIST, PUBLIC, { bookmark: '\u0000vb.issuer\u0000BKA\u0000' }, 'INVALID_ARGUMENT');
    await h.reject(LIST, PUBLIC, { bookmark: '\u0000vb.anchorlatest\u0000' }, 'INVALID_ARGUMENT');
    await h.reject(LIST, PUBLIC, { pageSize: 0 }, 'INVALID_ARGUMENT');
    await h.reject(LIST, PUBLIC, { pageSize: 201 }, 'INVALID_ARGUMENT');
    await h.reject(LIST, PUBLIC, { fromPeriodId: 0 }, 'INVALID_ARGUMENT');
  });

  it('lists each period with its EVM transaction once recorded', async () => {
    const h = await withPeriods(2);
    await h.call(TRANSACTION, MINISTRY_ADMIN, evmTx(2));
    const page = await h.call<{ records: { periodId: number; evmTransaction: { blockNumber: number } | null }[] }>(LIST, PUBLIC, {});
    expect(page.records.map((r) => [r.periodId, r.evmTransaction?.blockNumber ?? null])).toEqual([[1, null], [2, 102]]);
  });
});
