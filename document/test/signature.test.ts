import { createHash, X509Certificate } from 'node:crypto';
import { certificateFingerprint } from '../src/certificate-fingerprint';
import { createDocument, type DiplomaDocument } from '../src/document';
import { hideFields } from '../src/disclosure';
import { createDocumentIssuer, createDocumentSigner, signDocument } from '../src/signature';
import { verifySignature, type SignatureVerification } from '../src/verify-signature';
import { computeDocumentHash } from '../src/document-hash';
import { verifyIntegrity } from '../src/document';
import { BACHELOR } from './fixtures';
import { legacyVerifySignature } from './legacy-node-verifier';
import { createTestCa, issueTestIdentity, type TestCa, type TestIdentity } from './test-pki';

jest.setTimeout(30000);
const SIGNED_AT = new Date('2024-07-05T08:00:00.000Z');
const MISMATCH = 'the signature does not match the document content (altered document or wrong key)';
let hust: TestCa;
let other: TestCa;
let hustIssuer: TestIdentity;
let otherIssuer: TestIdentity;
let doc: DiplomaDocument;

beforeAll(async () => {
  hust = await createTestCa('HustOrg');
  other = await createTestCa('OtherUniOrg');
  hustIssuer = await issueTestIdentity(hust, 'registrar@hust');
  otherIssuer = await issueTestIdentity(other, 'registrar@other');
  doc = createDocument(BACHELOR);
});

const signAsHust = (d: DiplomaDocument, now = SIGNED_AT) => signDocument(d, { ...hustIssuer, mspId: 'HustMSP' }, { now });

describe('issuer signature', () => {
  it('verifies offline and reports the signer, its organization, MSP and the chain to the issuing organization CA', async () => {
    const signed = signAsHust(doc);
    expect(signed.signature).toMatchObject({ algorithm: 'ECDSA-P256-SHA256', mspId: 'HustMSP', signedAt: SIGNED_AT.toISOString() });
    expect(signed.documentHash).toBe(doc.documentHash);
    const result = await verifySignature(JSON.parse(JSON.stringify(signed)), [hust.certificatePem]);
    expect(result).toEqual({
      ok: true, mspId: 'HustMSP', chainsToTrustedCa: true, problems: [], signedAt: SIGNED_AT.toISOString(),
      signerSubject: 'CN=registrar@hust, OU=client, O=HustOrg', signerIssuer: 'CN=ca.hustorg.vanbang.vn, O=HustOrg, C=VN',
      signerOrganization: 'HustOrg', certifiedBy: 'HustOrg', signerCommonName: 'registrar@hust',
      signerFingerprint: createHash('sha256').update(new X509Certificate(hustIssuer.certificatePem).raw).digest('hex'),
    });
  });

  it('fingerprints a certificate as the ledger does: SHA-256 of its DER, hex; undefined for no certificate', async () => {
    expect(await certificateFingerprint(hustIssuer.certificatePem)).toBe(createHash('sha256').update(new X509Certificate(hustIssuer.certificatePem).raw).digest('hex'));
    expect(await certificateFingerprint('no certificate here')).toBeUndefined();
    expect(await certificateFingerprint('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----')).toBeUndefined();
  });

  it('reads a Vietnamese organization name (UTF-8) from the signer subject', async () => {
    const ca = await createTestCa('Đại học Bách khoa Hà Nội');
    const registrar = await issueTestIdentity(ca, 'Phòng Đào tạo');
    const signed = signDocument(doc, { ...registrar, mspId: 'HustMSP' }, { now: SIGNED_AT });
    const result = await verifySignature(signed, [ca.certificatePem]);
    expect(result).toMatchObject({ ok: true, signerOrganization: 'Đại học Bách khoa Hà Nội', signerCommonName: 'Phòng Đào tạo' });
    expect(result.signerSubject).toBe('CN=Phòng Đào tạo, OU=client, O=Đại học Bách khoa Hà Nội');
  });

  it('reads the issuer code (serialNumber) and the certifying organization, as the network\'s certificates carry them', async () => {
    const ca = await createTestCa('Bộ Giáo dục và Đào tạo');
    const issuer = await issueTestIdentity(ca, 'bka-issuer', undefined, { subject: 'C=VN, O=Đại học Bách khoa Hà Nội, OU=client, CN=bka-issuer, 2.5.4.5=BKA' });
    const result = await verifySignature(signDocument(doc, { ...issuer, mspId: 'MinistryMSP' }, { now: SIGNED_AT }), [ca.certificatePem]);
    expect(result).toMatchObject({
      ok: true, signerOrganization: 'Đại học Bách khoa Hà Nội', signerIssuerCode: 'BKA', certifiedBy: 'Bộ Giáo dục và Đào tạo', signerCommonName: 'bka-issuer',
    });
    expect(result.signerSubject).toBe('C=VN, O=Đại học Bách khoa Hà Nội, OU=client, CN=bka-issuer, serialNumber=BKA');
  });

  it('an issuer salts, hashes once and signs: the document verifies, hash and signature', async () => {
    const issue = createDocumentIssuer({ ...hustIssuer, mspId: 'HustMSP' });
    const issued = issue(BACHELOR, { now: SIGNED_AT });
    expect(issued.documentHash).toBe(computeDocumentHash(issued));
    expect(verifyIntegrity(JSON.parse(JSON.stringify(issued))).ok).toBe(true);
    expect(await verifySignature(JSON.parse(JSON.stringify(issued)), [hust.certificatePem])).toMatchObject({ ok: true, chainsToTrustedCa: true, signedAt: SIGNED_AT.toISOString() });
    expect(issue(BACHELOR).documentHash).not.toBe(issued.documentHash); // fresh salts every time
    expect(() => issue({ ...BACHELOR, personalIdNumber: '12' })).toThrow(/invalid diploma fields/);
    expect(() => createDocumentIssuer({ ...hustIssuer, certificatePem: otherIssuer.certificatePem, mspId: 'HustMSP' })).toThrow(/does not belong/);
  });

  it('without trusted CAs checks the signature only and says nothing about the chain', async () => {
    const result = await verifySignature(signAsHust(doc));
    expect(result.ok).toBe(true);
    expect(result.chainsToTrustedCa).toBeUndefined();
    expect((await verifySignature(signAsHust(doc), [])).chainsToTrustedCa).toBeUndefined();
  });

  it('fails the chain check for a document re-signed with an identity of another CA', async () => {
    const resigned = signDocument(signAsHust(doc), { ...otherIssuer, mspId: 'HustMSP' }, { now: SIGNED_AT });
    const result = await verifySignature(resigned, [hust.certificatePem]);
    expect(result.ok).toBe(false);
    expect(result.chainsToTrustedCa).toBe(false);
    expect(result.signerIssuer).toContain('O=OtherUniOrg');
    expect(result.problems).toEqual(['the signing certificate (issuer CN=ca.otheruniorg.vanbang.vn, O=OtherUniOrg, C=VN) was not issued by any trusted CA certificate given']);
    expect((await verifySignature(resigned, [other.certificatePem])).ok).toBe(true);
    expect((await verifySignature(resigned, [hust.certificatePem, other.certificatePem])).ok).toBe(true);
    expect((await verifySignature(resigned, [hust.certificatePem + other.certificatePem])).ok).toBe(true); // one PEM file, two CAs
  });

  it('fails the chain check against a CA with the same name but another key, or a trusted certificate that is not a CA', async () => {
    const impostor = await createTestCa('HustOrg'); // same subject DN as hust, different key
    expect(impostor.cert.subject).toBe(hust.cert.subject);
    const notCa = await createTestCa('HustOrg', undefined, { isCa: false });
    const signed = signAsHust(doc);
    for (const pem of [impostor.certificatePem, notCa.certificatePem, hustIssuer.certificatePem]) {
      const result = await verifySignature(signed, [pem]);
      expect(result).toMatchObject({ ok: false, chainsToTrustedCa: false });
      expect(result.problems.join(' ')).toMatch(/not issued by any trusted CA/);
    }
  });

  it('stays valid after the holder hides fields, fails after any value is changed', async () => {
    const signed = signAsHust(doc);
    expect((await verifySignature(hideFields(signed, ['ethnicity', 'personalIdNumber']), [hust.certificatePem])).ok).toBe(true);
    const tampered = { ...signed, fields: { ...signed.fields, classification: { salt: signed.fields.classification?.salt ?? '', value: 'XUAT_SAC' } } };
    const result = await verifySignature(tampered, [hust.certificatePem]);
    expect(result.ok).toBe(false);
    expect(result.chainsToTrustedCa).toBe(true); // the certificate is fine, the content is not
    expect(result.problems).toEqual([MISMATCH]);
  });

  it('fails for a tampered signature value: a flipped byte, a non-DER or truncated value', async () => {
    const signed = signAsHust(doc);
    const der = Buffer.from(signed.signature!.value, 'base64');
    const flipped = Buffer.from(der);
    flipped[flipped.length - 1]! ^= 0x01;
    const longForm = Buffer.concat([Buffer.from([0x30, 0x81, der[1]!]), der.subarray(2)]); // same integers, non-minimal length
    for (const value of [flipped, der.subarray(0, der.length - 1), longForm, Buffer.concat([der, Buffer.from([0])])].map((b) => b.toString('base64'))) {
      const result = await verifySignature({ ...signed, signature: { ...signed.signature!, value } }, [hust.certificatePem]);
      expect(result).toMatchObject({ ok: false, problems: [MISMATCH] });
    }
  });

  it('reports a swapped certificate, an unsigned document and a garbage certificate', async () => {
    const signed = signAsHust(doc);
    const swapped = { ...signed, signature: { ...signed.signature, certificatePem: otherIssuer.certificatePem } };
    expect((await verifySignature(swapped)).problems).toContain(MISMATCH);
    expect(await verifySignature(doc)).toEqual({ ok: false, problems: ['the document is not signed'] });
    const garbage = { ...signed, signature: { ...signed.signature, certificatePem: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' } };
    expect(await verifySignature(garbage)).toMatchObject({ ok: false, problems: ['certificate 1 in the PEM text cannot be parsed'] });
    expect(await verifySignature({ ...signed, signature: { ...signed.signature, certificatePem: 'no pem here' } })).toMatchObject({ ok: false, problems: ['the signature carries no certificate'] });
    expect(await verifySignature({ not: 'a document' })).toMatchObject({ ok: false });
    expect((await verifySignature(signed, ['-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'])).chainsToTrustedCa).toBe(false);
  });

  it('fails when the signing time lies outside the certificate validity (expired or not yet valid at signing)', async () => {
    for (const at of ['2030-01-01T00:00:00Z', '2023-12-31T23:59:59Z']) {
      const result = await verifySignature(signAsHust(doc, new Date(at)), [hust.certificatePem]);
      expect(result).toMatchObject({ ok: false, chainsToTrustedCa: false });
      expect(result.problems.join(' ')).toMatch(/the signing certificate was not valid at the signing time/);
    }
    // An identity certificate that has expired since: diplomas it signed while valid stay valid.
    const expired = await issueTestIdentity(hust, 'old-registrar', { from: new Date('2021-01-01'), to: new Date('2022-01-01') });
    const signedWhileValid = signDocument(doc, { ...expired, mspId: 'HustMSP' }, { now: new Date('2021-06-01T00:00:00Z') });
    expect(await verifySignature(signedWhileValid, [hust.certificatePem])).toMatchObject({ ok: true, chainsToTrustedCa: true });
  });

  it('fails when the issuing CA certificate was not valid at the signing time', async () => {
    const shortCa = await createTestCa('ShortOrg', { from: new Date('2020-01-01'), to: new Date('2024-06-01') });
    const registrar = await issueTestIdentity(shortCa, 'registrar'); // valid 2024-01-01 to 2027-01-01
    const result = await verifySignature(signDocument(doc, { ...registrar, mspId: 'ShortMSP' }, { now: SIGNED_AT }), [shortCa.certificatePem]);
    expect(result).toMatchObject({ ok: false, chainsToTrustedCa: false, problems: ['the issuing CA certificate was not valid at the signing time 2024-07-05T08:00:00.000Z'] });
  });

  it('verifies signatures whose r or s is short (leading zero bytes) or long (top bit set, DER adds 0x00)', async () => {
    const sign = createDocumentSigner({ ...hustIssuer, mspId: 'HustMSP' });
    const integerLengths = (value: string): number[] => {
      const der = Buffer.from(value, 'base64');
      return [der[3]!, der[5 + der[3]!]!];
    };
    const seen = new Set<number>();
    let checked = 0;
    for (let i = 0; i < 3000 && !(seen.has(33) && [...seen].some((n) => n < 32)); i++) {
      const signed = sign(doc, { now: SIGNED_AT });
      const lengths = integerLengths(signed.signature.value);
      if (lengths.every((n) => n === 32) && i % 50 !== 0) continue; // the common case: verify a sample only
      lengths.forEach((n) => seen.add(n));
      expect(await verifySignature(signed, [hust.certificatePem])).toMatchObject({ ok: true, problems: [] });
      checked++;
    }
    expect(seen.has(33)).toBe(true);
    expect([...seen].some((n) => n < 32)).toBe(true);
    expect(checked).toBeGreaterThan(2);
  });

  it('refuses to sign with a key that does not match the certificate, or a document whose hash is wrong', () => {
    expect(() => signDocument(doc, { privateKeyPem: otherIssuer.privateKeyPem, certificatePem: hustIssuer.certificatePem, mspId: 'X' }))
      .toThrow(/does not belong to the certificate/);
    expect(() => signAsHust({ ...doc, documentHash: '0'.repeat(64) })).toThrow(/documentHash does not match/);
  });

  it('gives the same verdicts as the node:crypto verifier it replaced, on every fixture', async () => {
    const signed = signAsHust(doc);
    const resigned = signDocument(signed, { ...otherIssuer, mspId: 'HustMSP' }, { now: SIGNED_AT });
    const tampered = { ...signed, fields: { ...signed.fields, classification: { salt: signed.fields.classification?.salt ?? '', value: 'XUAT_SAC' } } };
    const cases: [string, unknown, string[] | undefined][] = [
      ['valid', signed, [hust.certificatePem]],
      ['valid, no CAs', signed, undefined],
      ['valid, both CAs', signed, [other.certificatePem, hust.certificatePem]],
      ['hidden fields', hideFields(signed, ['ethnicity']), [hust.certificatePem]],
      ['tampered', tampered, [hust.certificatePem]],
      ['tampered, no CAs', tampered, undefined],
      ['other organization', resigned, [hust.certificatePem]],
      ['other organization, its CA', resigned, [other.certificatePem]],
      ['swapped certificate', { ...signed, signature: { ...signed.signature, certificatePem: otherIssuer.certificatePem } }, [hust.certificatePem]],
      ['signed late', signAsHust(doc, new Date('2030-01-01T00:00:00Z')), [hust.certificatePem]],
      ['unsigned', doc, [hust.certificatePem]],
      ['garbage certificate', { ...signed, signature: { ...signed.signature, certificatePem: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' } }, undefined],
      ['not a document', { schemaVersion: 'nope' }, undefined],
    ];
    // The old verifier wrote validity dates the OpenSSL way ("Jan  1 00:00:00 2024 GMT"), the new one ISO 8601.
    const comparable = (r: SignatureVerification) => ({ ...r, problems: r.problems.map((p) => p.replace(/ \(valid .* to .*\)$/, '')) });
    const { signerOrganization, signerCommonName, certifiedBy, signerFingerprint, ...withoutNewFields } = await verifySignature(signed, [hust.certificatePem]);
    expect([signerOrganization, signerCommonName, certifiedBy]).toEqual(['HustOrg', 'registrar@hust', 'HustOrg']);
    expect(signerFingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(withoutNewFields).toEqual(legacyVerifySignature(signed, [hust.certificatePem]));
    for (const [name, input, cas] of cases) {
      const now = comparable(await verifySignature(input, cas));
      const before = comparable(legacyVerifySignature(input, cas));
      const added = now.signerOrganization === undefined ? {} : {
        signerOrganization: now.signerOrganization, signerCommonName: now.signerCommonName, certifiedBy: now.certifiedBy, signerFingerprint: now.signerFingerprint,
      };
      expect({ name, ...now }).toEqual({ name, ...before, ...added });
    }
  });
});
