// Issue 12: the ledger-derived status index. A gateway answers public verification of any
// committed hash from the blocks it follows — no VerifyHash query — and its answers are exactly
// VerifyHash's, including changes made elsewhere (straight on the ledger), which it shows as soon
// as their block arrives. The sampler reports an entry that disagrees with the ledger, and the
// index is rebuilt from the ledger when its store is missing or damaged. Bulk verify answers up to
// 1,000 hashes for authenticated callers, within their own quota.
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { open } from 'lmdb';
import pino from 'pino';
import { packDiploma } from '../../gateway/src/status-index/index-codec';
import { metricsRegistry } from '../../gateway/src/http/metrics';
import { publicVerifyView } from '../../gateway/src/services/verification';
import { bkaDiploma } from '../support/gateway-fixtures';
import { LedgerClient, randomHash } from '../support/ledger';
import { testContext } from '../support/network';
import { connectionProfilePath, readConnectionProfile } from '../../network/src';
import { call, startTestGateway, waitFor, type TestGateway } from './gateway-helpers';

const DB = 'gateway_status_index';
const P = `X${Date.now().toString(36).toUpperCase().slice(-5)}`;
const D = { number: '31/QĐ-ĐHBK', date: '2026-10-01' };
let gw: TestGateway | undefined;
let ministry: LedgerClient;
const logLines: Record<string, unknown>[] = [];
const captured = () => pino({ level: 'info' }, new Writable({
  write(chunk: Buffer, _enc, done) {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logLines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  },
}));

beforeAll(() => {
  ministry = new LedgerClient(readConnectionProfile(connectionProfilePath(testContext().home)), 'ministry-admin');
});
afterAll(async () => {
  await gw?.close();
  ministry.close();
});

const start = async (env: Record<string, string> = {}) => {
  gw = await startTestGateway(DB, { VANBANG_PUBLIC_RATE_LIMIT: '100000', VANBANG_EVENTS_START: 'latest', VANBANG_STATUS_INDEX_SAMPLE_SECONDS: '0', ...env }, captured());
  await waitFor('status index live', async () => (gw!.runtime.statusIndex!.isLive ? true : undefined), 240_000);
  return gw;
};
const stop = async () => {
  await gw?.close();
  gw = undefined;
};
const indexDir = () => path.join(gw!.home, 'gateway', 'status-index');

/** Counts the VerifyHash queries the gateway makes while `fn` runs. */
async function verifyHashQueries<T>(fn: () => Promise<T>): Promise<{ value: T; queries: number }> {
  const ledger = gw!.runtime.ctx.ledger;
  const original = ledger.evaluate.bind(ledger);
  let queries = 0;
  ledger.evaluate = (async (fnName: string, ...rest: unknown[]) => {
    if (fnName === 'VerifyHash') queries++;
    return (original as (...a: unknown[]) => Promise<unknown>)(fnName, ...rest);
  }) as typeof ledger.evaluate;
  try {
    return { value: await fn(), queries };
  } finally {
    ledger.evaluate = original;
  }
}

async function expectAnswersOfLedger(hashes: string[]): Promise<void> {
  for (const documentHash of hashes) {
    const answer = await call(gw!.url, 'GET', `/api/v1/verify/${documentHash}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(publicVerifyView(await ministry.evaluate('VerifyHash', { documentHash })));
  }
}

async function metric(name: string, labels: Record<string, string> = {}): Promise<number> {
  const m = (await metricsRegistry.getMetricsAsJSON()).find((x) => x.name === name);
  return (m?.values ?? []).filter((v) => Object.entries(labels).every(([k, val]) => v.labels[k] === val)).reduce((s, v) => s + v.value, 0);
}

let issued: { id: string; documentHash: string }[] = [];

test('answers every committed hash from the blocks, as VerifyHash does, and follows changes made straight on the ledger', async () => {
  await start();
  const issuer = gw!.callers['bka-issuer']!.apiKey;
  issued = [];
  for (let n = 0; n < 3; n++) {
    const r = await call(gw!.url, 'POST', '/api/v1/diplomas', { key: issuer, json: bkaDiploma(P, n) });
    expect(r.status).toBe(201);
    issued.push({ id: r.body.id, documentHash: r.body.documentHash });
  }
  const unknown = randomHash();
  // Right after its own commits the gateway already answers VALID (read-your-writes), from the index once the block is in.
  const first = await call(gw!.url, 'GET', `/api/v1/verify/${issued[0]!.documentHash}`);
  expect(first.body.result).toBe('VALID');
  await waitFor('the index has the issuance', async () => (gw!.runtime.statusIndex!.answer(issued[2]!.documentHash)?.found ? true : undefined), 10_000);
  const { queries } = await verifyHashQueries(async () => {
    for (const h of [...issued.map((d) => d.documentHash), unknown]) expect((await call(gw!.url, 'GET', `/api/v1/verify/${h}`)).status).toBe(200);
  });
  expect(queries).toBe(0);
  expect((await call(gw!.url, 'GET', `/api/v1/verify/${unknown}`)).body).toMatchObject({ result: 'NOT_FOUND', valid: false });

  // A revocation submitted straight on the ledger, not through this gateway: the next answer after its block is REVOKED.
  const revoked = await ministry.submit('RevokeDiploma', { diplomaId: issued[1]!.id, ground: 'FRAUD', decision: D });
  await waitFor('revocation applied', async () => (gw!.runtime.statusIndex!.indexedThrough >= Number(revoked.block) ? true : undefined), 10_000);
  const after = await verifyHashQueries(() => call(gw!.url, 'GET', `/api/v1/verify/${issued[1]!.documentHash}`));
  expect(after.value.body).toMatchObject({ result: 'REVOKED', valid: false, reason: 'REVOKED', revocation: { ground: 'FRAUD', decision: D } });
  expect(after.queries).toBe(0);

  // A correction through the gateway: the old hash answers CORRECTED, the new one VALID.
  const corrected = await call(gw!.url, 'POST', `/api/v1/diplomas/${encodeURIComponent(issued[0]!.id)}/corrections`, {
    key: issuer, json: { changes: { fullName: 'Nguyễn Văn Bình' }, reason: 'CIVIL_STATUS_CHANGE', decision: D },
  });
  expect(corrected.status).toBe(201);
  expect((await call(gw!.url, 'GET', `/api/v1/verify/${issued[0]!.documentHash}`)).body.result).toBe('CORRECTED');
  const newHash = String(corrected.body.documentHash);
  issued.push({ id: issued[0]!.id, documentHash: newHash });
  await expectAnswersOfLedger([...issued.map((d) => d.documentHash), unknown]);
  expect(await metric('vanbang_gateway_verify_answers_total', { source: 'index' })).toBeGreaterThan(0);
});

test('the sampler reports an index entry that disagrees with VerifyHash, and the gateway stops answering it from the index', async () => {
  const revoked = issued[1]!;
  // Uncorrupted, a revoked diploma's answer agrees (its decision's keys come in another order from the ledger).
  expect((await gw!.runtime.sampler!.sampleOnce([revoked.documentHash])).mismatches).toEqual([]);
  // Corrupt the entry as a faulty disk or a bug would: the revoked diploma's record says VALID again.
  const env = open({ path: path.join(indexDir(), 'data.mdb'), noSubdir: true, maxDbs: 8 });
  const diplomas = env.openDB({ name: 'diplomas', encoding: 'msgpack' });
  const good = gw!.runtime.statusIndex!.answer(revoked.documentHash)!;
  expect(good.status).toBe('REVOKED');
  const ledgerRecord = await ministry.evaluate<Record<string, unknown>>('GetDiploma', { diplomaId: revoked.id });
  diplomas.putSync(revoked.id, packDiploma({ ...ledgerRecord, status: 'VALID', revocation: null } as never));
  expect(gw!.runtime.statusIndex!.answer(revoked.documentHash)!.status).toBe('VALID');

  const before = await metric('vanbang_gateway_status_index_samples_total', { outcome: 'mismatch' });
  const report = await gw!.runtime.sampler!.sampleOnce([revoked.documentHash, issued[2]!.documentHash]);
  expect(report.checked).toBe(2);
  expect(report.mismatches.map((m) => m.hash)).toEqual([revoked.documentHash]);
  expect(report.mismatches[0]).toMatchObject({ index: { result: 'VALID' }, ledger: { result: 'REVOKED' } });
  expect(await metric('vanbang_gateway_status_index_samples_total', { outcome: 'mismatch' })).toBe(before + 1);
  expect(logLines.some((l) => l.level === 50 && l.documentHash === revoked.documentHash && String(l.msg).includes('disagrees with VerifyHash'))).toBe(true);
  // The public gets the ledger's answer for it from now on.
  expect((await call(gw!.url, 'GET', `/api/v1/verify/${revoked.documentHash}`)).body.result).toBe('REVOKED');
});

test('an index whose store is missing or damaged is rebuilt from the ledger, answering through VerifyHash meanwhile', async () => {
  const hashes = issued.map((d) => d.documentHash);
  await stop();
  // Missing: the folder deleted while the gateway was stopped.
  await startTestGatewayWithout(() => rmSync(path.join(gatewayHomeOf(), 'gateway', 'status-index'), { recursive: true, force: true }));
  await expectAnswersOfLedger(hashes); // answered at once, whether the index is built yet or not
  await waitFor('status index rebuilt', async () => (gw!.runtime.statusIndex!.isLive ? true : undefined), 240_000);
  expect(gw!.runtime.statusIndex!.stats()!.hashes).toBeGreaterThanOrEqual(hashes.length);
  await expectAnswersOfLedger(hashes);
  expect(logLines.some((l) => String(l.msg).startsWith('status index created'))).toBe(true);

  // Damaged: the file overwritten with garbage.
  await stop();
  const rebuildsBefore = await metric('vanbang_gateway_status_index_rebuilds_total', { reason: 'unusable' });
  await startTestGatewayWithout(() => writeFileSync(path.join(gatewayHomeOf(), 'gateway', 'status-index', 'data.mdb'), Buffer.alloc(16_384, 7)));
  expect(await metric('vanbang_gateway_status_index_rebuilds_total', { reason: 'unusable' })).toBe(rebuildsBefore + 1);
  await expectAnswersOfLedger(hashes);
  await waitFor('status index rebuilt', async () => (gw!.runtime.statusIndex!.isLive ? true : undefined), 240_000);
  const { queries } = await verifyHashQueries(() => expectAnswersOfLedger(hashes));
  expect(queries).toBe(0);
});

test('bulk verify: up to 1,000 hashes in order, for authenticated callers, within their own quota and not the public limit', async () => {
  await stop();
  await start({ VANBANG_BULK_VERIFY_PER_MINUTE: '12', VANBANG_PUBLIC_RATE_LIMIT: '2' });
  const key = gw!.callers['job-exchange']!.apiKey;
  const unknown = randomHash();
  const asked = [issued[3]!.documentHash, unknown, issued[1]!.documentHash, issued[0]!.documentHash, issued[3]!.documentHash];
  const bulk = await call(gw!.url, 'POST', '/api/v1/verify/bulk', { key, json: { hashes: asked } });
  expect(bulk.status).toBe(200);
  expect(bulk.body.count).toBe(5);
  expect(bulk.body.results.map((r: { result: string; documentHash: string }) => [r.documentHash, r.result])).toEqual([
    [asked[0], 'VALID'], [unknown, 'NOT_FOUND'], [asked[2], 'REVOKED'], [asked[3], 'CORRECTED'], [asked[0], 'VALID'],
  ]);
  expect(bulk.body.results[0]).toEqual((await call(gw!.url, 'GET', `/api/v1/verify/${asked[0]}`)).body);
  expect(bulk.headers.get('ratelimit')).toMatch(/limit=12, remaining=7/);
  // The public per-address limit (2 a minute here) does not count bulk requests.
  for (let i = 0; i < 3; i++) expect((await call(gw!.url, 'POST', '/api/v1/verify/bulk', { key, json: { hashes: [unknown] } })).status).toBe(200);
  // 4 left: 5 are refused whole (nothing consumed), then 4 pass.
  const over = await call(gw!.url, 'POST', '/api/v1/verify/bulk', { key, json: { hashes: asked } });
  expect(over.status).toBe(429);
  expect(over.body.code).toBe('QUOTA_EXCEEDED');
  expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
  expect((await call(gw!.url, 'POST', '/api/v1/verify/bulk', { key, json: { hashes: asked.slice(0, 4) } })).status).toBe(200);
  // Bad input: a clear problem, nothing counted.
  const bad = await call(gw!.url, 'POST', '/api/v1/verify/bulk', { key: gw!.callers.auditor!.apiKey, json: { hashes: [unknown, 'XYZ'] } });
  expect(bad.status).toBe(400);
  expect(bad.body.errors[0].field).toMatch(/hashes\/1/);
  const tooMany = await call(gw!.url, 'POST', '/api/v1/verify/bulk', { key: gw!.callers.auditor!.apiKey, json: { hashes: Array.from({ length: 1001 }, () => unknown) } });
  expect(tooMany.status).toBe(400);
  expect((await call(gw!.url, 'POST', '/api/v1/verify/bulk', { json: { hashes: [unknown] } })).status).toBe(401);
  const spec = await call(gw!.url, 'GET', '/api/docs/openapi.json');
  expect(spec.body.paths['/api/v1/verify/bulk'].post['x-roles']).toContain('verifier');
});

function gatewayHomeOf(): string {
  return path.join(testContext().home.root, 'gateway-tests', DB);
}

async function startTestGatewayWithout(damage: () => void): Promise<void> {
  damage();
  gw = await startTestGateway(DB, { VANBANG_PUBLIC_RATE_LIMIT: '100000', VANBANG_EVENTS_START: 'latest', VANBANG_STATUS_INDEX_SAMPLE_SECONDS: '0' }, captured());
}
