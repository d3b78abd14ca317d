// anchor(): what it records, its views and events, the idempotent retry and every refusal.
import { id, ZeroHash, type Contract } from 'ethers';
import { as, eventsOf, freshRegistry, mined, revertOf, type Fixture } from '../support/registry';

const rootOf = (n: number) => id(`period root ${n}`);
let f: Fixture;
let registry: Contract;

beforeAll(async () => {
  await freshRegistry(); // loads Hardhat and compiles once, which can take longer than a test
}, 120_000);

beforeEach(async () => {
  f = await freshRegistry();
  registry = as(f.registry, f.anchorer);
});

test('anchor records the root with its range, emits RootAnchored and answers every view', async () => {
  const receipt = await mined(registry.anchor(1, rootOf(1), 10, 20, 5));
  expect(eventsOf(receipt, registry.interface, 'RootAnchored')).toEqual([[1n, rootOf(1), 10n, 20n, 5n]]);
  const block = await f.hre.ethers.provider.getBlock(receipt.blockNumber);
  expect([...(await registry.anchorOf(rootOf(1)))]).toEqual([1n, 10n, 20n, 5n, BigInt(block?.timestamp ?? -1), BigInt(receipt.blockNumber)]);
  expect(await registry.periodOf(rootOf(1))).toBe(1n);
  expect(await registry.rootOf(1)).toBe(rootOf(1));
  expect(await registry.isAnchored(rootOf(1))).toBe(true);
  expect(await registry.lastPeriodId()).toBe(1n);
});

test('the views answer zero for what is not anchored', async () => {
  await mined(registry.anchor(1, rootOf(1), 10, 20, 5));
  expect(await registry.isAnchored(rootOf(2))).toBe(false);
  expect(await registry.periodOf(rootOf(2))).toBe(0n);
  expect([...(await registry.anchorOf(rootOf(2)))]).toEqual([0n, 0n, 0n, 0n, 0n, 0n]);
  expect(await registry.rootOf(2)).toBe(ZeroHash);
});

test('resending the same anchor does nothing: no event, the first record kept', async () => {
  const first = await mined(registry.anchor(1, rootOf(1), 10, 20, 5));
  const before = [...(await registry.anchorOf(rootOf(1)))];
  const again = await mined(registry.anchor(1, rootOf(1), 10, 20, 5));
  expect(again.status).toBe(1);
  expect(again.blockNumber).toBeGreaterThan(first.blockNumber);
  expect(eventsOf(again, registry.interface, 'RootAnchored')).toEqual([]);
  expect([...(await registry.anchorOf(rootOf(1)))]).toEqual(before);
});

test('resending an older period after a later one is also a quiet no-op', async () => {
  await mined(registry.anchor(1, rootOf(1), 10, 20, 5));
  await mined(registry.anchor(3, rootOf(3), 30, 40, 2));
  const again = await mined(registry.anchor(1, rootOf(1), 10, 20, 5));
  expect(eventsOf(again, registry.interface, 'RootAnchored')).toEqual([]);
  expect(await registry.lastPeriodId()).toBe(3n);
});

test('another root, range or leaf count for an anchored period is a PeriodConflict', async () => {
  await mined(registry.anchor(1, rootOf(1), 10, 20, 5));
  const variants: [string, number, number, number][] = [[rootOf(2), 10, 20, 5], [rootOf(1), 11, 20, 5], [rootOf(1), 10, 21, 5], [rootOf(1), 10, 20, 6]];
  for (const [root, first, last, leaves] of variants) {
    expect(await revertOf(registry.anchor(1, root, first, last, leaves), registry.interface)).toEqual({ name: 'PeriodConflict', args: [1n, rootOf(1)] });
  }
  expect(await registry.isAnchored(rootOf(2))).toBe(false);
});

test('lastBlock before firstBlock is refused; a one-block period is accepted', async () => {
  expect(await revertOf(registry.anchor(1, rootOf(1), 20, 19, 5), registry.interface)).toEqual({ name: 'InvalidBlockRange', args: [20n, 19n] });
  await mined(registry.anchor(1, rootOf(1), 20, 20, 1));
  expect([...(await registry.anchorOf(rootOf(1)))].slice(0, 4)).toEqual([1n, 20n, 20n, 1n]);
});

test('a zero root and an empty period are refused', async () => {
  expect(await revertOf(registry.anchor(1, ZeroHash, 10, 20, 5), registry.interface)).toEqual({ name: 'ZeroRoot', args: [] });
  expect(await revertOf(registry.anchor(1, rootOf(1), 10, 20, 0), registry.interface)).toEqual({ name: 'EmptyPeriod', args: [] });
  expect(await registry.lastPeriodId()).toBe(0n);
});

test('period ids start at 1 and increase, gaps allowed', async () => {
  expect(await revertOf(registry.anchor(0, rootOf(0), 1, 2, 1), registry.interface)).toEqual({ name: 'PeriodNotIncreasing', args: [0n, 0n] });
  await mined(registry.anchor(5, rootOf(5), 1, 2, 1));
  await mined(registry.anchor(9, rootOf(9), 3, 4, 1)); // a gap: periods need not be consecutive
  expect(await revertOf(registry.anchor(7, rootOf(7), 5, 6, 1), registry.interface)).toEqual({ name: 'PeriodNotIncreasing', args: [7n, 9n] });
  expect(await registry.lastPeriodId()).toBe(9n);
  expect(await registry.rootOf(5)).toBe(rootOf(5));
});

test('a root already anchored for another period is refused', async () => {
  await mined(registry.anchor(1, rootOf(1), 10, 20, 5));
  expect(await revertOf(registry.anchor(2, rootOf(1), 21, 30, 5), registry.interface)).toEqual({ name: 'RootAlreadyAnchored', args: [rootOf(1), 1n] });
  expect(await registry.rootOf(2)).toBe(ZeroHash);
});
