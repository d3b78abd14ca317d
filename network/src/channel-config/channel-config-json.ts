// The shape of a channel configuration as `configtxlator proto_decode --type common.Config` writes
// it (only what this project reads or changes), and how to walk it. Bytes fields are base64.

export interface ConfigPolicy {
  mod_policy: string;
  policy: { type: number; value: unknown };
  version: string;
}

export interface ConfigValue {
  mod_policy: string;
  value: Record<string, unknown>;
  version: string;
}

export interface ConfigGroup {
  groups: Record<string, ConfigGroup>;
  values: Record<string, ConfigValue>;
  policies: Record<string, ConfigPolicy>;
  mod_policy: string;
  version: string;
}

export interface ChannelConfig {
  channel_group: ConfigGroup;
  sequence?: string;
}

/** A value of the configuration, by its groups below /Channel and its name, e.g. ['Application', 'MinistryMSP', 'MSP']. */
export type ValuePath = readonly string[];

/** A sub-group added to or removed from the group at `group` (e.g. an organization under ['Application']). */
export interface GroupChange {
  group: readonly string[];
}

/** What an edit changed: a value, or a group's set of sub-groups. */
export type ConfigChange = ValuePath | GroupChange;

export function groupAt(config: ChannelConfig, groups: readonly string[]): ConfigGroup {
  let group = config.channel_group;
  for (const name of groups) {
    const next = group.groups?.[name];
    if (!next) throw new Error(`the channel configuration has no group /Channel/${groups.join('/')}`);
    group = next;
  }
  return group;
}

export function valueAt(config: ChannelConfig, path: ValuePath): ConfigValue {
  const group = groupAt(config, path.slice(0, -1));
  const value = group.values?.[path[path.length - 1]];
  if (!value) throw new Error(`the channel configuration has no value /Channel/${path.join('/')}`);
  return value;
}
