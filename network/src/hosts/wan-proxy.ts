// The "wide area network" between the hosts of multi-host mode. This machine's kernel has no netem
// (and no iptables), so latency, jitter and connection resets are injected by a TCP proxy:
// Toxiproxy (github.com/Shopify/toxiproxy/v2, built like the other binaries, network/tools/
// toxiproxy). One per organization runs in its namespace, listening on the organization's public
// address (the one in its certificates and the channel configuration) on its peer and orderer
// ports and forwarding to the internal address where the peer and orderer listen. Every byte that
// reaches a peer or an orderer from another host — gossip, deliver, Raft, broadcast, the gateway's
// endorsements — thus passes the receiving organization's proxy, in both directions of the
// connection; TLS stays end to end (the proxy copies bytes). Without toxics it only forwards.
// The CA, the operations endpoints and the chaincode servers are reached directly.
//
// Its API listens on the internal address, on the organization's CA port number (nothing else
// uses that port on that address).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { httpHealthy, waitFor } from '../health';
import type { Home } from '../paths';
import { logTail, notRunningReason, runningPid, startProcess, type ProcessSpec } from '../processes';
import { binary } from '../tools';
import type { OrgSpec } from '../topology';

export const wanProxyProcessName = (org: OrgSpec) => `wanproxy-${org.name}`;
export const TOXIPROXY_BINARY = 'toxiproxy-server';

interface ProxyConfig {
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
}

function internal(org: OrgSpec): string {
  if (!org.listenHost) throw new Error(`${org.name} has no internal address: not in multi-host mode`);
  return org.listenHost;
}

export function wanProxyApi(org: OrgSpec): string {
  return `http://${internal(org)}:${org.ports.ca}`;
}

export function wanProxies(org: OrgSpec): ProxyConfig[] {
  return (['peer', 'orderer'] as const).map((what) => ({
    name: `${org.name}-${what}`,
    listen: `${org.host}:${org.ports[what]}`,
    upstream: `${internal(org)}:${org.ports[what]}`,
    enabled: true,
  }));
}

export function wanProxyProcess(home: Home, org: OrgSpec): ProcessSpec {
  const dir = path.join(home.network, 'config', `wanproxy-${org.name}`);
  mkdirSync(dir, { recursive: true });
  const config = path.join(dir, 'proxies.json');
  writeFileSync(config, JSON.stringify(wanProxies(org), null, 2));
  return {
    name: wanProxyProcessName(org),
    command: binary(TOXIPROXY_BINARY),
    args: ['-host', internal(org), '-port', String(org.ports.ca), '-config', config],
    // Toxiproxy logs every connection at info level.
    env: { LOG_LEVEL: 'warn' },
    ports: [
      { host: internal(org), port: org.ports.ca, what: `${org.name} Toxiproxy API` },
      { host: org.host, port: org.ports.peer, what: `${org.name} peer (Toxiproxy)` },
      { host: org.host, port: org.ports.orderer, what: `${org.name} orderer (Toxiproxy)` },
    ],
  };
}

export async function startWanProxy(home: Home, org: OrgSpec): Promise<void> {
  const spec = wanProxyProcess(home, org);
  await startProcess(home, spec);
  await waitFor(`${org.name} Toxiproxy`, () => httpHealthy(`${wanProxyApi(org)}/version`), {
    timeoutMs: 30_000,
    alive: () => runningPid(home, spec.name) !== undefined,
    onDead: () => `${notRunningReason(home, spec.name) ?? 'running again'}\n${logTail(home, spec.name)}`,
  });
}

async function api(org: OrgSpec, method: string, pathname: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${wanProxyApi(org)}${pathname}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`Toxiproxy of ${org.name}: ${method} ${pathname} answered ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** What to do to the traffic between hosts; absent fields: nothing. */
export interface WanConditions {
  /** Added to every chunk of data, each direction (so a round trip gets twice as much). */
  latencyMs?: number;
  /** ± this much, uniformly. */
  jitterMs?: number;
  /** Share (0-1) of connections reset (TCP RST) after `resetAfterMs` of traffic. */
  resetShare?: number;
  resetAfterMs?: number;
}

/** Applies `conditions` on every proxy of `orgs`, replacing the toxics they had. */
export async function setWanConditions(orgs: OrgSpec[], conditions: WanConditions): Promise<void> {
  await clearWanConditions(orgs);
  for (const org of orgs) {
    for (const proxy of wanProxies(org)) {
      for (const stream of ['upstream', 'downstream'] as const) {
        if (conditions.latencyMs) {
          await api(org, 'POST', `/proxies/${proxy.name}/toxics`, {
            name: `latency-${stream}`, type: 'latency', stream, toxicity: 1,
            attributes: { latency: conditions.latencyMs, jitter: conditions.jitterMs ?? 0 },
          });
        }
      }
      if (conditions.resetShare) {
        await api(org, 'POST', `/proxies/${proxy.name}/toxics`, {
          name: 'reset', type: 'reset_peer', stream: 'downstream', toxicity: conditions.resetShare,
          attributes: { timeout: conditions.resetAfterMs ?? 0 },
        });
      }
    }
  }
}

/** Removes every toxic: the proxies only forward again. */
export async function clearWanConditions(orgs: OrgSpec[]): Promise<void> {
  for (const org of orgs) {
    for (const proxy of wanProxies(org)) {
      const toxics = (await api(org, 'GET', `/proxies/${proxy.name}/toxics`)) as { name: string }[];
      for (const t of toxics) await api(org, 'DELETE', `/proxies/${proxy.name}/toxics/${t.name}`);
    }
  }
}
