// A network of a test's or benchmark's own, next to the shared test network: its own home and
// port shift, optionally fewer organizations or other certificate lifetimes than
// network/topology.yaml. Started fresh (everything under its home deleted first); if the start
// fails, whatever did start is stopped by its PID files.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { networkContext, networkDown, networkReset, networkUp, TOPOLOGY_FILE, type NetworkContext } from '../../network/src';
import { seedDemoData } from '../../scripts/lib/seed';

export interface IsolatedNetworkOptions {
  home: string;
  portShift: number;
  /** Only these organizations of the default topology (default: all). */
  organizations?: string[];
  /** The topology's `certificates` section instead of the default's. */
  certificates?: Record<string, unknown>;
  /** `netns`: every organization, and the gateway with FerretDB, in a network namespace of its own (network/src/hosts). */
  hosts?: 'local' | 'netns';
}

/** The default topology, cut down as asked, written into the home; returns the file. */
export function writeTopology(opts: IsolatedNetworkOptions): string {
  const topology = parse(readFileSync(TOPOLOGY_FILE, 'utf8')) as { organizations: { name: string }[]; certificates?: unknown; hosts?: string };
  if (opts.organizations) topology.organizations = topology.organizations.filter((o) => opts.organizations!.includes(o.name));
  if (opts.certificates) topology.certificates = opts.certificates;
  if (opts.hosts) topology.hosts = opts.hosts;
  mkdirSync(opts.home, { recursive: true });
  const file = path.join(opts.home, 'topology.yaml');
  writeFileSync(file, stringify(topology));
  return file;
}

export function isolatedContext(opts: IsolatedNetworkOptions): NetworkContext {
  return networkContext({ home: opts.home, portShift: opts.portShift, topologyFile: writeTopology(opts) });
}

/** Brings a fresh isolated network up with the demo issuers registered; its log is <home>/setup.log. */
export async function startIsolatedNetwork(opts: IsolatedNetworkOptions): Promise<NetworkContext> {
  const ctx = isolatedContext(opts);
  await networkReset(ctx, () => {});
  const fresh = isolatedContext(opts);
  const log = (line: string) => writeFileSync(path.join(opts.home, 'setup.log'), `${line}\n`, { flag: 'a' });
  try {
    await networkUp(fresh, log);
    await seedDemoData(fresh, log);
  } catch (err) {
    await networkDown(fresh, log);
    throw err;
  }
  return fresh;
}
