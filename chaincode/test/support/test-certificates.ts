/**
 * Throw-away certificates like Fabric CA's: a P-256 CA and identities whose certificates carry
 * the Fabric attribute extension (1.2.3.4.5.6.7.8.1, JSON {"attrs": {...}}) that the chaincode reads.
 */
import 'reflect-metadata';
import { createHash, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
type Keys = webcrypto.CryptoKeyPair;

export interface TestCa {
  cert: x509.X509Certificate;
  keys: Keys;
}

const keyPair = async (): Promise<Keys> => (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as unknown as Keys;
let serial = 0x1f00;

export async function createTestCa(name = 'C=VN, ST=Hà Nội, O=Bộ Giáo dục và Đào tạo, CN=ca-ministry'): Promise<TestCa> {
  const keys = await keyPair();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: (serial++).toString(16).padStart(4, '0'), name, notBefore: new Date('2026-01-01'), notAfter: new Date('2041-01-01'), keys, signingAlgorithm: ALG,
    extensions: [new x509.BasicConstraintsExtension(true, 1, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
  });
  return { cert, keys };
}

export interface TestCertificate {
  pem: string;
  fingerprint: string;
  serialNumber: string;
}

/** An enrollment certificate with vanbang attributes, as Fabric CA issues one (subject: CN=<name>, OU=client, O=<institution>). */
export async function issueCertificate(ca: TestCa, opts: { name: string; attrs: Record<string, string>; institution?: string; serialNumber?: string }): Promise<TestCertificate> {
  const keys = await keyPair();
  const serialNumber = opts.serialNumber ?? `00c0ffee${(serial++).toString(16).padStart(6, '0')}`;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber,
    subject: [{ C: ['VN'] }, { O: [opts.institution ?? 'Đại học Bách khoa Hà Nội'] }, { OU: ['client'] }, { CN: [opts.name] }],
    issuer: ca.cert.subject, notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2027-01-01T00:00:00Z'),
    signingKey: ca.keys.privateKey, publicKey: keys.publicKey, signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.Extension('1.2.3.4.5.6.7.8.1', false, Buffer.from(JSON.stringify({ attrs: opts.attrs }))),
    ],
  });
  const pem = cert.toString('pem');
  return { pem, fingerprint: createHash('sha256').update(Buffer.from(cert.rawData)).digest('hex'), serialNumber: serialNumber.replace(/^0+/, '') };
}
