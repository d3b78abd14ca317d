import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { checkTopology, departmentsOf, loadTopology, ministryOf, TOPOLOGY_FILE, TopologyError } from '../src';
import { buildConfigtx, chaincodeEndorsementPolicy } from '../src';
import { homeAt } from '../src/paths';

// Tests poke at raw YAML structures on purpose.
/* eslint-disable @typescript-eslint/no-explicit-any */

const raw = () => parse(readFileSync(TOPOLOGY_FILE, 'utf8'));

test('the default topology: Ministry and two Departments, each with CA, peer and orderer ports', () => {
  const t = loadTopology(TOPOLOGY_FILE);
  expect(t.organizations.map((o) => o.mspId)).toEqual(['MinistryMSP', 'HanoiDoETMSP', 'HcmcDoETMSP']);
  expect(ministryOf(t).name).toBe('Ministry');
  expect(departmentsOf(t).map((o) => o.name)).toEqual(['HanoiDoET', 'HcmcDoET']);
  expect(t.channel).toBe('vanbang');
});

test('legal names in Vietnamese, as certificates will carry them', () => {
  const t = loadTopology(TOPOLOGY_FILE);
  expect(ministryOf(t)).toMatchObject({ displayName: 'Bộ Giáo dục và Đào tạo', province: 'Hà Nội' });
  expect(ministryOf(t).identities.find((i) => i.issuer === 'BKA')?.institution).toBe('Đại học Bách khoa Hà Nội');
});

test('a port shift moves every port and nothing else', () => {
  const a = loadTopology(TOPOLOGY_FILE);
  const b = loadTopology(TOPOLOGY_FILE, 10000);
  expect(b.organizations[1].ports.peer).toBe(a.organizations[1].ports.peer + 10000);
  expect(b.services.gateway.port).toBe(a.services.gateway.port + 10000);
  expect(b.organizations[1].identities).toEqual(a.organizations[1].identities);
});

test.each([
  ['a port used twice', (t: any) => { t.organizations[1].ports.peer = t.organizations[0].ports.peer; }, /port 7100 is used by both/],
  ['no Ministry', (t: any) => { t.organizations[0].kind = 'department'; }, /exactly one organization must have kind: ministry/],
  ['an issuer without a code', (t: any) => { delete t.organizations[0].identities[2].issuer; }, /needs an issuer code/],
  ['a bad role', (t: any) => { t.organizations[0].identities[0].role = 'root'; }, /role must be one of/],
  ['a department admin in the Ministry', (t: any) => { t.organizations[0].identities[0].role = 'department-admin'; }, /belong to a Department/],
  ['a missing port', (t: any) => { delete t.organizations[2].ports.ca; }, /HcmcDoET: ports.ca must be a port number/],
  ['an MSP id without MSP', (t: any) => { t.organizations[2].mspId = 'Hcmc'; }, /mspId must end in MSP/],
  ['a legal name with a comma (it would split the certificate subject)', (t: any) => { t.organizations[1].displayName = 'Sở GD&ĐT, Hà Nội'; }, /HanoiDoET: displayName .*no commas/],
  ['a province with =', (t: any) => { t.organizations[1].province = 'ST=Hà Nội'; }, /HanoiDoET: province/],
  ['an issuer identity without its institution', (t: any) => { delete t.organizations[0].identities[2].institution; }, /bka-issuer: an issuer identity needs `institution`/],
  ['an institution on a non-issuer', (t: any) => { t.organizations[0].identities[0].institution = 'Bộ'; }, /only issuer identities have an institution/],
])('rejects %s with a message naming it', (_what, mutate, message) => {
  const t = raw();
  mutate(t);
  expect(() => checkTopology(t)).toThrow(TopologyError);
  expect(() => checkTopology(t)).toThrow(message);
});

test('adding a fourth Department is a topology change only: policies and channel config follow', () => {
  const t = raw();
  t.organizations.push({
    name: 'DanangDoET', mspId: 'DanangDoETMSP', displayName: 'Sở GD&ĐT Đà Nẵng', kind: 'department', host: '127.0.0.1',
    ports: { peer: 7400, peerChaincode: 7401, peerOperations: 7402, orderer: 7403, ordererAdmin: 7404, ordererOperations: 7405, ca: 7406, caOperations: 7407, chaincodeServer: 7408, chaincodeServerStandby: 7409 },
    identities: [{ name: 'danang-admin', role: 'department-admin' }],
  });
  const topo = checkTopology(t);
  expect(chaincodeEndorsementPolicy(topo)).toBe("AND('MinistryMSP.peer', OR('HanoiDoETMSP.peer', 'HcmcDoETMSP.peer', 'DanangDoETMSP.peer'))");
  const cfg = buildConfigtx(homeAt('/tmp/x'), topo) as any;
  const profile = cfg.Profiles.VanbangChannel;
  expect(profile.Orderer.EtcdRaft.Consenters.map((c: any) => c.Port)).toEqual([7103, 7203, 7303, 7403]);
  expect(profile.Application.Organizations.map((o: any) => o.ID)).toContain('DanangDoETMSP');
  const danang = profile.Application.Organizations.find((o: any) => o.ID === 'DanangDoETMSP');
  expect(danang.AnchorPeers).toEqual([{ Host: '127.0.0.1', Port: 7400 }]);
  expect(danang.Policies.Endorsement.Rule).toBe("OR('DanangDoETMSP.peer')");
});

test('a port shift into the ephemeral port range is refused with the reason', () => {
  expect(() => loadTopology(TOPOLOGY_FILE, 40000)).toThrow(/ephemeral port range/);
});
