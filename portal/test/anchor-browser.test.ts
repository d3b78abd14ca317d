// The "Neo công khai / Public anchor" section in real Chromium, with the gateway's answers mocked:
// the built portal (portal/dist, built here when stale) served by the gateway's own portal router
// and security headers (the strict CSP), and the public API answered from fixtures — the test
// network's gateway does not anchor, so test/integration/portal.test.ts cannot reach these states.
// A file check (JSON and PDF) and the /v/{hash} page, anchored, with an anchored revocation,
// awaiting, not configured and unreadable; the proof file download; axe; screenshots at 390 px and
// 1280 px (var/test-artifacts/portal/portal-anchor-*.png).
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createDocument, loadDiplomaFonts, renderDiplomaPdf, signDocument, verifySignature, type SignedDiplomaDocument } from '../../document/src/node';
import { BACHELOR } from '../../document/test/fixtures';
import { createTestCa, issueTestIdentity } from '../../document/test/test-pki';
import { securityHeaders } from '../../gateway/src/http/security-headers';
import { portalRouter } from '../../gateway/src/portal/static-portal';
import { CHROMIUM_PATH, chromiumArgs, ensureChromium } from '../../scripts/lib/chromium';
import { buildPortal, PORTAL_DIST } from '../../scripts/lib/portal-build';
import type { AnchorAnswer, LedgerEvents, LedgerView, PublicIssuer, TrustAnchors } from '../src/api/types';
import { anchorProofFile } from '../src/verify/anchor';
import { anchored, awaiting } from './anchor-fixtures';

jest.setTimeout(60_000);

const ARTIFACTS = path.join(__dirname, '..', '..', 'var', 'test-artifacts', 'portal');
const hashOf = (n: number) => n.toString(16).padStart(2, '0').repeat(32);
const REVOKED = hashOf(0xa1);
const AWAITING = hashOf(0xa2);
const AWAITING_EARLIER = hashOf(0xa3);
const NOT_CONFIGURED = hashOf(0xa4);
const UNREADABLE = hashOf(0xa5);
const LOCAL_CHAIN = hashOf(0xa6);

const ISSUER: PublicIssuer = {
  code: 'BKA', name: 'Trường Đại học Bách khoa Hà Nội', kind: 'UNIVERSITY', status: 'ACTIVE', hostMsp: 'MoetMSP',
  successorCode: null, diplomaTypes: ['CU_NHAN', 'KY_SU'], validFrom: '2020-01-01', validTo: null,
};

let server: import('node:http').Server;
let base = '';
let browser: Browser;
let context: BrowserContext;
let diploma: SignedDiplomaDocument;
let diplomaPdf: Uint8Array;
let validAnchor: AnchorAnswer;
const answers = new Map<string, { view: LedgerView; events: LedgerEvents }>();

/** The gateway's answers for one hash: its status, its life on the ledger, its anchor. */
function ledgerFixture(documentHash: string, anchor: unknown, opts: { revoked?: boolean; fingerprint?: string } = {}): void {
  const txOf = (n: number) => `${(n + 1).toString(16)}${documentHash.slice(1)}`;
  const event = (type: string, n: number, decision: { number: string; date: string } | null) => ({
    type, transactionId: txOf(n), blockNumber: 40 + n * 17, timestamp: `2026-11-0${n + 1}T03:00:00.000Z`, organization: 'MoetMSP',
    organizationName: 'Bộ Giáo dục và Đào tạo', decision, status: n === 0 ? 'VALID' : 'REVOKED', version: 1, documentHash, details: {},
  });
  const events = [event('DiplomaIssued', 0, null), ...(opts.revoked ? [event('DiplomaRevoked', 1, { number: '71/QĐ-ĐHBK', date: '2026-11-02' })] : [])];
  answers.set(documentHash, {
    view: {
      result: opts.revoked ? 'REVOKED' : 'VALID', valid: !opts.revoked, ...(opts.revoked ? { reason: 'REVOKED' } : {}),
      signer: { fingerprint: opts.fingerprint ?? 'f'.repeat(64), committedAt: '2026-11-01T03:00:00.000Z', status: 'TRUSTED', registered: true, compromisedAt: null, revokedAt: null },
      documentHash, diplomaId: 'BKA:BKA-2024-000123', diplomaType: 'CU_NHAN', graduationYear: 2024,
      issuer: { code: 'BKA', name: ISSUER.name, status: 'ACTIVE' }, currentVersion: 1, hashVersion: 1, supersededBy: null,
      revocation: opts.revoked ? { ground: 'FRAUD', decision: { number: '71/QĐ-ĐHBK', date: '2026-11-02' }, timestamp: '2026-11-02T03:00:00.000Z' } : null,
      latestEvent: { type: events[events.length - 1]!.type, txId: events[events.length - 1]!.transactionId, timestamp: events[events.length - 1]!.timestamp },
      anchor: anchor as AnchorAnswer | null,
    },
    events: { documentHash, diplomaId: 'BKA:BKA-2024-000123', currentDocumentHash: documentHash, supersededBy: null, events },
  });
}

async function mockGateway(trust: TrustAnchors): Promise<void> {
  const app = express();
  app.use((req, res, next) => securityHeaders(req, res, next));
  const notFound = (res: express.Response) => res.status(404).type('application/problem+json').send(JSON.stringify({ status: 404, title: 'Not Found' }));
  app.get('/api/v1/verify/:hash', (req, res) => {
    const known = answers.get(req.params.hash);
    if (known) res.json(known.view);
    else res.json({ result: 'NOT_FOUND', valid: false, reason: 'NOT_FOUND', documentHash: req.params.hash });
  });
  app.get('/api/v1/verify/:hash/events', (req, res) => {
    const known = answers.get(req.params.hash);
    if (known) res.json(known.events);
    else notFound(res);
  });
  app.get('/api/v1/public/issuers/:code', (req, res) => (req.params.code === 'BKA' ? res.json(ISSUER) : notFound(res)));
  app.get('/api/v1/public/trust-anchors', (_req, res) => res.json(trust));
  app.use('/api', (_req, res) => notFound(res));
  app.use(portalRouter(PORTAL_DIST));
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  buildPortal();
  ensureChromium();
  const ca = await createTestCa('MoetMSP');
  const identity = await issueTestIdentity(ca, 'bka-issuer', { from: new Date('2020-01-01'), to: new Date('2040-01-01') }, {
    subject: 'CN=bka-issuer, OU=client, O=Trường Đại học Bách khoa Hà Nội, C=VN',
  });
  diploma = signDocument(createDocument(BACHELOR), { ...identity, mspId: 'MoetMSP' }, { now: new Date('2026-10-30T02:00:00.000Z') });
  diplomaPdf = await renderDiplomaPdf(diploma, { verifyUrlBase: 'https://vanbang.example.vn/v', fonts: loadDiplomaFonts() });
  const signed = await verifySignature(diploma, [ca.certificatePem]);
  expect(signed.ok).toBe(true);
  validAnchor = anchored(diploma.documentHash, ['ISSUED']);
  ledgerFixture(diploma.documentHash, validAnchor, { fingerprint: signed.signerFingerprint });
  ledgerFixture(REVOKED, anchored(REVOKED, ['ISSUED', 'REVOKED']), { revoked: true });
  ledgerFixture(AWAITING, awaiting(AWAITING));
  ledgerFixture(AWAITING_EARLIER, awaiting(AWAITING_EARLIER, ['ISSUED']), { revoked: true });
  ledgerFixture(NOT_CONFIGURED, null);
  ledgerFixture(UNREADABLE, { status: 'ANCHORED', events: [{ event: 'ISSUED' }] });
  ledgerFixture(LOCAL_CHAIN, anchored(LOCAL_CHAIN, ['ISSUED'], { chainId: 1337, steps: 0 }));
  await mockGateway({ organizations: [{ mspId: 'MoetMSP', name: 'Bộ Giáo dục và Đào tạo', caCertificatesPem: [ca.certificatePem] }] });
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: chromiumArgs(), headless: true });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  context.setDefaultTimeout(15_000);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
});

const anchorSection = (page: Page) => page.locator('[data-testid=anchor]');

async function openHash(hash: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${base}/v/${hash}`);
  await page.locator('[data-testid=verdict]').waitFor();
  return page;
}

async function checkFile(name: string, content: string | Uint8Array): Promise<Page> {
  mkdirSync(path.join(ARTIFACTS, 'files'), { recursive: true });
  const file = path.join(ARTIFACTS, 'files', name);
  writeFileSync(file, content);
  const page = await context.newPage();
  await page.goto(`${base}/`);
  await page.locator('[data-testid=file-input]').setInputFiles(file);
  await page.locator('[data-testid=verdict]').waitFor();
  return page;
}

/** No serious or critical WCAG 2.1 A/AA violation on the page as it is now. */
async function expectAccessible(page: Page, state: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect({ state, violations: bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`) }).toEqual({ state, violations: [] });
}

/** Screenshots (the page, and the anchor section alone) at a phone's width (390 px) and a desktop's (1280 px); nothing wider than the page, down to 360 px. */
async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  for (const width of [360, 390, 1280]) {
    await page.setViewportSize({ width, height: width === 1280 ? 900 : 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect({ name, width, overflow }).toEqual({ name, width, overflow: 0 });
    if (width === 360) continue; // the narrowest phone the portal supports: checked, not kept
    await page.screenshot({ path: path.join(ARTIFACTS, `portal-anchor-${name}-${width}.png`), fullPage: true });
    // The section alone, at full resolution.
    await page.locator('[data-testid=anchor]').screenshot({ path: path.join(ARTIFACTS, `portal-anchor-${name}-section-${width}.png`) });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('the public anchor on a file check', () => {
  test('a valid JSON diploma, anchored: the verdict is the ledger\'s, the anchor\'s facts, the proof folded, the proof file to download', async () => {
    const page = await checkFile('anchored.json', JSON.stringify(diploma));
    expect(await page.locator('[data-testid=verdict]').getAttribute('data-verdict')).toBe('valid');
    const section = anchorSection(page);
    expect(await section.getAttribute('data-anchor-status')).toBe('ANCHORED');
    await expect(section.locator('h3').innerText()).resolves.toBe('Neo công khai');
    await expect(section.locator('[data-testid=anchor-status]').innerText()).resolves.toBe('Đã neo lên chuỗi khối công khai');
    const event = validAnchor.events[0]!;
    const facts = section.locator('[data-testid=anchor-event][data-event=ISSUED]');
    await expect(facts.locator('[data-testid=anchor-chain]').innerText()).resolves.toBe('11155111 (Sepolia, mạng thử nghiệm)');
    await expect(facts.locator('[data-testid=anchor-contract]').innerText()).resolves.toBe(event.chain.contract);
    await expect(facts.locator('[data-testid=anchor-tx]').innerText()).resolves.toBe(event.chain.transactionHash);
    await expect(facts.locator('[data-testid=anchor-evm-block]').innerText()).resolves.toBe(String(event.chain.blockNumber));
    await expect(facts.locator('[data-testid=anchor-root]').innerText()).resolves.toBe(event.root);
    await expect(facts.locator('[data-testid=anchor-period]').innerText()).resolves.toBe(`kỳ số ${event.periodId}, các khối Fabric ${event.fabricBlocks.first}–${event.fabricBlocks.last}`);
    await expect(facts.locator('time').getAttribute('datetime')).resolves.toBe(event.anchoredAt);
    expect(await facts.locator('[data-testid=anchor-proof-steps]').getAttribute('data-steps')).toBe('17');
    // The proof is folded: 17 siblings, shown on demand, in full.
    const proof = facts.locator('details.anchor-proof');
    expect(await proof.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await proof.locator('summary').click();
    await expect(proof.locator('li').allInnerTexts()).resolves.toEqual(event.proof);
    await expect(section.locator('[data-testid=anchor-revocation]').count()).resolves.toBe(0);
    await expect(section.locator('[data-testid=anchor-command]').innerText()).resolves.toBe(
      `scripts/vanbang verify diploma.json \\\n  --anchor-proof anchor-proof-${diploma.documentHash.slice(0, 12)}.json \\\n  --evm-rpc URL \\\n  --contract ${event.chain.contract}`,
    );
    // The proof file: built in the browser from the answer, named after the hash.
    const [download] = await Promise.all([page.waitForEvent('download'), section.locator('[data-testid=anchor-download]').click()]);
    expect(download.suggestedFilename()).toBe(`anchor-proof-${diploma.documentHash.slice(0, 12)}.json`);
    const saved = path.join(ARTIFACTS, 'files', download.suggestedFilename());
    await download.saveAs(saved);
    expect(JSON.parse(readFileSync(saved, 'utf8'))).toEqual(anchorProofFile(diploma.documentHash, validAnchor.events));
    expect(JSON.parse(readFileSync(saved, 'utf8'))).toMatchObject({ format: 'vanbang-anchor-proof-v1', documentHash: diploma.documentHash });
    await expectAccessible(page, 'anchored JSON');
    await screenshots(page, 'file-anchored');
    await page.close();
  });

  test('its PDF: the same anchor section', async () => {
    const page = await checkFile('anchored.pdf', diplomaPdf);
    expect(await page.locator('[data-testid=verdict]').getAttribute('data-verdict')).toBe('valid');
    expect(await page.locator('[data-testid=checks] li[data-step=integrity]').getAttribute('data-result')).toBe('pass');
    expect(await anchorSection(page).getAttribute('data-anchor-status')).toBe('ANCHORED');
    await page.close();
  });
});

describe('the public anchor on /v/{hash}', () => {
  test('a revoked diploma whose revocation is anchored too: the verdict stays the ledger\'s "not valid"; in English', async () => {
    const page = await openHash(REVOKED);
    expect(await page.locator('[data-testid=verdict]').getAttribute('data-verdict')).toBe('invalid');
    const section = anchorSection(page);
    expect(await section.getAttribute('data-anchor-status')).toBe('ANCHORED');
    await expect(section.locator('[data-testid=anchor-event]').evaluateAll((li) => li.map((e) => e.getAttribute('data-event')))).resolves.toEqual(['ISSUED', 'REVOKED']);
    await expect(section.locator('[data-testid=anchor-revocation]').innerText()).resolves.toBe('Việc thu hồi văn bằng này cũng đã được neo công khai.');
    await expectAccessible(page, 'anchored revocation');
    await screenshots(page, 'hash-revoked');
    await page.locator('[data-testid=lang-switch]').click();
    await expect(section.locator('h3').innerText()).resolves.toBe('Public anchor');
    await expect(section.locator('[data-testid=anchor-revocation]').innerText()).resolves.toBe('The revocation of this diploma is anchored too.');
    await expect(section.locator('[data-testid=anchor-download]').innerText()).resolves.toBe('Download anchor proof (JSON)');
    await section.locator('details.anchor-proof summary').first().click();
    await expectAccessible(page, 'anchored revocation, English');
    await screenshots(page, 'hash-revoked-en');
    await page.locator('[data-testid=lang-switch]').click();
    await page.close();
  });

  test('awaiting anchoring: said so, with why the ledger\'s answer already stands; nothing to download', async () => {
    const page = await openHash(AWAITING);
    expect(await page.locator('[data-testid=verdict]').getAttribute('data-verdict')).toBe('valid');
    const section = anchorSection(page);
    expect(await section.getAttribute('data-anchor-status')).toBe('AWAITING_ANCHORING');
    await expect(section.locator('[data-testid=anchor-status]').innerText()).resolves.toBe('Đang chờ neo công khai');
    await expect(section.innerText()).resolves.toContain('Kết quả từ sổ cái Fabric ở trên đã là kết quả chính thức.');
    await expect(section.locator('[data-testid=anchor-event]').count()).resolves.toBe(0);
    await expect(section.locator('[data-testid=anchor-download]').count()).resolves.toBe(0);
    await expectAccessible(page, 'awaiting');
    await screenshots(page, 'hash-awaiting');
    await page.close();
  });

  test('awaiting, with an earlier event anchored: that event and its proof file', async () => {
    const page = await openHash(AWAITING_EARLIER);
    const section = anchorSection(page);
    expect(await section.getAttribute('data-anchor-status')).toBe('AWAITING_ANCHORING');
    await expect(section.locator('[data-testid=anchor-event]').evaluateAll((li) => li.map((e) => e.getAttribute('data-event')))).resolves.toEqual(['ISSUED']);
    await expect(section.locator('[data-testid=anchor-revocation]').count()).resolves.toBe(0); // the revocation is not anchored yet
    await expect(section.locator('[data-testid=anchor-download]').count()).resolves.toBe(1);
    await page.close();
  });

  test('a local development chain is never called public', async () => {
    const page = await openHash(LOCAL_CHAIN);
    const section = anchorSection(page);
    await expect(section.locator('[data-testid=anchor-chain]').innerText()).resolves.toBe('1337 (chuỗi cục bộ, không công khai)');
    await expect(section.locator('[data-testid=anchor-local-chain]').count()).resolves.toBe(1);
    await expect(section.locator('[data-testid=anchor-proof-steps]').innerText()).resolves.toBe('0 bước (kỳ neo chỉ có một sự kiện)');
    await page.close();
  });

  test('anchoring not configured: no section at all', async () => {
    const page = await openHash(NOT_CONFIGURED);
    expect(await page.locator('[data-testid=verdict]').getAttribute('data-verdict')).toBe('valid');
    await expect(anchorSection(page).count()).resolves.toBe(0);
    await page.close();
  });

  test('an anchor member that cannot be read: a short notice, the verdict untouched', async () => {
    const page = await openHash(UNREADABLE);
    expect(await page.locator('[data-testid=verdict]').getAttribute('data-verdict')).toBe('valid');
    expect(await anchorSection(page).getAttribute('data-anchor-status')).toBe('UNREADABLE');
    await page.close();
  });
});
