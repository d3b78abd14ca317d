// The database goes down during a write: 503, and after it is back nothing is lost or orphaned.
import { FERRETDB_PROCESS, startDatabase, stopProcess, usesEmbeddedDatabase } from '../../network/src';
import { bkaDiploma } from '../support/gateway-fixtures';
import { testContext } from '../support/network';
import { call, startTestGateway, waitFor, type TestGateway } from './gateway-helpers';

let gw: TestGateway;
const ctx = testContext();
const P = `D${Date.now().toString(36).toUpperCase().slice(-5)}`;
const embedded = usesEmbeddedDatabase();

beforeAll(async () => {
  // This gateway follows the ledger from now on: mirroring every earlier test's diplomas into its
  // fresh database is not what this test is about, and would keep FerretDB busy.
  gw = await startTestGateway('gateway_dbdown', { VANBANG_EVENTS_START: 'latest' });
});
afterAll(async () => {
  if (embedded) await startDatabase(ctx.home, ctx.topology);
  await gw?.close();
});

(embedded ? it : it.skip)('answers 503 while FerretDB is down, and leaves neither ledger nor database half-written', async () => {
  const issuer = gw.callers['bka-issuer']!.apiKey;
  await stopProcess(ctx.home, FERRETDB_PROCESS);
  const down = await call(gw.url, 'POST', '/api/v1/diplomas', { key: issuer, json: bkaDiploma(P, 1) });
  expect(down.status).toBe(503);
  expect(down.body.code).toBe('DATABASE_UNAVAILABLE');
  expect(down.headers.get('retry-after')).toBeTruthy();
  // Nothing reached the ledger.
  const v = await call(gw.url, 'POST', '/api/v1/verify', { json: {} });
  expect(v.status).toBe(400);

  await startDatabase(ctx.home, ctx.topology);
  const health = await waitFor('database back', async () => {
    const h = await call(gw.url, 'GET', '/api/v1/health');
    return h.status === 200 ? h : undefined;
  });
  expect(health.body.database.status).toBe('up');
  expect((await call(gw.url, 'GET', `/api/v1/diplomas/${encodeURIComponent(`BKA:${P}000001`)}`, { key: gw.callers.auditor!.apiKey })).status).toBe(404);
  const again = await call(gw.url, 'POST', '/api/v1/diplomas', { key: issuer, json: bkaDiploma(P, 1) });
  expect(again.status).toBe(201);
  const rec = await waitFor('reconciliation', async () => {
    const r = await call(gw.url, 'GET', '/api/v1/audit/reconciliation', { key: gw.callers.auditor!.apiKey });
    return r.status === 200 ? r.body : undefined;
  });
  expect(rec.differences.filter((d: { diplomaId: string }) => d.diplomaId.includes(P))).toEqual([]);
  expect(rec.differences.filter((d: { kind: string }) => d.kind !== 'MISSING_IN_DATABASE')).toEqual([]);
});
