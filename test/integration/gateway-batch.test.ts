// Batches: a CSV cohort with Vietnamese headers and some invalid rows, and a JSON array for a
// Department-hosted school; progress reports every failed row with its reason.
import { collections } from '../../gateway/src/models/collections';
import type { DiplomaRecord } from '../../gateway/src/models/records';
import { chunkId } from '../../gateway/src/services/batch-ingest';
import { materialize, migrateChunkCommits } from '../../gateway/src/services/batch-rows';
import { csvCohort, thptDiploma } from '../support/gateway-fixtures';
import { call, startTestGateway, waitFor, type TestGateway } from './gateway-helpers';

let gw: TestGateway;
const P = `B${Date.now().toString(36).toUpperCase().slice(-5)}`;
const key = (name: string) => gw.callers[name]!.apiKey;

beforeAll(async () => {
  gw = await startTestGateway('gateway_batch');
});
afterAll(async () => {
  await gw?.close();
});

async function finished(id: string, who = 'bka-issuer') {
  return waitFor(`batch ${id}`, async () => {
    const res = await call(gw.url, 'GET', `/api/v1/diploma-batches/${id}`, { key: key(who) });
    return res.body.status === 'COMPLETED' ? res.body : undefined;
  }, 240_000);
}

it('issues a 1,200-row CSV cohort (streamed); invalid and duplicate rows are reported, valid rows committed', async () => {
  const lines = [...csvCohort(P, 0, 1200)];
  lines[5] = lines[5]!.replace(/,001\d{9},/, ',12,'); // row 4: bad personal ID number
  lines[6] = lines[6]!.replace('KY_SU', 'PHD'); // row 5: unknown type
  lines[8] = lines[7]!; // row 7 repeats row 6 (duplicate serial in the batch)
  const stream = new ReadableStream({
    start(controller) {
      for (const l of lines) controller.enqueue(new TextEncoder().encode(l));
      controller.close();
    },
  });
  const res = await call(gw.url, 'POST', '/api/v1/diploma-batches', { key: key('bka-issuer'), body: stream, contentType: 'text/csv' });
  expect(res.status).toBe(202);
  expect(res.body).toMatchObject({ total: 1200, validated: 1197, failed: 3 });
  const done = await finished(res.body.id);
  expect(done).toMatchObject({ total: 1200, committed: 1197, failed: 3 });
  expect(done.failures.map((f: { row: number }) => f.row)).toEqual([4, 5, 7]);
  expect(done.failures[0].errors[0].field).toBe('/personalIdNumber');
  expect(done.failures[2].errors[0].message).toContain('DUPLICATE_IN_BATCH');
  const rec = await call(gw.url, 'GET', `/api/v1/diplomas/${encodeURIComponent(`BKA:${P}000999`)}`, { key: key('auditor') });
  expect(rec.body).toMatchObject({ state: 'COMMITTED', status: 'VALID' });
  expect(rec.body.transactionId).toMatch(/^[0-9a-f]{64}$/);
  const v = await call(gw.url, 'GET', `/api/v1/verify/${rec.body.documentHash}`);
  expect(v.body.result).toBe('VALID');
  // A batch row's document comes back whole (its certificate is kept once for the batch) and verifies.
  const doc = await call(gw.url, 'GET', `/api/v1/diplomas/${encodeURIComponent(`BKA:${P}000999`)}/document`, { key: key('bka-issuer') });
  expect((await call(gw.url, 'POST', '/api/v1/verify', { json: doc.body })).body).toMatchObject({ result: 'VALID', signature: { ok: true, chainsToTrustedCa: true } });
  expect((await collections.diplomas().findOne({ _id: `BKA:${P}000999` }))!.versions[0]!.document!.signature.certificatePem).toBeUndefined();
  // Committed through one small commit per chunk (500 + 500 + 197 rows); the manifests were never rewritten.
  const commits = await collections.batchChunkCommits().find({ _id: { $in: [0, 1, 2].map((seq) => chunkId(res.body.id, seq)) } }).toArray();
  expect(commits.map((c) => c.rows).sort()).toEqual([197, 500, 500]);
  expect(commits.every((c) => /^[0-9a-f]{64}$/.test(c.txId ?? ''))).toBe(true);
  expect(await collections.batchChunks().countDocuments({ batchId: res.body.id, state: { $exists: true } })).toBe(0);
});

it('moves the commit of a manifest written by an earlier version into its own document, once', async () => {
  const legacy = `${P}legacy`.toLowerCase();
  await collections.checkpoints().deleteOne({ _id: 'migration:batch-chunk-commits' });
  await collections.batchChunks().insertOne({
    _id: chunkId(legacy, 0), batchId: legacy, seq: 0, rows: [{ id: `BKA:${P}L1`, row: 0, item: {} }, { id: `BKA:${P}L2`, row: 1, item: {} }],
    state: 'DONE', txId: 'a'.repeat(64), blockNumber: 7, rowCommits: { [`BKA:${P}L2`]: { txId: 'b'.repeat(64), blockNumber: 5 } },
  });
  expect(await migrateChunkCommits()).toBeGreaterThanOrEqual(1);
  expect(await collections.batchChunkCommits().findOne({ _id: chunkId(legacy, 0) })).toMatchObject({ txId: 'a'.repeat(64), blockNumber: 7, rows: 2 });
  expect(await migrateChunkCommits()).toBe(0);
  // A row still PENDING under it reads COMMITTED, with its own transaction where it had one.
  const row = { _id: `BKA:${P}L2`, state: 'PENDING', batchChunkId: chunkId(legacy, 0), versions: [{ state: 'PENDING', txId: null, blockNumber: null }] } as unknown as DiplomaRecord;
  expect(await materialize(row)).toMatchObject({ state: 'COMMITTED', issuedTxId: 'b'.repeat(64), issuedBlockNumber: 5 });
});

it('lists 1,100 failed rows 1,000 at a time, across failure pages, in row order', async () => {
  const lines = [...csvCohort(`${P}F`, 0, 1101)];
  for (let i = 1; i <= 1100; i++) lines[i] = lines[i]!.replace('KY_SU', 'PHD'); // rows 0-1099 invalid, row 1100 valid
  const res = await call(gw.url, 'POST', '/api/v1/diploma-batches', { key: key('bka-issuer'), body: lines.join(''), contentType: 'text/csv' });
  expect(res.status).toBe(202);
  expect(res.body).toMatchObject({ total: 1101, validated: 1, failed: 1100 });
  const done = await finished(res.body.id);
  expect(done).toMatchObject({ committed: 1, failed: 1100 });
  const rows = (list: { row: number }[]) => list.map((f) => f.row);
  expect(rows(done.failures)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  const rest = await call(gw.url, 'GET', `/api/v1/diploma-batches/${res.body.id}?failuresFrom=1000`, { key: key('bka-issuer') });
  expect(rows(rest.body.failures)).toEqual(Array.from({ length: 100 }, (_, i) => 1000 + i));
  expect(rest.body.failures[99].errors[0].field).toBe('/diplomaType');
  const past = await call(gw.url, 'GET', `/api/v1/diploma-batches/${res.body.id}?failuresFrom=1100`, { key: key('bka-issuer') });
  expect(past.body.failures).toEqual([]);
});

it('issues a JSON-array cohort for a Hanoi school; another issuer cannot see its progress', async () => {
  const rows = Array.from({ length: 30 }, (_, i) => thptDiploma(`${P}T`, i));
  const res = await call(gw.url, 'POST', '/api/v1/diploma-batches', { key: key('hn-thpt-001-issuer'), json: rows });
  expect(res.status).toBe(202);
  const done = await finished(res.body.id, 'hn-thpt-001-issuer');
  expect(done).toMatchObject({ total: 30, committed: 30, failed: 0 });
  expect((await call(gw.url, 'GET', `/api/v1/diploma-batches/${res.body.id}`, { key: key('bka-issuer') })).status).toBe(403);
  // Rows already issued cannot be issued again: a second upload of the same serials fails per row.
  const again = await call(gw.url, 'POST', '/api/v1/diploma-batches', { key: key('hn-thpt-001-issuer'), json: rows.slice(0, 3) });
  expect(again.status).toBe(400);
  expect(again.body.errors.map((e: { field: string }) => e.field)).toEqual(['/0/serialNumber', '/1/serialNumber', '/2/serialNumber']);
});

it('rejects malformed batches: not an array (400), wrong media type (415), rows for another issuer', async () => {
  expect((await call(gw.url, 'POST', '/api/v1/diploma-batches', { key: key('bka-issuer'), json: { a: 1 } })).status).toBe(400);
  expect((await call(gw.url, 'POST', '/api/v1/diploma-batches', { key: key('bka-issuer'), body: 'x', contentType: 'text/plain' })).status).toBe(415);
  expect((await call(gw.url, 'POST', '/api/v1/diploma-batches', { key: key('auditor'), json: [] })).status).toBe(403);
  const other = await call(gw.url, 'POST', '/api/v1/diploma-batches', { key: key('bka-issuer'), json: [thptDiploma(`${P}X`, 1)] });
  expect(other.status).toBe(400);
  expect(other.body.errors[0]).toMatchObject({ field: '/0/issuerCode' });
});
