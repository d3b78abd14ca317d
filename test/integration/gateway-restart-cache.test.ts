// Issue 12, first part: after a gateway restart on an idle ledger (no write since), public verify
// is served without a chaincode query within a second of start — by the verify cache and by the
// status index, which resumes from its stored checkpoint. The event listener follows the peer's
// blocks, so it knows it has caught up as soon as it has read the last committed block — before,
// it waited for a chaincode event at the chain's head, which an idle ledger never sends.
import { bkaDiploma } from '../support/gateway-fixtures';
import { call, knownAnswer, startTestGateway, waitFor, type TestGateway } from './gateway-helpers';

const DB = 'gateway_restart_cache';
const P = `R${Date.now().toString(36).toUpperCase().slice(-5)}`;
let gw: TestGateway | undefined;
afterAll(async () => {
  await gw?.close();
});

// `latest`: a fresh database follows from the chain's head instead of mirroring the whole, by then
// large, test ledger; the restart resumes from the checkpoint like any gateway.
test('a restarted gateway on an idle ledger serves verify from its cache within a second', async () => {
  gw = await startTestGateway(DB, { VANBANG_PUBLIC_RATE_LIMIT: '100000', VANBANG_EVENTS_START: 'latest' });
  const issued = await call(gw.url, 'POST', '/api/v1/diplomas', { key: gw.callers['bka-issuer']!.apiKey, json: bkaDiploma(P, 1) });
  expect(issued.status).toBe(201);
  const hash = (issued.body as { documentHash: string }).documentHash;
  await waitFor('verify cache live', async () => (gw!.runtime.ctx.verifyCache.isLive ? true : undefined));
  await waitFor('status index live', async () => (gw!.runtime.statusIndex!.isLive ? true : undefined), 240_000);
  await gw.close();
  gw = undefined;

  // No write in between: the last block holds our issuance, and nothing comes after it.
  gw = await startTestGateway(DB, { VANBANG_PUBLIC_RATE_LIMIT: '100000', VANBANG_EVENTS_START: 'latest' });
  const started = Date.now();
  await waitFor('verify cache and status index live after the restart', async () => (gw!.runtime.ctx.verifyCache.isLive && gw!.runtime.statusIndex!.isLive ? true : undefined), 10_000);
  expect(Date.now() - started).toBeLessThan(1_000);
  expect(gw.runtime.statusIndex!.answer(hash)?.status).toBe('VALID'); // resumed, not rebuilt: it already has the hash
  const first = await call(gw.url, 'GET', `/api/v1/verify/${hash}`);
  expect(first.status).toBe(200);
  expect(first.body.result).toBe('VALID');
  expect(knownAnswer(gw, hash)?.status).toBe('VALID'); // the next answer comes from the fast path

  // And both still follow the chain: after a revocation the answer is REVOKED at once.
  const revoked = await call(gw.url, 'POST', `/api/v1/diplomas/${encodeURIComponent((issued.body as { id: string }).id)}/revocations`, {
    key: gw.callers['bka-issuer']!.apiKey, json: { ground: 'FRAUD', decision: { number: '7/QĐ-ĐHBK', date: '2026-09-01' } },
  });
  expect(revoked.status).toBe(201);
  expect((await call(gw.url, 'GET', `/api/v1/verify/${hash}`)).body.result).toBe('REVOKED');
});
