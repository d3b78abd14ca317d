// The pure parts of a channel configuration update: putting a CRL into an organization's MSP, and
// reading from the configuration which admins must sign (and whether the collected ones suffice).
import type { ChannelConfig, ConfigGroup } from '../src/channel-config/channel-config-json';
import { modPolicyPath, policySatisfied, requiredAdmins } from '../src/channel-config/config-policies';
import { revocationLists, setRevocationList } from '../src/revocation/msp-revocation-list';

const MSPS = ['HanoiDoETMSP', 'HcmcDoETMSP', 'MinistryMSP'];
const adminsOf = (msp: string) => ({
  mod_policy: 'Admins', version: '0',
  policy: { type: 1, value: { identities: [{ principal: { msp_identifier: msp, role: 'ADMIN' }, principal_classification: 'ROLE' }], rule: { n_out_of: { n: 1, rules: [{ signed_by: 0 }] } }, version: 0 } },
});
const majority = { mod_policy: 'Admins', version: '0', policy: { type: 3, value: { rule: 'MAJORITY', sub_policy: 'Admins' } } };
const org = (msp: string): ConfigGroup => ({
  groups: {}, mod_policy: 'Admins', version: '0', policies: { Admins: adminsOf(msp) },
  values: { MSP: { mod_policy: 'Admins', version: '0', value: { config: { name: msp, revocation_list: [], root_certs: ['x'] }, type: 0 } } },
});
const section = (): ConfigGroup => ({
  groups: Object.fromEntries(MSPS.map((m) => [m, org(m)])), mod_policy: 'Admins', version: '0', policies: { Admins: majority },
  values: { Capabilities: { mod_policy: '/Channel/Application/Admins', version: '0', value: {} } },
});
const config = (): ChannelConfig => ({
  sequence: '3',
  channel_group: { groups: { Application: section(), Orderer: section() }, mod_policy: 'Admins', version: '0', policies: { Admins: majority }, values: {} },
});
const CRL = '-----BEGIN X509 CRL-----\nMIIB\n-----END X509 CRL-----\n';

describe('the CRL in an organization\'s channel MSP', () => {
  it('is set in both the Application and the Orderer group, and only there', () => {
    const c = config();
    expect(setRevocationList(c, 'MinistryMSP', CRL)).toEqual([['Application', 'MinistryMSP', 'MSP'], ['Orderer', 'MinistryMSP', 'MSP']]);
    expect(revocationLists(c, 'Application', 'MinistryMSP')).toEqual([CRL]);
    expect(revocationLists(c, 'Orderer', 'MinistryMSP')).toEqual([CRL]);
    expect(revocationLists(c, 'Application', 'HanoiDoETMSP')).toEqual([]);
    // stored as configtxlator represents bytes: base64 of the PEM
    expect((c.channel_group.groups.Application.groups.MinistryMSP.values.MSP.value as { config: { revocation_list: string[] } }).config.revocation_list)
      .toEqual([Buffer.from(CRL).toString('base64')]);
  });

  it('changes nothing when the MSP already holds that CRL, replaces an older one, and refuses an unknown organization', () => {
    const c = config();
    setRevocationList(c, 'MinistryMSP', CRL);
    expect(setRevocationList(c, 'MinistryMSP', CRL)).toEqual([]);
    const newer = CRL.replace('MIIB', 'MIIC');
    expect(setRevocationList(c, 'MinistryMSP', newer)).toHaveLength(2);
    expect(revocationLists(c, 'Application', 'MinistryMSP')).toEqual([newer]);
    expect(() => setRevocationList(c, 'NopeMSP', CRL)).toThrow(/no organization NopeMSP/);
  });
});

describe('who must sign a configuration update', () => {
  it('resolves a value\'s relative mod_policy in its own group: an organization\'s MSP needs that organization\'s admin', () => {
    const c = config();
    expect(modPolicyPath(c, ['Application', 'MinistryMSP', 'MSP'])).toBe('/Channel/Application/MinistryMSP/Admins');
    expect(requiredAdmins(c, [['Application', 'MinistryMSP', 'MSP'], ['Orderer', 'MinistryMSP', 'MSP']])).toEqual([
      { policy: '/Channel/Application/MinistryMSP/Admins', admins: ['MinistryMSP'] },
      { policy: '/Channel/Orderer/MinistryMSP/Admins', admins: ['MinistryMSP'] },
    ]);
  });

  it('resolves an absolute implicit-meta MAJORITY to a majority of the organizations\' admins', () => {
    const [r] = requiredAdmins(config(), [['Application', 'Capabilities']]);
    expect(r.policy).toBe('/Channel/Application/Admins');
    expect(r.admins).toHaveLength(2);
    expect(policySatisfied(config(), r.policy, new Set(r.admins))).toBe(true);
  });

  it('checks collected signatures against the policy: the right admin, and enough of them', () => {
    const c = config();
    expect(policySatisfied(c, '/Channel/Application/MinistryMSP/Admins', new Set(['MinistryMSP']))).toBe(true);
    expect(policySatisfied(c, '/Channel/Application/MinistryMSP/Admins', new Set(['HanoiDoETMSP']))).toBe(false);
    expect(policySatisfied(c, '/Channel/Application/Admins', new Set(['MinistryMSP']))).toBe(false);
    expect(policySatisfied(c, '/Channel/Application/Admins', new Set(['MinistryMSP', 'HcmcDoETMSP']))).toBe(true);
    expect(policySatisfied(c, '/Channel/Application/Nope', new Set(MSPS))).toBe(false);
  });
});
