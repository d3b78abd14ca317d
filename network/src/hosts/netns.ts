// Creates and removes the namespaces, the bridge and the veth pairs of a host plan (host-plan.ts),
// with iproute2's `ip`. Creation is idempotent (what exists is kept, what is missing is added, a
// link left down is set up again), so `network up` re-runs it every time. Removal touches only
// names that carry this project's prefix and this home's id: `vanbang<id>-*` namespaces and the
// `vb<id>br` / `vb<id>h<slot>` links (a namespace's veth end goes with it).
import { run } from '../exec';
import { type HostPlan, type PlannedHost, planId } from './host-plan';

const IP = 'ip';

function ip(args: string[], purpose: string): Promise<string> {
  return run(IP, args, { purpose, timeoutMs: 20_000 });
}

/** Names of the network namespaces of this machine (`ip netns list`). */
export async function listNamespaces(): Promise<string[]> {
  let out: string;
  try {
    out = await ip(['netns', 'list'], 'list the network namespaces');
  } catch {
    return [];
  }
  return out.split('\n').map((l) => l.trim().split(/\s+/)[0]).filter((n): n is string => !!n);
}

interface LinkInfo {
  ifname: string;
  operstate?: string;
  flags?: string[];
  master?: string;
}

async function listLinks(namespace?: string): Promise<LinkInfo[]> {
  try {
    const out = await ip([...(namespace ? ['-n', namespace] : []), '-j', 'link', 'show'], 'list the network interfaces');
    return JSON.parse(out) as LinkInfo[];
  } catch {
    return [];
  }
}

function ipv4ToNumber(a: string): number {
  return a.split('.').reduce((n, p) => n * 256 + Number(p), 0);
}

/** Routes of the root namespace whose destination overlaps a.b.c.0/24, other than through `bridge`. */
export function overlappingRoutes(routes: { dst: string; dev?: string }[], subnet: string, bridge: string): string[] {
  const lo = ipv4ToNumber(`${subnet}.0`);
  const hi = lo + 255;
  return routes.filter((r) => {
    if (r.dev === bridge || r.dst === 'default') return false;
    const [addr, lenText] = r.dst.split('/');
    if (!addr || !/^\d+\.\d+\.\d+\.\d+$/.test(addr)) return false;
    const len = lenText === undefined ? 32 : Number(lenText);
    const start = ipv4ToNumber(addr) - (ipv4ToNumber(addr) % 2 ** (32 - len));
    const end = start + 2 ** (32 - len) - 1;
    return start <= hi && end >= lo;
  }).map((r) => `${r.dst}${r.dev ? ` dev ${r.dev}` : ''}`);
}

function requireRoot(): void {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error('Multi-host mode (VANBANG_HOSTS=netns) creates network namespaces, a bridge and veth pairs: it needs root.');
  }
}

async function ensureHost(plan: HostPlan, h: PlannedHost, existing: Set<string>, rootLinks: Set<string>): Promise<void> {
  if (!existing.has(h.namespace)) await ip(['netns', 'add', h.namespace], `create network namespace ${h.namespace}`);
  const inNs = ['-n', h.namespace];
  await ip([...inNs, 'link', 'set', 'lo', 'up'], `bring up loopback in ${h.namespace}`);
  const nsLinks = new Set((await listLinks(h.namespace)).map((l) => l.ifname));
  if (!nsLinks.has(h.vethNs)) {
    // A root end without its namespace end (the namespace was deleted by hand) is stale.
    if (rootLinks.has(h.vethRoot)) await ip(['link', 'delete', h.vethRoot], `delete the stale link ${h.vethRoot}`);
    await ip(['link', 'add', h.vethRoot, 'type', 'veth', 'peer', 'name', h.vethNs, 'netns', h.namespace], `create the veth pair ${h.vethRoot}/${h.vethNs}`);
  }
  await ip(['link', 'set', h.vethRoot, 'master', plan.bridge], `attach ${h.vethRoot} to ${plan.bridge}`);
  await ip(['link', 'set', h.vethRoot, 'up'], `bring up ${h.vethRoot}`);
  for (const address of [h.address, h.internalAddress].filter((a): a is string => !!a)) {
    await ip([...inNs, 'addr', 'replace', `${address}/24`, 'dev', h.vethNs], `give ${h.namespace} the address ${address}`);
  }
  await ip([...inNs, 'link', 'set', h.vethNs, 'up'], `bring up ${h.vethNs} in ${h.namespace}`);
}

/** Creates whatever of the plan is missing; sets every link of it up. */
export async function ensureNamespaces(plan: HostPlan): Promise<void> {
  requireRoot();
  const rootLinks = new Set((await listLinks()).map((l) => l.ifname));
  if (!rootLinks.has(plan.bridge)) {
    const routes = JSON.parse(await ip(['-4', '-j', 'route', 'show'], 'list the routes')) as { dst: string; dev?: string }[];
    const clash = overlappingRoutes(routes, plan.subnet, plan.bridge);
    if (clash.length > 0) {
      throw new Error(`The multi-host subnet ${plan.subnet}.0/24 overlaps this machine's route(s) ${clash.join(', ')}: choose another with VANBANG_NETNS_SUBNET=a.b.c (then reset the network).`);
    }
    await ip(['link', 'add', plan.bridge, 'type', 'bridge'], `create the bridge ${plan.bridge}`);
  }
  await ip(['addr', 'replace', `${plan.bridgeAddress}/24`, 'dev', plan.bridge], `give ${plan.bridge} the address ${plan.bridgeAddress}`);
  await ip(['link', 'set', plan.bridge, 'up'], `bring up ${plan.bridge}`);
  const existing = new Set(await listNamespaces());
  for (const h of plan.hosts) await ensureHost(plan, h, existing, rootLinks);
}

/** The names removeNamespaces deletes for this shift: namespace prefix and root-namespace link pattern. */
export function ownedNames(portShift: number): { namespacePrefix: string; link: RegExp } {
  const id = planId(portShift);
  return { namespacePrefix: `vanbang${id}-`, link: new RegExp(`^vb${id}(br|h[0-9]+)$`) };
}

/**
 * Deletes this shift's namespaces and links (processes must be stopped first: a namespace that
 * still has processes lives on, unnamed, until they exit). Returns what it deleted.
 */
export async function removeNamespaces(portShift: number): Promise<string[]> {
  const { namespacePrefix, link } = ownedNames(portShift);
  const removed: string[] = [];
  for (const ns of await listNamespaces()) {
    if (!ns.startsWith(namespacePrefix)) continue;
    await ip(['netns', 'delete', ns], `delete network namespace ${ns}`);
    removed.push(ns);
  }
  for (const l of await listLinks()) {
    if (!link.test(l.ifname)) continue;
    await ip(['link', 'delete', l.ifname], `delete link ${l.ifname}`).catch(() => undefined); // a veth may have gone with its namespace
    removed.push(l.ifname);
  }
  return removed;
}

/** Sets a host's link to the bridge down (cut off: no packet in or out) or up again. */
export async function setHostLink(h: PlannedHost, up: boolean): Promise<void> {
  await ip(['link', 'set', h.vethRoot, up ? 'up' : 'down'], `set ${h.vethRoot} ${up ? 'up' : 'down'}`);
}

/**
 * A bandwidth limit on a host's link, both ways (tc's token bucket filter on each veth end's
 * egress), e.g. rate '20mbit'; undefined removes it.
 */
export async function limitBandwidth(h: PlannedHost, rate: string | undefined): Promise<void> {
  const ends: string[][] = [['tc'], ['ip', 'netns', 'exec', h.namespace, 'tc']];
  for (const [i, prefix] of ends.entries()) {
    const dev = i === 0 ? h.vethRoot : h.vethNs;
    const [cmd, ...pre] = prefix as [string, ...string[]];
    if (rate) {
      await run(cmd, [...pre, 'qdisc', 'replace', 'dev', dev, 'root', 'tbf', 'rate', rate, 'burst', '64kb', 'latency', '400ms'], { purpose: `limit ${dev} to ${rate}` });
    } else {
      await run(cmd, [...pre, 'qdisc', 'del', 'dev', dev, 'root'], { purpose: `remove the limit on ${dev}` }).catch(() => undefined);
    }
  }
}
