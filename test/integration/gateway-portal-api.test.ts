// The gateway's side of the public verification portal, end to end on the real test network:
// serving the built portal (and its SPA routes), sending browsers from the API's verify URL to
// the portal page, security headers, the public timeline / issuer / trust anchors, the lookup's
// proof-of-work challenge, and signed verification receipts (JSON and PDF).
import { verify, X509Certificate } from 'node:crypto';
import { mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { canonicalJson } from '../../document/src';
import { listAttachments } from '../../document/src/pdf/attachment';
import { CONTENT_SECURITY_POLICY } from '../../gateway/src/http/security-headers';
import { bkaDiploma } from '../support/gateway-fixtures';
import { fetchLookupChallenge, lookupChallengeHeaders, solveLookupChallenge } from '../support/lookup-challenge';
import { call, enc, gatewayHome, knownAnswer, startTestGateway, waitFor, type Reply, type TestGateway } from './gateway-helpers';

let gw: TestGateway;
const P = `W${Date.now().toString(36).toUpperCase().slice(-5)}`;
const key = (name: string) => gw.callers[name]!.apiKey;
const decision = (n: number) => ({ number: `${n}/QĐ-ĐHBK`, date: '2026-09-01' });
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
const unknownHash = () => Array.from({ length: 64 }, () => '0123456789abcdef'[Math.floor(Math.random() * 16)]).join('');

const portalDir = path.join(gatewayHome('gateway_portal'), 'portal-build');
const INDEX_HTML = '<!doctype html><html lang="vi"><head><script type="module" src="/assets/app-3f9a1c.js"></script></head><body data-test="portal-index"></body></html>';
const ASSET = 'console.log("portal");';

/** Every public answer of this file, to check that none sets a cookie. */
const publicReplies: { what: string; headers: Headers }[] = [];
async function publicCall(method: string, pathname: string, opts: Parameters<typeof call>[3] = {}): Promise<Reply> {
  const res = await call(gw.url, method, pathname, opts);
  publicReplies.push({ what: `${method} ${pathname}`, headers: res.headers });
  return res;
}
async function raw(pathname: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(gw.url + pathname, { redirect: 'manual', ...init });
  publicReplies.push({ what: `GET ${pathname}`, headers: res.headers });
  return res;
}

beforeAll(async () => {
  mkdirSync(path.join(portalDir, 'assets'), { recursive: true });
  writeFileSync(path.join(portalDir, 'index.html'), INDEX_HTML);
  writeFileSync(path.join(portalDir, 'assets', 'app-3f9a1c.js'), ASSET);
  gw = await startTestGateway('gateway_portal', { VANBANG_PUBLIC_RATE_LIMIT: '100000', VANBANG_PORTAL_DIR: portalDir, VANBANG_LOOKUP_POW_MAXNUMBER: '2000' });
});
afterAll(async () => {
  await gw?.close();
});

describe('the portal build', () => {
  it('serves index.html (no-store) at / and for the app routes /v/{hash} and /lookup', async () => {
    for (const p of ['/', `/v/${unknownHash()}`, '/lookup']) {
      const res = await raw(p);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.text()).toBe(INDEX_HTML);
    }
  });

  it('serves assets with a year of immutable caching, and a 404 problem for a missing one', async () => {
    const res = await raw('/assets/app-3f9a1c.js');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(ASSET);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const missing = await raw('/assets/nothing-here.js');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((await raw('/api/v1/no-such-endpoint')).status).toBe(404); // the API is not swallowed by the fallback
  });

  it('answers a readable 503 problem when the portal is not built', async () => {
    const index = path.join(portalDir, 'index.html');
    renameSync(index, `${index}.away`);
    try {
      const res = await call(gw.url, 'GET', '/');
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe('PORTAL_NOT_BUILT');
      expect(res.body.detail).toContain('npm run build');
    } finally {
      renameSync(`${index}.away`, index);
    }
    expect((await raw('/')).status).toBe(200);
  });
});

describe('a browser on the API verify URL (QR code of an older PDF)', () => {
  it('gets 303 to /v/{hash}; programs keep the JSON', async () => {
    const hash = unknownHash();
    const browser = await raw(`/api/v1/verify/${hash}`, { headers: { accept: BROWSER_ACCEPT } });
    expect(browser.status).toBe(303);
    expect(browser.headers.get('location')).toBe(`/v/${hash}`);
    for (const accept of ['*/*', 'application/json', 'application/json, text/html;q=0.5', 'text/html;q=0.5, application/json']) {
      const res = await publicCall('GET', `/api/v1/verify/${hash}`, { headers: { accept } });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ result: 'NOT_FOUND', valid: false, reason: 'NOT_FOUND', documentHash: hash });
    }
    expect((await publicCall('GET', `/api/v1/verify/${hash}`)).status).toBe(200); // no Accept at all
  });

  it('gets the 303 from the fast path too, when the answer is cached', async () => {
    // The cache goes live when the event listener sees an event at the chain's head; on an idle
    // ledger (the last block held no event of ours) that takes a write (issue 12).
    expect((await call(gw.url, 'POST', '/api/v1/diplomas', { key: key('bka-issuer'), json: bkaDiploma(P, 90) })).status).toBe(201);
    await waitFor('verify cache live', async () => (gw.runtime.ctx.verifyCache.isLive ? true : undefined));
    const hash = unknownHash();
    expect((await publicCall('GET', `/api/v1/verify/${hash}`)).body.result).toBe('NOT_FOUND');
    expect(knownAnswer(gw, hash)).toBeDefined(); // the next answer comes from the fast path
    const browser = await raw(`/api/v1/verify/${hash}`, { headers: { accept: BROWSER_ACCEPT } });
    expect(browser.status).toBe(303);
    expect(browser.headers.get('location')).toBe(`/v/${hash}`);
    expect(browser.headers.get('content-security-policy')).toContain("default-src 'self'");
    const machine = await publicCall('GET', `/api/v1/verify/${hash}`, { headers: { accept: 'application/json' } });
    expect(machine.status).toBe(200);
    expect(machine.body.result).toBe('NOT_FOUND');
  });
});

describe('security headers', () => {
  it('sends the strict CSP, camera for this origin only, no referrer, nosniff on pages and API answers', async () => {
    for (const p of ['/', '/api/v1/health', `/api/v1/verify/${unknownHash()}`, '/api/v1/nothing']) {
      const res = await raw(p);
      const csp = res.headers.get('content-security-policy') ?? '';
      const directives = Object.fromEntries(csp.split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
        const [name, ...values] = d.split(/\s+/);
        return [name, values];
      }));
      expect(directives).toEqual(CONTENT_SECURITY_POLICY);
      expect(directives['default-src']).toEqual(["'self'"]);
      expect(directives['frame-ancestors']).toEqual(["'none'"]);
      expect(directives['object-src']).toEqual(["'none'"]);
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(res.headers.get('permissions-policy')).toBe('camera=(self)');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });
});

describe('public timeline, issuer and trust anchors', () => {
  let issued: { id: string; documentHash: string; transactionId: string; blockNumber: number; document: { signature: { certificatePem: string; mspId: string } } };
  let corrected: { documentHash: string; transactionId: string; blockNumber: number };
  let revoked: { transactionId: string; blockNumber: number };

  beforeAll(async () => {
    const i = await call(gw.url, 'POST', '/api/v1/diplomas', { key: key('bka-issuer'), json: bkaDiploma(P, 1) });
    expect(i.status).toBe(201);
    issued = i.body;
    const c = await call(gw.url, 'POST', `/api/v1/diplomas/${enc(issued.id)}/corrections`, {
      key: key('bka-issuer'), json: { changes: { fullName: 'Trần Thị Hòa' }, reason: 'CIVIL_STATUS_CHANGE', decision: decision(88) },
    });
    expect(c.status).toBe(201);
    corrected = c.body;
    const r = await call(gw.url, 'POST', `/api/v1/diplomas/${enc(issued.id)}/revocations`, { key: key('bka-issuer'), json: { ground: 'FRAUD', decision: decision(91) } });
    expect(r.status).toBe(201);
    revoked = r.body;
  });

  it('lists the events in order with transactions, blocks, organizations and decisions, by the hash of any version', async () => {
    for (const hash of [issued.documentHash, corrected.documentHash]) {
      const res = await publicCall('GET', `/api/v1/verify/${hash}/events`);
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit')).toBeTruthy(); // the public limiter counts it
      expect(res.body.documentHash).toBe(hash);
      expect(res.body.diplomaId).toBe(issued.id);
      // Both versions point to the version in force; nothing replaced this diploma.
      expect(res.body.currentDocumentHash).toBe(corrected.documentHash);
      expect(res.body.supersededBy).toBeNull();
      const events = res.body.events as { type: string; transactionId: string; blockNumber: number; organization: string; decision: unknown; version: number; status: string }[];
      expect(events.map((e) => e.type)).toEqual(['DiplomaIssued', 'DiplomaCorrected', 'DiplomaRevoked']);
      expect(events.map((e) => e.transactionId)).toEqual([issued.transactionId, corrected.transactionId, revoked.transactionId]);
      expect(events.map((e) => e.blockNumber)).toEqual([issued.blockNumber, corrected.blockNumber, revoked.blockNumber]);
      expect(issued.blockNumber).toBeLessThan(corrected.blockNumber);
      expect(corrected.blockNumber).toBeLessThan(revoked.blockNumber);
      expect(events[0]).toMatchObject({ organization: 'MinistryMSP', decision: null, version: 1 });
      expect(events[1]).toMatchObject({ decision: decision(88), version: 2 });
      expect(events[2]).toMatchObject({ decision: decision(91), status: 'REVOKED' });
      expect(JSON.stringify(res.body)).not.toMatch(/Trần|Hòa|Hoa|001304/); // no personal data
    }
  });

  it('404 problem for a hash the ledger does not know, 400 for a malformed one', async () => {
    const res = await publicCall('GET', `/api/v1/verify/${unknownHash()}/events`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('NOT_FOUND');
    expect((await publicCall('GET', '/api/v1/verify/XYZ/events')).status).toBe(400);
  });

  it('publishes an issuer of the registry; 404 for an unknown code, 400 for a malformed one', async () => {
    const res = await publicCall('GET', '/api/v1/public/issuers/BKA');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: 'BKA', name: 'Đại học Bách khoa Hà Nội', hostMsp: 'MinistryMSP', hostOrganization: 'Bộ Giáo dục và Đào tạo', status: expect.any(String), kind: expect.any(String) });
    expect(res.body.diplomaTypes).toContain('KY_SU');
    expect(Object.keys(res.body).sort()).toEqual(['code', 'diplomaTypes', 'hostMsp', 'hostOrganization', 'kind', 'name', 'status', 'successorCode', 'validFrom', 'validTo']);
    const none = await publicCall('GET', '/api/v1/public/issuers/NOPE42');
    expect(none.status).toBe(404);
    expect(none.body.code).toBe('NOT_FOUND');
    expect((await publicCall('GET', '/api/v1/public/issuers/bad%20code')).status).toBe(400);
  });

  it('publishes the CA certificates the gateway trusts; the diploma signer chains to its organization\'s', async () => {
    const res = await publicCall('GET', '/api/v1/public/trust-anchors');
    expect(res.status).toBe(200);
    const orgs = res.body.organizations as { mspId: string; caCertificatesPem: string[] }[];
    expect(orgs.map((o) => o.mspId)).toEqual(Object.keys(gw.runtime.ctx.profile.caCertPaths).sort());
    const ministry = orgs.find((o) => o.mspId === issued.document.signature.mspId)!;
    expect(ministry.caCertificatesPem.length).toBeGreaterThan(0);
    const signer = new X509Certificate(issued.document.signature.certificatePem);
    expect(ministry.caCertificatesPem.some((pem) => signer.checkIssued(new X509Certificate(pem)))).toBe(true);
    const other = orgs.find((o) => o.mspId !== ministry.mspId)!;
    expect(other.caCertificatesPem.some((pem) => signer.checkIssued(new X509Certificate(pem)))).toBe(false);
  });

  describe('verification receipts', () => {
    it('signs the ledger\'s own answer: REVOKED for a revoked hash whatever the browser reports', async () => {
      const res = await publicCall('POST', '/api/v1/verification-receipts', {
        json: { documentHash: corrected.documentHash, presentedChecks: { integrity: true, signature: true, hiddenFields: ['personalIdNumber', 'ethnicity'] } },
      });
      expect(res.status).toBe(201);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const { receipt, signature } = res.body;
      expect(receipt).toMatchObject({
        version: 1, documentHash: corrected.documentHash, result: 'REVOKED', diplomaId: issued.id, issuerCode: 'BKA',
        revocation: { ground: 'FRAUD', decision: decision(91) },
        presentedChecks: { reportedBy: 'verifier-browser', integrity: true, signature: true, hiddenFields: ['ethnicity', 'personalIdNumber'] },
      });
      expect(receipt.receiptId).toMatch(/^[0-9a-f-]{36}$/);
      expect(receipt.ledger.channel).toBe(gw.runtime.ctx.profile.channel);
      expect(receipt.ledger.height).toBeGreaterThan(revoked.blockNumber);
      expect(receipt.ledger.transactionIds).toEqual([issued.transactionId, corrected.transactionId, revoked.transactionId]);
      expect(signature).toMatchObject({ algorithm: 'ECDSA-P256-SHA256', mspId: 'MinistryMSP' });
      // Checkable by anyone with node:crypto: the context string + canonical JSON, DER signature.
      const signed = Buffer.from(`vanbang-verification-receipt-v1:${canonicalJson(receipt)}`, 'utf8');
      const cert = new X509Certificate(signature.certificatePem);
      expect(verify('sha256', signed, { key: cert.publicKey, dsaEncoding: 'der' }, Buffer.from(signature.value, 'base64'))).toBe(true);

      // A result, or any other field the client makes up, is refused: nothing is taken from it.
      const claim = await publicCall('POST', '/api/v1/verification-receipts', { json: { documentHash: corrected.documentHash, result: 'VALID' } });
      expect(claim.status).toBe(400);
      expect(claim.body.code).toBe('VALIDATION_FAILED');
      const notFound = await publicCall('POST', '/api/v1/verification-receipts', { json: { documentHash: unknownHash() } });
      expect(notFound.status).toBe(201);
      expect(notFound.body.receipt).toMatchObject({ result: 'NOT_FOUND', ledger: { transactionIds: [] }, presentedChecks: { reportedBy: 'verifier-browser' } });
      expect(notFound.body.receipt.diplomaId).toBeUndefined();
      expect((await publicCall('POST', '/api/v1/verification-receipts', { json: { documentHash: 'abc' } })).status).toBe(400);
    });

    it('the check accepts a genuine receipt and rejects a tampered one', async () => {
      const { body } = await publicCall('POST', '/api/v1/verification-receipts', { json: { documentHash: issued.documentHash } });
      const ok = await publicCall('POST', '/api/v1/verification-receipts/check', { json: body });
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ ok: true, problems: [] });

      const tampered = JSON.parse(JSON.stringify(body));
      tampered.receipt.result = 'VALID';
      const bad = await publicCall('POST', '/api/v1/verification-receipts/check', { json: tampered });
      expect(bad.status).toBe(200);
      expect(bad.body.ok).toBe(false);
      expect(bad.body.problems.join(' ')).toMatch(/signature does not match/);

      // Signed with the right key but presented under a certificate of another organization's CA.
      const foreign = JSON.parse(JSON.stringify(body));
      foreign.signature.certificatePem = gw.runtime.ctx.vault.list().find((i) => i.mspId !== body.signature.mspId)!.certificatePem;
      const wrongCa = await publicCall('POST', '/api/v1/verification-receipts/check', { json: foreign });
      expect(wrongCa.body.ok).toBe(false);
      expect(wrongCa.body.problems.join(' ')).toMatch(/not issued by the CA of MinistryMSP/);

      expect((await publicCall('POST', '/api/v1/verification-receipts/check', { json: { receipt: body.receipt } })).status).toBe(400);
    });

    it('prints the receipt as a PDF with the signed receipt attached', async () => {
      const res = await fetch(`${gw.url}/api/v1/verification-receipts?format=pdf`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ documentHash: corrected.documentHash, presentedChecks: { integrity: true } }),
      });
      publicReplies.push({ what: 'POST receipt pdf', headers: res.headers });
      expect(res.status).toBe(201);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('cache-control')).toBe('no-store');
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect(Buffer.from(bytes.slice(0, 5)).toString('latin1')).toBe('%PDF-');
      const pdf = await PDFDocument.load(bytes);
      expect(pdf.getPageCount()).toBe(1);
      const attachments = listAttachments(pdf).filter((a) => a.name === 'vanbang-verification-receipt.json');
      expect(attachments).toHaveLength(1);
      const embedded = JSON.parse(Buffer.from(attachments[0]!.bytes).toString('utf8'));
      expect(embedded.receipt).toMatchObject({ documentHash: corrected.documentHash, result: 'REVOKED', presentedChecks: { integrity: true } });
      const check = await publicCall('POST', '/api/v1/verification-receipts/check', { json: embedded });
      expect(check.body).toEqual({ ok: true, problems: [] });
    });
  });

  describe('the lookup challenge', () => {
    const query = () => `/api/v1/lookup?serialNumber=${P}000001&fullName=${enc('Trần Thị Hòa')}`;

    it('hands out expiring challenges signed with a key kept under the gateway home (0600)', async () => {
      const res = await publicCall('GET', '/api/v1/lookup/challenge');
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.body).toMatchObject({ algorithm: 'SHA-256', maxnumber: 2000, challenge: expect.stringMatching(/^[0-9a-f]{64}$/), signature: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(res.body.salt).toMatch(/\?expires=[0-9]+/);
      const expires = Number(/expires=([0-9]+)/.exec(res.body.salt)![1]) * 1000;
      expect(expires - Date.now()).toBeGreaterThan(4 * 60_000);
      expect(expires - Date.now()).toBeLessThanOrEqual(5 * 60_000 + 1000);
      expect(statSync(path.join(gw.home, 'gateway', 'lookup-challenge.key')).mode & 0o777).toBe(0o600);
      expect((await publicCall('GET', '/api/v1/lookup/challenge')).body.challenge).not.toBe(res.body.challenge);
    });

    it('missing → 428, wrong → 403, valid → 200, replayed → 403', async () => {
      const missing = await publicCall('GET', query());
      expect(missing.status).toBe(428);
      expect(missing.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(missing.body.code).toBe('CHALLENGE_REQUIRED');

      const challenge = await fetchLookupChallenge(gw.url);
      const solved = await solveLookupChallenge(challenge);
      const payload = JSON.parse(Buffer.from(solved, 'base64').toString('utf8'));
      const wrongNumber = Buffer.from(JSON.stringify({ ...payload, number: payload.number + 1 })).toString('base64');
      const forged = Buffer.from(JSON.stringify({ ...payload, signature: '0'.repeat(64) })).toString('base64');
      for (const bad of [wrongNumber, forged, 'not base64 json', Buffer.from('{"a":1}').toString('base64')]) {
        const res = await publicCall('GET', query(), { headers: { 'x-altcha': bad } });
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('CHALLENGE_FAILED');
      }

      const ok = await publicCall('GET', query(), { headers: { 'x-altcha': solved } });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('cache-control')).toBe('no-store');
      expect(ok.body.results).toHaveLength(1);
      expect(ok.body.results[0]).toMatchObject({ diplomaId: issued.id, fullName: 'Trần Thị Hòa', status: 'REVOKED' });

      const replay = await publicCall('GET', query(), { headers: { 'x-altcha': solved } });
      expect(replay.status).toBe(403);
      expect(replay.body.code).toBe('CHALLENGE_FAILED');
      expect(replay.body.detail).toMatch(/already used/);
    });

    it('an API key (agencies) needs no challenge; a wrong key is a 401; a malformed query is a 400 before any challenge', async () => {
      const withKey = await call(gw.url, 'GET', query(), { key: key('auditor') });
      expect(withKey.status).toBe(200);
      expect(withKey.body.results[0].diplomaId).toBe(issued.id);
      expect((await call(gw.url, 'GET', query(), { key: 'vbk_not-a-real-key-at-all-xxxxxxxx' })).status).toBe(401);
      expect((await publicCall('GET', `/api/v1/lookup?serialNumber=${P}000001`)).status).toBe(400);
      const fresh = await lookupChallengeHeaders(gw.url);
      expect((await publicCall('GET', `/api/v1/lookup?serialNumber=${P}000001&dateOfBirth=2004-03-15`, { headers: fresh })).body.results).toHaveLength(1);
    });
  });

  it('keeps personal data out of caches: no-store on /diplomas', async () => {
    const res = await call(gw.url, 'GET', `/api/v1/diplomas/${enc(issued.id)}`, { key: key('auditor') });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

it('sets no cookie on any public answer', () => {
  expect(publicReplies.length).toBeGreaterThan(30);
  for (const r of publicReplies) expect({ what: r.what, setCookie: r.headers.get('set-cookie') }).toEqual({ what: r.what, setCookie: null });
});
