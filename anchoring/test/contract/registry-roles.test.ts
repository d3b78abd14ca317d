// Roles: only the anchoring key anchors and revokes; the governance key grants, revokes and rotates it.
import { ContractFactory, id, ZeroAddress } from 'ethers';
import { loadRegistryArtifact } from '../../src/chain/registry-artifact';
import { as, eventsOf, freshRegistry, mined, revertOf, type Fixture } from '../support/registry';

let f: Fixture;
let ANCHORER_ROLE: string;
let ADMIN_ROLE: string;

beforeAll(async () => {
  await freshRegistry(); // loads Hardhat and compiles once, which can take longer than a test
}, 120_000);

beforeEach(async () => {
  f = await freshRegistry();
  ANCHORER_ROLE = await f.registry.ANCHORER_ROLE();
  ADMIN_ROLE = await f.registry.DEFAULT_ADMIN_ROLE();
});

const unauthorized = (account: string, role: string) => ({ name: 'AccessControlUnauthorizedAccount', args: [account, role] });

test('the constructor gives the admin and the anchorer their roles, and the deployer none', async () => {
  expect(ANCHORER_ROLE).toBe(id('ANCHORER_ROLE'));
  expect(await f.registry.hasRole(ADMIN_ROLE, f.admin.address)).toBe(true);
  expect(await f.registry.hasRole(ANCHORER_ROLE, f.anchorer.address)).toBe(true);
  expect(await f.registry.hasRole(ANCHORER_ROLE, f.admin.address)).toBe(false);
  expect(await f.registry.hasRole(ADMIN_ROLE, f.deployer.address)).toBe(false);
});

test('the contract itself refuses a zero admin or anchorer', async () => {
  const { abi, bytecode } = loadRegistryArtifact();
  const factory = new ContractFactory(abi, bytecode, f.deployer);
  expect(await revertOf(factory.deploy(ZeroAddress, f.anchorer.address), f.registry.interface)).toEqual({ name: 'ZeroAddress', args: [] });
  expect(await revertOf(factory.deploy(f.admin.address, ZeroAddress), f.registry.interface)).toEqual({ name: 'ZeroAddress', args: [] });
});

test('no one but the anchorer may anchor or revoke, not even the admin', async () => {
  await mined(as(f.registry, f.anchorer).anchor(1, id('root 1'), 1, 2, 1));
  for (const signer of [f.admin, f.deployer, f.others[0]]) {
    const registry = as(f.registry, signer);
    expect(await revertOf(registry.anchor(2, id('root 2'), 3, 4, 1), registry.interface)).toEqual(unauthorized(signer.address, ANCHORER_ROLE));
    expect(await revertOf(registry.revoke([id('doc')], 1), registry.interface)).toEqual(unauthorized(signer.address, ANCHORER_ROLE));
  }
  expect(await f.registry.lastPeriodId()).toBe(1n);
});

test('the admin rotates the anchoring key in one call: the old key is refused, the new one accepted', async () => {
  const [newKey] = f.others;
  const receipt = await mined(as(f.registry, f.admin).rotateAnchorer(f.anchorer.address, newKey.address));
  const iface = f.registry.interface;
  expect(eventsOf(receipt, iface, 'AnchorerRotated')).toEqual([[f.anchorer.address, newKey.address]]);
  expect(eventsOf(receipt, iface, 'RoleRevoked')).toEqual([[ANCHORER_ROLE, f.anchorer.address, f.admin.address]]);
  expect(eventsOf(receipt, iface, 'RoleGranted')).toEqual([[ANCHORER_ROLE, newKey.address, f.admin.address]]);

  const old = as(f.registry, f.anchorer);
  expect(await revertOf(old.anchor(1, id('root 1'), 1, 2, 1), iface)).toEqual(unauthorized(f.anchorer.address, ANCHORER_ROLE));
  const anchored = await mined(as(f.registry, newKey).anchor(1, id('root 1'), 1, 2, 1));
  expect(eventsOf(anchored, iface, 'RootAnchored')).toHaveLength(1);
  expect(await revertOf(old.revoke([id('doc')], 1), iface)).toEqual(unauthorized(f.anchorer.address, ANCHORER_ROLE));
  await mined(as(f.registry, newKey).revoke([id('doc')], 1));
  expect(await f.registry.isRevoked(id('doc'))).toBe(true);
});

test('rotation is refused to a non-admin, from a key that is not an anchorer, to zero or to the same key', async () => {
  const [newKey, stranger] = f.others;
  const iface = f.registry.interface;
  expect(await revertOf(as(f.registry, f.anchorer).rotateAnchorer(f.anchorer.address, newKey.address), iface)).toEqual(unauthorized(f.anchorer.address, ADMIN_ROLE));
  const admin = as(f.registry, f.admin);
  expect(await revertOf(admin.rotateAnchorer(stranger.address, newKey.address), iface)).toEqual({ name: 'NotAnchorer', args: [stranger.address] });
  expect(await revertOf(admin.rotateAnchorer(f.anchorer.address, ZeroAddress), iface)).toEqual({ name: 'ZeroAddress', args: [] });
  expect(await revertOf(admin.rotateAnchorer(f.anchorer.address, f.anchorer.address), iface)).toEqual({ name: 'SameAnchorer', args: [f.anchorer.address] });
  expect(await f.registry.hasRole(ANCHORER_ROLE, f.anchorer.address)).toBe(true);
  expect(await f.registry.hasRole(ANCHORER_ROLE, newKey.address)).toBe(false);
});

test('the admin grants and revokes the anchoring role the usual way; the anchorer cannot grant it', async () => {
  const [second] = f.others;
  const iface = f.registry.interface;
  expect(await revertOf(as(f.registry, f.anchorer).grantRole(ANCHORER_ROLE, second.address), iface)).toEqual(unauthorized(f.anchorer.address, ADMIN_ROLE));
  await mined(as(f.registry, f.admin).grantRole(ANCHORER_ROLE, second.address));
  await mined(as(f.registry, second).anchor(1, id('root 1'), 1, 2, 1));
  await mined(as(f.registry, f.admin).revokeRole(ANCHORER_ROLE, second.address));
  expect(await revertOf(as(f.registry, second).anchor(2, id('root 2'), 3, 4, 1), iface)).toEqual(unauthorized(second.address, ANCHORER_ROLE));
  expect(await f.registry.lastPeriodId()).toBe(1n);
});
