// Which organizations of the topology file are members of the running channel. The topology file
// says who *should* take part; the channel's configuration says who does. A Department added to
// the file is not on the channel until `npm run org:add` has put it there, and one removed by
// `npm run org:remove` stays in the file's history but is no longer run. The record lives beside
// the genesis block (<home>/network/channel/members.json) and is written right after each
// configuration update that changes the membership is committed, so a crash in between is
// repaired by re-running the command (it checks the channel configuration first).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { Home } from '../paths';
import type { OrgSpec, Topology } from '../topology';

export interface ChannelMembers {
  /** Organization names on the channel, in the order they joined. */
  members: string[];
  /** Organizations that left the channel; their data is kept for audit, their processes are not run. */
  removed: { name: string; mspId: string; at: string }[];
  /** When each organization added after the genesis block joined. */
  joined: { name: string; mspId: string; at: string }[];
}

export function membersFile(home: Home): string {
  return path.join(home.network, 'channel', 'members.json');
}

/** The organizations the genesis block was made with, read from the configtx.yaml kept beside it. */
function genesisMembers(home: Home, declared: readonly OrgSpec[]): string[] | undefined {
  const configtx = path.join(home.network, 'config', 'configtx', 'configtx.yaml');
  if (!existsSync(configtx)) return undefined;
  const doc = parse(readFileSync(configtx, 'utf8')) as { Profiles?: { VanbangChannel?: { Application?: { Organizations?: { ID: string }[] } } } };
  const ids = (doc.Profiles?.VanbangChannel?.Application?.Organizations ?? []).map((o) => o.ID);
  return declared.filter((o) => ids.includes(o.mspId)).map((o) => o.name);
}

/**
 * The membership record, or undefined for a home whose channel does not exist yet (then every
 * organization of the topology goes into the genesis block).
 */
export function readChannelMembers(home: Home, declared: readonly OrgSpec[]): ChannelMembers | undefined {
  const file = membersFile(home);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as ChannelMembers;
  const genesis = genesisMembers(home, declared);
  return genesis ? { members: genesis, removed: [], joined: [] } : undefined;
}

export function writeChannelMembers(home: Home, members: ChannelMembers): void {
  const file = membersFile(home);
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(members, null, 2)}\n`);
  renameSync(tmp, file); // never half a file after a crash
}

export interface Membership {
  /** The topology cut down to the channel's members: what `network up` runs. */
  topology: Topology;
  /** Declared in the topology file, not on the channel yet: `npm run org:add -- <name>` adds them. */
  pending: OrgSpec[];
  /** Declared in the file but removed from the channel. */
  removed: OrgSpec[];
  /** Members of the channel the topology file does not declare (any more). */
  missing: string[];
}

/** Splits a topology into the organizations that are on the channel and those that are not. */
export function splitByMembership(declared: Topology, record: ChannelMembers | undefined): Membership {
  if (!record) return { topology: declared, pending: [], removed: [], missing: [] };
  const removedNames = new Set(record.removed.map((r) => r.name));
  const on = (o: OrgSpec) => record.members.includes(o.name);
  const missing = record.members.filter((name) => !declared.organizations.some((o) => o.name === name));
  return {
    missing,
    topology: { ...declared, organizations: declared.organizations.filter(on) },
    pending: declared.organizations.filter((o) => !on(o) && !removedNames.has(o.name)),
    removed: declared.organizations.filter((o) => removedNames.has(o.name)),
  };
}
