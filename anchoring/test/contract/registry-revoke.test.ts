// revoke(): revocations recorded in an anchored period, idempotent, with their events and views.
import { id, ZeroHash, type Contract } from 'ethers';
import { as, eventsOf, freshRegistry, mined, revertOf, type Fixture } from '../support/registry';

const doc = (n: number) => id(`document ${n}`);
let f: Fixture;
let registry: Contract;

beforeAll(async () => {
  await freshRegistry(); // loads Hardhat and compiles once, which can take longer than a test
}, 120_000);

beforeEach(async () => {
  f = await freshRegistry();
  registry = as(f.registry, f.anchorer);
  await mined(registry.anchor(1, id('root 1'), 1, 10, 3));
  await mined(registry.anchor(2, id('root 2'), 11, 20, 3));
});

test('revoke records each hash in the period and emits DocumentRevoked for each', async () => {
  const receipt = await mined(registry.revoke([doc(1), doc(2)], 2));
  expect(eventsOf(receipt, registry.interface, 'DocumentRevoked')).toEqual([[doc(1), 2n], [doc(2), 2n]]);
  expect(await registry.revokedIn(doc(1))).toBe(2n);
  expect(await registry.isRevoked(doc(2))).toBe(true);
  expect(await registry.revokedIn(doc(3))).toBe(0n);
  expect(await registry.isRevoked(doc(3))).toBe(false);
});

test('an already revoked hash is skipped: no event, its first period kept', async () => {
  await mined(registry.revoke([doc(1), doc(2)], 1));
  const again = await mined(registry.revoke([doc(1), doc(2)], 1));
  expect(eventsOf(again, registry.interface, 'DocumentRevoked')).toEqual([]);
  const mixed = await mined(registry.revoke([doc(1), doc(3)], 2));
  expect(eventsOf(mixed, registry.interface, 'DocumentRevoked')).toEqual([[doc(3), 2n]]);
  expect(await registry.revokedIn(doc(1))).toBe(1n);
  expect(await registry.revokedIn(doc(3))).toBe(2n);
});

test('a hash twice in one batch is revoked once', async () => {
  const receipt = await mined(registry.revoke([doc(1), doc(1)], 1));
  expect(eventsOf(receipt, registry.interface, 'DocumentRevoked')).toEqual([[doc(1), 1n]]);
});

test('only an anchored period can hold revocations', async () => {
  expect(await revertOf(registry.revoke([doc(1)], 3), registry.interface)).toEqual({ name: 'PeriodNotAnchored', args: [3n] });
  expect(await revertOf(registry.revoke([doc(1)], 0), registry.interface)).toEqual({ name: 'PeriodNotAnchored', args: [0n] });
  expect(await registry.isRevoked(doc(1))).toBe(false);
});

test('a zero hash refuses the whole batch', async () => {
  expect(await revertOf(registry.revoke([doc(1), ZeroHash], 1), registry.interface)).toEqual({ name: 'ZeroDocumentHash', args: [] });
  expect(await registry.isRevoked(doc(1))).toBe(false);
});
