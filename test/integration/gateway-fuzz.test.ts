// Property-based fuzzing of request bodies and query strings: never a 5xx, never a crash,
// never a write.
import fc from 'fast-check';
import mongoose from 'mongoose';
import { call, startTestGateway, type TestGateway } from './gateway-helpers';

let gw: TestGateway;
const key = (name: string) => gw.callers[name]!.apiKey;
// Writes made through the API (the event listener may meanwhile mirror other tests' diplomas,
// which carry origin "ledger").
const diplomaCount = async () => (await mongoose.connection.db!.collection('diplomas').countDocuments({ origin: 'gateway' }))
  + (await mongoose.connection.db!.collection('batches').countDocuments({}));

beforeAll(async () => {
  gw = await startTestGateway('gateway_fuzz', { VANBANG_PUBLIC_RATE_LIMIT: '100000' });
});
afterAll(async () => {
  await gw?.close();
});

const jsonValue = fc.jsonValue({ maxDepth: 3 });
const operatorish = fc.oneof(jsonValue, fc.record({ $gt: fc.string() }), fc.record({ $where: fc.string(), $ne: fc.constant(null) }));

it('POST bodies: random JSON to issue and the procedures gives 4xx only and writes nothing', async () => {
  const before = await diplomaCount();
  await fc.assert(fc.asyncProperty(
    fc.constantFrom('/api/v1/diplomas', '/api/v1/diplomas/BKA%3AX1/corrections', '/api/v1/diplomas/BKA%3AX1/revocations', '/api/v1/diplomas/BKA%3AX1/copies', '/api/v1/diploma-batches'),
    fc.oneof(operatorish, fc.dictionary(fc.constantFrom('fullName', 'serialNumber', 'issuerCode', 'graduationYear', 'ground', 'decision', 'changes', '$set'), operatorish)),
    async (path, body) => {
      const res = await call(gw.url, 'POST', path, { key: key('bka-issuer'), json: body });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    },
  ), { numRuns: 150 });
  expect(await diplomaCount()).toBe(before);
});

it('query strings: random lookup and verify queries give 200/4xx only', async () => {
  await fc.assert(fc.asyncProperty(
    fc.array(fc.tuple(fc.constantFrom('serialNumber', 'registerNumber', 'fullName', 'dateOfBirth', 'serialNumber[$gt]', 'fullName[$ne]', 'x', '__proto__'), fc.string()), { maxLength: 5 }),
    fc.string(),
    async (pairs, hash) => {
      const qs = pairs.map(([k, v]) => `${encodeURIComponent(k).replace(/%5B/g, '[').replace(/%5D/g, ']')}=${encodeURIComponent(v)}`).join('&');
      // With an API key (the agencies' path): the query itself is what is fuzzed, not the challenge.
      const res = await call(gw.url, 'GET', `/api/v1/lookup?${qs}`, { key: key('auditor') });
      expect([200, 400]).toContain(res.status);
      const v = await call(gw.url, 'GET', `/api/v1/verify/${encodeURIComponent(hash)}`);
      expect(v.status).toBeLessThan(500);
    },
  ), { numRuns: 150 });
});

it('gateway still healthy after fuzzing', async () => {
  expect((await call(gw.url, 'GET', '/api/v1/health')).status).toBe(200);
});
