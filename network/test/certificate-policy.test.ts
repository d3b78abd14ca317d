import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { checkTopology, goDuration, humanDuration, loadTopology, parseDuration, readCertificatePolicy, TOPOLOGY_FILE, TopologyError } from '../src';

test('durations: Go-style units plus days; back to what fabric-ca-server reads', () => {
  expect(parseDuration('8760h')).toBe(8760 * 3_600_000);
  expect(parseDuration('30d')).toBe(30 * 86_400_000);
  expect(parseDuration('3m30s')).toBe(210_000);
  expect(parseDuration('90s')).toBe(90_000);
  for (const bad of ['', '5', '5x', '-5m', '1.5h', '5 m', 'h']) expect(parseDuration(bad)).toBeUndefined();
  expect(goDuration(8760 * 3_600_000)).toBe('8760h');
  expect(goDuration(210_000)).toBe('210s');
  expect(goDuration(240_000)).toBe('4m');
  expect(humanDuration(364 * 86_400_000 + 23 * 3_600_000)).toBe('364d 23h');
  expect(humanDuration(200_000)).toBe('3m 20s');
  expect(humanDuration(-45_000)).toBe('-45s');
});

test('the default topology: one year, renewed within 30 days, new keys, checked hourly', () => {
  const t = loadTopology(TOPOLOGY_FILE);
  expect(t.certificates).toEqual({ lifetimeMs: 8760 * 3_600_000, renewBeforeMs: 720 * 3_600_000, reuseKeys: false, checkEveryMs: 3_600_000 });
});

test('no certificates section: the same defaults', () => {
  expect(readCertificatePolicy(undefined, {})).toEqual(readCertificatePolicy({ lifetime: '8760h', renewBefore: '720h', reuseKeys: false, checkEvery: '1h' }, {}));
});

test('environment overrides win over the file, and errors name the variable', () => {
  const env = { VANBANG_CERT_LIFETIME: '10m', VANBANG_CERT_RENEW_BEFORE: '5m', VANBANG_CERT_REUSE_KEYS: 'true', VANBANG_CERT_CHECK_EVERY: '10s' };
  expect(readCertificatePolicy({ lifetime: '8760h' }, env)).toEqual({ lifetimeMs: 600_000, renewBeforeMs: 300_000, reuseKeys: true, checkEveryMs: 10_000 });
  expect(() => readCertificatePolicy({}, { VANBANG_CERT_LIFETIME: 'a year' })).toThrow(/VANBANG_CERT_LIFETIME must be a duration/);
  expect(() => readCertificatePolicy({}, { VANBANG_CERT_REUSE_KEYS: 'yes' })).toThrow(/VANBANG_CERT_REUSE_KEYS must be true or false/);
});

test.each([
  ['an unknown setting', { lifetimes: '1h' }, /certificates.lifetimes` is not a setting/],
  ['a lifetime that is no duration', { lifetime: 8760 }, /certificates.lifetime must be a duration/],
  ['a lifetime under 3 minutes', { lifetime: '2m', renewBefore: '1m', checkEvery: '5s' }, /at least 3m 0s/],
  ['a lifetime beyond the CA root', { lifetime: '200000h' }, /cannot exceed the CA root certificate's 131400h/],
  ['a margin leaving less than 90 s', { lifetime: '5m', renewBefore: '4m', checkEvery: '5s' }, /at least 90 s shorter than certificates.lifetime/],
  ['a margin under a minute', { lifetime: '5m', renewBefore: '30s', checkEvery: '5s' }, /at least 1m 0s/],
  ['checks further apart than the margin', { lifetime: '10m', renewBefore: '2m', checkEvery: '2m' }, /checkEvery \(2m 0s\) must be shorter than certificates.renewBefore/],
  ['reuseKeys as a word', { reuseKeys: 'no' }, /certificates.reuseKeys must be true or false/],
])('rejects %s with a message naming it', (_what, section, message) => {
  const raw = parse(readFileSync(TOPOLOGY_FILE, 'utf8'));
  raw.certificates = section;
  expect(() => checkTopology(raw, 0, {})).toThrow(TopologyError);
  expect(() => checkTopology(raw, 0, {})).toThrow(message);
});
