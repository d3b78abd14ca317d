import { policyOrgs } from '../src/ledger/endorsement';
import { requireTimestampNearClock } from '../src/certificates/clock-window';
import {
  BKA_ISSUER, bkaDiploma, demoHarness, hash, HANOI_ADMIN, HCMC_ADMIN, HN_SCHOOL, MINISTRY_ADMIN, PUBLIC, schoolItem, type Harness, type Identity,
} from './support/harness';
import { createTestCa, issueCertificate, type TestCa, type TestCertificate } from './support/test-certificates';

const REGISTER = 'SigningCertificates:RegisterSigningCertificate';
const REVOKE = 'SigningCertificates:RevokeSigningCertificate';
const D = { number: '12/QĐ-BGDĐT', date: '2026-07-01' };
const iso = (seconds: number) => new Date(seconds * 1000 + 500).toISOString();

let ministryCa: TestCa;
let hanoiCa: TestCa;
let bkaCert: TestCertificate;
let bkaRotated: TestCertificate;
let schoolCert: TestCertificate;
let bka: Identity;

beforeAll(async () => {
  ministryCa = await createTestCa();
  hanoiCa = await createTestCa('C=VN, ST=Hà Nội, O=Sở Giáo dục và Đào tạo Hà Nội, CN=ca-hanoidoet');
  bkaCert = await issueCertificate(ministryCa, { name: 'bka-issuer', attrs: { 'vanbang.role': 'issuer', 'vanbang.issuer': 'BKA' }, serialNumber: '00a1b2c3d4e5f60718' });
  bkaRotated = await issueCertificate(ministryCa, { name: 'bka-issuer', attrs: { 'vanbang.role': 'issuer', 'vanbang.issuer': 'BKA' } });
  schoolCert = await issueCertificate(hanoiCa, { name: 'hn-thpt-001-issuer', institution: 'Trường THPT Chu Văn An', attrs: { 'vanbang.role': 'issuer', 'vanbang.issuer': 'HN-THPT-001' } });
  bka = { ...BKA_ISSUER, certificatePem: bkaCert.pem };
});

async function withBkaCertificate(): Promise<Harness> {
  const h = await demoHarness();
  await h.submit(REGISTER, MINISTRY_ADMIN, { issuerCode: 'BKA', certificatePem: bkaCert.pem });
  return h;
}

describe('SigningCertificates:RegisterSigningCertificate (key rotation)', () => {
  it('records fingerprint, serial, organisational subject, CA, validity, host and who registered it, and emits an event', async () => {
    const h = await demoHarness();
    const { created, certificate } = await h.call<{ created: boolean; certificate: Record<string, unknown> }>(REGISTER, MINISTRY_ADMIN, { issuerCode: 'BKA', certificatePem: bkaCert.pem });
    expect(created).toBe(true);
    expect(certificate).toMatchObject({
      docType: 'signingCertificate', fingerprint: bkaCert.fingerprint, issuerCode: 'BKA', hostMsp: 'MinistryMSP', serialNumber: 'a1b2c3d4e5f60718',
      subject: 'C=VN, O=Đại học Bách khoa Hà Nội, OU=client', issuerDn: 'C=VN, ST=Hà Nội, O=Bộ Giáo dục và Đào tạo, CN=ca-ministry',
      notBefore: '2026-01-01T00:00:00.000Z', notAfter: '2027-01-01T00:00:00.000Z', status: 'ACTIVE', revocation: null,
      registeredBy: { mspId: 'MinistryMSP', actorRole: 'ministry-admin' }, lastEvent: { type: 'SigningCertificateRegistered' },
    });
    expect(JSON.stringify(certificate)).not.toContain('bka-issuer'); // the identity's CN never reaches the ledger
    expect(h.lastEvent()).toMatchObject({
      name: 'SigningCertificateRegistered',
      payload: { ids: ['BKA', bkaCert.fingerprint], hashes: [], details: { fingerprint: bkaCert.fingerprint, hostMsp: 'MinistryMSP', serialNumber: 'a1b2c3d4e5f60718' } },
    });
    expect(await h.call('SigningCertificates:GetSigningCertificate', PUBLIC, { fingerprint: bkaCert.fingerprint })).toEqual(certificate);
  });

  it('is idempotent: the same certificate again writes nothing and emits nothing', async () => {
    const h = await withBkaCertificate();
    const before = h.snapshot();
    const events = h.ledger.events.length;
    const again = await h.call<{ created: boolean }>(REGISTER, MINISTRY_ADMIN, { issuerCode: 'BKA', certificatePem: bkaCert.pem });
    expect(again.created).toBe(false);
    expect(h.snapshot()).toBe(before);
    expect(h.ledger.events).toHaveLength(events);
  });

  it('lists an issuer\'s certificates, old and new, after a rotation', async () => {
    const h = await withBkaCertificate();
    await h.call(REGISTER, MINISTRY_ADMIN, { issuerCode: 'BKA', certificatePem: bkaRotated.pem });
    const page = await h.call<{ records: { fingerprint: string }[] }>('SigningCertificates:ListSigningCertificates', PUBLIC, { issuerCode: 'BKA' });
    expect(page.records.map((r) => r.fingerprint).sort()).toEqual([bkaCert.fingerprint, bkaRotated.fingerprint].sort());
    expect((await h.call<{ records: unknown[] }>('SigningCertificates:ListSigningCertificates', PUBLIC, { issuerCode: 'HN-THPT-001' })).records).toEqual([]);
  });

  it('lets a Department register its own school\'s certificate, under the key-level policy "Ministry AND Department"', async () => {
    const h = await demoHarness();
    const before = new Set(h.ledger.validation.keys());
    await h.call(REGISTER, HANOI_ADMIN, { issuerCode: 'HN-THPT-001', certificatePem: schoolCert.pem });
    const added = [...h.ledger.validation.keys()].filter((k) => !before.has(k));
    expect(added).toHaveLength(2); // the certificate and its issuer index entry
    for (const key of added) expect(policyOrgs(h.ledger.validation.get(key)!)).toEqual(['HanoiDoETMSP', 'MinistryMSP']);
  });

  it('refuses a certificate that does not sign for that issuer, an unreadable one, and callers other than the issuer\'s administrators', async () => {
    const h = await demoHarness();
    const other = await issueCertificate(ministryCa, { name: 'x', attrs: { 'vanbang.role': 'issuer', 'vanbang.issuer': 'HUST' } });
    const admin = await issueCertificate(ministryCa, { name: 'y', attrs: { 'vanbang.role': 'ministry-admin', 'vanbang.issuer': 'BKA' } });
    const bare = await issueCertificate(ministryCa, { name: 'z', attrs: {} });
    for (const pem of [other.pem, admin.pem, bare.pem]) await h.reject(REGISTER, MINISTRY_ADMIN, { issuerCode: 'BKA', certificatePem: pem }, 'INVALID_CERTIFICATE');
    await h.reject(REGISTER, MINISTRY_ADMIN, { issuerCode: 'BKA', certificatePem: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n' }, 'INVALID_CERTIFICATE');
    await h.reject(REGISTER, MINISTRY_ADMIN, { issuerCode: 'BKA', certificatePem: 'hello' }, 'INVALID_CERTIFICATE');
    await h.reject(REGISTER, MINISTRY_ADMIN, { issuerCode: 'BKA', certificatePem: bkaCert.pem, extra: 1 }, 'INVALID_ARGUMENT');
    await h.reject(REGISTER, HANOI_ADMIN, { issuerCode: 'BKA', certificatePem: bkaCert.pem }, 'NOT_AUTHORIZED');
    await h.reject(REGISTER, HCMC_ADMIN, { issuerCode: 'HN-THPT-001', certificatePem: schoolCert.pem }, 'NOT_AUTHORIZED');
    await h.reject(REGISTER, bka, { issuerCode: 'BKA', certificatePem: bkaCert.pem }, 'NOT_AUTHORIZED');
    const ghost = await issueCertificate(ministryCa, { name: 'g', attrs: { 'vanbang.role': 'issuer', 'vanbang.issuer': 'GHOST' } });
    await h.reject(REGISTER, MINISTRY_ADMIN, { issuerCode: 'GHOST', certificatePem: ghost.pem }, 'ISSUER_NOT_FOUND');
  });
});

describe('SigningCertificates:RevokeSigningCertificate', () => {
  it('records revokedAt (transaction time), compromisedAt, reason and decision, files it as revoked and emits an event', async () => {
    const h = await withBkaCertificate();
    const compromisedAt = iso(h.nextSeconds - 3600);
    const { revoked, certificate } = await h.call<{ revoked: boolean; certificate: Record<string, unknown> }>(REVOKE, MINISTRY_ADMIN, {
      fingerprint: bkaCert.fingerprint, compromisedAt, reason: 'KEY_COMPROMISE', decision: D,
    });
    expect(revoked).toBe(true);
    expect(certificate).toMatchObject({
      status: 'REVOKED',
      revocation: { revokedAt: iso(h.nextSeconds - 1), compromisedAt, reason: 'KEY_COMPROMISE', decision: D, mspId: 'MinistryMSP', actorRole: 'ministry-admin' },
    });
    expect(h.lastEvent()).toMatchObject({ name: 'SigningCertificateRevoked', payload: { ids: ['BKA', bkaCert.fingerprint], details: { compromisedAt, reason: 'KEY_COMPROMISE' } } });
    const listed = await h.call<{ records: { fingerprint: string; revocation: unknown }[] }>('SigningCertificates:ListRevokedSigningCertificates', PUBLIC, {});
    expect(listed.records.map((r) => r.fingerprint)).toEqual([bkaCert.fingerprint]);
    const { history } = await h.call<{ history: { eventType: string; actorRole: string }[] }>('SigningCertificates:GetSigningCertificateHistory', PUBLIC, { fingerprint: bkaCert.fingerprint });
    expect(history.map((e) => [e.eventType, e.actorRole])).toEqual([['SigningCertificateRegistered', 'ministry-admin'], ['SigningCertificateRevoked', 'ministry-admin']]);
  });

  it('accepts the same revocation again as a no-op, refuses a different one, a future compromise and strangers', async () => {
    const h = await withBkaCertificate();
    const compromisedAt = '2026-06-30T17:00:00+07:00'; // an offset is accepted and stored as UTC
    const first = await h.call<{ certificate: { revocation: { compromisedAt: string } } }>(REVOKE, MINISTRY_ADMIN, { fingerprint: bkaCert.fingerprint, compromisedAt, reason: 'KEY_COMPROMISE' });
    expect(first.certificate.revocation.compromisedAt).toBe('2026-06-30T10:00:00.000Z');
    const before = h.snapshot();
    const again = await h.call<{ revoked: boolean }>(REVOKE, MINISTRY_ADMIN, { fingerprint: bkaCert.fingerprint, compromisedAt: '2026-06-30T10:00:00.000Z', reason: 'KEY_COMPROMISE' });
    expect(again.revoked).toBe(false);
    expect(h.snapshot()).toBe(before);
    await h.reject(REVOKE, MINISTRY_ADMIN, { fingerprint: bkaCert.fingerprint, compromisedAt: '2026-06-01T00:00:00Z', reason: 'KEY_COMPROMISE' }, 'CERTIFICATE_ALREADY_REVOKED');

    const h2 = await withBkaCertificate();
    const base = { fingerprint: bkaCert.fingerprint, reason: 'KEY_COMPROMISE' };
    await h2.reject(REVOKE, MINISTRY_ADMIN, { ...base, compromisedAt: iso(h2.nextSeconds + 60) }, 'INVALID_ARGUMENT');
    await h2.reject(REVOKE, MINISTRY_ADMIN, { ...base, compromisedAt: '2026-02-30T00:00:00Z' }, 'INVALID_ARGUMENT');
    await h2.reject(REVOKE, MINISTRY_ADMIN, { ...base, compromisedAt: '2026-06-30' }, 'INVALID_ARGUMENT');
    await h2.reject(REVOKE, MINISTRY_ADMIN, { ...base, compromisedAt: '2026-06-30T00:00:00Z', reason: 'LOST' }, 'INVALID_ARGUMENT');
    await h2.reject(REVOKE, MINISTRY_ADMIN, { ...base, fingerprint: hash('nope'), compromisedAt: '2026-06-30T00:00:00Z' }, 'CERTIFICATE_NOT_FOUND');
    await h2.reject(REVOKE, HANOI_ADMIN, { ...base, compromisedAt: '2026-06-30T00:00:00Z' }, 'NOT_AUTHORIZED');
    await h2.reject(REVOKE, bka, { ...base, compromisedAt: '2026-06-30T00:00:00Z' }, 'NOT_AUTHORIZED');
  });

  it('lets a Department revoke its own school\'s certificate', async () => {
    const h = await demoHarness();
    await h.call(REGISTER, HANOI_ADMIN, { issuerCode: 'HN-THPT-001', certificatePem: schoolCert.pem });
    await h.reject(REVOKE, HCMC_ADMIN, { fingerprint: schoolCert.fingerprint, compromisedAt: '2026-06-30T00:00:00Z', reason: 'KEY_COMPROMISE' }, 'NOT_AUTHORIZED');
    const { certificate } = await h.call<{ certificate: { status: string } }>(REVOKE, HANOI_ADMIN, { fingerprint: schoolCert.fingerprint, compromisedAt: '2026-06-30T00:00:00Z', reason: 'AFFILIATION_CHANGED' });
    expect(certificate.status).toBe('REVOKED');
  });
});

describe('the signer of every committed hash, and VerifyHash', () => {
  type Verified = { signer: null | { fingerprint: string; committedAt: string; status: string; registered: boolean; compromisedAt: string | null; revokedAt: string | null; issuerCode: string | null } };
  const verify = (h: Harness, documentHash: string) => h.call<Verified>('VerifyHash', PUBLIC, { documentHash });

  it('records the committing certificate\'s fingerprint and the transaction time in the hash index, at issue, batch, correction and reissue', async () => {
    const h = await withBkaCertificate();
    const school = { ...HN_SCHOOL, certificatePem: schoolCert.pem };
    const a = bkaDiploma();
    const issuedAt = iso(h.nextSeconds);
    await h.call('IssueDiploma', bka, a);
    expect((await verify(h, a.documentHash as string)).signer).toEqual({
      fingerprint: bkaCert.fingerprint, committedAt: issuedAt, status: 'TRUSTED', registered: true, issuerCode: 'BKA', compromisedAt: null, revokedAt: null,
    });
    const item = schoolItem(7);
    await h.call('IssueDiplomas', school, { issuerCode: 'HN-THPT-001', diplomas: [item] });
    expect((await verify(h, item.documentHash as string)).signer).toMatchObject({ fingerprint: schoolCert.fingerprint, registered: false, status: 'TRUSTED' });
    const corrected = hash();
    await h.call('CorrectDiploma', { ...bka, certificatePem: bkaRotated.pem }, { diplomaId: `BKA:${a.serialNumber}`, documentHash: corrected, decision: D, changedFields: ['fullName'], reason: 'CIVIL_STATUS_CHANGE' });
    expect((await verify(h, corrected)).signer?.fingerprint).toBe(bkaRotated.fingerprint);
    expect((await verify(h, a.documentHash as string)).signer?.fingerprint).toBe(bkaCert.fingerprint); // the old hash keeps its signer
    const reissued = hash();
    await h.call('ReissueDiploma', bka, { diplomaId: `BKA:${a.serialNumber}`, serialNumber: 'KS2026/R00001', documentHash: reissued, registerEntryNumber: '2026/KS/R1', dateOfSigning: '2026-06-30', decision: D });
    expect((await verify(h, reissued)).signer?.fingerprint).toBe(bkaCert.fingerprint);
  });

  it('after a revocation: hashes committed before compromisedAt stay trusted, those at or after it are COMPROMISED, and the certificate commits nothing more', async () => {
    const h = await withBkaCertificate();
    const before = bkaDiploma();
    await h.call('IssueDiploma', bka, before);
    const compromisedAt = iso(h.nextSeconds); // the next transaction's time exactly: "at" counts as after
    const at = bkaDiploma();
    await h.call('IssueDiploma', bka, at);
    const after = bkaDiploma();
    await h.call('IssueDiploma', bka, after);
    await h.call(REVOKE, MINISTRY_ADMIN, { fingerprint: bkaCert.fingerprint, compromisedAt, reason: 'KEY_COMPROMISE' });

    expect((await verify(h, before.documentHash as string)).signer).toMatchObject({ status: 'REVOKED_AFTER_SIGNING', compromisedAt });
    expect((await verify(h, at.documentHash as string)).signer).toMatchObject({ status: 'COMPROMISED', compromisedAt, revokedAt: expect.any(String) });
    expect((await verify(h, after.documentHash as string)).signer?.status).toBe('COMPROMISED');

    await h.reject('IssueDiploma', bka, bkaDiploma(), 'SIGNER_REVOKED');
    await h.reject('CorrectDiploma', bka, { diplomaId: `BKA:${before.serialNumber}`, documentHash: hash(), decision: D, changedFields: ['fullName'], reason: 'CIVIL_STATUS_CHANGE' }, 'SIGNER_REVOKED');
    await h.reject('RecordCopy', bka, { diplomaId: `BKA:${before.serialNumber}` }, 'SIGNER_REVOKED');

    // The rotated key issues again, and what the old key signed before the compromise stays valid.
    await h.call(REGISTER, MINISTRY_ADMIN, { issuerCode: 'BKA', certificatePem: bkaRotated.pem });
    const next = bkaDiploma();
    await h.call('IssueDiploma', { ...bka, certificatePem: bkaRotated.pem }, next);
    expect((await verify(h, next.documentHash as string)).signer).toMatchObject({ fingerprint: bkaRotated.fingerprint, status: 'TRUSTED', registered: true });
    expect((await verify(h, before.documentHash as string)).signer?.status).toBe('REVOKED_AFTER_SIGNING');
  });

  it('a Department school\'s revoked certificate cannot issue a cohort', async () => {
    const h = await demoHarness();
    const school = { ...HN_SCHOOL, certificatePem: schoolCert.pem };
    await h.call(REGISTER, HANOI_ADMIN, { issuerCode: 'HN-THPT-001', certificatePem: schoolCert.pem });
    await h.call(REVOKE, HANOI_ADMIN, { fingerprint: schoolCert.fingerprint, compromisedAt: iso(h.nextSeconds - 10), reason: 'KEY_COMPROMISE' });
    await h.reject('IssueDiplomas', school, { issuerCode: 'HN-THPT-001', diplomas: [schoolItem(1)] }, 'SIGNER_REVOKED');
  });

  it('hashes committed without a certificate (entries written before signers were recorded) have no signer', async () => {
    const h = await demoHarness();
    const req = bkaDiploma();
    await h.call('IssueDiploma', BKA_ISSUER, req); // this identity has no PEM, like index entries of earlier versions
    expect((await verify(h, req.documentHash as string)).signer).toBeNull();
  });
});

describe('the transaction time must be near the endorsing peer\'s clock', () => {
  const tx = (timestamp: string) => ({ txId: 't', timestamp, date: timestamp.slice(0, 10), year: 2026, mspId: 'MinistryMSP', role: null, issuerCode: null, certificateFingerprint: null });
  const now = Date.parse('2026-12-01T10:00:00.000Z');

  it('accepts a time within the window either way, refuses one outside it, and can be turned off', () => {
    expect(() => requireTimestampNearClock(tx('2026-12-01T10:09:59.000Z'), now, 600)).not.toThrow();
    expect(() => requireTimestampNearClock(tx('2026-12-01T09:50:01.000Z'), now, 600)).not.toThrow();
    expect(() => requireTimestampNearClock(tx('2026-12-01T09:49:00.000Z'), now, 600)).toThrow(/^\[TIMESTAMP_OUT_OF_RANGE\]/);
    expect(() => requireTimestampNearClock(tx('2026-12-01T10:11:00.000Z'), now, 600)).toThrow(/^\[TIMESTAMP_OUT_OF_RANGE\]/);
    expect(() => requireTimestampNearClock(tx('2020-01-01T00:00:00.000Z'), now, 0)).not.toThrow();
  });

  it('applies to issuance: a backdated proposal is not endorsed', async () => {
    const h = await demoHarness();
    const previous = process.env.VANBANG_TX_CLOCK_WINDOW_SECONDS;
    process.env.VANBANG_TX_CLOCK_WINDOW_SECONDS = '600';
    try {
      h.nextSeconds = Math.floor(Date.now() / 1000) - 3600; // an hour in the past
      await h.reject('IssueDiploma', BKA_ISSUER, bkaDiploma(), 'TIMESTAMP_OUT_OF_RANGE');
      h.nextSeconds = Math.floor(Date.now() / 1000);
      await h.call('IssueDiploma', BKA_ISSUER, bkaDiploma({ dateOfSigning: new Date().toISOString().slice(0, 10), graduationYear: new Date().getUTCFullYear() }));
    } finally {
      process.env.VANBANG_TX_CLOCK_WINDOW_SECONDS = previous;
    }
  });
});
