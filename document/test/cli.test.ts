import { execFile } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runCli, EXIT } from '../src/cli/main';
import { createDocument, type SignedDiplomaDocument } from '../src/document';
import { hideFields } from '../src/disclosure';
import { renderDiplomaPdf } from '../src/pdf/render';
import { signDocument } from '../src/signature';
import { BACHELOR } from './fixtures';
import { createTestCa, issueTestIdentity } from './test-pki';

jest.setTimeout(60000);
const dir = mkdtempSync(join(tmpdir(), 'vanbang-cli-'));
const file = (name: string, content: string | Uint8Array) => { const p = join(dir, name); writeFileSync(p, content); return p; };
let signed: SignedDiplomaDocument;
let caFile: string;
let otherCaFile: string;
let gateway: Server;
let gatewayUrl: string;
const ledger = new Map<string, string>();
const signers = new Map<string, { fingerprint: string; committedAt: string; status: string; compromisedAt: string | null }>();
const fingerprintOf = (pem: string) => createHash('sha256').update(new X509Certificate(pem).raw).digest('hex');

beforeAll(async () => {
  const ca = await createTestCa('HustOrg');
  const other = await createTestCa('OtherOrg');
  caFile = file('hust-ca.pem', ca.certificatePem);
  otherCaFile = file('other-ca.pem', other.certificatePem);
  signed = signDocument(createDocument(BACHELOR), { ...(await issueTestIdentity(ca, 'registrar')), mspId: 'HustMSP' }, { now: new Date('2024-07-05T08:00:00Z') });
  gateway = createServer((req, res) => {
    const hash = /^\/api\/v1\/verify\/([0-9a-f]{64})$/.exec(req.url ?? '')?.[1] ?? '';
    const status = ledger.get(hash) ?? 'NOT_FOUND';
    res.writeHead(status === 'NOT_FOUND' ? 404 : 200, { 'content-type': 'application/json' });
    // The gateway's answer names the status `result`; older gateways (and this double, by default) `status`.
    const signer = signers.get(hash);
    res.end(JSON.stringify(signer ? { documentHash: hash, result: status, valid: signer.status !== 'COMPROMISED', signer } : { documentHash: hash, status }));
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => gateway.close(() => resolve())));

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => { out += t; }, err: (t) => { err += t; }, env: {} });
  return { code, out, err };
}

describe('vanbang verify', () => {
  it('JSON with a VALID ledger status and the right CA: exit 0, prints hash, integrity, signature, status', async () => {
    ledger.set(signed.documentHash, 'VALID');
    const { code, out } = await run('verify', file('ok.json', JSON.stringify(signed)), '--gateway', gatewayUrl, '--ca', caFile);
    expect(code).toBe(EXIT.VALID);
    expect(out).toContain(`Document hash: ${signed.documentHash}`);
    expect(out).toMatch(/Integrity:\s+OK/);
    expect(out).toMatch(/Signature:\s+OK, signed .*issued by a trusted CA/);
    expect(out).toMatch(/Signed by:\s+HustOrg, certified by HustOrg/);
    expect(out).toMatch(/Certificate:\s+CN=registrar.*MSP HustMSP/);
    expect(out).toMatch(/Ledger status: VALID/);
    expect(out).toMatch(/Result:\s+VALID diploma/);
  });

  it('--json gives a machine-readable report; a CORRECTED diploma is still valid', async () => {
    ledger.set(signed.documentHash, 'CORRECTED');
    const { code, out } = await run('verify', file('ok2.json', JSON.stringify(signed)), '--gateway', gatewayUrl, '--json');
    const report = JSON.parse(out) as { verdict: string; documentHash: string; ledger: { status: string }; signature: { ok: boolean } };
    expect(code).toBe(EXIT.VALID);
    expect(report).toMatchObject({ verdict: 'VALID', documentHash: signed.documentHash, ledger: { status: 'CORRECTED' }, signature: { ok: true } });
  });

  it.each(['REVOKED', 'SUPERSEDED', 'NOT_FOUND'])('a %s diploma exits 1', async (status) => {
    ledger.set(signed.documentHash, status);
    const { code, out } = await run('verify', file(`s-${status}.json`, JSON.stringify(signed)), '--gateway', gatewayUrl);
    expect(code).toBe(EXIT.INVALID);
    expect(out).toContain(`Ledger status: ${status}`);
  });

  it('takes the gateway from VANBANG_GATEWAY_URL; without any gateway exits 3 (status unknown)', async () => {
    ledger.set(signed.documentHash, 'VALID');
    const path = file('env.json', JSON.stringify(signed));
    let out = '';
    const code = await runCli(['verify', path], { out: (t) => { out += t; }, err: () => undefined, env: { VANBANG_GATEWAY_URL: gatewayUrl } });
    expect(code).toBe(EXIT.VALID);
    expect(out).toMatch(/Ledger status: VALID/);
    const offline = await run('verify', path);
    expect(offline.code).toBe(EXIT.UNKNOWN);
    expect(offline.out).toMatch(/ledger status \(revocation\) is unknown/);
  });

  it('a PDF with hidden fields verifies; a signature from another organization fails the CA check', async () => {
    ledger.set(signed.documentHash, 'VALID');
    const pdf = file('hidden.pdf', await renderDiplomaPdf(hideFields(signed, ['ethnicity']), { verifyUrlBase: 'https://vanbang.vn/verify' }));
    const ok = await run('verify', pdf, '--gateway', gatewayUrl, '--ca', caFile);
    expect(ok.code).toBe(EXIT.VALID);
    expect(ok.out).toMatch(/hidden by the holder: ethnicity/);
    expect(ok.out).toMatch(/PDF content:\s+OK/);
    const wrongOrg = await run('verify', pdf, '--gateway', gatewayUrl, '--ca', otherCaFile);
    expect(wrongOrg.code).toBe(EXIT.INVALID);
    expect(wrongOrg.out).toMatch(/NOT issued by a trusted CA/);
  });

  describe('the signer the ledger recorded for the hash', () => {
    afterEach(() => signers.clear());
    const recorded = (status: string, fingerprint = fingerprintOf(signed.signature.certificatePem)) =>
      signers.set(signed.documentHash, { fingerprint, committedAt: '2026-07-01T08:00:00.000Z', status, compromisedAt: status === 'TRUSTED' ? null : '2026-07-01T07:00:00.000Z' });

    it('recorded after its key was compromised: exit 1, NOT TRUSTED with both times', async () => {
      ledger.set(signed.documentHash, 'VALID');
      recorded('COMPROMISED');
      const { code, out } = await run('verify', file('compromised.json', JSON.stringify(signed)), '--gateway', gatewayUrl);
      expect(code).toBe(EXIT.INVALID);
      expect(out).toMatch(/Ledger status: VALID/);
      expect(out).toMatch(/Signer trust:\s+NOT TRUSTED: recorded 2026-07-01T08:00:00.000Z, after its signing key was compromised \(2026-07-01T07:00:00.000Z\)/);
      expect(out).toMatch(/Result:\s+NOT VALID/);
    });

    it('recorded before the compromise (certificate revoked later): still valid, exit 0', async () => {
      ledger.set(signed.documentHash, 'VALID');
      recorded('REVOKED_AFTER_SIGNING');
      const { code, out } = await run('verify', file('before.json', JSON.stringify(signed)), '--gateway', gatewayUrl, '--json');
      expect(code).toBe(EXIT.VALID);
      expect(JSON.parse(out)).toMatchObject({ verdict: 'VALID', signer: { status: 'REVOKED_AFTER_SIGNING', matchesDocument: true } });
    });

    it('recorded by another certificate than the document\'s: exit 1', async () => {
      ledger.set(signed.documentHash, 'VALID');
      recorded('TRUSTED', 'ab'.repeat(32));
      const { code, out } = await run('verify', file('other-signer.json', JSON.stringify(signed)), '--gateway', gatewayUrl);
      expect(code).toBe(EXIT.INVALID);
      expect(out).toMatch(/Signer trust:\s+NOT the certificate that recorded this diploma on the ledger/);
    });
  });

  it('an altered value exits 1 with the mismatch explained', async () => {
    const altered = { ...signed, fields: { ...signed.fields, classification: { salt: signed.fields.classification?.salt, value: 'XUAT_SAC' } } };
    const { code, out } = await run('verify', file('altered.json', JSON.stringify(altered)), '--gateway', gatewayUrl);
    expect(code).toBe(EXIT.INVALID);
    expect(out).toMatch(/Integrity:\s+FAILED/);
    expect(out).toMatch(/documentHash does not match the content/);
  });

  it('bad input gives one clear message and exit 2, never a stack trace', async () => {
    const { salt: _s, ...noSalt } = signed.fields.ethnicity ?? { salt: '' };
    const big = join(dir, 'big.pdf');
    writeFileSync(big, '');
    truncateSync(big, 50 * 1024 * 1024);
    const cases: [string[], RegExp][] = [
      [['verify', file('junk.json', '{not json')], /neither a PDF nor valid UTF-8 JSON/],
      [['verify', file('v9.json', JSON.stringify({ ...signed, schemaVersion: 'vanbang-diploma-v9' }))], /unknown schemaVersion "vanbang-diploma-v9"/],
      [['verify', file('nosalt.json', JSON.stringify({ ...signed, fields: { ...signed.fields, ethnicity: noSalt } }))], /\/fields\/ethnicity\/salt: salt is required/],
      [['verify', file('badid.json', JSON.stringify({ ...signed, fields: { ...signed.fields, personalIdNumber: { salt: 'f'.repeat(32), value: '001312012345' } } }))], /personal ID number encodes birth year 2012/],
      [['verify', big], /is 50\.0 MB; a diploma file is at most 10 MB/],
      [['verify', join(dir, 'missing.json')], /cannot read .*missing\.json: ENOENT/],
      [['verify', file('fake.pdf', '%PDF-1.7 garbage')], /not a readable PDF/],
      [['verify', file('ok3.json', JSON.stringify(signed)), '--ca', file('notpem.pem', 'hello')], /holds no PEM certificate/],
      [['frobnicate'], /unknown command "frobnicate"/],
      [['verify'], /give exactly one file/],
      [['verify', 'x.json', '--gateway', 'ftp://x'], /must start with http/],
    ];
    for (const [argv, message] of cases) {
      const { code, err } = await run(...argv);
      expect({ argv, code }).toEqual({ argv, code: EXIT.USAGE });
      expect(err).toMatch(message);
      expect(err).not.toMatch(/\n\s+at /);
    }
  });

  it('scripts/vanbang runs the CLI end to end', async () => {
    const script = join(__dirname, '..', '..', 'scripts', 'vanbang');
    ledger.set(signed.documentHash, 'VALID');
    const result = await promisify(execFile)(script, ['verify', file('e2e.json', JSON.stringify(signed)), '--json', '--gateway', gatewayUrl])
      .then((r) => ({ code: 0, stdout: r.stdout }), (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }));
    expect(result.code).toBe(EXIT.VALID);
    expect(JSON.parse(result.stdout)).toMatchObject({ documentHash: signed.documentHash });
    const bad = await promisify(execFile)(script, ['verify', join(dir, 'nope.pdf')]).catch((e: { code: number; stderr: string }) => e);
    expect(bad).toMatchObject({ code: 2 });
    expect((bad as { stderr: string }).stderr).toMatch(/^vanbang: cannot read/);
  });
});
