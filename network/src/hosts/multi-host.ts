// Multi-host mode's place in the network's life: the topology gets the plan's addresses when the
// context is made (applyHostPlan), `network up` creates the namespaces and starts the proxies
// before anything else (ensureHosts), `network reset` removes them after every process stopped
// (removeHosts); `network down` keeps them (no process runs in them then; the next `up` reuses
// them). Fault injection for tests and operators: cutOff / heal, bandwidth, WAN conditions.
import { existsSync } from 'node:fs';
import { httpHealthy } from '../health';
import type { Home } from '../paths';
import { pidFile, runningPid } from '../processes';
import { buildTools, TOXIPROXY_MODULE } from '../tools';
import type { Topology } from '../topology';
import {
  assignSlots, buildPlan, defaultSubnet, type HostPlan, hostsMode, type PlannedHost, readSlotFile, SERVICES_HOST, writeSlotFile,
} from './host-plan';
import { ensureNamespaces, limitBandwidth, removeNamespaces, setHostLink } from './netns';
import { clearWanConditions, setWanConditions, startWanProxy, type WanConditions, wanProxyApi, wanProxyProcessName } from './wan-proxy';

/** What the network functions need of a context (network.ts's NetworkContext has it). */
export interface HostsContext {
  home: Home;
  topology: Topology;
  /** Every organization of the topology file, also those not on the channel yet. */
  declared?: Topology;
  hosts?: HostPlan;
  source?: { topologyFile: string; portShift: number };
}

/**
 * In netns mode: the plan of this home, and the topology changed to use it (each organization's
 * host and internal listen address, the services' host). In local mode: undefined, nothing changed.
 */
export function applyHostPlan(home: Home, t: Topology, portShift: number): HostPlan | undefined {
  if (hostsMode(home, t.hosts) !== 'netns') return undefined;
  const names = t.organizations.map((o) => o.name);
  const slots = assignSlots(names, readSlotFile(home), defaultSubnet(portShift));
  const plan = buildPlan(portShift, names, slots);
  for (const org of t.organizations) {
    const h = plan.hosts.find((x) => x.key === org.name) as PlannedHost;
    org.host = h.address;
    org.listenHost = h.internalAddress;
  }
  t.services.host = servicesHost(plan).address;
  return plan;
}

export function servicesHost(plan: HostPlan): PlannedHost {
  return plan.hosts.find((h) => h.key === SERVICES_HOST) as PlannedHost;
}

export function hostOf(ctx: HostsContext, orgName: string): PlannedHost {
  if (!ctx.hosts) throw new Error('the network does not run in multi-host mode (VANBANG_HOSTS=netns)');
  const h = ctx.hosts.hosts.find((x) => x.key === orgName);
  if (!h) throw new Error(`no host for ${orgName} in the multi-host plan`);
  return h;
}

/** `network up`'s first step in netns mode: namespaces, bridge, veths, hosts.json, Toxiproxy binary and one proxy per organization. */
export async function ensureHosts(ctx: HostsContext, log: (line: string) => void): Promise<void> {
  const plan = ctx.hosts;
  if (!plan) return;
  log(`• Hosts: a network namespace per organization and for the services, on bridge ${plan.bridge} (${plan.subnet}.0/24)`);
  await ensureNamespaces(plan);
  writeSlotFile(ctx.home, { subnet: plan.subnet, slots: Object.fromEntries(plan.hosts.map((h) => [h.key, h.slot])), plan });
  await buildTools(log, [TOXIPROXY_MODULE]);
  // Also for a Department declared but not on the channel yet: its proxy is there when it joins.
  for (const org of (ctx.declared ?? ctx.topology).organizations) await startWanProxy(ctx.home, org);
  for (const h of plan.hosts) log(`  ${h.namespace.padEnd(28)} ${h.address}${h.internalAddress ? ` (peer and orderer behind Toxiproxy on ${h.internalAddress})` : ''}`);
}

/** `network reset`'s last step: this home's namespaces and links, whichever mode the context is in. */
export async function removeHosts(ctx: HostsContext, log: (line: string) => void = () => {}): Promise<void> {
  const shift = ctx.source?.portShift ?? 0;
  const removed = await removeNamespaces(shift);
  if (removed.length > 0) log(`  removed network namespaces and links ${removed.join(', ')}`);
}

/** The proxies' rows for `network status`. */
export async function hostsStatus(ctx: HostsContext): Promise<{ name: string; pid?: number; ports: number[]; healthy: boolean; detail?: string }[]> {
  if (!ctx.hosts) return [];
  const rows = [];
  for (const org of ctx.topology.organizations) {
    const name = wanProxyProcessName(org);
    const pid = runningPid(ctx.home, name);
    if (!pid && !existsSync(pidFile(ctx.home, name))) continue;
    const h = hostOf(ctx, org.name);
    rows.push({ name, pid, ports: [org.ports.peer, org.ports.orderer], healthy: await httpHealthy(`${wanProxyApi(org)}/version`), detail: `${h.namespace}, ${h.address} → ${h.internalAddress}` });
  }
  return rows;
}

/** Cuts an organization's host off the bridge (its link down): nothing goes in or out. */
export async function cutOff(ctx: HostsContext, orgName: string): Promise<void> {
  await setHostLink(hostOf(ctx, orgName), false);
}

/** Connects it again. */
export async function heal(ctx: HostsContext, orgName: string): Promise<void> {
  await setHostLink(hostOf(ctx, orgName), true);
}

/** A bandwidth limit (tbf) on one host's link, both ways, e.g. '20mbit'; undefined lifts it. */
export async function setBandwidth(ctx: HostsContext, orgName: string, rate: string | undefined): Promise<void> {
  await limitBandwidth(hostOf(ctx, orgName), rate);
}

/** Latency, jitter and resets on the traffic reaching every organization's peer and orderer. */
export async function setWan(ctx: HostsContext, conditions: WanConditions): Promise<void> {
  await setWanConditions(ctx.topology.organizations, conditions);
}

export async function clearWan(ctx: HostsContext): Promise<void> {
  await clearWanConditions(ctx.topology.organizations);
}

