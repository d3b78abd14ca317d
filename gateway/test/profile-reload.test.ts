// The gateway taking up organizations that joined or left the channel: which changed, and the
// shared profile object updated in place (the ledger client and the peer health hold it).
import type { ConnectionProfile } from '@vanbang/network';
import { adoptMembership, organizationChange } from '../src/ledger/profile-reload';

const peerOf = (org: string) => ({ org, mspId: `${org}MSP`, endpoint: `127.0.0.1:${org.length}`, tlsCaPath: `/tls/${org}` });
const profileOf = (...orgs: string[]): ConnectionProfile => ({
  channel: 'vanbang', chaincode: 'vanbang', ministryMspId: 'MinistryMSP', databaseUri: 'mongodb://x', gatewayPort: 3000,
  peers: orgs.map(peerOf),
  identities: orgs.map((o) => ({ name: `${o.toLowerCase()}-admin`, org: o, mspId: `${o}MSP`, role: 'department-admin', certPath: `/c/${o}`, keyPath: `/k/${o}` })),
  caCertPaths: Object.fromEntries(orgs.map((o) => [`${o}MSP`, `/ca/${o}`])),
  organizations: orgs.map((o) => ({ name: o, mspId: `${o}MSP`, displayName: o })),
  orderers: orgs.map((o) => ({ org: o, mspId: `${o}MSP`, endpoint: `127.0.0.1:${o.length + 3}`, operationsUrl: `http://127.0.0.1:${o.length + 5}` })),
} as unknown as ConnectionProfile);

describe('a connection profile whose organizations changed', () => {
  it('names the organizations that joined and those that left', () => {
    expect(organizationChange(profileOf('Ministry', 'Hanoi'), profileOf('Ministry', 'Hanoi'))).toEqual({ joined: [], left: [] });
    expect(organizationChange(profileOf('Ministry', 'Hanoi'), profileOf('Ministry', 'Hanoi', 'DaNang'))).toEqual({ joined: ['DaNang'], left: [] });
    expect(organizationChange(profileOf('Ministry', 'Hanoi', 'Hue'), profileOf('Ministry', 'Hanoi', 'DaNang'))).toEqual({ joined: ['DaNang'], left: ['Hue'] });
  });

  it('is copied into the object already in use, so everything holding it sees the new peers, identities and CAs', () => {
    const current = profileOf('Ministry', 'Hanoi', 'Hue');
    const peers = current.peers;
    const identities = current.identities;
    adoptMembership(current, profileOf('Ministry', 'Hanoi', 'DaNang'));
    expect(current.peers).toBe(peers);
    expect(current.identities).toBe(identities);
    expect(current.peers.map((p) => p.org)).toEqual(['Ministry', 'Hanoi', 'DaNang']);
    expect(current.identities.map((i) => i.org)).toEqual(['Ministry', 'Hanoi', 'DaNang']);
    expect(Object.keys(current.caCertPaths).sort()).toEqual(['DaNangMSP', 'HanoiMSP', 'MinistryMSP']);
    expect(current.organizations?.map((o) => o.name)).toEqual(['Ministry', 'Hanoi', 'DaNang']);
    expect(current.orderers?.map((o) => o.org)).toEqual(['Ministry', 'Hanoi', 'DaNang']);
  });
});
