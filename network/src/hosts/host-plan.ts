// Multi-host mode on one machine (`VANBANG_HOSTS=netns`, or `hosts: netns` in the topology): every
// organization gets a Linux network namespace of its own (its CA, peer, orderer, chaincode servers
// and the Toxiproxy in front of its peer and orderer), and the gateway with FerretDB one more. The
// namespaces hang off one bridge in the root namespace through veth pairs; the root namespace has
// the bridge's address, so the CLI, the tests and Fabric's tools reach every node through it.
//
// This file is the plan only (names and addresses, no side effects); netns.ts creates and removes
// what it names. Everything is derived from the home's port shift, so two networks of one machine
// (the developer's and the tests', each with its own shift) never share a name or an address:
//
//   id       the shift modulo 65536 (a port shift is always within ±65535)
//   subnet   10.<id / 256>.<id % 256>.0/24 (VANBANG_NETNS_SUBNET=a.b.c overrides it)
//   .1       the bridge `vb<id>br`, in the root namespace
//   .2       the services host (namespace `vanbang<id>-services`): gateway and FerretDB
//   .10+k    organization of slot k (namespace `vanbang<id>-<Org>`): its public address, the one in
//            its certificates, the channel configuration and the connection profile
//   .130+k   the same organization's internal address, where its peer and orderer listen: the
//            organization's Toxiproxy listens on the public address and forwards there, so that
//            latency, jitter and resets between hosts can be injected (wan-proxy.ts)
//
// Slots are handed out once and kept in <home>/network/hosts.json: an organization keeps its
// address (its certificates name it) when others are added to or removed from the topology.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Home } from '../paths';

export type HostsMode = 'local' | 'netns';

/** The namespace (and its link) of one host of the plan. */
export interface PlannedHost {
  /** An organization's name, or SERVICES_HOST. */
  key: string;
  slot: number;
  namespace: string;
  /** The veth end in the root namespace, enslaved to the bridge: set it down to cut the host off. */
  vethRoot: string;
  /** The veth end inside the namespace. */
  vethNs: string;
  /** The address every other host dials (and the certificates name). */
  address: string;
  /** Organizations only: where the peer and orderer listen, behind the organization's Toxiproxy. */
  internalAddress?: string;
}

export interface HostPlan {
  id: number;
  /** Every namespace of this plan starts with it (and only those are ever removed). */
  namespacePrefix: string;
  /** Every interface of this plan starts with it. */
  interfacePrefix: string;
  bridge: string;
  /** a.b.c of the /24. */
  subnet: string;
  bridgeAddress: string;
  hosts: PlannedHost[];
}

export const SERVICES_HOST = 'services';
/** Organization slots 1..MAX_ORG_SLOTS (addresses .11-.110 and .131-.230). */
export const MAX_ORG_SLOTS = 100;
/** Linux's IFNAMSIZ less the terminating NUL. */
export const MAX_INTERFACE_NAME = 15;

/** The saved assignment of slots: `{ subnet, slots: { services: 0, Ministry: 1, ... } }`. */
export interface SlotFile {
  subnet: string;
  slots: Record<string, number>;
  /** The plan built from it, for startProcess (processes.ts) to find the namespace of an address. */
  plan?: HostPlan;
}

export function hostsFile(home: Home): string {
  return path.join(home.network, 'hosts.json');
}

export function planId(portShift: number): number {
  return ((portShift % 65536) + 65536) % 65536;
}

export function defaultSubnet(portShift: number, env: NodeJS.ProcessEnv = process.env): string {
  const given = env.VANBANG_NETNS_SUBNET;
  if (given !== undefined && given !== '') {
    const parts = given.split('.');
    if (parts.length !== 3 || !parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255)) {
      throw new Error(`VANBANG_NETNS_SUBNET must be the first three numbers of a /24, like 10.66.104 (got ${given})`);
    }
    return given;
  }
  const id = planId(portShift);
  return `10.${id >> 8}.${id & 255}`;
}

/**
 * The slots of `orgNames`: those already in `saved` keep theirs, new ones get the lowest free
 * slots, organizations no longer named lose theirs (their addresses may be handed out again only
 * after a reset, since nothing else is deleted: `saved` keeps them until then).
 */
export function assignSlots(orgNames: string[], saved: SlotFile | undefined, subnet: string): SlotFile {
  const slots: Record<string, number> = { ...(saved?.slots ?? {}), [SERVICES_HOST]: 0 };
  const taken = new Set(Object.values(slots));
  let next = 1;
  for (const name of orgNames) {
    if (slots[name] !== undefined) continue;
    while (taken.has(next)) next++;
    if (next > MAX_ORG_SLOTS) throw new Error(`multi-host mode gives at most ${MAX_ORG_SLOTS} organizations an address of their own`);
    slots[name] = next;
    taken.add(next);
  }
  return { subnet: saved?.subnet ?? subnet, slots };
}

export function buildPlan(portShift: number, orgNames: string[], slotFile: SlotFile): HostPlan {
  const id = planId(portShift);
  const interfacePrefix = `vb${id}`;
  const namespacePrefix = `vanbang${id}-`;
  const s = slotFile.subnet;
  const host = (key: string): PlannedHost => {
    const slot = slotFile.slots[key];
    if (slot === undefined) throw new Error(`no address slot for ${key}`);
    const org = key !== SERVICES_HOST;
    return {
      key,
      slot,
      namespace: `${namespacePrefix}${key}`,
      vethRoot: `${interfacePrefix}h${slot}`,
      vethNs: `${interfacePrefix}n${slot}`,
      address: org ? `${s}.${10 + slot}` : `${s}.2`,
      ...(org ? { internalAddress: `${s}.${130 + slot}` } : {}),
    };
  };
  const plan: HostPlan = {
    id,
    namespacePrefix,
    interfacePrefix,
    bridge: `${interfacePrefix}br`,
    subnet: s,
    bridgeAddress: `${s}.1`,
    hosts: [host(SERVICES_HOST), ...orgNames.map(host)],
  };
  for (const name of [plan.bridge, ...plan.hosts.flatMap((h) => [h.vethRoot, h.vethNs])]) {
    if (name.length > MAX_INTERFACE_NAME) throw new Error(`interface name ${name} is longer than ${MAX_INTERFACE_NAME} characters`);
  }
  return plan;
}

export function readSlotFile(home: Home): SlotFile | undefined {
  try {
    return JSON.parse(readFileSync(hostsFile(home), 'utf8')) as SlotFile;
  } catch {
    return undefined;
  }
}

export function writeSlotFile(home: Home, slots: SlotFile): void {
  const file = hostsFile(home);
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(slots, null, 2));
  renameSync(tmp, file);
}

/**
 * Which mode a home runs in: VANBANG_HOSTS when set, else the topology's `hosts`, else netns when
 * the home was set up in it (its hosts.json exists), else local.
 */
export function hostsMode(home: Home, topologySetting: HostsMode | undefined, env: NodeJS.ProcessEnv = process.env): HostsMode {
  const given = env.VANBANG_HOSTS;
  if (given !== undefined && given !== '') {
    if (given !== 'local' && given !== 'netns') throw new Error(`VANBANG_HOSTS must be local or netns (got ${given})`);
    return given;
  }
  if (topologySetting) return topologySetting;
  return existsSync(hostsFile(home)) ? 'netns' : 'local';
}

/** The namespace a process listening on `address` runs in, if the address belongs to the plan. */
export function namespaceOfAddress(plan: HostPlan, address: string): string | undefined {
  return plan.hosts.find((h) => h.address === address || h.internalAddress === address)?.namespace;
}
