/**
 * Measures what a full batch puts in a transaction, to back the batch size in
 * docs/chaincode.md §7: writes (keys, values, key-level policies), event, result and request.
 */
import { MAX_BATCH } from '../src/diplomas/issue';
import { demoHarness, HN_SCHOOL, schoolItem } from './support/harness';

it(`a full batch of ${MAX_BATCH} stays far below the orderer's 10 MB AbsoluteMaxBytes`, async () => {
  const h = await demoHarness();
  const request = { issuerCode: 'HN-THPT-001', diplomas: Array.from({ length: MAX_BATCH }, (_, i) => schoolItem(i + 1)) };
  const { result, stub } = await h.submit('IssueDiplomas', HN_SCHOOL, request);
  const written = h.ledger.txSizes.get(stub.txId)!;
  const reads = stub.reads.reduce((n, k) => n + Buffer.byteLength(k) + 40, 0);
  const total = written + reads + Buffer.byteLength(result) + Buffer.byteLength(JSON.stringify(request));
  const perDiploma = total / MAX_BATCH;
  expect(JSON.parse(result).created).toBe(MAX_BATCH);
  expect(perDiploma).toBeLessThan(3000);
  expect(total).toBeLessThan(2 * 1024 * 1024);
});
