// Issue 14, parts 3 and 4, on the real network: a compromised signing identity revoked at its CA,
// its CRL put into the Ministry's channel MSP by a configuration update, the revocation recorded
// in the ledger's signing-certificate registry; then its next issuance is refused, what it
// committed before the compromise still verifies and what it committed after does not — through
// the API and the `vanbang verify` command line — and a new key for the institution (key rotation)
// signs again while the old diplomas stay valid. The identities revoked and rotated here are made
// for this file at the Ministry CA; the demo bka-issuer other files use is untouched.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { signDocument, type SignedDiplomaDocument } from '../../document/src/node';
import { adminIdentityOf, certificateIdentifiers, ministryOf, REPO_ROOT, registerSigningCertificate } from '../../network/src';
import { fetchChannelConfig } from '../../network/src/channel-config/channel-config-update';
import { revocationLists } from '../../network/src/revocation/msp-revocation-list';
import { createBkaIdentity, profileWith, writeProfileWith, type ExtraIdentity } from '../support/extra-identity';
import { bkaDiploma } from '../support/gateway-fixtures';
import { LedgerClient } from '../support/ledger';
import { TEST_HOME, TEST_PORT_SHIFT, testContext, testProfile } from '../support/network';
import { call, gatewayHome, knownAnswer, startTestGateway, waitFor, type TestGateway } from './gateway-helpers';

const run = promisify(execFile);
const P = `V${Date.now().toString(36).toUpperCase().slice(-5)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let compromised: ExtraIdentity;
let rotating: ExtraIdentity;
let gw: TestGateway;
const key = (name: string) => gw.callers[name]!.apiKey;

interface Issued { id: string; documentHash: string; document: SignedDiplomaDocument }

async function issue(identity: ExtraIdentity, n: number): Promise<Issued> {
  const res = await call(gw.url, 'POST', '/api/v1/diplomas', { key: key(identity.name), json: bkaDiploma(P, n) });
  expect({ status: res.status, body: res.body }).toMatchObject({ status: 201 });
  return res.body as Issued;
}

/** The project's commands, as an operator runs them, against the test network's home. */
async function npmScript(command: string[], args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [path.join(REPO_ROOT, 'scripts', 'run.cjs'), ...command, ...args], {
    cwd: REPO_ROOT, env: { ...process.env, VANBANG_HOME: TEST_HOME, VANBANG_PORT_SHIFT: String(TEST_PORT_SHIFT) }, timeout: 170_000,
  });
  return stdout;
}

/** `scripts/vanbang verify FILE --gateway URL`: exit code and output. */
async function cliVerify(file: string): Promise<{ code: number; out: string }> {
  return run(path.join(REPO_ROOT, 'scripts', 'vanbang'), ['verify', file, '--gateway', gw.url], { timeout: 60_000 })
    .then((r) => ({ code: 0, out: r.stdout }), (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }));
}

function saveDocument(name: string, doc: unknown): string {
  const dir = path.join(gatewayHome('identity_revocation'), 'files');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

/**
 * Fabric CA (cfssl) rounds a certificate's validity to the nearest minute, and the gateway takes a
 * certificate found in the files only if it is newer than the one it holds (identity-reload.ts):
 * a key rotated in the same rounded minute as its enrollment would look no newer. Operators
 * rotate months apart; the test waits for the next rounded minute.
 */
let enrolledAt = 0;
async function afterEnrollmentMinute(): Promise<void> {
  const next = (Math.round(enrolledAt / 60_000) + 1) * 60_000 - 30_000 + 500;
  if (Date.now() < next) await sleep(next - Date.now());
}

/** After a rotation: the gateway's profile copy names the new key file; the gateway reloads it (as on SIGHUP). */
async function reloadGatewayIdentities(): Promise<string[]> {
  writeProfileWith(gatewayHome('identity_revocation'), compromised, rotating);
  return gw.runtime.reloadIdentities();
}

beforeAll(async () => {
  compromised = await createBkaIdentity('bka-compromised');
  rotating = await createBkaIdentity('bka-rotating');
  enrolledAt = Date.now();
  const profile = testProfile();
  const admin = adminIdentityOf(profile, ministryOf(testContext().topology));
  // Its administrators register a new signing identity's certificate before it signs anything.
  for (const identity of [compromised, rotating]) await registerSigningCertificate(profileWith(identity), admin, 'BKA', identity.certificatePem());
  const profileFile = writeProfileWith(gatewayHome('identity_revocation'), compromised, rotating);
  // Events from now on only: replaying the shared test ledger from its first block would keep the
  // verify cache from going live for minutes on a network other test files have filled.
  gw = await startTestGateway('identity_revocation', { VANBANG_CONNECTION_PROFILE: profileFile, VANBANG_PUBLIC_RATE_LIMIT: '100000', VANBANG_EVENTS_START: 'latest' });
});
afterAll(async () => {
  await gw?.close();
});

describe('the signing-certificate registry', () => {
  test('the seed registered the demo issuers\' signing certificates; a new identity\'s is registered before it signs', async () => {
    const ledger = new LedgerClient(testProfile(), 'auditor');
    try {
      const listed = await ledger.evaluate<{ records: { fingerprint: string; status: string; hostMsp: string }[] }>('SigningCertificates:ListSigningCertificates', { issuerCode: 'BKA' });
      const bkaIssuer = testProfile().identities.find((i) => i.name === 'bka-issuer')!;
      const fingerprints = listed.records.map((r) => r.fingerprint);
      expect(fingerprints).toEqual(expect.arrayContaining([certificateIdentifiers(readFileSync(bkaIssuer.certPath, 'utf8')).fingerprint, compromised.fingerprint(), rotating.fingerprint()]));
      expect(listed.records.every((r) => r.hostMsp === 'MinistryMSP')).toBe(true);
    } finally {
      ledger.close();
    }
  });
});

describe('a compromised identity: revoked at its CA, in the channel, on the ledger', () => {
  let before: Issued;
  let after: Issued;
  let compromisedAt: string;
  let revokeOutput: string;

  test('issues one diploma before the compromise and one after, both valid and signed by it for now', async () => {
    // The verify cache serves once the event listener has caught up; the status index once it has too.
    await waitFor('the verify cache to go live', async () => (gw.runtime.ctx.verifyCache.isLive ? true : undefined), 60_000);
    before = await issue(compromised, 1);
    await sleep(1_100);
    compromisedAt = new Date().toISOString();
    await sleep(1_100);
    after = await issue(compromised, 2);
    for (const d of [before, after]) {
      const v = await call(gw.url, 'GET', `/api/v1/verify/${d.documentHash}`);
      expect(v.body).toMatchObject({ result: 'VALID', valid: true, signer: { fingerprint: compromised.fingerprint(), status: 'TRUSTED', registered: true } });
    }
    expect(knownAnswer(gw, after.documentHash)?.signer?.status).toBe('TRUSTED'); // what the fast path serves
    // The ledger's commit time, not the document's, is what a verifier compares with the compromise.
    const signed = (await call(gw.url, 'GET', `/api/v1/verify/${after.documentHash}`)).body.signer.committedAt as string;
    expect(signed > compromisedAt).toBe(true);
  });

  test('npm run identity:revoke: CA revocation, the CRL in the Ministry MSP (application and orderer) on every peer, the ledger record', async () => {
    revokeOutput = await npmScript(['identity', 'revoke'], ['Ministry', compromised.name, '--compromised-at', compromisedAt, '--reason', 'keyCompromise']);
    expect(revokeOutput).toMatch(/Revoking it at the Ministry CA \(keyCompromise\)/);
    expect(revokeOutput).toMatch(/\/Channel\/Application\/MinistryMSP\/Admins needs the admin of MinistryMSP/);
    expect(revokeOutput).toMatch(/every peer applied configuration sequence \d+/);
    expect(revokeOutput).toMatch(/recorded: revoked .*, compromised from /);

    const ctx = testContext();
    const config = await fetchChannelConfig(ctx.home, ctx.topology, ministryOf(ctx.topology), gatewayHome('identity_revocation'));
    for (const section of ['Application', 'Orderer'] as const) {
      const crls = revocationLists(config, section, 'MinistryMSP');
      expect(crls).toHaveLength(1);
      expect(crls[0]).toContain('-----BEGIN X509 CRL-----');
    }
    const registry = await call(gw.url, 'GET', '/api/v1/public/signing-certificates/revoked');
    expect(registry.status).toBe(200);
    expect(registry.body.certificates).toEqual(expect.arrayContaining([expect.objectContaining({
      fingerprint: compromised.fingerprint(), issuerCode: 'BKA', status: 'REVOKED', compromisedAt: new Date(compromisedAt).toISOString(), reason: 'KEY_COMPROMISE',
    })]));
    expect(JSON.stringify(registry.body)).not.toContain(compromised.name); // no identity name (CN) is published
  });

  test('its next issuance is refused with 403 SIGNER_REVOKED (problem+json), and nothing is left pending', async () => {
    const res = await call(gw.url, 'POST', '/api/v1/diplomas', { key: key(compromised.name), json: bkaDiploma(P, 3) });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 403, code: 'SIGNER_REVOKED' });
    expect(res.body.detail).toMatch(/revoked/);
    const stored = await call(gw.url, 'GET', `/api/v1/diplomas/${encodeURIComponent(`BKA:${P}000003`)}`, { key: key(compromised.name) });
    expect(stored.status).toBe(404);
  });

  test('the API: the diploma committed before compromisedAt stays valid, the one after is not trustworthy (cache included)', async () => {
    const late = await waitFor('the revocation to reach the gateway', async () => {
      const v = await call(gw.url, 'GET', `/api/v1/verify/${after.documentHash}`);
      return v.body.valid === false ? v : undefined;
    }, 30_000);
    expect(late.body).toMatchObject({
      result: 'VALID', valid: false, reason: 'SIGNER_COMPROMISED',
      signer: { fingerprint: compromised.fingerprint(), status: 'COMPROMISED', compromisedAt: new Date(compromisedAt).toISOString() },
    });
    const early = await call(gw.url, 'GET', `/api/v1/verify/${before.documentHash}`);
    expect(early.body).toMatchObject({ result: 'VALID', valid: true, signer: { status: 'REVOKED_AFTER_SIGNING', compromisedAt: new Date(compromisedAt).toISOString() } });
    expect(early.body.reason).toBeUndefined();

    const postedLate = await call(gw.url, 'POST', '/api/v1/verify', { json: after.document });
    expect(postedLate.body).toMatchObject({ valid: false, reason: 'SIGNER_COMPROMISED', integrity: { ok: true }, signature: { ok: true, matchesLedger: true } });
    const postedEarly = await call(gw.url, 'POST', '/api/v1/verify', { json: before.document });
    expect(postedEarly.body).toMatchObject({ valid: true, signature: { ok: true, fingerprint: compromised.fingerprint(), matchesLedger: true } });
  });

  test('a document re-signed by another identity of the same institution is flagged: not the certificate the ledger recorded', async () => {
    const resigned = signDocument(before.document, { privateKeyPem: rotating.privateKeyPem(), certificatePem: rotating.certificatePem(), mspId: 'MinistryMSP' });
    const res = await call(gw.url, 'POST', '/api/v1/verify', { json: resigned });
    expect(res.body).toMatchObject({ valid: false, reason: 'SIGNER_MISMATCH', signature: { ok: true, chainsToTrustedCa: true, matchesLedger: false } });
  });

  test('the command line (scripts/vanbang verify) reports the same: exit 0 before, exit 1 after the compromise', async () => {
    const early = await cliVerify(saveDocument('before.json', before.document));
    expect(early.code).toBe(0);
    expect(early.out).toMatch(/Signer trust:\s+trusted \(its certificate was revoked later/);
    const late = await cliVerify(saveDocument('after.json', after.document));
    expect(late.code).toBe(1);
    expect(late.out).toMatch(/Ledger status: VALID/);
    expect(late.out).toMatch(/Signer trust:\s+NOT TRUSTED: recorded .*, after its signing key was compromised/);
    expect(late.out).toMatch(/Result:\s+NOT VALID/);
  });

  test('a new key after the compromise (npm run issuer:rotate-key): enrolled again, registered, and it issues again', async () => {
    const oldFingerprint = compromised.fingerprint();
    await afterEnrollmentMinute();
    const out = await npmScript(['issuer', 'rotate-key'], ['Ministry', compromised.name]);
    // The revoked certificate cannot authenticate a re-enrollment: the stored secret is used.
    expect(out).toMatch(/enrolling again with the stored secret/);
    expect(compromised.fingerprint()).not.toBe(oldFingerprint);
    expect(await reloadGatewayIdentities()).toContain(compromised.name);
    const next = await issue(compromised, 4);
    expect((await call(gw.url, 'GET', `/api/v1/verify/${next.documentHash}`)).body).toMatchObject({ valid: true, signer: { fingerprint: compromised.fingerprint(), status: 'TRUSTED' } });
    expect((await call(gw.url, 'GET', `/api/v1/verify/${before.documentHash}`)).body.valid).toBe(true);
    expect((await call(gw.url, 'GET', `/api/v1/verify/${after.documentHash}`)).body.valid).toBe(false);
  });
});

describe('key rotation of a sound identity', () => {
  test('a new key and certificate: registered as the rotation event, the old diploma still valid, the new one signed with the new certificate', async () => {
    const old = await issue(rotating, 10);
    const oldFingerprint = rotating.fingerprint();
    await afterEnrollmentMinute();
    const out = await npmScript(['issuer', 'rotate-key'], ['Ministry', rotating.name]);
    expect(out).toMatch(/registered for BKA/);
    expect(out).not.toMatch(/stored secret/); // re-enrolled with its still valid certificate
    const newFingerprint = rotating.fingerprint();
    expect(newFingerprint).not.toBe(oldFingerprint);

    const certificates = await call(gw.url, 'GET', '/api/v1/public/issuers/BKA/signing-certificates');
    const byFingerprint = new Map((certificates.body.certificates as { fingerprint: string; status: string }[]).map((c) => [c.fingerprint, c.status]));
    expect(byFingerprint.get(oldFingerprint)).toBe('ACTIVE');
    expect(byFingerprint.get(newFingerprint)).toBe('ACTIVE');
    const history = new LedgerClient(testProfile(), 'auditor');
    try {
      const h = await history.evaluate<{ history: { eventType: string; mspId: string; actorRole: string }[] }>('SigningCertificates:GetSigningCertificateHistory', { fingerprint: newFingerprint });
      expect(h.history.map((e) => [e.eventType, e.mspId, e.actorRole])).toEqual([['SigningCertificateRegistered', 'MinistryMSP', 'ministry-admin']]);
    } finally {
      history.close();
    }

    expect(await reloadGatewayIdentities()).toContain(rotating.name);
    const fresh = await issue(rotating, 11);
    expect(certificateIdentifiers(fresh.document.signature.certificatePem).fingerprint).toBe(newFingerprint);
    expect((await call(gw.url, 'GET', `/api/v1/verify/${fresh.documentHash}`)).body).toMatchObject({ valid: true, signer: { fingerprint: newFingerprint, status: 'TRUSTED' } });
    const oldCheck = await call(gw.url, 'POST', '/api/v1/verify', { json: old.document });
    expect(oldCheck.body).toMatchObject({ valid: true, signature: { ok: true, fingerprint: oldFingerprint, matchesLedger: true }, signer: { fingerprint: oldFingerprint, status: 'TRUSTED' } });
    expect((await cliVerify(saveDocument('rotated-old.json', old.document))).code).toBe(0);
  });
});
