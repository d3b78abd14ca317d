// Who must sign a channel configuration update, read from the configuration itself: each changed
// value's mod_policy, resolved to the organization admins that satisfy it (a signature policy
// names MSP principals; an implicit-meta policy asks ANY, ALL or a MAJORITY of the sub-groups'
// policies). And the check, before submitting, that the signatures collected satisfy every one.
import { groupAt, valueAt, type ChannelConfig, type ConfigChange, type ConfigGroup } from './channel-config-json';

const SIGNATURE = 1;
const IMPLICIT_META = 3;

interface Principal {
  principal_classification: string;
  principal: { msp_identifier: string; role: string };
}
type Rule = { signed_by: number } | { n_out_of: { n: number; rules: Rule[] } };
interface SignaturePolicy {
  identities: Principal[];
  rule: Rule;
}
interface ImplicitMetaPolicy {
  rule: 'ANY' | 'ALL' | 'MAJORITY';
  sub_policy: string;
}

/** A policy's absolute path, e.g. /Channel/Application/MinistryMSP/Admins. */
export interface PolicyRequirement {
  policy: string;
  /** A smallest set of organizations whose admins' signatures satisfy it. */
  admins: string[];
}

/**
 * The absolute path of the mod_policy a change needs: a value's own (relative names are relative
 * to its group), or, for a sub-group added to or removed from a group, that group's.
 */
export function modPolicyPath(config: ChannelConfig, change: ConfigChange): string {
  if ('group' in change) {
    const modPolicy = groupAt(config, change.group).mod_policy;
    return modPolicy.startsWith('/') ? modPolicy : ['', 'Channel', ...change.group, modPolicy].join('/');
  }
  const path = change;
  const modPolicy = valueAt(config, path).mod_policy;
  if (modPolicy.startsWith('/')) return modPolicy;
  return ['', 'Channel', ...path.slice(0, -1), modPolicy].join('/');
}

function splitPolicyPath(policy: string): { groups: string[]; name: string } {
  const parts = policy.split('/').filter(Boolean);
  if (parts[0] !== 'Channel' || parts.length < 2) throw new Error(`policy path ${policy} is not under /Channel`);
  return { groups: parts.slice(1, -1), name: parts[parts.length - 1] };
}

/** An admin signature satisfies a principal of role ADMIN or MEMBER of its MSP. */
function principalOrg(p: Principal): string | undefined {
  if (p.principal_classification !== 'ROLE') return undefined;
  return p.principal.role === 'ADMIN' || p.principal.role === 'MEMBER' ? p.principal.msp_identifier : undefined;
}

function smallestSignature(policy: SignaturePolicy, rule: Rule, prefer?: string): Set<string> | undefined {
  if ('signed_by' in rule) {
    const p = policy.identities[rule.signed_by];
    const org = p ? principalOrg(p) : undefined;
    return org ? new Set([org]) : undefined;
  }
  const options = rule.n_out_of.rules.map((r) => smallestSignature(policy, r, prefer)).filter((s): s is Set<string> => s !== undefined);
  return unionOfSmallest(options, rule.n_out_of.n, prefer);
}

/**
 * The union of the `n` smallest satisfiable options (greedy: the configurations Fabric generates
 * need no more). Among equally small ones, those with `prefer` (the organization proposing the
 * update, whose admin signs anyway) come first, then by name.
 */
function unionOfSmallest(options: Set<string>[], n: number, prefer?: string): Set<string> | undefined {
  if (options.length < n) return undefined;
  const preferred = (s: Set<string>) => (prefer !== undefined && s.has(prefer) ? 0 : 1);
  const chosen = [...options].sort((a, b) => a.size - b.size || preferred(a) - preferred(b) || [...a].join().localeCompare([...b].join())).slice(0, n);
  return new Set(chosen.flatMap((s) => [...s]));
}

function smallestFor(config: ChannelConfig, groups: string[], name: string, prefer?: string): Set<string> | undefined {
  const group: ConfigGroup = groupAt(config, groups);
  const entry = group.policies?.[name];
  if (!entry) throw new Error(`the channel configuration has no policy /Channel/${[...groups, name].join('/')}`);
  if (entry.policy.type === SIGNATURE) {
    const policy = entry.policy.value as SignaturePolicy;
    return smallestSignature(policy, policy.rule, prefer);
  }
  if (entry.policy.type === IMPLICIT_META) {
    const meta = entry.policy.value as ImplicitMetaPolicy;
    const subs = Object.keys(group.groups ?? {}).sort().map((child) => smallestFor(config, [...groups, child], meta.sub_policy, prefer))
      .filter((s): s is Set<string> => s !== undefined);
    const total = Object.keys(group.groups ?? {}).length;
    const n = meta.rule === 'ANY' ? 1 : meta.rule === 'ALL' ? total : Math.floor(total / 2) + 1;
    return unionOfSmallest(subs, n, prefer);
  }
  throw new Error(`policy /Channel/${[...groups, name].join('/')} has type ${entry.policy.type}, which this tool does not resolve`);
}

/**
 * The policies the changed values need, each with a smallest set of organization admins that
 * satisfies it, with the admin of `prefer` (MSP id) in it when a smallest set can have it.
 */
export function requiredAdmins(config: ChannelConfig, changed: readonly ConfigChange[], prefer?: string): PolicyRequirement[] {
  const policies = [...new Set(changed.map((p) => modPolicyPath(config, p)))];
  return policies.map((policy) => {
    const { groups, name } = splitPolicyPath(policy);
    const admins = smallestFor(config, groups, name, prefer);
    if (!admins) throw new Error(`no set of organization admins can satisfy ${policy}`);
    return { policy, admins: [...admins].sort() };
  });
}

function satisfiedSignature(policy: SignaturePolicy, rule: Rule, signers: ReadonlySet<string>): boolean {
  if ('signed_by' in rule) {
    const p = policy.identities[rule.signed_by];
    const org = p ? principalOrg(p) : undefined;
    return org !== undefined && signers.has(org);
  }
  return rule.n_out_of.rules.filter((r) => satisfiedSignature(policy, r, signers)).length >= rule.n_out_of.n;
}

/** Whether admin signatures of `signers` (MSP ids) satisfy the policy at `policyPath`. */
export function policySatisfied(config: ChannelConfig, policyPath: string, signers: ReadonlySet<string>): boolean {
  const { groups, name } = splitPolicyPath(policyPath);
  const group = groupAt(config, groups);
  const entry = group.policies?.[name];
  if (!entry) return false;
  if (entry.policy.type === SIGNATURE) {
    const policy = entry.policy.value as SignaturePolicy;
    return satisfiedSignature(policy, policy.rule, signers);
  }
  if (entry.policy.type === IMPLICIT_META) {
    const meta = entry.policy.value as ImplicitMetaPolicy;
    const children = Object.keys(group.groups ?? {});
    const ok = children.filter((child) => policySatisfied(config, ['', 'Channel', ...groups, child, meta.sub_policy].join('/'), signers)).length;
    if (meta.rule === 'ANY') return ok >= 1;
    if (meta.rule === 'ALL') return ok === children.length;
    return ok >= Math.floor(children.length / 2) + 1;
  }
  return false;
}
