// Multi-host mode's naming and address plan (network/src/hosts/host-plan.ts): names and addresses
// derived from the port shift never collide between two networks, fit Linux's limits, and an
// organization keeps its slot (its certificates name its address) when others come and go.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  assignSlots, buildPlan, defaultSubnet, hostsMode, MAX_INTERFACE_NAME, MAX_ORG_SLOTS, namespaceOfAddress, planId, SERVICES_HOST, writeSlotFile,
} from '../src/hosts/host-plan';
import { overlappingRoutes, ownedNames } from '../src/hosts/netns';
import { homeAt } from '../src/paths';

const ORGS = ['Ministry', 'HanoiDoET', 'HcmcDoET'];

function plan(shift: number, orgs = ORGS) {
  return buildPlan(shift, orgs, assignSlots(orgs, undefined, defaultSubnet(shift, {})));
}

test('the plan of the multi-host test network (shift 17000)', () => {
  const p = plan(17000);
  expect(p.bridge).toBe('vb17000br');
  expect(p.subnet).toBe('10.66.104');
  expect(p.bridgeAddress).toBe('10.66.104.1');
  expect(p.hosts.map((h) => [h.key, h.namespace, h.vethRoot, h.vethNs, h.address, h.internalAddress])).toEqual([
    [SERVICES_HOST, 'vanbang17000-services', 'vb17000h0', 'vb17000n0', '10.66.104.2', undefined],
    ['Ministry', 'vanbang17000-Ministry', 'vb17000h1', 'vb17000n1', '10.66.104.11', '10.66.104.131'],
    ['HanoiDoET', 'vanbang17000-HanoiDoET', 'vb17000h2', 'vb17000n2', '10.66.104.12', '10.66.104.132'],
    ['HcmcDoET', 'vanbang17000-HcmcDoET', 'vb17000h3', 'vb17000n3', '10.66.104.13', '10.66.104.133'],
  ]);
  expect(namespaceOfAddress(p, '10.66.104.132')).toBe('vanbang17000-HanoiDoET');
  expect(namespaceOfAddress(p, '10.66.104.2')).toBe('vanbang17000-services');
  expect(namespaceOfAddress(p, '127.0.0.1')).toBeUndefined();
});

test('two shifts never share a name, a subnet or an address', () => {
  const shifts = [0, 1000, 1700, 10000, 11000, 17000, 17001, -500, 62000];
  const seen = new Map<string, number>();
  for (const shift of shifts) {
    const p = plan(shift);
    for (const name of [p.bridge, `${p.subnet}.0/24`, ...p.hosts.flatMap((h) => [h.namespace, h.vethRoot, h.vethNs])]) {
      expect(seen.get(name)).toBeUndefined();
      seen.set(name, shift);
    }
  }
  expect(planId(-500)).toBe(65036);
  // A shift's removal never matches another shift's names (1700 vs 17000: the separator counts).
  const own = ownedNames(1700);
  expect('vanbang17000-Ministry'.startsWith(own.namespacePrefix)).toBe(false);
  expect(own.link.test('vb17000br')).toBe(false);
  expect(own.link.test('vb1700br')).toBe(true);
  expect(own.link.test('vb1700h12')).toBe(true);
  expect(own.link.test('vb1700n12')).toBe(false); // inside a namespace: goes with it
  expect(own.link.test('eth0')).toBe(false);
});

test('interface names fit in 15 characters at the largest id and slot', () => {
  const names = Array.from({ length: MAX_ORG_SLOTS }, (_, i) => `Org${i}`);
  const p = plan(65535, names);
  for (const n of [p.bridge, ...p.hosts.flatMap((h) => [h.vethRoot, h.vethNs])]) expect(n.length).toBeLessThanOrEqual(MAX_INTERFACE_NAME);
  const addresses = p.hosts.flatMap((h) => [h.address, h.internalAddress].filter(Boolean));
  expect(new Set(addresses).size).toBe(addresses.length);
  for (const a of addresses) expect(Number(a!.split('.')[3])).toBeLessThan(255);
  expect(() => assignSlots([...names, 'OneTooMany'], undefined, '10.0.0')).toThrow(/at most 100/);
});

test('slots are kept: a removed organization does not move the others, a new one takes a free slot', () => {
  const first = assignSlots(ORGS, undefined, '10.66.104');
  expect(first.slots).toEqual({ services: 0, Ministry: 1, HanoiDoET: 2, HcmcDoET: 3 });
  const later = assignSlots(['Ministry', 'HcmcDoET', 'DanangDoET'], first, '10.99.99');
  expect(later.subnet).toBe('10.66.104'); // the saved subnet wins
  expect(later.slots).toMatchObject({ Ministry: 1, HcmcDoET: 3, DanangDoET: 4 });
  expect(later.slots.HanoiDoET).toBe(2); // kept until a reset: its address is not handed out again
});

test('VANBANG_NETNS_SUBNET and the mode', () => {
  expect(defaultSubnet(17000, { VANBANG_NETNS_SUBNET: '10.200.7' })).toBe('10.200.7');
  expect(() => defaultSubnet(0, { VANBANG_NETNS_SUBNET: '10.200' })).toThrow(/first three numbers/);
  expect(() => defaultSubnet(0, { VANBANG_NETNS_SUBNET: '10.256.1' })).toThrow();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'host-plan-'));
  try {
    const home = homeAt(dir);
    expect(hostsMode(home, undefined, {})).toBe('local');
    expect(hostsMode(home, 'netns', {})).toBe('netns');
    expect(hostsMode(home, undefined, { VANBANG_HOSTS: 'netns' })).toBe('netns');
    expect(() => hostsMode(home, undefined, { VANBANG_HOSTS: 'docker' })).toThrow(/local or netns/);
    // A home set up in netns mode stays in it without the variable.
    writeSlotFile(home, assignSlots(ORGS, undefined, '10.66.104'));
    expect(hostsMode(home, undefined, {})).toBe('netns');
    expect(hostsMode(home, undefined, { VANBANG_HOSTS: 'local' })).toBe('local');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a subnet that overlaps a route of the machine is refused', () => {
  const routes = [{ dst: 'default', dev: 'eth0' }, { dst: '10.66.0.0/16', dev: 'eth1' }, { dst: '192.0.2.0/24', dev: 'eth0' }, { dst: '10.66.104.0/24', dev: 'vb17000br' }];
  expect(overlappingRoutes(routes, '10.66.104', 'vb17000br')).toEqual(['10.66.0.0/16 dev eth1']);
  expect(overlappingRoutes(routes, '10.67.1', 'vb17000br')).toEqual([]);
  expect(overlappingRoutes([{ dst: '10.67.1.9', dev: 'tun0' }], '10.67.1', 'x')).toEqual(['10.67.1.9 dev tun0']);
});
