import type { CertificateInfo, ManagedCertificate } from '../src/certificates/certificate-inventory';
import { certificateState, certificatesToRenew, renewalMethod, restartOrder, type InventoryItem } from '../src/renewal/renewal-plan';
import type { OrgSpec } from '../src/topology';

const NOW = new Date('2027-06-01T00:00:00Z');
const DAY = 86_400_000;
const policy = { renewBeforeMs: 30 * DAY };
const ministry = { name: 'Ministry' } as OrgSpec;
const hanoi = { name: 'HanoiDoET' } as OrgSpec;

function item(org: OrgSpec, role: ManagedCertificate['role'], group: string, daysLeft: number): InventoryItem {
  return {
    cert: { org, role, group, label: role, layout: role === 'ca-tls' ? 'ca-tls' : role.endsWith('tls') ? 'tls' : 'msp', dir: '/x', tls: role.endsWith('tls'), keepKey: role === 'orderer-tls' },
    info: { commonName: `${org.name}-${role}`, serial: '01', notBefore: new Date(0), notAfter: new Date(NOW.getTime() + daysLeft * DAY), publicKeyDer: Buffer.alloc(0), pem: '' } as CertificateInfo,
  };
}

test('a certificate is valid, due within the margin, or expired', () => {
  expect(certificateState(new Date(NOW.getTime() + 31 * DAY), NOW, policy.renewBeforeMs)).toBe('valid');
  expect(certificateState(new Date(NOW.getTime() + 29 * DAY), NOW, policy.renewBeforeMs)).toBe('due');
  expect(certificateState(NOW, NOW, policy.renewBeforeMs)).toBe('expired');
});

test('only what is due is renewed, with the rest of its group (one restart per node), CA TLS first', () => {
  const items = [
    item(ministry, 'identity', 'identity:auditor', 200),
    item(ministry, 'peer-tls', 'peer', 100),
    item(ministry, 'peer', 'peer', 10), // due: the peer's TLS goes with it
    item(ministry, 'ca-tls', 'ca', 5),
    item(hanoi, 'peer', 'peer', 100), // another organization's peer: not due
    item(hanoi, 'identity', 'identity:hn', -1), // expired
  ];
  expect(certificatesToRenew(items, NOW, policy).map((i) => `${i.cert.org.name} ${i.cert.role}`)).toEqual([
    'Ministry ca-tls', 'Ministry peer', 'Ministry peer-tls', 'HanoiDoET identity',
  ]);
  expect(certificatesToRenew(items, NOW, policy, { force: true })).toHaveLength(items.length);
  expect(certificatesToRenew(items.filter((i) => i.info.notAfter.getTime() - NOW.getTime() > 30 * DAY), NOW, policy)).toEqual([]);
});

test('re-enroll while the certificate is valid (30 s of safety), enroll again after; the CA makes its own TLS certificate', () => {
  const renewable = item(ministry, 'identity', 'identity:x', 1);
  expect(renewalMethod(renewable, NOW)).toBe('reenroll');
  expect(renewalMethod({ ...renewable, info: { ...renewable.info, notAfter: new Date(NOW.getTime() + 20_000) } }, NOW)).toBe('enroll');
  expect(renewalMethod(item(ministry, 'ca-tls', 'ca', 1), NOW)).toBe('regenerate');
});

test('restarts: orderers first with the Raft leader last, then peers, each node once', () => {
  const order = restartOrder([
    { org: 'Ministry', kind: 'peer' }, { org: 'Ministry', kind: 'orderer' }, { org: 'HanoiDoET', kind: 'orderer' },
    { org: 'HcmcDoET', kind: 'orderer' }, { org: 'Ministry', kind: 'peer' }, { org: 'HanoiDoET', kind: 'peer' },
  ], 'Ministry');
  expect(order.map((n) => `${n.kind} ${n.org}`)).toEqual(['orderer HanoiDoET', 'orderer HcmcDoET', 'orderer Ministry', 'peer Ministry', 'peer HanoiDoET']);
});
