// Issue 14 (names): the certificates of the real test network name the real organizations —
// country VN, legal names in Vietnamese, provinces — and an issuer's certificate names the
// institution it signs for. The names survive Fabric CA, Fabric's MSP (transactions by those
// identities commit), Node's X.509 parsing and OpenSSL, and the verifier, the PDF and the public
// API show them instead of MSP ids.
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { diplomaVisibleLines, extractDocumentFromPdf, type DiplomaDocument } from '../../document/src';
import { orgPaths, type ConnectionProfile, type NetworkContext } from '../../network/src';
import { caCert } from '../../network/src/ca';
import { bkaDiploma } from '../support/gateway-fixtures';
import { testContext, testProfile } from '../support/network';
import { call, enc, startTestGateway, type TestGateway } from './gateway-helpers';

let ctx: NetworkContext;
let profile: ConnectionProfile;
let gw: TestGateway;
const P = `N${Date.now().toString(36).toUpperCase().slice(-5)}`;

beforeAll(async () => {
  ctx = testContext();
  profile = testProfile();
  gw = await startTestGateway('gateway_names', { VANBANG_PUBLIC_RATE_LIMIT: '100000' });
});
afterAll(async () => {
  await gw?.close();
});

/** Subject or issuer as attribute → value (Node prints one attribute per line, UTF-8). */
function nameOf(text: string): Record<string, string> {
  return Object.fromEntries(text.split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
}
const cert = (file: string) => new X509Certificate(readFileSync(file));

describe('certificate subjects', () => {
  it('each organization\'s CA, nodes and admin carry C=VN, its legal name and its province', () => {
    for (const org of ctx.topology.organizations) {
      const ca = nameOf(cert(caCert(ctx.home, org)).subject);
      expect(ca).toMatchObject({ C: 'VN', O: org.displayName, ST: org.province, CN: `ca-${org.name.toLowerCase()}` });
      const p = orgPaths(ctx.home, org.name);
      const issued = [
        path.join(p.peer, 'tls', 'server.crt'),
        path.join(p.orderer, 'tls', 'server.crt'),
        ...['peer', 'orderer'].map((node) => path.join(node === 'peer' ? p.peer : p.orderer, 'msp', 'signcerts', 'cert.pem')),
        path.join(p.user('admin'), 'msp', 'signcerts', 'cert.pem'),
      ];
      for (const file of issued) {
        const c = cert(file);
        expect({ file, ...nameOf(c.subject) }).toMatchObject({ file, C: 'VN', O: org.displayName, ST: org.province });
        expect(c.issuer).toBe(cert(caCert(ctx.home, org)).subject);
      }
    }
    expect(ctx.topology.organizations.map((o) => o.displayName)).toEqual([
      'Bộ Giáo dục và Đào tạo', 'Sở Giáo dục và Đào tạo Hà Nội', 'Sở Giáo dục và Đào tạo TP. Hồ Chí Minh',
    ]);
  });

  it('an issuer\'s certificate names its institution and issuer code, certified by its host organization (as OpenSSL shows it)', () => {
    const bka = profile.identities.find((i) => i.name === 'bka-issuer')!;
    const c = cert(bka.certPath);
    expect(nameOf(c.subject)).toEqual({ C: 'VN', O: 'Đại học Bách khoa Hà Nội', OU: 'client', CN: 'bka-issuer', serialNumber: 'BKA' });
    expect(nameOf(c.issuer)).toMatchObject({ C: 'VN', O: 'Bộ Giáo dục và Đào tạo' });
    const openssl = execFileSync('openssl', ['x509', '-in', bka.certPath, '-noout', '-subject', '-issuer', '-nameopt', 'utf8,sep_comma_plus_space'], { encoding: 'utf8' });
    expect(openssl).toContain('subject=C=VN, O=Đại học Bách khoa Hà Nội, OU=client, CN=bka-issuer, serialNumber=BKA');
    expect(openssl).toContain('issuer=C=VN, ST=Hà Nội, O=Bộ Giáo dục và Đào tạo, CN=ca-ministry');
    const school = profile.identities.find((i) => i.name === 'hn-thpt-001-issuer')!;
    expect(nameOf(cert(school.certPath).subject)).toMatchObject({ O: 'Trường THPT Chu Văn An', serialNumber: 'HN-THPT-001' });
    expect(nameOf(cert(school.certPath).issuer)).toMatchObject({ O: 'Sở Giáo dục và Đào tạo Hà Nội', ST: 'Hà Nội' });
  });
});

describe('what verifiers are shown', () => {
  let issued: { id: string; documentHash: string };
  beforeAll(async () => {
    const res = await call(gw.url, 'POST', '/api/v1/diplomas', { key: gw.callers['bka-issuer']!.apiKey, json: bkaDiploma(P, 1) });
    expect(res.status).toBe(201); // Fabric's MSP accepted the UTF-8 subject: the transaction committed
    issued = res.body as { id: string; documentHash: string };
  });

  it('the document verifier names the institution and the organization that certified its key', async () => {
    const doc = await call(gw.url, 'GET', `/api/v1/diplomas/${enc(issued.id)}/document`, { key: gw.callers.auditor!.apiKey });
    expect(doc.status).toBe(200);
    const res = await call(gw.url, 'POST', '/api/v1/verify', { json: doc.body });
    expect(res.status).toBe(200);
    expect(res.body.signature).toMatchObject({
      ok: true, chainsToTrustedCa: true, signerOrganization: 'Đại học Bách khoa Hà Nội', signerIssuerCode: 'BKA', certifiedBy: 'Bộ Giáo dục và Đào tạo', mspId: 'MinistryMSP',
    });
  });

  it('the PDF prints who signed by name, not by MSP id, and still checks as unmodified', async () => {
    const res = await fetch(`${gw.url}/api/v1/diplomas/${enc(issued.id)}/pdf`, { headers: { authorization: `Bearer ${gw.callers.auditor!.apiKey}` } });
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    // The check re-renders the embedded document in the layout the PDF names and compares bytes, so
    // the PDF shows exactly the lines of that layout.
    const extracted = await extractDocumentFromPdf(bytes);
    expect(extracted).toMatchObject({ visibleContentMatches: true, problems: [] });
    expect((await PDFDocument.load(bytes, { updateMetadata: false })).getProducer()).toBe('vanbang-pdf-v2');
    const printed = diplomaVisibleLines(extracted.document as DiplomaDocument, 'x').map((l) => l.text).join('\n');
    expect(printed).toMatch(/^Ký số bởi: Đại học Bách khoa Hà Nội \(BKA\), chứng thư số do Bộ Giáo dục và Đào tạo cấp, lúc 20/m);
    expect(printed).not.toContain('MinistryMSP');
  });

  it('the public timeline, issuer and trust anchors carry the organizations\' legal names', async () => {
    const events = await call(gw.url, 'GET', `/api/v1/verify/${issued.documentHash}/events`);
    expect(events.body.events[0]).toMatchObject({ organization: 'MinistryMSP', organizationName: 'Bộ Giáo dục và Đào tạo' });
    const school = await call(gw.url, 'GET', '/api/v1/public/issuers/HN-THPT-001');
    expect(school.body).toMatchObject({ hostMsp: 'HanoiDoETMSP', hostOrganization: 'Sở Giáo dục và Đào tạo Hà Nội' });
    const anchors = await call(gw.url, 'GET', '/api/v1/public/trust-anchors');
    expect(anchors.body.organizations.map((o: { mspId: string; name: string }) => [o.mspId, o.name])).toEqual([
      ['HanoiDoETMSP', 'Sở Giáo dục và Đào tạo Hà Nội'], ['HcmcDoETMSP', 'Sở Giáo dục và Đào tạo TP. Hồ Chí Minh'], ['MinistryMSP', 'Bộ Giáo dục và Đào tạo'],
    ]);
  });
});
