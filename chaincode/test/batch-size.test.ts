/**
 * Measures what a full batch puts in a transaction, to back the batch size in
 * docs/chaincode.md §7: writes (keys, values, key-level policies), event, result and request.
 */
import { MAX_BATCH } from '../src/diplomas/issue';
import { demoHarness, HN_SCHOOL, schoolItem } from './support/harness';
import { createTestCa, issueCertificate } from './support/test-certificates';

it(`a full batch of ${MAX_BATCH} stays far below the orderer's 10 MB AbsoluteMaxBytes`, async () => {
  const h = await demoHarness();
  // A submitter with a real certificate: every hash index entry then names its signer and commit time.
  const ca = await createTestCa('C=VN, O=Sở Giáo dục và Đào tạo Hà Nội, CN=ca-hanoidoet');
  const cert = await issueCertificate(ca, { name: 'hn-thpt-001-issuer', attrs: { 'vanbang.role': 'issuer', 'vanbang.issuer': 'HN-THPT-001' } });
  const request = { issuerCode: 'HN-THPT-001', diplomas: Array.from({ length: MAX_BATCH }, (_, i) => schoolItem(i + 1)) };
  const { result, stub } = await h.submit('IssueDiplomas', { ...HN_SCHOOL, certificatePem: cert.pem }, request);
  expect(JSON.stringify([...h.ledger.state.values()].map(String))).toContain(cert.fingerprint);
  const written = h.ledger.txSizes.get(stub.txId)!;
  const reads = stub.reads.reduce((n, k) => n + Buffer.byteLength(k) + 40, 0);
  const total = written + reads + Buffer.byteLength(result) + Buffer.byteLength(JSON.stringify(request));
  const perDiploma = total / MAX_BATCH;
  expect(JSON.parse(result).created).toBe(MAX_BATCH);
  expect(perDiploma).toBeLessThan(3000);
  expect(total).toBeLessThan(2 * 1024 * 1024);
});
