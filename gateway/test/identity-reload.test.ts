import { createTestCa, issueTestIdentity } from '../../document/test/test-pki';
import { isNewerCertificate, keyMatchesCertificate } from '../src/auth/identity-reload';

const NOW = new Date('2026-06-01T00:00:00Z');
// Fabric CA gives every certificate its own CA certificate's NotBefore: renewals differ by NotAfter.
const CA_START = new Date('2026-01-01T00:00:00Z');
const at = (iso: string) => new Date(iso);

test('a renewed certificate (same NotBefore, later NotAfter) replaces the current one; an older one does not', async () => {
  const ca = await createTestCa('Ministry');
  const current = await issueTestIdentity(ca, 'bka-issuer', { from: CA_START, to: at('2026-06-20T00:00:00Z') });
  const renewed = await issueTestIdentity(ca, 'bka-issuer', { from: CA_START, to: at('2027-06-01T00:00:00Z') });
  expect(isNewerCertificate(renewed.certificatePem, current.certificatePem, NOW)).toBe(true);
  expect(isNewerCertificate(current.certificatePem, renewed.certificatePem, NOW)).toBe(false);
  expect(isNewerCertificate(current.certificatePem, current.certificatePem, NOW)).toBe(false);
});

test('a later NotBefore wins; a certificate not valid now never replaces; a shorter one only once the current has expired', async () => {
  const ca = await createTestCa('Ministry');
  const current = await issueTestIdentity(ca, 'x', { from: CA_START, to: at('2027-01-01T00:00:00Z') });
  const newerCa = await issueTestIdentity(ca, 'x', { from: at('2026-05-01T00:00:00Z'), to: at('2026-12-01T00:00:00Z') });
  expect(isNewerCertificate(newerCa.certificatePem, current.certificatePem, NOW)).toBe(true);
  const notYet = await issueTestIdentity(ca, 'x', { from: at('2026-07-01T00:00:00Z'), to: at('2028-01-01T00:00:00Z') });
  expect(isNewerCertificate(notYet.certificatePem, current.certificatePem, NOW)).toBe(false);
  const shorter = await issueTestIdentity(ca, 'x', { from: CA_START, to: at('2026-09-01T00:00:00Z') });
  expect(isNewerCertificate(shorter.certificatePem, current.certificatePem, NOW)).toBe(false);
  expect(isNewerCertificate(shorter.certificatePem, current.certificatePem, at('2026-08-01T00:00:00Z'))).toBe(false);
  const expired = await issueTestIdentity(ca, 'x', { from: CA_START, to: at('2026-05-01T00:00:00Z') });
  expect(isNewerCertificate(shorter.certificatePem, expired.certificatePem, NOW)).toBe(true);
});

test('a key file read in the middle of a renewal (the old key next to the new certificate) is not taken', async () => {
  const ca = await createTestCa('Ministry');
  const a = await issueTestIdentity(ca, 'a');
  const b = await issueTestIdentity(ca, 'a');
  expect(keyMatchesCertificate(a.privateKeyPem, a.certificatePem)).toBe(true);
  expect(keyMatchesCertificate(a.privateKeyPem, b.certificatePem)).toBe(false);
});
