// The pure parts of a Department joining or leaving the channel: the configuration edits, who must
// sign them, and which organizations of the topology file are on the channel.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChannelConfig, ConfigGroup } from '../src/channel-config/channel-config-json';
import { modPolicyPath, policySatisfied, requiredAdmins } from '../src/channel-config/config-policies';
import { readChannelMembers, splitByMembership, writeChannelMembers } from '../src/membership/channel-members';
import { addOrganizationEdit, applicationOrganizations, consenterAddresses, removeOrganizationEdit } from '../src/membership/org-definition';
import { homeAt } from '../src/paths';
import { checkTopology, type OrgSpec, type Topology } from '../src/topology';

const MSPS = ['HanoiDoETMSP', 'HcmcDoETMSP', 'MinistryMSP'];
const adminsOf = (msp: string) => ({
  mod_policy: 'Admins', version: '0',
  policy: { type: 1, value: { identities: [{ principal: { msp_identifier: msp, role: 'ADMIN' }, principal_classification: 'ROLE' }], rule: { n_out_of: { n: 1, rules: [{ signed_by: 0 }] } }, version: 0 } },
});
const majority = { mod_policy: 'Admins', version: '0', policy: { type: 3, value: { rule: 'MAJORITY', sub_policy: 'Admins' } } };
const mspGroup = (msp: string): ConfigGroup => ({
  groups: {}, mod_policy: 'Admins', version: '0', policies: { Admins: adminsOf(msp) },
  values: { MSP: { mod_policy: 'Admins', version: '0', value: { config: { name: msp }, type: 0 } } },
});
const section = (extra: ConfigGroup['values'] = {}): ConfigGroup => ({
  groups: Object.fromEntries(MSPS.map((m) => [m, mspGroup(m)])), mod_policy: 'Admins', version: '0', policies: { Admins: majority }, values: extra,
});
const consenter = (port: number) => ({ host: '127.0.0.1', port, client_tls_cert: 'Y2VydA==', server_tls_cert: 'Y2VydA==' });
const config = (): ChannelConfig => ({
  sequence: '4',
  channel_group: {
    groups: {
      Application: section(),
      Orderer: section({ ConsensusType: { mod_policy: 'Admins', version: '0', value: { type: 'etcdraft', metadata: { consenters: [consenter(7103), consenter(7203), consenter(7303)] } } } }),
    },
    mod_policy: 'Admins', version: '0', policies: { Admins: majority }, values: {},
  },
});

const ports = (base: number) => ({
  peer: base, peerChaincode: base + 1, peerOperations: base + 2, orderer: base + 3, ordererAdmin: base + 4, ordererOperations: base + 5,
  ca: base + 6, caOperations: base + 7, chaincodeServer: base + 8, chaincodeServerStandby: base + 9,
});
const orgEntry = (name: string, base: number, kind = 'department') => ({
  name, mspId: `${name}MSP`, displayName: `Sở ${name}`, province: 'Đà Nẵng', kind, host: '127.0.0.1', ports: ports(base), identities: [],
});
const topology = (...orgs: ReturnType<typeof orgEntry>[]): Topology => checkTopology({
  channel: 'vanbang', chaincode: { name: 'vanbang', version: '1.0' },
  ordering: { batchTimeout: '250ms', maxMessageCount: 500, absoluteMaxBytes: '10 MB', preferredMaxBytes: '4 MB' },
  services: { gateway: { port: 3000 }, database: { port: 7017 } },
  organizations: orgs,
}, 0, {});

describe('adding an organization to the channel configuration', () => {
  const home = homeAt(mkdtempSync(path.join(tmpdir(), 'vanbang-membership-')));
  const danang = orgEntry('DaNangDoET', 7400) as unknown as OrgSpec;
  danang.mspId = 'DaNangDoETMSP';
  // The consenter's TLS certificate is read from the organization's orderer folder.
  const tlsDir = path.join(home.network, 'orgs', 'DaNangDoET', 'orderer', 'tls');
  mkdirSync(tlsDir, { recursive: true });
  writeFileSync(path.join(tlsDir, 'server.crt'), '-----BEGIN CERTIFICATE-----\nDN\n-----END CERTIFICATE-----\n');

  it('puts its MSP with its anchor peer under Application, with its orderer endpoint under Orderer, and one more consenter', () => {
    const c = config();
    const printed = mspGroup('DaNangDoETMSP');
    printed.values.Endpoints = { mod_policy: 'Admins', version: '0', value: { addresses: ['127.0.0.1:7403'] } };
    const changes = addOrganizationEdit(home, danang, printed)(c);
    expect(changes).toEqual([{ group: ['Application'] }, { group: ['Orderer'] }, ['Orderer', 'ConsensusType']]);
    expect(applicationOrganizations(c)).toEqual(['DaNangDoETMSP', ...MSPS]);
    expect(c.channel_group.groups.Application.groups.DaNangDoETMSP.values.AnchorPeers.value).toEqual({ anchor_peers: [{ host: '127.0.0.1', port: 7400 }] });
    expect(c.channel_group.groups.Orderer.groups.DaNangDoETMSP.values.Endpoints.value).toEqual({ addresses: ['127.0.0.1:7403'] });
    expect(c.channel_group.groups.Application.groups.DaNangDoETMSP.values.Endpoints).toBeUndefined();
    expect(consenterAddresses(c)).toEqual(['127.0.0.1:7103', '127.0.0.1:7203', '127.0.0.1:7303', '127.0.0.1:7403']);
    const added = (c.channel_group.groups.Orderer.values.ConsensusType.value.metadata as { consenters: { client_tls_cert: string }[] }).consenters[3]!;
    expect(Buffer.from(added.client_tls_cert, 'base64').toString()).toContain('BEGIN CERTIFICATE');
  });

  it('changes nothing the second time (a re-run after a crash)', () => {
    const c = config();
    addOrganizationEdit(home, danang, mspGroup('DaNangDoETMSP'))(c);
    expect(addOrganizationEdit(home, danang, mspGroup('DaNangDoETMSP'))(c)).toEqual([]);
    expect(consenterAddresses(c)).toHaveLength(4);
  });

  it('needs a majority of the existing organizations\' admins for each group and for the consenters', () => {
    const c = config();
    expect(modPolicyPath(c, { group: ['Application'] })).toBe('/Channel/Application/Admins');
    const required = requiredAdmins(c, [{ group: ['Application'] }, { group: ['Orderer'] }, ['Orderer', 'ConsensusType']]);
    expect(required.map((r) => r.policy)).toEqual(['/Channel/Application/Admins', '/Channel/Orderer/Admins']);
    for (const r of required) expect(r.admins).toHaveLength(2);
    // The proposer's admin is among them when it can be (the Ministry proposes, and signs anyway).
    for (const r of requiredAdmins(c, [{ group: ['Application'] }], 'MinistryMSP')) expect(r.admins).toEqual(['HanoiDoETMSP', 'MinistryMSP']);
    expect(policySatisfied(c, '/Channel/Application/Admins', new Set(['MinistryMSP']))).toBe(false);
    expect(policySatisfied(c, '/Channel/Application/Admins', new Set(['MinistryMSP', 'HcmcDoETMSP']))).toBe(true);
  });

  it('removing takes out both groups and exactly its consenter', () => {
    const c = config();
    const hcmc = orgEntry('HcmcDoET', 7300) as unknown as OrgSpec;
    expect(removeOrganizationEdit(hcmc)(c)).toEqual([['Orderer', 'ConsensusType'], { group: ['Application'] }, { group: ['Orderer'] }]);
    expect(applicationOrganizations(c)).toEqual(['HanoiDoETMSP', 'MinistryMSP']);
    expect(Object.keys(c.channel_group.groups.Orderer.groups).sort()).toEqual(['HanoiDoETMSP', 'MinistryMSP']);
    expect(consenterAddresses(c)).toEqual(['127.0.0.1:7103', '127.0.0.1:7203']);
    expect(removeOrganizationEdit(hcmc)(c)).toEqual([]);
  });
});

describe('which organizations of the topology file are on the channel', () => {
  const declared = topology(orgEntry('Ministry', 7100, 'ministry'), orgEntry('HanoiDoET', 7200), orgEntry('DaNangDoET', 7400), orgEntry('HueDoET', 7500));

  it('a home without a channel runs every declared organization (they all go into the genesis block)', () => {
    const home = homeAt(mkdtempSync(path.join(tmpdir(), 'vanbang-members-')));
    const record = readChannelMembers(home, declared.organizations);
    expect(record).toBeUndefined();
    expect(splitByMembership(declared, record).topology.organizations).toHaveLength(4);
  });

  it('the genesis block\'s organizations are members; one declared later is pending; one removed is neither', () => {
    const home = homeAt(mkdtempSync(path.join(tmpdir(), 'vanbang-members-')));
    const dir = path.join(home.network, 'config', 'configtx');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'configtx.yaml'), 'Profiles:\n  VanbangChannel:\n    Application:\n      Organizations:\n        - ID: MinistryMSP\n        - ID: HanoiDoETMSP\n        - ID: HueDoETMSP\n');
    const genesis = readChannelMembers(home, declared.organizations)!;
    expect(genesis.members).toEqual(['Ministry', 'HanoiDoET', 'HueDoET']);
    let split = splitByMembership(declared, genesis);
    expect(split.topology.organizations.map((o) => o.name)).toEqual(['Ministry', 'HanoiDoET', 'HueDoET']);
    expect(split.pending.map((o) => o.name)).toEqual(['DaNangDoET']);

    writeChannelMembers(home, { members: ['Ministry', 'HanoiDoET', 'DaNangDoET'], joined: [{ name: 'DaNangDoET', mspId: 'DaNangDoETMSP', at: 'x' }], removed: [{ name: 'HueDoET', mspId: 'HueDoETMSP', at: 'y' }] });
    split = splitByMembership(declared, readChannelMembers(home, declared.organizations));
    expect(split.topology.organizations.map((o) => o.name)).toEqual(['Ministry', 'HanoiDoET', 'DaNangDoET']);
    expect(split.pending).toEqual([]);
    expect(split.removed.map((o) => o.name)).toEqual(['HueDoET']);
    expect(split.missing).toEqual([]);
  });

  it('a member whose entry was deleted from the file is reported missing', () => {
    const split = splitByMembership(topology(orgEntry('Ministry', 7100, 'ministry'), orgEntry('HanoiDoET', 7200)), { members: ['Ministry', 'HanoiDoET', 'DaNangDoET'], joined: [], removed: [] });
    expect(split.missing).toEqual(['DaNangDoET']);
  });
});
