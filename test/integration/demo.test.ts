// npm run demo: the new user's walkthrough, run against a real gateway on the test network. It
// checks every answer itself; here we check what it reports and that a wrong answer stops it
// with a readable message.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DemoError, runDemo } from '../../scripts/lib/demo';
import { startTestGateway, type TestGateway } from './gateway-helpers';

let gw: TestGateway;
const lines: string[] = [];

beforeAll(async () => {
  gw = await startTestGateway('gateway_demo');
});
afterAll(async () => {
  await gw?.close();
});

const apiKeys = () => Object.fromEntries(Object.entries(gw.callers).map(([name, c]) => [name, c.apiKey]));

it('walks through issue, verify (hash, document, hidden fields, PDF), correct, revoke, history, lookup and a CSV cohort', async () => {
  const outDir = path.join(gw.home, 'demo');
  const summary = await runDemo({ url: gw.url, apiKeys: apiKeys(), rows: 600, log: (l) => lines.push(l), outDir });
  expect(summary.verifyResults).toEqual({
    byHash: 'VALID', byDocument: 'VALID', withHiddenFields: 'VALID', byPdf: 'VALID', oldHashAfterCorrection: 'CORRECTED', afterRevocation: 'REVOKED',
  });
  expect(summary.historyEvents.map((e) => e.type)).toEqual(['DiplomaIssued', 'DiplomaCorrected', 'DiplomaRevoked']);
  for (const e of summary.historyEvents) expect(e.transactionId).toMatch(/^[0-9a-f]{64}$/);
  expect(summary.batch).toMatchObject({ total: 600, committed: 600, failed: 0 });
  expect(lines.join('\n')).toContain('hidden: dateOfBirth, ethnicity, personalIdNumber');
  // The diploma left for the portal: its PDF on disk verifies VALID, its page is the portal's.
  const pdf = readFileSync(summary.forPortal.pdfFile!);
  const verified = await fetch(`${gw.url}/api/v1/verify`, { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: pdf });
  expect(((await verified.json()) as { result: string }).result).toBe('VALID');
  expect(summary.forPortal.pageUrl).toBe(`${gw.url}/v/${summary.forPortal.documentHash}`);
}, 300_000);

it('stops with a readable message when an answer is not the expected one', async () => {
  const wrong = { ...apiKeys(), 'bka-issuer': 'vbk_not-a-key' };
  await expect(runDemo({ url: gw.url, apiKeys: wrong, rows: 0, log: () => undefined })).rejects.toThrow(DemoError);
  await expect(runDemo({ url: gw.url, apiKeys: wrong, rows: 0, log: () => undefined })).rejects.toThrow(/POST \/api\/v1\/diplomas answered 401 instead of 201/);
  await expect(runDemo({ url: 'http://127.0.0.1:9', apiKeys: apiKeys(), rows: 0, log: () => undefined })).rejects.toThrow(/did not answer.*npm start/);
});
