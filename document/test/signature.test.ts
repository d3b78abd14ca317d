import { createDocument, type DiplomaDocument } from '../src/document';
import { hideFields } from '../src/disclosure';
import { createDocumentIssuer, signDocument, verifySignature } from '../src/signature';
import { computeDocumentHash } from '../src/document-hash';
import { verifyIntegrity } from '../src/document';
import { BACHELOR } from './fixtures';
import { createTestCa, issueTestIdentity, type TestCa, type TestIdentity } from './test-pki';

const SIGNED_AT = new Date('2024-07-05T08:00:00.000Z');
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

const signAsHust = (d: DiplomaDocument) => signDocument(d, { ...hustIssuer, mspId: 'HustMSP' }, { now: SIGNED_AT });

describe('issuer signature', () => {
  it('verifies offline and reports the signer, MSP and the chain to the issuing organization CA', () => {
    const signed = signAsHust(doc);
    expect(signed.signature).toMatchObject({ algorithm: 'ECDSA-P256-SHA256', mspId: 'HustMSP', signedAt: SIGNED_AT.toISOString() });
    expect(signed.documentHash).toBe(doc.documentHash);
    const result = verifySignature(JSON.parse(JSON.stringify(signed)), [hust.certificatePem]);
    expect(result).toMatchObject({ ok: true, mspId: 'HustMSP', chainsToTrustedCa: true, problems: [] });
    expect(result.signerSubject).toContain('CN=registrar@hust');
  });

  it('an issuer salts, hashes once and signs: the document verifies, hash and signature', () => {
    const issue = createDocumentIssuer({ ...hustIssuer, mspId: 'HustMSP' });
    const issued = issue(BACHELOR, { now: SIGNED_AT });
    expect(issued.documentHash).toBe(computeDocumentHash(issued));
    expect(verifyIntegrity(JSON.parse(JSON.stringify(issued))).ok).toBe(true);
    expect(verifySignature(JSON.parse(JSON.stringify(issued)), [hust.certificatePem])).toMatchObject({ ok: true, chainsToTrustedCa: true, signedAt: SIGNED_AT.toISOString() });
    expect(issue(BACHELOR).documentHash).not.toBe(issued.documentHash); // fresh salts every time
    expect(() => issue({ ...BACHELOR, personalIdNumber: '12' })).toThrow(/invalid diploma fields/);
    expect(() => createDocumentIssuer({ ...hustIssuer, certificatePem: otherIssuer.certificatePem, mspId: 'HustMSP' })).toThrow(/does not belong/);
  });

  it('without trusted CAs checks the signature only and says nothing about the chain', () => {
    const result = verifySignature(signAsHust(doc));
    expect(result.ok).toBe(true);
    expect(result.chainsToTrustedCa).toBeUndefined();
  });

  it('reports a document re-signed with another organization identity', () => {
    const resigned = signDocument(signAsHust(doc), { ...otherIssuer, mspId: 'HustMSP' }, { now: SIGNED_AT });
    const result = verifySignature(resigned, [hust.certificatePem]);
    expect(result.ok).toBe(false);
    expect(result.chainsToTrustedCa).toBe(false);
    expect(result.signerIssuer).toContain('O=OtherUniOrg');
    expect(result.problems.join(' ')).toMatch(/not issued by any trusted CA/);
    expect(verifySignature(resigned, [other.certificatePem]).ok).toBe(true);
  });

  it('stays valid after the holder hides fields, fails after any value is changed', () => {
    const signed = signAsHust(doc);
    expect(verifySignature(hideFields(signed, ['ethnicity', 'personalIdNumber']), [hust.certificatePem]).ok).toBe(true);
    const tampered = { ...signed, fields: { ...signed.fields, classification: { salt: signed.fields.classification?.salt ?? '', value: 'XUAT_SAC' } } };
    const result = verifySignature(tampered, [hust.certificatePem]);
    expect(result.ok).toBe(false);
    expect(result.problems).toContain('the signature does not match the document content (altered document or wrong key)');
  });

  it('reports a swapped certificate, an unsigned document and a garbage certificate', () => {
    const signed = signAsHust(doc);
    const swapped = { ...signed, signature: { ...signed.signature, certificatePem: otherIssuer.certificatePem } };
    expect(verifySignature(swapped).problems).toContain('the signature does not match the document content (altered document or wrong key)');
    expect(verifySignature(doc)).toEqual({ ok: false, problems: ['the document is not signed'] });
    const garbage = { ...signed, signature: { ...signed.signature, certificatePem: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' } };
    expect(verifySignature(garbage)).toMatchObject({ ok: false, problems: ['certificate 1 in the PEM text cannot be parsed'] });
  });

  it('rejects a signing time outside the certificate validity', () => {
    const late = signDocument(doc, { ...hustIssuer, mspId: 'HustMSP' }, { now: new Date('2030-01-01T00:00:00Z') });
    const result = verifySignature(late, [hust.certificatePem]);
    expect(result.chainsToTrustedCa).toBe(false);
    expect(result.problems.join(' ')).toMatch(/not valid at the signing time/);
  });

  it('refuses to sign with a key that does not match the certificate, or a document whose hash is wrong', () => {
    expect(() => signDocument(doc, { privateKeyPem: otherIssuer.privateKeyPem, certificatePem: hustIssuer.certificatePem, mspId: 'X' }))
      .toThrow(/does not belong to the certificate/);
    expect(() => signAsHust({ ...doc, documentHash: '0'.repeat(64) })).toThrow(/documentHash does not match/);
  });
});
